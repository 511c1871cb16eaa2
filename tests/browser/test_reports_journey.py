"""The enquiry reports, end to end in Chromium: a team lead signs in with an authenticator code, opens
the reports from the Enquiries menu, narrows them to one nation, downloads the CSV, and axe-core finds
nothing on the report page (before and after filtering, and with a filter error shown). Then the same
filtering with JavaScript off.
"""

from __future__ import annotations

import csv
import datetime
import io
import re

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from enquiries.models import Enquiry, SatisfactionRating, Team, TeamMembership
from enquiries.reports.measures import add_months, month_floor
from tests.browser.content import activate_totp, make_user
from tests.browser.test_enquiry_journey import _settled, _sign_in_with_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

S = Enquiry.Status
LEAD_EMAIL = "lead@demo.sor.example"
H = 3600


@pytest.fixture
def report_desk(portal_site):
    """Two teams led by one team lead (with an authenticator app), and five enquiries of last month:
    three from England (RtP England) and two from Scotland (RtP devolved), with known figures."""
    from cms.models import Nation, Pathway, Topic

    england_team = Team.objects.create(name="RtP England", slug="rtp-england")
    devolved = Team.objects.create(name="RtP Scotland, Wales and NI", slug="rtp-devolved", is_fallback=True)
    lead = make_user(LEAD_EMAIL, groups=("Team leads",), is_staff=True, first_name="Tom", last_name="Lead")
    for team in (england_team, devolved):
        TeamMembership.objects.create(team=team, user=lead, is_lead=True)
    secret = activate_totp(lead)

    rtp = Pathway.objects.get(slug="return-to-practice")
    england, scotland = Nation.objects.get(slug="england"), Nation.objects.get(slug="scotland")
    hcpc = Topic.objects.get(slug="hcpc-registration")
    last_month = add_months(month_floor(timezone.localdate()), -1)
    arrived = timezone.make_aware(datetime.datetime(last_month.year, last_month.month, 5, 11))
    rows = [
        ("E1", england_team, england, 2, True, 10, 5),
        ("E2", england_team, england, 4, True, 20, 4),
        ("E3", england_team, england, 30, False, None, None),
        ("S1", devolved, scotland, 3, True, 8, 5),
        ("S2", devolved, scotland, 26, False, 40, 2),
    ]
    enquiries = []
    for key, team, nation, first, within, resolution, rating in rows:
        enquiry = Enquiry.objects.create(
            who="returning",
            pathway=rtp,
            nation=nation,
            profession="diagnostic",
            topic=hcpc,
            subject=f"Private subject {key}",
            name=f"Enquirer Quaxley {key}",
            email=f"quaxley.{key.lower()}@private.example",
            consent_at=arrived,
            privacy_notice_version="2026-11",
            team=team,
            submission_key=f"journey-{key}",
            status=S.RESOLVED if resolution else S.AWAITING_ENQUIRER,
            created_at=arrived,
            first_responded_at=arrived + datetime.timedelta(hours=1),
            first_response_seconds=first * H,
            responded_within_deadline=within,
            resolved_at=arrived + datetime.timedelta(days=2) if resolution else None,
            resolution_seconds=resolution * H if resolution else None,
        )
        if rating:
            SatisfactionRating.objects.create(enquiry=enquiry, score=rating)
        enquiries.append(enquiry)
    return {"lead": lead, "secret": secret, "enquiries": enquiries, "last_month": last_month}


def _figure(page, name: str):
    return (
        page.locator(".sor-stats__item")
        .filter(has=page.locator("dt", has_text=re.compile(f"^{name}$")))
        .locator("dd")
    )


def test_a_team_lead_filters_the_reports_by_nation_and_downloads_the_csv(page, report_desk, axe_check):
    _sign_in_with_code(page, LEAD_EMAIL, report_desk["secret"])

    page.get_by_role("button", name="Enquiries", exact=True).click()
    page.get_by_role("link", name="Reports", exact=True).click()
    expect(page).to_have_url(re.compile(r"/admin/enquiries/reports/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Enquiry reports"))
    expect(_figure(page, "Received")).to_have_text("5")
    expect(_figure(page, "Satisfaction")).to_have_text("4.0 out of 5 (4 ratings)")
    axe_check(_settled(page), where="the enquiry reports")

    # Narrow to one nation: the figures, the tables and the CSV link follow.
    page.get_by_label("Nation", exact=True).select_option(label="Scotland")
    page.get_by_role("button", name="Show figures").click()
    expect(page).to_have_url(re.compile(r"[?&]nation=scotland"))
    expect(_figure(page, "Received")).to_have_text("2")
    expect(_figure(page, "Answered within deadline")).to_have_text("50.0% (1 of 2)")
    # Two ratings (5 and 2): too few to show a mean without telling what each enquirer said.
    expect(_figure(page, "Satisfaction")).to_have_text("fewer than 3 ratings")
    expect(page.get_by_role("table", name=re.compile("^Ratings by score"))).to_have_count(0)
    nations = page.get_by_role("table", name=re.compile("^Enquiries by nation"))
    expect(nations.get_by_role("row")).to_have_count(3)  # two header rows and Scotland
    expect(nations.get_by_role("rowheader")).to_have_text(["Scotland"])
    # First responses 3 and 26 hours: median 14.5, 90th percentile 3 + 0.9 x 23 = 23.7; resolutions 8
    # and 40: 24.0 and 8 + 0.9 x 32 = 36.8.
    expect(nations.locator("tbody td")).to_have_text(
        ["2", "2", "14.5", "23.7", "24.0", "36.8", "50.0% (1 of 2)", "fewer than 3 ratings"]
    )
    axe_check(_settled(page), where="the enquiry reports filtered by nation")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download these figures (CSV)").click()
    download = download_info.value
    assert re.fullmatch(r"enquiry-report-\d{4}-\d{2}-to-\d{4}-\d{2}\.csv", download.suggested_filename)
    text = open(download.path(), encoding="utf-8-sig").read()  # noqa: PTH123, SIM115 - a temporary file Playwright owns
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Section", "Group", "Measure", "Value"]
    figures = {(section, group, measure): value for section, group, measure, value in rows[1:]}
    assert figures[("Filters", "Nation", "Chosen")] == "Scotland"
    assert figures[("All enquiries", "All enquiries", "Received")] == "2"
    assert figures[("All enquiries", "All enquiries", "Median first response (working hours)")] == "14.5"
    assert (
        figures[("All enquiries", "All enquiries", "90th percentile first response (working hours)")]
        == "23.7"
    )
    assert figures[("Enquiries by nation", "Scotland", "Mean rating (1 to 5)")] == "fewer than 3 ratings"
    for enquiry in report_desk["enquiries"]:
        assert enquiry.name not in text and enquiry.email not in text and enquiry.reference not in text

    # A filter the report cannot use: the message is beside the field and in the summary, and axe is happy.
    page.goto("/admin/enquiries/reports/?from_month=1999-01")
    expect(page.get_by_role("alert")).to_contain_text(
        "Choose a month from the list for the start of the period"
    )
    expect(page.get_by_text("Correct the filters above to see the figures.")).to_be_visible()
    axe_check(_settled(page), where="the enquiry reports with a filter error")


def test_the_reports_filter_without_javascript(no_js_page, report_desk):
    page = no_js_page
    _sign_in_with_code(page, LEAD_EMAIL, report_desk["secret"])
    page.goto("/admin/enquiries/reports/")
    expect(_figure(page, "Received")).to_have_text("5")
    page.get_by_label("Nation", exact=True).select_option(label="England")
    page.get_by_role("button", name="Show figures").click()
    expect(_figure(page, "Received")).to_have_text("3")
    expect(_figure(page, "Median first response")).to_have_text("4.0 working hours")
    expect(page.get_by_role("link", name="Download these figures (CSV)")).to_have_attribute(
        "href", re.compile(r"^/admin/enquiries/reports/csv/\?.*nation=england")
    )
