"""The enquiries demo data: what it makes, that it can run twice, that no email leaves, and the command."""

from __future__ import annotations

import datetime
import os
from collections import Counter
from io import StringIO
from urllib.parse import urlsplit

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from enquiries import deadlines, selectors, services
from enquiries.demo import DEFAULT_PASSWORD as ENQUIRIES_DEFAULT_PASSWORD
from enquiries.demo import SUBMISSION_PREFIX, load, seed_enquiries
from enquiries.mail.dead_letters import dead_letters_for
from enquiries.models import (
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
)
from portal.demo_data import DEFAULT_PASSWORD
from portal.models import User
from tests.conftest import mfa_login, visible_text

from . import failing_backend

CASEWORK = load()  # demo/casework/
ADVISERS, CANNED, REFUSED, SCENARIOS = (
    CASEWORK.advisers,
    CASEWORK.canned,
    CASEWORK.refused,
    CASEWORK.scenarios,
)
S = Enquiry.Status
D = OutboundEmail.Delivery
K = OutboundEmail.Kind
I = InboundEmail.Status  # noqa: E741


def everything() -> dict[str, int]:
    return {
        "enquiries": Enquiry.objects.count(),
        "messages": Message.objects.count(),
        "events": Event.objects.count(),
        "teams": Team.objects.count(),
        "rules": RoutingRule.objects.count(),
        "canned": CannedResponse.objects.count(),
        "users": User.objects.count(),
        "emails": OutboundEmail.objects.count(),
        "inbound": InboundEmail.objects.count(),
        "delivery events": DeliveryEvent.objects.count(),
        "suppressions": Suppression.objects.count(),
        "ratings": SatisfactionRating.objects.count(),
    }


def seeded_password() -> str:
    """The password the demo accounts get, read as seed_demo reads it: DEMO_PASSWORD when it is set,
    else the published default (so these tests pass whatever DEMO_PASSWORD the machine has)."""
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD


def scenario(key: str) -> Enquiry:
    return Enquiry.objects.get(submission_key=services.submission_digest(f"{SUBMISSION_PREFIX}{key}"))


@pytest.mark.django_db
def test_the_demo_has_teams_rules_advisers_canned_responses_and_enquiries_in_every_state(settings):
    made = seed_enquiries()
    assert made["enquiries"] == len(SCENARIOS) >= 38

    teams = {team.slug: team for team in Team.objects.all()}
    assert set(teams) == {"rtp-england", "rtp-devolved", "ir"}
    assert [team.slug for team in Team.objects.filter(is_fallback=True)] == ["ir"]
    assert RoutingRule.objects.filter(team=teams["rtp-devolved"]).count() == 3

    lead = User.objects.get(email="teamlead@demo.sor.example")
    assert set(lead.groups.values_list("name", flat=True)) >= {"Advisers", "Team leads"}
    assert lead.team_memberships.filter(is_lead=True).count() == 3
    assert ENQUIRIES_DEFAULT_PASSWORD == DEFAULT_PASSWORD  # one published demo password, not two
    password = seeded_password()
    for spec in ADVISERS:
        user = User.objects.get(email=spec.email)
        assert user.is_staff and user.check_password(password)
        assert selectors.is_enquiry_staff(user)

    assert CannedResponse.objects.count() == len(CANNED) >= 5
    for canned in CannedResponse.objects.all():
        canned.full_clean()  # only known placeholders; no greeting or sign-off of its own

    statuses = Counter(Enquiry.objects.values_list("status", flat=True))
    assert set(statuses) == set(S.values), statuses
    counts = selectors.inbox_counts(lead, now=timezone.now())
    assert counts["overdue"] >= 3 and counts["due-soon"] >= 2 and counts["unassigned"] >= 1
    assert counts["awaiting"] >= 3
    # Every deadline, staged ones included, is in UK working hours on a working day of the nation.
    for due_at, subdivision in Enquiry.objects.exclude(due_at=None).values_list(
        "due_at", "nation__holiday_subdivision"
    ):
        local = due_at.astimezone(deadlines.UK_TIME)
        assert deadlines.is_working_day(local.date(), subdivision or "ENG"), local
        assert deadlines.DAY_START <= local.time() <= deadlines.DAY_END, local

    # Spread in time, with threads that go back and forth.
    oldest = Enquiry.objects.order_by("created_at").first().created_at
    assert timezone.now() - oldest > datetime.timedelta(days=20)
    long_threads = [e for e in Enquiry.objects.all() if e.messages.count() >= 3]
    assert len(long_threads) >= 5
    for enquiry in long_threads:
        times = list(enquiry.messages.values_list("created_at", flat=True))
        assert times == sorted(times) and times[0] == enquiry.created_at
        assert times[-1] <= timezone.now()
    resolved = Enquiry.objects.filter(status=S.RESOLVED).first()
    assert resolved.first_responded_at and resolved.created_at < resolved.resolved_at <= timezone.now()
    for merged in Enquiry.objects.filter(status=S.MERGED):
        assert merged.merged_into.email == merged.email
    assert Enquiry.objects.filter(messages__kind=Message.Kind.NOTE).exists()

    # Running it again makes nothing new.
    before = everything()
    assert seed_enquiries()["enquiries"] == 0
    assert everything() == before

    # Demo staff still need MFA for the admin, unless the development setting says otherwise.
    adviser = User.objects.get(email="adviser@demo.sor.example")
    client = Client()
    client.force_login(adviser)
    assert client.get("/admin/enquiries/")["Location"].startswith("/accounts/2fa/totp/activate/")
    settings.PORTAL_ALLOW_STAFF_WITHOUT_MFA = True
    assert client.get("/admin/enquiries/").status_code == 200
    settings.PORTAL_ALLOW_STAFF_WITHOUT_MFA = False
    TOTP.activate(adviser, generate_totp_secret())
    # The session above had no second factor: now that the account has one, that session is signed
    # out; a sign-in with the code gets in.
    assert urlsplit(client.get("/admin/enquiries/")["Location"]).path == "/accounts/login/"
    mfa_login(client, adviser)
    response = client.get("/admin/enquiries/")
    assert response.status_code == 200 and "Mine (" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_seeding_sends_its_emails_to_memory_whatever_the_email_backend(settings):
    settings.EMAIL_BACKEND = "tests.enquiries.failing_backend.EmailBackend"
    failing_backend.FAILURES_LEFT = 10_000  # the configured backend would fail every email
    failing_backend.SENT.clear()
    try:
        seed_enquiries()
    finally:
        failing_backend.FAILURES_LEFT = 0
    emails = OutboundEmail.objects.all()
    assert emails.filter(kind=OutboundEmail.Kind.ACKNOWLEDGEMENT).count() == len(SCENARIOS)
    # All sent to memory, except those to the addresses the demo's provider refuses (its dead letters).
    assert set(emails.exclude(to__in=REFUSED).values_list("status", flat=True)) == {OutboundEmail.Status.SENT}
    assert set(emails.filter(to__in=REFUSED).values_list("status", flat=True)) == {
        OutboundEmail.Status.FAILED
    }
    assert failing_backend.SENT == []
    # Emails are dated with the step that caused them, not with the moment of seeding.
    first = Enquiry.objects.order_by("created_at").first()
    assert first.emails.get(kind=OutboundEmail.Kind.ACKNOWLEDGEMENT).created_at == first.created_at


@pytest.mark.django_db
def test_the_command_refuses_without_debug_and_reports_what_it_made(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_enquiries", stdout=StringIO())
    assert not Enquiry.objects.exists()

    settings.DEBUG = True
    output = StringIO()
    call_command("seed_enquiries", stdout=output)
    assert f"{len(SCENARIOS)} new enquiries" in output.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_demo_shows_emails_that_came_back_delivery_reports_and_dead_letters(settings):
    made = seed_enquiries()
    now = timezone.now()
    assert made["inbound_emails"] == 4 and made["dead_letters"] == 2 and made["delivery_reports"] > 100
    settings.PORTAL_ALLOW_STAFF_WITHOUT_MFA = True
    lead = Client()
    lead.force_login(User.objects.get(email="teamlead@demo.sor.example"))

    # Held for checking: the enquirer writing from work (matched by the reference in the subject, but
    # not from the enquirer's address) and an email that matches no enquiry.
    daniel, stray = InboundEmail.objects.filter(status=I.QUARANTINED).order_by("received_at")
    assert daniel.enquiry == scenario("e02") and daniel.matched_by == InboundEmail.MatchedBy.SUBJECT
    assert daniel.reason == "The sender's address is not the enquirer's"
    assert daniel.subject == f"Chasing my enquiry {daniel.enquiry.reference}: supervised practice in CT"
    assert stray.enquiry is None and stray.reason == "No enquiry matches this email"
    held = visible_text(lead.get("/admin/enquiries/inbound/"))
    assert "Held for checking (2)" in held
    assert daniel.subject in held and "Returning to therapeutic radiography" in held
    assert daniel.enquiry.emails.filter(kind=K.QUARANTINED).exists()  # the adviser was told

    # The out-of-office is kept under automatic replies, with its enquiry, and threads nothing.
    away = InboundEmail.objects.get(status=I.AUTO_REPLY)
    assert away.enquiry == scenario("e06") and away.reason == "Auto-Submitted: auto-replied"
    assert away.message is None
    assert "Automatic reply: Re: My readmission" in visible_text(
        lead.get("/admin/enquiries/inbound/?show=automatic")
    )

    # The reply by email threads on its enquiry (by the signed reply address), its quoted history and
    # signature hidden; the enquiry is open again.
    nadia = InboundEmail.objects.get(status=I.THREADED)
    enquiry = scenario("e14")
    assert nadia.enquiry == enquiry and nadia.matched_by == InboundEmail.MatchedBy.REPLY_ADDRESS
    message = nadia.message
    assert message.via_email and message.has_hidden_text and enquiry.status == S.OPEN
    assert "Wednesdays and Fridays" in message.display_body
    assert "wrote:" not in message.display_body and "Sent from my phone" not in message.display_body
    assert "> Dear Nadia," in message.body and enquiry.messages.last() == message
    thread = visible_text(lead.get(f"/admin/enquiries/{enquiry.pk}/"))
    assert "Show the whole email (quoted text and signature)" in thread
    assert all(record.received_at < now for record in InboundEmail.objects.all())

    # Delivery reports: most emails delivered; one deferred, one hard bounce, one complaint; the latest
    # notices (about held emails) still only "Sent".
    states = {state for state in OutboundEmail.objects.values_list("delivery", flat=True)}
    assert states == {"", D.DELIVERED, D.DEFERRED, D.BOUNCED, D.COMPLAINED}
    assert OutboundEmail.objects.filter(delivery=D.DELIVERED).count() > 100
    assert scenario("s01").emails.get(kind=K.ACKNOWLEDGEMENT).delivery == D.DEFERRED
    bounced = scenario("s06").emails.get(kind=K.ACKNOWLEDGEMENT)
    complained = scenario("i13").emails.get(kind=K.RATING_REQUEST)
    assert (bounced.delivery, complained.delivery) == (D.BOUNCED, D.COMPLAINED)
    assert set(Suppression.objects.values_list("email", "reason")) == {
        (bounced.to, Suppression.Reason.BOUNCED),
        (complained.to, Suppression.Reason.COMPLAINED),
    }
    told = OutboundEmail.objects.filter(kind=K.DELIVERY_PROBLEM)
    assert set(told.values_list("to", flat=True)) == {
        "adviser2@demo.sor.example",
        "adviser3@demo.sor.example",
    }
    assert bounced.sent_at < told.get(enquiry=bounced.enquiry).created_at < now
    assert all(event.occurred_at <= now for event in DeliveryEvent.objects.all())
    workspace = visible_text(lead.get(f"/admin/enquiries/{bounced.enquiry.pk}/"))
    assert "Bounced" in workspace

    # Dead letters: the acknowledgements to the addresses the provider refuses outright, listed at once.
    dead = dead_letters_for(User.objects.get(email="teamlead@demo.sor.example"))
    assert set(dead.values_list("to", "kind")) == {(address, K.ACKNOWLEDGEMENT) for address in REFUSED}
    for email in dead:
        assert email.attempts == 1 and email.last_error.startswith("AnymailRecipientsRefused: ")
        assert email.next_attempt_at is None and email.sent_at is None
    listed = visible_text(lead.get("/admin/enquiries/dead-letters/"))
    assert all(email.enquiry.reference in listed for email in dead)

    # Seeding again makes nothing new.
    before = everything()
    again = seed_enquiries()
    assert (
        again["enquiries"],
        again["inbound_emails"],
        again["delivery_reports"],
        again["dead_letters"],
    ) == (
        0,
        0,
        0,
        0,
    )
    assert everything() == before


def figures_from_events(enquiry: Enquiry) -> dict:
    """The report figures and the response clock the services' own functions give for an enquiry's
    audit events: the clock (services.apply_clock) replayed from its arrival through each status change
    it recorded, the first adviser reply's figures asked of services.working_seconds_since_created and
    services.deadline_met at that reply, resolution at the last change to resolved."""
    clock = Enquiry(nation=enquiry.nation, created_at=enquiry.created_at)
    services.apply_clock(clock, "", S.NEW, enquiry.created_at)
    figures = dict.fromkeys(
        ["first_responded_at", "first_response_seconds", "responded_within_deadline", "resolved_at"]
        + ["resolution_seconds"]
    )
    events = enquiry.events.filter(kind__in=[Event.Kind.REPLIED, Event.Kind.STATUS]).order_by(
        "created_at", "pk"
    )
    for event in events:
        at = event.created_at
        if event.kind == Event.Kind.REPLIED:
            if event.data.get("by") == "adviser" and figures["first_responded_at"] is None:
                figures.update(
                    first_responded_at=at,
                    first_response_seconds=services.working_seconds_since_created(clock, at),
                    responded_within_deadline=services.deadline_met(clock, at),
                )
            continue
        services.apply_clock(clock, event.from_status, event.to_status, at)
        if event.to_status == S.RESOLVED:
            figures.update(
                resolved_at=at, resolution_seconds=services.working_seconds_since_created(clock, at)
            )
        elif event.from_status == S.RESOLVED and event.to_status == S.OPEN:
            figures.update(resolved_at=None, resolution_seconds=None)
    figures.update(due_at=clock.due_at, paused_remaining_seconds=clock.paused_remaining_seconds)
    return figures


@pytest.mark.django_db
def test_the_demo_s_report_figures_are_what_the_services_say_for_its_events():
    """The demo keeps no copy of the deadline rule: each seeded enquiry's figures (and its response
    clock) are what the services' own functions give for the events it recorded, at the story's times."""
    seed_enquiries()
    late = set()
    for spec in SCENARIOS:
        enquiry = scenario(spec.key)
        expected = figures_from_events(enquiry)
        if spec.due and enquiry.status in (S.NEW, S.OPEN):
            del expected["due_at"]  # staged so that the inboxes show overdue and due-soon enquiries
        assert {name: getattr(enquiry, name) for name in expected} == expected, spec.key
        if enquiry.first_responded_at:
            late.add(enquiry.responded_within_deadline)
    assert late == {True, False}  # some first replies were late

    # e.g. e04: answered 20 hours after it arrived, within the 3 working days the services allow, then
    # waiting on the enquirer (clock paused) until they wrote back: a fresh deadline from their reply.
    mark = scenario("e04")
    reply = mark.events.get(kind=Event.Kind.STATUS, to_status=S.OPEN).created_at
    assert mark.responded_within_deadline is True and mark.status == S.OPEN
    assert mark.due_at == deadlines.add_working_days(reply, services.response_working_days(), "ENG")
