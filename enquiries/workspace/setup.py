"""The "Enquiry setup" snippets of the Wagtail admin: canned responses (advisers read them; team leads
edit them), teams, routing rules, team members, advisers' capacity, suppressed addresses and reporting
leads. Registered as one menu group by enquiries/wagtail_hooks.py.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.urls import path, reverse
from django.utils.functional import cached_property

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from enquiries.models import (
    AdviserProfile,
    CannedResponse,
    ReportingLead,
    RoutingRule,
    Suppression,
    Team,
    TeamMembership,
)
from enquiries.workspace.suppressions import SuppressionCheckView
from portal.choosers import ListingPermissionChooserViewSet


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
