"""Production: HTTPS only, hashed static files, the database task queue, an ESP through anymail."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False

# Fail closed: production refuses to load without the hosts it serves (Django would answer every request
# 400 and its deploy check only warns) or with a signing key that is short or a placeholder (Django only
# warns, W009). The same bar as the deploy check: 50 characters, 5 different ones, no django-insecure-.
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the host names this site answers to.")
if (
    len(SECRET_KEY) < 50  # noqa: F405
    or len(set(SECRET_KEY)) < 5  # noqa: F405
    or SECRET_KEY.startswith("django-insecure-")  # noqa: F405
):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for production: use at least 50 random characters "
        "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )
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
