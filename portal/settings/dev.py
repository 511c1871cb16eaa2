"""Local development: DEBUG on, SQLite, email printed to the console unless EMAIL_BACKEND says otherwise."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-not-secret-3c1f0b7e5d")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

from .base import *  # noqa: E402,F403
from .base import env  # noqa: E402

WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
# Demo staff may use the admin without MFA on a developer's machine, only when this says so.
PORTAL_ALLOW_STAFF_WITHOUT_MFA = env.bool("PORTAL_ALLOW_STAFF_WITHOUT_MFA", default=False)
