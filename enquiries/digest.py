"""The overdue digest: once a working day, each team lead is emailed the overdue enquiries of the teams
they lead, and each listed enquiry gets an ESCALATED event."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from django_tasks import task

from enquiries import deadlines
from enquiries.models import Event


def overdue_digest_send(*, now=None, force: bool = False) -> int:
    """Email each team lead the overdue enquiries of the teams they lead, once a working day.

    Nothing is sent at weekends or on (English) bank holidays, and a lead who has had today's digest
    is skipped, unless `force`. Each enquiry in a digest gets an ESCALATED event naming the lead.
    Returns how many digests were queued.
    """
    from enquiries import selectors
    from enquiries.mail.enquiry_emails import queue_overdue_digest

    now = now or timezone.now()
    today = timezone.localdate(now)
    if not force and not deadlines.is_working_day(today):
        return 0
    queued = 0
    for lead, overdue in selectors.overdue_by_lead(now=now):
        if not lead.email:
            continue
        with transaction.atomic():
            # Each digest leaves an ESCALATED event, dated `now`, on every enquiry it lists.
            already = Event.objects.filter(
                kind=Event.Kind.ESCALATED, data__digest_to=lead.pk, created_at__date=today
            ).exists()
            if already and not force:
                continue
            queue_overdue_digest(lead=lead, enquiries=overdue, now=now)
            Event.objects.bulk_create(
                Event(
                    enquiry=enquiry,
                    kind=Event.Kind.ESCALATED,
                    created_at=now,
                    data={"digest_to": lead.pk, "due_at": enquiry.due_at.isoformat()},
                )
                for enquiry in overdue
            )
        queued += 1
    return queued


@task()
def send_overdue_digest() -> int:
    """Daily: email each team lead their teams' overdue enquiries (overdue_digest_send)."""
    return overdue_digest_send()
