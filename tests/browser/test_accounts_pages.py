"""The account pages as a newcomer meets them, at 1280x900 and on a 390x844 phone: an empty sign-up
shows one specific message per field, in the error summary (which takes focus) and beside each field;
the links in the summary move to the field; sign-in and password reset speak the portal's words.
Zero axe violations throughout."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.content import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("size", SIZES)
def test_an_empty_sign_up_says_what_each_field_needs(page, portal_site, axe_check, size):
    page.set_viewport_size(SIZES[size])
    page.goto("/accounts/signup/")
    axe_check(page, where=f"sign-up page ({size})")

    page.get_by_role("button", name="Create account").click()

    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        ["Enter your email address", "Enter a password", "Type the password again to confirm it"]
    )
    expect(page.locator("#maincontent")).not_to_contain_text("This field is required")
    axe_check(page, where=f"sign-up page with errors ({size})")

    summary.get_by_role("link", name="Enter a password").click()
    expect(page.get_by_label("Password", exact=True)).to_be_focused()


@pytest.mark.parametrize("size", SIZES)
def test_sign_in_and_password_reset_in_the_portal_s_words(page, portal_site, axe_check, size):
    page.set_viewport_size(SIZES[size])
    page.goto("/accounts/login/")
    expect(page.get_by_label("Keep me signed in on this device")).to_be_visible()
    expect(page.locator("#maincontent")).not_to_contain_text("Remember Me")
    page.get_by_role("button", name=re.compile(r"^\s*sign in\s*$", re.I)).click()
    expect(page.locator(".nhsuk-error-summary").get_by_role("link")).to_have_text(
        ["Enter your email address", "Enter your password"]
    )
    axe_check(page, where=f"sign-in page with errors ({size})")

    page.goto("/accounts/password/reset/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    page.get_by_label("Email address").fill("someone@example.com")
    page.get_by_role("button", name="Email me a reset link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    axe_check(page, where=f"password reset sent ({size})")


@pytest.mark.parametrize("size", SIZES)
def test_confirm_it_is_you_and_sign_out_in_the_portal_s_words(page, portal_site, axe_check, sign_in, size):
    make_user("reader@example.org")
    page.set_viewport_size(SIZES[size])
    sign_in(page, "reader@example.org")

    page.goto("/accounts/reauthenticate/?next=/accounts/password/change/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it’s you")
    expect(page.locator("#maincontent")).not_to_contain_text("Confirm Access")
    page.get_by_role("button", name="Confirm").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(["Enter your password"])
    axe_check(page, where=f"confirm it's you with an error ({size})")

    page.goto("/accounts/logout/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign out")
    axe_check(page, where=f"sign-out page ({size})")
    page.locator("#maincontent").get_by_role("button", name="Sign out").click()
    page.goto("/my-enquiries/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
