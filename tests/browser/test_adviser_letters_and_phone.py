"""The adviser and the enquirer, at 1280x900 and on a 390x844 phone, with axe-core on every page:
the inbox is a list of cards on a phone (no sideways scrolling), the reply box carries the greeting and
sign-off once and a canned response goes between them, every due time reads "by 3pm on Tuesday 8
December", and the enquirer reads "Waiting for your reply", not the workspace's "Awaiting enquirer"."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from enquiries import deadlines
from enquiries.factories import AdviserFactory, CannedResponseFactory, RoutingRuleFactory, TeamFactory
from enquiries.models import Enquiry
from tests.browser.content import PASSWORD, activate_totp, make_user
from tests.browser.test_enquiry_journey import _sign_in_with_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

S = Enquiry.Status
ENQUIRER = "rebecca.jones@example.org"
SIGN_OFF = "Best wishes,\nAisha Okafor\nSociety of Radiographers"
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def casework(portal_site):
    from cms.models import Nation, Pathway, Topic
    from enquiries.services import enquiry_submit

    team = TeamFactory(name="RtP England", slug="rtp-england")
    TeamFactory(name="International recruitment", slug="ir", is_fallback=True)
    england = Nation.objects.get(slug="england")
    rtp = Pathway.objects.get(slug="return-to-practice")
    RoutingRuleFactory(order=10, name="RtP in England", pathway=rtp, nation=england, team=team)
    adviser = AdviserFactory(
        email="aisha@demo.sor.example", team=team, first_name="Aisha", last_name="Okafor", totp=False
    )
    adviser.set_password(PASSWORD)
    adviser.save()
    EmailAddress.objects.create(user=adviser, email=adviser.email, verified=True, primary=True)
    secret = activate_totp(adviser)
    CannedResponseFactory(
        title="Updating days: how many you need",
        body="As you have been out of practice for more than five years, you need 60 days of updating.",
    )
    make_user(ENQUIRER, first_name="Rebecca", last_name="Jones")
    enquiry, _ = enquiry_submit(
        who="returning",
        pathway=rtp,
        nation=england,
        profession="diagnostic",
        topic=Topic.objects.get(slug="hcpc-registration"),
        subject="Updating after seven years away",
        name="Rebecca Jones",
        email=ENQUIRER,
        body="I left the Register in 2019. How many days of updating do I need?",
        submission_key="adviser-letters-journey",
    )
    return {"adviser": adviser, "secret": secret, "enquiry": enquiry}


def no_sideways_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("size", SIZES)
def test_the_adviser_replies_once_greeted_and_the_enquirer_reads_plain_words(
    page, casework, axe_check, sign_in, size
):
    page.set_viewport_size(SIZES[size])
    enquiry = casework["enquiry"]
    due = deadlines.due_by(enquiry.due_at)
    assert re.fullmatch(r"by (\d{1,2}(:\d\d)?[ap]m|midday) on \w+day \d{1,2} \w+( \d{4})?", due), due

    # ---- The inbox: a table on a desktop, cards on a phone; no sideways scrolling on either ----
    _sign_in_with_code(page, casework["adviser"].email, casework["secret"])
    page.goto("/admin/enquiries/")
    link = page.get_by_role("link", name=enquiry.reference)
    expect(link).to_be_visible()
    row = page.locator("table.listing tbody tr").first
    expect(row).to_contain_text(due[0].upper() + due[1:])
    assert no_sideways_scroll(page), "the inbox scrolls sideways"
    display = row.evaluate("row => getComputedStyle(row).display")
    assert display == ("block" if size == "phone" else "table-row")
    if size == "phone":
        label = page.locator("td.sor-cell--due").first.evaluate(
            "cell => getComputedStyle(cell, '::before').content"
        )
        assert "Reply due" in label
    axe_check(page, where=f"the inbox ({size})")

    # ---- The enquiry page: the reply box has the greeting and sign-off once ----
    link.click()
    reply = page.get_by_label("Your reply")
    expect(reply).to_have_value(f"Dear Rebecca,\n\n\n\n{SIGN_OFF}")
    reply.fill(f"Dear Rebecca,\n\nThank you for writing.\n\n{SIGN_OFF}")
    page.get_by_label("Canned response").select_option(label="Updating days: how many you need")
    page.get_by_role("button", name="Insert canned response").click()
    expect(page.get_by_label("Your reply")).to_have_value(
        f"Dear Rebecca,\n\nThank you for writing.\n\nAs you have been out of practice for more than five "
        f"years, you need 60 days of updating.\n\n{SIGN_OFF}"
    )
    expect(page.locator("main")).to_contain_text(due[0].upper() + due[1:])
    assert no_sideways_scroll(page), "the enquiry page scrolls sideways"
    axe_check(page, where=f"the enquiry page with a canned response inserted ({size})")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text("Your reply has been sent to the enquirer.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Awaiting enquirer")  # staff keep the internal name
    body = enquiry.messages.filter(kind="outbound").get().body
    assert body.count("Dear Rebecca") == 1 and body.count("Best wishes") == 1

    # ---- The enquirer: plain words for the status ----
    page.context.clear_cookies()
    sign_in(page, ENQUIRER)
    page.goto("/my-enquiries/")
    expect(page.get_by_text("Waiting for your reply")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Awaiting enquirer")
    assert no_sideways_scroll(page)
    axe_check(page, where=f"the enquirer's list ({size})")
    page.get_by_role("link", name=enquiry.reference).click()
    expect(page.locator("main")).to_contain_text("Waiting for your reply")
    expect(page.locator("main")).not_to_contain_text("Awaiting enquirer")
    assert no_sideways_scroll(page)
    axe_check(page, where=f"the enquirer's enquiry page ({size})")
