"""Settings shared by every environment. Safe by default: DEBUG off, SECRET_KEY required.

This is the one module that reads the environment (through django-environ); dev, test and
production only change what they must.
"""

from email.utils import parseaddr
from pathlib import Path

import environ

from portal.storage import public_media_origin, storages_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "portal",
    "cms",
    "casestudies",
    "pathways",
    "enquiries",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Email
    "anymail",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # Django's widget templates, for the TemplatesSetting form renderers of portal.forms.
    "django.forms",
]

MIDDLEWARE = [
    # First, so that every log line of a request carries its id (portal/log.py).
    "portal.log.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous readers of public pages are answered here from the cache, before any session work.
    "portal.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    "portal.middleware.NoStoreMiddleware",
    "portal.middleware.StaffMFAMiddleware",
    # An odd value in an admin address (Wagtail's int() on ?id=) is a 400, not a 500.
    "portal.middleware.AdminBadInputMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Webhooks answer 503 + Retry-After while the database is down, so the provider retries.
    "enquiries.middleware.WebhookDatabaseErrorMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "portal.context_processors.site_chrome",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite, the embedded default, must hold a small office's real use (20 people writing at once):
    # write-ahead logging lets readers go on while one connection writes; BEGIN IMMEDIATE takes the
    # write lock when a transaction starts, so a transaction never fails half-way upgrading a read lock
    # (the "database is locked" that a busy timeout cannot help with); and a writer waits up to 20 s
    # for the lock instead of failing at once. synchronous=NORMAL is safe with WAL and much faster.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        }
    )
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The anonymous page cache (portal/page_cache.py). On by default only with Redis: a local-memory cache
# is one per process, so with several workers a publish would clear only one worker's pages. Turn it on
# without Redis only for a single process (PAGE_CACHE_ENABLED=true).
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=bool(REDIS_URL))
PAGE_CACHE_TIMEOUT = env.int("PAGE_CACHE_TIMEOUT", default=3600)  # seconds a page is kept server-side
PAGE_CACHE_MAX_AGE = env.int("PAGE_CACHE_MAX_AGE", default=60)  # what browsers and CDNs are told
PAGE_CACHE_STALE_WHILE_REVALIDATE = env.int("PAGE_CACHE_STALE_WHILE_REVALIDATE", default=300)
# Rendered page bodies (cms.blocks.BodyBlock), keyed by their content and the content generation.
CMS_BODY_CACHE_TIMEOUT = env.int("CMS_BODY_CACHE_TIMEOUT", default=24 * 3600)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "portal.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "allauth.account.auth_backends.AuthenticationBackend",
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")

# --- Storage (portal/storage.py; README "Storage") ------------------------------------------------
# Both buckets set: images and renditions in the public bucket; enquiry attachments, raw emails, every
# Wagtail document and the erasure log in the private one. Neither set: the same layout in MEDIA_ROOT
# and PRIVATE_MEDIA_ROOT (the SQLite demo, `make run`, one machine). One without the other refuses to
# start. S3_ENDPOINT_URL is for S3-compatible stores (MinIO, moto); S3_PUBLIC_URL for a CDN or custom
# domain in front of the public bucket. Without keys, boto3 finds credentials itself (instance role).
S3_ENDPOINT_URL = env.str("S3_ENDPOINT_URL", default="")
S3_REGION = env.str("S3_REGION", default="eu-west-2")
S3_PUBLIC_BUCKET = env.str("S3_PUBLIC_BUCKET", default="")
S3_PRIVATE_BUCKET = env.str("S3_PRIVATE_BUCKET", default="")
S3_PUBLIC_URL = env.str("S3_PUBLIC_URL", default="")
PORTAL_OBJECT_STORAGE = bool(S3_PUBLIC_BUCKET or S3_PRIVATE_BUCKET)
STORAGES = {
    **storages_config(
        public_bucket=S3_PUBLIC_BUCKET,
        private_bucket=S3_PRIVATE_BUCKET,
        region=S3_REGION,
        endpoint_url=S3_ENDPOINT_URL or None,
        access_key=env.str("S3_ACCESS_KEY_ID", default=""),
        secret_key=env.str("S3_SECRET_ACCESS_KEY", default=""),
        public_url=S3_PUBLIC_URL,
        private_root=str(PRIVATE_MEDIA_ROOT),
    ),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The public bucket's origin, added to the Content-Security-Policy's img-src (portal.middleware).
PORTAL_MEDIA_ORIGIN = public_media_origin(
    public_bucket=S3_PUBLIC_BUCKET, region=S3_REGION, endpoint_url=S3_ENDPOINT_URL, public_url=S3_PUBLIC_URL
)
# Documents: Wagtail's view checks the collection's restriction, then (in a bucket) redirects to a
# signed URL that works for a minute, or (on the file system) streams the file. Never "direct".
WAGTAILDOCS_SERVE_METHOD = "redirect" if PORTAL_OBJECT_STORAGE else "serve_view"
# --- end of storage ------------------------------------------------------------------------------

# Email: every module but test honours EMAIL_BACKEND / EMAIL_FILE_PATH when set.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="SoR Return and Recruit <help@portal.sor.example>")
# Replies come back to reply+<signed token>@INBOUND_EMAIL_DOMAIN (the inbound webhook's domain).
INBOUND_EMAIL_DOMAIN = env.str("INBOUND_EMAIL_DOMAIN", default="reply.portal.sor.example")
EMAIL_MESSAGE_ID_DOMAIN = env.str("EMAIL_MESSAGE_ID_DOMAIN", default="portal.sor.example")
# The largest webhook body accepted (enquiries.middleware): an email with three 10 MB attachments,
# Base64-encoded, fits; the providers' own inbound limits are lower (Postmark 35 MB, Mailgun 25 MB).
INBOUND_WEBHOOK_MAX_BYTES = 45 * 1024 * 1024
# Mail servers whose Authentication-Results header (the topmost one) we trust for a DMARC verdict on an
# inbound email's sender. Opt-in: name only your provider's own server, and only once you have seen that
# it adds the header to every inbound email (otherwise the topmost one can be the sender's own). Amazon
# SES's verdict is read from its notification instead. A reply matched only by the reference in its
# subject is threaded only when its sender passed (enquiries.mail.inbound).
INBOUND_TRUSTED_AUTHSERV_IDS = env.list("INBOUND_TRUSTED_AUTHSERV_IDS", default=[])
# Seconds before an SMTP connection gives up, so a hung send fails and is retried well before the
# outbox's claim on it (10 minutes) runs out. anymail's HTTP backends have their own timeouts.
EMAIL_TIMEOUT = 30
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who is alerted about emails that could not be sent (dead letters): comma-separated addresses, each
# plain or "Name <address>", e.g. ADMINS="Portal support <support@sor.example>". Empty: no alerts.
ADMINS = [
    (name or address, address)
    for name, address in (parseaddr(entry) for entry in env.list("ADMINS", default=[]))
    if address
]
ANYMAIL = {
    key.removeprefix("ANYMAIL_"): value for key, value in env.ENVIRON.items() if key.startswith("ANYMAIL_")
}
# Email webhooks (enquiries/mail/webhooks.py): only these providers' /anymail/<esp>/inbound/ and /tracking/
# are mounted, the one named by ANYMAIL_ESP (e.g. "postmark", "mailgun", "amazon_ses"); every other
# /anymail/ address is 404. Every one of them refuses every post (403) while ANYMAIL_WEBHOOK_SECRET is
# unset, in every settings module.
ANYMAIL_WEBHOOK_PROVIDERS = [name for name in [env.str("ANYMAIL_ESP", default="").strip().lower()] if name]
# Mailgun's signed timestamp and Amazon SNS's Timestamp must be within this many seconds of now, and a
# signature seen within that window is refused when it comes again (a replay).
WEBHOOK_TIMESTAMP_TOLERANCE_SECONDS = 15 * 60

# Background work. Immediate in development and tests; production swaps in the database queue.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Wagtail
WAGTAIL_SITE_NAME = "SoR Return to Practice and International Recruitment"
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILADMIN_LOGIN_URL = "account_login"
# One door: pages and documents restricted to signed-in people send them to allauth's sign-in, never to
# Wagtail's own password form at /_util/login/ (portal/urls.py answers that address with a redirect).
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
# Staff change their sign-in address only through allauth's verified flow (/accounts/email/), not
# in the admin's account page, which saves a new address unverified.
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILEMBEDS_RESPONSIVE_HTML = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.search_backend"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "csv", "txt", "odt"]
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAILAPI_LIMIT_MAX = 50
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAILFORMS_HONEYPOT = True

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
}

# Accounts (django-allauth): email is the login; it must be verified before it counts.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Opening the confirmation link in the browser that signed up finishes the sign-in and goes on to the
# sign-up's `next` (a plan waiting to be saved, say). allauth does so only when the person signing up is
# still in that session, so a leaked link signs no one in.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[SoR portal] "
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "request_login_code": "20/m/ip,3/m/key",
}
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
# allauth's forms in the portal's words (labels and one message per field): portal/account_forms.py.
ACCOUNT_FORMS = {
    "login": "portal.account_forms.PortalLoginForm",
    "signup": "portal.account_forms.PortalSignupForm",
    "reset_password": "portal.account_forms.PortalResetPasswordForm",
    "reset_password_from_key": "portal.account_forms.PortalResetPasswordKeyForm",
    "change_password": "portal.account_forms.PortalChangePasswordForm",
    "add_email": "portal.account_forms.PortalAddEmailForm",
    "request_login_code": "portal.account_forms.PortalRequestLoginCodeForm",
    "reauthenticate": "portal.account_forms.PortalReauthenticateForm",
}
# Client addresses for every rate limit (sign-in, the help form): behind a load balancer or reverse
# proxy, set TRUSTED_PROXY_COUNT to the number of proxies that append to X-Forwarded-For (1 for one
# balancer); the address that many hops from the right is the client's, so a client cannot forge it by
# sending its own header. 0 (the default, no proxy) ignores X-Forwarded-For and uses the socket's
# address. allauth reads this setting; enquiries.intake.spam uses allauth's limiter, so one answer.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"
MFA_ADAPTER = "portal.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "SoR portal"
MFA_FORMS = {
    "authenticate": "portal.account_forms.PortalMFAAuthenticateForm",
    "reauthenticate": "portal.account_forms.PortalMFAReauthenticateForm",
}
# Staff must set up TOTP before using the admin. Only dev.py may relax this, and only when asked.
PORTAL_ALLOW_STAFF_WITHOUT_MFA = False

# Security: safe everywhere; production adds HTTPS-only switches.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Logs (portal/log.py): one JSON object a line on the console (the platform's log, journald under
# systemd), each with time, level, logger, message and the request id (nginx's X-Request-ID, or a new one),
# and no personal data: email addresses become "[email]", secret-token paths "[redacted]", Django's
# request object (its query string) is never written. LOG_FORMAT=text gives plain lines for a terminal.
# Django's own "django" logger loses its default handlers: its mail_admins handler would email the whole
# request (query string, POST body, headers) to ADMINS on every error. Instead a server error is a JSON
# line with its traceback, and ADMINS get one short email through the outbox per 15 minutes with the
# error's type, path and request id (AdminAlertHandler). Access lines are gunicorn's (gunicorn.conf.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "portal.log.JsonFormatter"},
        "text": {
            "()": "portal.log.TextFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
    },
    "filters": {
        # Secret tokens in paths (reset, confirmation and rating links) are logged as [redacted].
        "redact_tokens": {"()": "portal.gunicorn_logging.RedactTokensFilter"},
        "request_id": {"()": "portal.log.RequestIdFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "text" if LOG_FORMAT == "text" else "json",
            "filters": ["request_id"],
        },
        "admins": {"level": "ERROR", "class": "portal.log.AdminAlertHandler", "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {"level": "ERROR", "filters": ["redact_tokens"], "handlers": ["admins"]},
        "django.server": {"filters": ["redact_tokens"]},
    },
}
# Error reports to Sentry as well, only when SENTRY_DSN is set (production.py; scrubbed, no personal data).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env.str("SENTRY_ENVIRONMENT", default="production")

# Health checks (portal/health.py): /health/all/ fails when the oldest waiting task has waited longer than
# this, or when the clock has not ticked for this long (it ticks every minute).
HEALTH_TASK_MAX_WAIT = env.int("HEALTH_TASK_MAX_WAIT", default=600)
HEALTH_CLOCK_MAX_SILENCE = env.int("HEALTH_CLOCK_MAX_SILENCE", default=300)

# Portal settings
PORTAL_SEARCH_MAX_QUERY_LENGTH = 256
PORTAL_MANAGERS_GROUP = "Managers"
ENQUIRY_RESPONSE_WORKING_DAYS = env.int("ENQUIRY_RESPONSE_WORKING_DAYS", default=3)
# How long the "how did we do?" link in the email sent when an enquiry is resolved keeps working.
ENQUIRY_RATING_LINK_DAYS = env.int("ENQUIRY_RATING_LINK_DAYS", default=60)
PRIVACY_NOTICE_VERSION = "2026-11"
# Personal data (enquiries/retention.py): enquiries are anonymised this many months after they end.
ENQUIRY_RETENTION_MONTHS = env.int("ENQUIRY_RETENTION_MONTHS", default=24)
# Erasures on request are written to this folder of the private storage (the private bucket, or
# PRIVATE_MEDIA_ROOT), one object per erasure, so they can be replayed after a database restore: it is
# outside the database backups and shared by every machine; back it up with the private bucket.
PRIVACY_ERASURE_LOG = "erasure-log/"
# Key of the HMAC that stands for an erased address in that log. Set it once and never change it (the
# log cannot be replayed without it); without one, a key is derived from SECRET_KEY.
PRIVACY_ERASURE_KEY = env.str("PRIVACY_ERASURE_KEY", default="")
# The daily broken-link check (cms/links.py): hosts checked at once, seconds between two requests to one
# host, and each request's time limit. It never visits private, link-local or loopback addresses; the
# tests' loopback servers are allowed by LINK_CHECK_ALLOW_LOOPBACK, which no environment variable sets.
LINK_CHECK_WORKERS = 4
LINK_CHECK_HOST_INTERVAL = 1.0
LINK_CHECK_TIMEOUT = 10
LINK_CHECK_ALLOW_LOOPBACK = False
