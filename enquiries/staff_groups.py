"""The workspace's two groups (Advisers, Team leads) and their permissions, made after every migrate
(enquiries.apps connects staff_groups_ensure to post_migrate). Seeing an enquiry also needs team
membership: see selectors."""

from __future__ import annotations

#: Permissions of the workspace's groups: app label -> model -> actions.
ADVISER_PERMISSIONS = {
    "wagtailadmin": {"admin": ["access"]},
    "enquiries": {"enquiry": ["view", "change"], "cannedresponse": ["view"]},
}
TEAM_LEAD_PERMISSIONS = {
    "wagtailadmin": {"admin": ["access"]},
    "enquiries": {
        "enquiry": ["view", "change"],
        "cannedresponse": ["add", "change", "delete", "view"],
        "team": ["add", "change", "delete", "view"],
        "routingrule": ["add", "change", "delete", "view"],
        "teammembership": ["add", "change", "delete", "view"],
        "adviserprofile": ["add", "change", "delete", "view"],
        # The suppressed addresses: list, add by hand, delete (= lift the block); never edit.
        "suppression": ["add", "delete", "view"],
    },
}


def staff_groups_ensure(**kwargs) -> None:
    """Make the Advisers and Team leads groups with their permissions; safe to run again (it runs after
    every migrate and test flush). Seeing an enquiry also needs team membership: see selectors."""
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    from enquiries.selectors import ADVISERS_GROUP, TEAM_LEADS_GROUP

    def permissions(spec):
        wanted = Q(pk__in=[])
        for app_label, models in spec.items():
            for model, actions in models.items():
                codenames = ["access_admin"] if model == "admin" else [f"{a}_{model}" for a in actions]
                wanted |= Q(content_type__app_label=app_label, codename__in=codenames)
        return Permission.objects.filter(wanted)

    for name, spec in ((ADVISERS_GROUP, ADVISER_PERMISSIONS), (TEAM_LEADS_GROUP, TEAM_LEAD_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions(spec))
