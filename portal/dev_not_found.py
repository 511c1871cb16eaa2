"""The designed 404 page under DEBUG (development settings only, see portal/settings/dev.py).

With DEBUG on, Django answers a 404 with its technical page, which lists every URL pattern: not the
page a newcomer running `make run` should judge the portal by, and not what the public will see.
This middleware renders the site's own 404 (Django's `page_not_found` view with templates/404.html,
exactly as production does) for Http404 raised by any view, Wagtail's page serving included.
Tracebacks for real errors (500) are untouched, so DEBUG stays useful; a developer who wants Django's
URL listing sets PORTAL_DEBUG_404=true. Hand-rolled because Django has no setting for this: with DEBUG
on, `response_for_exception` always chooses the technical 404.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.views.defaults import page_not_found


class DesignedNotFoundMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Http404) or getattr(settings, "PORTAL_DEBUG_404", False):
            return None
        return page_not_found(request, exception)
