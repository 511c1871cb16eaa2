"""Staff cannot change their sign-in address on the admin's account page (/admin/account/).

Wagtail's "Name and Email" panel would save a new address at once, unverified, and it is the address
staff sign in with and get password-reset links at. With WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False the
panel offers the name only, and an address posted to it anyway is ignored. allauth's /accounts/email/
verifies a new address before it counts, and for an account with two-factor authentication (every
member of staff) it takes none at all.
"""

from __future__ import annotations

from django.test import Client

import pytest
from allauth.account.models import EmailAddress

from tests.conftest import mfa_login, soup, visible_text

pytestmark = pytest.mark.django_db

ACCOUNT_URL = "/admin/account/"
NEW_ADDRESS = "someone.else@example.net"


def form_data(response) -> dict[str, object]:
    """What the account page's form would post as it stands: every field with its current value."""
    form = soup(response).find("form", attrs={"method": lambda m: m and m.lower() == "post"})
    data: dict[str, object] = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("type") in {"file", "submit", "button"}:
            continue
        if field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            data[name] = chosen.get("value", "") if chosen else ""
        elif field.get("type") in {"checkbox", "radio"}:
            if field.has_attr("checked"):
                data.setdefault(name, field.get("value", "on"))
        elif field.name == "textarea":
            data[name] = field.get_text()
        else:
            data[name] = field.get("value", "")
    return data


def test_the_account_page_offers_the_name_but_not_the_sign_in_address(editor_user):
    page = mfa_login(Client(), editor_user).get(ACCOUNT_URL)
    assert page.status_code == 200
    fields = form_data(page)
    assert fields["name_email-first_name"] == "Ed" and fields["name_email-last_name"] == "Editor"
    assert not [name for name in fields if name.endswith("email") and name.startswith("name_email")]
    assert not soup(page).find("input", attrs={"type": "email"})


def test_an_address_posted_to_the_account_page_is_ignored_while_the_name_is_saved(editor_user, mailoutbox):
    client = mfa_login(Client(), editor_user)
    data = form_data(client.get(ACCOUNT_URL))
    data.update({"name_email-first_name": "Edwina", "name_email-email": NEW_ADDRESS, "email": NEW_ADDRESS})

    response = client.post(ACCOUNT_URL, data)

    assert response.status_code == 302 and response["Location"] == ACCOUNT_URL  # the page was saved
    editor_user.refresh_from_db()
    assert editor_user.first_name == "Edwina"
    assert editor_user.email == "editor@example.com"
    assert list(
        EmailAddress.objects.filter(user=editor_user).values_list("email", "primary", "verified")
    ) == [("editor@example.com", True, True)]
    assert not EmailAddress.objects.filter(email=NEW_ADDRESS).exists()
    assert not mailoutbox


def test_allauths_email_page_attaches_no_unverified_address_to_a_two_factor_account(editor_user, mailoutbox):
    """The other door, /accounts/email/, does not take a new address for an account with an
    authenticator app either (allauth.mfa's rule while MFA_ALLOW_UNVERIFIED_EMAIL is off), so a staff
    account's addresses stay the verified ones."""
    client = mfa_login(Client(), editor_user)

    response = client.post("/accounts/email/", {"action_add": "", "email": NEW_ADDRESS})

    assert response.status_code == 200
    assert "You cannot add an email address to an account protected by two-factor authentication" in (
        visible_text(response)
    )
    editor_user.refresh_from_db()
    assert editor_user.email == "editor@example.com"
    assert not EmailAddress.objects.filter(email=NEW_ADDRESS).exists()
    assert not mailoutbox
