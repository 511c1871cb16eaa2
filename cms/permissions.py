"""Who may see what in the content apps: one function per kind of restricted object."""

from django.conf import settings


def is_manager(user) -> bool:
    """A signed-in member of the Managers group (staff count too, so editors can check their work)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    cached = getattr(user, "_portal_is_manager", None)
    if cached is None:
        cached = user.groups.filter(name=settings.PORTAL_MANAGERS_GROUP).exists()
        user._portal_is_manager = cached
    return cached


def can_view_members_resources(user) -> bool:
    """Resources marked 'signed-in managers only'."""
    return is_manager(user)
