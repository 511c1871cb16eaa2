"""One door, and a second factor in every staff session (issue 9).

Reproductions of what an attacker with a staff member's password could do, each of which worked
before: Wagtail's front-end login form as a second door, a password-only staff session reaching the
admin, removing the second factor, reading recovery codes, restricted documents in the API; and the
rules that close them: sign-in only through allauth (with its rate limits and MFA stage), MFA per
session, staff keep their last authenticator, staff reauthenticate with their authenticator app.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

from portal.models import User
from tests.conftest import mfa_login, soup, visible_text

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-staff-password-1"
STAFF_PAGES = ["/admin/", "/admin/enquiries/all/", "/admin/users/", "/admin/personal-data/"]


@pytest.fixture(autouse=True)
def _cache():
    cache.clear()
    yield
    cache.clear()


def make_staff(email="adviser@sor.example", *, superuser=False, totp=True):
    user = User.objects.create_user(email=email, password=PASSWORD, is_staff=True, is_superuser=superuser)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    secret = None
    if totp:
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
    return user, secret


def code_for(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(client, email, secret, *, next_url=None):
    """The real door: allauth's password form, then its authenticator-code form."""
    url = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    response = client.post(url, {"login": email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"
    return client.post("/accounts/2fa/authenticate/", {"code": code_for(secret)})


# --- One door ----------------------------------------------------------------------------------


def test_wagtails_front_end_login_form_is_no_longer_a_door(client):
    user, _secret = make_staff(superuser=True)
    get = client.get("/_util/login/?next=/admin/users/")
    assert get.status_code == 302
    assert urlsplit(get["Location"]).path == "/accounts/login/"
    assert parse_qs(urlsplit(get["Location"]).query)["next"] == ["/admin/users/"]
    post = client.post("/_util/login/", {"username": user.email, "password": PASSWORD})
    assert post.status_code in (302, 405)
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/users/").status_code == 302


def test_a_restricted_document_sends_readers_to_allauths_sign_in(client, settings):
    root = Collection.get_first_root_node()
    restricted = root.add_child(name="Managers only")
    CollectionViewRestriction.objects.create(collection=restricted, restriction_type="login")
    document = get_document_model().objects.create(title="Staffing template", collection=restricted)
    document.file.save("staffing.txt", ContentFile(b"confidential"), save=True)
    response = client.get(document.url)
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/accounts/login/"


def test_a_signed_in_reader_without_access_gets_404_not_a_sign_in_loop(client, home_page):
    from wagtail.models import PageViewRestriction

    reader = User.objects.create_user(email="reader@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=reader, email=reader.email, verified=True, primary=True)
    managers, _ = Group.objects.get_or_create(name="Managers")
    root = Collection.get_first_root_node()
    restricted = root.add_child(name="Managers only")
    restriction = CollectionViewRestriction.objects.create(collection=restricted, restriction_type="groups")
    restriction.groups.add(managers)
    document = get_document_model().objects.create(title="Staffing template", collection=restricted)
    document.file.save("staffing.txt", ContentFile(b"confidential"), save=True)
    page_restriction = PageViewRestriction.objects.create(page=home_page, restriction_type="groups")
    page_restriction.groups.add(managers)
    client.force_login(reader)
    assert client.get(document.url).status_code == 404
    assert client.get("/").status_code == 404
    client.logout()
    assert urlsplit(client.get("/")["Location"]).path == "/accounts/login/"


# --- A second factor per session -------------------------------------------------------------


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_a_password_only_staff_session_reaches_no_staff_page(client, url):
    user, _secret = make_staff(superuser=True)
    client.force_login(user)  # a session made without allauth's MFA stage
    response = client.get(url)
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/accounts/login/"
    assert "_auth_user_id" not in client.session  # signed out, not merely redirected


def test_a_password_only_staff_session_cannot_remove_the_factor_or_read_recovery_codes(client):
    user, _secret = make_staff()
    RecoveryCodes.activate(user)
    for url in ["/accounts/2fa/totp/deactivate/", "/accounts/2fa/recovery-codes/", "/accounts/2fa/"]:
        client.force_login(user)
        response = client.get(url)
        assert urlsplit(response["Location"]).path == "/accounts/login/", url
        assert "_auth_user_id" not in client.session
    client.force_login(user)
    client.post("/accounts/2fa/totp/deactivate/")
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def test_a_real_sign_in_records_the_second_factor_as_mfa_login_does(client):
    user, secret = make_staff(superuser=True)
    response = sign_in(client, user.email, secret)
    assert response.status_code == 302
    methods = [record["method"] for record in client.session["account_authentication_methods"]]
    assert methods == ["password", "mfa"]
    for url in STAFF_PAGES:
        assert client.get(url).status_code == 200, url
    helper = mfa_login(Client(), user)
    assert [r["method"] for r in helper.session["account_authentication_methods"]] == methods


def test_staff_go_from_sign_in_to_the_page_they_asked_for_in_one_pass(client):
    user, secret = make_staff(superuser=True)
    first = client.get("/admin/users/")
    assert urlsplit(first["Location"]).path == "/accounts/login/"
    next_url = parse_qs(urlsplit(first["Location"]).query)["next"][0]
    response = sign_in(client, user.email, secret, next_url=next_url)
    assert response["Location"] == "/admin/users/"
    assert client.get("/admin/users/").status_code == 200


def test_staff_without_a_next_address_land_on_the_admin_not_the_home_page(client):
    user, secret = make_staff()
    assert sign_in(client, user.email, secret)["Location"] == "/admin/"


def test_staff_cannot_remove_their_last_authenticator_app(client):
    user, _secret = make_staff()
    mfa_login(client, user)
    page = client.get("/accounts/2fa/totp/deactivate/")
    assert "Staff accounts must keep an authenticator app" in visible_text(page)
    client.post("/accounts/2fa/totp/deactivate/")
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def test_readers_may_still_remove_their_own_authenticator(client):
    reader = User.objects.create_user(email="reader@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=reader, email=reader.email, verified=True, primary=True)
    TOTP.activate(reader, generate_totp_secret())
    mfa_login(client, reader)
    client.post("/accounts/2fa/totp/deactivate/")
    assert not Authenticator.objects.filter(user=reader, type=Authenticator.Type.TOTP).exists()


def test_staff_reauthenticate_with_their_authenticator_not_a_password(client):
    user, _secret = make_staff()
    mfa_login(client, user)
    response = client.get("/accounts/reauthenticate/?next=/accounts/2fa/recovery-codes/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/reauthenticate/?next=/accounts/2fa/recovery-codes/"


def test_new_staff_set_up_an_app_and_go_on_to_where_they_were_going(
    client, django_capture_on_commit_callbacks
):
    user, _ = make_staff(totp=False)
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    response = client.get("/admin/pages/")
    assert urlsplit(response["Location"]).path == "/accounts/2fa/totp/activate/"
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == ["/admin/pages/"]
    # The public site, downloads and everything else wait until the app is set up.
    assert urlsplit(client.get("/my-enquiries/")["Location"]).path == "/accounts/2fa/totp/activate/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(response["Location"], {"code": code_for(secret), "next": "/admin/pages/"})
    assert done.status_code == 302
    codes = client.get(done["Location"])
    assert codes.status_code == 200
    continue_links = [a["href"] for a in soup(codes).select("a")]
    assert "/admin/pages/" in continue_links
    assert client.get("/admin/pages/").status_code == 200


def test_the_api_lists_no_restricted_document_even_to_signed_in_staff(client):
    user, _secret = make_staff(superuser=True)
    root = Collection.get_first_root_node()
    restricted = root.add_child(name="Managers only")
    restriction = CollectionViewRestriction.objects.create(collection=restricted, restriction_type="groups")
    restriction.groups.add(Group.objects.get(name="Editors"))
    Document = get_document_model()
    Document.objects.create(title="Open checklist", collection=root, file="documents/open.txt")
    Document.objects.create(title="Staffing template", collection=restricted, file="documents/secret.txt")
    for signed_in in (False, True):
        if signed_in:
            mfa_login(client, user)
        titles = [item["title"] for item in client.get("/api/v2/documents/").json()["items"]]
        assert titles == ["Open checklist"], signed_in


# --- Brute force on every door ---------------------------------------------------------------


def test_wrong_passwords_lock_the_sign_in_even_for_the_right_one(client):
    user, _secret = make_staff()
    for _ in range(6):
        client.post("/accounts/login/", {"login": user.email, "password": "wrong-password-123"})
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert "/accounts/2fa/authenticate/" not in response.get("Location", "")


def test_wrong_authenticator_codes_lock_the_second_step(client):
    user, secret = make_staff()
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    for _ in range(6):
        client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    response = client.post("/accounts/2fa/authenticate/", {"code": code_for(secret)})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


@pytest.mark.parametrize("door", ["/_util/login/", "/admin/login/"])
def test_the_other_login_addresses_only_lead_to_the_locked_door(client, door):
    user, _secret = make_staff()
    for _ in range(6):
        client.post("/accounts/login/", {"login": user.email, "password": "wrong-password-123"})
    response = client.post(door, {"username": user.email, "password": PASSWORD}, follow=True)
    assert "_auth_user_id" not in client.session
    assert (
        response.redirect_chain == [] or urlsplit(response.redirect_chain[-1][0]).path == "/accounts/login/"
    )


# --- Client addresses behind a load balancer -------------------------------------------------


def test_behind_a_declared_balancer_limits_are_per_client_and_not_forgeable(settings):
    from django.test import RequestFactory

    from allauth.account.adapter import get_adapter

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    factory = RequestFactory()
    adapter = get_adapter()
    one = factory.get("/", HTTP_X_FORWARDED_FOR="203.0.113.7", REMOTE_ADDR="10.0.0.2")
    two = factory.get("/", HTTP_X_FORWARDED_FOR="198.51.100.9", REMOTE_ADDR="10.0.0.2")
    forged = factory.get("/", HTTP_X_FORWARDED_FOR="203.0.113.7, 198.51.100.9", REMOTE_ADDR="10.0.0.2")
    direct = factory.get("/", REMOTE_ADDR="192.0.2.5")
    assert adapter.get_client_ip(one) == "203.0.113.7"
    assert adapter.get_client_ip(two) == "198.51.100.9"
    assert adapter.get_client_ip(forged) == "198.51.100.9"  # the hop the balancer added
    assert adapter.get_client_ip(direct) == "192.0.2.5"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    assert adapter.get_client_ip(one) == "10.0.0.2"  # too few hops: the socket's address, not a 500


def test_without_a_declared_proxy_a_forwarded_header_is_ignored(settings):
    from django.test import RequestFactory

    from allauth.account.adapter import get_adapter

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="203.0.113.7", REMOTE_ADDR="192.0.2.5")
    assert get_adapter().get_client_ip(request) == "192.0.2.5"


def test_one_client_behind_the_balancer_cannot_lock_out_another(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/m/ip"}
    user, _secret = make_staff()
    for _ in range(5):
        client.post(
            "/accounts/login/",
            {"login": "someone@example.org", "password": "wrong-password-123"},
            HTTP_X_FORWARDED_FOR="203.0.113.7",
            REMOTE_ADDR="10.0.0.2",
        )
    other = Client()
    response = other.post(
        "/accounts/login/",
        {"login": user.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.9",
        REMOTE_ADDR="10.0.0.2",
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"


# --- The admin's Content-Security-Policy -----------------------------------------------------


def _csp(response) -> dict[str, list[str]]:
    directives = [part.strip().split() for part in response["Content-Security-Policy"].split(";")]
    return {words[0]: words[1:] for words in directives if words}


def test_the_admin_policy_keeps_only_what_wagtail_needs(client):
    user, _secret = make_staff(superuser=True)
    mfa_login(client, user)
    admin = _csp(client.get("/admin/"))
    assert "https:" not in admin["frame-src"] and "*" not in " ".join(sum(admin.values(), []))
    assert admin["object-src"] == ["'none'"] and admin["form-action"] == ["'self'"]
    assert admin["connect-src"] == ["'self'"] and admin["base-uri"] == ["'self'"]
    public = _csp(client.get("/accounts/login/"))
    assert public["script-src"] == ["'self'"] and public["style-src"] == ["'self'"]


# --- Search terms the public typed ------------------------------------------------------------


def test_the_search_term_chooser_is_only_for_those_who_manage_promotions(client):
    from wagtail.contrib.search_promotions.models import Query

    Query.get("jane.doe@example.org readmission").add_hit()
    editor, _secret = make_staff("editor@sor.example")
    mfa_login(client, editor)
    for url in ["/admin/searchpicks/queries/chooser/", "/admin/searchpicks/queries/chooser/results/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", url
    admin, _ = make_staff("admin@sor.example", superuser=True)
    mfa_login(client, admin)
    response = client.get("/admin/searchpicks/queries/chooser/results/?q=readmission")
    assert response.status_code == 200 and "jane.doe@example.org" in response.content.decode()


def test_the_search_term_chooser_sends_anonymous_visitors_to_sign_in(client):
    for url in ["/admin/searchpicks/queries/chooser/", "/admin/searchpicks/queries/chooser/results/"]:
        response = client.get(url)
        assert response.status_code == 302 and urlsplit(response["Location"]).path == "/accounts/login/", url
