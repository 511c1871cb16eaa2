"""Structured logs without personal data, a request id on every line, and error alerts that need no
outside service. settings.LOGGING wires these together; gunicorn.conf.py uses the same formatter.

- `RequestIdMiddleware`: each request gets an id, nginx's `X-Request-ID` when it sent a plausible one
  (deploy/nginx sets it from `$request_id`, and logs it too), else a new random one. It is answered in
  the `X-Request-ID` header and added to every log line written while the request is handled, so a
  person quoting "request id 3f2a..." from an error page leads to the exact lines.
- `JsonFormatter`: one JSON object per line (python-json-logger): time, level, logger, message,
  request_id, and the traceback for errors. Django's request loggers pass the request object along
  (`extra={"request": ...}`); its text holds the query string, so it is never written.
- Both formatters (JSON and text) replace email addresses anywhere in the line, traceback included,
  by "[email]" (an IntegrityError can quote one); Django's request loggers also redact the paths of
  secret-token routes (portal.gunicorn_logging.RedactTokensFilter).
- `AdminAlertHandler`: a server error emails the people in settings.ADMINS through the outbox
  (enquiries.mail.outbox), at most once per ERROR_ALERT_INTERVAL across all nodes (the throttle is in the
  shared cache), with the error's type, the redacted path and the request id, never its message or
  the request's data: the JSON log line, found by the request id, holds the traceback. Chosen over
  Django's AdminEmailHandler, which mails the whole request (query string, POST body, headers) on every
  error. With SENTRY_DSN set, sentry-sdk reports as well (portal/settings/production.py).
"""

from __future__ import annotations

import contextvars
import datetime
import logging
import re
import secrets

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

REQUEST_ID_HEADER = "X-Request-ID"
#: What we accept from nginx or a balancer: its own ids are 32 hex digits, AWS's "Root=1-..." ids longer.
PLAUSIBLE_ID = re.compile(r"^[A-Za-z0-9=._:-]{8,128}\Z")
ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
ERROR_ALERT_INTERVAL = datetime.timedelta(minutes=15)

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class RequestIdMiddleware:
    """First in settings.MIDDLEWARE, so that every line of the request carries the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(REQUEST_ID_HEADER, "")
        current = given if PLAUSIBLE_ID.match(given) else secrets.token_hex(16)
        request.request_id = current
        token = request_id.set(current)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response[REQUEST_ID_HEADER] = current
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record ("-" outside a request: the worker, the clock, commands)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


def scrub(text: str) -> str:
    return ADDRESS.sub("[email]", text)


class TextFormatter(logging.Formatter):
    """Plain lines (LOG_FORMAT=text), scrubbed as the JSON ones are."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


class JsonFormatter(BaseJsonFormatter):
    """One JSON object a line: {"time", "level", "logger", "message", "request_id", ...extra, "exc_info"}."""

    #: Never written: Django's request object (its text has the query string) and its socket.
    NEVER = ("request", "server_time", "socket")

    def __init__(self, **kwargs):
        kwargs.setdefault("fmt", "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s")
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, *self.NEVER])
        kwargs.setdefault("rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"})
        super().__init__(**kwargs)

    def formatTime(self, record, datefmt=None):  # noqa: N802 - logging's name
        return datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
            timespec="milliseconds"
        )

    def format(self, record: logging.LogRecord) -> str:
        """The whole line scrubbed: the message, its arguments, extra fields and the traceback. On the
        way out, so the record itself (which other handlers see) is left as it was."""
        return scrub(super().format(record))

    def add_fields(self, log_record, record, message_dict):
        super().add_fields(log_record, record, message_dict)
        log_record.setdefault("request_id", getattr(record, "request_id", "-"))


class AdminAlertHandler(logging.Handler):
    """Emails settings.ADMINS about a server error (see the module docstring). Never raises: the log
    line is the record, the email only a nudge, and it must not turn one error into two."""

    CACHE_KEY = "portal:error-alert"

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._alert(record)
        except Exception:  # noqa: BLE001, S110 - the database or cache may be what failed
            pass

    def _alert(self, record: logging.LogRecord) -> None:
        from django.conf import settings
        from django.core.cache import cache
        from django.db import transaction

        if not settings.ADMINS:
            return
        if not cache.add(self.CACHE_KEY, 1, timeout=int(ERROR_ALERT_INTERVAL.total_seconds())):
            return  # one alert per interval, whichever node sees the error
        from enquiries.mail.outbox import queue_email
        from enquiries.models import OutboundEmail
        from portal.gunicorn_logging import redact_path

        request = getattr(record, "request", None)
        where = f"{request.method} {redact_path(request.path)}" if request is not None else record.name
        kind = record.exc_info[0].__name__ if record.exc_info and record.exc_info[0] else "error"
        when = datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC)
        body = (
            f"The portal answered a server error at {when:%Y-%m-%d %H:%M:%S} UTC.\n\n"
            f"What: {kind}\nWhere: {where}\nRequest id: {getattr(record, 'request_id', '-')}\n\n"
            "The traceback is in the log line with that request id. Further errors in the next "
            f"{int(ERROR_ALERT_INTERVAL.total_seconds() // 60)} minutes are logged but not emailed.\n"
        )
        with transaction.atomic():
            for _name, address in settings.ADMINS:
                queue_email(
                    kind=OutboundEmail.Kind.ADMIN_ALERT,
                    to=address,
                    subject=f"Server error on the portal: {kind}",
                    body_text=body,
                )


#: Request parts sentry-sdk would send that can hold personal data or secrets.
SENTRY_DROPPED_REQUEST_KEYS = ("cookies", "data", "query_string", "env")
SENTRY_DROPPED_HEADERS = frozenset({"cookie", "authorization", "x-csrftoken", "referer", "x-forwarded-for"})


def _scrub_value(value):
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {key: _scrub_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub_value(item) for item in value]
    return value


def sentry_before_send(event: dict, hint: dict) -> dict:
    """sentry-sdk's `before_send` (production.py, only with SENTRY_DSN): no cookies, body, query string,
    identifying headers or user; token paths redacted; every email address in the event replaced, local
    variables included. send_default_pii=False already leaves out most of it: this is the belt."""
    from portal.gunicorn_logging import redact_path

    request = event.get("request") or {}
    for key in SENTRY_DROPPED_REQUEST_KEYS:
        request.pop(key, None)
    headers = request.get("headers") or {}
    request["headers"] = {k: v for k, v in headers.items() if k.lower() not in SENTRY_DROPPED_HEADERS}
    if "url" in request:
        scheme, _, rest = request["url"].partition("://")
        host, slash, path = rest.partition("/")
        request["url"] = f"{scheme}://{host}{redact_path(slash + path.split('?', 1)[0])}"
    if request:
        event["request"] = request
    event.pop("user", None)
    return _scrub_value(event)
