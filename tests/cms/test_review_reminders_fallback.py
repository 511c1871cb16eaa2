"""Review reminders when the page owner cannot be reached: no owner, an owner without an email address,
or an owner whose account is switched off. The moderators are emailed instead, told why; still once
per page and stage, whatever runs twice (the job, or the clock on the same day)."""

from __future__ import annotations

import datetime
import io

from django.utils import timezone

import pytest

from cms.factories import GuidancePageFactory, StandardPageFactory
from enquiries.models import OutboundEmail
from portal import scheduler
from portal.management.commands import run_scheduler
from portal.review_reminders import send_review_reminders

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 3, 1)


@pytest.fixture
def moderators(make_user):
    return [
        make_user("mia@sor.example", "Moderators", first_name="Mia"),
        make_user("mo@sor.example", "Moderators", first_name="Mo"),
        make_user("gone@sor.example", "Moderators", is_active=False),
    ]


def run(captured, today=TODAY):
    with captured(execute=True):
        return send_review_reminders(today=today)


@pytest.mark.parametrize("owner_kind", ["none", "no email", "inactive"])
def test_the_moderators_are_told_when_the_owner_cannot_be(
    rtp_hub, make_user, moderators, mailoutbox, django_capture_on_commit_callbacks, owner_kind
):
    owner = None
    if owner_kind == "no email":
        owner = make_user("temp@sor.example", "Editors", first_name="Nora", last_name="Noemail")
        type(owner).objects.filter(pk=owner.pk).update(email="")
        owner.refresh_from_db()
    elif owner_kind == "inactive":
        owner = make_user("left@sor.example", "Editors", first_name="Lee", last_name="Left", is_active=False)
    page = GuidancePageFactory(parent=rtp_hub, title="Orphan page", owner=owner, next_review_due=TODAY)

    assert run(django_capture_on_commit_callbacks) == 1

    assert sorted(address for email in mailoutbox for address in email.to) == [
        "mia@sor.example",
        "mo@sor.example",
    ]
    body = mailoutbox[0].body
    assert "You are receiving this as a moderator" in body
    reason = {
        "none": "the page has no owner",
        "no email": "its owner, Nora Noemail, has no email address",
        "inactive": "its owner, Lee Left, no longer has an active account",
    }[owner_kind]
    assert reason in body
    assert f"http://testserver/admin/pages/{page.pk}/edit/" in body
    assert run(django_capture_on_commit_callbacks) == 0 and len(mailoutbox) == 2


def test_an_active_owner_with_an_email_is_emailed_alone(
    rtp_hub, make_user, moderators, mailoutbox, django_capture_on_commit_callbacks
):
    owner = make_user("owner@sor.example", "Editors")
    StandardPageFactory(parent=rtp_hub, title="Owned", owner=owner, next_review_due=TODAY)

    run(django_capture_on_commit_callbacks)

    assert [email.to for email in mailoutbox] == [["owner@sor.example"]]
    assert "moderator" not in mailoutbox[0].body


def test_two_clock_rounds_on_one_day_send_each_reminder_once(
    rtp_hub, make_user, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    owner = make_user("owner@sor.example", "Editors")
    GuidancePageFactory(parent=rtp_hub, title="Due today", owner=owner, next_review_due=timezone.localdate())
    monkeypatch.setattr(run_scheduler, "DIGEST_AT", datetime.time(0, 0))  # the daily jobs are due now
    command = run_scheduler.Command(stdout=io.StringIO())

    # A round by one clock, then, the same day, by another that took over the lease.
    for holder in ("clock-a", "clock-b"):
        assert scheduler.lease_acquire(holder=holder, lease=datetime.timedelta(minutes=5))
        with django_capture_on_commit_callbacks(execute=True):
            command.run_round(holder, once=False)
        scheduler.lease_release(holder=holder)
    # And the job once more on its own, as a worker retrying it would.
    with django_capture_on_commit_callbacks(execute=True):
        send_review_reminders()

    assert command.stdout.getvalue().count("Enqueued send_review_reminders_task") == 1
    assert command.stdout.getvalue().count("Enqueued check_external_links") == 1
    assert OutboundEmail.objects.filter(kind=OutboundEmail.Kind.REVIEW).count() == 1
    assert [email.to for email in mailoutbox if "Review due" in email.subject] == [["owner@sor.example"]]
