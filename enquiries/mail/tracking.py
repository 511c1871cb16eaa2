"""Delivery tracking: what the email provider says happened to each email we sent.

anymail's tracking webhooks (/anymail/<esp>/tracking/, authenticated by anymail: basic auth, plus
Mailgun's signature) send `anymail.signals.tracking`; `tracking_received` (connected when
EnquiriesConfig.ready imports this module) hands each event to `delivery_event_record`, which

- finds our OutboundEmail by the provider's message id (saved by outbox.deliver), then by our
  own Message-ID, then by the `outbound_email_id` metadata that deliver() attaches to every send;
- saves one DeliveryEvent per provider event, de-duplicated by (provider, event_id), so a replayed or
  retried webhook changes nothing. Providers that give no id (Postmark's Delivery) get a stable id
  derived from what identifies the event;
- moves OutboundEmail.delivery to the latest meaningful state by the event's own time: an outcome
  (delivered, bounced, complained) is never undone by a late "sent" or "deferred";
- on a hard bounce or a spam complaint, puts the address on the suppression list (deliver() then stops
  sending to it), writes a DELIVERY event on the enquiry, and tells the adviser.

Soft bounces count as "deferred" and never suppress. Opens and clicks are ignored (we do not track
them). Events about emails we do not know are ignored (the webhook still answers 200, so the provider
does not retry them forever). Nothing personal is logged: ids, kinds and states only.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.utils import timezone

from anymail.signals import EventType, RejectReason, tracking

from enquiries.models import DeliveryEvent, Event, OutboundEmail, Suppression
from portal.forms import is_whole_number

logger = logging.getLogger(__name__)

D = OutboundEmail.Delivery

#: Outcomes: once an email has one, a "sent" or "deferred" (however late it arrives) does not replace it.
FINAL_STATES = frozenset({D.DELIVERED, D.BOUNCED, D.COMPLAINED})
#: Which state wins when two events carry the same time.
STATE_RANK = {D.SENT: 0, D.DEFERRED: 1, D.DELIVERED: 2, D.BOUNCED: 3, D.COMPLAINED: 4}

#: Postmark bounce types that are temporary (anymail reports SoftBounce as "bounced").
POSTMARK_SOFT_TYPES = frozenset({"SoftBounce", "Transient", "DnsError"})
#: Amazon SES bounce types that are not permanent.
SES_SOFT_TYPES = frozenset({"Transient", "Undetermined"})
#: Reasons for which a bounce or a refusal means the address itself does not work.
HARD_BOUNCE_REASONS = frozenset({RejectReason.BOUNCED, RejectReason.INVALID, None})


def provider_slug(esp_name: str) -> str:
    """'Amazon SES' -> 'amazon_ses': the provider as stored on DeliveryEvent."""
    return "_".join(str(esp_name or "unknown").lower().split())[:40]


def is_soft_bounce(event) -> bool:
    """A temporary failure that anymail reports as a bounce: Postmark's SoftBounce/Transient/DnsError,
    Mailgun's failures with severity "temporary" (anymail already maps these to deferred), Amazon SES's
    Transient and Undetermined bounce types."""
    raw = event.esp_event if isinstance(event.esp_event, Mapping) else {}
    if raw.get("Type") in POSTMARK_SOFT_TYPES:
        return True
    event_data = raw.get("event-data")
    if isinstance(event_data, Mapping) and event_data.get("severity") == "temporary":
        return True
    bounce = raw.get("bounce")
    return isinstance(bounce, Mapping) and bounce.get("bounceType") in SES_SOFT_TYPES


def delivery_state(event) -> str | None:
    """Our delivery state for an anymail tracking event, or None when we do not track that kind."""
    kind = event.event_type
    if kind in (EventType.QUEUED, EventType.SENT):
        return D.SENT
    if kind == EventType.DELIVERED:
        return D.DELIVERED
    if kind == EventType.DEFERRED:
        return D.DEFERRED
    if kind == EventType.COMPLAINED:
        return D.COMPLAINED
    if kind in (EventType.BOUNCED, EventType.REJECTED, EventType.FAILED):
        return D.DEFERRED if kind == EventType.BOUNCED and is_soft_bounce(event) else D.BOUNCED
    return None  # opened, clicked, unsubscribed, autoresponded, unknown...


def suppression_reason(event, state: str) -> str | None:
    """Why this event means we must stop emailing the address, or None.

    A complaint always does; a (hard) bounce does when the address itself failed (not, say, a virus
    notice); a provider's refusal does when it refuses because of an earlier bounce or spam complaint.
    A provider's own failure to send (anymail "failed") is not the address's fault."""
    if state == D.COMPLAINED:
        return Suppression.Reason.COMPLAINED
    if state != D.BOUNCED or event.event_type == EventType.FAILED:
        return None
    if event.event_type == EventType.REJECTED:
        if event.reject_reason == RejectReason.SPAM:
            return Suppression.Reason.COMPLAINED
        if event.reject_reason in (RejectReason.BOUNCED, RejectReason.INVALID):
            return Suppression.Reason.BOUNCED
        return None
    return Suppression.Reason.BOUNCED if event.reject_reason in HARD_BOUNCE_REASONS else None


def supersedes(state: str, at, current: str, current_at) -> bool:
    """Does an event (state at time `at`) replace the email's current delivery state?"""
    if not current or current_at is None:
        return True
    if current in FINAL_STATES and state not in FINAL_STATES:
        return False
    if at != current_at:
        return at > current_at
    return STATE_RANK[state] >= STATE_RANK[current]


def _message_id_variants(message_id: str) -> list[str]:
    bare = message_id.strip().strip("<>")
    return [variant for variant in {message_id.strip(), bare, f"<{bare}>"} if variant and variant != "<>"]


def find_email(event) -> OutboundEmail | None:
    """Our email for a tracking event (locked for update): by the provider's message id, by our own
    Message-ID (some providers report the header), then by the id deliver() put in the metadata."""
    emails = OutboundEmail.objects.select_for_update(of=("self",)).select_related("enquiry")
    message_id = str(event.message_id or "")
    if message_id.strip():
        variants = _message_id_variants(message_id)
        email = emails.filter(esp_message_id__in=variants).order_by("pk").first()
        if email is None:
            email = emails.filter(header_message_id__in=variants).first()
        if email is not None:
            return email
    metadata = event.metadata if isinstance(event.metadata, Mapping) else {}
    ours = str(metadata.get("outbound_email_id") or "")
    if is_whole_number(ours):
        return emails.filter(pk=int(ours)).first()
    return None


def event_key(event, provider: str) -> str:
    """The provider's event id, or (for providers that give none, such as Postmark's Delivery) a stable
    id made from what identifies the event, so that a replay is still recognised."""
    given = str(event.event_id or "").strip()
    if given:
        return given[:255]
    raw = event.esp_event if isinstance(event.esp_event, Mapping) else {}
    parts = [
        provider,
        str(event.message_id or ""),
        str(event.event_type or ""),
        event.timestamp.isoformat() if event.timestamp else "",
        str(event.recipient or "").lower(),
        str(raw.get("RecordType") or raw.get("Type") or ""),
    ]
    return "derived:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def delivery_event_record(*, event, provider: str) -> str:
    """Record one tracking event. Returns what happened: 'recorded', 'duplicate', 'ignored' (a kind we
    do not track, or about another recipient) or 'unknown' (not one of our emails)."""
    state = delivery_state(event)
    if state is None:
        return "ignored"
    with transaction.atomic():
        email = find_email(event)
        if email is None:
            logger.info("Tracking event %s from %s for an email we do not know: ignored", state, provider)
            return "unknown"
        recipient = str(event.recipient or "").strip().lower()
        if recipient and recipient != email.to.strip().lower():
            # e.g. one SES notification about several recipients: each of our emails has one.
            return "ignored"
        key = event_key(event, provider)
        if DeliveryEvent.objects.filter(provider=provider, event_id=key).exists():
            return "duplicate"
        occurred = event.timestamp or timezone.now()
        description = str(event.description or event.mta_response or "")
        try:
            with transaction.atomic():
                DeliveryEvent.objects.create(
                    email=email,
                    provider=provider,
                    event_id=key,
                    event_type=state,
                    reject_reason=str(event.reject_reason or "")[:20],
                    description=" ".join(description.split())[:300],
                    occurred_at=occurred,
                )
        except IntegrityError:
            return "duplicate"  # the same event, recorded by a concurrent request a moment ago
        if supersedes(state, occurred, email.delivery, email.delivery_at):
            email.delivery, email.delivery_at = state, occurred
            email.save(update_fields=["delivery", "delivery_at"])
        reason = suppression_reason(event, state)
        if reason:
            _suppress(email=email, reason=reason, state=state, provider=provider, description=description)
    logger.info("Tracking event %s from %s recorded for email %s", state, provider, email.pk)
    return "recorded"


def _suppress(*, email: OutboundEmail, reason: str, state: str, provider: str, description: str) -> None:
    """Stop emailing the address, note it on the enquiry and, once per enquiry, tell the adviser."""
    from enquiries.mail.enquiry_emails import queue_delivery_problem

    address = email.to.strip().lower()
    detail = f"{D(state).label} reported by {provider}" + (f": {description}" if description else "")
    _, created = Suppression.objects.get_or_create(
        email=address, defaults={"reason": reason, "detail": " ".join(detail.split())[:300]}
    )
    logger.warning("Email %s (%s): %s; the address is suppressed", email.pk, email.kind, state)
    enquiry = email.enquiry
    if enquiry is None:
        return
    to_enquirer = address == enquiry.email.strip().lower()
    told_before = enquiry.events.filter(kind=Event.Kind.DELIVERY, data__adviser_told=True).exists()
    # The adviser hears about an enquirer's address once: when it is first suppressed, or when this
    # enquiry has not had a warning yet (the address may have been suppressed on an earlier enquiry).
    told = bool(
        to_enquirer
        and (created or not told_before)
        and queue_delivery_problem(email=email, problem=state) is not None
    )
    Event.objects.create(
        enquiry=enquiry,
        kind=Event.Kind.DELIVERY,
        data={
            "email_id": email.pk,
            "email_kind": email.kind,
            "problem": state,
            "to_enquirer": to_enquirer,
            "provider": provider,
            "adviser_told": told,
        },
    )


@receiver(tracking, dispatch_uid="enquiries_tracking_received")
def tracking_received(sender, event, esp_name, **kwargs) -> None:
    """Receiver of anymail.signals.tracking (connected when EnquiriesConfig.ready imports this module)."""
    delivery_event_record(event=event, provider=provider_slug(esp_name))
