"""Story time for the demo: the services stamp the real time, and these date what a step made (its
messages, events, emails and the enquiry's clock) as if it had happened when the story says. Used by
the player for each step and by the demo's mail for the emails that came back."""

from __future__ import annotations

import copy

from django.db.models import Max

from enquiries import services
from enquiries.models import Enquiry, Event, Message, OutboundEmail


def marks_now() -> dict[str, int]:
    return {
        "message": Message.objects.aggregate(m=Max("pk"))["m"] or 0,
        "event": Event.objects.aggregate(m=Max("pk"))["m"] or 0,
        "email": OutboundEmail.objects.aggregate(m=Max("pk"))["m"] or 0,
    }


def stamp(enquiry: Enquiry, marks: dict, when) -> None:
    """Date what one step made as if it had happened at `when` (the services stamp the real time)."""
    Message.objects.filter(enquiry=enquiry, pk__gt=marks["message"]).update(created_at=when)
    Event.objects.filter(enquiry=enquiry, pk__gt=marks["event"]).update(created_at=when)
    emails = OutboundEmail.objects.filter(enquiry=enquiry, pk__gt=marks["email"])
    emails.update(created_at=when)
    emails.filter(sent_at__isnull=False).update(sent_at=when)


def retime(before: Enquiry, marks: dict, when) -> None:
    """Put what one step's services did to `before` at `when`, the step's time in the story.

    The services take no time: they stamp the real time and work the response clock, the first-response
    and resolution figures out from it. stamp has dated the messages, events and emails; here the
    enquiry's own fields follow, worked out again at `when` by the services' own functions: the clock by
    replaying the status changes the step wrote through services.apply_clock, from the clock as the
    story left it; a first reply's figures with services.working_seconds_since_created and
    services.deadline_met, on the enquiry as it was before the reply (as adviser_reply asks them);
    resolution likewise. `before` is the enquiry before the step, already in story time.
    """
    after = Enquiry.objects.get(pk=before.pk)
    clock = copy.copy(before)
    changes = Event.objects.filter(enquiry=before, kind=Event.Kind.STATUS, pk__gt=marks["event"])
    for change in changes.order_by("pk"):
        services.apply_clock(clock, change.from_status, change.to_status, when)
    updates = {"due_at": clock.due_at, "paused_remaining_seconds": clock.paused_remaining_seconds}
    if after.first_responded_at is not None and before.first_responded_at is None:
        updates.update(
            first_responded_at=when,
            first_response_seconds=services.working_seconds_since_created(before, when),
            responded_within_deadline=services.deadline_met(before, when),
        )
    if after.resolved_at != before.resolved_at:
        resolved = after.resolved_at is not None
        updates.update(
            resolved_at=when if resolved else None,
            resolution_seconds=services.working_seconds_since_created(before, when) if resolved else None,
        )
    if after.closed_at != before.closed_at:
        updates["closed_at"] = when if after.closed_at is not None else None
    Enquiry.objects.filter(pk=before.pk).update(**updates)
