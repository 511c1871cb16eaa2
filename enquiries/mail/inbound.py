"""Inbound email: an enquirer's emailed reply lands on the right enquiry without anyone copying it.

Flow:
1. anymail's inbound webhook (Postmark, Mailgun, Amazon SES, ...) authenticates the request (basic-auth
   secret, plus the provider's signature where anymail checks one) and sends the `inbound` signal.
2. `inbound_received` saves the raw message (private storage) and an InboundEmail row *before* the
   webhook answers, de-duplicated by `dedupe_key`; a database error propagates, so the webhook answers
   with an error and the provider retries. Processing is queued as a task after commit.
3. `inbound_process` (the task) parses the saved message, recognises automatic replies and mail loops,
   matches an enquiry (signed reply address, then In-Reply-To/References against our Message-IDs, then
   the reference in the subject), checks the sender is the enquirer, and threads the message, opens a
   follow-up for a closed enquiry, or holds it in quarantine for an adviser.

Quoted history and signatures are found with mail-parser-reply (a maintained multi-language reply
parser) rather than hand-written patterns; the full text is always kept in Message.body.
"""

from __future__ import annotations

import datetime
import logging
import re

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.dispatch import receiver
from django.utils import timezone

from anymail.inbound import AnymailInboundMessage
from anymail.signals import inbound
from django_tasks import task

from enquiries import services, states
from enquiries.mail.reading import (
    REFERENCE_PATTERN,
    attachments,
    auto_reply_reason,
    dedupe_key,
    from_address,
    header,
    load_message,
    message_text,
    recipients,
    referenced_ids,
    sender_verified,
    visible_reply,
)
from enquiries.models import Enquiry, Event, InboundEmail, Message, OutboundEmail

logger = logging.getLogger(__name__)

S = Enquiry.Status
#: More emails than this for one enquiry within an hour is treated as a mail loop.
LOOP_LIMIT_PER_HOUR = 10


# 1. Saving the raw event ------------------------------------------------------------------------------


@receiver(inbound, dispatch_uid="enquiries.inbound_received")
def inbound_received(sender, event, esp_name, **kwargs):
    inbound_save(
        message=event.message,
        provider=esp_name,
        event_id=event.event_id or "",
        sender_verified=sender_verified(event.message, esp_event=event.esp_event),
    )


def inbound_save(
    *, message: AnymailInboundMessage, provider: str, event_id: str = "", sender_verified: bool = False
) -> tuple[InboundEmail, bool]:
    """Keep the email and queue its processing. Returns (record, created); a replay returns the first."""
    raw = message.as_bytes()
    key = dedupe_key(message, provider=provider, event_id=event_id, raw=raw)
    existing = InboundEmail.objects.filter(dedupe_key=key).first()  # fails first if the database is down
    if existing:
        return existing, False
    record = InboundEmail(
        provider=provider[:40],
        event_id=(event_id or "")[:255],
        dedupe_key=key,
        from_address=from_address(message),
        envelope_recipient=(getattr(message, "envelope_recipient", None) or "")[:254],
        spam_detected=getattr(message, "spam_detected", None),
        sender_verified=sender_verified,
        subject=header(message, "Subject")[:255],
        header_message_id=header(message, "Message-ID")[:255],
    )
    record.raw.save("message.eml", ContentFile(raw), save=False)
    try:
        with transaction.atomic():
            record.save()
            transaction.on_commit(lambda: _enqueue(record.pk))
    except IntegrityError:
        _delete_raw(record)
        return InboundEmail.objects.get(dedupe_key=key), False
    except BaseException:
        # The database refused the row (e.g. it went down after the check above): no raw file without
        # its row. The error propagates, the webhook answers 503 and the provider sends the email again.
        _delete_raw(record)
        raise
    logger.info("Inbound email %s saved from %s", record.pk, provider)
    return record, True


def _delete_raw(record: InboundEmail) -> None:
    try:
        record.raw.delete(save=False)
    except OSError as error:
        logger.error("Could not delete the raw file of an email not saved (%s)", type(error).__name__)


def _enqueue(inbound_id: int) -> None:
    process_inbound_email.enqueue(inbound_id)


# 2. Reading the message -------------------------------------------------------------------------------


#: Tries the recovery sweep gives one email before it is marked as failed (for an adviser to see).
SWEEP_MAX_ATTEMPTS = 5


def inbound_process_pending(*, older_than=datetime.timedelta(minutes=2), limit: int = 200) -> int:
    """Process emails saved but not yet processed (their task was lost or failed); returns how many
    were tried. One email that keeps failing cannot hold up the rest: each try is counted first, an
    error is logged (its class only) and the sweep moves on, and after SWEEP_MAX_ATTEMPTS tries the
    email is marked failed, kept with its raw message, and listed under All inbound email."""
    cutoff = timezone.now() - older_than
    pending = list(
        InboundEmail.objects.filter(status=InboundEmail.Status.RECEIVED, received_at__lte=cutoff)
        .order_by("attempts", "received_at")
        .values_list("pk", "attempts")[:limit]
    )
    for inbound_id, attempts in pending:
        if attempts >= SWEEP_MAX_ATTEMPTS:
            InboundEmail.objects.filter(pk=inbound_id, status=InboundEmail.Status.RECEIVED).update(
                status=InboundEmail.Status.FAILED,
                reason=f"Could not be processed after {attempts} tries",
                processed_at=timezone.now(),
            )
            logger.error("Inbound email %s failed %s times and was set aside", inbound_id, attempts)
            continue
        InboundEmail.objects.filter(pk=inbound_id).update(attempts=F("attempts") + 1)
        try:
            inbound_process(inbound_id)
        except Exception as error:  # noqa: BLE001 - one bad email must not stop the sweep
            logger.error("Inbound email %s could not be processed (%s)", inbound_id, type(error).__name__)
    return len(pending)


# 3. Matching ------------------------------------------------------------------------------------------


def follow_merges(enquiry: Enquiry | None) -> Enquiry | None:
    """A reply to a merged duplicate belongs on the enquiry it joined."""
    seen = set()
    while enquiry is not None and enquiry.merged_into_id and enquiry.pk not in seen:
        seen.add(enquiry.pk)
        enquiry = enquiry.merged_into
    return enquiry


def match_enquiry(message: AnymailInboundMessage, record: InboundEmail) -> tuple[Enquiry | None, str]:
    """The enquiry an email answers, and how it was found."""
    from enquiries.mail.outbox import enquiry_from_reply_address

    M = InboundEmail.MatchedBy
    for address in recipients(message, record):
        enquiry = enquiry_from_reply_address(address)
        if enquiry is not None:
            return follow_merges(enquiry), M.REPLY_ADDRESS
    ids = referenced_ids(message)
    if ids:
        emailed = (
            OutboundEmail.objects.filter(header_message_id__in=ids, enquiry__isnull=False)
            .order_by("-created_at")
            .select_related("enquiry")
            .first()
        )
        if emailed:
            return follow_merges(emailed.enquiry), M.HEADERS
        threaded = Message.objects.filter(message_id__in=ids).select_related("enquiry").first()
        if threaded:
            return follow_merges(threaded.enquiry), M.HEADERS
    found = REFERENCE_PATTERN.search(record.subject)
    if found:
        reference = f"SOR-{found.group(1).upper()}-{found.group(2).upper()}"
        enquiry = Enquiry.objects.filter(reference=reference).first()
        if enquiry:
            return follow_merges(enquiry), M.SUBJECT
    return None, M.NONE


def sender_is_enquirer(address: str, enquiry: Enquiry) -> bool:
    from enquiries.selectors import verified_emails

    address = address.lower()
    if not address or enquiry.anonymised_at:
        return False
    if enquiry.user_id is not None:
        # An account's enquiry answers to that account's verified addresses only: an enquiry saved with
        # someone else's address (possible before the help form checked ownership) never takes that
        # person's replies into another account's thread.
        return address in verified_emails(enquiry.user)
    return address == enquiry.email.lower()


# 4. Processing ----------------------------------------------------------------------------------------


def _message_fields(message: AnymailInboundMessage, record: InboundEmail) -> tuple[str, dict]:
    body = message_text(message) or "(This email had no text.)"
    visible = visible_reply(body)
    return body, {
        "via_email": True,
        "body_visible": visible if visible != body else "",
        "message_id": record.header_message_id,
    }


def finish(record: InboundEmail, status: str, *, reason: str = "", **fields) -> InboundEmail:
    record.status = status
    record.reason = reason[:300]
    record.processed_at = timezone.now()
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()
    return record


def _quarantine(record: InboundEmail, enquiry: Enquiry | None, matched_by: str, reason: str) -> InboundEmail:
    finish(record, InboundEmail.Status.QUARANTINED, reason=reason, enquiry=enquiry, matched_by=matched_by)
    if enquiry is not None:
        Event.objects.create(
            enquiry=enquiry, kind=Event.Kind.QUARANTINED, data={"inbound": record.pk, "reason": reason[:200]}
        )
        from enquiries.mail.enquiry_emails import queue_quarantine_notice

        queue_quarantine_notice(record=record, enquiry=enquiry)
    logger.info("Inbound email %s held for checking", record.pk)
    return record


def _too_many_recent(record: InboundEmail, enquiry: Enquiry, now, matched_by: str) -> bool:
    """A loop is one sender writing to one enquiry again and again (two mail systems answering each
    other without saying so in their headers: those that do are caught as automatic replies first).

    Counted per sender, so a stranger quoting the reference cannot make the enquirer's own reply look
    like a loop; and counted apart for mail that came through the enquiry's signed reply address and
    mail matched any other way. A From header is only a claim: anyone can write the enquirer's address
    there, with the reference (printed in every subject) to match the enquiry. Only someone holding the
    signed reply address, which is in the enquirer's own mailbox, can add to the first count. So ten
    forged emails "from" the enquirer are caught as a loop among themselves (they are held for
    checking anyway), but never make the enquirer's genuine reply to their reply address land as an
    automatic reply; a real loop through the reply address is still caught by its own count."""
    hour_ago = now - datetime.timedelta(hours=1)
    signed = Q(matched_by=InboundEmail.MatchedBy.REPLY_ADDRESS)
    # Replies to an ended enquiry are stored against its follow-up: count those too.
    recent = (
        InboundEmail.objects.filter(
            Q(enquiry=enquiry) | Q(enquiry__follow_up_of=enquiry),
            from_address=record.from_address,
            received_at__gte=hour_ago,
        )
        .filter(signed if matched_by == InboundEmail.MatchedBy.REPLY_ADDRESS else ~signed)
        .exclude(pk=record.pk)
    )
    return recent.count() >= LOOP_LIMIT_PER_HOUR


def inbound_process(inbound_id: int) -> str:
    """Thread, follow up, quarantine or set aside one saved email. Runs once per email: the row is
    locked and only a RECEIVED row is processed, so a replayed task does nothing."""
    with transaction.atomic():
        record = InboundEmail.objects.select_for_update().filter(pk=inbound_id).first()
        if record is None:
            return "missing"
        if record.status != InboundEmail.Status.RECEIVED:
            return record.status
        try:
            message = load_message(record)
        except (OSError, ValueError) as error:
            logger.error("Inbound email %s could not be read: %s", record.pk, type(error).__name__)
            return finish(
                record, InboundEmail.Status.FAILED, reason="The saved email could not be read"
            ).status
        now = timezone.now()
        enquiry, matched_by = match_enquiry(message, record)
        reason = auto_reply_reason(message, record)
        if not reason and enquiry is not None and _too_many_recent(record, enquiry, now, matched_by):
            reason = f"Mail loop: more than {LOOP_LIMIT_PER_HOUR} emails for this enquiry within an hour"
        if reason:
            return finish(
                record, InboundEmail.Status.AUTO_REPLY, reason=reason, enquiry=enquiry, matched_by=matched_by
            ).status
        if record.spam_detected:
            return _quarantine(
                record, enquiry, matched_by, "The email provider marked this email as spam"
            ).status
        if enquiry is None:
            return _quarantine(record, None, matched_by, "No enquiry matches this email").status
        if not sender_is_enquirer(record.from_address, enquiry):
            return _quarantine(
                record, enquiry, matched_by, "The sender's address is not the enquirer's"
            ).status
        if matched_by == InboundEmail.MatchedBy.SUBJECT and not record.sender_verified:
            # The reference is printed in every subject line, so anyone who has seen one could write
            # "From: the enquirer" with it: without a secret (the reply address or a Message-ID) we
            # thread only a sender our provider authenticated.
            return _quarantine(
                record,
                enquiry,
                matched_by,
                "Matched only by the reference in the subject, and the sender's address could not be "
                "verified",
            ).status
        return thread_message(record, message, enquiry, matched_by)


def thread_message(record: InboundEmail, message, enquiry: Enquiry, matched_by: str, *, actor=None) -> str:
    """Add the email to its enquiry, or open a follow-up when the enquiry has ended."""
    if enquiry.status == S.SPAM:
        return _quarantine(record, enquiry, matched_by, "The enquiry was marked as spam").status
    body, fields = _message_fields(message, record)
    files, refused = attachments(message)
    event_data = {"via": "email", "inbound": record.pk}
    if refused:
        event_data["refused_attachments"] = refused[:10]
    if not states.can_reply(enquiry):
        # A second reply to the ended enquiry joins the follow-up the first one opened, while it is open.
        open_follow_up = (
            Enquiry.objects.filter(follow_up_of=enquiry)
            .exclude(status__in=states.FINAL_STATUSES)
            .order_by("-created_at")
            .first()
        )
        if open_follow_up is not None:
            return thread_message(record, message, open_follow_up, matched_by, actor=actor)
        follow_up = follow_up_open(
            previous=enquiry, body=body, fields=fields, files=files, record=record, refused=refused
        )
        status = InboundEmail.Status.FOLLOW_UP if actor is None else InboundEmail.Status.RELEASED
        finish(
            record,
            status,
            enquiry=follow_up,
            message=follow_up.messages.first(),
            matched_by=matched_by,
            handled_by=actor,
        )
        return record.status
    threaded = services.enquirer_reply(
        enquiry=enquiry, user=None, body=body, files=files, email=fields, event_data=event_data
    )
    status = InboundEmail.Status.THREADED if actor is None else InboundEmail.Status.RELEASED
    finish(record, status, enquiry=enquiry, message=threaded, matched_by=matched_by, handled_by=actor)
    logger.info("Inbound email %s added to enquiry %s", record.pk, enquiry.pk)
    return record.status


def _follow_up_subject(subject: str, previous: Enquiry) -> str:
    cleaned = re.sub(r"^\s*((re|fw|fwd|aw)\s*:\s*)+", "", subject, flags=re.IGNORECASE).strip()
    cleaned = REFERENCE_PATTERN.sub("", cleaned).strip(" -:[]()")
    return (cleaned or f"Follow-up to {previous.reference}")[:150]


def follow_up_open(
    *, previous: Enquiry, body: str, fields: dict, files, record: InboundEmail, refused
) -> Enquiry:
    """A reply to an ended enquiry opens a new one linked to it (the old one stays closed, its
    deadline figures untouched); routed and assigned as a new request, and acknowledged by email."""
    cleaned = {
        "who": previous.who,
        "pathway": previous.pathway,
        "nation": previous.nation,
        "profession": previous.profession,
        "topic": previous.topic,
        "hcpc_number": previous.hcpc_number,
        "subject": _follow_up_subject(record.subject, previous),
        "name": previous.name,
        "email": previous.email,
    }
    key = f"inbound:{record.dedupe_key}"
    enquiry, created = services.enquiry_submit(
        **cleaned, body=body, submission_key=key, user=previous.user, files=files
    )
    if created:
        Enquiry.objects.filter(pk=enquiry.pk).update(follow_up_of=previous)
        Message.objects.filter(enquiry=enquiry).update(**fields)
        now = timezone.now()
        data = {"inbound": record.pk, "via": "email"}
        if refused:
            data["refused_attachments"] = refused[:10]
        Event.objects.create(
            enquiry=enquiry,
            kind=Event.Kind.FOLLOW_UP,
            created_at=now,
            data={**data, "follows": previous.pk, "follows_reference": previous.reference},
        )
        Event.objects.create(
            enquiry=previous,
            kind=Event.Kind.FOLLOW_UP,
            created_at=now,
            data={"follow_up": enquiry.pk, "follow_up_reference": enquiry.reference},
        )
        enquiry.refresh_from_db()
    return enquiry


# 5. Quarantine: what advisers see and do --------------------------------------------------------------


# Background tasks (django-tasks) ----------------------------------------------------------------------


@task()
def process_inbound_email(inbound_id: int) -> str:
    """Match and thread (or hold) one saved inbound email."""
    return inbound_process(inbound_id)


@task()
def process_pending_inbound() -> int:
    """Every minute: process saved inbound emails whose task was lost (e.g. a worker restart)."""
    return inbound_process_pending()
