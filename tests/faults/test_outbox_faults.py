"""The outbox under faults (issue 10, items 1 and 8): for each, what is stored, what is sent, how often.

Every email is an OutboundEmail row, delivered by a task after commit and swept every minute by
`deliver_due_retries` (run_scheduler). The promise (enquiries/mail/outbox.py, README "Retries and dead
letters"): an email is never lost, and never sent twice except after a worker dies between the provider
accepting it and the row being marked sent, which costs at most one duplicate with the same Message-ID.

Sends are counted in django.core.mail.outbox (anymail's test backend, or a subclass of it in
tests/enquiries/failing_backend.py); time moves through the `now=` the sweep takes.
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from django.db import OperationalError, connection
from django.utils import timezone

import pytest

from enquiries.mail import outbox
from enquiries.models import OutboundEmail, Suppression
from pathways.factories import rtp_answers
from pathways.services import plan_save
from tests.enquiries import failing_backend
from tests.enquiries.conftest import form_data, nations, pathways, submit, teams, topics  # noqa: F401
from tests.pathways.conftest import steps  # noqa: F401

pytestmark = pytest.mark.django_db

ENQUIRER = "sam@example.org"
S = OutboundEmail.Status
MINUTE = datetime.timedelta(minutes=1)


def sent_to(outbox, address: str) -> list:
    return [message for message in outbox if message.to == [address]]


def acknowledgement(enquiry) -> OutboundEmail:
    return enquiry.emails.get(kind=OutboundEmail.Kind.ACKNOWLEDGEMENT)


def is_claim(sql: str, params) -> bool:
    """The UPDATE that claims an outbox row for sending (status -> sending)."""
    return (
        sql.lstrip().upper().startswith("UPDATE")
        and "enquiries_outboundemail" in sql
        and S.SENDING in tuple(params or ())
    )


@contextmanager
def database_refuses_first_claim():
    """The database answers the first claim with "database is locked", as SQLite did on the demo."""
    refused: list[str] = []

    def wrapper(execute, sql, params, many, context):
        if not refused and is_claim(sql, params):
            refused.append(sql)
            raise OperationalError("database is locked")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield refused


@pytest.fixture
def crash_after_send(settings):
    settings.EMAIL_BACKEND = "tests.enquiries.failing_backend.CrashAfterSendBackend"
    failing_backend.CRASHES_LEFT = 1
    yield
    failing_backend.CRASHES_LEFT = 0


@pytest.fixture
def provider_down(settings):
    settings.EMAIL_BACKEND = "tests.enquiries.failing_backend.ProviderDownBackend"
    failing_backend.DOWN = True
    yield
    failing_backend.DOWN = False


# (a) The database refuses the claim once ---------------------------------------------------------------


def test_a_claim_the_database_refuses_leaves_the_email_queued_and_the_sweep_sends_it_once(
    submit,  # noqa: F811
    mailoutbox,
):
    with database_refuses_first_claim() as refused:
        enquiry = submit(email=ENQUIRER)
    assert len(refused) == 1
    ack = acknowledgement(enquiry)
    # Stored: the acknowledgement, still queued, never tried. Sent: nothing to the enquirer.
    assert (ack.status, ack.attempts) == (S.QUEUED, 0)
    assert sent_to(mailoutbox, ENQUIRER) == []

    # Within the grace period the sweep leaves it to its own task (which may just be slow).
    queued_at = ack.created_at
    assert outbox.deliver_due_retries(now=queued_at + MINUTE) == 0
    assert sent_to(mailoutbox, ENQUIRER) == []

    # After it, the sweep (every minute) takes it and sends it, once.
    later = queued_at + outbox.QUEUED_GRACE + MINUTE
    assert outbox.deliver_due_retries(now=later) == 1
    ack.refresh_from_db()
    assert (ack.status, ack.attempts, ack.sent_at) == (S.SENT, 1, later)
    assert len(sent_to(mailoutbox, ENQUIRER)) == 1
    assert sent_to(mailoutbox, ENQUIRER)[0].extra_headers["Message-ID"] == ack.header_message_id

    # Later sweeps, and the lost task turning up after all, send nothing more.
    for minutes in range(2, 60):
        outbox.deliver_due_retries(now=later + minutes * MINUTE)
    assert outbox.deliver(ack.pk) == S.SENT
    assert len(sent_to(mailoutbox, ENQUIRER)) == 1


def test_an_email_queued_before_the_fix_with_no_attempts_is_picked_up(submit, mailoutbox):  # noqa: F811
    """What the demo showed: acknowledgements left queued with 0 attempts, hours old."""
    with database_refuses_first_claim():
        enquiry = submit(email=ENQUIRER)
    ack = acknowledgement(enquiry)
    OutboundEmail.objects.filter(pk=ack.pk).update(created_at=timezone.now() - datetime.timedelta(hours=3))
    assert outbox.deliver_due_retries() == 1
    ack.refresh_from_db()
    assert ack.status == S.SENT and len(sent_to(mailoutbox, ENQUIRER)) == 1


def test_a_task_and_the_sweep_never_both_send(submit, mailoutbox):  # noqa: F811
    """The sweep claims and sends the row between the late task reading it and claiming it: the task's
    claim finds the row no longer queued and sends nothing (the claim is a conditional update, so this
    holds even where row locks do not, as on SQLite)."""
    with database_refuses_first_claim():
        enquiry = submit(email=ENQUIRER)
    ack = acknowledgement(enquiry)
    later = ack.created_at + outbox.QUEUED_GRACE + MINUTE
    raced: list[int] = []

    def sweep_gets_there_first(execute, sql, params, many, context):
        if not raced and is_claim(sql, params):
            raced.append(0)  # once: the sweep's own claim goes straight through
            raced[0] = outbox.deliver_due_retries(now=later)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(sweep_gets_there_first):
        outcome = outbox.deliver(ack.pk, now=later)
    assert raced == [1]
    assert outcome == "claimed elsewhere"
    ack.refresh_from_db()
    assert (ack.status, ack.attempts) == (S.SENT, 1)
    assert len(sent_to(mailoutbox, ENQUIRER)) == 1


# (b) The worker dies between the provider accepting and the row being marked sent ------------------------


def test_a_worker_that_dies_after_the_provider_accepted_causes_exactly_one_duplicate(
    submit,  # noqa: F811
    crash_after_send,
    mailoutbox,
):
    enquiry = submit(email=ENQUIRER)
    ack = acknowledgement(enquiry)
    # Stored: still "sending", with a claim that expires. Sent: once (the provider has it).
    assert (ack.status, ack.attempts) == (S.SENDING, 1)
    assert len(sent_to(mailoutbox, ENQUIRER)) == 1
    claimed_until = ack.next_attempt_at

    # While the claim holds, nothing is sent again (the worker might only be slow).
    assert outbox.deliver_due_retries(now=claimed_until - MINUTE) == 0
    assert len(sent_to(mailoutbox, ENQUIRER)) == 1

    # Once it expires the sweep sends it again: the one documented duplicate, with the same Message-ID.
    assert outbox.deliver_due_retries(now=claimed_until) == 1
    ack.refresh_from_db()
    assert (ack.status, ack.attempts) == (S.SENT, 2)
    copies = sent_to(mailoutbox, ENQUIRER)
    assert len(copies) == 2
    assert {copy.extra_headers["Message-ID"] for copy in copies} == {ack.header_message_id}

    # Never more: a day of sweeps and the task's own late retry send nothing else.
    for half_hours in range(1, 49):
        outbox.deliver_due_retries(now=claimed_until + half_hours * 30 * MINUTE)
    assert outbox.deliver(ack.pk) == S.SENT
    assert len(sent_to(mailoutbox, ENQUIRER)) == 2


# (c) The provider is down for an hour -----------------------------------------------------------------


def test_the_provider_down_for_an_hour_means_retries_with_backoff_then_one_send_and_no_dead_letter(
    submit,  # noqa: F811
    provider_down,
    mailoutbox,
):
    enquiry = submit(email=ENQUIRER)
    ack = acknowledgement(enquiry)
    assert (ack.status, ack.attempts) == (S.RETRYING, 1)
    assert "provider is down" in ack.last_error
    failed_at = ack.next_attempt_at - outbox.BACKOFF[0]

    attempts_at: list[int] = []
    for minute in range(1, 121):  # the scheduler's minute job, for two hours
        failing_backend.DOWN = minute < 60  # back after an hour
        before = ack.attempts
        outbox.deliver_due_retries(now=failed_at + minute * MINUTE)
        ack.refresh_from_db()
        assert ack.status != S.FAILED, f"a dead letter after {minute} minutes"
        if ack.attempts != before:
            attempts_at.append(minute)
    # Backoff of 1, 5, 15 and 60 minutes: tries at 1, 6 and 21 minutes fail; the one at 81 is sent.
    assert attempts_at == [1, 6, 21, 81]
    assert (ack.status, ack.attempts, ack.last_error) == (S.SENT, 5, "")
    assert len(sent_to(mailoutbox, ENQUIRER)) == 1
    assert not OutboundEmail.objects.filter(status=S.FAILED).exists()


# (d) A suppressed address gets no plan email ------------------------------------------------------------


def test_a_suppressed_address_gets_no_plan_email(
    client,
    make_user,
    steps,  # noqa: F811
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    user = make_user("bounced@example.com")
    Suppression.objects.create(email="bounced@example.com", reason=Suppression.Reason.BOUNCED)
    plan_save(user=user, answers=rtp_answers(), ticked=(), today=timezone.localdate())
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/my-plan/email/")
    assert response.status_code == 302
    # Stored: the plan email, refused for its address, never tried. Sent: nothing, now or later.
    plan_email = OutboundEmail.objects.get(kind=OutboundEmail.Kind.PLAN)
    assert (plan_email.to, plan_email.status, plan_email.attempts) == (user.email, S.SUPPRESSED, 0)
    assert outbox.deliver_due_retries(now=timezone.now() + datetime.timedelta(hours=2)) == 0
    assert mailoutbox == []


# (e) allauth's account emails, through the outbox -------------------------------------------------------


def account_email(address: str, link: str):
    """A password reset email as allauth renders it (its adapter's render_mail, in a request)."""
    from django.contrib.sites.shortcuts import get_current_site
    from django.test import RequestFactory

    from allauth.account.adapter import get_adapter
    from allauth.core import context

    request = RequestFactory().get("/accounts/password/reset/")
    with context.request_context(request):
        return get_adapter().render_mail(
            "account/email/password_reset_key",
            address,
            {"password_reset_url": link, "current_site": get_current_site(request), "request": request},
        )


def test_an_account_email_is_sent_through_the_outbox_and_its_one_time_link_is_not_kept(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    link = "http://testserver/accounts/password/reset/key/1-one-time-secret/"
    with django_capture_on_commit_callbacks(execute=True):
        row = outbox.queue_account_email(message=account_email("reset.me@example.com", link))
    assert [m.to for m in mailoutbox] == [["reset.me@example.com"]]
    assert link in mailoutbox[0].body and mailoutbox[0].subject.startswith("[SoR portal] ")
    row.refresh_from_db()
    assert (row.kind, row.status, row.enquiry) == (OutboundEmail.Kind.ACCOUNT, S.SENT, None)
    assert row.subject == mailoutbox[0].subject
    # Stored: what was sent and when, but not the link (it would open the account until it expires).
    assert "one-time-secret" not in row.body_text + row.body_html
    assert outbox.deliver_due_retries(now=timezone.now() + datetime.timedelta(hours=1)) == 0
    assert len(mailoutbox) == 1


def test_a_suppressed_address_gets_no_account_email(db, mailoutbox, django_capture_on_commit_callbacks):
    Suppression.objects.create(email="bounced@example.com", reason=Suppression.Reason.BOUNCED)
    with django_capture_on_commit_callbacks(execute=True):
        row = outbox.queue_account_email(message=account_email("Bounced@example.com", "http://x/"))
    row.refresh_from_db()
    assert (row.status, row.attempts) == (S.SUPPRESSED, 0) and mailoutbox == []


def test_sending_mail_outside_the_outbox_fails_the_lint(tmp_path):
    """ruff's banned-api rule (pyproject.toml) keeps Django's sending API inside the outbox module."""
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        pytest.skip("ruff is not installed")
    root = Path(__file__).resolve().parents[2]
    code = (
        "from django.core.mail import EmailMessage, send_mail\n"
        "from django.core import mail\n\n\n"
        "def notify():\n"
        "    mail.mail_admins('s', 'b')\n"
        "    return EmailMessage, send_mail\n"
    )
    for name in ("pathways/notifications.py", "enquiries/mail/outbox.py"):
        result = subprocess.run(  # noqa: S603 - our own linter on a fixed snippet
            [ruff, "check", "--no-cache", "--select", "TID251", "--stdin-filename", name, "-"],
            input=code,
            capture_output=True,
            text=True,
            cwd=root,
            timeout=60,
            check=False,
        )
        if name.startswith("enquiries/"):
            assert result.returncode == 0, result.stdout
        else:
            assert result.returncode == 1
            assert result.stdout.count("TID251") == 3, result.stdout
