"""Site-wide views: robots.txt, error pages. (The health checks are in portal/health.py.)"""

from django.http import HttpResponse
from django.template.loader import get_template
from django.urls import reverse
from django.views.decorators.http import require_GET

from wagtail.admin.auth import permission_denied, require_admin_access


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /my-enquiries/",
        "Disallow: /my-plan/",
        "Disallow: /get-help/sent/",
        "Disallow: /attachments/",
        "Disallow: /search/",
        "Disallow: /documents/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def managers_of_search_promotions_only(view):
    """Wagtail's chooser of search terms (/admin/searchpicks/queries/chooser/) lists what the public
    typed into site search, which can hold names and addresses, to every member of staff. Only those
    who manage search promotions (the people it exists for) may open it; others are refused as
    Wagtail refuses them elsewhere. Mounted before Wagtail's admin URLs, so it carries the admin's own
    `require_admin_access` (anonymous people are sent to sign in) as every admin URL does."""

    @require_admin_access
    def guarded(request, *args, **kwargs):
        user = request.user
        if not any(
            user.has_perm(f"wagtailsearchpromotions.{action}_searchpromotion")
            for action in ("add", "change", "delete")
        ):
            return permission_denied(request)
        return view(request, *args, **kwargs)

    return guarded


def server_error(request):
    """A 500 page rendered without a request context, so it needs no database or session."""
    return HttpResponse(get_template("500.html").render({}), status=500, content_type="text/html")
