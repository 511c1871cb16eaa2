"""Editorial reports: guidance past its review date (moderators) and broken links (editors and moderators).

The review-date report: guidance pages whose next review date has passed, for moderators.

Moderators (Wagtail's group) review content and publish it, so the report is theirs, as the README
says; superusers see it too. A moderator is known by the power that makes one: publishing pages.
Everyone else on the admin, editors included, is refused its menu item (cms/wagtail_hooks.py), its
page, its results fragment and its downloads. Its CSV and XLSX carry page titles and content owners
typed by editors: portal.exports makes every cell formula-safe.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import PageReportView, ReportView
from wagtail.permissions import page_permission_policy

from .models import ExternalLink, GuidancePage


def can_see_review_report(user) -> bool:
    """A moderator: someone who may publish pages (Wagtail's Moderators group may, its Editors group
    may not; cms.groups), or a superuser. Asked through Wagtail's page permission policy, whose answer
    is cached on the user for the request (the admin menu asks it already), so no query is added."""
    return page_permission_policy.user_has_permission(user, "publish")


class ReviewOverdueReport(PageReportView):
    """Guidance pages whose next review date has passed, oldest first."""

    page_title = "Guidance past its review date"
    header_icon = "warning"
    index_url_name = "review_overdue_report"
    index_results_url_name = "review_overdue_report_results"
    results_template_name = "cms/reports/review_overdue_results.html"
    list_export = PageReportView.list_export + ["content_owner", "owner", "last_reviewed", "next_review_due"]
    export_headings = {
        **PageReportView.export_headings,
        "owner": "Page owner (sent the review reminders)",
        "next_review_due": "Next review due",
    }

    def dispatch(self, request, *args, **kwargs):
        # Refused as Wagtail refuses any admin view: a redirect to the dashboard with a message, or 403
        # to the results fragment's XMLHttpRequest (wagtail.admin.auth.require_admin_access).
        if not can_see_review_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return (
            GuidancePage.objects.filter(next_review_due__lt=timezone.localdate())
            .select_related("owner", "locked_by", "latest_revision")
            .order_by("next_review_due", "title")
        )


def can_see_link_report(user) -> bool:
    """Editors and moderators (anyone who may edit or publish pages), and superusers."""
    return page_permission_policy.user_has_any_permission(user, ["change", "publish"])


class BrokenLinksReport(ReportView):
    """External links in published content that failed the last daily check (cms/links.py), the
    longest-failing first, with where each is used."""

    page_title = "Broken links"
    header_icon = "link"
    index_url_name = "broken_links_report"
    index_results_url_name = "broken_links_report_results"
    columns = [
        Column("used_on", label="Used on"),
        Column("url", label="Link"),
        Column("result", label="Status"),
        DateColumn("first_failed_at", label="First failed"),
        DateColumn("last_checked_at", label="Last checked"),
    ]
    list_export = ["used_on", "url", "status_code", "error", "first_failed_at", "last_checked_at"]
    export_headings = {
        "used_on": "Used on",
        "url": "Link",
        "status_code": "Status code",
        "error": "Error",
        "first_failed_at": "First failed",
        "last_checked_at": "Last checked",
    }

    def dispatch(self, request, *args, **kwargs):
        if not can_see_link_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return ExternalLink.objects.filter(ok=False).order_by("first_failed_at", "url")
