"""Structured logs (portal/log.py): JSON lines with the request id, no personal data, and an error alert
to ADMINS through the outbox, at most one per quarter hour."""

import io
import json
import logging

from django.core.cache import cache
from django.test import override_settings
from django.urls import include, path

import pytest

from enquiries.models import OutboundEmail
from portal.log import sentry_before_send

pytestmark = pytest.mark.django_db

ADDRESS = "jo.bloggs@example.org"


def boom(request):
    raise ValueError(f"duplicate key value: email={ADDRESS}")


handler500 = "portal.views.server_error"
urlpatterns = [path("boom/", boom), path("", include("portal.urls"))]


@pytest.fixture
def console():
    """The configured console handler (JSON formatter, request-id and scrub filters), writing here."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@pytest.fixture
def errors_client(client):
    client.raise_request_exception = False
    cache.delete("portal:error-alert")
    yield client
    cache.delete("portal:error-alert")


def lines(stream) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_every_response_carries_a_request_id(client):
    first, second = client.get("/robots.txt"), client.get("/robots.txt")

    assert len(first["X-Request-ID"]) == 32 and first["X-Request-ID"] != second["X-Request-ID"]


def test_the_request_id_from_nginx_is_kept(client):
    response = client.get("/robots.txt", headers={"X-Request-ID": "0f1e2d3c4b5a69788796a5b4c3d2e1f0"})

    assert response["X-Request-ID"] == "0f1e2d3c4b5a69788796a5b4c3d2e1f0"


@pytest.mark.parametrize(
    "hostile", ["x", "a b c d e f g h", "abc\ndef-1234", "<script>alert(1)</script>", "9" * 200]
)
def test_an_implausible_request_id_is_replaced(client, hostile):
    response = client.get("/robots.txt", headers={"X-Request-ID": hostile})

    assert response["X-Request-ID"] != hostile and len(response["X-Request-ID"]) == 32


@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_is_one_json_line_with_its_request_id_and_no_personal_data(errors_client, console):
    response = errors_client.get("/boom/?token=secret-one-time-token&email=jo.bloggs%40example.org")

    assert response.status_code == 500
    [line] = [entry for entry in lines(console) if entry["logger"] == "django.request"]
    assert line["level"] == "ERROR"
    assert line["request_id"] == response["X-Request-ID"]
    assert "ValueError" in line["exc_info"] and "[email]" in line["exc_info"]
    text = console.getvalue()
    assert ADDRESS not in text and "secret-one-time-token" not in text and "jo.bloggs" not in text
    assert "time" in line and "message" in line


def test_a_token_path_is_redacted_in_the_log(console):
    logging.getLogger("django.request").error("Internal Server Error: %s", "/rate/abc123token/")

    assert "abc123token" not in console.getvalue()
    assert "/rate/[redacted]/" in lines(console)[-1]["message"]


@override_settings(ROOT_URLCONF=__name__, ADMINS=[("Support", "support@sor.example")])
def test_admins_get_one_short_alert_per_quarter_hour_through_the_outbox(errors_client, console):
    first = errors_client.get("/boom/")
    errors_client.get("/boom/")

    [alert] = OutboundEmail.objects.filter(kind=OutboundEmail.Kind.ADMIN_ALERT)
    assert alert.to == "support@sor.example"
    assert "ValueError" in alert.subject
    assert first["X-Request-ID"] in alert.body_text and "GET /boom/" in alert.body_text
    assert ADDRESS not in alert.body_text and "duplicate key" not in alert.body_text


@override_settings(ROOT_URLCONF=__name__, ADMINS=[])
def test_no_alert_without_admins(errors_client, console):
    errors_client.get("/boom/")

    assert not OutboundEmail.objects.filter(kind=OutboundEmail.Kind.ADMIN_ALERT).exists()


def test_sentry_events_lose_cookies_body_query_user_and_addresses():
    event = {
        "request": {
            "url": "https://portal.example/rate/abc123token/?x=1",
            "query_string": "token=abc",
            "cookies": {"sessionid": "s3cret"},
            "data": {"email": ADDRESS},
            "headers": {"Cookie": "sessionid=s3cret", "User-Agent": "Firefox", "Authorization": "Basic x"},
        },
        "user": {"email": ADDRESS, "ip_address": "10.0.0.1"},
        "exception": {"values": [{"type": "IntegrityError", "value": f"Key (email)=({ADDRESS}) exists"}]},
    }

    scrubbed = sentry_before_send(event, {})

    text = json.dumps(scrubbed)
    assert (
        ADDRESS not in text and "s3cret" not in text and "abc123token" not in text and "10.0.0.1" not in text
    )
    assert "token=abc" not in text and "Basic x" not in text
    assert scrubbed["request"]["url"] == "https://portal.example/rate/[redacted]/"
    assert scrubbed["request"]["headers"] == {"User-Agent": "Firefox"}
    assert "[email]" in scrubbed["exception"]["values"][0]["value"]


def test_gunicorn_access_lines_are_json_with_their_fields_apart_and_no_query_string():
    import datetime
    import runpy
    from pathlib import Path
    from types import SimpleNamespace

    from gunicorn.config import Config

    from portal.log import JsonFormatter

    config = Config()
    for name, value in runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py")).items():
        if name in config.settings:
            config.set(name, value)
    gunicorn_logger = config.logger_class(config)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    gunicorn_logger.access_log.handlers = [handler]
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/search/?q=jo.bloggs%40example.org",
        "PATH_INFO": "/search/",
        "QUERY_STRING": "q=jo.bloggs%40example.org",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
    }
    request = SimpleNamespace(headers=[("X-REQUEST-ID", "0f1e2d3c4b5a69788796a5b4c3d2e1f0")])
    response = SimpleNamespace(status="200 OK", status_code=200, sent=5120, headers=[])

    gunicorn_logger.access(response, request, environ, datetime.timedelta(milliseconds=41))

    line = json.loads(stream.getvalue())
    assert line["logger"] == "gunicorn.access" and line["level"] == "INFO"
    assert (line["method"], line["path"], line["status"], line["bytes"], line["duration_ms"]) == (
        "GET",
        "/search/",
        200,
        5120,
        41,
    )
    assert line["request_id"] == "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    assert "jo.bloggs" not in stream.getvalue() and "203.0.113.9" not in stream.getvalue()


def test_production_reports_to_sentry_only_with_a_dsn_and_without_personal_data(tmp_path):
    import os
    import secrets
    import subprocess
    import sys
    from pathlib import Path

    probe = (
        "import sentry_sdk; c = sentry_sdk.get_client(); "
        "print(c.is_active(), c.options.get('send_default_pii'), getattr(c.options.get('before_send'), '__name__', None))"
    )
    base_env = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "SENTRY_DSN"}},
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }

    def run(**extra):
        result = subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", "shell", "-c", probe],
            cwd=Path(__file__).resolve().parents[2],
            env={**base_env, **extra},
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return result.stdout.strip().splitlines()[-1]

    assert run().startswith("False")
    assert run(SENTRY_DSN="http://public@127.0.0.1:8699/1") == "True False sentry_before_send"
