"""Local development: DEBUG on, SQLite, email printed to the console unless EMAIL_BACKEND says otherwise."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-not-secret-3c1f0b7e5d")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

from .base import *  # noqa: E402,F403
from .base import env  # noqa: E402

# Where `make run` serves (its PORT, as scripts/run.sh reads it): links in emails and the admin.
WAGTAILADMIN_BASE_URL = env.str(
    "WAGTAILADMIN_BASE_URL", default=f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
)
# The designed 404 page instead of Django's URL listing; PORTAL_DEBUG_404=true brings the listing back.
MIDDLEWARE = [*MIDDLEWARE, "portal.dev_not_found.DesignedNotFoundMiddleware"]  # noqa: F405
PORTAL_DEBUG_404 = env.bool("PORTAL_DEBUG_404", default=False)
# Demo staff may use the admin without MFA on a developer's machine, only when this says so.
PORTAL_ALLOW_STAFF_WITHOUT_MFA = env.bool("PORTAL_ALLOW_STAFF_WITHOUT_MFA", default=False)
