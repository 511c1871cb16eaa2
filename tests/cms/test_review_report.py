"""The review report ("Pages due for review", /admin/reports/review-overdue/) shows who owns what: every
page type with review dates, its team (content owner) and its Wagtail page owner (who is emailed the
review reminders), past its review date by default or due in the next 30 days when asked; on screen
and in its downloads; with as many queries for 30 pages as for 3."""

from __future__ import annotations

import csv
import datetime
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from cms.factories import GuidancePageFactory, StandardPageFactory
from tests.conftest import human_dates, mfa_login, soup, visible_text

pytestmark = pytest.mark.django_db

REPORT_URL = "/admin/reports/review-overdue/"
TODAY = timezone.localdate


def days(n: int) -> datetime.date:
    return TODAY() + datetime.timedelta(days=n)


@pytest.fixture
def owner(make_user):
    return make_user("olu.owner@sor.example", "Editors", first_name="Olu", last_name="Owner")


@pytest.fixture
def pages(home_page, rtp_hub, owner):
    return {
        "guidance": GuidancePageFactory(
            parent=rtp_hub,
            title="Fees for returners",
            owner=owner,
            content_owner="Professional Policy",
            last_reviewed=days(-400),
            next_review_due=days(-35),
        ),
        "standard": StandardPageFactory(
            parent=home_page,
            title="Accessibility statement",
            owner=None,
            content_owner="Digital Team",
            last_reviewed=days(-370),
            next_review_due=days(-5),
        ),
        "soon": StandardPageFactory(
            parent=home_page,
            title="Privacy notice",
            owner=owner,
            last_reviewed=days(-340),
            next_review_due=days(12),
        ),
        "current": GuidancePageFactory(
            parent=rtp_hub,
            title="Finding a supervisor",
            owner=owner,
            last_reviewed=days(-30),
            next_review_due=days(335),
        ),
    }


@pytest.fixture
def moderator(client, moderator_user):
    return mfa_login(client, moderator_user)


def rows(response) -> dict[str, str]:
    """Each table row's visible text, by the page title it starts with."""
    table = soup(response).find("table", class_="listing")
    assert table is not None, "no results table"
    found = {}
    for row in table.find("tbody").find_all("tr"):
        text = visible_text(str(row))
        title = row.find("td", class_="title").find("span", id=True).get_text(strip=True)
        found[title] = text
    return found


def headers(response) -> list[str]:
    return [th.get_text(strip=True) for th in soup(response).find("table", class_="listing").find_all("th")]


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_the_report_lists_overdue_pages_of_every_type_with_their_owners(moderator, pages):
    response = moderator.get(REPORT_URL)

    assert response.status_code == 200
    assert headers(response) == [
        "Title",
        "Type",
        "Status",
        "Content owner",
        "Page owner",
        "Last reviewed",
        "Next review due",
    ]
    listed = rows(response)
    assert list(listed) == ["Fees for returners", "Accessibility statement"]  # oldest due date first

    guidance = listed["Fees for returners"]
    assert "Guidance page" in guidance
    assert "Professional Policy" in guidance and "Olu Owner" in guidance
    assert human_dates(days(-35))[1] in guidance and "overdue by 35 days" in guidance

    standard = listed["Accessibility statement"]
    assert "Standard page" in standard
    assert "Digital Team" in standard and "No owner" in standard
    assert "overdue by 5 days" in standard


def test_each_title_links_to_the_page_editor(moderator, pages):
    response = moderator.get(REPORT_URL)
    edit_links = [a["href"] for a in soup(response).select("td.title a[href*='/edit/']")]
    assert f"/admin/pages/{pages['guidance'].pk}/edit/" in edit_links
    assert f"/admin/pages/{pages['standard'].pk}/edit/" in edit_links


def test_a_page_owner_without_a_name_is_shown_by_email(moderator, pages, make_user):
    nameless = make_user("nameless@sor.example", "Editors")
    pages["standard"].owner = nameless
    pages["standard"].save()

    assert "nameless@sor.example" in rows(moderator.get(REPORT_URL))["Accessibility statement"]


def test_pages_not_yet_due_are_not_listed_by_default(moderator, pages):
    text = visible_text(moderator.get(REPORT_URL))
    assert "Privacy notice" not in text
    assert "Finding a supervisor" not in text


def test_the_results_fragment_lists_the_same(moderator, pages):
    response = moderator.get(REPORT_URL + "results/")
    assert list(rows(response)) == ["Fees for returners", "Accessibility statement"]


def test_moderators_can_list_the_pages_due_in_the_next_30_days_instead(moderator, pages):
    response = moderator.get(REPORT_URL, {"due": "due_soon"})

    listed = rows(response)
    assert list(listed) == ["Privacy notice"]
    assert "Olu Owner" in listed["Privacy notice"] and "due in 12 days" in listed["Privacy notice"]


def test_a_page_due_today_is_due_soon_not_overdue(moderator, pages):
    pages["current"].next_review_due = TODAY()
    pages["current"].save()

    assert "Finding a supervisor" not in visible_text(moderator.get(REPORT_URL))
    assert "due today" in rows(moderator.get(REPORT_URL, {"due": "due_soon"}))["Finding a supervisor"]


def test_an_unknown_window_lists_the_overdue_pages(moderator, pages):
    response = moderator.get(REPORT_URL, {"due": "everything"})
    assert response.status_code == 200
    assert "Finding a supervisor" not in visible_text(response)
    assert "Privacy notice" not in visible_text(response)


def test_nothing_overdue_says_so(moderator, home_page):
    response = moderator.get(REPORT_URL)
    assert "No page is past its review date." in visible_text(response)


def test_the_csv_download_has_both_owners_and_the_dates(moderator, pages):
    table = csv_rows(moderator.get(REPORT_URL, {"export": "csv"}))

    heading = table[0]
    assert {
        "Content owner",
        "Page owner (sent the review reminders)",
        "Last reviewed",
        "Next review due",
    } <= set(heading)
    by_title = {row[0]: dict(zip(heading, row, strict=True)) for row in table[1:]}
    assert set(by_title) == {"Fees for returners", "Accessibility statement"}
    fees = by_title["Fees for returners"]
    assert fees["Page owner (sent the review reminders)"] == "Olu Owner"
    assert fees["Content owner"] == "Professional Policy"
    assert fees["Next review due"] == days(-35).isoformat()
    assert fees["Type"] == "Guidance Page"
    assert by_title["Accessibility statement"]["Page owner (sent the review reminders)"] == "No owner"


def test_the_csv_download_follows_the_chosen_window(moderator, pages):
    table = csv_rows(moderator.get(REPORT_URL, {"due": "due_soon", "export": "csv"}))
    assert [row[0] for row in table[1:]] == ["Privacy notice"]


def test_the_report_is_refused_to_an_editor(client, editor_user, pages):
    mfa_login(client, editor_user)
    for params in ({}, {"due": "due_soon"}, {"export": "csv"}):
        response = client.get(REPORT_URL, params)
        assert response.status_code == 302 and response["Location"] == "/admin/"
        assert "Fees for returners" not in response.content.decode()


# --------------------------------------------------------------------------------------------------
# Queries: one listing query, however many pages and page types
# --------------------------------------------------------------------------------------------------


def add_overdue_pages(home_page, rtp_hub, owner, count: int, start: int) -> None:
    """``count`` more overdue pages, guidance and standard in turn, each with an owner."""
    for n in range(start, start + count):
        factory, parent = (GuidancePageFactory, rtp_hub) if n % 2 else (StandardPageFactory, home_page)
        factory(parent=parent, title=f"Page {n}", owner=owner, last_reviewed=None, next_review_due=days(-n))


def get_all(client, params=None):
    """The report, read to the end (a CSV download is streamed: its rows are queried as it is read)."""
    response = client.get(REPORT_URL, params or {})
    assert response.status_code == 200
    if response.streaming:
        response.body = b"".join(response.streaming_content)
    return response


def count_queries(client, params=None) -> int:
    get_all(client, params)  # warm Wagtail's caches (site root paths, content types)
    with CaptureQueriesContext(connection) as context:
        get_all(client, params)
    return len(context.captured_queries)


@pytest.mark.parametrize("params", [{}, {"export": "csv"}, {"export": "xlsx"}], ids=["page", "csv", "xlsx"])
def test_the_query_count_stays_flat_as_overdue_pages_grow(
    moderator, home_page, rtp_hub, owner, params, django_assert_max_num_queries
):
    add_overdue_pages(home_page, rtp_hub, owner, 3, start=1)
    with_3 = count_queries(moderator, params)

    add_overdue_pages(home_page, rtp_hub, owner, 27, start=4)
    with_30 = count_queries(moderator, params)

    assert with_30 == with_3
    with django_assert_max_num_queries(with_3):
        get_all(moderator, params)


def test_the_report_page_stays_under_its_query_ceiling(
    moderator, home_page, rtp_hub, owner, django_assert_max_num_queries
):
    add_overdue_pages(home_page, rtp_hub, owner, 30, start=1)
    moderator.get(REPORT_URL)  # warm caches
    # Measured at 16 with 30 overdue pages of two types (session, user, permissions, the admin menu,
    # the listing, its count and its workflow states), plus two; a query per page would add 30.
    with django_assert_max_num_queries(18):
        response = moderator.get(REPORT_URL)
    assert len(rows(response)) == 30


# --------------------------------------------------------------------------------------------------
# Who owns what: every page with review dates, filtered by its owner
# --------------------------------------------------------------------------------------------------


def test_every_page_with_review_dates_can_be_listed_with_its_owner(moderator, pages):
    listed = rows(moderator.get(REPORT_URL, {"due": "all"}))

    assert set(listed) == {
        "Fees for returners",
        "Accessibility statement",
        "Privacy notice",
        "Finding a supervisor",
    }
    assert "Olu Owner" in listed["Finding a supervisor"] and "No owner" in listed["Accessibility statement"]


def test_the_report_can_be_filtered_by_page_owner(moderator, pages, owner):
    listed = rows(moderator.get(REPORT_URL, {"due": "all", "owner": owner.pk}))
    assert set(listed) == {"Fees for returners", "Privacy notice", "Finding a supervisor"}

    table = csv_rows(moderator.get(REPORT_URL, {"due": "all", "owner": owner.pk, "export": "csv"}))
    assert {row[0] for row in table[1:]} == set(listed)


@pytest.mark.parametrize("owner_param", ["abc", "999999", "", "1 OR 1=1"])
def test_an_unknown_owner_lists_without_failing(moderator, pages, owner_param):
    assert moderator.get(REPORT_URL, {"due": "all", "owner": owner_param}).status_code == 200
