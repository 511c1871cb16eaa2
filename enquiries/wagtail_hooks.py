"""The adviser workspace in the Wagtail admin.

- An "Enquiries" menu with the six inboxes, each with its count (one query for all of them), and the
  adviser's own availability switch.
- /admin/enquiries/ : the inboxes (a ModelViewSet whose index view starts from the visibility
  selector; enquiries are never added, edited or deleted here: they come from the public form and
  change only through the workspace's actions) and /admin/enquiries/<pk>/, the enquiry page.
- "Enquiry setup" snippets: canned responses (advisers may read them; team leads edit them), teams,
  routing rules, team members and advisers' capacity (team leads only, through group permissions).
- Each setup snippet's chooser (/admin/snippets/choose/enquiries/<model>/) asks for the same
  permission as its listing (portal.choosers): Wagtail's own choosers check none, so any member of
  staff could otherwise list the suppressed addresses or the team members through them.
- /admin/enquiries/reports/ (register_admin_urls): the enquiry reports, with a "Reports" menu item for
  those reports.report_access allows; reporting leads are a snippet for superusers.

No listing here is searched by email address: Wagtail's searches are GET forms, so the address would
go into the URL. The suppressed addresses are checked with a POSTed form instead
(enquiries.workspace.suppressions); staff listings are searched by name only.
"""

from __future__ import annotations

from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet

from enquiries import selectors
from enquiries.mail.dead_letters import can_see_dead_letters
from enquiries.models import (
    Enquiry,
)
from enquiries.reports import views as reports_views
from enquiries.reports.access import report_access_for
from enquiries.workspace.delivery_views import DeadLetterListView, DeadLetterRetryView, dead_letters_panel_for
from enquiries.workspace.held_email_views import InboundDetailView, InboundListView
from enquiries.workspace.inbox import InboxIndexView
from enquiries.workspace.setup import EnquirySetupGroup
from enquiries.workspace.views import (
    URL_NAMESPACE,
    AvailabilityView,
    EnquiryWorkspaceView,
    inbox_counts_for,
    inbox_url_name,
    uses_workspace,
)

# --------------------------------------------------------------------------------------------------
# The inboxes and the enquiry page
# --------------------------------------------------------------------------------------------------


class EnquiryURLFinder(ModelAdminURLFinder):
    """Wagtail's "edit this object" links (history, search results) go to the enquiry page."""

    edit_url_name = f"{URL_NAMESPACE}:workspace"

    def get_edit_url(self, instance):
        if (
            self.user is not None
            and not selectors.enquiries_for_staff(self.user).filter(pk=instance.pk).exists()
        ):
            return None
        return self.construct_edit_url(instance)


class EnquiryViewSet(ModelViewSet):
    model = Enquiry
    name = "enquiries"  # the URL prefix: /admin/enquiries/ (the emails link there)
    url_namespace = URL_NAMESPACE  # not "enquiries": that is the public views' namespace
    icon = "mail"
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = InboxIndexView
    url_finder_class = EnquiryURLFinder
    list_per_page = 25

    # None of the generic create/edit/delete/history screens exist for enquiries.
    NO_GENERIC_VIEWS = {
        "add_url_name": None,
        "edit_url_name": None,
        "delete_url_name": None,
        "history_url_name": None,
        "usage_url_name": None,
        "copy_url_name": None,
        "inspect_url_name": None,
    }

    def get_permissions_to_register(self):
        # All of them, "view" included: the Advisers group needs it and it is editable in Groups.
        from django.contrib.auth.models import Permission
        from django.contrib.contenttypes.models import ContentType

        return Permission.objects.filter(content_type=ContentType.objects.get_for_model(Enquiry))

    def inbox_view(self, slug: str, *, results_only: bool = False):
        url_name = inbox_url_name(slug)
        return self.construct_view(
            InboxIndexView,
            **self.get_index_view_kwargs(),
            **self.NO_GENERIC_VIEWS,
            inbox=slug,
            index_url_name=url_name,
            index_results_url_name=f"{url_name}_results",
            results_only=results_only,
        )

    def get_urlpatterns(self):
        patterns = []
        for slug in selectors.INBOXES:
            prefix = "" if slug == "mine" else f"{slug}/"
            name = inbox_url_name(slug).split(":", 1)[1]
            patterns += [
                path(prefix, self.inbox_view(slug), name=name),
                path(f"{prefix}results/", self.inbox_view(slug, results_only=True), name=f"{name}_results"),
            ]
        patterns += [
            path("<int:pk>/", EnquiryWorkspaceView.as_view(), name="workspace"),
            path("availability/", AvailabilityView.as_view(), name="availability"),
            path("inbound/", InboundListView.as_view(), name="inbound"),
            path("inbound/<int:pk>/", InboundDetailView.as_view(), name="inbound_detail"),
            path("dead-letters/", DeadLetterListView.as_view(), name="dead_letters"),
            path("dead-letters/<int:pk>/retry/", DeadLetterRetryView.as_view(), name="dead_letter_retry"),
        ]
        return patterns


@hooks.register("register_admin_viewset")
def register_enquiry_viewset():
    return EnquiryViewSet()


class WorkspaceMenuItem(MenuItem):
    """An item of the Enquiries menu, shown only to advisers and team leads."""

    def is_shown(self, request):
        return uses_workspace(request)


class InboxMenuItem(WorkspaceMenuItem):
    """An inbox, with how many enquiries it holds in its label."""

    def __init__(self, slug: str, **kwargs):
        self.slug = slug
        super().__init__(selectors.INBOXES[slug], url="", name=f"enquiries-{slug}", **kwargs)

    def render_component(self, request):
        count = inbox_counts_for(request)[self.slug]
        return LinkMenuItem(
            self.name,
            f"{self.label} ({count})",
            reverse(inbox_url_name(self.slug)),
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


class LazyURLMenuItem(WorkspaceMenuItem):
    def __init__(self, label, url_name, **kwargs):
        self.url_name = url_name
        super().__init__(label, url="", **kwargs)

    def render_component(self, request):
        self.url = reverse(self.url_name)
        return super().render_component(request)


class DeadLettersMenuItem(LazyURLMenuItem):
    """The emails that could not be sent: for team leads and superusers only."""

    def is_shown(self, request):
        return can_see_dead_letters(request.user)


class ReportsMenuItem(LazyURLMenuItem):
    """The enquiry reports: for team leads, reporting leads and superusers (reports.report_access)."""

    def is_shown(self, request):
        return report_access_for(request) is not None


INBOX_ICONS = {
    "mine": "user",
    "unassigned": "group",
    "all": "list-ul",
    "due-soon": "time",
    "overdue": "warning",
    "awaiting": "comment",
}


@hooks.register("register_admin_menu_item")
def register_enquiries_menu():
    items = [
        InboxMenuItem(slug, icon_name=INBOX_ICONS[slug], order=order)
        for order, slug in enumerate(selectors.INBOXES, start=1)
    ]
    items.append(
        LazyURLMenuItem(
            "Inbound email",
            f"{URL_NAMESPACE}:inbound",
            name="enquiries-inbound",
            icon_name="mail",
            order=90,
        )
    )
    items.append(
        DeadLettersMenuItem(
            "Emails not sent",
            f"{URL_NAMESPACE}:dead_letters",
            name="enquiries-dead-letters",
            icon_name="warning",
            order=95,
        )
    )
    items.append(
        ReportsMenuItem(
            "Reports",
            reports_views.INDEX_URL_NAME,
            name="enquiries-reports",
            icon_name="table",
            order=98,
        )
    )
    items.append(
        LazyURLMenuItem(
            "My availability",
            f"{URL_NAMESPACE}:availability",
            name="enquiries-availability",
            icon_name="calendar-check",
            order=100,
        )
    )
    return SubmenuMenuItem("Enquiries", Menu(items=items), name="enquiries", icon_name="mail", order=150)


@hooks.register("register_admin_urls")
def register_report_urls():
    """/admin/enquiries/reports/ and its CSV: figures only, for those report_access allows."""
    return [
        path("enquiries/reports/", include((reports_views.urlpatterns, reports_views.URL_NAMESPACE))),
    ]


@hooks.register("construct_homepage_panels")
def add_dead_letters_panel(request, panels):
    """Team leads and superusers see on the dashboard how many emails could not be sent."""
    panel = dead_letters_panel_for(request)
    if panel is not None:
        panels.append(panel)


# --------------------------------------------------------------------------------------------------
# Enquiry setup: canned responses, teams, routing rules, members, advisers' capacity
# --------------------------------------------------------------------------------------------------


register_snippet(EnquirySetupGroup)
