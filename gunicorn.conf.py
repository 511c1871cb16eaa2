"""Every gunicorn setting of the portal, in one file. The Procfile, the systemd unit (deploy/) and the
benchmarks start gunicorn with `--config gunicorn.conf.py` and nothing else; the environment chooses
only what differs per machine:

    PORT (8000) or GUNICORN_BIND ("0.0.0.0:$PORT"; e.g. "127.0.0.1:8001" behind a local nginx)
    WEB_CONCURRENCY (3): sync worker processes, about two per core
    GUNICORN_TIMEOUT (30): seconds before a stuck worker is killed and replaced
    LOG_FORMAT (json): "text" for plain access lines in a terminal

Sync workers behind nginx (deploy/nginx/portal.conf), which buffers slow clients' requests and
responses, so a worker is never held by a slow network. Each worker is replaced after about 10,000
requests (GUNICORN_MAX_REQUESTS) (with jitter, so they do not all restart at once), which caps any slow memory growth.

No personal data in the access log. A line records when, the method, the path WITHOUT its query
string (%(U)s), the status, the size, the time taken and the request id nginx sets (X-Request-ID), as
one JSON object (portal.log.JsonFormatter) with those fields apart:

    {"time": "...", "level": "INFO", "logger": "gunicorn.access", "message": "GET /admin/enquiries/ 200",
     "method": "GET", "path": "/admin/enquiries/", "status": 200, "bytes": 5120, "duration_ms": 41,
     "request_id": "7f3c..."}

Left out on purpose: the request line (%(r)s) and the query string (%(q)s), which can carry what
someone typed (a search, a filter) or a one-time token; the Referer (%(f)s), the whole address of the
previous page, query string included; the client's IP address (%(h)s), the user agent (%(a)s) and the
basic-auth user (%(u)s), which identify a person. tests/portal/test_no_personal_data_in_urls.py
checks the format against this list.

No secret token either: some paths are secrets themselves (a password-reset link, an email
confirmation link, a rating link). The logger class (portal/gunicorn_logging.py) writes them as
"/rate/[redacted]/"; its TOKEN_ROUTES is the one list of those routes.
"""

import os

wsgi_app = "portal.wsgi:application"
bind = [os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"]
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5  # nginx keeps connections to the nodes open (upstream keepalive)
# Recycling guards against slow memory growth; at cached-page rates (over 1,000 requests a second a
# node) 2,000 requests lasted seconds and each restart stalled requests for the boot, so the default is
# 10,000. GUNICORN_MAX_REQUESTS=0 turns it off (the benchmarks do, for a steady measurement).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 10
# nginx on the same machine (or the balancer) sets X-Forwarded-Proto; Django reads it
# (SECURE_PROXY_SSL_HEADER). Gunicorn itself trusts it only from loopback, its default.
forwarded_allow_ips = "127.0.0.1,::1"

accesslog = "-"
errorlog = "-"
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}i)s'
logger_class = "portal.gunicorn_logging.RedactingLogger"

if os.environ.get("LOG_FORMAT", "json") != "text":
    logconfig_dict = {
        "formatters": {"json": {"()": "portal.log.JsonFormatter"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"},
            "error_console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            },
        },
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
        },
    }
