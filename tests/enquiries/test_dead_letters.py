"""Dead letters: emails the provider refused or failed for 24 hours. Team leads and superusers see them
in the admin (with a POST-only "Try again"); the admins get one alert per batch, with no personal data."""

from __future__ import annotations

import datetime
import logging
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from enquiries.factories import AdviserFactory, TeamLeadFactory
from enquiries.mail import dead_letters, outbox
from enquiries.models import Enquiry, OutboundEmail, Suppression
from portal.models import User
from tests.conftest import link_hrefs, soup, visible_text

from . import failing_backend
from .test_workspace import client_for, workspace

pytestmark = pytest.mark.django_db

DEAD = "/admin/enquiries/dead-letters/"
F = OutboundEmail.Status.FAILED
ENQUIRER = "sam@example.org"
SECRET_ERROR = "SMTPRecipientsRefused: {'sam@example.org': (550, b'5.1.1 sam@example.org unknown')}"


@pytest.fixture
def ada(teams):
    return AdviserFactory(email="ada@sor.example", team=teams["rtp_england"])


@pytest.fixture
def lead(teams):
    return TeamLeadFactory(email="lead@sor.example", team=teams["rtp_england"], capacity=0)


@pytest.fixture
def ir_lead(teams):
    return TeamLeadFactory(email="lead.ir@sor.example", team=teams["ir"], capacity=0)


@pytest.fixture
def boss(db):
    user = User.objects.create_superuser(email="boss@sor.example", password="x-long-password-1")
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def admins(settings):
    settings.ADMINS = [("Portal support", "support@sor.example")]
    return settings.ADMINS


def make_dead(email: OutboundEmail, *, attempts=9, error=SECRET_ERROR, hours=25) -> OutboundEmail:
    """As deliver() leaves an email after 24 hours of failures."""
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=F,
        attempts=attempts,
        last_error=error,
        next_attempt_at=None,
        sent_at=None,
        created_at=timezone.now() - datetime.timedelta(hours=hours),
    )
    email.refresh_from_db()
    return email


@pytest.fixture
def england_dead(ada, submit):
    enquiry = submit(name="Sam Returner", email=ENQUIRER, subject="Updating days after a career break")
    return make_dead(enquiry.emails.get(kind=OutboundEmail.Kind.ACKNOWLEDGEMENT))


@pytest.fixture
def ir_dead(submit, pathways):
    enquiry = submit(name="Ana Recruit", email="ana@example.org", pathway=pathways["ir"], subject="My visa")
    return make_dead(enquiry.emails.get(kind=OutboundEmail.Kind.ACKNOWLEDGEMENT), attempts=12)


@pytest.fixture
def digest_dead(db):
    """A dead letter tied to no enquiry (an overdue digest to a team lead)."""
    email = OutboundEmail.objects.create(
        kind=OutboundEmail.Kind.OVERDUE_DIGEST,
        to="lead@sor.example",
        subject="2 overdue enquiries in your team",
        body_text="...",
        header_message_id="<digest-1@portal.sor.example>",
    )
    return make_dead(email, attempts=10)


# --------------------------------------------------------------------------------------------------
# Who sees the list
# --------------------------------------------------------------------------------------------------


def test_a_team_lead_sees_their_teams_dead_letters_with_what_went_wrong(
    lead, england_dead, ir_dead, digest_dead
):
    response = client_for(lead).get(DEAD)
    assert response.status_code == 200
    rows = soup(response).find("table", class_="sor-table").tbody.find_all("tr")
    assert [row["id"] for row in rows] == [f"dead-letter-{england_dead.pk}"]
    cells = [cell.get_text(" ", strip=True) for cell in rows[0].find_all(["th", "td"])]
    assert cells[:4] == [
        str(england_dead.pk),
        "Acknowledgement to enquirer",
        england_dead.enquiry.reference,
        "9",
    ]
    assert "SMTPRecipientsRefused" in cells[4]
    assert rows[0].find("a")["href"] == workspace(england_dead.enquiry)
    assert ir_dead.enquiry.reference not in visible_text(response)


def test_a_superuser_sees_every_dead_letter_including_those_of_no_enquiry(
    boss, england_dead, ir_dead, digest_dead
):
    text = visible_text(client_for(boss).get(DEAD))
    assert england_dead.enquiry.reference in text and ir_dead.enquiry.reference in text
    assert "Overdue digest to team lead" in text


@pytest.mark.parametrize("who", ["ada", "editor", "anonymous"])
def test_advisers_editors_and_strangers_cannot_see_the_list_or_try_again(
    who, ada, england_dead, make_user, client
):
    if who == "ada":
        client = client_for(ada)
    elif who == "editor":
        editor = make_user("ed@sor.example", "Editors", is_staff=True)
        TOTP.activate(editor, generate_totp_secret())
        client = client_for(editor)
    listing = client.get(DEAD)
    retry = client.post(f"{DEAD}{england_dead.pk}/retry/")
    if who == "anonymous":
        assert listing.status_code == 302 and "/login/" in listing["Location"]
        assert retry.status_code == 302
    else:
        assert listing.status_code == 404 and retry.status_code == 404
    england_dead.refresh_from_db()
    assert england_dead.status == F


def test_an_empty_list_says_so(lead):
    response = client_for(lead).get(DEAD)
    assert "No emails are waiting here." in visible_text(response)


def test_the_list_pages_and_its_query_count_stays_flat(lead, boss, submit):
    client = client_for(boss)

    def add(count):
        for _ in range(count):
            make_dead(submit().emails.get(kind=OutboundEmail.Kind.ACKNOWLEDGEMENT))

    def queries(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    add(3)
    few = queries(DEAD)
    add(57)
    assert queries(DEAD) == few and queries(DEAD + "?p=2") == few
    print(f"\ndead-letter list queries at 3 and 60 dead letters: {few}")
    page_two = visible_text(client.get(DEAD + "?p=2"))
    assert (
        "Page 2 of 2" in page_two
        and len(soup(client.get(DEAD + "?p=2")).find("table", class_="sor-table").tbody.find_all("tr")) == 10
    )


# --------------------------------------------------------------------------------------------------
# Try again
# --------------------------------------------------------------------------------------------------


def test_try_again_sends_it_and_it_leaves_the_list(
    lead, england_dead, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_for(lead, enforce_csrf_checks=True)
    page = client.get(DEAD)
    form = soup(page).find("form", action=f"{DEAD}{england_dead.pk}/retry/")
    assert form["method"] == "post"
    token = form.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{DEAD}{england_dead.pk}/retry/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"] == DEAD
    england_dead.refresh_from_db()
    assert england_dead.status == OutboundEmail.Status.SENT and england_dead.attempts == 10
    assert [m.to for m in mailoutbox] == [[ENQUIRER]]
    after = client.get(DEAD)
    assert f"Email {england_dead.pk} is being sent again" in visible_text(after)
    assert "No emails are waiting here." in visible_text(after)


def test_try_again_is_post_only_and_needs_the_csrf_token(
    lead, england_dead, django_capture_on_commit_callbacks
):
    client = client_for(lead, enforce_csrf_checks=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(f"{DEAD}{england_dead.pk}/retry/").status_code == 405
        assert client.post(f"{DEAD}{england_dead.pk}/retry/").status_code == 403
    england_dead.refresh_from_db()
    assert england_dead.status == F


def test_another_teams_lead_cannot_send_it_again(ir_lead, england_dead, django_capture_on_commit_callbacks):
    client = client_for(ir_lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{DEAD}{england_dead.pk}/retry/", follow=True)
    assert "is no longer waiting here" in visible_text(response)
    england_dead.refresh_from_db()
    assert england_dead.status == F and england_dead.attempts == 9


def test_a_second_press_of_try_again_does_not_send_twice(
    lead, england_dead, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_for(lead)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{DEAD}{england_dead.pk}/retry/")
        second = client.post(f"{DEAD}{england_dead.pk}/retry/", follow=True)
    assert "is no longer waiting here" in visible_text(second)
    assert len(mailoutbox) == 1


def test_when_it_fails_again_it_comes_straight_back(
    lead, england_dead, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.enquiries.failing_backend.EmailBackend"
    failing_backend.FAILURES_LEFT = 1
    failing_backend.SENT.clear()
    client = client_for(lead)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{DEAD}{england_dead.pk}/retry/")
    england_dead.refresh_from_db()
    assert england_dead.status == F and england_dead.attempts == 10
    assert england_dead.last_error == "ConnectionError: provider down"
    assert f"dead-letter-{england_dead.pk}" in client.get(DEAD).content.decode()


def test_try_again_to_an_address_suppressed_since_does_not_send(
    lead, england_dead, mailoutbox, django_capture_on_commit_callbacks
):
    Suppression.objects.create(email=ENQUIRER, reason=Suppression.Reason.COMPLAINED)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(lead).post(f"{DEAD}{england_dead.pk}/retry/")
    england_dead.refresh_from_db()
    assert england_dead.status == OutboundEmail.Status.SUPPRESSED and mailoutbox == []


def test_try_again_whose_task_is_lost_is_sent_by_the_next_sweep_once(
    lead, england_dead, mailoutbox, django_capture_on_commit_callbacks
):
    """A "Try again" queues the email; if its task never runs, the minute sweep sends it (the email keeps
    its first queued time, so it is due at once), and the task turning up late sends nothing more."""
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=False):
        client_for(lead).post(f"{DEAD}{england_dead.pk}/retry/")
    england_dead.refresh_from_db()
    assert england_dead.status == OutboundEmail.Status.QUEUED and mailoutbox == []
    assert outbox.deliver_due_retries() == 1
    assert outbox.deliver(england_dead.pk) == OutboundEmail.Status.SENT
    england_dead.refresh_from_db()
    assert england_dead.status == OutboundEmail.Status.SENT and england_dead.attempts == 10
    assert [m.to for m in mailoutbox] == [[ENQUIRER]]


def test_a_plan_email_that_could_not_be_sent_is_listed_for_superusers_only(boss, lead, make_user):
    """The pathway finder's plan email is in the same outbox; tied to no enquiry, only superusers see it."""
    user = make_user("rhian@example.com")
    plan = outbox.queue_email(
        kind=OutboundEmail.Kind.PLAN, to=user.email, subject="Your plan", body_text="1. Work out..."
    )
    make_dead(plan, attempts=10)
    assert "Pathway finder plan (to its owner)" in visible_text(client_for(boss).get(DEAD))
    assert f"dead-letter-{plan.pk}" not in client_for(lead).get(DEAD).content.decode()


# --------------------------------------------------------------------------------------------------
# The dashboard and the menu
# --------------------------------------------------------------------------------------------------


def test_team_leads_see_the_count_on_the_dashboard_and_the_list_in_the_menu(lead, ada, england_dead, ir_dead):
    dashboard = client_for(lead).get("/admin/")
    panel = soup(dashboard).find(id="dead-letters-section")
    assert panel is not None
    assert "1 email could not be sent for 24 hours" in panel.get_text(" ", strip=True)
    assert DEAD in link_hrefs(panel.decode())
    assert "Emails not sent" in dashboard.content.decode()  # the Enquiries menu item

    adviser_dashboard = client_for(ada).get("/admin/")
    assert soup(adviser_dashboard).find(id="dead-letters-section") is None
    assert "Emails not sent" not in adviser_dashboard.content.decode()


def test_the_dashboard_panel_says_when_nothing_is_waiting(lead):
    panel = soup(client_for(lead).get("/admin/")).find(id="dead-letters-section")
    assert "Every email has been sent or is still being tried" in panel.get_text(" ", strip=True)


# --------------------------------------------------------------------------------------------------
# The alert to the admins
# --------------------------------------------------------------------------------------------------


def admin_alerts(mailoutbox):
    return [m for m in mailoutbox if m.to == ["support@sor.example"]]


def test_one_alert_lists_every_new_dead_letter_once_and_holds_no_personal_data(
    admins, england_dead, ir_dead, digest_dead, mailoutbox
):
    mailoutbox.clear()
    assert dead_letters.dead_letters_alert() == 3
    [alert] = admin_alerts(mailoutbox)
    assert alert.subject.endswith("3 emails could not be sent for 24 hours (dead letters)")
    for email in (england_dead, ir_dead, digest_dead):
        assert f"Email {email.pk}: {email.get_kind_display()}" in alert.body
    assert england_dead.enquiry.reference in alert.body and ir_dead.enquiry.reference in alert.body
    assert "http://testserver/admin/enquiries/dead-letters/" in alert.body
    # No personal data: no addresses, names, subjects, message text or provider errors.
    for private in (
        ENQUIRER,
        "ana@example.org",
        "lead@sor.example",
        "Sam Returner",
        "Ana Recruit",
        "Updating days after a career break",
        "I left the register",
        "SMTPRecipientsRefused",
        england_dead.subject,
    ):
        assert private not in alert.subject and private not in alert.body, private
    assert not alert.alternatives

    assert OutboundEmail.objects.filter(status=F, dead_letter_alerted_at__isnull=True).count() == 0
    # Nothing new: no second alert.
    later = timezone.now() + datetime.timedelta(hours=1)
    assert dead_letters.dead_letters_alert(now=later) == 0
    assert len(admin_alerts(mailoutbox)) == 1


def test_new_dead_letters_are_batched_at_most_one_alert_per_quarter_hour(
    admins, england_dead, submit, mailoutbox
):
    mailoutbox.clear()
    now = timezone.now()
    assert dead_letters.dead_letters_alert(now=now) == 1
    newer = make_dead(submit().emails.get(kind=OutboundEmail.Kind.ACKNOWLEDGEMENT))
    assert dead_letters.dead_letters_alert(now=now + datetime.timedelta(minutes=5)) == 0
    assert dead_letters.dead_letters_alert(now=now + datetime.timedelta(minutes=16)) == 1
    alerts = admin_alerts(mailoutbox)
    assert len(alerts) == 2
    assert f"Email {newer.pk}:" in alerts[1].body and f"Email {england_dead.pk}:" not in alerts[1].body


def test_when_the_alert_cannot_be_sent_it_is_logged_without_personal_data_and_tried_again(
    admins, england_dead, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.enquiries.failing_backend.EmailBackend"
    failing_backend.FAILURES_LEFT = 1
    failing_backend.SENT.clear()
    with caplog.at_level(logging.INFO):
        assert dead_letters.dead_letters_alert() == 0
    england_dead.refresh_from_db()
    assert england_dead.dead_letter_alerted_at is None
    assert "Could not alert the administrators about 1 dead letter(s) (ConnectionError)" in caplog.text
    assert ENQUIRER not in caplog.text and "support@sor.example" not in caplog.text

    assert dead_letters.dead_letters_alert() == 1  # the provider is back
    england_dead.refresh_from_db()
    assert england_dead.dead_letter_alerted_at is not None
    assert [m.to for m in failing_backend.SENT] == [["support@sor.example"]]


def test_without_admins_nothing_is_sent_or_stamped(settings, england_dead, mailoutbox, caplog):
    settings.ADMINS = []
    mailoutbox.clear()
    with caplog.at_level(logging.WARNING):
        assert dead_letters.dead_letters_alert() == 0
    assert mailoutbox == [] and "no ADMINS are set" in caplog.text
    england_dead.refresh_from_db()
    assert england_dead.dead_letter_alerted_at is None


def test_an_address_the_provider_refuses_goes_to_the_list_at_once(lead, submit, settings, mailoutbox):
    """Waiting will not make a refused address valid: no 24 hours of retries, straight to the list."""
    settings.EMAIL_BACKEND = "tests.enquiries.failing_backend.RefusingEmailBackend"
    enquiry = submit(email=ENQUIRER)
    ack = enquiry.emails.get(kind=OutboundEmail.Kind.ACKNOWLEDGEMENT)
    assert (ack.status, ack.attempts, ack.next_attempt_at) == (OutboundEmail.Status.FAILED, 1, None)
    assert ack.last_error.startswith("AnymailRecipientsRefused")
    assert outbox.deliver_due_retries(now=timezone.now() + datetime.timedelta(hours=1)) == 0
    response = client_for(lead).get("/admin/enquiries/dead-letters/")
    assert enquiry.reference in response.content.decode()


def test_admins_come_from_the_environment():
    """ADMINS is read by the settings module itself, in a fresh interpreter with the variable set."""
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "ADMINS": "Portal support <support@sor.example>,ops@sor.example"}
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
    code = "import json, django; from django.conf import settings; django.setup(); print(json.dumps(settings.ADMINS))"
    result = subprocess.run(  # noqa: S603 - our own settings, fixed arguments
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=True
    )
    parsed = json.loads(result.stdout.strip().splitlines()[-1])
    assert parsed == [["Portal support", "support@sor.example"], ["ops@sor.example", "ops@sor.example"]]


def test_the_provider_down_for_a_day_ends_in_the_list_and_one_alert_from_the_scheduler(
    admins, lead, submit, settings, django_capture_on_commit_callbacks, mailoutbox
):
    """The whole path: retries with backoff for 24 hours, then a dead letter, then the alert that the
    minute job sends (run_scheduler --once, immediate tasks in tests)."""
    settings.EMAIL_BACKEND = "tests.enquiries.failing_backend.EmailBackend"
    failing_backend.FAILURES_LEFT = 10_000
    failing_backend.SENT.clear()
    enquiry = submit(email=ENQUIRER)
    ack = enquiry.emails.get(kind=OutboundEmail.Kind.ACKNOWLEDGEMENT)
    assert ack.status == OutboundEmail.Status.RETRYING
    start = timezone.now()
    for minutes in range(0, 26 * 60, 30):
        with mock.patch(
            "django.utils.timezone.now", return_value=start + datetime.timedelta(minutes=minutes)
        ):
            outbox.deliver_due_retries()
    ack.refresh_from_db()
    assert ack.status == F and ack.attempts > 5 and ack.dead_letter_alerted_at is None
    assert f"dead-letter-{ack.pk}" in client_for(lead).get(DEAD).content.decode()

    failing_backend.FAILURES_LEFT = 0  # the provider is back
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_scheduler", "--once", stdout=out)
    assert "alert_dead_letters" in out.getvalue()
    alerts = [m for m in failing_backend.SENT if m.to == ["support@sor.example"]]
    assert len(alerts) == 1 and enquiry.reference in alerts[0].body
    ack.refresh_from_db()
    assert (
        ack.dead_letter_alerted_at is not None and ack.status == F
    )  # a dead letter is not retried by itself
    assert Enquiry.objects.filter(pk=enquiry.pk).exists()
