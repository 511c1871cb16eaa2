"""Editorial reports: pages due for review (moderators) and broken links (editors and moderators).

The review-date report: every page with review dates (cms.models.ReviewMixin: guidance and standard
pages) whose next review date has passed or, when asked, falls in the next 30 days; with who owns it,
both the team (the page's "content owner") and the Wagtail page owner, the account that is emailed the
review reminders (portal/review_reminders.py). One query lists them all, however many there are.

Moderators (Wagtail's group) review content and publish it, so the report is theirs, as the README
says; superusers see it too. A moderator is known by the power that makes one: publishing pages.
Everyone else on the admin, editors included, is refused its menu item (cms/wagtail_hooks.py), its
page, its results fragment and its downloads. Its CSV and XLSX carry page titles, content owners and
staff names typed by editors: portal.exports makes every cell formula-safe.
"""

from __future__ import annotations

import datetime
from functools import reduce
from operator import or_

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import cached_property

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import PageReportView, ReportView
from wagtail.models import Page, get_page_models
from wagtail.permissions import page_permission_policy

import django_filters

from .models import ExternalLink, ReviewMixin

#: The review windows the report offers; overdue is the default.
OVERDUE = ""
DUE_SOON = "due_soon"
ALL = "all"
DUE_SOON_DAYS = 30
REVIEW_FIELDS = ("content_owner", "last_reviewed", "next_review_due")


def can_see_review_report(user) -> bool:
    """A moderator: someone who may publish pages (Wagtail's Moderators group may, its Editors group
    may not; cms.groups), or a superuser. Asked through Wagtail's page permission policy, whose answer
    is cached on the user for the request (the admin menu asks it already), so no query is added."""
    return page_permission_policy.user_has_permission(user, "publish")


def review_page_tables() -> list[str]:
    """How Page reaches each table holding review dates: the query name of the link from Page to
    every page model that declares ReviewMixin's fields itself (a subclass of one of those keeps its
    review dates in its parent's table, so is covered by it)."""
    return [
        model._meta.get_ancestor_link(Page).related_query_name()
        for model in get_page_models()
        if issubclass(model, ReviewMixin) and model._meta.get_field("next_review_due").model is model
    ]


def pages_with_review_dates():
    """Every page with review dates, as plain Page objects annotated with the review fields
    (content_owner, last_reviewed, next_review_due) from whichever page table holds them: one query,
    with a left join per page type, rather than one per page or per type."""
    tables = review_page_tables()

    def from_any_table(field):
        columns = [F(f"{table}__{field}") for table in tables]
        return Coalesce(*columns) if len(columns) > 1 else columns[0]

    return (
        Page.objects.filter(reduce(or_, (Q(**{f"{table}__isnull": False}) for table in tables)))
        .annotate(**{field: from_any_table(field) for field in REVIEW_FIELDS})
        .select_related("owner", "locked_by", "content_type")
        # What Wagtail's own page listings add so that each row's status, schedule, workflow and
        # site-root marks are read from the listing rather than queried per page.
        .prefetch_workflow_states()
        .annotate_approved_schedule()
        .annotate_site_root_state()
    )


def in_review_window(queryset, window: str, today: datetime.date):
    """Pages past their review date (the default), due today or in the next DUE_SOON_DAYS days, or all."""
    if window == ALL:
        pass
    elif window == DUE_SOON:
        queryset = queryset.filter(
            next_review_due__gte=today, next_review_due__lte=today + datetime.timedelta(days=DUE_SOON_DAYS)
        )
    else:
        queryset = queryset.filter(next_review_due__lt=today)
    return queryset.order_by("next_review_due", "title", "pk")


class ReviewDueFilterSet(WagtailFilterSet):
    """The report's one filter, which window of review dates to list. The view applies the choice
    (ReviewOverdueReport.filter_queryset), so that an unknown choice lists the default window, not
    every page with review dates."""

    due = django_filters.ChoiceFilter(
        label="Review",
        choices=[
            (OVERDUE, "Past the review date"),
            (DUE_SOON, f"Due in the next {DUE_SOON_DAYS} days"),
            (ALL, "All pages with review dates"),
        ],
        empty_label=None,
    )
    owner = django_filters.ModelChoiceFilter(
        label="Page owner",
        queryset=lambda request: (
            get_user_model()
            .objects.filter(owned_pages__isnull=False)
            .distinct()
            .order_by("first_name", "last_name", "email")
        ),
        empty_label="Anyone",
    )

    class Meta:
        model = Page
        fields: list[str] = []


def owner_name(owner) -> str:
    """The page owner as the report shows them: full name, else email address (portal.User.__str__)."""
    return str(owner) if owner is not None else "No owner"


class ReviewOverdueReport(PageReportView):
    """Pages past their review date (oldest first), or due in the next 30 days, with their owners."""

    page_title = "Pages due for review"
    header_icon = "warning"
    index_url_name = "review_overdue_report"
    index_results_url_name = "review_overdue_report_results"
    results_template_name = "cms/reports/review_overdue_results.html"
    filterset_class = ReviewDueFilterSet
    export_filename = "pages-due-for-review"
    list_export = PageReportView.list_export + ["content_owner", "owner", "last_reviewed", "next_review_due"]
    export_headings = {
        **PageReportView.export_headings,
        "content_owner": "Content owner",
        "owner": "Page owner (sent the review reminders)",
        "last_reviewed": "Last reviewed",
        "next_review_due": "Next review due",
    }
    custom_field_preprocess = {
        "owner": {ReportView.FORMAT_CSV: owner_name, ReportView.FORMAT_XLSX: owner_name},
    }

    def dispatch(self, request, *args, **kwargs):
        # Refused as Wagtail refuses any admin view: a redirect to the dashboard with a message, or 403
        # to the results fragment's XMLHttpRequest (wagtail.admin.auth.require_admin_access).
        if not can_see_review_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def today(self) -> datetime.date:
        return timezone.localdate()

    def get_queryset(self):
        return pages_with_review_dates()

    @cached_property
    def review_window(self) -> str:
        if self.filters is not None and self.filters.is_valid():
            return self.filters.form.cleaned_data.get("due") or OVERDUE
        return OVERDUE

    def filter_queryset(self, queryset):
        queryset = in_review_window(queryset, self.review_window, self.today)
        if (
            self.filters is not None
            and self.filters.is_valid()
            and self.filters.form.cleaned_data.get("owner")
        ):
            queryset = queryset.filter(owner=self.filters.form.cleaned_data["owner"])
        return queryset

    def decorate_paginated_queryset(self, object_list):
        pages = list(object_list)
        for page in pages:
            page.days_until_review = (page.next_review_due - self.today).days
            page.days_overdue = max(0, -page.days_until_review)
        return pages

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["due_soon"] = self.review_window == DUE_SOON
        context["all_pages"] = self.review_window == ALL
        context["due_soon_days"] = DUE_SOON_DAYS
        return context


def can_see_link_report(user) -> bool:
    """Editors and moderators (anyone who may edit or publish pages), and superusers."""
    return page_permission_policy.user_has_any_permission(user, ["change", "publish"])


#: What the broken-links report lists: failing links (the default), or links moved for good.
BROKEN = ""
MOVED = "moved"


class BrokenLinksFilterSet(WagtailFilterSet):
    """The report's one filter; the view applies the choice, so an unknown one lists the broken links."""

    show = django_filters.ChoiceFilter(
        label="Show",
        choices=[(BROKEN, "Broken links"), (MOVED, "Links moved to a new address (update them)")],
        empty_label=None,
    )

    class Meta:
        model = ExternalLink
        fields: list[str] = []


class UsedOnColumn(Column):
    """The pages and snippets a link is on, each linked to its edit view."""

    cell_template_name = "cms/reports/broken_links_used_on.html"


class BrokenLinksReport(ReportView):
    """External links in published content that failed the last daily check (cms/links.py), the
    longest-failing first, with where each is used; or, when asked, those that moved for good."""

    page_title = "Broken links"
    header_icon = "link"
    index_url_name = "broken_links_report"
    index_results_url_name = "broken_links_report_results"
    filterset_class = BrokenLinksFilterSet
    export_filename = "broken-links"
    columns = [
        UsedOnColumn("usages", label="Used on"),
        Column("url", label="Link"),
        Column("result", label="Status"),
        Column("first_failed", label="First failed"),
        DateColumn("last_checked_at", label="Last checked"),
    ]
    list_export = [
        "used_on",
        "url",
        "status_code",
        "error",
        "redirect_status",
        "redirected_to",
        "first_failed_at",
        "last_checked_at",
    ]
    export_headings = {
        "used_on": "Used on",
        "url": "Link",
        "status_code": "Status code",
        "error": "Error",
        "redirect_status": "Redirect status",
        "redirected_to": "Redirected to",
        "first_failed_at": "First failed",
        "last_checked_at": "Last checked",
    }

    def dispatch(self, request, *args, **kwargs):
        if not can_see_link_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def showing(self) -> str:
        if self.filters is not None and self.filters.is_valid():
            return self.filters.form.cleaned_data.get("show") or BROKEN
        return BROKEN

    def get_queryset(self):
        return ExternalLink.objects.all()

    def filter_queryset(self, queryset):
        if self.showing == MOVED:
            return queryset.filter(redirect_status__in=ExternalLink.MOVED_FOR_GOOD).order_by("url")
        return queryset.filter(ok=False).order_by("first_failed_at", "url")
