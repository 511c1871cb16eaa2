"""The demo's mail: emails stay in memory while seeding (those to the refused addresses are refused,
as the provider refuses them), dead letters counted, and the inbound emails and delivery reports of
demo/casework/mail.toml played through the inbound and tracking webhooks' own code. Split from
player.py, which calls these after it has played the enquiries."""

from __future__ import annotations

import datetime
import hashlib
import logging
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import format_datetime

from django.conf import settings
from django.core.mail.backends import locmem
from django.db.models import F, Max
from django.test.utils import override_settings
from django.utils import timezone

from anymail.exceptions import AnymailRecipientsRefused
from anymail.inbound import AnymailInboundMessage
from anymail.signals import AnymailTrackingEvent

from enquiries.demo.data import Casework, Inbound
from enquiries.demo.story_time import marks_now, retime, stamp
from enquiries.mail import inbound, outbox, tracking
from enquiries.models import (
    DeliveryEvent,
    Enquiry,
    InboundEmail,
    OutboundEmail,
    Suppression,
)

#: The email provider the demo's inbound emails and delivery reports come from, as its webhooks name it
#: (demo/casework/mail.toml holds its reports).
PROVIDER = "postmark"


@contextmanager
def logs_at(level: int, *modules):
    """Raise these modules' loggers to `level` while seeding, so that routine lines do not bury the
    command's own report."""
    loggers = [logging.getLogger(module.__name__) for module in modules]
    levels = [log.level for log in loggers]
    for log in loggers:
        log.setLevel(level)
    try:
        yield
    finally:
        for log, previous in zip(loggers, levels, strict=True):
            log.setLevel(previous)


class DemoEmailBackend(locmem.EmailBackend):
    """Where the demo's emails go while seeding: Django's in-memory outbox (nothing leaves the machine),
    except that emails to the refused addresses (demo/casework/mail.toml) are refused, as the provider
    refuses them. seed_enquiries sets `refused` and `refusal` while it runs."""

    refused: frozenset[str] = frozenset()
    refusal = "{addresses}"

    def send_messages(self, messages):
        for message in messages:
            refused = sorted({address.lower() for address in message.recipients()} & self.refused)
            if refused:
                raise AnymailRecipientsRefused(self.refusal.format(addresses=", ".join(refused)))
        return super().send_messages(messages)


@contextmanager
def demo_email(casework: Casework):
    """Whatever EMAIL_BACKEND says, the demo's emails (acknowledgements, replies, notices) stay in memory;
    those to the refused addresses are refused, as the provider would."""
    saved = DemoEmailBackend.refused, DemoEmailBackend.refusal
    DemoEmailBackend.refused, DemoEmailBackend.refusal = casework.refused, casework.refusal
    try:
        with override_settings(EMAIL_BACKEND=f"{DemoEmailBackend.__module__}.DemoEmailBackend"):
            yield
    finally:
        DemoEmailBackend.refused, DemoEmailBackend.refusal = saved


def seed_dead_letters(casework: Casework, new: list[Enquiry]) -> int:
    """How many dead letters this run made: the provider refuses the refused addresses outright
    (AnymailRecipientsRefused), so deliver() puts their acknowledgements straight on the dead-letter
    list at the first attempt, as it would in production (no day of retries for an address that will
    not start working)."""
    return OutboundEmail.objects.filter(
        enquiry__in=[enquiry.pk for enquiry in new],
        to__in=sorted(casework.refused),
        status=OutboundEmail.Status.FAILED,
    ).count()


def _quoted(email: OutboundEmail) -> str:
    """An email of ours as a mail program quotes it under a reply."""
    sent = timezone.localtime(email.sent_at or email.created_at)
    intro = f"On {sent:%a} {sent.day} {sent:%b %Y at %H:%M}, {settings.DEFAULT_FROM_EMAIL} wrote:"
    return "\n".join([intro, *(f"> {line}".rstrip() for line in email.body_text.splitlines())])


def _mime(*, key: str, sender: str, to: str, subject: str, body: str, when, headers=()) -> bytes:
    """An email as the sender's mail program would send it, with a stable Message-ID made from `key`."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(when)
    message["Message-ID"] = f"<demo-{key}@mail.example.org>"
    for name, value in headers:
        message[name] = value
    message.set_content(body)
    return message.as_bytes()


def _latest_reply(enquiry: Enquiry) -> OutboundEmail | None:
    replies = OutboundEmail.objects.filter(enquiry=enquiry, kind=OutboundEmail.Kind.REPLY)
    return replies.order_by("-created_at").first()


def _inbound_email(
    spec: Inbound, created: dict[str, Enquiry], *, now
) -> tuple[datetime.datetime, bytes] | None:
    """One email that came in, as (when it arrived, raw message), or None when what it answers is not
    there: a reply that threads (quoted history and signature hidden), an out-of-office (kept under
    automatic replies), or a new email to the enquiries address (held when it is not the enquirer's
    address, or when it matches nothing)."""
    enquiry = created.get(spec.enquiry) if spec.enquiry else None
    if spec.enquiry and enquiry is None:
        return None
    if spec.kind == "new":
        when = now - datetime.timedelta(hours=spec.hours_ago)
        reference = enquiry.reference if enquiry else ""
        return when, _mime(
            key=spec.key,
            sender=spec.sender,
            to=f"enquiries@{settings.INBOUND_EMAIL_DOMAIN}",
            subject=spec.subject.format(reference=reference),
            body=spec.body.format(reference=reference),
            when=when,
        )
    answer = _latest_reply(enquiry)
    if answer is None:
        return None
    enquiry = answer.enquiry
    if spec.kind == "reply":
        when = max(
            now - datetime.timedelta(hours=spec.hours_ago), answer.created_at + datetime.timedelta(hours=1)
        )
        subject = answer.subject if answer.subject.lower().startswith("re:") else f"Re: {answer.subject}"
        return when, _mime(
            key=spec.key,
            sender=f"{enquiry.name} <{enquiry.email}>",
            to=outbox.reply_address(enquiry),
            subject=subject,
            body=f"{spec.body}\n\n{_quoted(answer)}\n",
            when=when,
            headers=[("In-Reply-To", answer.header_message_id), ("References", answer.header_message_id)],
        )
    when = answer.created_at + datetime.timedelta(minutes=spec.minutes_after_reply)
    return when, _mime(
        key=spec.key,
        sender=f"{enquiry.name} <{enquiry.email}>",
        to=outbox.reply_address(enquiry),
        subject=f"Automatic reply: {answer.subject}",
        body=spec.body,
        when=when,
        headers=[
            ("Auto-Submitted", "auto-replied"),
            ("X-Auto-Response-Suppress", "All"),
            ("In-Reply-To", answer.header_message_id),
        ],
    )


def seed_inbound(casework: Casework, created: dict[str, Enquiry], *, now) -> int:
    """The emails that came in (mail.toml, [[inbound]]), through the inbound webhook's own code: saved by
    inbound_save (which de-duplicates by Message-ID, so each arrives once however often this runs) and
    processed by inbound_process (at once, unless the task backend already ran it), then dated when
    they arrived, with what they caused. Returns how many arrived this run."""
    made = 0
    for spec in casework.inbound:
        email = _inbound_email(spec, created, now=now)
        if email is None:
            continue
        when, raw = email
        marks = marks_now()
        before = Enquiry.objects.filter(pk=created[spec.enquiry].pk).first() if spec.enquiry else None
        record, is_new = inbound.inbound_save(
            message=AnymailInboundMessage.parse_raw_mime_bytes(raw),
            provider=PROVIDER,
            event_id=f"demo-inbound-{spec.key}",
        )
        if not is_new:
            continue
        record.refresh_from_db()
        if record.status == InboundEmail.Status.RECEIVED:
            inbound.inbound_process(record.pk)
            record.refresh_from_db()
        InboundEmail.objects.filter(pk=record.pk).update(
            received_at=when, processed_at=when + datetime.timedelta(seconds=5)
        )
        if record.enquiry_id:
            stamp(record.enquiry, marks, when)
            if before is not None and record.enquiry_id == before.pk:
                retime(before, marks, when)
        made += 1
    return made


def _report_id(email: OutboundEmail, report: str) -> str:
    """A stable Postmark-like numeric id for a report about one email."""
    return str(int(hashlib.sha256(f"{report}:{email.header_message_id}".encode()).hexdigest()[:12], 16))


def _postmark_report(casework: Casework, email: OutboundEmail, report: str, at) -> AnymailTrackingEvent:
    """The tracking event anymail's Postmark webhook would send for this report about one of our emails.
    It names the email by our Message-ID, which tracking.find_email matches (the demo's emails went to
    memory, so there is no provider message id). Postmark gives a Delivery report no id; tracking then
    derives one from the report itself, as it would in production."""
    spec = casework.reports[report]
    event_id = None if report == "delivered" else _report_id(email, report)
    esp_event = {
        "RecordType": spec.record_type,
        "MessageID": email.header_message_id,
        "Recipient": email.to,
        "Details": spec.details,
    }
    if spec.type:
        esp_event.update(ID=int(event_id), Type=spec.type, Description=spec.description)
    return AnymailTrackingEvent(
        event_type=spec.event,
        timestamp=at,
        event_id=event_id,
        esp_event=esp_event,
        message_id=email.header_message_id,
        recipient=email.to,
        reject_reason=spec.reject_reason,
        description=spec.description or None,
        mta_response=spec.details or None,
    )


def seed_delivery_reports(casework: Casework, created: dict[str, Enquiry]) -> int:
    """The provider's delivery reports, through tracking.delivery_event_record (which de-duplicates by
    event id, so each is recorded once however often this runs): the delivery problems first (a hard
    bounce or a complaint suppresses the address and tells the adviser, whose notice is dated with the
    report), then "delivered" for every other email sent about the demo enquiries. Returns how many
    were recorded."""
    first_mark = DeliveryEvent.objects.aggregate(m=Max("pk"))["m"] or 0
    sent = OutboundEmail.objects.filter(
        enquiry__in=[enquiry.pk for enquiry in created.values()], status=OutboundEmail.Status.SENT
    ).select_related("enquiry")
    made, not_delivered = 0, set()
    for problem in casework.delivery_problems:
        email = (
            sent.filter(enquiry=created[problem.enquiry], kind=problem.email).order_by("pk").first()
            if problem.enquiry in created
            else None
        )
        if email is None:
            continue
        if problem.report != "complaint":  # a complaint comes after delivery; a bounce instead of it
            not_delivered.add(email.pk)
        at = (email.sent_at or email.created_at) + datetime.timedelta(seconds=problem.after_seconds)
        marks = marks_now()
        event = _postmark_report(casework, email, problem.report, at)
        if tracking.delivery_event_record(event=event, provider=PROVIDER) != "recorded":
            continue
        made += 1
        stamp(email.enquiry, marks, at + datetime.timedelta(minutes=1))
        Suppression.objects.filter(email=email.to.strip().lower(), created_at__gt=at).update(created_at=at)
    delivered = sent.exclude(pk__in=not_delivered).exclude(kind=OutboundEmail.Kind.QUARANTINED)
    for email in delivered.order_by("pk"):
        at = (email.sent_at or email.created_at) + datetime.timedelta(seconds=3 + email.pk % 40)
        result = tracking.delivery_event_record(
            event=_postmark_report(casework, email, "delivered", at), provider=PROVIDER
        )
        made += result == "recorded"
    # Received when they happened (the webhook answers within seconds).
    DeliveryEvent.objects.filter(pk__gt=first_mark, provider=PROVIDER).update(received_at=F("occurred_at"))
    return made
