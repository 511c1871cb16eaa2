"""Anonymisation of whole enquiries, shared by the retention run (enquiries/retention.py) and erasure on
request (the declarations in enquiries/privacy.py, through portal.privacy.erase_subject).

Anonymising removes everything that identifies or describes the person (name, address, HCPC number,
subject, account link, message text, attachments, the original emails, email addresses and text of our
emails, provider descriptions, rating comments, free text in the audit trail) and keeps what the
reports count: status, who/pathway/nation/profession/topic/team, assignee, every timestamp, the
working-seconds figures, the deadline result, the rating score. An ANONYMISED event records when.

The values each model's fields take once anonymised are here too (`*_ANONYMISED`): the declarations'
`anonymised_values` are these, so one row and a whole batch are anonymised alike.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from wagtail.search.backends import get_search_backends_with_name

from enquiries.models import (
    Attachment,
    DeliveryEvent,
    Enquiry,
    Event,
    InboundEmail,
    Message,
    OutboundEmail,
    SatisfactionRating,
)
from portal.privacy import FilesToDelete, history_redact

#: Event data keys whose text values are kept when an enquiry is anonymised: words chosen by the code
#: (who replied, the cause) and enquiry references. Every other text (reasons, file names, anything an
#: enquirer or adviser typed) is dropped; numbers, true/false and empty values are always kept.
EVENT_TEXT_KEPT = frozenset(
    {
        "by",
        "cause",
        "into_reference",
        "from_reference",
        "follows_reference",
        "follow_up_reference",
        "with",
        "due_at",
        "matched_by",
    }
)


def scrub_event_data(data) -> dict:
    """Event data without free text (see EVENT_TEXT_KEPT)."""
    if not isinstance(data, dict):
        return {}
    kept = {}
    for key, value in data.items():
        if value is None or isinstance(value, bool | int | float):
            kept[key] = value
        elif isinstance(value, str) and key in EVENT_TEXT_KEPT and "@" not in value:
            kept[key] = value
        elif isinstance(value, list) and all(isinstance(v, bool | int | float) for v in value):
            kept[key] = value
        elif (
            isinstance(value, list)
            and key in EVENT_TEXT_KEPT
            and all(isinstance(v, str) and "@" not in v for v in value)
        ):
            kept[key] = value
    return kept


#: Field -> value once anonymised, by model (the declarations' `anonymised_values`).
ENQUIRY_ANONYMISED = {"name": "", "email": "", "hcpc_number": "", "subject": "", "user": None}
MESSAGE_ANONYMISED = {"body": "", "body_visible": ""}
OUTBOUND_EMAIL_ANONYMISED = {
    "to": "",
    "reply_to": "",
    "subject": "",
    "body_text": "",
    "body_html": "",
    "last_error": "",
}
DELIVERY_EVENT_ANONYMISED = {"description": ""}
INBOUND_EMAIL_ANONYMISED = {
    "raw": "",
    "from_address": "",
    "subject": "",
    "reason": "",
    "header_message_id": "",
}
SATISFACTION_RATING_ANONYMISED = {"comment": ""}


def stop_unsent(queryset) -> None:
    """An email not yet sent is never sent once its address and text are gone."""
    queryset.filter(
        status__in=[
            OutboundEmail.Status.QUEUED,
            OutboundEmail.Status.RETRYING,
            OutboundEmail.Status.SENDING,
        ]
    ).update(status=OutboundEmail.Status.SUPPRESSED, next_attempt_at=None)


def enquiries_anonymise(enquiry_ids, *, cause: str, now=None) -> dict[str, int]:
    """Anonymise these enquiries and everything hanging off them, in one transaction, with a few
    set-based queries (not one per row). Enquiries already anonymised are skipped, so running it again
    changes nothing. Stored files are deleted after the commit. Returns rows changed, by model."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            Enquiry.objects.select_for_update()
            .filter(pk__in=list(enquiry_ids), anonymised_at__isnull=True)
            .values_list("pk", flat=True)
        )
        if not ids:
            return {}
        counts: dict[str, int] = {}
        enquirer_ids = set(
            Enquiry.objects.filter(pk__in=ids, user__isnull=False).values_list("user_id", flat=True)
        )

        messages = Message.objects.filter(enquiry_id__in=ids)
        counts[Message._meta.label] = messages.update(**MESSAGE_ANONYMISED)
        messages.filter(kind=Message.Kind.INBOUND).update(author=None, message_id="")

        attachments = Attachment.objects.filter(message__enquiry_id__in=ids)
        stored = [(a.file.storage, a.file.name) for a in attachments.only("pk", "file")]
        counts[Attachment._meta.label], _ = attachments.delete()
        FilesToDelete.after_commit(stored)

        inbound = InboundEmail.objects.filter(Q(enquiry_id__in=ids) | Q(message__enquiry_id__in=ids))
        raws = [(r.raw.storage, r.raw.name) for r in inbound.exclude(raw="").only("pk", "raw")]
        counts[InboundEmail._meta.label] = inbound.update(**INBOUND_EMAIL_ANONYMISED)
        FilesToDelete.after_commit(raws)

        outbound = OutboundEmail.objects.filter(enquiry_id__in=ids)
        stop_unsent(outbound)
        counts[OutboundEmail._meta.label] = outbound.update(**OUTBOUND_EMAIL_ANONYMISED)
        counts[DeliveryEvent._meta.label] = DeliveryEvent.objects.filter(email__enquiry_id__in=ids).update(
            **DELIVERY_EVENT_ANONYMISED
        )
        counts[SatisfactionRating._meta.label] = SatisfactionRating.objects.filter(enquiry_id__in=ids).update(
            **SATISFACTION_RATING_ANONYMISED
        )

        changed = []
        for event in Event.objects.filter(enquiry_id__in=ids).only("pk", "data", "actor_id"):
            data = scrub_event_data(event.data)
            actor_id = None if event.actor_id in enquirer_ids else event.actor_id
            if data != event.data or actor_id != event.actor_id:
                event.data, event.actor_id = data, actor_id
                changed.append(event)
        Event.objects.bulk_update(changed, ["data", "actor"], batch_size=500)
        Event.objects.bulk_create(
            Event(enquiry_id=pk, kind=Event.Kind.ANONYMISED, created_at=now, data={"cause": cause})
            for pk in ids
        )
        counts[Event._meta.label] = len(changed) + len(ids)

        counts[Enquiry._meta.label] = Enquiry.objects.filter(pk__in=ids).update(
            **ENQUIRY_ANONYMISED, anonymised_at=now
        )
        # Wagtail's admin history names an enquiry by str(enquiry): its reference and subject.
        counts["wagtailcore.ModelLogEntry"] = history_redact(Enquiry, ids)
        # The search index holds copies of the name, address and subject: replace them as well.
        anonymised = list(Enquiry.objects.filter(pk__in=ids))
        for _name, backend in get_search_backends_with_name(with_auto_update=True):
            backend.add_bulk(Enquiry, anonymised)
    return {label: n for label, n in counts.items() if n}
