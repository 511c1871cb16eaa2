"""Admin additions for content: the resource library's snippet screens, the review-date report
(cms.reports: its menu item and addresses, for moderators and superusers only) and the broken-links
report (for editors, moderators and superusers)."""

from django.http import Http404
from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import BaseViewRestriction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Resource
from .reports import BrokenLinksReport, ReviewOverdueReport, can_see_link_report, can_see_review_report


class ResourceViewSet(SnippetViewSet):
    model = Resource
    icon = "folder-open-inverse"
    menu_label = "Managers' resources"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["title", "resource_type", "provider", "members_only", "updated_at"]
    list_filter = ["resource_type", "members_only", "audiences", "topics"]
    search_fields = ["title", "summary", "provider"]
    # Searched with the database (icontains), not the search index: the index holds neither every field
    # listed nor the listing's sort fields, and searching there answered 500 (SearchFieldError).
    search_backend_name = None
    ordering = ["title"]


register_snippet(ResourceViewSet)


class ReviewOverdueMenuItem(MenuItem):
    """Shown only to those the report answers: moderators and superusers (cms.reports)."""

    def is_shown(self, request):
        return can_see_review_report(request.user)


@hooks.register("register_reports_menu_item")
def register_review_overdue_menu_item():
    return ReviewOverdueMenuItem(
        "Pages due for review", reverse("review_overdue_report"), icon_name="warning", order=700
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


class BrokenLinksMenuItem(MenuItem):
    """Shown only to those the report answers: editors, moderators and superusers (cms.reports)."""

    def is_shown(self, request):
        return can_see_link_report(request.user)


@hooks.register("register_reports_menu_item")
def register_broken_links_menu_item():
    return BrokenLinksMenuItem("Broken links", reverse("broken_links_report"), icon_name="link", order=710)


@hooks.register("register_admin_urls")
def register_broken_links_urls():
    return [
        path("reports/broken-links/", BrokenLinksReport.as_view(), name="broken_links_report"),
        path(
            "reports/broken-links/results/",
            BrokenLinksReport.as_view(results_only=True),
            name="broken_links_report_results",
        ),
    ]


# --- Restricted pages and documents for people already signed in ---------------------------------
# Wagtail answers a failed "signed-in people" or "these groups" restriction by sending the reader to
# the sign-in page. Someone already signed in (a returnee on a managers-only page) would be sent straight
# back by allauth, and again: a redirect loop. These hooks run first and answer 404 instead, as every
# other read a person may not make does. Anonymous readers still go to the sign-in page.
_SIGN_IN_RESTRICTIONS = (BaseViewRestriction.LOGIN, BaseViewRestriction.GROUPS)


def _refused_although_signed_in(get_restrictions, request) -> bool:
    """Anonymous readers cost no query here: the restrictions are looked up only for a signed-in one."""
    if not request.user.is_authenticated:
        return False
    return any(
        r.restriction_type in _SIGN_IN_RESTRICTIONS and not r.accept_request(request)
        for r in get_restrictions()
    )


@hooks.register("before_serve_page", order=-100)
def signed_in_reader_without_access_to_a_page(page, request, serve_args, serve_kwargs):
    if _refused_although_signed_in(page.get_view_restrictions, request):
        raise Http404("Not available to this account")


@hooks.register("before_serve_document", order=-100)
def signed_in_reader_without_access_to_a_document(document, request):
    if _refused_although_signed_in(document.collection.get_view_restrictions, request):
        raise Http404("Not available to this account")


@hooks.register("register_rich_text_features", order=100)
def resolve_page_links_without_specific_pages(features):
    """Replaces Wagtail's page link handler (registered at order 0) with cms.rendering's, which finds
    a link's address from the base page, for a whole body in one query."""
    from .rendering import PageLinkHandler

    features.register_link_type(PageLinkHandler)
