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
(admin_views.SuppressionCheckView); staff listings are searched by name only.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.urls import include, path, reverse
from django.utils.functional import cached_property

from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.sidebar import LinkMenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from enquiries import selectors
from enquiries.mail.dead_letters import can_see_dead_letters
from enquiries.models import (
    AdviserProfile,
    CannedResponse,
    Enquiry,
    ReportingLead,
    RoutingRule,
    Suppression,
    Team,
    TeamMembership,
)
from enquiries.reports import views as reports_views
from enquiries.reports.figures import report_access_for
from enquiries.workspace.delivery_views import DeadLetterListView, DeadLetterRetryView, dead_letters_panel_for
from enquiries.workspace.held_email_views import InboundDetailView, InboundListView
from enquiries.workspace.views import (
    URL_NAMESPACE,
    AvailabilityView,
    EnquiryWorkspaceView,
    InboxIndexView,
    SuppressionCheckView,
    inbox_counts_for,
    inbox_url_name,
    uses_workspace,
)
from portal.choosers import ListingPermissionChooserViewSet

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


class EnquirySetupViewSet(SnippetViewSet):
    """An "Enquiry setup" snippet: its chooser answers only those its listing does."""

    chooser_viewset_class = ListingPermissionChooserViewSet


class CannedResponseViewSet(EnquirySetupViewSet):
    model = CannedResponse
    icon = "openquote"
    menu_label = "Canned responses"
    list_display = ["title", "team", "is_active", "updated_at"]
    list_filter = ["team", "is_active"]
    search_fields = ["title", "body"]
    search_backend_name = None
    ordering = ["title"]


class TeamForm(WagtailAdminModelForm):
    """Exactly one team takes the enquiries no rule matches."""

    def clean_is_fallback(self):
        is_fallback = self.cleaned_data["is_fallback"]
        others = Team.objects.filter(is_fallback=True).exclude(pk=self.instance.pk)
        if is_fallback and others.exists():
            raise forms.ValidationError(
                f"{others.first().name} already takes unmatched enquiries. Untick it there first."
            )
        if not is_fallback and self.instance.pk and self.instance.is_fallback:
            raise forms.ValidationError(
                "Unmatched enquiries would have nowhere to go. Make another team the fallback first."
            )
        return is_fallback


class TeamViewSet(EnquirySetupViewSet):
    model = Team
    icon = "group"
    menu_label = "Teams"
    list_display = ["name", "email", "is_fallback"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["name"]
    edit_handler = ObjectList(
        [FieldPanel("name"), FieldPanel("slug"), FieldPanel("email"), FieldPanel("is_fallback")],
        base_form_class=TeamForm,
    )


class RoutingRuleViewSet(EnquirySetupViewSet):
    model = RoutingRule
    icon = "redirect"
    menu_label = "Routing rules"
    list_display = ["order", "name", "pathway", "nation", "topic", "team", "is_active"]
    list_filter = ["team", "pathway", "nation", "is_active"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["order", "pk"]


class StaffUserFormMixin:
    """Offer only staff accounts (not the public's) when choosing a person."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(is_staff=True, is_active=True)
        self.fields["user"].label_from_instance = lambda user: (
            f"{user.get_full_name() or user.email} <{user.email}>"
        )


class TeamMembershipForm(StaffUserFormMixin, WagtailAdminModelForm):
    pass


class AdviserProfileForm(StaffUserFormMixin, WagtailAdminModelForm):
    pass


class TeamMembershipViewSet(EnquirySetupViewSet):
    model = TeamMembership
    icon = "user"
    menu_label = "Team members"
    list_display = ["user", "team", "is_lead"]
    list_filter = ["team", "is_lead"]
    search_fields = ["user__first_name", "user__last_name"]  # not the email: see the module docstring
    search_backend_name = None
    ordering = ["team__name", "user__email"]
    edit_handler = ObjectList(
        [FieldPanel("team"), FieldPanel("user", widget=forms.Select), FieldPanel("is_lead")],
        base_form_class=TeamMembershipForm,
    )


class AdviserProfileViewSet(EnquirySetupViewSet):
    model = AdviserProfile
    icon = "calendar-check"
    menu_label = "Advisers' capacity"
    list_display = ["user", "capacity", "is_away"]
    list_filter = ["is_away"]
    search_fields = ["user__first_name", "user__last_name"]  # not the email: see the module docstring
    search_backend_name = None
    ordering = ["user__email"]
    edit_handler = ObjectList(
        [FieldPanel("user", widget=forms.Select), FieldPanel("capacity"), FieldPanel("is_away")],
        base_form_class=AdviserProfileForm,
    )


class SuppressionForm(WagtailAdminModelForm):
    """A team lead adds an address by hand (reason: added by staff). Addresses are kept in lower case,
    so 'Sam@Example.org' is the same address as 'sam@example.org'."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.instance.reason = Suppression.Reason.MANUAL
        self.fields["email"].label = "Email address"
        self.fields["email"].help_text = "We will send no more email to this address until it is lifted."
        self.fields["detail"].label = "Why (optional)"
        self.fields["detail"].help_text = "For example: 'Asked us by phone to stop emailing, 3 March'."

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if Suppression.objects.filter(email=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("This address is already on the suppressed list.")
        return email


class SuppressionIndexView(SnippetIndexView):
    """The suppressed addresses, with an "Is this address suppressed?" button in place of a search."""

    check_url_name = None

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.check_url_name:
            buttons.append(
                HeaderButton(
                    "Is this address suppressed?", url=reverse(self.check_url_name), icon_name="search"
                )
            )
        return buttons


class SuppressionViewSet(EnquirySetupViewSet):
    """Addresses we do not email: hard bounces and spam complaints (added by the tracking webhook) and
    any a team lead adds. Deleting one lifts it. Team leads may list, add and lift (no editing).

    The listing has no search (it would put the address in the URL); "Is this address suppressed?"
    (check/) answers a POSTed address on the page instead."""

    model = Suppression
    icon = "cross"
    menu_label = "Suppressed addresses"
    list_display = ["email", "reason", "detail", "created_at"]
    list_filter = ["reason"]
    search_fields = None
    search_backend_name = None
    ordering = ["-created_at"]
    inspect_view_enabled = True
    copy_view_enabled = False
    index_view_class = SuppressionIndexView
    create_template_name = "enquiries/admin/suppression_create.html"
    edit_handler = ObjectList([FieldPanel("email"), FieldPanel("detail")], base_form_class=SuppressionForm)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(check_url_name=self.get_url_name("check"), **kwargs)

    @property
    def check_view(self):
        return self.construct_view(
            SuppressionCheckView,
            permission_policy=self.permission_policy,
            index_url_name=self.get_url_name("list"),
            inspect_url_name=self.get_url_name("inspect"),
            delete_url_name=self.get_url_name("delete"),
        )

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("check/", self.check_view, name="check")]


class ReportingLeadForm(StaffUserFormMixin, WagtailAdminModelForm):
    pass


class ReportingLeadViewSet(EnquirySetupViewSet):
    """National and regional leads who may see the enquiry reports for some nations (superusers only:
    no group is given these permissions). Team leads see their own teams' figures without one."""

    model = ReportingLead
    icon = "table"
    menu_label = "Reporting leads"
    list_display = [
        "user",
        Column(
            "nations",
            label="Nations",
            accessor=lambda lead: ", ".join(nation.name for nation in lead.nations.all()) or "All nations",
        ),
    ]
    search_fields = ["user__first_name", "user__last_name"]  # not the email: see the module docstring
    search_backend_name = None
    ordering = ["user__email"]
    edit_handler = ObjectList(
        [
            FieldPanel("user", widget=forms.Select),
            FieldPanel("nations", widget=forms.CheckboxSelectMultiple),
        ],
        base_form_class=ReportingLeadForm,
    )

    def get_queryset(self, request):
        return ReportingLead.objects.select_related("user").prefetch_related("nations")


class EnquirySetupGroup(SnippetViewSetGroup):
    items = (
        CannedResponseViewSet,
        TeamViewSet,
        RoutingRuleViewSet,
        TeamMembershipViewSet,
        AdviserProfileViewSet,
        SuppressionViewSet,
        ReportingLeadViewSet,
    )
    menu_icon = "cogs"
    menu_label = "Enquiry setup"
    menu_name = "enquiry-setup"
    menu_order = 160
    add_to_admin_menu = True


register_snippet(EnquirySetupGroup)
