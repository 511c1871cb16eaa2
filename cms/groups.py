"""The editorial groups and their permissions, made after every migrate (and after a test flush).

Wagtail's own migrations make the Editors and Moderators groups with page permissions and the
"Moderators approval" workflow; this adds what the portal's snippets need and the Managers group.
"""

from django.apps import apps as django_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from wagtail.snippets.models import create_extra_permissions

EDITOR_SNIPPET_PERMISSIONS = {
    "cms": ["resource", "topic"],
    "casestudies": [],
}
MODERATOR_SNIPPET_PERMISSIONS = {
    "cms": ["resource", "topic", "audience", "nation", "pathway"],
}


def _perms(app_label, models, actions):
    codenames = [f"{action}_{model}" for model in models for action in actions]
    return Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)


def ensure_editorial_groups(**kwargs):
    # cms is listed before django.contrib.auth, so on a fresh database this handler runs before auth
    # has made the permissions for the apps below: make them first (idempotent).
    for app_label in {*EDITOR_SNIPPET_PERMISSIONS, *MODERATOR_SNIPPET_PERMISSIONS, "wagtailadmin"}:
        create_permissions(django_apps.get_app_config(app_label), verbosity=0)
    # Likewise Wagtail's "publish" permissions for draftable snippets (Resource).
    create_extra_permissions(django_apps.get_app_config("wagtailsnippets"))
    editors, _ = Group.objects.get_or_create(name="Editors")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    Group.objects.get_or_create(name="Managers")
    access_admin = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    editors.permissions.add(*access_admin)
    moderators.permissions.add(*access_admin)
    for app_label, models in EDITOR_SNIPPET_PERMISSIONS.items():
        editors.permissions.add(*_perms(app_label, models, ["add", "change", "view"]))
    for app_label, models in MODERATOR_SNIPPET_PERMISSIONS.items():
        moderators.permissions.add(*_perms(app_label, models, ["add", "change", "delete", "view", "publish"]))
