"""Admin additions for content: the resource library's snippet screens and the review-date report."""

from django.urls import path, reverse
from django.utils import timezone

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import PageReportView
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import GuidancePage, Resource


class ResourceViewSet(SnippetViewSet):
    model = Resource
    icon = "folder-open-inverse"
    menu_label = "Managers' resources"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["title", "resource_type", "provider", "members_only", "updated_at"]
    list_filter = ["resource_type", "members_only", "audiences", "topics"]
    search_fields = ["title", "summary", "provider"]
    ordering = ["title"]


register_snippet(ResourceViewSet)


class ReviewOverdueReport(PageReportView):
    """Guidance pages whose next review date has passed, oldest first."""

    page_title = "Guidance past its review date"
    header_icon = "warning"
    index_url_name = "review_overdue_report"
    index_results_url_name = "review_overdue_report_results"
    results_template_name = "cms/reports/review_overdue_results.html"
    list_export = PageReportView.list_export + ["content_owner", "last_reviewed", "next_review_due"]
    export_headings = {**PageReportView.export_headings, "next_review_due": "Next review due"}

    def get_queryset(self):
        return (
            GuidancePage.objects.filter(next_review_due__lt=timezone.localdate())
            .select_related("owner", "locked_by", "latest_revision")
            .order_by("next_review_due", "title")
        )


@hooks.register("register_reports_menu_item")
def register_review_overdue_menu_item():
    return MenuItem(
        "Guidance past review date", reverse("review_overdue_report"), icon_name="warning", order=700
    )


@hooks.register("register_admin_urls")
def register_review_overdue_urls():
    return [
        path("reports/review-overdue/", ReviewOverdueReport.as_view(), name="review_overdue_report"),
        path(
            "reports/review-overdue/results/",
            ReviewOverdueReport.as_view(results_only=True),
            name="review_overdue_report_results",
        ),
    ]
