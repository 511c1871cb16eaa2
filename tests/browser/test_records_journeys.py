"""Staff journeys on the records screens, in Chromium with axe-core on every step: a team lead checks
an address on the suppression list and sends a dead letter again; a privacy officer exports a
person's data and erases it, making and correcting the mistakes people make on the way."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from enquiries import services
from enquiries.models import (
    AdviserProfile,
    Enquiry,
    OutboundEmail,
    RoutingRule,
    Suppression,
    Team,
    TeamMembership,
)
from tests.browser.axe import axe_violations, describe_violations
from tests.browser.content import activate_totp, make_user
from tests.browser.test_enquiry_journey import _settled, _sign_in_with_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENQUIRER = "sam.returner@example.org"


@pytest.fixture
def desk(portal_site):
    """An RtP England team with its lead, one enquiry whose acknowledgement is a dead letter, and one
    suppressed address."""
    from cms.models import Nation, Pathway, Topic

    team = Team.objects.create(name="RtP England", slug="rtp-england", is_fallback=True)
    RoutingRule.objects.create(
        order=10, name="RtP", pathway=Pathway.objects.get(slug="return-to-practice"), team=team
    )
    lead = make_user(
        "lead@demo.sor.example", groups=("Advisers", "Team leads"), is_staff=True, first_name="Tom"
    )
    AdviserProfile.objects.create(user=lead, capacity=10)
    TeamMembership.objects.create(team=team, user=lead, is_lead=True)
    enquiry, _ = services.enquiry_submit(
        **{
            "who": "returning",
            "pathway": Pathway.objects.get(slug="return-to-practice"),
            "nation": Nation.objects.get(slug="england"),
            "profession": "diagnostic",
            "topic": Topic.objects.first(),
            "hcpc_number": "",
            "subject": "How many updating days do I need?",
            "name": "Sam Returner",
            "email": ENQUIRER,
        },
        body="I left the Register in 2019.",
        submission_key="browser-records-1",
    )
    ack = enquiry.emails.get(kind=OutboundEmail.Kind.ACKNOWLEDGEMENT)
    OutboundEmail.objects.filter(pk=ack.pk).update(  # as deliver() leaves it after a day of failures
        status=OutboundEmail.Status.FAILED,
        attempts=9,
        last_error="ConnectionError: provider down",
        next_attempt_at=None,
        sent_at=None,
        created_at=timezone.now() - datetime.timedelta(hours=25),
    )
    Suppression.objects.create(email="bounced@example.org", reason=Suppression.Reason.BOUNCED)
    return {"lead": lead, "secret": activate_totp(lead), "enquiry": enquiry, "ack": ack}


# Wagtail's messages fade in: `.messages > ul` starts at opacity 0 and its body gets the `ready` class
# as the page's script starts, which sets opacity 1 with a transition. axe-core run during the fade sees
# half-drawn text (white on a pale green: contrast 2.0-2.9) and reported it, now and then, in the journey
# below. These pages do the same on purpose, with a fade slow enough to catch every time.
FADING_MESSAGE = """<!doctype html>
<html lang="en-GB">
<head><title>A message fades in</title>
<style>
  body {{ background: #ffffff; font: 16px/1.5 sans-serif; }}
  .messages > ul {{ opacity: 0; list-style: none; padding: 0; }}
  .ready .messages > ul {{ opacity: 1; transition: opacity 20s linear; }}
  .messages li {{ background: {background}; color: #ffffff; padding: 1em; }}
</style></head>
<body>
  <main>
    <h1>Dead letters</h1>
    <div class="messages"><ul><li class="success">The email was sent again.</li></ul></div>
  </main>
  <script>
    getComputedStyle(document.querySelector(".messages > ul")).opacity;  // drawn once, at opacity 0
    document.body.classList.add("ready");  // then the fade starts, as Wagtail's script starts it
  </script>
</body>
</html>"""


def test_the_accessibility_check_sees_a_fading_message_as_it_ends_not_half_drawn(page):
    # Dark green under white text (6.2:1) once the fade has ended: nothing to report, however early axe runs.
    page.set_content(FADING_MESSAGE.format(background="#00703c"))
    violations = axe_violations(page)
    assert not violations, describe_violations(violations, where="a page whose message fades in")

    # The message is still checked, in its final colours: a pale green (2:1) must be reported.
    page.set_content(FADING_MESSAGE.format(background="#7fc89c"))
    ids = {violation["id"] for violation in axe_violations(page)}
    assert "color-contrast" in ids


def test_team_lead_checks_an_address_and_sends_a_dead_letter_again(page, desk, axe_check):
    _sign_in_with_code(page, desk["lead"].email, desk["secret"])

    page.goto("/admin/snippets/enquiries/suppression/")
    axe_check(page, where="the suppressed addresses")
    page.get_by_role("link", name="Is this address suppressed?").click()
    axe_check(page, where="the suppression check")

    check = page.get_by_role("button", name="Check this address")
    page.get_by_label("Email address").fill("not an address <script>")
    check.click()
    expect(page.locator(".error-message").first).to_be_visible()
    axe_check(page, where="the suppression check with an error")
    assert "script" not in page.url and "@" not in page.url

    page.get_by_label("Email address").fill("Bounced@Example.org")
    check.click()
    expect(page.get_by_text(re.compile(r"bounced@example\.org is suppressed"))).to_be_visible()
    assert "bounced" not in page.url
    axe_check(_settled(page), where="the answer of the suppression check")

    page.goto("/admin/enquiries/dead-letters/")
    row = page.locator(f"#dead-letter-{desk['ack'].pk}")
    expect(row).to_contain_text(desk["enquiry"].reference)
    axe_check(page, where="the dead-letter list")
    row.get_by_role("button", name=re.compile("Try again")).click()
    expect(page.locator(f"#dead-letter-{desk['ack'].pk}")).to_have_count(0)
    axe_check(_settled(page), where="the dead-letter list after sending again")
    desk["ack"].refresh_from_db()
    assert desk["ack"].status == OutboundEmail.Status.SENT


def test_privacy_officer_exports_then_erases_a_persons_data(page, desk, axe_check):
    officer = make_user("dpo@demo.sor.example", is_staff=True, is_superuser=True)
    secret = activate_totp(officer)
    _sign_in_with_code(page, officer.email, secret)

    page.goto("/admin/personal-data/")
    axe_check(page, where="the export page")
    page.get_by_label("Email address").fill("sam.returner@")
    page.get_by_role("button", name="Download the ZIP file").click()
    expect(page.locator("#error-summary")).to_contain_text("Enter an email address in the right format")
    axe_check(page, where="the export page with an error")
    page.get_by_label("Email address").fill(ENQUIRER)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the ZIP file").click()
    assert download.value.suggested_filename.startswith("personal-data-")

    page.get_by_role("link", name="Erase a person's data").click()
    axe_check(page, where="the erase page")
    page.get_by_label("Email address").fill(ENQUIRER)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#error-summary")).to_contain_text("Give a reason")
    axe_check(page, where="the erase page with an error")

    page.get_by_label(re.compile("Reason")).fill("Request 2026-118")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check before you erase")).to_be_visible()
    axe_check(page, where="the erase confirmation")
    page.get_by_role("button", name="Erase this person's data").click()
    expect(page.locator("#error-summary")).to_contain_text("Confirm that you want to erase")
    axe_check(page, where="the erase confirmation with an error")

    page.get_by_label("I understand that this erases the person's data for good").check()
    page.get_by_role("button", name="Erase this person's data").click()
    expect(page.get_by_text(re.compile("The person's data has been erased"))).to_be_visible()
    axe_check(_settled(page), where="the erase page after an erasure")
    assert ENQUIRER not in page.content()
    assert Enquiry.objects.get(pk=desk["enquiry"].pk).email != ENQUIRER
