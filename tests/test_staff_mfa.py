"""Staff must use TOTP before reaching any admin URL; the only sign-in door is allauth's."""

import time

from django.contrib.auth.models import Group, Permission
from django.core.cache import cache

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

from portal.models import User
from tests.conftest import mfa_login

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-staff-password-1"


@pytest.fixture(autouse=True)
def _cache():
    cache.clear()
    yield
    cache.clear()


def staff_user(email="editor@sor.example"):
    user = User.objects.create_user(email=email, password=PASSWORD, is_staff=True)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


def test_staff_without_mfa_are_sent_to_set_it_up_before_the_admin(client):
    client.force_login(staff_user())
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


def test_every_admin_url_is_covered_not_only_the_dashboard(client):
    client.force_login(staff_user())
    for url in ["/admin/pages/", "/admin/snippets/", "/admin/reports/review-overdue/", "/admin/users/"]:
        assert client.get(url)["Location"].startswith("/accounts/2fa/totp/activate/"), url


def test_staff_with_totp_reach_the_admin(client):
    user = staff_user()
    TOTP.activate(user, generate_totp_secret())
    mfa_login(client, user)
    assert client.get("/admin/").status_code == 200


def test_the_development_switch_relaxes_it(client, settings):
    settings.PORTAL_ALLOW_STAFF_WITHOUT_MFA = True
    client.force_login(staff_user())
    assert client.get("/admin/").status_code == 200


def test_production_never_relaxes_it(production_settings):
    assert production_settings.PORTAL_ALLOW_STAFF_WITHOUT_MFA is False


def test_password_alone_is_not_enough_once_totp_is_set_up(client):
    user = staff_user()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302  # not signed in yet
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_wagtail_login_form_is_not_a_second_door(client):
    user = staff_user()
    response = client.post("/admin/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code in (301, 302, 405)
    assert client.get("/admin/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_non_staff_are_not_let_in(client):
    user = User.objects.create_user(email="reader@example.org", password=PASSWORD)
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    assert "/accounts/2fa/" not in response.get("Location", "")
