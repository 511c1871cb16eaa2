"""Production: HTTPS only, hashed static files, the database task queue, an ESP through anymail."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
PORTAL_ALLOW_STAFF_WITHOUT_MFA = False  # never relaxed in production
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"

STORAGES = {
    **STORAGES,  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "portal.static_storage.StaticFilesStorage"},
}

# Outbound email through the ESP named in ANYMAIL_ESP (e.g. "postmark", "mailgun", "amazon_ses"),
# unless EMAIL_BACKEND is set explicitly.
_esp = env.str("ANYMAIL_ESP", default="")
if _esp and not env.str("EMAIL_BACKEND", default=""):
    EMAIL_BACKEND = f"anymail.backends.{_esp}.EmailBackend"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
