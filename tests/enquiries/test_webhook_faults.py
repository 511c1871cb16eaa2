"""Faults: while the database is down the webhooks answer 503 with Retry-After (so the provider keeps
the event and sends it again), and a worker that dies between sending and recording causes at most one
duplicate."""

from __future__ import annotations

import datetime
import logging
from unittest import mock

from django.db import InterfaceError, OperationalError, ProgrammingError, connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

import pytest

from enquiries.mail import outbox
from enquiries.middleware import WebhookDatabaseErrorMiddleware
from enquiries.models import DeliveryEvent, InboundEmail, OutboundEmail

from .tracking_payloads import (
    POSTMARK_INBOUND,
    PROVIDERS,
    build_event,
    post_event,
    post_postmark,
    postmark_inbound_minimal,
    provider_message_id,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def events_at_fixed_times(settings):
    """Events here happened at T0; Amazon SNS's Timestamp is both their time and what the freshness
    window checks, so the window is opened wide (tests/faults/test_webhook_corpus.py tests it)."""
    settings.WEBHOOK_TIMESTAMP_TOLERANCE_SECONDS = 3650 * 24 * 3600


T0 = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=datetime.UTC)
ENQUIRER = "sam@example.org"


def database_down(execute, sql, params, many, context):
    """Every query fails, as when PostgreSQL is unreachable."""
    raise OperationalError("could not connect to server: Connection refused (sam@example.org)")


def assert_retry_later(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == "Temporarily unavailable: please send this event again later.\n"


@pytest.fixture
def ack(teams, submit):
    enquiry = submit(email=ENQUIRER)
    return enquiry.emails.get(kind=OutboundEmail.Kind.ACKNOWLEDGEMENT)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_tracking_webhook_answers_503_while_the_database_is_down_and_works_once_it_is_back(
    client, provider, ack, caplog, django_capture_on_commit_callbacks
):
    message_id = provider_message_id(provider)
    OutboundEmail.objects.filter(pk=ack.pk).update(esp_message_id=message_id)
    payload = build_event(provider, "hard_bounce", message_id=message_id, recipient=ENQUIRER, at=T0)

    with caplog.at_level(logging.INFO), connection.execute_wrapper(database_down):
        response = post_event(client, provider, payload)
    assert_retry_later(response)
    assert not DeliveryEvent.objects.exists()
    # Logged for the operators, without personal data (the exception's text is not logged).
    assert (
        f"Database unavailable (OperationalError) during the webhook /anymail/{provider}/tracking/"
        in caplog.text
    )
    assert ENQUIRER not in caplog.text

    # The provider retries once the database is back: the event is processed, once (a signed token
    # refused with 503 was not remembered; once accepted, it is: a replay of it is refused).
    with django_capture_on_commit_callbacks(execute=True):
        assert post_event(client, provider, payload).status_code == 200
        assert post_event(client, provider, payload).status_code == (200 if provider == "postmark" else 403)
    ack.refresh_from_db()
    assert ack.delivery == OutboundEmail.Delivery.BOUNCED and DeliveryEvent.objects.count() == 1


def test_the_inbound_webhook_answers_503_while_the_database_is_down(client, caplog):
    with caplog.at_level(logging.INFO), connection.execute_wrapper(database_down):
        response = post_postmark(client, postmark_inbound_minimal(), path=POSTMARK_INBOUND)
    assert_retry_later(response)
    assert not InboundEmail.objects.exists()
    assert (
        "Database unavailable (OperationalError) during the webhook /anymail/postmark/inbound/" in caplog.text
    )
    assert ENQUIRER not in caplog.text and "Sam Returner" not in caplog.text


@pytest.mark.parametrize("provider", ["mailgun", "amazon_ses"])
def test_the_other_inbound_webhooks_answer_503_while_the_database_is_down(provider, client, caplog):
    from .inbound_payloads import PROVIDERS as INBOUND_PROVIDERS
    from .inbound_payloads import build_email

    email = build_email(sender=f"Sam Returner <{ENQUIRER}>", subject="Re: my question")
    with caplog.at_level(logging.INFO), connection.execute_wrapper(database_down):
        response = INBOUND_PROVIDERS[provider](client, email)
    assert_retry_later(response)
    assert not InboundEmail.objects.exists()
    assert (
        f"Database unavailable (OperationalError) during the webhook /anymail/{provider}/inbound/"
        in caplog.text
    )
    assert ENQUIRER not in caplog.text
    # Once the database is back, the provider's retry is saved.
    assert INBOUND_PROVIDERS[provider](client, email).status_code == 200
    assert InboundEmail.objects.get().from_address == ENQUIRER


def test_a_forged_webhook_is_refused_before_the_database_is_touched(client):
    with connection.execute_wrapper(database_down):
        response = post_postmark(client, postmark_inbound_minimal(), path=POSTMARK_INBOUND, auth="x:y")
    assert response.status_code == 400


def test_only_database_errors_on_webhooks_become_503():
    middleware = WebhookDatabaseErrorMiddleware(lambda request: HttpResponse())
    factory = RequestFactory()
    webhook = factory.post("/anymail/mailgun/tracking/")
    page = factory.get("/get-help/")
    assert middleware.process_exception(webhook, ProgrammingError("relation missing")).status_code == 503
    # "connection already closed" is an InterfaceError, which is not a DatabaseError: still a 503.
    assert (
        middleware.process_exception(webhook, InterfaceError("connection already closed")).status_code == 503
    )
    assert middleware.process_exception(page, OperationalError("down")) is None  # a normal 500 elsewhere
    assert middleware.process_exception(webhook, ValueError("a bug")) is None  # a bug stays a 500


# --------------------------------------------------------------------------------------------------
# A worker that dies between sending and recording
# --------------------------------------------------------------------------------------------------


def test_an_email_left_sending_by_a_dead_worker_is_sent_again_exactly_once_after_its_claim_expires(
    ack, mailoutbox
):
    """deliver() claims a row (SENDING, claim until now + CLAIM_TIMEOUT) before it sends. If the worker
    dies after the provider accepted the email but before the row says SENT, the retry sweep takes it
    back once the claim expires and sends it again: the enquirer may get it twice, never more."""
    now = timezone.now()
    # The worker claimed it and sent it (the provider has it), then died before recording "sent".
    OutboundEmail.objects.filter(pk=ack.pk).update(
        status=OutboundEmail.Status.SENDING,
        attempts=1,
        sent_at=None,
        next_attempt_at=now + outbox.CLAIM_TIMEOUT,
    )
    mailoutbox.clear()

    # While the claim holds, nobody touches it.
    assert outbox.deliver_due_retries(now=now + datetime.timedelta(minutes=1)) == 0
    assert outbox.deliver(ack.pk) == "not yet"
    assert mailoutbox == []

    # After it expires, the sweep sends it again: once.
    later = now + outbox.CLAIM_TIMEOUT + datetime.timedelta(seconds=30)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert outbox.deliver_due_retries() == 1
        assert outbox.deliver_due_retries() == 0
        assert outbox.deliver(ack.pk) == OutboundEmail.Status.SENT
    ack.refresh_from_db()
    assert ack.status == OutboundEmail.Status.SENT and ack.attempts == 2
    assert [m.to for m in mailoutbox] == [[ENQUIRER]]
    assert mailoutbox[0].extra_headers["Message-ID"] == ack.header_message_id  # the same email again
