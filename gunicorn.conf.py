"""Gunicorn's settings file: only the access log's format and its logger. The Procfile names it
(`--config gunicorn.conf.py`) and sets the rest on its command line (bind, workers, `--access-logfile
-`); gunicorn also reads it by default when started from this directory, as benchmarks/load.sh does,
where it changes nothing else.

No personal data in the access log. A line records when, the method, the path WITHOUT its query
string (%(U)s), the status, the size, the time taken and the platform's request id, e.g.

    [25/Nov/2026:10:00:00 +0000] "GET /admin/enquiries/" 200 5120 41ms request_id=7f3c...

Left out on purpose: the request line (%(r)s) and the query string (%(q)s), which can carry what
someone typed (a search, a filter) or a one-time token; the Referer (%(f)s), the whole address of the
previous page, query string included; the client's IP address (%(h)s), the user agent (%(a)s) and the
basic-auth user (%(u)s), which identify a person. tests/portal/test_no_personal_data_in_urls.py
checks the format against this list.

No secret token either: some paths are secrets themselves (a password-reset link, an email
confirmation link, a rating link). The logger class (portal/gunicorn_logging.py) writes them as
"/rate/[redacted]/"; its TOKEN_ROUTES is the one list of those routes.
"""

access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}i)s'
logger_class = "portal.gunicorn_logging.RedactingLogger"
