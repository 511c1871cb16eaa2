"""Play the casework demo (demo/casework/, read by enquiries.demo.data) through the real services.

Every enquiry is submitted with services.enquiry_submit and each of its steps is done by the service an
adviser or enquirer would use (adviser_reply, enquirer_reply, note_add, enquiry_transition,
enquiry_assign, enquiry_merge), so every enquiry has its real audit events, deadlines and queued emails.
Emails that came back go through the inbound webhook's and the tracking webhook's own code, ratings
through ratings.rating_record. The services stamp the real time; each step is then dated when it
happened in the story. The emails are delivered to Django's in-memory backend while seeding, so nothing
leaves the machine whatever EMAIL_BACKEND says.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import logging
import os
import zlib
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import format_datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.mail.backends import locmem
from django.db import transaction
from django.db.models import F, Max
from django.test.utils import override_settings
from django.utils import timezone

from allauth.account.models import EmailAddress
from anymail.exceptions import AnymailRecipientsRefused
from anymail.inbound import AnymailInboundMessage
from anymail.signals import AnymailTrackingEvent

from cms.models import Nation, Pathway, Topic
from enquiries import deadlines, services
from enquiries.demo.data import Adviser, Casework, Inbound, Scenario, load
from enquiries.intake.forms import WHO_TO_PATHWAY
from enquiries.mail import inbound, outbox, tracking
from enquiries.models import (
    AdviserProfile,
    CannedResponse,
    DeliveryEvent,
    Enquiry,
    Event,
    InboundEmail,
    Message,
    OutboundEmail,
    RoutingRule,
    SatisfactionRating,
    Suppression,
    Team,
    TeamMembership,
)
from enquiries.selectors import ADVISERS_GROUP, TEAM_LEADS_GROUP
from portal.demo_data import DEFAULT_PASSWORD

S = Enquiry.Status
SUBMISSION_PREFIX = "demo-enquiry-"
#: The email provider the demo's inbound emails and delivery reports come from, as its webhooks name it
#: (demo/casework/mail.toml holds its reports).
PROVIDER = "postmark"


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD


def _ensure_taxonomy() -> None:
    """The pathways, nations and topics the rules and enquiries use, if seed_demo has not made them."""
    from portal.demo_data import read_taxonomy

    taxonomy = read_taxonomy()
    for model, rows in (
        (Pathway, taxonomy["pathway"]),
        (Nation, taxonomy["nation"]),
        (Topic, taxonomy["topic"]),
    ):
        for row in rows:
            model.objects.get_or_create(
                slug=row["slug"], defaults={k: v for k, v in row.items() if k != "slug"}
            )


def _ensure_user(spec: Adviser, password: str):
    User = get_user_model()
    user = User.objects.filter(email__iexact=spec.email).first()
    if user is None:
        user = User.objects.create_user(
            email=spec.email, password=password, first_name=spec.first_name, last_name=spec.last_name
        )
    user.is_staff = True
    user.is_active = True
    user.first_name = user.first_name or spec.first_name
    user.last_name = user.last_name or spec.last_name
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=spec.email, defaults={"verified": True, "primary": True}
    )
    groups = [ADVISERS_GROUP] + ([TEAM_LEADS_GROUP] if spec.is_lead else [])
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def seed_teams(casework: Casework, password: str) -> dict:
    services.staff_groups_ensure()
    _ensure_taxonomy()
    teams = {}
    for row in casework.teams:
        team, _ = Team.objects.update_or_create(
            slug=row.slug, defaults={"name": row.name, "email": row.email, "is_fallback": row.is_fallback}
        )
        teams[team.slug] = team
    for rule in casework.rules:
        RoutingRule.objects.update_or_create(
            name=rule.name,
            defaults={
                "order": rule.order,
                "pathway": Pathway.objects.get(slug=rule.pathway) if rule.pathway else None,
                "nation": Nation.objects.get(slug=rule.nation) if rule.nation else None,
                "topic": Topic.objects.get(slug=rule.topic) if rule.topic else None,
                "team": teams[rule.team],
                "is_active": True,
            },
        )
    advisers = {}
    for spec in casework.advisers:
        user = _ensure_user(spec, password)
        if spec.capacity:
            AdviserProfile.objects.get_or_create(user=user, defaults={"capacity": spec.capacity})
        for slug in spec.teams:
            TeamMembership.objects.update_or_create(
                team=teams[slug], user=user, defaults={"is_lead": spec.is_lead}
            )
        advisers[spec.key] = user
    for row in casework.canned:
        CannedResponse.objects.update_or_create(
            title=row.title,
            defaults={"body": row.body, "team": teams[row.team] if row.team else None, "is_active": True},
        )
    return {"teams": teams, "advisers": advisers}


def _marks() -> dict[str, int]:
    return {
        "message": Message.objects.aggregate(m=Max("pk"))["m"] or 0,
        "event": Event.objects.aggregate(m=Max("pk"))["m"] or 0,
        "email": OutboundEmail.objects.aggregate(m=Max("pk"))["m"] or 0,
    }


def _stamp(enquiry: Enquiry, marks: dict, when) -> None:
    """Date what one step made as if it had happened at `when` (the services stamp the real time)."""
    Message.objects.filter(enquiry=enquiry, pk__gt=marks["message"]).update(created_at=when)
    Event.objects.filter(enquiry=enquiry, pk__gt=marks["event"]).update(created_at=when)
    emails = OutboundEmail.objects.filter(enquiry=enquiry, pk__gt=marks["email"])
    emails.update(created_at=when)
    emails.filter(sent_at__isnull=False).update(sent_at=when)


def _retime(before: Enquiry, marks: dict, when) -> None:
    """Put what one step's services did to `before` at `when`, the step's time in the story.

    The services take no time: they stamp the real time and work the response clock, the first-response
    and resolution figures out from it. _stamp has dated the messages, events and emails; here the
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


def _play(scenario: Scenario, *, now, advisers, lead, created: dict) -> Enquiry:
    arrived = now - datetime.timedelta(hours=scenario.hours_ago)
    marks = _marks()
    enquiry, _ = services.enquiry_submit(
        who=scenario.who,
        pathway=Pathway.objects.filter(slug=WHO_TO_PATHWAY.get(scenario.who, "")).first(),
        nation=Nation.objects.get(slug=scenario.nation),
        profession=scenario.profession,
        topic=Topic.objects.get(slug=scenario.topic),
        hcpc_number=scenario.hcpc_number,
        subject=scenario.subject,
        name=scenario.name,
        email=scenario.email,
        body=scenario.body,
        submission_key=f"{SUBMISSION_PREFIX}{scenario.key}",
    )
    _stamp(enquiry, marks, arrived)
    # It arrived then: the clock starts as it enters NEW, from the arrival.
    enquiry.created_at = enquiry.consent_at = arrived
    services.apply_clock(enquiry, "", S.NEW, arrived)
    Enquiry.objects.filter(pk=enquiry.pk).update(
        created_at=arrived,
        consent_at=arrived,
        due_at=enquiry.due_at,
        paused_remaining_seconds=enquiry.paused_remaining_seconds,
    )
    previous = arrived
    for step in scenario.steps:
        when = arrived + datetime.timedelta(hours=step.at_hours)
        if step.action != "enquirer":
            # Advisers work office hours: move their actions into working time when that is still past,
            # and, for one that lands at the start of the day, a while into it (the inbox first).
            at_work = deadlines.add_working_seconds(when, 0)
            if at_work != when:
                settle = 1800 + zlib.crc32(f"{scenario.key}{step.at_hours}".encode()) % 5400
                at_work = deadlines.add_working_seconds(when, settle)
            when = at_work if at_work < now else when
        when = previous = max(when, previous + datetime.timedelta(minutes=1))
        enquiry = Enquiry.objects.select_related("nation").get(pk=enquiry.pk)  # as the story left it
        before = copy.copy(enquiry)  # the services refresh the enquiry they are given
        marks = _marks()
        actor = enquiry.assignee or lead
        if step.action == "reply":
            services.adviser_reply(enquiry=enquiry, author=actor, body=step.text, then=step.then)
        elif step.action == "enquirer":
            services.enquirer_reply(enquiry=enquiry, user=None, body=step.text)
        elif step.action == "note":
            services.note_add(enquiry=enquiry, author=actor, body=step.text)
        elif step.action == "status":
            services.enquiry_transition(enquiry=enquiry, to=step.to, actor=actor)
        elif step.action == "assign":
            services.enquiry_assign(enquiry=enquiry, assignee=advisers[step.adviser], actor=lead)
        elif step.action == "unassign":
            services.enquiry_assign(enquiry=enquiry, assignee=None, actor=lead)
        elif step.action == "merge":
            services.enquiry_merge(enquiry=enquiry, into=created[step.into], actor=actor)
        else:  # enquiries.demo.data checks the actions
            raise ValueError(f"Unknown demo step {step.action!r}")
        _stamp(before, marks, when)
        _retime(before, marks, when)
    enquiry.refresh_from_db()
    _stage_deadline(enquiry, scenario, now=now)
    return enquiry


def _stage_deadline(enquiry: Enquiry, scenario: Scenario, *, now) -> None:
    """An "overdue" or "due soon" enquiry (due = ... in its file) still waiting for an answer gets a
    deadline chosen so that the inboxes show both, whatever day the demo is loaded. Every other
    enquiry keeps the deadline the services' clock gave it."""
    if enquiry.status not in (S.NEW, S.OPEN) or not scenario.due:
        return
    if scenario.due == "overdue":
        due_at = now - datetime.timedelta(hours=5 + scenario.hours_ago % 40)
    else:
        due_at = now + datetime.timedelta(hours=2 + scenario.hours_ago % 3)
    Enquiry.objects.filter(pk=enquiry.pk).update(due_at=due_at)


def seed_ratings(casework: Casework, created: dict[str, Enquiry], *, now) -> int:
    """The enquirers' ratings in the files, through ratings.rating_record, dated some hours after each
    enquiry was resolved. Enquiries already rated are left alone. Returns how many were made."""
    from enquiries.ratings.service import rating_record

    made = 0
    for scenario in casework.scenarios:
        rating = scenario.rating
        if rating is None or scenario.key not in created:
            continue
        enquiry = Enquiry.objects.filter(pk=created[scenario.key].pk).first()
        if (
            enquiry is None
            or enquiry.resolved_at is None
            or SatisfactionRating.objects.filter(enquiry=enquiry).exists()
        ):
            continue
        record, is_new = rating_record(enquiry=enquiry, score=rating.score, comment=rating.comment)
        if not is_new:
            continue
        when = min(enquiry.resolved_at + datetime.timedelta(hours=rating.hours_after_resolved), now)
        SatisfactionRating.objects.filter(pk=record.pk).update(created_at=when)
        Event.objects.filter(enquiry=enquiry, kind=Event.Kind.RATED).update(created_at=when)
        made += 1
    return made


@contextmanager
def _logs_at(level: int, *modules):
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
def _demo_email(casework: Casework):
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
        marks = _marks()
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
            _stamp(record.enquiry, marks, when)
            if before is not None and record.enquiry_id == before.pk:
                _retime(before, marks, when)
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
        marks = _marks()
        event = _postmark_report(casework, email, problem.report, at)
        if tracking.delivery_event_record(event=event, provider=PROVIDER) != "recorded":
            continue
        made += 1
        _stamp(email.enquiry, marks, at + datetime.timedelta(minutes=1))
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


def seed_enquiries(*, password: str | None = None, casework: Casework | None = None) -> dict[str, int]:
    """Teams, rules, advisers, canned responses and the demo enquiries of demo/casework/. Safe to run
    again: enquiries already made (known by their submission key) are left as they are. Returns what
    it made."""
    casework = casework or load()
    password = password or demo_password()
    made = {"enquiries": 0}
    with _demo_email(casework):
        with transaction.atomic():
            context = seed_teams(casework, password)
        lead = context["advisers"][casework.lead.key]
        now = timezone.now()
        keys = {services.submission_digest(f"{SUBMISSION_PREFIX}{s.key}"): s.key for s in casework.scenarios}
        created = {
            keys[enquiry.submission_key]: enquiry
            for enquiry in Enquiry.objects.filter(submission_key__in=list(keys))
        }
        new: list[Enquiry] = []
        for scenario in casework.scenarios:
            if scenario.key in created:
                continue
            # Not one transaction per enquiry: each service commits, so its emails are sent (to memory)
            # during the step that caused them and are dated with it.
            with _logs_at(logging.CRITICAL, outbox):  # the refusals are the demo, not news
                created[scenario.key] = _play(
                    scenario, now=now, advisers=context["advisers"], lead=lead, created=created
                )
            new.append(created[scenario.key])
            made["enquiries"] += 1
        made["ratings"] = seed_ratings(casework, created, now=now)
        made["dead_letters"] = seed_dead_letters(casework, new)
        with _logs_at(logging.WARNING, inbound, tracking):  # no line for each of 200 routine events
            made["inbound_emails"] = seed_inbound(casework, created, now=now)
            made["delivery_reports"] = seed_delivery_reports(casework, created)
    made.update(
        teams=Team.objects.count(),
        rules=RoutingRule.objects.count(),
        canned_responses=CannedResponse.objects.count(),
        advisers=len(casework.advisers),
    )
    return made
