"""No personal data in URLs or logs.

An enquirer (Priya Quintero, priya.quintero@example.org, HCPC RA765432) uses her pages; an adviser
searches for her by each of those and works her enquiry; a team lead checks whether her address is
suppressed. Every link, form action and redirect on the way is read, and each internal link is
followed once: none of them carries her email address, her name or her HCPC number, plainly or
percent-encoded. Then the places that would log a URL: gunicorn's access log format and its logger
(which writes the secret token of a reset, confirmation or rating link as [redacted]) and Django's
logging configuration.
"""

from __future__ import annotations

import datetime
import logging
import logging.config
import re
import runpy
from pathlib import Path
from urllib.parse import quote, quote_plus, unquote_plus, urlsplit

from django.conf import settings
from django.test import Client
from django.utils.log import DEFAULT_LOGGING, AdminEmailHandler, configure_logging

import pytest

from enquiries.models import ReportingLead, Suppression
from enquiries.selectors import TEAM_LEADS_GROUP
from pathways.factories import rtp_answers
from pathways.models import SavedPlan
from portal.models import User
from tests.conftest import error_summary_text, field_error_text, soup, visible_text
from tests.enquiries import conftest as enquiry_fixtures
from tests.enquiries.conftest import make_adviser
from tests.enquiries.test_workspace import client_for, search_url, staff
from tests.pathways import conftest as pathway_fixtures

pytestmark = pytest.mark.django_db

# The enquiry fixtures (tests/enquiries/conftest.py) and the pathway finder's (tests/pathways/conftest.py).
nations, pathways, topics, teams, form_data, submit = (
    enquiry_fixtures.nations,
    enquiry_fixtures.pathways,
    enquiry_fixtures.topics,
    enquiry_fixtures.teams,
    enquiry_fixtures.form_data,
    enquiry_fixtures.submit,
)
finder, steps = pathway_fixtures.finder, pathway_fixtures.steps

ROOT = Path(__file__).resolve().parents[2]
EMAIL = "priya.quintero@example.org"
NAME = "Priya Quintero"
HCPC = "RA765432"
#: What must never be in an address: each of these, in any case, plain or percent-encoded.
PERSONAL = [EMAIL, "priya.quintero", NAME, "Quintero", HCPC]
INBOX = "/admin/enquiries/"
SUPPRESSIONS = "/admin/snippets/enquiries/suppression/"
CHECK = SUPPRESSIONS + "check/"
#: Links not followed: signing out, and files (their addresses are still checked).
NOT_FOLLOWED = re.compile(r"^/(accounts/logout|static/|media/)|[?&]export=")


def personal_data_in(address: str) -> list[str]:
    decoded = unquote_plus(unquote_plus(address)).lower()  # twice: an address inside a ?next=
    return [item for item in PERSONAL if item.lower() in decoded]


def addresses_on(response) -> list[str]:
    """Every address on a page: links, form actions and sources, and any attribute holding a URL."""
    found = []
    for element in soup(response).find_all(True):
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name == "value":
                continue  # what a form field holds (the search box shows the search), not an address
            if name in {"href", "action", "formaction", "src", "srcset"} or value.startswith(
                ("/", "?", "http")
            ):
                found.append(value)
    return found


def assert_no_personal_data(response, where: str) -> list[str]:
    """Check a response's redirect, its addresses and any percent-encoded address in its text (URLs
    inside JSON, as in Wagtail's sidebar). Returns the addresses, for following."""
    if response.has_header("Location"):
        assert not personal_data_in(response["Location"]), (where, response["Location"])
    if "text/html" not in response.get("Content-Type", ""):
        return []
    addresses = addresses_on(response)
    for address in addresses:
        assert not personal_data_in(address), (where, address)
    html = response.content.decode()
    for item in PERSONAL:
        for encoded in {quote(item, safe=""), quote_plus(item)} - {item}:
            assert encoded.lower() not in html.lower(), (where, encoded)
    return addresses


def walk(client: Client, start: list[str]) -> int:
    """Open each page, check it, and follow each internal link on it once (checking where that
    leads, redirects included). Returns how many addresses were opened."""
    opened = set()
    for url in start:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        opened.add(url)
        for address in assert_no_personal_data(response, url):
            path = address.split("#")[0]
            if not path.startswith("/") or path in opened or NOT_FOLLOWED.search(path):
                continue
            opened.add(path)
            assert_no_personal_data(client.get(path), f"{path} (linked from {url})")
    return len(opened)


@pytest.fixture
def enquirer(make_user):
    return make_user(EMAIL, first_name="Priya", last_name="Quintero")


@pytest.fixture
def adviser(teams):
    user = make_adviser("ada@sor.example", teams["rtp_england"])
    user.last_name = "Adviser"
    user.save()
    return staff(user)


@pytest.fixture
def lead(teams):
    return staff(
        make_adviser("lead@sor.example", teams["rtp_england"], is_lead=True, capacity=0), TEAM_LEADS_GROUP
    )


@pytest.fixture
def enquiry(adviser, enquirer, submit):
    return submit(name=NAME, email=EMAIL, hcpc_number=HCPC, subject="How many updating days do I need?")


# --------------------------------------------------------------------------------------------------
# The enquirer's pages
# --------------------------------------------------------------------------------------------------


def test_the_enquirers_own_pages_and_everything_they_link_to_carry_none_of_her_details(
    enquirer, enquiry, finder, steps
):
    from enquiries import services

    services.adviser_reply(enquiry=enquiry, author=enquiry.assignee, body="You need 60 days.")
    SavedPlan.objects.create(user=enquirer, answers=rtp_answers(nation="england"))
    client = client_for(enquirer)
    own = f"/my-enquiries/{enquiry.reference}/"
    assert "Your saved plan" in visible_text(client.get("/my-plan/"))
    assert walk(client, ["/my-enquiries/", own, "/my-plan/"]) > 5

    # Her reply and the status change are POSTs whose redirects carry nothing of her either.
    reply = client.post(own, {"body": f"Thanks. I am {NAME}, {HCPC}, {EMAIL}."})
    assert reply.status_code == 302 and reply["Location"] == own
    assert_no_personal_data(client.get(own), own)


# --------------------------------------------------------------------------------------------------
# The adviser's workspace after searching for her
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", [EMAIL, NAME, HCPC, "quintero"])
def test_after_searching_for_the_enquirer_no_address_in_the_workspace_names_her(adviser, enquiry, query):
    client = client_for(adviser)
    pages = []
    for inbox in ["", "all/"]:
        location = search_url(client, query, inbox, status="new")
        assert not personal_data_in(location), location
        found = client.get(location)
        assert enquiry.reference in visible_text(found)
        pages.append(location)
    token = urlsplit(pages[-1]).query
    pages += [f"{INBOX}all/results/?{token}", f"/admin/enquiries/{enquiry.pk}/"]
    assert walk(client, pages) > 10
    # The download of the searched list: its address has the token and the filters only.
    csv = next(a["href"] for a in soup(client.get(pages[1])).find_all("a", string="Download this list (CSV)"))
    assert not personal_data_in(csv) and "search=" in csv
    assert enquiry.reference in b"".join(client.get(csv).streaming_content).decode()


def test_working_the_enquiry_redirects_to_addresses_without_her_details(adviser, enquiry):
    client = client_for(adviser)
    page = f"/admin/enquiries/{enquiry.pk}/"
    for data in [
        {"action": "note", "note-body": f"Rang {NAME} on her mobile; {EMAIL}"},
        {"action": "reply", "reply-body": f"Dear {NAME}", "reply-then": "open"},
        {"action": "status", "status-to": "on_hold", "status-reason": f"Waiting for {HCPC}"},
    ]:
        response = client.post(page, data)
        assert response.status_code == 302 and response["Location"] == page, data["action"]
    assert_no_personal_data(client.get(page), page)


# --------------------------------------------------------------------------------------------------
# "Is this address suppressed?" in place of searching the suppressed addresses by email
# --------------------------------------------------------------------------------------------------


@pytest.fixture
def suppressed(enquiry):
    return Suppression.objects.create(
        email=EMAIL,
        reason=Suppression.Reason.BOUNCED,
        detail="Mailbox does not exist",
        created_at=datetime.datetime(2026, 3, 3, 12, 0, tzinfo=datetime.UTC),
    )


def message_text(response) -> str:
    return " ".join(li.get_text(" ", strip=True) for li in soup(response).select(".messages li"))


def test_the_suppressed_addresses_cannot_be_searched_and_offer_the_check_instead(lead, suppressed):
    Suppression.objects.create(email="other@example.net", reason=Suppression.Reason.COMPLAINED)
    client = client_for(lead)
    listing = client.get(SUPPRESSIONS, {"q": "other@example.net"})
    assert listing.status_code == 200
    assert EMAIL in visible_text(listing) and "other@example.net" in visible_text(listing)  # ?q= ignored
    assert not soup(listing).find("input", attrs={"name": "q"})
    check_link = soup(listing).find("a", href=CHECK)
    assert "Is this address suppressed?" in check_link.get_text(" ", strip=True)
    assert_no_personal_data(listing, SUPPRESSIONS)


def test_a_lead_checks_a_suppressed_address_by_posting_it_and_gets_the_answer_on_the_page(lead, suppressed):
    client = client_for(lead)
    page = client.get(CHECK)
    assert page.status_code == 200
    form = soup(page).find("form", attrs={"method": "POST"})
    assert form["action"] == CHECK and form.find("input", attrs={"name": "csrfmiddlewaretoken"})

    response = client.post(CHECK, {"email": "  Priya.Quintero@Example.ORG "})
    assert response.status_code == 200  # answered here: no redirect, so no address to carry it
    answer = message_text(response)
    assert f"{EMAIL} is suppressed (hard bounce, since 3 March 2026): we send it no email." in answer
    links = {a.get_text(strip=True): a["href"] for a in soup(response).select(".messages a")}
    assert links == {
        "See the entry": f"{SUPPRESSIONS}inspect/{suppressed.pk}/",
        "Lift it": f"{SUPPRESSIONS}delete/{suppressed.pk}/",
    }
    assert soup(response).find("input", attrs={"name": "email"}).get("value") in (None, "")
    assert_no_personal_data(response, CHECK)
    # The answer was shown, not kept for the next page (nor in a cookie).
    assert EMAIL not in message_text(client.get(CHECK))

    clear = client.post(CHECK, {"email": "someone.else@example.org"})
    assert "someone.else@example.org is not suppressed: we can email it." in message_text(clear)
    assert Suppression.objects.count() == 1  # checking changes nothing


@pytest.mark.parametrize(
    ("email", "error"),
    [
        ("", "Enter the email address to check"),
        ("not an address", "Enter an email address in the right format, like name@example.org"),
        ("<script>alert(1)</script>@example.org", "Enter an email address in the right format"),
        ("priya@example.org\r\nBcc: everyone@example.org", "Enter an email address in the right format"),
        ("a" * 250 + "@example.org", "Enter an email address of 254 characters or fewer"),
    ],
)
def test_an_address_that_is_missing_or_malformed_or_hostile_is_refused_by_its_field(lead, email, error):
    response = client_for(lead).post(CHECK, {"email": email})
    assert response.status_code == 200
    assert error in field_error_text(response, "email")
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not message_text(response)
    assert not error_summary_text(response) or error in error_summary_text(response)


def test_an_odd_but_valid_address_is_answered_escaped(lead):
    Suppression.objects.create(email="o'brien+test@example.org", reason=Suppression.Reason.MANUAL)
    response = client_for(lead).post(CHECK, {"email": "O'Brien+test@example.org"})
    assert "o'brien+test@example.org is suppressed (added by staff" in message_text(response)
    assert "o&#x27;brien+test@example.org" in response.content.decode()


def test_the_check_needs_its_csrf_token(lead, suppressed):
    response = client_for(lead, enforce_csrf_checks=True).post(CHECK, {"email": EMAIL})
    assert response.status_code == 403 and EMAIL not in response.content.decode()


def test_only_those_who_may_see_the_suppressed_addresses_can_check_one(adviser, suppressed, make_user):
    client = client_for(adviser)  # an adviser: no permission on the suppressed addresses
    for response in [client.get(CHECK), client.post(CHECK, {"email": EMAIL})]:
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert EMAIL not in visible_text(client.get("/admin/"))
    anonymous = Client().post(CHECK, {"email": EMAIL})
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    assert not personal_data_in(anonymous["Location"])
    boss = User.objects.create_superuser(email="boss@sor.example", password="x-long-password-1")
    staff(boss, TEAM_LEADS_GROUP)
    assert "is suppressed" in message_text(client_for(boss).post(CHECK, {"email": EMAIL}))


@pytest.mark.parametrize("listing", ["teammembership", "adviserprofile", "reportinglead"])
def test_staff_listings_are_searched_by_name_not_by_email(adviser, listing):
    ReportingLead.objects.create(user=adviser)
    boss = User.objects.create_superuser(email="boss@sor.example", password="x-long-password-1")
    client = client_for(staff(boss))
    url = f"/admin/snippets/enquiries/{listing}/"
    assert "Ada Adviser" in visible_text(client.get(url, {"q": "Adviser"}))
    assert "Ada Adviser" not in visible_text(client.get(url, {"q": "ada@sor.example"}))


# --------------------------------------------------------------------------------------------------
# Logs: gunicorn's access log and Django's loggers
# --------------------------------------------------------------------------------------------------

#: gunicorn's access-log atoms that may be logged; see gunicorn.conf.py for why the others are not.
ALLOWED_ATOMS = {"t", "m", "U", "s", "b", "B", "M", "D", "L", "T", "p", "{x-request-id}i"}


def gunicorn_config():
    from gunicorn.config import Config

    config = Config()
    for name, value in runpy.run_path(str(ROOT / "gunicorn.conf.py")).items():
        if name in config.settings:
            config.set(name, value)
    return config


def test_the_web_process_uses_the_gunicorn_config_and_sets_nothing_else():
    web = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:"))
    assert web.endswith("gunicorn --config gunicorn.conf.py")
    config = gunicorn_config()
    assert config.accesslog == "-" and config.wsgi_app == "portal.wsgi:application"


def test_the_access_log_format_records_the_path_without_the_query_string_or_request_line():
    log_format = gunicorn_config().access_log_format
    atoms = set(re.findall(r"%\((.*?)\)s", log_format))
    assert "U" in atoms  # the path, without the query string
    assert not atoms & {"r", "q", "f", "h", "a", "u"}  # request line, query, Referer, IP, agent, user
    assert atoms <= ALLOWED_ATOMS, atoms - ALLOWED_ATOMS


def access_log_line(path: str, query: str = "", *, referer: str = "-") -> str:
    """The line gunicorn writes for one request, through the logger class and the format that
    gunicorn.conf.py configures (as the web process runs it: see the Procfile test above)."""
    from types import SimpleNamespace

    config = gunicorn_config()
    config.set("accesslog", "-")
    gunicorn_logger = config.logger_class(config)
    lines = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())
    gunicorn_logger.access_log.handlers = [handler]
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path + (f"?{query}" if query else ""),
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_REFERER": referer,
        "HTTP_USER_AGENT": "Mozilla/5.0 (Priya's laptop)",
        "HTTP_AUTHORIZATION": "Basic cHJpeWE6c2VjcmV0",
    }
    request = SimpleNamespace(headers=[("X-REQUEST-ID", "req-42"), ("REFERER", referer)])
    response = SimpleNamespace(status="200 OK", sent=5120, headers=[])
    gunicorn_logger.access(response, request, environ, datetime.timedelta(milliseconds=41))
    assert len(lines) == 1
    return lines[0]


def test_an_access_log_line_for_a_search_holds_neither_the_search_nor_who_made_it():
    line = access_log_line(
        "/admin/enquiries/",
        f"q={quote(EMAIL)}&search=abc123",
        referer=f"https://portal.example/admin/?q={quote(NAME)}",
    )
    assert '"GET /admin/enquiries/" 200 5120 41ms request_id=req-42' in line
    assert not personal_data_in(line) and "?" not in line
    for detail in ["203.0.113.9", "search=", "Mozilla", "priya", "cHJpeWE6c2VjcmV0"]:
        assert detail.lower() not in line.lower(), detail


@pytest.fixture
def token_paths(enquirer, enquiry):
    """Real secret links, as the portal emails them -> (the path, its secrets, how it is logged)."""
    from django.contrib.auth.tokens import default_token_generator as django_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from allauth.account.forms import default_token_generator
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC
    from allauth.account.utils import user_pk_to_url_str

    from enquiries.ratings.service import rating_token

    address = EmailAddress.objects.get(user=enquirer, email=EMAIL)
    uidb36, reset_key = user_pk_to_url_str(enquirer), default_token_generator.make_token(enquirer)
    confirm_key = EmailConfirmationHMAC(address).key
    rate = rating_token(enquiry)
    uidb64 = urlsafe_base64_encode(force_bytes(enquirer.pk))
    wagtail_token = django_token_generator.make_token(enquirer)
    return {
        "account_reset_password_from_key": (
            reverse("account_reset_password_from_key", kwargs={"uidb36": uidb36, "key": reset_key}),
            [reset_key],
            "/accounts/password/reset/key/[redacted]-[redacted]/",
        ),
        "account_confirm_email": (
            reverse("account_confirm_email", kwargs={"key": confirm_key}),
            [confirm_key],
            "/accounts/confirm-email/[redacted]/",
        ),
        "enquiries:rate": (reverse("enquiries:rate", kwargs={"token": rate}), [rate], "/rate/[redacted]/"),
        "wagtailadmin_password_reset_confirm": (
            reverse("wagtailadmin_password_reset_confirm", kwargs={"uidb64": uidb64, "token": wagtail_token}),
            [wagtail_token],
            "/admin/password_reset/confirm/[redacted]/[redacted]/",
        ),
    }


def test_the_access_log_writes_no_secret_token_of_a_path(token_paths):
    """Password-reset keys, email confirmation keys and rating tokens are in the path itself (%(U)s):
    the access logger puts [redacted] in their place, with or without the final slash."""
    for path, secrets, logged in token_paths.values():
        for requested, expected in [(path, logged), (path.rstrip("/"), logged.rstrip("/"))]:
            line = access_log_line(requested, "next=/my-enquiries/")
            assert f'"GET {expected}" 200 5120 41ms request_id=req-42' in line, (requested, line)
            for secret in secrets:
                assert secret not in line and secret.split(":")[-1] not in line, (requested, line)
    # Anything added after a token is dropped with it; other paths are logged as they are.
    assert '"GET /rate/[redacted]" 200' in access_log_line(token_paths["enquiries:rate"][0] + "extra/")
    for path in ["/rate/", "/my-enquiries/SOR-ABCD-1234/", "/admin/enquiries/", "/accounts/confirm-email/"]:
        assert f'"GET {path}" 200' in access_log_line(path)

    from portal.gunicorn_logging import TOKEN_ROUTES

    assert set(token_paths) == set(TOKEN_ROUTES)  # each route of the list is tried above


#: Names of a route's parts that hold a secret (or who it is for): these routes go in TOKEN_ROUTES.
SECRET_PART = re.compile(r"token|key|uid|secret|signature|code", re.I)


def test_every_route_with_a_secret_in_its_path_is_in_the_one_list_of_token_routes():
    from django.urls import URLResolver, get_resolver

    from portal.gunicorn_logging import TOKEN_ROUTES

    found = set()

    def walk(resolver, namespace=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern, namespace + (f"{pattern.namespace}:" if pattern.namespace else ""))
            elif any(SECRET_PART.search(name) for name in pattern.pattern.regex.groupindex):
                found.add(f"{namespace}{pattern.name}")

    walk(get_resolver())
    assert found == set(TOKEN_ROUTES)


def test_djangos_loggers_email_no_request_details_to_admins():
    """Production's LOGGING (portal/settings/base.py) applied over Django's defaults, as Django does:
    nothing under the "django" logger mails the whole request (query string, POST body) to ADMINS."""
    import portal.settings.base as base

    root = logging.getLogger()
    root_handlers = root.handlers[:]
    try:
        logging.config.dictConfig(DEFAULT_LOGGING)
        logging.config.dictConfig(base.LOGGING)
        for name in ["django", "django.request", "django.security.csrf", "django.template"]:
            logger = logging.getLogger(name)
            while logger:
                assert not [h for h in logger.handlers if isinstance(h, AdminEmailHandler)], logger.name
                logger = logger.parent if logger.propagate else None
    finally:
        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
        root.handlers[:] = root_handlers


def test_djangos_request_log_names_the_path_without_its_query_string(caplog):
    caplog.set_level(logging.WARNING, logger="django.request")
    assert Client().get("/no-such-page/", {"q": EMAIL, "name": NAME}).status_code == 404
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records and records[0].getMessage() == "Not Found: /no-such-page/"
    assert not personal_data_in(caplog.text)


def test_djangos_own_error_lines_do_not_carry_a_token(client, caplog, settings):
    """A 500 on a rating or reset link is logged by django.request as "Internal Server Error: <path>"."""
    import logging

    from portal.gunicorn_logging import RedactTokensFilter

    token = "sekret-rating-token-1234567890"
    record = logging.LogRecord(
        "django.request",
        logging.ERROR,
        __file__,
        1,
        "%s: %s",
        ("Internal Server Error", f"/rate/{token}/"),
        None,
    )
    RedactTokensFilter().filter(record)
    assert token not in record.getMessage() and "/rate/[redacted]/" in record.getMessage()
    line = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        (f"GET /rate/{token}/?x=1 HTTP/1.1", "200", "12"),
        None,
    )
    RedactTokensFilter().filter(line)
    assert token not in line.getMessage() and '"GET /rate/[redacted]/ HTTP/1.1" 200 12' == line.getMessage()
    with caplog.at_level(logging.ERROR, logger="django.request"):
        logging.getLogger("django.request").error("%s: %s", "Internal Server Error", f"/rate/{token}/")
    assert caplog.records and all(token not in r.getMessage() for r in caplog.records)
