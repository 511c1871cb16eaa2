"""The "Broken links" report (/admin/reports/broken-links/): for editors and moderators, each failing
or permanently moved link with the page it is on, its status and when it first failed; refused to
everyone else; no query string makes it fail; its downloads are formula-safe."""

from __future__ import annotations

import csv
import datetime
import io

from django.test import Client
from django.utils import timezone

import pytest

from cms.factories import GuidancePageFactory, rich_text
from cms.models import ExternalLink
from enquiries.selectors import ADVISERS_GROUP
from tests.conftest import mfa_login, soup

pytestmark = pytest.mark.django_db

REPORT_URL = "/admin/reports/broken-links/"
FIRST_FAILED = timezone.make_aware(datetime.datetime(2027, 2, 3, 8, 0))


@pytest.fixture
def checked(rtp_hub):
    """What a check would have stored: a broken link, a moved one and a working one."""
    page = GuidancePageFactory(
        parent=rtp_hub, title='=HYPERLINK("http://evil.example","x")', body=rich_text("x")
    )
    other = GuidancePageFactory(parent=rtp_hub, title="Fees for returners", body=rich_text("x"))
    now = timezone.now()
    made = {}
    for key, values in {
        "broken": {"status_code": 404, "ok": False, "first_failed_at": FIRST_FAILED},
        "moved": {"status_code": 200, "redirect_status": 301, "redirected_to": "https://new.example/fees"},
        "working": {"status_code": 200},
    }.items():
        link = ExternalLink.objects.create(
            url=f"https://old.example/{key}",
            last_checked_at=now,
            used_in=[
                {"model": "cms.guidancepage", "id": shown.pk, "title": shown.title}
                for shown in ([page, other] if key == "broken" else [other])
            ],
            **values,
        )
        link.pages.set([other.pk, page.pk] if key == "broken" else [other.pk])
        made[key] = link
    made["page"] = other
    return made


def editor_client(editor_user):
    return mfa_login(Client(), editor_user)


def test_the_report_shows_page_link_status_and_first_failure(editor_user, checked):
    response = editor_client(editor_user).get(REPORT_URL)

    assert response.status_code == 200
    page = soup(response)
    text = page.get_text(" ", strip=True)
    assert "https://old.example/broken" in text and "404" in text
    assert "https://old.example/working" not in text and "https://old.example/moved" not in text
    assert "3 February 2027" in text or "Feb. 3, 2027" in text or "2027-02-03" in text
    edit_links = [a["href"] for a in page.select("a[href*='/edit/']")]
    assert f"/admin/pages/{checked['page'].pk}/edit/" in edit_links


def test_links_moved_for_good_are_listed_when_asked(editor_user, checked):
    text = soup(editor_client(editor_user).get(REPORT_URL, {"show": "moved"})).get_text(" ", strip=True)

    assert "https://old.example/moved" in text and "https://new.example/fees" in text and "301" in text
    assert "https://old.example/broken" not in text


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "9999"},
        {"page": "-1"},
        {"show": "everything"},
        {"show": ["moved", "broken"]},
        {"ordering": "nonexistent_field"},
        {"export": "pdf"},
        {"export": "csv", "show": "\x00"},
        {"q": "x" * 5000},
    ],
)
def test_no_query_string_makes_the_report_fail(editor_user, checked, params):
    response = editor_client(editor_user).get(REPORT_URL, params)
    assert response.status_code in (200, 302, 404), response.status_code


def test_the_download_lists_every_page_and_is_formula_safe(editor_user, checked):
    response = editor_client(editor_user).get(REPORT_URL, {"export": "csv"})

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["Used on", "Link", "Status code", "Error"]
    body = "\n".join(",".join(row) for row in rows[1:])
    assert "Fees for returners" in body and "https://old.example/broken" in body
    assert "'=HYPERLINK" in body
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_a_returnee_is_not_shown_the_report(user, checked):
    client = Client()
    client.force_login(user)

    for url in (REPORT_URL, REPORT_URL + "results/", REPORT_URL + "?export=csv"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert (
            "old.example"
            not in (b"".join(response.streaming_content) if response.streaming else response.content).decode()
        )


def test_an_adviser_is_not_shown_the_report(make_user, checked):
    adviser = make_user("adviser@sor.example", ADVISERS_GROUP, totp=True, is_staff=True)
    client = mfa_login(Client(), adviser)

    for url in (REPORT_URL, REPORT_URL + "results/", REPORT_URL + "?export=csv&show=moved"):
        response = client.get(url)
        assert response.status_code in (302, 403) and "old.example" not in response.content.decode(), url
