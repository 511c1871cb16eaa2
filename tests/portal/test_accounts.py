"""Accounts through django-allauth: email login, mandatory verification, login by code, one door to the admin."""

import re

from django.contrib.auth import get_user, get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client

import pytest
from allauth.account.models import EmailAddress

from portal.adapters import AccountAdapter
from tests.conftest import PASSWORD, error_summary_text, field_error_text, soup, totp_code, visible_text

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Supervised-Practice-42"


def signed_in(client):
    return get_user(client).is_authenticated


def _sign_in(client, email, password=PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


# --------------------------------------------------------------------------------------------------
# Sign-up and verification
# --------------------------------------------------------------------------------------------------


def _sign_up(client, email="new.returner@example.com"):
    return client.post(
        "/accounts/signup/", {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )


def test_signup_sends_a_verification_email_and_does_not_sign_in(
    client, home_page, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after the commit
        response = _sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert not signed_in(client)
    assert get_user_model().objects.filter(email="new.returner@example.com").exists()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["new.returner@example.com"]
    assert re.search(r"http://testserver/accounts/confirm-email/[^/\s]+/", message.body)


def test_unverified_user_cannot_sign_in_until_they_confirm(
    client, home_page, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client)
    link = re.search(r"http://testserver(/accounts/confirm-email/[^/\s]+/)", mailoutbox[0].body).group(1)

    response = _sign_in(client, "new.returner@example.com", NEW_PASSWORD)

    assert not signed_in(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"

    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    confirmed = client.post(link)
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(email="new.returner@example.com").verified

    client.logout()
    response = _sign_in(client, "new.returner@example.com", NEW_PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_signup_with_an_address_already_in_use_does_not_make_a_second_account(client, user, mailoutbox):
    _sign_up(client, email=user.email.upper())
    assert get_user_model().objects.filter(email__iexact=user.email).count() == 1
    assert not signed_in(client)


class CountingHasher(MD5PasswordHasher):
    """The test hasher, counting the passwords it hashes (a real one takes a noticeable time each)."""

    algorithm = "counting_md5"
    hashed = 0

    def encode(self, password, salt):
        CountingHasher.hashed += 1
        return super().encode(password, salt)


def test_signup_hashes_the_password_whether_or_not_the_address_has_an_account(
    client, user, home_page, settings
):
    """Enumeration by timing: sign-up with an address already in use answered the same page as a new
    one but without hashing the password, about a third of a second sooner with production's hasher."""
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    CountingHasher.hashed = 0
    _sign_up(client, email="someone.new@example.com")
    for_a_new_address = CountingHasher.hashed
    CountingHasher.hashed = 0
    response = _sign_up(Client(), email=user.email)
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    assert for_a_new_address >= 1
    assert CountingHasher.hashed == for_a_new_address


def test_signup_errors_are_shown_next_to_their_fields_and_in_a_summary(client, home_page):
    response = client.post(
        "/accounts/signup/",
        {"email": "not-an-email", "password1": NEW_PASSWORD, "password2": "different-one-99"},
    )

    assert response.status_code == 200
    assert not get_user_model().objects.exists()
    email_error = field_error_text(response, "email")
    assert "correct format, like name@example.com" in email_error
    assert "passwords do not match" in field_error_text(response, "password2")
    assert "correct format, like name@example.com" in error_summary_text(response)


def test_signup_refuses_a_weak_password_beside_the_field(client, home_page):
    response = client.post(
        "/accounts/signup/", {"email": "weak@example.com", "password1": "password", "password2": "password"}
    )
    assert response.status_code == 200
    assert not get_user_model().objects.filter(email="weak@example.com").exists()
    assert "too common" in field_error_text(response, "password1")


# --------------------------------------------------------------------------------------------------
# Sign-in and sign-out
# --------------------------------------------------------------------------------------------------


def test_login_with_a_verified_email_works(client, user):
    response = _sign_in(client, user.email)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in(client)
    assert get_user(client) == user


def test_login_is_case_insensitive_for_the_email(client, user):
    _sign_in(client, "Returner@Example.COM")
    assert signed_in(client)


def test_login_with_a_wrong_password_shows_an_error_and_does_not_sign_in(client, user):
    response = _sign_in(client, user.email, "wrong-password-123")

    assert response.status_code == 200
    assert not signed_in(client)
    assert "not correct" in visible_text(response)


def test_login_with_empty_fields_shows_errors_beside_them(client, home_page):
    response = client.post("/accounts/login/", {"login": "", "password": ""})

    assert response.status_code == 200
    assert "Enter your email address" in field_error_text(response, "login")
    assert "Enter your password" in field_error_text(response, "password")
    assert "Enter your email address" in error_summary_text(response)


def test_login_honours_a_safe_next_and_ignores_an_outside_one(client, user, rtp_hub):
    response = client.post(
        "/accounts/login/?next=/returning-to-practice/", {"login": user.email, "password": PASSWORD}
    )
    assert response["Location"] == "/returning-to-practice/"
    client.logout()
    response = client.post(
        "/accounts/login/?next=https://evil.example/", {"login": user.email, "password": PASSWORD}
    )
    assert "evil.example" not in response["Location"]


def test_logout_by_get_only_asks_for_confirmation(client, user):
    client.force_login(user)

    response = client.get("/accounts/logout/")

    assert response.status_code == 200
    assert signed_in(client)
    form = [f for f in re.findall(r"<form[^>]*>", response.content.decode()) if "post" in f.lower()]
    assert form, "the confirmation page has no POST form"


def test_logout_by_post_signs_out(client, user):
    client.force_login(user)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert not signed_in(client)


def test_login_by_emailed_code(client, user, mailoutbox, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(AccountAdapter, "generate_login_code", lambda self: "KQ7M3X")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/login/code/", {"email": user.email})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/code/confirm/"
    assert not signed_in(client)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [user.email]
    assert "KQ7M3X" in mailoutbox[0].body

    wrong = client.post("/accounts/login/code/confirm/", {"code": "AAAAAA"})
    assert wrong.status_code == 200
    assert not signed_in(client)

    right = client.post("/accounts/login/code/confirm/", {"code": "KQ7M3X"})
    assert right.status_code == 302
    assert signed_in(client)


def test_password_reset_sends_an_email_with_a_reset_link(
    client, user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": user.email})

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [user.email]
    assert re.search(r"http://testserver/accounts/password/reset/key/\S+/", mailoutbox[0].body)


def test_password_reset_for_an_unknown_address_does_not_reveal_it(client, home_page, mailoutbox):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"


# --------------------------------------------------------------------------------------------------
# The admin has one door: allauth's
# --------------------------------------------------------------------------------------------------


def test_admin_sends_anonymous_users_to_the_allauth_login(client, home_page):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"


def test_wagtail_login_page_redirects_to_allauth(client, home_page):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"

    response = client.get("/admin/login/?next=/admin/pages/")
    assert response["Location"] == "/accounts/login/?next=/admin/pages/"


def test_wagtail_password_reset_redirects_to_allauth(client, home_page):
    response = client.get("/admin/password_reset/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/"


def test_editor_reaches_the_admin_after_logging_in_with_password_and_code(client, home_page, editor_user):
    response = client.post(
        "/accounts/login/?next=/admin/", {"login": editor_user.email, "password": PASSWORD}
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302, "the password alone let an editor into the admin"

    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(editor_user)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"

    dashboard = client.get("/admin/")

    assert dashboard.status_code == 200
    assert "Dashboard" in soup(dashboard).title.get_text()
    assert "Ed Editor" in visible_text(dashboard)


def test_editor_without_an_authenticator_is_sent_to_set_one_up(client, home_page, make_user):
    editor = make_user("new.editor@example.com", "Editors")
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


def test_ordinary_user_is_refused_the_admin_without_a_redirect_loop(client, home_page, user):
    _sign_in(client, user.email)

    response = client.get("/admin/", follow=True)

    assert response.status_code == 200
    final_path = response.redirect_chain[-1][0] if response.redirect_chain else "/admin/"
    assert not final_path.startswith("/admin/"), "the admin was shown to an ordinary user"
    assert "You do not have permission to access the admin" in visible_text(response)
    assert "Dashboard" not in soup(response).title.get_text()


def test_account_emails_go_through_the_outbox_and_lose_their_link_once_sent(
    client, home_page, mailoutbox, django_capture_on_commit_callbacks
):
    from enquiries.models import OutboundEmail

    with django_capture_on_commit_callbacks(execute=True):
        _sign_up(client, email="outbox.reader@example.com")
    row = OutboundEmail.objects.get(to="outbox.reader@example.com")
    assert row.kind == OutboundEmail.Kind.ACCOUNT and row.status == OutboundEmail.Status.SENT
    assert "confirm-email" in mailoutbox[0].body
    assert "confirm-email" not in row.body_text
