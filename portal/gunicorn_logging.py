"""gunicorn's access logger, with the secret tokens of paths replaced by "[redacted]".

gunicorn.conf.py logs the path without its query string (%(U)s), but some paths are secrets
themselves: a password-reset link (/accounts/password/reset/key/<uidb36>-<key>/), an email
confirmation link (/accounts/confirm-email/<key>/), a satisfaction rating link (/rate/<token>/).
Anyone who can read the logs could use them. `RedactingLogger` (gunicorn.conf.py's `logger_class`)
logs such a path as /rate/[redacted]/.

TOKEN_ROUTES is the one list of those routes, by URL name; the patterns come from the URLconf itself,
so a route that moves keeps being redacted. tests/portal/test_no_personal_data_in_urls.py fails if a
route of the URLconf has a part named like a secret (token, key, uid...) and is not in this list.
A token path is also redacted without its final slash (before Django's redirect adds it), and what
follows a token in a longer path is left out with it.

gunicorn's master process imports this module before Django is set up (when it reads its config), so
Django is only used when a line is written, in a worker, where the application is loaded. If the
patterns cannot be built there, the whole path is logged as "[redacted]": never the token.
"""

from __future__ import annotations

import functools
import logging
import re

from gunicorn.glogging import Logger

REDACTED = "[redacted]"

#: URL names of the routes whose path carries a secret token (every named part of it is redacted).
TOKEN_ROUTES = (
    "account_reset_password_from_key",  # allauth's password reset link: /accounts/password/reset/key/...
    "account_confirm_email",  # allauth's email confirmation link: /accounts/confirm-email/<key>/
    "enquiries:rate",  # the satisfaction rating link: /rate/<token>/ (enquiries.ratings.service)
    "wagtailadmin_password_reset_confirm",  # Wagtail's own reset link (switched off, still routed)
)


def _route_regexes(view_name: str) -> list[str]:
    """The full path regexes (without the leading slash) of a URL name, namespaces included."""
    from django.urls import get_resolver

    resolver = get_resolver()
    *namespaces, name = view_name.split(":")
    prefix = ""
    for namespace in namespaces:
        extra, resolver = resolver.namespace_dict[namespace]
        prefix += extra
    regexes = [prefix + pattern for _, pattern, _, _ in resolver.reverse_dict.getlist(name)]
    if not regexes:
        raise LookupError(f"No URL named {view_name!r}: update portal.gunicorn_logging.TOKEN_ROUTES")
    return regexes


@functools.cache
def token_path_patterns() -> tuple[re.Pattern, ...]:
    """For each token route, in this order: the whole path; the path without its final slash; the
    path's beginning up to the token (anything after it is dropped from the log)."""
    patterns = []
    for view_name in TOKEN_ROUTES:
        for regex in _route_regexes(view_name):
            body = regex.removeprefix("^")
            for anchor in ("\\Z", "$"):
                body = body.removesuffix(anchor)
            without_slash = body.removesuffix("/")
            patterns += [
                re.compile(f"/{body}\\Z"),
                re.compile(f"/{without_slash}\\Z"),
                re.compile(f"/{without_slash}"),
            ]
    return tuple(patterns)


def redact_path(path: str) -> str:
    """The path with each part of a token route replaced by [redacted]; any other path unchanged."""
    for pattern in token_path_patterns():
        match = pattern.match(path)
        if match:
            logged = path[: match.end()]
            spans = sorted((match.span(group) for group in range(1, pattern.groups + 1)), reverse=True)
            for start, end in spans:
                if start >= 0:
                    logged = logged[:start] + REDACTED + logged[end:]
            return logged
    return path


class RedactingLogger(Logger):
    """gunicorn's logger, whose access-log atoms carry the path with its tokens redacted."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = atoms.get("U") or ""
        try:
            path = redact_path(path)
        except Exception:
            self.exception("Could not redact the path for the access log; logging it as [redacted]")
            path = REDACTED
        atoms["U"] = path
        # The request line is not in the format (its query string could hold anything), but if it ever
        # were, it would carry the redacted path and no query string.
        atoms["r"] = f"{environ.get('REQUEST_METHOD')} {path} {environ.get('SERVER_PROTOCOL')}"
        return atoms

    def access(self, resp, req, environ, request_time):
        """gunicorn's access line, with its fields also apart (as JSON keys with portal.log's formatter):
        the method, the redacted path, the status, the size, the milliseconds and the request id."""
        if not self.cfg.accesslog and not self.cfg.logconfig_dict:
            return
        safe_atoms = self.atoms_wrapper_class(self.atoms(resp, req, environ, request_time))
        fields = {
            "method": safe_atoms["m"],
            "path": safe_atoms["U"],
            "status": resp.status_code if hasattr(resp, "status_code") else safe_atoms["s"],
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000),
            "request_id": safe_atoms["{x-request-id}i"],
        }
        try:
            self.access_log.info(self.cfg.access_log_format, safe_atoms, extra=fields)
        except Exception:
            self.exception("Could not write an access line")


class RedactTokensFilter(logging.Filter):
    """The same redaction for Django's own log lines: "Internal Server Error: /rate/<token>/" and
    runserver's request lines name the path, so a 500 on a reset or rating link would log its token.
    settings.LOGGING puts this filter on the `django.request` and `django.server` loggers."""

    REQUEST_LINE = re.compile(r"^(?P<method>[A-Z]+) (?P<path>/\S*) (?P<protocol>HTTP/\S+)$")

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(self._redact(arg) for arg in record.args)
        return True

    def _redact(self, arg):
        if not isinstance(arg, str):
            return arg
        if arg.startswith("/"):
            return redact_path(arg.split("?", 1)[0])
        line = self.REQUEST_LINE.match(arg)
        if line:
            path = redact_path(line["path"].split("?", 1)[0])
            return f"{line['method']} {path} {line['protocol']}"
        return arg
