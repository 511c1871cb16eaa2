"""Production: HTTPS only, hashed static files, the database task queue, an ESP through anymail."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
PORTAL_ALLOW_STAFF_WITHOUT_MFA = False  # never relaxed in production
LINK_CHECK_ALLOW_LOOPBACK = False  # the link check never visits this machine in production
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"

# Media and private files: as base.py decides from S3_* (the buckets, or the file system on one machine).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "portal.static_storage.StaticFilesStorage"},
}

# Outbound email through the ESP named in ANYMAIL_ESP (e.g. "postmark", "mailgun", "amazon_ses"),
# unless EMAIL_BACKEND is set explicitly.
_esp = env.str("ANYMAIL_ESP", default="")
if _esp and not env.str("EMAIL_BACKEND", default=""):
    EMAIL_BACKEND = f"anymail.backends.{_esp}.EmailBackend"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Error reports to Sentry too, only when SENTRY_DSN is set (without it, errors are JSON log lines with
# their traceback and a short email to ADMINS: portal/log.py). No personal data: sentry-sdk's own
# default-PII switch is off, and portal.log.sentry_before_send drops cookies, bodies, query strings and
# identifying headers and replaces any email address left in the event.
if SENTRY_DSN:  # noqa: F405
    import sentry_sdk

    from portal.log import sentry_before_send

    sentry_sdk.init(
        dsn=SENTRY_DSN,  # noqa: F405
        environment=SENTRY_ENVIRONMENT,  # noqa: F405
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=sentry_before_send,
        traces_sample_rate=0,
    )
