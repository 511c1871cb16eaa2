"""Webhook middleware: large inbound emails are accepted, and the webhooks answer "try again later"
while the database is down.

anymail's webhook views (/anymail/<esp>/inbound/ and /tracking/) save what they receive before
answering.

Body size. Django refuses any request body above DATA_UPLOAD_MAX_MEMORY_SIZE (5 MB here, sized for our
own forms). A provider posts a whole email, attachments included and Base64-encoded, as one JSON body
(Postmark, Amazon SES) or one form field (Mailgun's `inbound_mime` route): an enquirer's reply with a
4 MB scan would be refused with 400 and, after the provider's retries, lost. Django has no per-view
limit, so for POSTs to the webhooks this middleware reads the body itself, up to
INBOUND_WEBHOOK_MAX_BYTES (a larger request gets 413, which providers treat as final), and hands it to
the request as `_body`, the attribute `HttpRequest.body` fills from the stream the first time it is read.
Multipart bodies are left to Django once their Content-Length is within the same limit (a larger one
gets 413 too, rather than being streamed to disk): Mailgun's parsed route (`/anymail/mailgun/inbound/`,
the one the README documents) streams attachments as files, which do not count against Django's 5 MB
limit. (Its `inbound_mime` route posts the whole email as one form field, so stays under Django's
5 MB limit: use the parsed route.)

Database down. Django would answer 500; providers retry a 5xx, but a 500 also looks like a bug in our
code and is logged with the exception's text (which can quote SQL parameters, that is personal data).
`process_exception` turns any database error raised by a webhook (`django.db.Error`, which includes
InterfaceError "connection already closed" as well as DatabaseError) into a plain 503 with Retry-After,
logged with the exception's class name only, so the provider keeps the event and sends it again later.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import Error as DatabaseFault
from django.http import HttpResponse

logger = logging.getLogger(__name__)

WEBHOOK_PREFIX = "/anymail/"
RETRY_AFTER_SECONDS = 120


def _plain(text: str, status: int) -> HttpResponse:
    response = HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


class WebhookDatabaseErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path.startswith(WEBHOOK_PREFIX):
            refused = self._read_body(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    @staticmethod
    def _read_body(request) -> HttpResponse | None:
        limit = settings.INBOUND_WEBHOOK_MAX_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _plain("Bad Content-Length.\n", 400)
        if length > limit:
            logger.warning("Webhook %s refused a body of %d bytes (limit %d)", request.path, length, limit)
            return _plain("Request too large.\n", 413)
        if request.content_type == "multipart/form-data":
            return None  # Mailgun's parsed route: attachments arrive as files, streamed to disk
        request._body = request.read(limit + 1)
        if len(request._body) > limit:
            return _plain("Request too large.\n", 413)
        return None

    def process_exception(self, request, exception):
        if not isinstance(exception, DatabaseFault) or not request.path.startswith(WEBHOOK_PREFIX):
            return None
        logger.error(
            "Database unavailable (%s) during the webhook %s: answered 503 so that the provider retries",
            type(exception).__name__,
            request.path,
        )
        response = _plain("Temporarily unavailable: please send this event again later.\n", 503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
