"""Individual assistance, end to end in Chromium, with axe-core on every page on the way.

An anonymous returnee asks for help with an attachment and gets the acknowledgement email; an adviser
with an authenticator app signs in, finds the enquiry under "Mine", downloads the attachment and
replies with a canned response; the returnee signs in, reads the reply and answers it at
/my-enquiries/; the adviser reads the answer and resolves the enquiry.

axe-core must find nothing on the public pages, the sign-in pages and the workspace's own screens
(inbox and enquiry page). The Wagtail dashboard is Wagtail's own markup: what axe finds there is
reported as a warning, as in the editor's journey.
"""

from __future__ import annotations

import re
import time
import warnings

from django.core import mail

import pytest
from playwright.sync_api import expect

from enquiries.models import (
    AdviserProfile,
    CannedResponse,
    Enquiry,
    Message,
    RoutingRule,
    Team,
    TeamMembership,
)
from tests.browser.axe import axe_violations, describe_violations
from tests.browser.conftest import RESULTS_DIR
from tests.browser.content import PASSWORD, activate_totp, make_user, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

S = Enquiry.Status
ENQUIRER_EMAIL = "sam.returner@example.org"
SIGN_OFF = "Best wishes,\nAisha Okafor\nSociety of Radiographers"
QUESTION = "I left the HCPC Register in 2019 to care for my mother. How many days of updating do I need?"


@pytest.fixture
def enquiry_desk(portal_site):
    """The RtP England team with one adviser (who has an authenticator app), a routing rule, a canned
    response, and the returnee's own account (made earlier, with this email address verified)."""
    from cms.models import Nation, Pathway

    team = Team.objects.create(name="RtP England", slug="rtp-england")
    Team.objects.create(name="International recruitment", slug="ir", is_fallback=True)
    RoutingRule.objects.create(
        order=10,
        name="RtP in England",
        pathway=Pathway.objects.get(slug="return-to-practice"),
        nation=Nation.objects.get(slug="england"),
        team=team,
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
    CannedResponse.objects.create(
        title="Updating days: how many you need",
        body="As you have been out of practice for more than five years, you need 60 days of updating "
        "(reference {reference}).",
    )
    enquirer = make_user(ENQUIRER_EMAIL, first_name="Sam", last_name="Returner")
    return {"adviser": adviser, "secret": secret, "enquirer": enquirer}


def _report_admin_violations(page, where):
    violations = axe_violations(page)
    if violations:
        warnings.warn(
            "Wagtail admin (reported, not failed): " + describe_violations(violations, where=where),
            stacklevel=2,
        )


def _settled(page):
    """Wait until Wagtail's messages have finished fading in (axe would otherwise see them half-drawn)."""
    page.wait_for_function(
        """() => [...document.querySelectorAll(".messages")].every(
            messages => messages.getAnimations({subtree: true}).every(a => a.playState !== "running")
        )"""
    )
    return page


def _sign_in_with_code(page, email, secret, axe_check=None):
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label(re.compile(r"^\s*email", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile(r"^\s*password", re.IGNORECASE)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^\s*sign in\s*$", re.IGNORECASE)).click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    if axe_check:
        axe_check(page, where="the two-factor sign-in page")
    page.get_by_label(re.compile(r"code", re.IGNORECASE)).fill(totp_code(secret))
    page.locator("#maincontent").get_by_role(
        "button", name=re.compile(r"^\s*sign in\s*$", re.IGNORECASE)
    ).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_returnee_asks_adviser_replies_with_a_canned_response_returnee_answers_adviser_resolves(
    page, browser, live_server, enquiry_desk, axe_check, sign_in, tmp_path, request
):
    # ---- 1. An anonymous returnee asks for help, with a PDF attached --------------------------------
    page.goto("/get-help/")
    shown_at = time.monotonic()
    expect(page.get_by_role("heading", level=1)).to_have_text("Get help from an adviser")
    axe_check(page, where="the get-help form")
    page.get_by_label("Returning to practice", exact=True).check()
    page.get_by_label("England", exact=True).check()
    page.get_by_label("Diagnostic radiography", exact=True).check()
    page.get_by_label("What is your question about?").select_option(label="HCPC registration")
    page.get_by_label("Your question in a sentence").fill("How many updating days do I need?")
    page.get_by_label("Tell us more").fill(QUESTION)
    letter = tmp_path / "hcpc-letter.pdf"
    letter.write_bytes(b"%PDF-1.4\n% a letter from the HCPC\n")
    page.get_by_label("Attach files (optional)").set_input_files(str(letter))
    page.get_by_label("Your name").fill("Sam Returner")
    page.get_by_label("Your email address").fill(ENQUIRER_EMAIL)
    page.get_by_label(re.compile(r"^I agree that the Society of Radiographers")).check()
    time.sleep(max(0.0, 3.5 - (time.monotonic() - shown_at)))  # the form refuses answers sent within 3 s
    page.get_by_role("button", name="Send my request").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("We have your request")
    axe_check(page, where="the confirmation page")
    enquiry = Enquiry.objects.get()
    expect(page.locator("#maincontent")).to_contain_text(enquiry.reference)
    assert enquiry.assignee == enquiry_desk["adviser"] and enquiry.team.slug == "rtp-england"
    acknowledgements = [m for m in mail.outbox if m.to == [ENQUIRER_EMAIL]]
    assert len(acknowledgements) == 1 and enquiry.reference in acknowledgements[0].subject
    assert enquiry.messages.get().attachments.get().original_name == "hcpc-letter.pdf"

    # ---- 2. The adviser signs in with an authenticator code and finds it under "Mine" -------------
    adviser_context = browser.new_context(
        base_url=live_server.url, bypass_csp=True, locale="en-GB", viewport={"width": 1280, "height": 900}
    )
    adviser_context.set_default_timeout(10_000)
    adviser_page = adviser_context.new_page()
    errors = []
    adviser_page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.context.clear_cookies()
        adviser_page.goto("/admin/")
        axe_check(adviser_page, where="the sign-in page (staff)")
        _sign_in_with_code(adviser_page, "adviser@demo.sor.example", enquiry_desk["secret"], axe_check)
        _report_admin_violations(_settled(adviser_page), "the Wagtail dashboard")

        adviser_page.get_by_role("button", name="Enquiries", exact=True).click()
        adviser_page.get_by_role("link", name="Mine (1)").click()
        expect(adviser_page).to_have_url(re.compile(r"/admin/enquiries/$"))
        axe_check(adviser_page, where="the 'Mine' inbox")
        # Searching by email address: the search is posted; the address keeps only a token for it.
        adviser_page.get_by_label("Search by reference, name, email, HCPC number or subject").fill(
            ENQUIRER_EMAIL
        )
        adviser_page.get_by_role("button", name="Search", exact=True).click()
        expect(adviser_page).to_have_url(re.compile(r"/admin/enquiries/\?search=[\w-]+$"))
        assert "sam.returner" not in adviser_page.url
        expect(adviser_page.get_by_text("1 enquiry matches your search and filters.")).to_be_visible()
        axe_check(adviser_page, where="the 'Mine' inbox after a search")
        adviser_page.get_by_role("link", name=enquiry.reference).click()
        expect(adviser_page).to_have_url(re.compile(rf"/admin/enquiries/{enquiry.pk}/$"))
        workspace = adviser_page.locator("main")
        expect(workspace).to_contain_text(QUESTION)
        axe_check(adviser_page, where="the enquiry page")

        with adviser_page.expect_download() as download:
            adviser_page.get_by_role("link", name="hcpc-letter.pdf").click()
        assert download.value.suggested_filename == "hcpc-letter.pdf"

        # ---- 3. ... and replies, starting from a canned response ----------------------------------
        adviser_page.get_by_label("Canned response").select_option(label="Updating days: how many you need")
        adviser_page.get_by_role("button", name="Insert canned response").click()
        reply_box = adviser_page.get_by_label("Your reply")
        expect(reply_box).to_have_value(
            f"Dear Sam,\n\nAs you have been out of practice for more than five years, you need 60 days of "
            f"updating (reference {enquiry.reference}).\n\n{SIGN_OFF}"
        )
        axe_check(adviser_page, where="the enquiry page with a canned response inserted")
        adviser_page.get_by_role("button", name="Send reply").click()
        expect(adviser_page.get_by_text("Your reply has been sent to the enquirer.")).to_be_visible()
        enquiry.refresh_from_db()
        assert enquiry.status == S.AWAITING_ENQUIRER
        replies = [m for m in mail.outbox if m.to == [ENQUIRER_EMAIL] and "60 days of updating" in m.body]
        assert len(replies) == 1

        # ---- 4. The returnee signs in, reads the reply and answers at /my-enquiries/ ---------------
        sign_in(page, ENQUIRER_EMAIL)
        page.goto("/my-enquiries/")
        axe_check(page, where="my enquiries")
        expect(page.locator("#maincontent")).to_contain_text("How many updating days do I need?")
        page.get_by_role("link", name=enquiry.reference).click()
        expect(page).to_have_url(re.compile(rf"/my-enquiries/{enquiry.reference}/$"))
        expect(page.locator("#maincontent")).to_contain_text("you need 60 days of updating")
        axe_check(page, where="the enquirer's enquiry page")
        page.get_by_label("Your reply").fill("Thank you. Can half of the 60 days be private study?")
        page.get_by_role("button", name="Send reply").click()
        expect(page.locator("#maincontent")).to_contain_text("Can half of the 60 days be private study?")
        axe_check(_settled(page), where="the enquirer's enquiry page after replying")
        enquiry.refresh_from_db()
        assert enquiry.status == S.OPEN

        # ---- 5. The adviser reads the answer and resolves the enquiry -----------------------------
        adviser_page.reload()
        expect(workspace).to_contain_text("Can half of the 60 days be private study?")
        adviser_page.get_by_label("New status").select_option(label="Resolved")
        adviser_page.get_by_label("Reason (optional)").fill("Answered: private study may be up to half.")
        adviser_page.get_by_role("button", name="Change status").click()
        expect(adviser_page.get_by_text("The enquiry is now resolved.")).to_be_visible()
        axe_check(_settled(adviser_page), where="the enquiry page after resolving")
        enquiry.refresh_from_db()
        assert enquiry.status == S.RESOLVED and enquiry.resolved_at is not None
        assert list(enquiry.messages.values_list("kind", flat=True)) == [
            Message.Kind.INBOUND,
            Message.Kind.OUTBOUND,
            Message.Kind.INBOUND,
        ]
    except BaseException:
        RESULTS_DIR.mkdir(exist_ok=True)
        adviser_page.screenshot(path=str(RESULTS_DIR / "enquiry-journey-adviser.png"), full_page=True)
        raise
    finally:
        adviser_context.close()
    assert not errors, f"Uncaught JavaScript errors in the admin: {errors}"


def test_the_adviser_works_an_enquiry_without_javascript(no_js_page, enquiry_desk):
    """Search, open, insert a canned response, reply and change the status with JavaScript off (axe-core
    needs JavaScript, so the pages are checked in the journey above)."""
    from cms.models import Nation, Pathway, Topic
    from enquiries.services import enquiry_submit

    enquiry, _ = enquiry_submit(
        **{
            "who": "returning",
            "pathway": Pathway.objects.get(slug="return-to-practice"),
            "nation": Nation.objects.get(slug="england"),
            "profession": "diagnostic",
            "topic": Topic.objects.get(slug="hcpc-registration"),
            "subject": "Updating after seven years",
            "name": "Sam Returner",
            "email": ENQUIRER_EMAIL,
        },
        body=QUESTION,
        submission_key="no-js-journey",
    )
    page = no_js_page
    _sign_in_with_code(page, "adviser@demo.sor.example", enquiry_desk["secret"])

    page.goto("/admin/enquiries/all/")
    page.get_by_label("Search by reference, name, email, HCPC number or subject").fill("seven years")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/enquiries/all/\?search=[\w-]+$"))
    assert "seven" not in page.url
    expect(page.get_by_label("Search by reference, name, email, HCPC number or subject")).to_have_value(
        "seven years"
    )
    page.get_by_role("link", name=enquiry.reference).click()

    page.get_by_label("Canned response").select_option(label="Updating days: how many you need")
    reply = page.get_by_label("Your reply")
    expect(reply).to_have_value(f"Dear Sam,\n\n\n\n{SIGN_OFF}")  # the composer's greeting and sign-off
    reply.fill(f"Dear Sam,\n\nThanks for writing.\n\n{SIGN_OFF}")
    page.get_by_role("button", name="Insert canned response").click()
    # The canned response (a body only) goes above the sign-off: one greeting, one sign-off.
    expect(page.get_by_label("Your reply")).to_have_value(
        re.compile(rf"^Dear Sam,\n\nThanks for writing\.\n\nAs you have been[^\n]*\n\n{SIGN_OFF}$")
    )
    page.get_by_label("Mark it resolved (they can still reply)").check()
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text("Your reply has been sent to the enquirer.")).to_be_visible()
    enquiry.refresh_from_db()
    assert enquiry.status == S.RESOLVED

    page.get_by_label("New status").select_option(label="Closed")
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_text("The enquiry is now closed.")).to_be_visible()
    enquiry.refresh_from_db()
    assert enquiry.status == S.CLOSED
