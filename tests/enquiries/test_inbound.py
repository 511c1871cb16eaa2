"""Inbound email through anymail's webhooks (Postmark, Mailgun, Amazon SES): matching, the sender check,
quoted text, attachments, automatic replies and loops, follow-ups, replays, forgeries and quarantine."""

from __future__ import annotations

import datetime

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
from allauth.account.models import EmailAddress

from enquiries import services
from enquiries.factories import AdviserFactory, TeamLeadFactory
from enquiries.mail import inbound
from enquiries.mail.outbox import reply_address
from enquiries.models import Attachment, Enquiry, Event, InboundEmail, Message, OutboundEmail
from portal.models import User
from tests.conftest import error_summary_text, field_error_text, soup, visible_text

from .inbound_payloads import (
    PDF_BYTES,
    PROVIDERS,
    basic_auth,
    build_email,
    mailgun_form,
    mailgun_parsed_form,
    post_postmark,
    ses_notification,
)
from .test_workspace import client_for

pytestmark = pytest.mark.django_db

S = Enquiry.Status
ENQUIRER = "sam@example.org"


@pytest.fixture
def ada(teams):
    """An adviser in RtP England: new RtP enquiries from England are assigned to her."""
    return AdviserFactory(email="ada@sor.example", team=teams["rtp_england"])


@pytest.fixture
def ben(teams):
    """An adviser in the IR team."""
    return AdviserFactory(email="ben@sor.example", team=teams["ir"])


@pytest.fixture
def enquiry(ada, submit, django_capture_on_commit_callbacks):
    """An enquiry that an adviser has answered by email (so we have our Message-ID and Reply-To)."""
    enquiry = submit(email=ENQUIRER, name="Sam Returner")
    with django_capture_on_commit_callbacks(execute=True):
        services.adviser_reply(enquiry=enquiry, author=enquiry.assignee, body="You need 30 updating days.")
    enquiry.refresh_from_db()
    assert enquiry.status == S.AWAITING_ENQUIRER
    mail.outbox.clear()
    return enquiry


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """Post an email through a provider's inbound webhook and run the processing task."""

    def do(provider, message, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            response = PROVIDERS[provider](client, message, **kwargs)
        return response

    return do


def reply_email(enquiry, **overrides):
    last = enquiry.emails.filter(kind=OutboundEmail.Kind.REPLY).order_by("-created_at").first()
    options = {
        "sender": f"Sam Returner <{ENQUIRER}>",
        "to": reply_address(enquiry),
        "subject": f"Re: Your request {enquiry.reference}",
        "text": (
            "Thanks, I will book a course.\n\n"
            "Best wishes\nSam\n\n"
            "On Mon, 23 Nov 2026 at 10:00, SoR advice <advice@sor.example> wrote:\n"
            "> You need 30 updating days.\n"
        ),
        "in_reply_to": last.header_message_id if last else "",
    }
    options.update(overrides)
    return build_email(**options)


@pytest.mark.parametrize("provider", sorted(PROVIDERS))
def test_reply_lands_on_its_enquiry_with_quoted_text_hidden(provider, enquiry, send):
    response = send(provider, reply_email(enquiry))

    assert response.status_code == 200
    record = InboundEmail.objects.get()
    assert record.status == InboundEmail.Status.THREADED
    assert record.matched_by == InboundEmail.MatchedBy.REPLY_ADDRESS
    message = record.message
    assert message.enquiry == enquiry and message.kind == Message.Kind.INBOUND and message.via_email
    assert "> You need 30 updating days." in message.body  # the whole email is kept
    assert message.display_body.startswith("Thanks, I will book a course.")
    assert "wrote:" not in message.display_body and "30 updating days" not in message.display_body
    enquiry.refresh_from_db()
    assert enquiry.status == S.OPEN  # the enquirer answered: back to the adviser, with a fresh deadline
    assert enquiry.due_at is not None
    assert Event.objects.filter(enquiry=enquiry, kind=Event.Kind.REPLIED, data__via="email").exists()
    notice = OutboundEmail.objects.get(kind=OutboundEmail.Kind.ENQUIRER_REPLIED)
    assert notice.to == enquiry.assignee.email


@pytest.mark.parametrize("provider", sorted(PROVIDERS))
def test_replayed_event_is_processed_once(provider, enquiry, client, django_capture_on_commit_callbacks):
    email = reply_email(enquiry)
    if provider == "mailgun":
        payload = {"form": mailgun_form(email)}
    elif provider == "amazon_ses":
        payload = {"notification": ses_notification(email)}
    else:
        payload = {}
    statuses = []
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            statuses.append(PROVIDERS[provider](client, email, **payload).status_code)
    # A signed Mailgun token or an SNS MessageId is refused when it comes again; Postmark signs nothing
    # that could be remembered, so its replay is answered 200 and recognised by the email's Message-ID.
    assert statuses == [200, 200, 200] if provider == "postmark" else [200, 403, 403]

    assert InboundEmail.objects.count() == 1
    assert enquiry.messages.filter(kind=Message.Kind.INBOUND, via_email=True).count() == 1
    assert OutboundEmail.objects.filter(kind=OutboundEmail.Kind.ENQUIRER_REPLIED).count() == 1


def test_same_email_through_two_providers_is_threaded_once(enquiry, send):
    email = reply_email(enquiry)
    send("postmark", email)
    send("amazon_ses", email)
    assert enquiry.messages.filter(via_email=True).count() == 1


def test_task_run_twice_processes_once(enquiry, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        post_postmark(client, reply_email(enquiry))
    record = InboundEmail.objects.get()
    assert record.status == InboundEmail.Status.RECEIVED  # saved before the webhook answered
    assert record.raw.size > 0
    assert inbound.inbound_process(record.pk) == InboundEmail.Status.THREADED
    assert inbound.inbound_process(record.pk) == InboundEmail.Status.THREADED
    assert enquiry.messages.filter(via_email=True).count() == 1


def test_lost_task_is_picked_up_by_the_sweep(enquiry, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        post_postmark(client, reply_email(enquiry))
    InboundEmail.objects.update(received_at=timezone.now() - datetime.timedelta(minutes=5))
    assert inbound.inbound_process_pending() == 1
    assert InboundEmail.objects.get().status == InboundEmail.Status.THREADED
    assert inbound.inbound_process_pending() == 0


def test_one_email_that_keeps_failing_does_not_hold_up_the_sweep(
    enquiry, client, django_capture_on_commit_callbacks, caplog, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=False):
        post_postmark(client, reply_email(enquiry, text="First, unreadable"))
        post_postmark(client, reply_email(enquiry, text="Second, fine"))
    first, second = InboundEmail.objects.order_by("pk")
    InboundEmail.objects.update(received_at=timezone.now() - datetime.timedelta(minutes=5))
    # Fault injection: reading the first email crashes in a way the code does not expect.
    original = inbound.load_message

    def fragile(record):
        if record.pk == first.pk:
            raise RuntimeError("parser crashed")
        return original(record)

    monkeypatch.setattr(inbound, "load_message", fragile)
    for _ in range(inbound.SWEEP_MAX_ATTEMPTS + 1):
        inbound.inbound_process_pending()

    first.refresh_from_db()
    second.refresh_from_db()
    assert second.status == InboundEmail.Status.THREADED  # processed on the first sweep
    assert first.status == InboundEmail.Status.FAILED and first.attempts == inbound.SWEEP_MAX_ATTEMPTS
    assert "after 5 tries" in first.reason
    assert "could not be processed (RuntimeError)" in caplog.text and ENQUIRER not in caplog.text
    assert inbound.inbound_process_pending() == 0


@pytest.mark.parametrize(
    ("provider", "options"), [("postmark", {"raw": True}), ("mailgun", {}), ("amazon_ses", {})]
)
@pytest.mark.parametrize(
    "sender", ["undisclosed-recipients:;", "<>", "Sam <not an address>", '"Sam" <sam@@example.org>']
)
def test_an_email_with_a_broken_from_header_is_kept_and_held(provider, options, sender, enquiry, send):
    """Providers that pass on the raw email (Postmark with its RawEmail option, Mailgun, SES)."""
    response = send(provider, reply_email(enquiry, sender=sender), **options)
    assert response.status_code == 200
    record = InboundEmail.objects.get()
    assert record.status == InboundEmail.Status.QUARANTINED  # an adviser decides; nothing is lost
    assert record.enquiry == enquiry and record.raw.size > 0


def test_a_stranger_flooding_an_enquiry_cannot_make_the_enquirers_reply_look_like_a_loop(enquiry, send):
    for number in range(inbound.LOOP_LIMIT_PER_HOUR + 2):
        send("postmark", reply_email(enquiry, sender="Mallory <mallory@evil.example>", text=f"Spam {number}"))
    send("postmark", reply_email(enquiry, text="My real answer"))
    real = InboundEmail.objects.order_by("-pk").first()
    assert real.status == InboundEmail.Status.THREADED
    assert enquiry.messages.filter(via_email=True).get().display_body.startswith("My real answer")


def test_emails_forged_from_the_enquirers_address_cannot_make_their_own_reply_look_like_a_loop(
    enquiry, send, settings
):
    """Anyone can write the enquirer's address in a From header and the reference in a subject. A flood
    of such emails is never threaded (held, then counted as a loop among themselves), and the
    enquirer's real reply to the signed reply address, which a stranger does not have, still lands."""
    for number in range(inbound.LOOP_LIMIT_PER_HOUR + 2):
        forged = build_email(
            sender=f"Sam Returner <{ENQUIRER}>",
            to=f"help@{settings.INBOUND_EMAIL_DOMAIN}",
            subject=f"Re: Your request {enquiry.reference}",
            text=f"Forged {number}",
        )
        send("postmark", forged)
    assert not InboundEmail.objects.filter(status=InboundEmail.Status.THREADED).exists()
    assert InboundEmail.objects.filter(status=InboundEmail.Status.AUTO_REPLY).count() == 2

    send("mailgun", reply_email(enquiry, text="My real answer"))

    real = InboundEmail.objects.order_by("-pk").first()
    assert (real.status, real.matched_by) == (
        InboundEmail.Status.THREADED,
        InboundEmail.MatchedBy.REPLY_ADDRESS,
    )
    assert enquiry.messages.filter(via_email=True).get().display_body.startswith("My real answer")


def test_an_automatic_reply_to_the_signed_reply_address_is_still_not_threaded(enquiry, send):
    for number in range(3):
        send(
            "postmark",
            reply_email(enquiry, headers={"Auto-Submitted": "auto-replied"}, text=f"Away {number}"),
        )
    assert set(InboundEmail.objects.values_list("status", flat=True)) == {InboundEmail.Status.AUTO_REPLY}


# Forgeries ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("provider", ["postmark", "mailgun", "amazon_ses"])
def test_wrong_webhook_secret_is_refused(provider, enquiry, send):
    response = send(provider, reply_email(enquiry), auth=basic_auth("anymail-test:guessed"))
    assert response.status_code == 400
    assert not InboundEmail.objects.exists()
    assert enquiry.messages.filter(via_email=True).count() == 0


@pytest.mark.parametrize("provider", ["postmark", "mailgun"])
def test_missing_webhook_secret_is_refused(provider, enquiry, send):
    response = send(provider, reply_email(enquiry), auth={})
    assert response.status_code == 400
    assert not InboundEmail.objects.exists()


def test_ses_without_credentials_gets_the_basic_auth_challenge(enquiry, send):
    response = send("amazon_ses", reply_email(enquiry), auth={})
    assert response.status_code == 401
    assert "Basic" in response["WWW-Authenticate"]
    assert not InboundEmail.objects.exists()


def test_mailgun_with_a_bad_signature_is_refused(enquiry, send):
    response = send("mailgun", reply_email(enquiry), signing_key="not-the-real-key")
    assert response.status_code == 400
    assert not InboundEmail.objects.exists()


def test_forged_reply_address_does_not_match(enquiry, send):
    token_of_other = reply_address(enquiry).replace("reply+", "reply+x")
    send("postmark", reply_email(enquiry, to=token_of_other, in_reply_to="", subject="Hello"))
    record = InboundEmail.objects.get()
    assert record.status == InboundEmail.Status.QUARANTINED
    assert record.enquiry is None
    assert enquiry.messages.filter(via_email=True).count() == 0


# Matching -----------------------------------------------------------------------------------------------


def test_matched_by_in_reply_to_when_the_reply_address_is_lost(enquiry, send):
    send("mailgun", reply_email(enquiry, to="advice@reply.portal.sor.example"))
    record = InboundEmail.objects.get()
    assert (record.status, record.matched_by) == (
        InboundEmail.Status.THREADED,
        InboundEmail.MatchedBy.HEADERS,
    )
    assert record.enquiry == enquiry


def test_matched_by_references_among_other_ids(enquiry, send):
    ours = enquiry.emails.get(kind=OutboundEmail.Kind.ACKNOWLEDGEMENT).header_message_id
    references = f"<first@mail.example.com> {ours} <other@elsewhere.example>"
    send(
        "amazon_ses",
        reply_email(enquiry, to="advice@reply.portal.sor.example", in_reply_to="", references=references),
    )
    record = InboundEmail.objects.get()
    assert (record.status, record.matched_by) == (
        InboundEmail.Status.THREADED,
        InboundEmail.MatchedBy.HEADERS,
    )


def subject_only(enquiry, **overrides):
    """A new email (no reply address, no In-Reply-To) that names the enquiry only in its subject."""
    options = {
        "to": "advice@reply.portal.sor.example",
        "in_reply_to": "",
        "subject": f"Question about {enquiry.reference.lower()} please",
    }
    return reply_email(enquiry, **{**options, **overrides})


def test_matched_by_reference_in_the_subject_when_ses_verified_the_sender(enquiry, send):
    send("amazon_ses", subject_only(enquiry))
    record = InboundEmail.objects.get()
    assert (record.status, record.matched_by) == (
        InboundEmail.Status.THREADED,
        InboundEmail.MatchedBy.SUBJECT,
    )
    assert record.enquiry == enquiry and record.sender_verified


def test_matched_by_subject_with_a_trusted_authentication_results_header(enquiry, send, settings):
    settings.INBOUND_TRUSTED_AUTHSERV_IDS = ["inbound.postmarkapp.com"]
    verdict = (
        "inbound.postmarkapp.com; spf=pass smtp.mailfrom=example.org; dmarc=pass header.from=example.org"
    )
    send("postmark", subject_only(enquiry, headers={"Authentication-Results": verdict}))
    record = InboundEmail.objects.get()
    assert (record.status, record.enquiry) == (InboundEmail.Status.THREADED, enquiry)


def test_no_authentication_results_header_is_trusted_until_one_is_named(enquiry, send, settings):
    """By default only SES's own verdict counts: a header the sender wrote must not pass, whatever
    server it names."""
    assert settings.INBOUND_TRUSTED_AUTHSERV_IDS == []
    forged = "amazonses.com; spf=pass smtp.mailfrom=example.org; dmarc=pass header.from=example.org"
    send("postmark", subject_only(enquiry, headers={"Authentication-Results": forged}))
    assert InboundEmail.objects.get().status == InboundEmail.Status.QUARANTINED


@pytest.mark.parametrize(
    ("provider", "headers", "ses_dmarc"),
    [
        ("postmark", {}, None),  # no verdict at all
        ("mailgun", {}, None),
        ("amazon_ses", {}, "FAIL"),  # SES says the From domain failed DMARC
        ("amazon_ses", {}, "GRAY"),  # or has no DMARC policy
        # The sender wrote their own verdict: not from a server we trust.
        (
            "postmark",
            {"Authentication-Results": "mx.forger.example; dmarc=pass header.from=example.org"},
            None,
        ),
        # A trusted server's verdict for another domain.
        (
            "postmark",
            {"Authentication-Results": "inbound.postmarkapp.com; dmarc=pass header.from=evil.example"},
            None,
        ),
        (
            "postmark",
            {"Authentication-Results": "inbound.postmarkapp.com; dmarc=fail header.from=example.org"},
            None,
        ),
    ],
)
def test_a_forged_from_with_the_reference_in_the_subject_is_held(
    provider, headers, ses_dmarc, enquiry, send, settings
):
    """Anyone who has seen a subject line knows the reference: without the reply address or one of our
    Message-IDs, an email that merely says it is from the enquirer waits for an adviser."""
    settings.INBOUND_TRUSTED_AUTHSERV_IDS = ["inbound.postmarkapp.com"]
    kwargs = {"dmarc": ses_dmarc} if ses_dmarc else {}
    send(provider, subject_only(enquiry, headers=headers), **kwargs)
    record = InboundEmail.objects.get()
    assert (record.status, record.enquiry, record.matched_by) == (
        InboundEmail.Status.QUARANTINED,
        enquiry,
        InboundEmail.MatchedBy.SUBJECT,
    )
    assert "could not be verified" in record.reason
    assert not enquiry.messages.filter(via_email=True).exists()


def test_reply_address_wins_over_other_clues(enquiry, teams, submit, send):
    other = submit(email=ENQUIRER, subject="Another question")
    send("postmark", reply_email(enquiry, subject=f"Re: {other.reference}"))
    assert InboundEmail.objects.get().enquiry == enquiry


def test_reply_to_a_merged_enquiry_lands_on_the_one_it_joined(enquiry, submit, send):
    target = submit(email=ENQUIRER, subject="The same question again")
    services.enquiry_merge(enquiry=enquiry, into=target)
    send("postmark", reply_email(enquiry))
    record = InboundEmail.objects.get()
    assert record.enquiry == target
    assert target.messages.filter(via_email=True).count() == 1


# The sender check ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("provider", sorted(PROVIDERS))
def test_sender_who_is_not_the_enquirer_is_quarantined(provider, enquiry, send):
    send(provider, reply_email(enquiry, sender="Someone Else <someone@elsewhere.example>"))

    record = InboundEmail.objects.get()
    assert record.status == InboundEmail.Status.QUARANTINED
    assert record.enquiry == enquiry
    assert "not the enquirer" in record.reason
    assert enquiry.messages.filter(via_email=True).count() == 0
    assert Event.objects.filter(enquiry=enquiry, kind=Event.Kind.QUARANTINED).exists()
    notice = OutboundEmail.objects.get(kind=OutboundEmail.Kind.QUARANTINED)
    assert notice.to == enquiry.assignee.email
    assert "someone@elsewhere.example" not in notice.body_text  # no addresses in the notice


def test_sender_matching_is_case_insensitive(enquiry, send):
    send("postmark", reply_email(enquiry, sender="Sam <SAM@Example.ORG>"))
    assert InboundEmail.objects.get().status == InboundEmail.Status.THREADED


def test_verified_address_of_the_enquirers_account_is_accepted(enquiry, send):
    user = User.objects.create_user(email=ENQUIRER, password="a-long-password-1")
    EmailAddress.objects.create(user=user, email="sam.work@nhs.example", verified=True)
    Enquiry.objects.filter(pk=enquiry.pk).update(user=user)
    send("postmark", reply_email(enquiry, sender="Sam <sam.work@nhs.example>"))
    assert InboundEmail.objects.get().status == InboundEmail.Status.THREADED


def test_unverified_address_of_the_account_is_quarantined(enquiry, send):
    user = User.objects.create_user(email=ENQUIRER, password="a-long-password-1")
    EmailAddress.objects.create(user=user, email="sam.work@nhs.example", verified=False)
    Enquiry.objects.filter(pk=enquiry.pk).update(user=user)
    send("postmark", reply_email(enquiry, sender="Sam <sam.work@nhs.example>"))
    assert InboundEmail.objects.get().status == InboundEmail.Status.QUARANTINED


def test_email_matching_nothing_is_quarantined_without_an_enquiry(enquiry, send):
    send(
        "postmark",
        build_email(sender=f"Sam <{ENQUIRER}>", to="advice@reply.portal.sor.example", subject="Hello"),
    )
    record = InboundEmail.objects.get()
    assert record.status == InboundEmail.Status.QUARANTINED
    assert record.enquiry is None and record.reason == "No enquiry matches this email"


def test_provider_spam_verdict_is_quarantined(enquiry, send):
    send("amazon_ses", reply_email(enquiry), spam="FAIL")
    record = InboundEmail.objects.get()
    assert record.status == InboundEmail.Status.QUARANTINED and "spam" in record.reason


# Automatic replies and loops ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides",
    [
        {"headers": {"Auto-Submitted": "auto-replied"}},
        {"headers": {"Precedence": "bulk"}},
        {"headers": {"X-Autoreply": "yes"}},
        {"headers": {"List-Id": "<radiographers.lists.example>"}},
        {"subject": "Automatic reply: Your request"},
        {"subject": "Out of Office: back on Monday"},
        {"sender": "Mail Delivery System <MAILER-DAEMON@mail.example.com>"},
    ],
    ids=["auto-submitted", "precedence", "x-autoreply", "list", "automatic-reply", "out-of-office", "daemon"],
)
def test_automatic_replies_are_not_threaded(overrides, enquiry, send):
    send("postmark", reply_email(enquiry, **overrides))
    record = InboundEmail.objects.get()
    assert record.status == InboundEmail.Status.AUTO_REPLY
    assert record.enquiry == enquiry  # kept against it for the record
    assert enquiry.messages.filter(via_email=True).count() == 0
    enquiry.refresh_from_db()
    assert enquiry.status == S.AWAITING_ENQUIRER  # an out-of-office does not restart the clock
    assert not OutboundEmail.objects.filter(kind=OutboundEmail.Kind.ENQUIRER_REPLIED).exists()


def test_auto_submitted_no_is_a_person(enquiry, send):
    send("postmark", reply_email(enquiry, headers={"Auto-Submitted": "no"}))
    assert InboundEmail.objects.get().status == InboundEmail.Status.THREADED


def test_our_own_email_coming_back_is_a_loop(enquiry, send):
    ours = enquiry.emails.get(kind=OutboundEmail.Kind.REPLY).header_message_id
    send("postmark", reply_email(enquiry, message_id=ours))
    record = InboundEmail.objects.get()
    assert record.status == InboundEmail.Status.AUTO_REPLY and "loop" in record.reason.lower()


def test_email_from_the_portals_own_address_is_a_loop(enquiry, send, settings):
    send("postmark", reply_email(enquiry, sender=settings.DEFAULT_FROM_EMAIL))
    assert InboundEmail.objects.get().status == InboundEmail.Status.AUTO_REPLY


def test_a_flood_for_one_enquiry_is_treated_as_a_loop(enquiry, send):
    for number in range(inbound.LOOP_LIMIT_PER_HOUR + 2):
        send("postmark", reply_email(enquiry, text=f"Message {number}"))
    statuses = list(InboundEmail.objects.order_by("pk").values_list("status", flat=True))
    assert (
        statuses[: inbound.LOOP_LIMIT_PER_HOUR]
        == [InboundEmail.Status.THREADED] * inbound.LOOP_LIMIT_PER_HOUR
    )
    assert set(statuses[inbound.LOOP_LIMIT_PER_HOUR :]) == {InboundEmail.Status.AUTO_REPLY}


# Closed enquiries ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("provider", sorted(PROVIDERS))
def test_reply_to_a_closed_enquiry_opens_a_new_linked_one(provider, enquiry, send):
    services.enquiry_transition(enquiry=enquiry, to=S.CLOSED)
    send(provider, reply_email(enquiry, subject=f"Re: {enquiry.reference} one more question"))

    record = InboundEmail.objects.get()
    assert record.status == InboundEmail.Status.FOLLOW_UP
    follow_up = record.enquiry
    assert follow_up.pk != enquiry.pk and follow_up.follow_up_of == enquiry
    assert follow_up.status == S.NEW and follow_up.email == ENQUIRER and follow_up.name == enquiry.name
    assert (follow_up.nation, follow_up.topic, follow_up.pathway) == (
        enquiry.nation,
        enquiry.topic,
        enquiry.pathway,
    )
    assert follow_up.subject == "one more question"
    first = follow_up.messages.get()
    assert first.via_email and first.display_body.startswith("Thanks, I will book a course.")
    assert follow_up.due_at is not None and follow_up.team is not None
    enquiry.refresh_from_db()
    assert enquiry.status == S.CLOSED  # the closed one stays closed
    assert Event.objects.filter(
        enquiry=enquiry, kind=Event.Kind.FOLLOW_UP, data__follow_up=follow_up.pk
    ).exists()
    ack = OutboundEmail.objects.get(kind=OutboundEmail.Kind.ACKNOWLEDGEMENT, enquiry=follow_up)
    assert ack.to == ENQUIRER and follow_up.reference in ack.subject + ack.body_text


def test_replayed_reply_to_a_closed_enquiry_opens_one_follow_up(enquiry, send):
    services.enquiry_transition(enquiry=enquiry, to=S.CLOSED)
    email = reply_email(enquiry)
    send("postmark", email)
    send("postmark", email)
    assert Enquiry.objects.filter(follow_up_of=enquiry).count() == 1


def test_a_second_reply_to_a_closed_enquiry_joins_the_open_follow_up(enquiry, send):
    services.enquiry_transition(enquiry=enquiry, to=S.CLOSED)
    send("postmark", reply_email(enquiry, text="One more question"))
    send("postmark", reply_email(enquiry, text="And another thing"))
    follow_up = Enquiry.objects.get(follow_up_of=enquiry)
    assert [m.body.split("\n")[0] for m in follow_up.messages.order_by("created_at")] == [
        "One more question",
        "And another thing",
    ]
    assert list(InboundEmail.objects.order_by("pk").values_list("status", "enquiry")) == [
        (InboundEmail.Status.FOLLOW_UP, follow_up.pk),
        (InboundEmail.Status.THREADED, follow_up.pk),
    ]
    # Once the follow-up has ended too, the next reply opens a new one, linked to the first enquiry.
    services.enquiry_transition(enquiry=follow_up, to=S.WITHDRAWN)
    send("postmark", reply_email(enquiry, text="A new question months later"))
    assert Enquiry.objects.filter(follow_up_of=enquiry).count() == 2


def test_a_loop_of_replies_to_a_closed_enquiry_is_caught_on_its_follow_up(enquiry, send):
    services.enquiry_transition(enquiry=enquiry, to=S.CLOSED)
    for number in range(inbound.LOOP_LIMIT_PER_HOUR + 2):
        send("postmark", reply_email(enquiry, text=f"Message {number}"))
    follow_up = Enquiry.objects.get(follow_up_of=enquiry)
    assert follow_up.messages.count() == inbound.LOOP_LIMIT_PER_HOUR
    statuses = list(InboundEmail.objects.order_by("pk").values_list("status", flat=True))
    assert statuses[-2:] == [InboundEmail.Status.AUTO_REPLY] * 2


def test_reply_to_a_resolved_enquiry_reopens_it(enquiry, send):
    services.enquiry_transition(enquiry=enquiry, to=S.RESOLVED)
    send("postmark", reply_email(enquiry))
    enquiry.refresh_from_db()
    assert enquiry.status == S.OPEN
    assert not Enquiry.objects.filter(follow_up_of=enquiry).exists()


# Content: attachments, HTML, hostile text ---------------------------------------------------------------


def test_attachments_pass_the_upload_checks(enquiry, send):
    attachments = [
        ("certificate.pdf", "application/pdf", PDF_BYTES),
        ("evil.pdf", "application/pdf", b"MZ\x90\x00 not a pdf at all"),
        ("script.exe", "application/octet-stream", b"MZ\x90\x00"),
    ]
    send("postmark", reply_email(enquiry, attachments=attachments))
    message = InboundEmail.objects.get().message
    stored = list(message.attachments.all())
    assert [a.original_name for a in stored] == ["certificate.pdf"]
    assert stored[0].content_type == "application/pdf"
    assert stored[0].file.read() == PDF_BYTES
    event = Event.objects.get(enquiry=enquiry, kind=Event.Kind.REPLIED, data__via="email")
    refused = " ".join(event.data["refused_attachments"])
    assert "evil.pdf" in refused and "script.exe" in refused


@pytest.mark.parametrize("provider", ["postmark", "mailgun_parsed"])
def test_a_reply_with_a_large_attachment_is_kept(
    provider, enquiry, send, client, django_capture_on_commit_callbacks
):
    """A 6 MB scan is over Django's 5 MB request limit once Base64-encoded in a JSON body: the webhook
    still takes it (Postmark), and Mailgun's parsed route streams it as a file."""
    scan = PDF_BYTES + b"%" + b"0" * (6 * 1024 * 1024)
    email = reply_email(enquiry, attachments=[("scan.pdf", "application/pdf", scan)])
    with django_capture_on_commit_callbacks(execute=True):
        if provider == "postmark":
            response = post_postmark(client, email)
        else:
            response = client.post(
                "/anymail/mailgun/inbound/", data=mailgun_parsed_form(email), **basic_auth()
            )
    assert response.status_code == 200
    message = InboundEmail.objects.get().message
    attachment = Attachment.objects.get(message=message)
    assert attachment.original_name == "scan.pdf" and attachment.size == len(scan)


def test_a_webhook_body_over_the_limit_is_refused_with_413(enquiry, client, settings):
    settings.INBOUND_WEBHOOK_MAX_BYTES = 64 * 1024
    email = reply_email(enquiry, attachments=[("scan.pdf", "application/pdf", PDF_BYTES + b"0" * 100_000)])
    assert post_postmark(client, email).status_code == 413
    assert not InboundEmail.objects.exists()


def test_at_most_three_attachments_are_kept(enquiry, send):
    attachments = [(f"page-{n}.pdf", "application/pdf", PDF_BYTES) for n in range(5)]
    send("mailgun", reply_email(enquiry, attachments=attachments))
    assert Attachment.objects.count() == 3
    event = Event.objects.get(enquiry=enquiry, kind=Event.Kind.REPLIED, data__via="email")
    assert len(event.data["refused_attachments"]) == 2


def test_html_only_email_is_read_as_text_without_scripts(enquiry, send):
    html = (
        "<html><head><style>p{color:red}</style></head><body><p>Yes please &amp; thank you</p>"
        "<script>alert('x')</script><blockquote>You need 30 updating days.</blockquote></body></html>"
    )
    send("postmark", reply_email(enquiry, text=None, html=html))
    message = InboundEmail.objects.get().message
    assert "Yes please & thank you" in message.body
    assert "alert" not in message.body and "color:red" not in message.body


def test_hostile_text_is_kept_as_text_and_escaped_in_the_workspace(enquiry, send, ada):
    send("postmark", reply_email(enquiry, text="<script>alert('owned')</script>\x00\x07 Hello"))
    message = InboundEmail.objects.get().message
    assert "\x00" not in message.body and "<script>" in message.body
    page = client_for(ada).get(f"/admin/enquiries/{enquiry.pk}/")
    html = page.content.decode()
    assert "&lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt;" in html  # shown as text
    assert "<script>alert('owned')</script>" not in html  # never as markup
    assert not any("owned" in (tag.string or "") for tag in soup(html).find_all("script"))


@pytest.mark.parametrize(
    "signature",
    [
        "-- \nSam Returner\nBand 6 diagnostic radiographer\n07700 900123",
        "Sent from my iPhone",
        "Sent from Outlook for Android",
    ],
    ids=["sig-dashes", "iphone", "outlook-mobile"],
)
def test_the_senders_signature_is_hidden_but_kept(signature, enquiry, send):
    text = f"Thanks, I will book a course.\n\n{signature}\n"
    send("postmark", reply_email(enquiry, text=text))
    message = InboundEmail.objects.get().message
    assert message.display_body.strip() == "Thanks, I will book a course."
    assert signature.splitlines()[-1] in message.body  # the whole email is kept


# Quarantine in the workspace ----------------------------------------------------------------------------


@pytest.fixture
def held(enquiry, send):
    send("postmark", reply_email(enquiry, sender="Sam at work <sam.jones@trust.nhs.example>"))
    record = InboundEmail.objects.get()
    assert record.status == InboundEmail.Status.QUARANTINED
    return record


def test_adviser_sees_the_held_email_and_adds_it_to_the_enquiry(held, ada, enquiry):
    client = client_for(ada)
    listing = client.get("/admin/enquiries/inbound/")
    assert listing.status_code == 200
    assert "sam.jones@trust.nhs.example" in visible_text(listing)
    assert enquiry.reference in visible_text(listing)

    page = client.get(f"/admin/enquiries/inbound/{held.pk}/")
    text = visible_text(page)
    assert "Thanks, I will book a course." in text
    assert "The sender is not the enquirer's address" in text
    assert soup(page).find("input", {"name": "reference"})["value"] == enquiry.reference

    response = client.post(
        f"/admin/enquiries/inbound/{held.pk}/",
        {"action": "release", "reference": enquiry.reference, "confirm": "on"},
    )
    assert response.status_code == 302 and response["Location"] == f"/admin/enquiries/{enquiry.pk}/"
    held.refresh_from_db()
    assert held.status == InboundEmail.Status.RELEASED and held.handled_by == ada
    assert held.message.enquiry == enquiry and held.message.via_email
    assert Event.objects.filter(enquiry=enquiry, kind=Event.Kind.EMAIL_RECEIVED, actor=ada).exists()
    workspace_page = client.get(f"/admin/enquiries/{enquiry.pk}/")
    assert "Thanks, I will book a course." in visible_text(workspace_page)
    assert "Show the whole email" in visible_text(workspace_page)


def test_release_needs_a_reference_and_the_check(held, ada):
    client = client_for(ada)
    response = client.post(f"/admin/enquiries/inbound/{held.pk}/", {"action": "release", "reference": ""})
    assert response.status_code == 200
    assert "Enter the reference of the enquiry this email belongs to" in field_error_text(
        response, "reference"
    )
    assert "Confirm that you have checked who sent the email" in error_summary_text(response)
    held.refresh_from_db()
    assert held.status == InboundEmail.Status.QUARANTINED


def test_release_to_an_enquiry_of_another_team_is_refused(held, ada, ben, submit):
    other = submit(email="someone@example.org", pathway=None)  # routed to the IR team
    assert other.team.slug == "ir"
    response = client_for(ada).post(
        f"/admin/enquiries/inbound/{held.pk}/",
        {"action": "release", "reference": other.reference, "confirm": "on"},
    )
    assert "No enquiry of your teams has that reference" in field_error_text(response, "reference")
    assert other.messages.count() == 1


def test_hostile_reference_is_a_clear_error(held, ada):
    response = client_for(ada).post(
        f"/admin/enquiries/inbound/{held.pk}/",
        {"action": "release", "reference": "<script>alert(1)</script>' OR 1=1 --", "confirm": "on"},
    )
    assert response.status_code == 200
    assert "Enter a reference like SOR-7K4M-Q2XD" in field_error_text(response, "reference")
    assert "<script>alert(1)" not in response.content.decode()


def test_adviser_discards_a_held_email(held, ada):
    client = client_for(ada)
    response = client.post(f"/admin/enquiries/inbound/{held.pk}/", {"action": "discard", "reason": "Spam"})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == InboundEmail.Status.DISCARDED and held.reason == "Discarded: Spam"
    again = client.post(
        f"/admin/enquiries/inbound/{held.pk}/",
        {"action": "release", "reference": held.enquiry.reference, "confirm": "on"},
    )
    assert again.status_code == 200, again
    assert "This email has already been dealt with." in soup(again).find(id="error-summary").get_text()


def test_adviser_of_another_team_cannot_see_it(held, ben):
    client = client_for(ben)
    assert client.get(f"/admin/enquiries/inbound/{held.pk}/").status_code == 404
    assert client.post(f"/admin/enquiries/inbound/{held.pk}/", {"action": "discard"}).status_code == 404
    assert "sam.jones@trust.nhs.example" not in visible_text(client.get("/admin/enquiries/inbound/"))
    held.refresh_from_db()
    assert held.status == InboundEmail.Status.QUARANTINED


def test_unmatched_email_is_seen_by_team_leads_not_advisers(enquiry, send, ada, teams):
    send("postmark", build_email(sender="x@spam.example", to="advice@reply.portal.sor.example", subject="Hi"))
    record = InboundEmail.objects.get(enquiry__isnull=True)
    assert client_for(ada).get(f"/admin/enquiries/inbound/{record.pk}/").status_code == 404
    lead = TeamLeadFactory(email="lead@sor.example", team=teams["rtp_england"])
    assert client_for(lead).get(f"/admin/enquiries/inbound/{record.pk}/").status_code == 200


def test_enquirers_and_anonymous_people_cannot_reach_it(held, client):
    assert client.get(f"/admin/enquiries/inbound/{held.pk}/").status_code == 302
    enquirer = User.objects.create_user(email=ENQUIRER, password="a-long-password-1")
    client.force_login(enquirer)
    response = client.get(f"/admin/enquiries/inbound/{held.pk}/")
    assert response.status_code == 302 and "/admin/" not in response["Location"]


def test_release_needs_csrf(held, ada):
    client = client_for(ada, enforce_csrf_checks=True)
    response = client.post(
        f"/admin/enquiries/inbound/{held.pk}/",
        {"action": "release", "reference": held.enquiry.reference, "confirm": "on"},
    )
    assert response.status_code == 403
    held.refresh_from_db()
    assert held.status == InboundEmail.Status.QUARANTINED


def list_queries(client) -> int:
    client.get("/admin/enquiries/inbound/")  # warm Wagtail's and Django's own caches first
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/admin/enquiries/inbound/")
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_inbound_list_queries_stay_flat(ada, enquiry, send):
    client = client_for(ada)
    for number in range(2):
        send("postmark", reply_email(enquiry, sender=f"other{number}@elsewhere.example", text=f"n{number}"))
    few = list_queries(client)
    for number in range(2, 9):
        send("postmark", reply_email(enquiry, sender=f"other{number}@elsewhere.example", text=f"n{number}"))
    assert list_queries(client) == few
    assert few <= 20


def test_webhook_query_count_is_bounded(enquiry, send, django_assert_max_num_queries):
    with django_assert_max_num_queries(60):
        send("postmark", reply_email(enquiry))
    assert InboundEmail.objects.get().status == InboundEmail.Status.THREADED


def test_workspace_shows_held_emails_and_follow_ups(held, ada, enquiry, send):
    client = client_for(ada)
    page = client.get(f"/admin/enquiries/{enquiry.pk}/")
    assert "1 email for this enquiry is held for checking" in visible_text(page)
    assert f"/admin/enquiries/inbound/{held.pk}/" in [a["href"] for a in soup(page).find_all("a", href=True)]
    assert "An email was held for checking (The sender's address is not the enquirer's)" in visible_text(page)

    services.enquiry_transition(enquiry=enquiry, to=S.CLOSED)
    send("postmark", reply_email(enquiry, text="One more thing."))
    follow_up = Enquiry.objects.get(follow_up_of=enquiry)
    old_page = visible_text(client.get(f"/admin/enquiries/{enquiry.pk}/"))
    assert f"follow-up {follow_up.reference} opened" in old_page
    new_page = client.get(f"/admin/enquiries/{follow_up.pk}/")
    assert f"Follows on from {enquiry.reference}" in visible_text(new_page)
    assert "One more thing." in visible_text(new_page)


def test_enquirer_sees_their_emailed_reply_without_the_quoted_text(enquiry, send, client):
    user = User.objects.create_user(email=ENQUIRER, password="a-long-password-1")
    EmailAddress.objects.create(user=user, email=ENQUIRER, verified=True, primary=True)
    Enquiry.objects.filter(pk=enquiry.pk).update(user=user)
    send("postmark", reply_email(enquiry))
    client.force_login(user)
    page = client.get(f"/my-enquiries/{enquiry.reference}/")
    thread = soup(page).find_all("li", class_="sor-thread__message--inbound")[-1]
    shown = thread.find("details")
    assert "Thanks, I will book a course." in thread.get_text()
    assert "Show the whole email" in shown.get_text() and "wrote:" in shown.get_text()


def test_deploy_check_demands_a_webhook_secret(settings):
    from enquiries.checks import inbound_webhooks_are_authenticated

    assert inbound_webhooks_are_authenticated(None) == []
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": ""}
    [error] = inbound_webhooks_are_authenticated(None)
    assert error.id == "enquiries.E001" and "ANYMAIL_WEBHOOK_SECRET" in error.msg


def test_deploy_check_asks_for_a_cache_every_process_shares_when_webhooks_are_mounted(settings):
    """Replays are refused by remembering signatures in the cache: a local-memory one is per process."""
    from enquiries.checks import webhook_replays_are_remembered_by_every_process as check

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    [warning] = check(None)
    assert warning.id == "enquiries.W003" and "REDIS_URL" in warning.hint
    settings.ANYMAIL_WEBHOOK_PROVIDERS = []
    assert check(None) == []  # no webhooks mounted: nothing to remember
    settings.ANYMAIL_WEBHOOK_PROVIDERS = ["postmark"]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://cache:6379",
        }
    }
    assert check(None) == []


def test_a_provider_anymail_has_no_webhooks_for_is_reported(settings):
    from enquiries.checks import webhook_providers_have_webhooks as check

    assert check(None) == []
    settings.ANYMAIL_WEBHOOK_PROVIDERS = ["postmarkk"]
    [warning] = check(None)
    assert warning.id == "enquiries.W004" and "postmarkk" in warning.msg and "postmark" in warning.hint


def test_an_accounts_enquiry_takes_replies_only_from_that_accounts_verified_addresses(submit):
    """An enquiry saved by account A with B's address (possible before the help form checked
    ownership) must not thread B's emails into A's enquiry, nor A's unverified addresses."""
    owner = User.objects.create_user(email="ada@example.org", password="x-long-password-1")
    EmailAddress.objects.create(user=owner, email="ada@example.org", verified=True, primary=True)
    EmailAddress.objects.create(user=owner, email="ada.work@example.org", verified=False)
    enquiry = submit(email="bea@example.org")
    enquiry.user = owner
    enquiry.save(update_fields=["user"])
    assert not inbound.sender_is_enquirer("bea@example.org", enquiry)
    assert not inbound.sender_is_enquirer("ada.work@example.org", enquiry)
    assert inbound.sender_is_enquirer("ADA@example.org", enquiry)
    anonymous = submit(email="cy@example.org")
    assert inbound.sender_is_enquirer("cy@example.org", anonymous)
