"""Give Wagtail's Editors and Moderators the finder's snippets, after every migrate (and test flush).

Kept here rather than in cms/groups.py because cms must not know about pathways.
Editors may add and change steps, countries and nation support; moderators may also delete and publish.
Nobody gets permissions on plans or logs: those are people's own data, outside the admin.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

MODELS = ["pathwaystep", "country", "nationsupport"]


def grant_editorial_permissions(**kwargs):
    create_permissions(apps.get_app_config("pathways"), verbosity=0, using=kwargs.get("using", "default"))
    for name, actions in (
        ("Editors", ["add", "change", "view"]),
        ("Moderators", ["add", "change", "delete", "view", "publish"]),
    ):
        group, _ = Group.objects.get_or_create(name=name)
        codenames = [f"{action}_{model}" for model in MODELS for action in actions]
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="pathways", codename__in=codenames)
        )
