"""Review reminders (portal/review_reminders.py): a page's owner is emailed through the outbox a
fortnight before its review is due and on the day, once each per due date."""

from __future__ import annotations

import datetime

from django.test import Client
from django.utils import timezone

import pytest

from cms.factories import GuidancePageFactory, StandardPageFactory
from enquiries.models import OutboundEmail
from portal.review_reminders import send_review_reminders, send_review_reminders_task
from tests.conftest import mfa_login

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 3, 1)


@pytest.fixture
def owner(make_user):
    return make_user("owner@sor.example", "Editors", first_name="Olu", last_name="Owner")


def guidance_due(parent, due, owner, title="Guidance on updating"):
    return GuidancePageFactory(
        parent=parent, title=title, owner=owner, last_reviewed=None, next_review_due=due
    )


def run(captured, today=TODAY):
    with captured(execute=True):
        return send_review_reminders(today=today)


def test_the_owner_is_emailed_once_a_fortnight_before_the_review_is_due(
    rtp_hub, owner, mailoutbox, django_capture_on_commit_callbacks
):
    page = guidance_due(rtp_hub, TODAY + datetime.timedelta(days=14), owner)

    assert run(django_capture_on_commit_callbacks) == 1

    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["owner@sor.example"]
    assert "Guidance on updating" in email.subject and "15 March 2027" in email.subject
    assert f"/admin/pages/{page.pk}/edit/" in email.body
    assert OutboundEmail.objects.get().kind == OutboundEmail.Kind.REVIEW


def test_the_owner_is_emailed_once_on_the_day_the_review_falls_due(
    rtp_hub, owner, mailoutbox, django_capture_on_commit_callbacks
):
    guidance_due(rtp_hub, TODAY, owner)

    assert run(django_capture_on_commit_callbacks) == 1

    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject.startswith("Review due today")


def test_running_twice_sends_nothing_more(rtp_hub, owner, mailoutbox, django_capture_on_commit_callbacks):
    guidance_due(rtp_hub, TODAY + datetime.timedelta(days=14), owner, title="Soon")
    guidance_due(rtp_hub, TODAY, owner, title="Today")

    assert run(django_capture_on_commit_callbacks) == 2
    assert run(django_capture_on_commit_callbacks) == 0
    assert run(django_capture_on_commit_callbacks, today=TODAY + datetime.timedelta(days=1)) == 0

    assert len(mailoutbox) == 2 and OutboundEmail.objects.count() == 2


def test_each_page_gets_the_fortnight_and_the_due_day_reminder_in_turn(
    rtp_hub, owner, mailoutbox, django_capture_on_commit_callbacks
):
    StandardPageFactory(
        parent=rtp_hub,
        title="Standard page",
        owner=owner,
        next_review_due=TODAY + datetime.timedelta(days=14),
    )

    for day in range(16):
        run(django_capture_on_commit_callbacks, today=TODAY + datetime.timedelta(days=day))

    assert [email.subject.split(":")[0] for email in mailoutbox] == [
        "Review due on 15 March 2027",
        "Review due today",
    ]


def test_a_page_without_an_owner_and_no_moderator_to_tell_gets_no_reminder(
    rtp_hub, mailoutbox, django_capture_on_commit_callbacks
):
    guidance_due(rtp_hub, TODAY, None)
    guidance_due(rtp_hub, TODAY + datetime.timedelta(days=14), None, title="Another")

    assert run(django_capture_on_commit_callbacks) == 0

    assert mailoutbox == [] and not OutboundEmail.objects.exists()


def test_pages_not_due_or_not_published_get_no_reminder(
    rtp_hub, owner, mailoutbox, django_capture_on_commit_callbacks
):
    guidance_due(rtp_hub, TODAY + datetime.timedelta(days=15), owner, title="Later")
    guidance_due(rtp_hub, TODAY - datetime.timedelta(days=30), owner, title="Long overdue")
    GuidancePageFactory(
        parent=rtp_hub, title="Draft", owner=owner, live=False, next_review_due=TODAY, last_reviewed=None
    )

    assert run(django_capture_on_commit_callbacks) == 0
    assert mailoutbox == []


def test_the_daily_task_sends_todays_reminders(
    rtp_hub, owner, mailoutbox, django_capture_on_commit_callbacks
):
    guidance_due(rtp_hub, timezone.localdate(), owner)

    with django_capture_on_commit_callbacks(execute=True):
        result = send_review_reminders_task.enqueue()

    assert result.return_value == 1 and len(mailoutbox) == 1


def test_the_review_report_exports_the_page_owner(rtp_hub, owner, moderator_user):
    guidance_due(rtp_hub, timezone.localdate() - datetime.timedelta(days=3), owner, title="Overdue page")
    client = mfa_login(Client(), moderator_user)

    response = client.get("/admin/reports/review-overdue/", {"export": "csv"})

    text = b"".join(response.streaming_content).decode()
    assert "Page owner" in text and "Olu Owner" in text
