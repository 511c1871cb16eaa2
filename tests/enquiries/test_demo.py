"""The enquiries demo data: what it makes, that it can run twice, that no email leaves, and the command."""

from __future__ import annotations

import datetime
from collections import Counter
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from enquiries import selectors
from enquiries.demo import ADVISERS, CANNED, SCENARIOS, seed_enquiries
from enquiries.models import CannedResponse, Enquiry, Event, Message, OutboundEmail, RoutingRule, Team
from portal.models import User

from . import failing_backend

S = Enquiry.Status


def everything() -> dict[str, int]:
    return {
        "enquiries": Enquiry.objects.count(),
        "messages": Message.objects.count(),
        "events": Event.objects.count(),
        "teams": Team.objects.count(),
        "rules": RoutingRule.objects.count(),
        "canned": CannedResponse.objects.count(),
        "users": User.objects.count(),
    }


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
    for spec in ADVISERS:
        user = User.objects.get(email=spec.email)
        assert user.is_staff and user.check_password("sor-demo-2026!")
        assert selectors.is_enquiry_staff(user)

    assert CannedResponse.objects.count() == len(CANNED) >= 5
    for canned in CannedResponse.objects.all():
        canned.full_clean()  # only known placeholders
        assert "{first_name}" in canned.body

    statuses = Counter(Enquiry.objects.values_list("status", flat=True))
    assert set(statuses) == set(S.values), statuses
    counts = selectors.inbox_counts(lead, now=timezone.now())
    assert counts["overdue"] >= 3 and counts["due-soon"] >= 2 and counts["unassigned"] >= 1
    assert counts["awaiting"] >= 3

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
    assert set(emails.values_list("status", flat=True)) == {OutboundEmail.Status.SENT}
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
