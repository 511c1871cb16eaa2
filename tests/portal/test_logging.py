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
