"""Retention: an enquiry is anonymised `settings.ENQUIRY_RETENTION_MONTHS` months after it ends. It ends
when it is closed (closed_at, set for every final status: closed, merged, withdrawn, spam) or, for an
enquiry left resolved, when it was resolved. Anonymising (enquiries/anonymisation.py) keeps what the
reports count.

Emails tied to no enquiry (the overdue digest, alerts; automatic replies, discarded, failed and
unmatched emails received) are anonymised the same number of months after they were sent or received
(`unlinked_emails_anonymise`), and addresses in Wagtail's admin history the same number of months
after they were logged (portal.privacy.history_sweep).

The daily task `anonymise_expired_enquiries` runs it (portal/management/commands/run_scheduler.py).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from dateutil.relativedelta import relativedelta
from django_tasks import task

from enquiries.anonymisation import (
    DELIVERY_EVENT_ANONYMISED,
    INBOUND_EMAIL_ANONYMISED,
    OUTBOUND_EMAIL_ANONYMISED,
    enquiries_anonymise,
    stop_unsent,
)
from enquiries.models import DeliveryEvent, Enquiry, InboundEmail, OutboundEmail
from portal.privacy import FilesToDelete, history_redact, history_sweep

logger = logging.getLogger(__name__)

S = Enquiry.Status
DEFAULT_BATCH = 200


def retention_cutoff(now=None):
    """Enquiries that ended before this moment are due for anonymisation."""
    months = getattr(settings, "ENQUIRY_RETENTION_MONTHS", 24)
    return (now or timezone.now()) - relativedelta(months=months)


def expired_enquiries(now=None) -> QuerySet[Enquiry]:
    """Not yet anonymised, and ended before the cutoff: closed (any final status) before it, or left
    resolved since before it. A final enquiry with no closed_at (made before closed_at was set for every
    final status) counts from its last change."""
    cutoff = retention_cutoff(now)
    final = [S.CLOSED, S.MERGED, S.WITHDRAWN, S.SPAM]
    return Enquiry.objects.filter(anonymised_at__isnull=True).filter(
        Q(closed_at__lt=cutoff)
        | Q(status=S.RESOLVED, closed_at__isnull=True, resolved_at__lt=cutoff)
        | Q(status__in=final, closed_at__isnull=True, updated_at__lt=cutoff)
    )


def retention_run(*, now=None, batch_size: int = DEFAULT_BATCH) -> int:
    """Anonymise every enquiry past its retention period, `batch_size` at a time (each batch its own
    transaction, so a long run holds no lock for long and a failure loses at most one batch); then
    the emails tied to no enquiry (`unlinked_emails_anonymise`) and the addresses in the admin
    history (`history_sweep`) past the same period. Returns how many enquiries were anonymised."""
    now = now or timezone.now()
    done = 0
    seen: set[int] = set()
    while True:
        batch = list(
            expired_enquiries(now)
            .exclude(pk__in=seen)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not batch:
            break
        seen.update(batch)
        done += enquiries_anonymise(batch, cause="retention", now=now).get(Enquiry._meta.label, 0)
    emails = unlinked_emails_anonymise(now=now, batch_size=batch_size)
    with transaction.atomic():
        history = history_sweep(retention_cutoff(now))
    logger.info(
        "Retention: %s enquiries, %s outbound and %s inbound emails without an enquiry, %s admin history "
        "entries anonymised",
        done,
        emails.get(OutboundEmail._meta.label, 0),
        emails.get(InboundEmail._meta.label, 0),
        history,
    )
    return done


#: An email tied to no enquiry that still holds something to anonymise.
UNLINKED_OUTBOUND = Q(enquiry__isnull=True) & ~Q(
    to="", reply_to="", subject="", body_text="", body_html="", last_error=""
)
UNLINKED_INBOUND = Q(enquiry__isnull=True, message__isnull=True) & ~Q(
    raw="", from_address="", subject="", reason="", header_message_id=""
)


def unlinked_emails_anonymise(*, now=None, batch_size: int = DEFAULT_BATCH) -> dict[str, int]:
    """Retention for emails tied to no enquiry, counted from when they were made: the same
    ENQUIRY_RETENTION_MONTHS after an outbound email's created_at (the overdue digest to team leads,
    which lists enquirers' subjects; alerts to administrators) or an inbound email's received_at
    (automatic replies, discarded, failed and unmatched emails). Their addresses and text are blanked,
    the raw .eml files deleted (after commit) and their delivery events' descriptions cleared; what
    the statistics need stays (kind, status, provider, dates, attempts, delivery, match result).
    An unsent email is stopped first. Batched like retention_run; running it again changes nothing.
    Returns rows changed, by model."""
    cutoff = retention_cutoff(now)
    counts: dict[str, int] = {}

    def add(label, n):
        if n:
            counts[label] = counts.get(label, 0) + n

    for model, condition, made in (
        (OutboundEmail, UNLINKED_OUTBOUND, "created_at"),
        (InboundEmail, UNLINKED_INBOUND, "received_at"),
    ):
        seen: set[int] = set()
        while True:
            batch = list(
                model.objects.filter(condition, **{f"{made}__lt": cutoff})
                .exclude(pk__in=seen)
                .order_by("pk")
                .values_list("pk", flat=True)[:batch_size]
            )
            if not batch:
                break
            seen.update(batch)
            with transaction.atomic():
                ids = list(
                    model.objects.select_for_update()
                    .filter(condition, pk__in=batch, **{f"{made}__lt": cutoff})
                    .values_list("pk", flat=True)
                )
                rows = model.objects.filter(pk__in=ids)
                if model is OutboundEmail:
                    stop_unsent(rows)
                    add(
                        DeliveryEvent._meta.label,
                        DeliveryEvent.objects.filter(email_id__in=ids)
                        .exclude(description="")
                        .update(**DELIVERY_EVENT_ANONYMISED),
                    )
                    add(model._meta.label, rows.update(**OUTBOUND_EMAIL_ANONYMISED))
                else:
                    raws = [(r.raw.storage, r.raw.name) for r in rows.exclude(raw="").only("pk", "raw")]
                    add(model._meta.label, rows.update(**INBOUND_EMAIL_ANONYMISED))
                    FilesToDelete.after_commit(raws)
                add("wagtailcore.ModelLogEntry", history_redact(model, ids))
    return counts


@task()
def anonymise_expired_enquiries() -> int:
    """Daily: anonymise enquiries that ended more than ENQUIRY_RETENTION_MONTHS ago (retention_run)."""
    return retention_run()
