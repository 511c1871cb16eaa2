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
import logging
import os
import zlib

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from allauth.account.models import EmailAddress

from cms.models import Nation, Pathway, Topic
from enquiries import deadlines, services
from enquiries.demo.data import Adviser, Casework, Scenario, load
from enquiries.demo.mail import (
    demo_email,
    logs_at,
    seed_dead_letters,
    seed_delivery_reports,
    seed_inbound,
)
from enquiries.demo.story_time import marks_now, retime, stamp
from enquiries.intake.forms import WHO_TO_PATHWAY
from enquiries.mail import inbound, outbox, tracking
from enquiries.models import (
    AdviserProfile,
    CannedResponse,
    Enquiry,
    Event,
    RoutingRule,
    SatisfactionRating,
    Team,
    TeamMembership,
)
from enquiries.selectors import ADVISERS_GROUP, TEAM_LEADS_GROUP
from portal.demo_data import DEFAULT_PASSWORD

S = Enquiry.Status
SUBMISSION_PREFIX = "demo-enquiry-"


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


def _play(scenario: Scenario, *, now, advisers, lead, created: dict) -> Enquiry:
    arrived = now - datetime.timedelta(hours=scenario.hours_ago)
    marks = marks_now()
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
    stamp(enquiry, marks, arrived)
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
        marks = marks_now()
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
        stamp(before, marks, when)
        retime(before, marks, when)
    enquiry.refresh_from_db()
    _stage_deadline(enquiry, scenario, now=now)
    return enquiry


def _stage_deadline(enquiry: Enquiry, scenario: Scenario, *, now) -> None:
    """An "overdue" or "due soon" enquiry (due = ... in its file) still waiting for an answer gets a
    deadline chosen so that the inboxes show both, whatever day the demo is loaded. Every other
    enquiry keeps the deadline the services' clock gave it. Counted in working time, as every deadline
    is, so that a staged one also falls in working hours on a working day."""
    if enquiry.status not in (S.NEW, S.OPEN) or not scenario.due:
        return
    subdivision = enquiry.holiday_subdivision
    hours = 3600
    if scenario.due == "overdue":
        due_at = deadlines.subtract_working_seconds(now, (5 + scenario.hours_ago % 40) * hours, subdivision)
    else:
        due_at = deadlines.add_working_seconds(now, (2 + scenario.hours_ago % 3) * hours, subdivision)
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


def seed_enquiries(*, password: str | None = None, casework: Casework | None = None) -> dict[str, int]:
    """Teams, rules, advisers, canned responses and the demo enquiries of demo/casework/. Safe to run
    again: enquiries already made (known by their submission key) are left as they are. Returns what
    it made."""
    casework = casework or load()
    password = password or demo_password()
    made = {"enquiries": 0}
    with demo_email(casework):
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
            with logs_at(logging.CRITICAL, outbox):  # the refusals are the demo, not news
                created[scenario.key] = _play(
                    scenario, now=now, advisers=context["advisers"], lead=lead, created=created
                )
            new.append(created[scenario.key])
            made["enquiries"] += 1
        made["ratings"] = seed_ratings(casework, created, now=now)
        made["dead_letters"] = seed_dead_letters(casework, new)
        with logs_at(logging.WARNING, inbound, tracking):  # no line for each of 200 routine events
            made["inbound_emails"] = seed_inbound(casework, created, now=now)
            made["delivery_reports"] = seed_delivery_reports(casework, created)
    made.update(
        teams=Team.objects.count(),
        rules=RoutingRule.objects.count(),
        canned_responses=CannedResponse.objects.count(),
        advisers=len(casework.advisers),
    )
    return made
