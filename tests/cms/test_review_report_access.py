"""The review-date report ("Pages due for review") is for moderators (and superusers), as the
README says: its menu item and its addresses (the page, its results fragment and its downloads) are
refused to every other member of staff, editors included."""

from __future__ import annotations

import datetime

from django.test import Client
from django.utils import timezone

import pytest

from cms.factories import GuidancePageFactory
from enquiries.selectors import TEAM_LEADS_GROUP
from tests.conftest import mfa_login

pytestmark = pytest.mark.django_db

REPORT_URL = "/admin/reports/review-overdue/"
URLS = [REPORT_URL, REPORT_URL + "results/", REPORT_URL + "?export=csv", REPORT_URL + "?export=xlsx"]
MENU_LABEL = "Pages due for review"
OVERDUE = "Overdue guidance on fees"


@pytest.fixture
def overdue_page(rtp_hub):
    today = timezone.localdate()
    return GuidancePageFactory(
        parent=rtp_hub,
        title=OVERDUE,
        last_reviewed=today - datetime.timedelta(days=400),
        next_review_due=today - datetime.timedelta(days=35),
        content_owner="Professional Policy",
    )


@pytest.fixture
def superuser(make_user):
    user = make_user("boss@sor.example", totp=True, is_staff=True)
    user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def team_lead(make_user):
    return make_user("lead@sor.example", TEAM_LEADS_GROUP, totp=True, is_staff=True)


def content(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


@pytest.mark.parametrize("role", ["editor_user", "team_lead"])
def test_the_review_report_is_refused_to_staff_who_are_not_moderators(request, overdue_page, role):
    client = mfa_login(Client(), request.getfixturevalue(role))
    for url in URLS:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", (url, response.status_code)
        assert OVERDUE not in content(response)
    fragment = client.get(REPORT_URL + "results/", headers={"x-requested-with": "XMLHttpRequest"})
    assert fragment.status_code == 403 and OVERDUE not in content(fragment)
    assert MENU_LABEL not in content(client.get("/admin/"))


@pytest.mark.parametrize("role", ["moderator_user", "superuser"])
def test_moderators_and_superusers_see_the_review_report_and_its_menu_item(request, overdue_page, role):
    client = mfa_login(Client(), request.getfixturevalue(role))
    for url in URLS:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    assert OVERDUE in content(client.get(REPORT_URL))
    assert OVERDUE in content(client.get(REPORT_URL, {"export": "csv"}))
    assert MENU_LABEL in content(client.get("/admin/"))


def test_a_returnee_is_refused_the_review_report(user, overdue_page):
    client = Client()
    client.force_login(user)
    for url in URLS:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert OVERDUE not in content(response)
