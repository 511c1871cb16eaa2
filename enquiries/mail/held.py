"""Held inbound email: what staff may see of it, and releasing a held email into an enquiry or discarding it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from enquiries.mail.inbound import finish, follow_merges, thread_message
from enquiries.mail.reading import load_message
from enquiries.models import Enquiry, Event, InboundEmail


def inbound_for_staff(user) -> QuerySet[InboundEmail]:
    """The held emails a member of staff may see: those matched to an enquiry they can see; unmatched
    ones only to team leads and superusers (they may belong to anyone)."""
    from enquiries.models import TeamMembership
    from enquiries.selectors import enquiries_for_staff, is_enquiry_staff

    if not is_enquiry_staff(user):
        return InboundEmail.objects.none()
    if user.is_superuser:
        return InboundEmail.objects.all()
    visible = Q(enquiry__in=enquiries_for_staff(user).values("pk"))
    if TeamMembership.objects.filter(user=user, is_lead=True).exists():
        visible |= Q(enquiry__isnull=True)
    return InboundEmail.objects.filter(visible)


def quarantine_release(*, record: InboundEmail, enquiry: Enquiry, actor) -> str:
    """An adviser decides a held email belongs on `enquiry` (e.g. the enquirer wrote from a work
    address): it is threaded (or opens a follow-up) exactly as a matching email would be."""
    with transaction.atomic():
        locked = InboundEmail.objects.select_for_update().get(pk=record.pk)
        if locked.status != InboundEmail.Status.QUARANTINED:
            raise ValidationError("This email has already been dealt with.")
        message = load_message(locked)
        status = thread_message(locked, message, follow_merges(enquiry), locked.matched_by, actor=actor)
        if status == InboundEmail.Status.QUARANTINED:
            raise ValidationError("That enquiry was marked as spam; choose another.")
        Event.objects.create(
            enquiry=locked.enquiry, kind=Event.Kind.EMAIL_RECEIVED, actor=actor, data={"released": locked.pk}
        )
    record.refresh_from_db()
    return status


def quarantine_discard(*, record: InboundEmail, actor, reason: str = "") -> None:
    with transaction.atomic():
        locked = InboundEmail.objects.select_for_update().get(pk=record.pk)
        if locked.status != InboundEmail.Status.QUARANTINED:
            raise ValidationError("This email has already been dealt with.")
        finish(
            locked,
            InboundEmail.Status.DISCARDED,
            reason=f"Discarded: {reason}" if reason else "Discarded by an adviser",
            handled_by=actor,
        )
    record.refresh_from_db()
