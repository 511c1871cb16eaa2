"""An email reply from another address is held for checking; the adviser finds it, checks it and adds
it to the enquiry, in Chromium, with axe-core on each of the workspace's inbound-email screens."""

from __future__ import annotations

import re

import pytest
from anymail.inbound import AnymailInboundMessage
from playwright.sync_api import expect

from enquiries import services
from enquiries.mail import inbound
from enquiries.mail.outbox import reply_address
from enquiries.models import AdviserProfile, Enquiry, InboundEmail, RoutingRule, Team, TeamMembership
from tests.browser.content import activate_totp, make_user
from tests.browser.test_enquiry_journey import _settled, _sign_in_with_code
from tests.enquiries.inbound_payloads import build_email

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def held_email(portal_site):
    from cms.models import Nation, Pathway, Topic

    team = Team.objects.create(name="RtP England", slug="rtp-england", is_fallback=True)
    RoutingRule.objects.create(
        order=10, name="RtP", pathway=Pathway.objects.get(slug="return-to-practice"), team=team
    )
    adviser = make_user(
        "adviser@demo.sor.example",
        groups=("Advisers",),
        is_staff=True,
        first_name="Aisha",
        last_name="Okafor",
    )
    AdviserProfile.objects.create(user=adviser, capacity=10)
    TeamMembership.objects.create(team=team, user=adviser)
    secret = activate_totp(adviser)
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
            "email": "sam.returner@example.org",
        },
        body="I left the Register in 2019.",
        submission_key="browser-inbound-1",
    )
    email = build_email(
        sender="Sam Returner <sam.r@trust.nhs.example>",
        to=reply_address(enquiry),
        subject=f"Re: {enquiry.reference}",
        text="Writing from my work address: I have booked the course.\n\nSam",
    )
    record, _ = inbound.inbound_save(
        message=AnymailInboundMessage.parse_raw_mime_bytes(email.as_bytes()), provider="Postmark"
    )
    inbound.inbound_process(record.pk)
    record.refresh_from_db()
    assert record.status == InboundEmail.Status.QUARANTINED
    return {"enquiry": enquiry, "record": record, "adviser": adviser, "secret": secret}


def test_adviser_checks_a_held_email_and_adds_it(page, held_email, axe_check):
    enquiry: Enquiry = held_email["enquiry"]
    _sign_in_with_code(page, held_email["adviser"].email, held_email["secret"])

    page.goto(f"/admin/enquiries/{enquiry.pk}/")
    expect(page.get_by_text("1 email for this enquiry is held for checking")).to_be_visible()
    page.get_by_role("link", name="Check held email 1").click()
    expect(page.get_by_role("heading", name=f"Re: {enquiry.reference}")).to_be_visible()
    expect(page.get_by_text("The sender is not the enquirer's address")).to_be_visible()
    axe_check(page, where="a held email")

    page.get_by_role("button", name="Add to the enquiry").click()
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Confirm that you have checked who sent the email")
    axe_check(page, where="a held email with an error")

    summary.get_by_role("link", name=re.compile("Confirm that you have checked")).click()
    page.keyboard.press("Space")  # the link moved focus to the checkbox
    page.get_by_role("button", name="Add to the enquiry").click()
    expect(page).to_have_url(re.compile(rf"/admin/enquiries/{enquiry.pk}/(#.*)?$"))
    expect(page.get_by_text("Writing from my work address: I have booked the course.")).to_be_visible()
    axe_check(_settled(page), where="the enquiry page after adding a held email")

    page.goto("/admin/enquiries/inbound/?show=all")
    expect(page.get_by_role("cell", name=re.compile("Released by an adviser"))).to_be_visible()
    axe_check(page, where="the inbound email list")
