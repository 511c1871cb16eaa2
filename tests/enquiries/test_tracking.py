"""Delivery tracking through anymail's tracking webhooks (Postmark, Mailgun, Amazon SES): each email
shows sent, delivered, deferred, bounced or complained; hard bounces and complaints suppress the
address, tell the adviser and stop further sends; replays change nothing; forgeries get 400."""

from __future__ import annotations

import datetime
import json
import logging

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from enquiries import services
from enquiries.factories import AdviserFactory, TeamLeadFactory
from enquiries.mail import outbox, tracking
from enquiries.models import DeliveryEvent, Enquiry, Event, OutboundEmail, Suppression
from tests.conftest import error_summary_text, field_error_text, soup, visible_text
from tests.enquiries.conftest import WebhookClient

from .test_workspace import client_for, workspace
from .tracking_payloads import (
    PROVIDERS,
    SES_TRACKING,
    basic_auth,
    build_event,
    mailgun_event,
    post_event,
    post_mailgun,
    post_postmark,
    post_ses,
    postmark_bounce,
    postmark_delivery,
    postmark_open,
    provider_message_id,
    send_event,
    ses_delivery,
    sns_notification,
)

pytestmark = pytest.mark.django_db

S = Enquiry.Status
D = OutboundEmail.Delivery
ENQUIRER = "sam@example.org"
T0 = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=datetime.UTC)
SUPPRESSIONS = "/admin/snippets/enquiries/suppression/"


@pytest.fixture(autouse=True)
def events_at_fixed_times(settings):
    """These tests post events that happened at fixed times (T0, two hours later, a day later) to test
    their order. Amazon SNS's Timestamp is both the event's time (as anymail reads it) and what the
    webhooks' freshness window checks, so here the window is opened wide; the window itself, and
    replays, are tested in tests/faults/test_webhook_corpus.py. (Mailgun signs the time it posts,
    which the payload builder sets to now, apart from the event's time.)"""
    settings.WEBHOOK_TIMESTAMP_TOLERANCE_SECONDS = 3650 * 24 * 3600


@pytest.fixture
def ada(teams):
    return AdviserFactory(email="ada@sor.example", team=teams["rtp_england"], last_name="Adviser")


@pytest.fixture
def lead(teams):
    return TeamLeadFactory(email="lead@sor.example", team=teams["rtp_england"], capacity=0)


@pytest.fixture
def enquiry(ada, submit):
    return submit(name="Sam Returner", email=ENQUIRER, subject="How many updating days do I need?")


@pytest.fixture
def ack(enquiry):
    return enquiry.emails.get(kind=OutboundEmail.Kind.ACKNOWLEDGEMENT)


@pytest.fixture
def client(django_capture_on_commit_callbacks):
    return WebhookClient(django_capture_on_commit_callbacks)


@pytest.fixture
def reply(django_capture_on_commit_callbacks):
    """An adviser's reply through the service, with its email's delivery run after commit."""

    def do(enquiry, author, body="Here is your answer."):
        with django_capture_on_commit_callbacks(execute=True):
            return services.adviser_reply(enquiry=enquiry, author=author, body=body, then=S.OPEN)

    return do


def sent_as(email: OutboundEmail, provider: str) -> str:
    """Give the email the provider's message id, as deliver() saves it from the send response."""
    message_id = provider_message_id(provider)
    OutboundEmail.objects.filter(pk=email.pk).update(esp_message_id=message_id)
    email.refresh_from_db()
    return message_id


def event(client, provider, kind, email, *, at=T0, recipient=None):
    message_id = email.esp_message_id
    response, payload = send_event(
        client, provider, kind, message_id=message_id, recipient=recipient or email.to, at=at
    )
    assert response.status_code == 200, response.content
    return payload


def problem_notices(to=None):
    emails = OutboundEmail.objects.filter(kind=OutboundEmail.Kind.DELIVERY_PROBLEM)
    return emails.filter(to=to) if to else emails


# --------------------------------------------------------------------------------------------------
# Each provider's events update the right email
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_delivery_event_marks_that_email_delivered_and_no_other(client, provider, enquiry, ack):
    sent_as(ack, provider)
    notice = enquiry.emails.get(kind=OutboundEmail.Kind.ADVISER_NOTICE)
    sent_as(notice, provider)

    event(client, provider, "delivered", ack, at=T0)

    ack.refresh_from_db()
    notice.refresh_from_db()
    assert ack.delivery == D.DELIVERED and ack.delivery_at == T0
    assert notice.delivery == "" and notice.delivery_at is None
    recorded = DeliveryEvent.objects.get()
    assert (recorded.email, recorded.provider, recorded.event_type) == (ack, provider, D.DELIVERED)
    assert recorded.occurred_at == T0
    assert not Suppression.objects.exists()


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_hard_bounce_suppresses_the_address_tells_the_adviser_and_stops_the_next_send(
    client, provider, enquiry, ack, ada, mailoutbox, reply
):
    sent_as(ack, provider)
    mailoutbox.clear()

    event(client, provider, "hard_bounce", ack)

    ack.refresh_from_db()
    assert ack.delivery == D.BOUNCED
    suppression = Suppression.objects.get()
    assert (suppression.email, suppression.reason) == (ENQUIRER, Suppression.Reason.BOUNCED)
    audit = enquiry.events.get(kind=Event.Kind.DELIVERY)
    assert audit.data["problem"] == D.BOUNCED and audit.data["to_enquirer"] and audit.data["adviser_told"]
    # The adviser is told, by email (in the test outbox), with a link and no address.
    [notice] = [m for m in mailoutbox if m.to == ["ada@sor.example"]]
    assert notice.subject == f"Email bounced: we can no longer email the enquirer on {enquiry.reference}"
    assert f"/admin/enquiries/{enquiry.pk}/" in notice.body and "stopped emailing" in notice.body
    assert ENQUIRER not in notice.body and ENQUIRER not in notice.alternatives[0][0]

    # The adviser's next reply is saved, but not sent to the suppressed address.
    mailoutbox.clear()
    message = reply(enquiry, ada)
    reply = message.emails.get(kind=OutboundEmail.Kind.REPLY)
    assert outbox.deliver(reply.pk) == OutboundEmail.Status.SUPPRESSED
    reply.refresh_from_db()
    assert reply.status == OutboundEmail.Status.SUPPRESSED and reply.next_attempt_at is None
    assert not [m for m in mailoutbox if ENQUIRER in m.to]
    assert outbox.deliver_due_retries() == 0  # never retried


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_spam_complaint_suppresses_the_address_and_tells_the_adviser(
    client, provider, enquiry, ack, mailoutbox
):
    sent_as(ack, provider)
    event(client, provider, "delivered", ack, at=T0)
    mailoutbox.clear()

    event(client, provider, "complaint", ack, at=T0 + datetime.timedelta(hours=2))

    ack.refresh_from_db()
    assert ack.delivery == D.COMPLAINED
    assert Suppression.objects.get().reason == Suppression.Reason.COMPLAINED
    [notice] = [m for m in mailoutbox if m.to == ["ada@sor.example"]]
    assert notice.subject.startswith("Marked as spam:")
    assert "Do not email them again unless they ask us to" in notice.body


@pytest.mark.parametrize("provider", PROVIDERS)
def test_a_soft_bounce_is_deferred_and_suppresses_nothing(client, provider, enquiry, ack, mailoutbox):
    sent_as(ack, provider)
    mailoutbox.clear()

    event(client, provider, "soft_bounce", ack)

    ack.refresh_from_db()
    assert ack.delivery == D.DEFERRED
    assert not Suppression.objects.exists()
    assert not problem_notices().exists() and mailoutbox == []
    assert not enquiry.events.filter(kind=Event.Kind.DELIVERY).exists()
    # A delivery after the delay replaces "deferred".
    event(client, provider, "delivered", ack, at=T0 + datetime.timedelta(minutes=30))
    ack.refresh_from_db()
    assert ack.delivery == D.DELIVERED


def test_postmark_transient_bounces_are_deferred_too(client, ack):
    message_id = sent_as(ack, "postmark")
    post_postmark(
        client, postmark_bounce(message_id=message_id, recipient=ENQUIRER, at=T0, type_="Transient")
    )
    ack.refresh_from_db()
    assert ack.delivery == D.DEFERRED and not Suppression.objects.exists()


# --------------------------------------------------------------------------------------------------
# Replays, forgeries, strangers
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("kind", ["delivered", "hard_bounce"])
def test_a_replayed_event_is_processed_once(client, provider, kind, enquiry, ack, mailoutbox):
    message_id = sent_as(ack, provider)
    mailoutbox.clear()
    payload = build_event(provider, kind, message_id=message_id, recipient=ENQUIRER, at=T0)
    assert post_event(client, provider, payload).status_code == 200
    # Mailgun's token and SNS's MessageId are remembered: their replays are refused. Postmark signs
    # nothing that could be remembered: its replay is answered 200 and recognised by its event.
    for _ in range(2):
        assert post_event(client, provider, payload).status_code == (200 if provider == "postmark" else 403)

    assert DeliveryEvent.objects.count() == 1
    if kind == "hard_bounce":
        assert Suppression.objects.count() == 1
        assert enquiry.events.filter(kind=Event.Kind.DELIVERY).count() == 1
        assert problem_notices().count() == 1
        assert len([m for m in mailoutbox if m.to == ["ada@sor.example"]]) == 1


def test_postmark_deliveries_carry_no_id_but_are_still_recognised_when_replayed(client, ack):
    message_id = sent_as(ack, "postmark")
    payload = postmark_delivery(message_id=message_id, recipient=ENQUIRER, at=T0)
    post_postmark(client, payload)
    post_postmark(client, payload)
    recorded = DeliveryEvent.objects.get()
    assert recorded.event_id.startswith("derived:")
    # A different delivery of the same message (another time) is a different event.
    post_postmark(
        client, postmark_delivery(message_id=message_id, recipient=ENQUIRER, at=T0 + datetime.timedelta(1))
    )
    assert DeliveryEvent.objects.count() == 2


@pytest.mark.parametrize("provider", PROVIDERS)
def test_forged_webhooks_get_400_and_change_nothing(client, provider, enquiry, ack):
    message_id = sent_as(ack, provider)
    payload = build_event(provider, "hard_bounce", message_id=message_id, recipient=ENQUIRER, at=T0)

    wrong = post_event(client, provider, payload, auth="anymail-test:guessed-secret")
    assert wrong.status_code == 400
    missing = post_event(client, provider, payload, auth=None)
    # Amazon SNS first asks for credentials (401 with a challenge), as SNS requires; the others refuse.
    assert missing.status_code == (401 if provider == "amazon_ses" else 400)
    if provider == "amazon_ses":
        assert missing["WWW-Authenticate"].startswith("Basic realm=")

    ack.refresh_from_db()
    assert ack.delivery == "" and not DeliveryEvent.objects.exists()
    assert not Suppression.objects.exists() and not problem_notices().exists()


def test_a_mailgun_event_with_a_bad_signature_gets_400_even_with_the_right_basic_auth(client, ack):
    message_id = sent_as(ack, "mailgun")
    common = {"event": "failed", "severity": "permanent", "reason": "bounce", "recipient": ENQUIRER, "at": T0}
    forged = mailgun_event(message_id=message_id.strip("<>"), signing_key="not-the-key", **common)
    assert post_mailgun(client, forged).status_code == 400
    tampered = mailgun_event(message_id=message_id.strip("<>"), **common)
    tampered["signature"]["token"] = "replayed-with-another-token"
    assert post_mailgun(client, tampered).status_code == 400
    unsigned = mailgun_event(message_id=message_id.strip("<>"), **common)
    del unsigned["signature"]
    assert post_mailgun(client, unsigned).status_code == 400
    assert not DeliveryEvent.objects.exists() and not Suppression.objects.exists()


def test_an_amazon_sns_message_whose_headers_do_not_match_its_body_gets_400(client, ack):
    message_id = sent_as(ack, "amazon_ses")
    sns = sns_notification(ses_delivery(message_id=message_id, recipient=ENQUIRER, at=T0), at=T0)
    forged = client.post(
        SES_TRACKING,
        data=json.dumps(sns),
        content_type="text/plain; charset=UTF-8",
        HTTP_X_AMZ_SNS_MESSAGE_ID="not-the-body-id",
        HTTP_X_AMZ_SNS_MESSAGE_TYPE="Notification",
        **basic_auth(),
    )
    assert forged.status_code == 400
    assert not DeliveryEvent.objects.exists()
    assert post_ses(client, sns).status_code == 200  # the genuine one
    assert DeliveryEvent.objects.count() == 1


@pytest.mark.parametrize("provider", PROVIDERS)
def test_an_event_about_an_email_we_never_sent_is_answered_200_and_ignored(client, provider, ack, caplog):
    sent_as(ack, provider)
    stranger = provider_message_id(provider)
    with caplog.at_level(logging.INFO, logger="enquiries.mail.tracking"):
        response, _ = send_event(
            client, provider, "hard_bounce", message_id=stranger, recipient="x@example.net", at=T0
        )
    assert response.status_code == 200
    assert not DeliveryEvent.objects.exists() and not Suppression.objects.exists()
    assert "do not know" in caplog.text and "x@example.net" not in caplog.text


def test_an_event_about_another_recipient_of_the_message_is_ignored(client, ack):
    message_id = sent_as(ack, "amazon_ses")
    send_event(
        client, "amazon_ses", "hard_bounce", message_id=message_id, recipient="other@example.net", at=T0
    )
    assert not DeliveryEvent.objects.exists() and not Suppression.objects.exists()


def test_opens_are_not_tracked(client, ack):
    message_id = sent_as(ack, "postmark")
    assert (
        post_postmark(client, postmark_open(message_id=message_id, recipient=ENQUIRER, at=T0)).status_code
        == 200
    )
    ack.refresh_from_db()
    assert ack.delivery == "" and not DeliveryEvent.objects.exists()


@pytest.mark.parametrize("provider", PROVIDERS)
def test_an_event_that_arrives_before_the_send_was_recorded_is_matched_by_its_metadata(client, provider, ack):
    """The provider can call back before deliver() has saved its message id: deliver() also sends our
    email's id as metadata (Postmark Metadata, Mailgun user-variables, SES X-Metadata header)."""
    assert ack.esp_message_id == ""
    metadata = {"outbound_email_id": str(ack.pk), "enquiry_id": str(ack.enquiry_id)}
    payload = build_event(
        provider,
        "delivered",
        message_id=provider_message_id(provider),
        recipient=ENQUIRER,
        at=T0,
        metadata=metadata,
    )
    assert post_event(client, provider, payload).status_code == 200
    ack.refresh_from_db()
    assert ack.delivery == D.DELIVERED


@pytest.mark.parametrize("odd", ["²", "-1", "9" * 40])
def test_an_event_whose_metadata_id_is_not_a_number_is_ignored_not_a_server_error(client, ack, odd):
    """str.isdigit() says yes to "²", which int() refuses."""
    payload = build_event(
        "postmark",
        "delivered",
        message_id=provider_message_id("postmark"),
        recipient=ENQUIRER,
        at=T0,
        metadata={"outbound_email_id": odd},
    )
    assert post_event(client, "postmark", payload).status_code == 200
    ack.refresh_from_db()
    assert ack.delivery == ""


def test_an_event_naming_our_own_message_id_header_is_matched(client, ack):
    post_postmark(client, postmark_delivery(message_id=ack.header_message_id, recipient=ENQUIRER, at=T0))
    ack.refresh_from_db()
    assert ack.delivery == D.DELIVERED


# --------------------------------------------------------------------------------------------------
# Out of order
# --------------------------------------------------------------------------------------------------


def test_an_older_sent_event_arriving_after_delivered_does_not_undo_it(client, ack):
    sent_as(ack, "amazon_ses")
    event(client, "amazon_ses", "delivered", ack, at=T0 + datetime.timedelta(seconds=5))
    event(client, "amazon_ses", "sent", ack, at=T0)
    ack.refresh_from_db()
    assert (ack.delivery, ack.delivery_at) == (D.DELIVERED, T0 + datetime.timedelta(seconds=5))
    assert DeliveryEvent.objects.count() == 2  # both kept as history


def test_events_out_of_order_end_on_the_latest_outcome(client, ack):
    sent_as(ack, "postmark")
    # Deferred at 10:00, delivered at 10:30, then a complaint at 12:00 - arriving as 12:00, 10:00, 10:30.
    event(client, "postmark", "complaint", ack, at=T0 + datetime.timedelta(hours=2))
    event(client, "postmark", "soft_bounce", ack, at=T0)
    event(client, "postmark", "delivered", ack, at=T0 + datetime.timedelta(minutes=30))
    ack.refresh_from_db()
    assert ack.delivery == D.COMPLAINED and ack.delivery_at == T0 + datetime.timedelta(hours=2)


def test_a_late_deferral_never_replaces_an_outcome_even_with_a_later_time():
    later = T0 + datetime.timedelta(hours=1)
    assert not tracking.supersedes(D.DEFERRED, later, D.DELIVERED, T0)
    assert not tracking.supersedes(D.SENT, later, D.BOUNCED, T0)
    assert tracking.supersedes(D.BOUNCED, later, D.DELIVERED, T0)  # a bounce can follow "delivered"
    assert not tracking.supersedes(D.DELIVERED, T0, D.BOUNCED, later)
    assert tracking.supersedes(D.COMPLAINED, T0, D.DELIVERED, T0)  # same time: the stronger state wins
    assert tracking.supersedes(D.SENT, T0, "", None)


# --------------------------------------------------------------------------------------------------
# Who is told, and when
# --------------------------------------------------------------------------------------------------


def test_an_unassigned_enquirys_team_inbox_is_told(client, enquiry, ack, teams):
    teams["rtp_england"].email = "rtp-england@sor.example"
    teams["rtp_england"].save()
    Enquiry.objects.filter(pk=enquiry.pk).update(assignee=None)
    sent_as(ack, "postmark")
    event(client, "postmark", "hard_bounce", ack)
    assert problem_notices("rtp-england@sor.example").count() == 1
    assert problem_notices().count() == 1


def test_nobody_to_tell_still_suppresses_and_records(client, enquiry, ack):
    Enquiry.objects.filter(pk=enquiry.pk).update(assignee=None)
    sent_as(ack, "postmark")
    event(client, "postmark", "hard_bounce", ack)
    assert Suppression.objects.filter(email=ENQUIRER).exists()
    audit = enquiry.events.get(kind=Event.Kind.DELIVERY)
    assert audit.data["adviser_told"] is False
    assert not problem_notices().exists()


def test_a_bounce_of_the_advisers_own_notice_suppresses_that_address_but_tells_nobody(client, enquiry):
    notice = enquiry.emails.get(kind=OutboundEmail.Kind.ADVISER_NOTICE)
    sent_as(notice, "postmark")
    event(client, "postmark", "hard_bounce", notice)
    assert Suppression.objects.get().email == "ada@sor.example"
    assert enquiry.events.get(kind=Event.Kind.DELIVERY).data["to_enquirer"] is False
    assert not problem_notices().exists()


def test_the_adviser_is_told_once_per_enquiry_however_many_emails_bounce(client, enquiry, ack, ada, reply):
    sent_as(ack, "mailgun")
    event(client, "mailgun", "hard_bounce", ack)
    reply = reply(enquiry, ada, "Answer").emails.get()
    assert reply.status == OutboundEmail.Status.SUPPRESSED
    # An email sent just before the suppression bounces later too.
    OutboundEmail.objects.filter(pk=reply.pk).update(status=OutboundEmail.Status.SENT)
    reply.refresh_from_db()
    sent_as(reply, "mailgun")
    event(client, "mailgun", "hard_bounce", reply, at=T0 + datetime.timedelta(minutes=5))
    assert enquiry.events.filter(kind=Event.Kind.DELIVERY).count() == 2
    assert problem_notices().count() == 1


def test_a_later_enquiry_from_a_suppressed_address_is_flagged_and_its_adviser_told_once(
    client, submit, enquiry, ack
):
    sent_as(ack, "postmark")
    event(client, "postmark", "hard_bounce", ack)
    Suppression.objects.all().delete()  # lifted
    second = submit(email=ENQUIRER, subject="Another question")
    second_ack = second.emails.get(kind=OutboundEmail.Kind.ACKNOWLEDGEMENT)
    assert second_ack.status == OutboundEmail.Status.SENT
    sent_as(second_ack, "postmark")
    event(client, "postmark", "hard_bounce", second_ack)
    assert problem_notices().count() == 2
    assert problem_notices().filter(enquiry=second).count() == 1


# --------------------------------------------------------------------------------------------------
# The workspace
# --------------------------------------------------------------------------------------------------


def test_the_workspace_shows_each_emails_delivery_state(client, enquiry, ack, ada, reply):
    sent_as(ack, "postmark")
    event(client, "postmark", "delivered", ack, at=T0)
    reply = reply(enquiry, ada, "Sixty days, in short.")
    reply_email = reply.emails.get()
    sent_as(reply_email, "postmark")
    event(client, "postmark", "soft_bounce", reply_email, at=T0 + datetime.timedelta(hours=1))

    page = client_for(ada).get(workspace(enquiry))
    emails = soup(page).find(id="emails")
    rows = {
        row.th.get_text(" ", strip=True): row.get_text(" ", strip=True) for row in emails.tbody.find_all("tr")
    }
    assert "Delivered" in rows["Acknowledgement to enquirer"]
    assert "Deferred" in rows["Adviser reply"]
    assert "ada@sor.example" in rows["Notice to adviser"] and "Sent" in rows["Notice to adviser"]
    message = soup(page).find(id=f"message-{reply.pk}")
    assert "Email to the enquirer: Deferred" in message.get_text(" ", strip=True)
    assert "We are not emailing this enquirer" not in visible_text(page)


def test_the_workspace_warns_when_the_enquirers_address_is_suppressed_and_says_what_to_do(
    client, enquiry, ack, ada, lead
):
    sent_as(ack, "amazon_ses")
    event(client, "amazon_ses", "hard_bounce", ack)

    adviser_page = client_for(ada).get(workspace(enquiry))
    banner = soup(adviser_page).find(id="suppressed-banner").get_text(" ", strip=True)
    assert "We are not emailing this enquirer" in banner and f"Emails to {ENQUIRER} bounced" in banner
    assert (
        "check the address for a typing mistake" in banner and "ask a team lead to lift the block" in banner
    )
    assert "Your reply will be saved here but not emailed" in visible_text(adviser_page)
    history = soup(adviser_page).find("ol", class_="sor-history").get_text(" ", strip=True)
    assert "An email to the enquirer (acknowledgement to enquirer) bounced" in history
    assert "Not sent" not in banner

    lead_page = client_for(lead).get(workspace(enquiry))
    link = soup(lead_page).find(id="suppressed-banner").find("a")
    assert link["href"] == SUPPRESSIONS and ENQUIRER not in link["href"]


def test_the_enquiry_page_query_count_does_not_grow_with_its_emails(client, enquiry, ada, reply):
    staff_client = client_for(ada)
    staff_client.get(workspace(enquiry))

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(workspace(enquiry)).status_code == 200
        return len(captured.captured_queries)

    few = count()
    for i in range(15):
        message = reply(enquiry, ada, f"Reply {i}")
        email = message.emails.get()
        sent_as(email, "postmark")
        event(client, "postmark", "delivered", email, at=T0 + datetime.timedelta(minutes=i))
    assert count() == few


# --------------------------------------------------------------------------------------------------
# Query counts of the webhook
# --------------------------------------------------------------------------------------------------


def test_the_webhook_makes_a_bounded_number_of_queries_however_many_emails_exist(
    client, enquiry, ack, ada, django_assert_max_num_queries, reply
):
    sent_as(ack, "postmark")

    def queries_for(kind, email, at=T0):
        with CaptureQueriesContext(connection) as captured:
            event(client, "postmark", kind, email, at=at)
        return len(captured.captured_queries)

    first = queries_for("delivered", ack)
    for i in range(40):
        extra = reply(enquiry, ada, f"Reply {i}").emails.get()
        sent_as(extra, "postmark")
        event(client, "postmark", "delivered", extra)
    fresh = reply(enquiry, ada, "One more").emails.get()
    sent_as(fresh, "postmark")
    assert queries_for("delivered", fresh) == first  # 41 more emails and events: the same queries
    print(f"\ntracking webhook queries: a delivery {first}")
    # The worst case: a hard bounce that records, suppresses, writes the audit event and queues (and,
    # after commit, sends) the adviser's email.
    with django_assert_max_num_queries(30) as captured:
        event(client, "postmark", "hard_bounce", fresh, at=T0 + datetime.timedelta(minutes=2))
    print(f"tracking webhook queries: a hard bounce {len(captured)}")
    with django_assert_max_num_queries(first) as captured:
        event(client, "postmark", "delivered", ack)  # a replay: looked up and dropped
    print(f"tracking webhook queries: a replay {len(captured)}")


# --------------------------------------------------------------------------------------------------
# The suppressed addresses, for team leads
# --------------------------------------------------------------------------------------------------


def test_team_leads_list_add_and_lift_suppressed_addresses(lead, enquiry, mailoutbox, reply):
    Suppression.objects.create(
        email="bounced@example.net", reason=Suppression.Reason.BOUNCED, detail="Hard bounce"
    )
    client = client_for(lead)
    listing = client.get(SUPPRESSIONS)
    assert listing.status_code == 200 and "bounced@example.net" in visible_text(listing)

    response = client.post(
        SUPPRESSIONS + "add/", {"email": " Sam@Example.ORG ", "detail": "Asked by phone to stop"}
    )
    assert response.status_code == 302
    added = Suppression.objects.get(email=ENQUIRER)
    assert added.reason == Suppression.Reason.MANUAL and added.detail == "Asked by phone to stop"

    # Emails to it stop...
    mailoutbox.clear()
    reply(enquiry, enquiry.assignee, "Answer")
    assert not [m for m in mailoutbox if ENQUIRER in m.to]
    # ... until a team lead lifts it (Wagtail's delete, a POST with confirmation).
    delete_url = f"{SUPPRESSIONS}delete/{added.pk}/"
    assert "Delete" in visible_text(client.get(delete_url))
    assert client.post(delete_url).status_code == 302
    assert not Suppression.objects.filter(email=ENQUIRER).exists()
    reply(enquiry, enquiry.assignee, "Second answer")
    assert [m for m in mailoutbox if ENQUIRER in m.to]


def test_adding_an_address_that_is_invalid_or_already_there_is_refused_with_the_error_by_the_field(lead):
    Suppression.objects.create(email=ENQUIRER, reason=Suppression.Reason.BOUNCED)
    client = client_for(lead)
    for email, message in [
        ("SAM@example.org", "This address is already on the suppressed list."),
        ("not an address", "Enter a valid email address."),
        ("", "This field is required."),
    ]:
        response = client.post(SUPPRESSIONS + "add/", {"email": email, "detail": ""})
        assert response.status_code == 200, email
        assert message in field_error_text(response, "email"), email
        assert message in error_summary_text(response), email
    assert Suppression.objects.count() == 1


def test_hostile_input_is_escaped_and_a_lead_cannot_edit_an_entry(lead):
    client = client_for(lead)
    hostile = "<script>alert(1)</script>"
    client.post(SUPPRESSIONS + "add/", {"email": "x@example.net", "detail": hostile})
    suppression = Suppression.objects.get()
    html = client.get(SUPPRESSIONS).content.decode()
    assert hostile not in html and "&lt;script&gt;" in html
    assert client.post(f"{SUPPRESSIONS}edit/{suppression.pk}/", {"email": "y@example.net"}).status_code == 302
    suppression.refresh_from_db()
    assert suppression.email == "x@example.net"  # no "change" permission: nothing edited


def test_advisers_cannot_see_or_change_the_suppressed_addresses(ada):
    suppression = Suppression.objects.create(email="bounced@example.net", reason=Suppression.Reason.BOUNCED)
    client = client_for(ada)
    assert client.get(SUPPRESSIONS).status_code == 302  # Wagtail's "permission denied" redirect
    assert client.post(SUPPRESSIONS + "add/", {"email": "z@example.net"}).status_code == 302
    assert client.post(f"{SUPPRESSIONS}delete/{suppression.pk}/").status_code == 302
    assert list(Suppression.objects.values_list("email", flat=True)) == ["bounced@example.net"]
