"""The account pages in the portal's voice: each empty or wrong field gets its own message saying what
to do, beside the field and in the error summary; allauth's own wording ("This field is required.",
"Remember Me", "Verify Your Email Address") does not show through. Valid, invalid and hostile input."""

import re

import pytest
from allauth.account.models import EmailAddress

from tests.conftest import (
    PASSWORD,
    error_summary_text,
    field_error_text,
    mfa_login,
    soup,
    totp_code,
    visible_text,
)

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Supervised-Practice-42"
ALLAUTH_WORDS = ("This field is required.", "Remember Me", "Verify Your Email Address", "Password (again)")


def summary_items(response) -> list[str]:
    return [a.get_text(" ", strip=True) for a in soup(response).select(".nhsuk-error-summary__list a")]


def test_an_empty_sign_up_says_what_each_field_needs(client, home_page):
    response = client.post("/accounts/signup/", {"email": "", "password1": "", "password2": ""})

    assert response.status_code == 200
    assert summary_items(response) == [
        "Enter your email address",
        "Enter a password",
        "Type the password again to confirm it",
    ]
    assert "Enter your email address" in field_error_text(response, "email")
    assert "Enter a password" in field_error_text(response, "password1")
    assert "Type the password again to confirm it" in field_error_text(response, "password2")
    text = visible_text(response)
    assert not [words for words in ALLAUTH_WORDS if words in text]


def test_a_sign_up_with_different_passwords_says_so_beside_the_second(client, home_page):
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.com", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"},
    )
    assert "The passwords do not match" in field_error_text(response, "password2")
    assert "The passwords do not match" in error_summary_text(response)


def test_a_valid_sign_up_goes_on_to_check_the_email_in_the_portal_s_words(client, home_page, mailoutbox):
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.com", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )
    assert EmailAddress.objects.filter(email="new@example.com", verified=False).exists()
    text = visible_text(response)
    assert "Check your email" in text
    assert not [words for words in ALLAUTH_WORDS if words in text]


@pytest.mark.parametrize(
    "email",
    ['"><script>alert(1)</script>@example.com', "a" * 300 + "@example.com", "name@exa mple.com", "\x00@x.y"],
)
def test_hostile_sign_up_input_is_refused_beside_the_field_and_not_echoed_as_markup(client, home_page, email):
    response = client.post(
        "/accounts/signup/", {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 200
    assert field_error_text(response, "email")
    assert "<script>alert(1)" not in response.content.decode()
    if len(email) > 254:
        assert "254 characters or fewer" in field_error_text(response, "email")
    assert not EmailAddress.objects.exists()


def test_the_sign_in_page_offers_to_keep_you_signed_in_in_plain_words(client, home_page):
    response = client.get("/accounts/login/")
    text = visible_text(response)
    assert "Keep me signed in on this device" in text
    assert "Email address" in text
    assert not [words for words in ALLAUTH_WORDS if words in text]


def test_sign_in_with_a_bad_address_says_how_to_write_one(client, home_page):
    response = client.post("/accounts/login/", {"login": "not-an-email", "password": PASSWORD})
    assert "correct format, like name@example.com" in field_error_text(response, "login")
    assert "correct format, like name@example.com" in error_summary_text(response)


def test_password_reset_empty_invalid_and_valid(client, user, mailoutbox, django_capture_on_commit_callbacks):
    empty = client.post("/accounts/password/reset/", {"email": ""})
    assert summary_items(empty) == ["Enter your email address"]
    assert "Reset My Password" not in visible_text(empty)

    invalid = client.post("/accounts/password/reset/", {"email": "<b>bold</b>"})
    assert "correct format" in field_error_text(invalid, "email")
    assert "<b>bold</b>" not in invalid.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/accounts/password/reset/", {"email": user.email}, follow=True)
    assert "Check your email" in visible_text(done)
    assert len(mailoutbox) == 1


def test_the_confirmation_link_page_valid_and_expired(
    client, home_page, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {"email": "new@example.com", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
    link = re.search(r"http://testserver(/accounts/confirm-email/[^/\s]+/)", mailoutbox[0].body).group(1)

    page = visible_text(client.get(link))
    assert "Confirm your email address" in page and "new@example.com" in page
    assert "Confirm Email Address" not in page

    expired = visible_text(client.get("/accounts/confirm-email/not-a-real-key/"))
    assert "This confirmation link has expired" in expired


def test_a_bad_reset_link_says_it_has_expired(client, home_page):
    response = client.get("/accounts/password/reset/key/1-not-a-token/", follow=True)
    text = visible_text(response)
    assert "This reset link has expired" in text
    assert "Bad Token" not in text


def test_choosing_a_new_password_empty_then_valid(
    client, user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": user.email})
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mailoutbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in visible_text(form_page)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link

    empty = client.post(action, {"password1": "", "password2": ""})
    assert summary_items(empty) == ["Enter a new password", "Type the password again to confirm it"]

    done = client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True)
    assert "Your password has been changed" in visible_text(done)
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_the_authenticator_step_empty_wrong_and_right(client, home_page, editor_user):
    client.post("/accounts/login/", {"login": editor_user.email, "password": PASSWORD})

    page = visible_text(client.get("/accounts/2fa/authenticate/"))
    assert "Enter your authenticator code" in page
    assert "Two-Factor Authentication" not in page

    empty = client.post("/accounts/2fa/authenticate/", {"code": ""})
    assert summary_items(empty) == ["Enter the 6-digit code from your authenticator app"]
    assert "Enter the 6-digit code" in field_error_text(empty, "code")

    wrong = client.post("/accounts/2fa/authenticate/", {"code": "<script>000000"})
    assert wrong.status_code == 200
    assert field_error_text(wrong, "code")
    assert "<script>000000" not in wrong.content.decode()

    right = client.post("/accounts/2fa/authenticate/", {"code": totp_code(editor_user)})
    assert right.status_code == 302


def test_staff_confirm_it_is_them_with_their_app_empty_hostile_and_right(client, home_page, editor_user):
    mfa_login(client, editor_user)
    address = "/accounts/2fa/reauthenticate/?next=/accounts/2fa/recovery-codes/"

    page = client.get(address)
    assert page.status_code == 200
    text = visible_text(page)
    assert "Confirm it’s you" in text
    assert "6-digit code" in text
    assert "Confirm Access" not in text and "Please reauthenticate" not in text
    # The code box has a visible label: allauth's own template hides it.
    assert soup(page).find("label", attrs={"for": "id_code"}) is not None

    empty = client.post(address, {"code": ""})
    assert summary_items(empty) == ["Enter the 6-digit code from your authenticator app"]
    assert "Enter the 6-digit code" in field_error_text(empty, "code")

    hostile = client.post(address, {"code": '"><img src=x onerror=alert(1)>'})
    assert hostile.status_code == 200
    assert field_error_text(hostile, "code")
    assert "<img src=x" not in hostile.content.decode()

    right = client.post(address, {"code": totp_code(editor_user)})
    assert right.status_code == 302
    assert right["Location"] == "/accounts/2fa/recovery-codes/"


def test_readers_confirm_it_is_them_with_their_password_empty_wrong_and_right(client, home_page, user):
    client.force_login(user)
    address = "/accounts/reauthenticate/?next=/accounts/password/change/"

    page = client.get(address)
    assert page.status_code == 200
    assert "Confirm it’s you" in visible_text(page)
    assert soup(page).find("label", attrs={"for": "id_password"}) is not None

    empty = client.post(address, {"password": ""})
    assert len(summary_items(empty)) == 1
    assert field_error_text(empty, "password")
    assert not any(words in visible_text(empty) for words in ALLAUTH_WORDS)

    wrong = client.post(address, {"password": "<script>not-it</script>"})
    assert wrong.status_code == 200
    assert field_error_text(wrong, "password")
    assert "<script>not-it" not in wrong.content.decode()

    right = client.post(address, {"password": PASSWORD})
    assert right.status_code == 302
    assert right["Location"] == "/accounts/password/change/"


def test_the_sign_out_page_asks_in_plain_words_and_signs_out_only_by_post(client, home_page, user):
    client.force_login(user)
    page = client.get("/accounts/logout/")
    assert page.status_code == 200
    assert "Sign Out" not in visible_text(page)
    assert "Do you want to sign out of the SoR portal" in visible_text(page)
    assert "_auth_user_id" in client.session  # a GET signs nobody out

    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


ALLAUTH_EMAIL_WORDS = (
    "Hello from",
    "Thank you for using",
    "You're receiving this",
    "Please Confirm",
    "user account",
)


def assert_in_portal_words(message, *expected):
    assert message.subject.startswith("[SoR portal] ")
    for phrase in ALLAUTH_EMAIL_WORDS:
        assert phrase not in message.subject and phrase not in message.body, phrase
    for phrase in expected:
        assert phrase in message.body, phrase
    assert "Society of Radiographers" in message.body


def test_account_emails_are_in_the_portal_s_words(
    client, home_page, user, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {"email": "words@example.com", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
    confirm = mailoutbox[-1]
    assert confirm.subject == "[SoR portal] Confirm your email address"
    assert_in_portal_words(confirm, "words@example.com", "http://testserver/accounts/confirm-email/")

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": user.email})
    reset = mailoutbox[-1]
    assert reset.subject == "[SoR portal] Choose a new password"
    assert_in_portal_words(
        reset, "http://testserver/accounts/password/reset/key/", "your password stays as it is"
    )

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    unknown = mailoutbox[-1]
    assert unknown.to == ["nobody@example.com"]
    assert_in_portal_words(
        unknown, "no account uses this email address", "http://testserver/accounts/signup/"
    )

    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {"email": user.email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
    exists = mailoutbox[-1]
    assert exists.to == [user.email]
    assert_in_portal_words(exists, "already have an account", "http://testserver/accounts/password/reset/")
