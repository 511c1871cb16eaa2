"""A member of staff signs in through the one door and lands on the admin page they asked for.

Two journeys, each at desktop size with axe on every portal page they meet (the Wagtail admin's own
pages are checked elsewhere): staff with an authenticator app (password, code, there: two presses),
and a new member of staff who sets one up on the way (password, set-up code, "Continue": three).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.content import PASSWORD, activate_totp, make_user, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIGN_IN = re.compile(r"^\s*sign in\s*$", re.IGNORECASE)


def _password_step(page, email):
    page.get_by_label(re.compile(r"^\s*email", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile(r"^\s*password", re.IGNORECASE)).fill(PASSWORD)
    page.get_by_role("button", name=SIGN_IN).click()


def test_staff_sign_in_asks_for_the_code_and_lands_on_the_page_asked_for(page, portal_site, axe_check):
    editor = make_user("editor@demo.sor.example", groups=("Editors",), is_staff=True, first_name="Erin")
    secret = activate_totp(editor)
    presses = 0

    page.goto("/admin/pages/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=(/|%2F)admin(/|%2F)pages"))
    axe_check(page, where="sign-in page")
    _password_step(page, editor.email)
    presses += 1
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    axe_check(page, where="authenticator code page")
    page.get_by_label(re.compile(r"code", re.IGNORECASE)).fill(totp_code(secret))
    page.get_by_role("button", name=SIGN_IN).click()
    presses += 1
    expect(page).to_have_url(re.compile(r"/admin/pages/$"))
    assert presses == 2


def test_new_staff_set_up_an_app_on_the_way_and_still_land_where_they_were_going(
    page, portal_site, axe_check
):
    make_user("new.editor@demo.sor.example", groups=("Editors",), is_staff=True, first_name="Nia")
    presses = 0

    page.goto("/admin/pages/")
    _password_step(page, "new.editor@demo.sor.example")
    presses += 1
    # No second password prompt: the set-up page comes straight after signing in.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/\?next=(/|%2F)admin(/|%2F)pages"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    axe_check(page, where="authenticator set-up page")
    secret = page.get_by_label("Secret for your app").input_value()
    page.get_by_label(re.compile(r"code", re.IGNORECASE)).fill(totp_code(secret))
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    presses += 1
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/"))
    axe_check(page, where="recovery codes page")
    page.get_by_role("button", name="Continue").click()
    presses += 1
    expect(page).to_have_url(re.compile(r"/admin/pages/$"))
    assert presses == 3
