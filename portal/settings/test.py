"""Tests: fast hashing, immediate tasks, anymail's test backend; DATABASE_URL/REDIS_URL pick the services."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret-9a7c2e")
os.environ["DEBUG"] = "false"
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

from .base import *  # noqa: E402,F403
from .base import BASE_DIR  # noqa: E402

# SQLite keeps the test database in a file under var/ (git-ignored) instead of in memory, so that
# --reuse-db (pyproject's addopts) keeps it from one run to the next and a second run skips building it.
# Django still runs `migrate` on a kept database, which applies any migration added since. Parallel
# workers each get their own file (pytest-django appends _gw0, _gw1...); --create-db starts afresh, as
# `make test` and CI always do. PostgreSQL's test database (test_<name>) is kept the same way.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES["default"].setdefault("TEST", {})["NAME"] = str(BASE_DIR / "var" / "test-db.sqlite3")  # noqa: F405

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
STORAGES = {
    **STORAGES,  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(BASE_DIR / "var" / "test-private"), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The suite runs on the file system whatever S3_* the shell has; tests/portal/test_storage*.py switch
# to buckets on a moto S3 server on loopback (tests/s3.py).
PORTAL_OBJECT_STORAGE = False
PORTAL_MEDIA_ORIGIN = ""
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILADMIN_BASE_URL = "http://testserver"
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# The same formatters, filters and handlers as everywhere (JSON lines, request ids, scrubbing), quieter.
LOGGING = {
    **LOGGING,  # noqa: F405
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "django.request": {"level": "ERROR", "filters": ["redact_tokens"], "handlers": ["admins"]},
    },
}

# Parallel test workers (pytest-xdist) each get their own Redis database, as each has its own test
# database: cache.clear() in one worker must not empty another's cache, nor share Wagtail's site caches.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _worker.startswith("gw"):  # noqa: F405
    from urllib.parse import urlsplit, urlunsplit

    _parts = urlsplit(REDIS_URL)  # noqa: F405
    _base_db = int(_parts.path.strip("/") or 0)
    _db = (_base_db + 1 + int(_worker[2:])) % 16
    CACHES["default"]["LOCATION"] = urlunsplit(_parts._replace(path=f"/{_db}"))  # noqa: F405

# Webhooks are authenticated in tests exactly as in production: basic auth, plus Mailgun's signature.
# The three providers the tests post as are mounted (production mounts the one in ANYMAIL_ESP).
ANYMAIL_WEBHOOK_PROVIDERS = ["postmark", "mailgun", "amazon_ses"]
ANYMAIL = {
    **ANYMAIL,  # noqa: F405
    "WEBHOOK_SECRET": "anymail-test:webhook-secret-3f9b",
    "MAILGUN_WEBHOOK_SIGNING_KEY": "mailgun-test-signing-key",
    "AMAZON_SES_AUTO_CONFIRM_SNS_SUBSCRIPTIONS": False,
}

# The anonymous page cache is off for the suite (tests change content with factories and expect the
# next request to show it); tests/portal/test_page_cache.py turns it on.
PAGE_CACHE_ENABLED = False
