"""The daily overdue digest: each team lead gets their own teams' overdue open enquiries, once a day."""

from __future__ import annotations

import datetime
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.utils import timezone

import pytest

from enquiries import services
from enquiries.factories import AdviserFactory, TeamLeadFactory
from enquiries.models import Enquiry, Event, OutboundEmail, TeamMembership

pytestmark = pytest.mark.django_db

S = Enquiry.Status
# A Wednesday morning (not a bank holiday anywhere in the UK), and the Saturday after it.
WEDNESDAY = datetime.datetime(2026, 11, 25, 8, 0, tzinfo=datetime.UTC)
SATURDAY = datetime.datetime(2026, 11, 28, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def people(teams):
    england_adviser = AdviserFactory(email="ada@sor.example", team=teams["rtp_england"])
    england_adviser.last_name = "Adviser"
    england_adviser.save()
    return {
        "adviser": england_adviser,
        "england_lead": TeamLeadFactory(
            email="lead.england@sor.example", team=teams["rtp_england"], capacity=0
        ),
        "ir_lead": TeamLeadFactory(email="lead.ir@sor.example", team=teams["ir"], capacity=0),
        "devolved_lead": TeamLeadFactory(email="lead.devolved@sor.example", team=teams["rtp_devolved"]),
        "ir_adviser": AdviserFactory(email="ben@sor.example", team=teams["ir"]),
    }


def due(enquiry, when):
    Enquiry.objects.filter(pk=enquiry.pk).update(due_at=when)
    enquiry.refresh_from_db()
    return enquiry


@pytest.fixture
def overdue(people, submit, pathways):
    late = due(submit(subject="Late England question"), WEDNESDAY - datetime.timedelta(days=1))
    late_ir = due(
        submit(subject="Late IR question", pathway=pathways["ir"]), WEDNESDAY - datetime.timedelta(hours=3)
    )
    not_yet = due(submit(subject="Due tomorrow"), WEDNESDAY + datetime.timedelta(days=1))
    paused = submit(subject="Waiting on them")
    services.enquiry_transition(enquiry=paused, to=S.AWAITING_ENQUIRER)
    done = due(submit(subject="Answered already"), WEDNESDAY - datetime.timedelta(days=2))
    services.enquiry_transition(enquiry=done, to=S.RESOLVED)
    return {"late": late, "late_ir": late_ir, "not_yet": not_yet, "paused": paused, "done": done}


def send(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return services.overdue_digest_send(**kwargs)


def test_each_team_lead_gets_only_their_teams_overdue_open_enquiries(
    people, overdue, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    assert send(django_capture_on_commit_callbacks, now=WEDNESDAY) == 2
    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert set(by_recipient) == {"lead.england@sor.example", "lead.ir@sor.example"}

    england = by_recipient["lead.england@sor.example"]
    assert england.subject == "1 overdue enquiry in your team"
    assert overdue["late"].reference in england.body and "Late England question" in england.body
    assert "Ada Adviser" in england.body  # who it is assigned to
    assert f"/admin/enquiries/{overdue['late'].pk}/" in england.body
    for other in ("late_ir", "not_yet", "paused", "done"):
        assert overdue[other].reference not in england.body, other
    html = england.alternatives[0][0]
    assert overdue["late"].reference in html

    assert overdue["late_ir"].reference in by_recipient["lead.ir@sor.example"].body
    assert OutboundEmail.objects.filter(kind=OutboundEmail.Kind.OVERDUE_DIGEST).count() == 2
    escalation = overdue["late"].events.get(kind=Event.Kind.ESCALATED)
    assert escalation.data["digest_to"] == people["england_lead"].pk


def test_a_lead_of_two_teams_gets_one_email_listing_both_oldest_deadline_first(
    people, overdue, teams, mailoutbox, django_capture_on_commit_callbacks
):
    TeamMembership.objects.create(team=teams["ir"], user=people["england_lead"], is_lead=True)
    mailoutbox.clear()
    send(django_capture_on_commit_callbacks, now=WEDNESDAY)
    [email] = [m for m in mailoutbox if m.to == ["lead.england@sor.example"]]
    assert email.subject == "2 overdue enquiries in your team"
    assert email.body.index(overdue["late"].reference) < email.body.index(overdue["late_ir"].reference)


def test_the_digest_goes_once_a_working_day(people, overdue, mailoutbox, django_capture_on_commit_callbacks):
    assert send(django_capture_on_commit_callbacks, now=WEDNESDAY) == 2
    assert send(django_capture_on_commit_callbacks, now=WEDNESDAY + datetime.timedelta(hours=3)) == 0
    assert send(django_capture_on_commit_callbacks, now=WEDNESDAY, force=True) == 2
    assert send(django_capture_on_commit_callbacks, now=SATURDAY) == 0
    assert OutboundEmail.objects.filter(kind=OutboundEmail.Kind.OVERDUE_DIGEST).count() == 4


def test_nobody_is_emailed_when_nothing_is_overdue(
    people, submit, mailoutbox, django_capture_on_commit_callbacks
):
    due(submit(), WEDNESDAY + datetime.timedelta(days=2))
    mailoutbox.clear()
    assert send(django_capture_on_commit_callbacks, now=WEDNESDAY) == 0
    assert mailoutbox == []


def test_hostile_subjects_are_escaped_in_the_html_digest(people, submit, django_capture_on_commit_callbacks):
    due(submit(subject="<script>alert(1)</script> help"), WEDNESDAY - datetime.timedelta(days=1))
    send(django_capture_on_commit_callbacks, now=WEDNESDAY)
    email = OutboundEmail.objects.get(kind=OutboundEmail.Kind.OVERDUE_DIGEST, to="lead.england@sor.example")
    assert "<script>" not in email.body_html and "&lt;script&gt;" in email.body_html
    assert "\n" not in email.subject


def test_the_command_and_the_daily_task_send_it(
    people, overdue, mailoutbox, django_capture_on_commit_callbacks
):
    def command(*args):
        output = StringIO()
        with (
            mock.patch.object(timezone, "now", return_value=WEDNESDAY),
            django_capture_on_commit_callbacks(execute=True),
        ):
            call_command("send_overdue_digest", *args, stdout=output)
        return output.getvalue()

    assert "Overdue digests queued: 2" in command()
    assert "Overdue digests queued: 0" in command()  # already sent today
    assert "Overdue digests queued: 2" in command("--force")

    Event.objects.filter(kind=Event.Kind.ESCALATED).delete()
    with (
        mock.patch.object(timezone, "now", return_value=WEDNESDAY),
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = services.send_overdue_digest.enqueue()
    assert result.return_value == 2
