"""All enquiry workflow: submission, routing, assignment, state changes. Each runs in one transaction,
checks its rules, writes its audit event and queues email with transaction.on_commit."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from cms.models import Nation, Pathway, Topic
from enquiries import deadlines
from enquiries.models import AdviserProfile, Enquiry, Event, Message, RoutingRule, Team
from enquiries.states import (
    ACTIVE_CLOCK,
    AFTER_REPLY,
    FINAL_STATUSES,
    OPEN_STATUSES,
    PAUSED_CLOCK,
    TRANSITIONS,
    can_reply,
)

S = Enquiry.Status


class TransitionNotAllowed(ValidationError):
    pass


def response_working_days() -> int:
    return getattr(settings, "ENQUIRY_RESPONSE_WORKING_DAYS", 3)


def apply_clock(enquiry: Enquiry, old: str, new: str, now) -> None:
    """Move the response clock of `enquiry` (in memory) for a change from status `old` to `new` at `now`:
    running in NEW and OPEN, paused (keeping the working time left) while waiting on the enquirer or on
    hold, stopped otherwise. The one copy of the rule: enquiry_transition runs it, and the demo replays
    it at the story's times."""
    subdivision = enquiry.holiday_subdivision
    if new in PAUSED_CLOCK and old in ACTIVE_CLOCK:
        remaining = (
            deadlines.working_seconds_between(now, enquiry.due_at, subdivision) if enquiry.due_at else 0
        )
        enquiry.paused_remaining_seconds = max(remaining, 0)
        enquiry.due_at = None
    elif new in ACTIVE_CLOCK and old in PAUSED_CLOCK:
        remaining = enquiry.paused_remaining_seconds
        if old == S.AWAITING_ENQUIRER or remaining is None:
            # The enquirer has answered: a fresh response deadline starts now.
            enquiry.due_at = deadlines.add_working_days(now, response_working_days(), subdivision)
        else:
            enquiry.due_at = deadlines.add_working_seconds(now, remaining, subdivision)
        enquiry.paused_remaining_seconds = None
    elif new in ACTIVE_CLOCK and old not in ACTIVE_CLOCK:
        enquiry.due_at = deadlines.add_working_days(now, response_working_days(), subdivision)
        enquiry.paused_remaining_seconds = None
    elif new not in ACTIVE_CLOCK and new not in PAUSED_CLOCK:
        enquiry.due_at = None
        enquiry.paused_remaining_seconds = None


def enquiry_transition(*, enquiry: Enquiry, to: str, actor=None, reason: str = "") -> Enquiry:
    """Move an enquiry to another status, enforcing TRANSITIONS, moving the deadline clock and
    writing the audit event. The one place any status changes."""
    if to not in S.values:
        raise TransitionNotAllowed(f"Unknown status {to!r}.")
    with transaction.atomic():
        locked = Enquiry.objects.select_for_update().select_related("nation").get(pk=enquiry.pk)
        old = locked.status
        if to not in TRANSITIONS[old]:
            raise TransitionNotAllowed(
                f"An enquiry that is {locked.get_status_display().lower()} cannot become "
                f"{S(to).label.lower()}."
            )
        now = timezone.now()
        apply_clock(locked, old, to, now)
        locked.status = to
        if to == S.RESOLVED:
            locked.resolved_at = now
            locked.resolution_seconds = working_seconds_since_created(locked, now)
        elif to in FINAL_STATUSES:
            # closed_at is when the retention period starts, whichever way the enquiry ended.
            locked.closed_at = now
        elif old == S.RESOLVED and to == S.OPEN:
            locked.resolved_at = None
            locked.resolution_seconds = None
        elif old == S.SPAM and to == S.NEW:
            locked.closed_at = None
        locked.save()
        Event.objects.create(
            enquiry=locked,
            kind=Event.Kind.STATUS,
            actor=actor,
            from_status=old,
            to_status=to,
            data={"reason": reason[:500]} if reason else {},
            created_at=now,
        )
        if to == S.RESOLVED:
            # "How did we do?": once per enquiry (queue_rating_request checks), after the commit; robust,
            # as a failure to queue it must not undo or hide the status change.
            from enquiries.mail.enquiry_emails import queue_rating_request

            transaction.on_commit(lambda: queue_rating_request(locked.pk), robust=True)
    enquiry.refresh_from_db()
    return enquiry


def working_seconds_since_created(enquiry: Enquiry, now) -> int:
    """Working seconds (09:00-17:00 on the nation's working days) from submission to `now`."""
    return max(deadlines.working_seconds_between(enquiry.created_at, now, enquiry.holiday_subdivision), 0)


def deadline_met(enquiry: Enquiry, now) -> bool:
    """Whether the response clock still had time left at `now` (running, or paused with time left): the
    report's "responded within deadline" for a first reply at `now`."""
    if enquiry.due_at is not None:
        return now <= enquiry.due_at
    return (enquiry.paused_remaining_seconds or 0) > 0


def route(*, pathway_id, nation_id, topic_id) -> Team | None:
    """The team for an enquiry: the first active matching rule by order, else the fallback team."""
    for rule in RoutingRule.objects.filter(is_active=True).select_related("team"):
        if rule.matches(pathway_id=pathway_id, nation_id=nation_id, topic_id=topic_id):
            return rule.team
    return Team.objects.filter(is_fallback=True).order_by("pk").first()


def _open_counts(user_ids: Iterable[int]) -> dict[int, int]:
    rows = (
        Enquiry.objects.filter(assignee_id__in=list(user_ids), status__in=OPEN_STATUSES)
        .values("assignee_id")
        .annotate(n=Count("pk"))
    )
    return {row["assignee_id"]: row["n"] for row in rows}


def pick_adviser(team: Team):
    """The available adviser in the team with the fewest open enquiries, below their capacity.

    Must be called inside a transaction: the advisers' profile rows are locked (SELECT ... FOR UPDATE
    on PostgreSQL) so that concurrent submissions are serialised and never both take the last slot.
    Ties go to the adviser who has waited longest for a new enquiry (lowest user id as a last resort).
    """
    User = get_user_model()
    profiles = list(
        AdviserProfile.objects.select_for_update()
        .filter(user__team_memberships__team=team, user__is_active=True, is_away=False)
        .order_by("user_id")
    )
    if not profiles:
        return None
    counts = _open_counts(p.user_id for p in profiles)
    candidates = [p for p in profiles if counts.get(p.user_id, 0) < p.capacity]
    if not candidates:
        return None
    best = min(candidates, key=lambda p: (counts.get(p.user_id, 0), p.user_id))
    return User.objects.get(pk=best.user_id)


def enquiry_assign(*, enquiry: Enquiry, assignee, actor=None, team: Team | None = None) -> Enquiry:
    """Assign (or unassign, with assignee=None) an enquiry, optionally moving it to another team."""
    with transaction.atomic():
        locked = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
        if team is not None:
            locked.team = team
        if assignee is not None and not locked.team.memberships.filter(user=assignee).exists():
            raise ValidationError({"assignee": "That person is not in the enquiry's team."})
        before = locked.assignee_id
        locked.assignee = assignee
        locked.save(update_fields=["assignee", "team", "updated_at"])
        Event.objects.create(
            enquiry=locked,
            kind=Event.Kind.ASSIGNED,
            actor=actor,
            data={"from": before, "to": assignee.pk if assignee else None, "team": locked.team_id},
        )
    enquiry.refresh_from_db()
    return enquiry


def submission_digest(submission_key: str) -> str:
    """What is stored for a submission key: a fixed-length digest (the form's signed token is longer
    than the column, and need not be kept)."""
    return hashlib.sha256(submission_key.encode()).hexdigest()


def enquiry_submit(
    *,
    who: str,
    nation: Nation,
    profession: str,
    topic: Topic,
    subject: str,
    name: str,
    email: str,
    body: str,
    submission_key: str,
    pathway: Pathway | None = None,
    hcpc_number: str = "",
    user=None,
    files=(),
) -> tuple[Enquiry, bool]:
    """Take a request for help: the Enquiry, its first message, attachments, routing, assignment and
    the audit events, in one transaction; emails are queued after commit.

    Idempotent on `submission_key` (a token carried by the form): a double click or a resubmitted form
    returns the enquiry made the first time, and `created` is False.
    """
    submission_key = submission_digest(submission_key)
    existing = Enquiry.objects.filter(submission_key=submission_key).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            enquiry = _create_enquiry(
                Enquiry(
                    who=who,
                    pathway=pathway,
                    nation=nation,
                    profession=profession,
                    topic=topic,
                    hcpc_number=hcpc_number or "",
                    subject=subject,
                    name=name,
                    email=email.lower(),
                    user=user if user is not None and user.is_authenticated else None,
                    submission_key=submission_key,
                ),
                body,
                files,
            )
    except IntegrityError:
        existing = Enquiry.objects.filter(submission_key=submission_key).first()
        if existing:
            return existing, False
        raise
    from enquiries.mail.enquiry_emails import queue_submission_emails

    transaction.on_commit(lambda: queue_submission_emails(enquiry.pk))
    return enquiry, True


def _create_enquiry(enquiry: Enquiry, body: str, files) -> Enquiry:
    now = timezone.now()
    nation = enquiry.nation
    enquiry.consent_at = now
    enquiry.privacy_notice_version = getattr(settings, "PRIVACY_NOTICE_VERSION", "2026-11")
    enquiry.created_at = now
    enquiry.due_at = deadlines.add_working_days(
        now, response_working_days(), nation.holiday_subdivision or "ENG"
    )
    enquiry.team = route(pathway_id=enquiry.pathway_id, nation_id=nation.pk, topic_id=enquiry.topic_id)
    enquiry.save()
    message = Message.objects.create(enquiry=enquiry, kind=Message.Kind.INBOUND, body=body, created_at=now)
    for upload in files:
        from enquiries.attachments import attachment_store

        attachment_store(message=message, upload=upload)
    Event.objects.create(
        enquiry=enquiry, kind=Event.Kind.SUBMITTED, created_at=now, data={"team": enquiry.team_id}
    )
    if enquiry.team:
        adviser = pick_adviser(enquiry.team)
        if adviser:
            enquiry.assignee = adviser
            enquiry.save(update_fields=["assignee"])
            Event.objects.create(
                enquiry=enquiry,
                kind=Event.Kind.ASSIGNED,
                created_at=now,
                data={"to": adviser.pk, "auto": True},
            )
    return enquiry


def enquirer_reply(
    *, enquiry: Enquiry, user, body: str, files=(), email: dict | None = None, event_data: dict | None = None
) -> Message:
    """The enquirer answers, on the web or by email: a message on the thread; the enquiry reopens if it
    was waiting on them or resolved; the adviser is told by email after commit.

    `email` holds the extra Message fields of an emailed reply (via_email, body_visible, message_id).
    """
    if not can_reply(enquiry, user):
        raise ValidationError("This enquiry is closed. Please send a new request for help.")
    with transaction.atomic():
        message = Message.objects.create(
            enquiry=enquiry, kind=Message.Kind.INBOUND, author=user, body=body, **(email or {})
        )
        for upload in files:
            from enquiries.attachments import attachment_store

            attachment_store(message=message, upload=upload)
        Event.objects.create(
            enquiry=enquiry,
            kind=Event.Kind.REPLIED,
            actor=user,
            data={"by": "enquirer", **(event_data or {})},
        )
        if enquiry.status in (S.AWAITING_ENQUIRER, S.ON_HOLD, S.RESOLVED):
            enquiry_transition(enquiry=enquiry, to=S.OPEN, actor=user, reason="the enquirer replied")
        from enquiries.mail.enquiry_emails import queue_enquirer_replied

        queue_enquirer_replied(message=message)
    return message


class EnquirerWroteAgain(ValidationError):
    """The enquirer added a message after the adviser opened the page they replied from."""


def adviser_reply(
    *,
    enquiry: Enquiry,
    author,
    body: str,
    then: str = S.AWAITING_ENQUIRER,
    seen_message_id: int | None = None,
) -> Message:
    """An adviser answers: a message on the thread, emailed to the enquirer with our Message-ID and a
    signed Reply-To; the first reply stamps the first-response time; then the status moves on.

    `seen_message_id` is the newest message the adviser had on screen: if the enquirer has written
    since, nothing is sent (EnquirerWroteAgain), so that a reply never ignores a question it missed."""
    if not can_reply(enquiry, author):
        raise ValidationError("This enquiry is closed; it cannot be replied to.")
    if then not in AFTER_REPLY:
        raise ValidationError("Choose what happens after the reply.")
    with transaction.atomic():
        if (
            seen_message_id is not None
            and enquiry.messages.filter(kind=Message.Kind.INBOUND, pk__gt=seen_message_id).exists()
        ):
            raise EnquirerWroteAgain(
                "The enquirer has written again since you opened this page. Read their new message, "
                "then send your reply again if it still fits."
            )
        message = Message.objects.create(
            enquiry=enquiry, kind=Message.Kind.OUTBOUND, author=author, body=body
        )
        now = message.created_at
        if enquiry.first_responded_at is None:
            Enquiry.objects.filter(pk=enquiry.pk, first_responded_at__isnull=True).update(
                first_responded_at=now,
                first_response_seconds=working_seconds_since_created(enquiry, now),
                responded_within_deadline=deadline_met(enquiry, now),
            )
        Event.objects.create(enquiry=enquiry, kind=Event.Kind.REPLIED, actor=author, data={"by": "adviser"})
        from enquiries.mail.enquiry_emails import queue_reply_email

        queue_reply_email(message=message)
        enquiry.refresh_from_db()
        if then != enquiry.status and then in TRANSITIONS[enquiry.status]:
            enquiry_transition(enquiry=enquiry, to=then, actor=author, reason="after a reply")
    return message


def note_add(*, enquiry: Enquiry, author, body: str) -> Message:
    """An internal note: never shown to the enquirer, never emailed."""
    with transaction.atomic():
        message = Message.objects.create(enquiry=enquiry, kind=Message.Kind.NOTE, author=author, body=body)
        Event.objects.create(enquiry=enquiry, kind=Event.Kind.NOTE, actor=author)
    return message


def enquiry_viewed(*, enquiry: Enquiry, actor) -> None:
    """Record that a member of staff opened an enquiry (the audit trail includes reads)."""
    Event.objects.create(enquiry=enquiry, kind=Event.Kind.VIEWED, actor=actor)


def enquiry_merge(*, enquiry: Enquiry, into: Enquiry, actor=None) -> Enquiry:
    """Merge a duplicate into another enquiry from the same person.

    The duplicate becomes MERGED (through enquiry_transition, so its clock stops and the change is
    audited) and points at the enquiry it joined, as do any enquiries merged into it before; messages
    stay where they are and the workspace shows them in the joined enquiry's thread. Both enquiries
    get a MERGED event naming the other.
    """
    if enquiry.pk == into.pk:
        raise ValidationError({"into": "An enquiry cannot be merged into itself."})
    with transaction.atomic():
        # Lock both rows in a fixed order so that two merges of the same pair cannot deadlock.
        locked = {
            e.pk: e
            for e in Enquiry.objects.select_for_update().filter(pk__in=[enquiry.pk, into.pk]).order_by("pk")
        }
        source, target = locked[enquiry.pk], locked[into.pk]
        same_person = source.email.lower() == target.email.lower() or (
            source.user_id is not None and source.user_id == target.user_id
        )
        if not same_person:
            raise ValidationError({"into": "Only enquiries from the same person can be merged."})
        if target.status in FINAL_STATUSES:
            state = target.get_status_display().lower()
            raise ValidationError({"into": f"{target.reference} is {state}; choose an enquiry in progress."})
        enquiry_transition(enquiry=source, to=S.MERGED, actor=actor, reason=f"merged into {target.reference}")
        Enquiry.objects.filter(pk=source.pk).update(merged_into=target)
        # Enquiries merged into the duplicate earlier follow it, so the thread stays whole.
        earlier = list(Enquiry.objects.filter(merged_into=source).values_list("reference", flat=True))
        Enquiry.objects.filter(merged_into=source).update(merged_into=target)
        now = timezone.now()
        Event.objects.create(
            enquiry=source,
            kind=Event.Kind.MERGED,
            actor=actor,
            created_at=now,
            data={"into": target.pk, "into_reference": target.reference},
        )
        Event.objects.create(
            enquiry=target,
            kind=Event.Kind.MERGED,
            actor=actor,
            created_at=now,
            data={"from": source.pk, "from_reference": source.reference, "with": earlier},
        )
    enquiry.refresh_from_db()
    return enquiry


def adviser_away_set(*, user, is_away: bool) -> AdviserProfile:
    """An adviser marks themself away (no new enquiries are assigned to them) or back. Only people
    with an adviser profile take enquiries; a team lead gives one (with a capacity) in the admin."""
    with transaction.atomic():
        profile = AdviserProfile.objects.select_for_update().filter(user=user).first()
        if profile is None:
            raise ValidationError("You do not take new enquiries, so there is no availability to set.")
        if profile.is_away != is_away:
            profile.is_away = is_away
            profile.save(update_fields=["is_away"])
    return profile


# Moved to enquiries.digest and enquiries.staff_groups; still importable from here, where the demo
# seeder, the scheduler and tasks already queued under this path find them.
from enquiries.digest import overdue_digest_send as overdue_digest_send  # noqa: E402
from enquiries.digest import send_overdue_digest as send_overdue_digest  # noqa: E402
from enquiries.staff_groups import ADVISER_PERMISSIONS as ADVISER_PERMISSIONS  # noqa: E402
from enquiries.staff_groups import TEAM_LEAD_PERMISSIONS as TEAM_LEAD_PERMISSIONS  # noqa: E402
from enquiries.staff_groups import staff_groups_ensure as staff_groups_ensure  # noqa: E402
