"""Webhooks answer "try again later" while the database is down.

anymail's webhook views (/anymail/<esp>/inbound/ and /tracking/) save what they receive before
answering. If the database fails, Django would answer 500; providers retry a 5xx, but a 500 also looks
like a bug in our code and is logged with the exception's text (which can quote SQL parameters, that is
personal data). This middleware turns a database error raised by a webhook into a plain 503 with
Retry-After, logged with the exception's class name only, so the provider keeps the event and sends it
again later. Django has no setting for this; `process_exception` is its hook for exactly this case.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError
from django.http import HttpResponse

logger = logging.getLogger(__name__)

WEBHOOK_PREFIX = "/anymail/"
RETRY_AFTER_SECONDS = 120


class WebhookDatabaseErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DatabaseError) or not request.path.startswith(WEBHOOK_PREFIX):
            return None
        logger.error(
            "Database unavailable (%s) during the webhook %s: answered 503 so that the provider retries",
            type(exception).__name__,
            request.path,
        )
        response = HttpResponse(
            "Temporarily unavailable: please send this event again later.\n",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
