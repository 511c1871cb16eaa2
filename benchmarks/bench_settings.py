"""Production settings, changed only as the benchmarks need: plain HTTP on loopback, high rate limits,
email kept in memory and off the request path. Never for a deployment.

Used as DJANGO_SETTINGS_MODULE=bench_settings with benchmarks/ on PYTHONPATH (see enquiries_submit.py).
"""

from portal.settings.production import *  # noqa: F403

ALLOWED_HOSTS = ["127.0.0.1"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Every submission comes from 127.0.0.1: the real limits ("10/h/ip,5/h/key") would stop the run.
ENQUIRY_RATE_LIMITS = {"get_help": "1000000/m/ip,1000000/m/key"}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The acknowledgement and adviser notice are still rendered and queued (OutboundEmail rows, after
# commit, in the request); the dummy task backend only records the delivery task instead of sending
# it in the request (the immediate backend) or writing it to the database queue (production).
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
