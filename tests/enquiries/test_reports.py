"""Enquiry reports in the admin: figures that match a hand-counted casebook (on the page and in the
CSV), who may see which enquiries, the filters (valid, invalid and hostile), the CSV and its headers,
no personal data anywhere, and query counts that stay flat as enquiries grow."""

from __future__ import annotations

import csv
import datetime
import io
import random
import re
import statistics
from fractions import Fraction

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from cms.factories import TopicFactory
from enquiries import deadlines, states
from enquiries.factories import AdviserFactory, TeamLeadFactory
from enquiries.models import Enquiry, ReportingLead, SatisfactionRating
from enquiries.reports import access, export, measures
from enquiries.reports import figures as reports
from enquiries.reports.measures import add_months, month_floor, month_value
from portal.exports import csv_safe
from portal.models import User
from tests.conftest import error_summary_text, field_error_text, soup, visible_text

from .test_workspace import client_for

pytestmark = pytest.mark.django_db

S = Enquiry.Status
REPORTS = "/admin/enquiries/reports/"
CSV_URL = "/admin/enquiries/reports/csv/"
H = 3600  # one working hour, in seconds


# --------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------


def this_month() -> datetime.date:
    return month_floor(timezone.localdate())


def in_month(month: datetime.date, day: int = 5, hour: int = 11) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(month.year, month.month, day, hour, 0))


def make_enquiry(
    key, *, created, team, nation, pathway, topic, status, first=None, within=None, resolution=None
):
    """An enquiry with known report figures (hours) and a distinctive name, email, subject to look for."""
    return Enquiry.objects.create(
        who="returning",
        pathway=pathway,
        nation=nation,
        profession="diagnostic",
        topic=topic,
        subject=f"Confidential question {key} about Quillfeather",
        name=f"Zebedee Quaxley-{key}",
        email=f"zebedee.{key.lower()}@private.example",
        consent_at=created,
        privacy_notice_version="2026-11",
        team=team,
        submission_key=f"report-{key}",
        status=status,
        created_at=created,
        first_responded_at=created + datetime.timedelta(hours=1) if first is not None else None,
        first_response_seconds=None if first is None else first * H,
        responded_within_deadline=within,
        resolved_at=created + datetime.timedelta(days=1) if resolution is not None else None,
        resolution_seconds=None if resolution is None else resolution * H,
    )


def _table(response, caption_start: str):
    for candidate in soup(response).find_all("table"):
        caption = candidate.find("caption")
        if caption and caption.get_text(" ", strip=True).startswith(caption_start):
            return candidate
    raise AssertionError(f"no table captioned {caption_start!r}")


def _texts(rows) -> list[list[str]]:
    return [
        [re.sub(r"\s+", " ", cell.get_text(" ", strip=True)) for cell in row.find_all(["th", "td"])]
        for row in rows
    ]


def table(response, caption_start: str) -> list[list[str]]:
    """The rows (header rows first) of the table whose caption starts with `caption_start`, as text."""
    return _texts(_table(response, caption_start).find_all("tr"))


def body(response, caption_start: str) -> list[list[str]]:
    """The rows of that table's body (no header rows), as text."""
    return _texts(_table(response, caption_start).find("tbody").find_all("tr"))


def glance(response) -> dict[str, str]:
    tree = soup(response).find("dl", class_="sor-stats")
    assert tree is not None, "no key figures on the page"
    return {
        dt.get_text(strip=True): re.sub(r"\s+", " ", dt.find_next_sibling("dd").get_text(" ", strip=True))
        for dt in tree.find_all("dt")
    }


def csv_figures(response) -> tuple[list[list[str]], dict[tuple[str, str, str], str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode(
        "utf-8-sig"
    )
    rows = list(csv.reader(io.StringIO(text)))
    return rows, {(section, group, measure): value for section, group, measure, value in rows[1:]}


def period(first: datetime.date, last: datetime.date, **filters) -> dict:
    return {"from_month": month_value(first), "to_month": month_value(last), **filters}


# --------------------------------------------------------------------------------------------------
# The casebook: counted by hand
# --------------------------------------------------------------------------------------------------


@pytest.fixture
def months():
    """M2 and M1: the two months before this one (the casebook's period)."""
    return {"M2": add_months(this_month(), -2), "M1": add_months(this_month(), -1)}


@pytest.fixture
def casebook(teams, nations, pathways, topics, months):
    """Fourteen enquiries. In the period M2..M1 ten are received (A B C D E H I J K L); F is spam and G
    a merged duplicate (neither counted), M arrived this month, N three months ago.

    key month team        nation   pathway topic   status     first  within  resolution rating
    A   M2   rtp_england  England  RtP     hcpc    closed     2      yes     10         5
    B   M2   rtp_england  England  RtP     funding resolved   4      yes     20         4
    C   M2   rtp_england  England  RtP     hcpc    resolved   30     no      40         -
    D   M1   rtp_england  England  RtP     hcpc    awaiting   1      yes     -          -   (open)
    E   M1   rtp_england  England  RtP     funding closed     6      yes     12         2
    F   M1   rtp_england  England  RtP     hcpc    spam       -      -       -          -
    G   M1   rtp_england  England  RtP     hcpc    merged     1      yes     -          -
    H   M2   rtp_devolved Scotland RtP     funding resolved   3      yes     8          5
    I   M1   rtp_devolved Scotland RtP     hcpc    withdrawn  -      -       -          -
    J   M1   rtp_devolved Scotland RtP     hcpc    open       26     no      -          -   (open)
    K   M2   ir           England  IR      hcpc    closed     5      yes     30         3
    L   M1   ir           Scotland IR      funding resolved   8      yes     9          5
    M   now  ir           England  IR      hcpc    new        -      -       -          -   (open)
    N   M3   rtp_england  England  RtP     hcpc    closed     1      yes     2          -
    """
    eng, sco = nations["england"], nations["scotland"]
    rtp, ir = pathways["rtp"], pathways["ir"]
    hcpc, funding = topics["hcpc"], topics["funding"]
    t = teams
    M2, M1 = in_month(months["M2"]), in_month(months["M1"])
    rows = {
        "A": (M2, t["rtp_england"], eng, rtp, hcpc, S.CLOSED, 2, True, 10, 5),
        "B": (M2, t["rtp_england"], eng, rtp, funding, S.RESOLVED, 4, True, 20, 4),
        "C": (M2, t["rtp_england"], eng, rtp, hcpc, S.RESOLVED, 30, False, 40, None),
        "D": (M1, t["rtp_england"], eng, rtp, hcpc, S.AWAITING_ENQUIRER, 1, True, None, None),
        "E": (M1, t["rtp_england"], eng, rtp, funding, S.CLOSED, 6, True, 12, 2),
        "F": (M1, t["rtp_england"], eng, rtp, hcpc, S.SPAM, None, None, None, None),
        "G": (M1, t["rtp_england"], eng, rtp, hcpc, S.MERGED, 1, True, None, None),
        "H": (M2, t["rtp_devolved"], sco, rtp, funding, S.RESOLVED, 3, True, 8, 5),
        "I": (M1, t["rtp_devolved"], sco, rtp, hcpc, S.WITHDRAWN, None, None, None, None),
        "J": (M1, t["rtp_devolved"], sco, rtp, hcpc, S.OPEN, 26, False, None, None),
        "K": (M2, t["ir"], eng, ir, hcpc, S.CLOSED, 5, True, 30, 3),
        "L": (M1, t["ir"], sco, ir, funding, S.RESOLVED, 8, True, 9, 5),
        "M": (
            timezone.now() - datetime.timedelta(minutes=1),
            t["ir"],
            eng,
            ir,
            hcpc,
            S.NEW,
            None,
            None,
            None,
            None,
        ),
        "N": (
            in_month(add_months(months["M2"], -1)),
            t["rtp_england"],
            eng,
            rtp,
            hcpc,
            S.CLOSED,
            1,
            True,
            2,
            None,
        ),
    }
    made = {}
    for key, (
        created,
        team,
        nation,
        pathway,
        topic,
        status,
        first,
        within,
        resolution,
        rating,
    ) in rows.items():
        made[key] = make_enquiry(
            key,
            created=created,
            team=team,
            nation=nation,
            pathway=pathway,
            topic=topic,
            status=status,
            first=first,
            within=within,
            resolution=resolution,
        )
        if rating:
            SatisfactionRating.objects.create(
                enquiry=made[key], score=rating, comment=f"Secret comment {key}"
            )
    Enquiry.objects.filter(pk=made["G"].pk).update(merged_into=made["A"])
    return made


def everything_private(casebook) -> list[str]:
    private = []
    for enquiry in casebook.values():
        private += [enquiry.name, enquiry.email, enquiry.subject, enquiry.reference]
    private += [rating.comment for rating in SatisfactionRating.objects.all()]
    return private


# --------------------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------------------


def admin_user(email, **extra):
    user = User.objects.create_user(email=email, password="x-long-password-1", is_staff=True, **extra)
    TOTP.activate(user, generate_totp_secret())
    return user


def reporting_leads_group() -> Group:
    """A group that may use the admin (national leads belong to one like it; see the report)."""
    group, _ = Group.objects.get_or_create(name="Reporting leads")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return group


@pytest.fixture
def superuser(db):
    return admin_user("root@sor.example", is_superuser=True, first_name="Sam", last_name="Super")


@pytest.fixture
def england_lead(teams):
    return TeamLeadFactory(email="lead@sor.example", team=teams["rtp_england"])


@pytest.fixture
def adviser(teams):
    """An adviser in RtP England who leads nothing."""
    return AdviserFactory(email="adviser@sor.example", team=teams["rtp_england"])


@pytest.fixture
def scotland_lead(nations):
    user = admin_user("scotland.lead@sor.example", first_name="Sheena")
    user.groups.add(reporting_leads_group())
    lead = ReportingLead.objects.create(user=user)
    lead.nations.set([nations["scotland"]])
    return user


# --------------------------------------------------------------------------------------------------
# The figures, counted by hand
# --------------------------------------------------------------------------------------------------


def test_the_report_shows_the_hand_counted_figures(superuser, casebook, months):
    M2, M1 = months["M2"], months["M1"]
    response = client_for(superuser).get(REPORTS, period(M2, M1))
    assert response.status_code == 200
    text = visible_text(response)
    assert f"At a glance: {M2:%B %Y} to {M1:%B %Y}" in text

    assert glance(response) == {
        "Received": "10",
        "Resolved": "7",
        "Median first response": "5.0 working hours",
        "Median resolution": "12.0 working hours",
        "Answered within deadline": "77.8% (7 of 9)",
        "Satisfaction": "4.0 out of 5 (6 ratings)",
        "Open now": "3",
    }
    # First responses of the ten: 1 2 3 4 5 6 8 26 30 (n=9). Median: the 5th, 5. 90th percentile: place
    # (9-1) x 0.9 = 7.2 counting from 0, so 26 + 0.2 x (30 - 26) = 26.8.
    # Resolutions: 8 9 10 12 20 30 40 (n=7). Median 12; place 6 x 0.9 = 5.4: 30 + 0.4 x 10 = 34.0.
    assert table(response, "Time to the first response") == [
        ["Measure", "Enquiries timed", "Median", "90th percentile"],
        ["First response", "9", "5.0", "26.8"],
        ["Resolution", "7", "12.0", "34.0"],
    ]
    header = [
        [
            "Received",
            "Resolved",
            "First response (working hours)",
            "Resolution (working hours)",
            "Answered within deadline",
            "Satisfaction (mean of 1 to 5)",
        ],
        ["Median", "90th percentile", "Median", "90th percentile"],
    ]
    # Each row: received, resolved, first response median and 90th, resolution median and 90th, within
    # deadline, mean rating. By hand (hours; "place" counts from 0 along the sorted times):
    # M2 (A B C H K): first 2 3 4 5 30 -> median 4, place 3.6: 5 + 0.6 x 25 = 20.0;
    #    resolution 8 10 20 30 40 -> median 20, place 3.6: 30 + 0.6 x 10 = 36.0; ratings 5 4 5 3 -> 4.25 = 4.3.
    # M1 (D E I J L): first 1 6 8 26 -> median (6 + 8) / 2 = 7.0, place 2.7: 8 + 0.7 x 18 = 20.6;
    #    resolution 9 12 -> median 10.5, place 0.9: 9 + 0.9 x 3 = 11.7; ratings 2 5: too few to show.
    assert table(response, "Enquiries by month") == [
        ["Month received", *header[0]],
        header[1],
        [f"{M2:%b %Y}", "5", "5", "4.0", "20.0", "20.0", "36.0", "80.0% (4 of 5)", "4.3 (4 ratings)"],
        [f"{M1:%b %Y}", "5", "2", "7.0", "20.6", "10.5", "11.7", "75.0% (3 of 4)", "fewer than 3 ratings"],
    ]
    # IR (K L): first 5 8 -> 6.5, 5 + 0.9 x 3 = 7.7; resolution 9 30 -> 19.5, 9 + 0.9 x 21 = 27.9;
    #    ratings 3 5: too few.
    # RtP (A B C D E H I J): first 1 2 3 4 6 26 30 -> 4, place 5.4: 26 + 0.4 x 4 = 27.6;
    #    resolution 8 10 12 20 40 -> 12, place 3.6: 20 + 0.6 x 20 = 32.0; ratings 5 4 2 5 -> 4.0.
    assert table(response, "Enquiries by pathway") == [
        ["Pathway", *header[0]],  # in the pathways' own order (here: by name)
        header[1],
        [
            "International recruitment",
            *["2", "2", "6.5", "7.7", "19.5", "27.9", "100.0% (2 of 2)", "fewer than 3 ratings"],
        ],
        ["Return to practice", "8", "5", "4.0", "27.6", "12.0", "32.0", "71.4% (5 of 7)", "4.0 (4 ratings)"],
    ]
    # England (A B C D E K): first 1 2 4 5 6 30 -> (4 + 5) / 2 = 4.5, place 4.5: 6 + 0.5 x 24 = 18.0;
    #    resolution 10 12 20 30 40 -> 20, 36.0 (as M2); ratings 5 4 2 3 -> 3.5.
    # Scotland (H I J L): first 3 8 26 -> 8, place 1.8: 8 + 0.8 x 18 = 22.4; resolution 8 9 -> 8.5,
    #    8 + 0.9 x 1 = 8.9; ratings 5 5: too few.
    assert table(response, "Enquiries by nation") == [
        ["Nation", *header[0]],
        header[1],
        ["England", "6", "5", "4.5", "18.0", "20.0", "36.0", "83.3% (5 of 6)", "3.5 (4 ratings)"],
        ["Scotland", "4", "2", "8.0", "22.4", "8.5", "8.9", "66.7% (2 of 3)", "fewer than 3 ratings"],
    ]
    # HCPC (A C D I J K): first 1 2 5 26 30 -> 5, place 3.6: 26 + 0.6 x 4 = 28.4; resolution 10 30 40
    #    -> 30, place 1.8: 30 + 0.8 x 10 = 38.0; ratings 5 3: too few.
    # Funding (B E H L): first 3 4 6 8 -> (4 + 6) / 2 = 5.0, place 2.7: 6 + 0.7 x 2 = 7.4;
    #    resolution 8 9 12 20 -> 10.5, 12 + 0.7 x 8 = 17.6; ratings 4 2 5 5 -> 4.0.
    assert table(response, "Enquiries by topic") == [
        ["Topic", *header[0]],
        header[1],
        [
            "HCPC registration",
            "6",
            "3",
            "5.0",
            "28.4",
            "30.0",
            "38.0",
            "60.0% (3 of 5)",
            "fewer than 3 ratings",
        ],
        ["Funding", "4", "4", "5.0", "7.4", "10.5", "17.6", "100.0% (4 of 4)", "4.0 (4 ratings)"],
    ]
    assert table(response, "Ratings by score") == [
        ["Score", "Ratings", "Share of ratings"],
        ["5 (very good)", "3", "50.0%"],
        ["4 (good)", "1", "16.7%"],
        ["3 (OK)", "1", "16.7%"],
        ["2 (poor)", "1", "16.7%"],
        ["1 (very poor)", "0", "0.0%"],
    ]
    assert "85.7% of the resolved enquiries were rated (6 of 7)" in text
    assert table(response, "Open enquiries by working days") == [
        ["Age", "Open enquiries"],
        ["Under 1 working day", "1"],
        ["1 to 3 working days", "0"],
        ["3 to 5 working days", "0"],
        ["5 to 10 working days", "0"],
        ["10 working days or more", "2"],
    ]
    assert "How these figures are counted" in text and "PERCENTILE.INC" in text
    assert "halfway between the two in the middle" in text and "fewer than 3 ratings" in text


def test_the_bars_are_drawn_beside_their_numbers_and_scale_to_the_largest(superuser, casebook, months):
    response = client_for(superuser).get(REPORTS, period(months["M2"], months["M1"]))
    caption = soup(response).find("caption", string=re.compile("^Enquiries by nation"))
    rows = caption.find_parent("table").find("tbody").find_all("tr")
    bars = [row.find("span", class_="sor-bar") for row in rows]
    assert [bar["style"] for bar in bars] == ["inline-size: 100%;", "inline-size: 67%;"]  # 6 and 4 of 6
    assert all(bar["aria-hidden"] == "true" for bar in bars)
    assert [row.find(class_="sor-bar-cell__value").get_text() for row in rows] == ["6", "4"]


def test_the_csv_holds_the_same_hand_counted_figures(superuser, casebook, months):
    M2, M1 = months["M2"], months["M1"]
    response = client_for(superuser).get(CSV_URL, period(M2, M1))
    assert response.status_code == 200
    rows, figures = csv_figures(response)
    assert rows[0] == ["Section", "Group", "Measure", "Value"]
    assert all(len(row) == 4 for row in rows)
    everything = "All enquiries"
    expected = {
        ("Filters", "From", "Chosen"): f"{M2:%B %Y}",
        ("Filters", "To", "Chosen"): f"{M1:%B %Y}",
        ("Filters", "Nation", "Chosen"): "All nations",
        (everything, everything, "Received"): "10",
        (everything, everything, "Resolved"): "7",
        (everything, everything, "First responses"): "9",
        (everything, everything, "Median first response (working hours)"): "5.0",
        (everything, everything, "90th percentile first response (working hours)"): "26.8",
        (everything, everything, "Resolutions timed"): "7",
        (everything, everything, "Median resolution (working hours)"): "12.0",
        (everything, everything, "90th percentile resolution (working hours)"): "34.0",
        (everything, everything, "Answered within deadline"): "7",
        (everything, everything, "Answered after deadline"): "2",
        (everything, everything, "Answered within deadline (%)"): "77.8",
        (everything, everything, "Ratings"): "6",
        (everything, everything, "Mean rating (1 to 5)"): "4.0",
        (everything, everything, "Rating response rate (% of resolved)"): "85.7",
        ("Enquiries by month", month_value(M2), "Received"): "5",
        ("Enquiries by month", month_value(M2), "Median first response (working hours)"): "4.0",
        ("Enquiries by month", month_value(M2), "90th percentile resolution (working hours)"): "36.0",
        ("Enquiries by month", month_value(M2), "Mean rating (1 to 5)"): "4.3",
        ("Enquiries by month", month_value(M1), "Resolved"): "2",
        ("Enquiries by month", month_value(M1), "Median first response (working hours)"): "7.0",
        ("Enquiries by month", month_value(M1), "90th percentile first response (working hours)"): "20.6",
        ("Enquiries by month", month_value(M1), "Median resolution (working hours)"): "10.5",
        ("Enquiries by month", month_value(M1), "90th percentile resolution (working hours)"): "11.7",
        ("Enquiries by month", month_value(M1), "Answered within deadline (%)"): "75.0",
        ("Enquiries by month", month_value(M1), "Ratings"): "2",
        ("Enquiries by month", month_value(M1), "Mean rating (1 to 5)"): "fewer than 3 ratings",
        ("Enquiries by pathway", "Return to practice", "Received"): "8",
        (
            "Enquiries by pathway",
            "Return to practice",
            "90th percentile first response (working hours)",
        ): "27.6",
        ("Enquiries by pathway", "International recruitment", "Median first response (working hours)"): "6.5",
        ("Enquiries by pathway", "International recruitment", "Median resolution (working hours)"): "19.5",
        ("Enquiries by nation", "Scotland", "Median first response (working hours)"): "8.0",
        ("Enquiries by nation", "Scotland", "90th percentile resolution (working hours)"): "8.9",
        ("Enquiries by nation", "England", "Median first response (working hours)"): "4.5",
        ("Enquiries by nation", "England", "Answered within deadline (%)"): "83.3",
        ("Enquiries by nation", "England", "Mean rating (1 to 5)"): "3.5",
        ("Enquiries by topic", "Funding", "Received"): "4",
        ("Enquiries by topic", "Funding", "90th percentile resolution (working hours)"): "17.6",
        ("Enquiries by topic", "HCPC registration", "Answered within deadline (%)"): "60.0",
        ("Enquiries by topic", "HCPC registration", "Mean rating (1 to 5)"): "fewer than 3 ratings",
        ("Satisfaction", "Score 5 (very good)", "Ratings"): "3",
        ("Satisfaction", "Score 1 (very poor)", "Ratings"): "0",
        ("Backlog (open now)", "Under 1 working day", "Open enquiries"): "1",
        ("Backlog (open now)", "1 to 3 working days", "Open enquiries"): "0",
        ("Backlog (open now)", "10 working days or more", "Open enquiries"): "2",
    }
    assert {key: figures.get(key) for key in expected} == expected
    # Every breakdown row has the same nine measures, in the page's order.
    measures = [row[2] for row in rows if row[:2] == ["Enquiries by nation", "Scotland"]]
    assert measures == [measure for measure, _value in export.GROUP_MEASURES]


def test_a_mean_rating_resting_on_fewer_than_three_ratings_is_shown_to_nobody(superuser, casebook, months):
    client = client_for(superuser)
    # Scotland and funding: H and L, both rated 5. The mean and the scores would tell what each said.
    params = period(months["M2"], months["M1"], nation="scotland", topic="funding")
    response = client.get(REPORTS, params)
    assert glance(response)["Satisfaction"] == "fewer than 3 ratings"
    text = visible_text(response)
    assert "2 ratings for the enquiries received in this period: with fewer than 3 ratings" in text
    assert "Ratings by score" not in text
    assert body(response, "Enquiries by nation")[0][-1] == "fewer than 3 ratings"
    rows, figures = csv_figures(client.get(CSV_URL, params))
    assert figures[("All enquiries", "All enquiries", "Ratings")] == "2"
    assert figures[("All enquiries", "All enquiries", "Mean rating (1 to 5)")] == "fewer than 3 ratings"
    assert figures[("Enquiries by nation", "Scotland", "Mean rating (1 to 5)")] == "fewer than 3 ratings"
    score_rows = [row for row in rows if row[0] == "Satisfaction"]
    assert len(score_rows) == 5 and {row[3] for row in score_rows} == {"fewer than 3 ratings"}
    assert "5.0" not in {row[3] for row in rows if "rating" in row[2].lower()}

    # Three ratings are enough: England in M2, A B K rated 5, 4 and 3.
    params = period(months["M2"], months["M2"], nation="england")
    response = client.get(REPORTS, params)
    assert glance(response)["Satisfaction"] == "4.0 out of 5 (3 ratings)"
    assert body(response, "Enquiries by nation")[0][-1] == "4.0 (3 ratings)"
    assert table(response, "Ratings by score")[1] == ["5 (very good)", "1", "33.3%"]
    _rows, figures = csv_figures(client.get(CSV_URL, params))
    assert figures[("All enquiries", "All enquiries", "Mean rating (1 to 5)")] == "4.0"
    assert figures[("Satisfaction", "Score 5 (very good)", "Ratings")] == "1"


def test_no_ratings_at_all_reads_no_ratings(superuser, casebook, months):
    earlier = add_months(months["M2"], -1)  # N only, not rated
    response = client_for(superuser).get(REPORTS, period(earlier, earlier))
    assert glance(response)["Satisfaction"] == "no ratings"
    assert body(response, "Enquiries by nation")[0][-1] == "no ratings"
    _rows, figures = csv_figures(client_for(superuser).get(CSV_URL, period(earlier, earlier)))
    assert figures[("All enquiries", "All enquiries", "Mean rating (1 to 5)")] == ""
    assert figures[("Enquiries by nation", "England", "Mean rating (1 to 5)")] == ""


def test_neither_the_page_nor_the_csv_holds_any_personal_data(superuser, casebook, months):
    client = client_for(superuser)
    for params in (
        period(months["M2"], months["M1"]),
        period(add_months(months["M2"], -1), this_month()),
        {},
    ):
        page = client.get(REPORTS, params).content.decode()
        download = b"".join([client.get(CSV_URL, params).content]).decode("utf-8-sig")
        for private in everything_private(casebook):
            assert private not in page, private
            assert private not in download, private
        assert "Quillfeather" not in page and "Quaxley" not in download


# --------------------------------------------------------------------------------------------------
# Who may see what
# --------------------------------------------------------------------------------------------------


def test_a_team_lead_sees_only_the_figures_of_the_teams_they_lead(england_lead, casebook, months, teams):
    response = client_for(england_lead).get(REPORTS, period(months["M2"], months["M1"]))
    assert response.status_code == 200
    figures = glance(response)
    assert figures["Received"] == "5"  # A B C D E
    assert figures["Resolved"] == "4"
    assert figures["Open now"] == "1"  # D
    assert [row[0] for row in body(response, "Enquiries by nation")] == ["England"]
    assert "enquiries of the team you lead (RtP England)" in visible_text(response)
    team_options = [
        option.get_text(strip=True) for option in soup(response).select("select[name=team] option")
    ]
    assert team_options == ["All your teams", "RtP England"]
    _, csv_rows = csv_figures(client_for(england_lead).get(CSV_URL, period(months["M2"], months["M1"])))
    assert csv_rows[("All enquiries", "All enquiries", "Received")] == "5"


def test_a_reporting_lead_sees_only_their_nations(scotland_lead, casebook, months):
    response = client_for(scotland_lead).get(REPORTS, period(months["M2"], months["M1"]))
    assert response.status_code == 200
    figures = glance(response)
    assert figures["Received"] == "4"  # H I J L
    assert figures["Open now"] == "1"  # J
    assert [row[0] for row in body(response, "Enquiries by nation")] == ["Scotland"]
    nation_options = [
        option.get_text(strip=True) for option in soup(response).select("select[name=nation] option")
    ]
    assert nation_options == ["All nations", "Scotland"]
    assert "enquiries from Scotland" in visible_text(response)


def test_a_reporting_lead_without_nations_sees_every_nation(scotland_lead, casebook, months):
    scotland_lead.reporting_lead.nations.clear()
    figures = glance(client_for(scotland_lead).get(REPORTS, period(months["M2"], months["M1"])))
    assert figures["Received"] == "10"


def test_someone_who_leads_a_team_and_some_nations_sees_the_union(scotland_lead, casebook, months, teams):
    from enquiries.models import TeamMembership

    TeamMembership.objects.create(team=teams["ir"], user=scotland_lead, is_lead=True)
    figures = glance(client_for(scotland_lead).get(REPORTS, period(months["M2"], months["M1"])))
    assert figures["Received"] == "5"  # H I J L (Scotland) and K L (IR): L once


def test_the_superuser_sees_everything(superuser, casebook, months):
    figures = glance(client_for(superuser).get(REPORTS, period(months["M2"], months["M1"])))
    assert figures["Received"] == "10"


def test_report_scope_is_the_one_rule_of_who_sees_which_enquiries(
    superuser, england_lead, adviser, scotland_lead, casebook
):
    def seen(user):
        scope = access.report_scope(user)
        return (
            None
            if scope is None
            else set(Enquiry.objects.filter(scope).values_list("submission_key", flat=True))
        )

    keys = {key: f"report-{key}" for key in casebook}
    assert seen(superuser) == set(keys.values())
    assert seen(england_lead) == {keys[k] for k in "ABCDEFGN"}
    assert seen(scotland_lead) == {keys[k] for k in "HIJL"}
    assert seen(adviser) is None
    inactive = admin_user("gone@sor.example", is_superuser=True, is_active=False)
    assert access.report_scope(inactive) is None


def test_an_adviser_who_leads_nothing_gets_403_and_no_menu_item(adviser, england_lead, casebook):
    response = client_for(adviser).get(REPORTS)
    assert response.status_code == 403
    assert "You do not have access to the enquiry reports" in visible_text(response)
    assert "Quaxley" not in response.content.decode()
    assert client_for(adviser).get(CSV_URL).status_code == 403
    assert "enquiries-reports" not in client_for(adviser).get("/admin/enquiries/").content.decode()
    # ... while the team lead has the item in the Enquiries menu.
    html = client_for(england_lead).get("/admin/enquiries/").content.decode()
    assert "enquiries-reports" in html and REPORTS in html


def test_a_reporting_lead_who_is_not_an_adviser_has_the_reports_item_in_the_menu(scotland_lead):
    html = client_for(scotland_lead).get("/admin/").content.decode()
    assert "enquiries-reports" in html and REPORTS in html


def test_anonymous_visitors_are_sent_to_sign_in(client, casebook):
    for url in (REPORTS, CSV_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_reports_answer_get_only(superuser):
    client = client_for(superuser)
    assert client.post(REPORTS, {}).status_code == 405
    assert client.post(CSV_URL, {}).status_code == 405


def test_a_superuser_makes_a_reporting_lead_in_the_admin_without_a_developer(
    superuser, nations, casebook, months
):
    national = admin_user("wales.lead@sor.example")
    national.groups.add(reporting_leads_group())
    assert client_for(national).get(REPORTS).status_code == 403

    client = client_for(superuser)
    assert client.get("/admin/snippets/enquiries/reportinglead/").status_code == 200
    response = client.post(
        "/admin/snippets/enquiries/reportinglead/add/",
        {"user": national.pk, "nations": [nations["scotland"].pk]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    lead = ReportingLead.objects.get(user=national)
    assert list(lead.nations.all()) == [nations["scotland"]]
    listing = visible_text(client.get("/admin/snippets/enquiries/reportinglead/"))
    assert "wales.lead@sor.example" in listing and "Scotland" in listing
    figures = glance(client_for(national).get(REPORTS, period(months["M2"], months["M1"])))
    assert figures["Received"] == "4"


def test_team_leads_cannot_make_reporting_leads(england_lead):
    response = client_for(england_lead).get("/admin/snippets/enquiries/reportinglead/add/")
    assert response.status_code == 302 and response["Location"] == "/admin/"


# --------------------------------------------------------------------------------------------------
# Filters
# --------------------------------------------------------------------------------------------------


def test_the_default_period_is_the_last_twelve_months_including_this_one(superuser, casebook):
    response = client_for(superuser).get(REPORTS)
    first = add_months(this_month(), -11)
    assert f"At a glance: {first:%B %Y} to {this_month():%B %Y}" in visible_text(response)
    assert glance(response)["Received"] == "12"  # the ten, plus M (this month) and N (three months ago)
    months_shown = [row[0] for row in body(response, "Enquiries by month")]
    assert len(months_shown) == 12 and months_shown[-1] == f"{this_month():%b %Y}"
    tree = soup(response)
    assert tree.select_one("select[name=from_month] option[selected]")["value"] == month_value(first)
    assert tree.select_one("select[name=to_month] option[selected]")["value"] == month_value(this_month())


@pytest.mark.parametrize(
    ("filters", "received"),
    [
        ({"nation": "scotland"}, "4"),
        ({"team": "ir"}, "2"),
        ({"topic": "funding"}, "4"),
        ({"pathway": "international-recruitment"}, "2"),
        ({"pathway": "none"}, "0"),
        ({"nation": "england", "topic": "hcpc-registration"}, "4"),  # A C D K
    ],
)
def test_each_filter_narrows_the_figures(superuser, casebook, months, filters, received):
    response = client_for(superuser).get(REPORTS, period(months["M2"], months["M1"], **filters))
    assert response.status_code == 200
    assert glance(response)["Received"] == received


def test_a_single_month_and_the_enquiries_without_a_pathway(
    superuser, casebook, months, nations, topics, teams
):
    make_enquiry(
        "P",
        created=in_month(months["M1"], day=6),
        team=teams["ir"],
        nation=nations["wales"],
        pathway=None,
        topic=topics["funding"],
        status=S.NEW,
    )
    client = client_for(superuser)
    response = client.get(REPORTS, period(months["M1"], months["M1"]))
    assert glance(response)["Received"] == "6"  # D E I J L, and P
    assert f"At a glance: {months['M1']:%B %Y}" in visible_text(response)
    no_pathway = ["No pathway (managers and others)", "1", "0", *["none"] * 4, "none answered", "no ratings"]
    assert no_pathway in table(response, "Enquiries by pathway")
    only = client.get(REPORTS, period(months["M1"], months["M1"], pathway="none"))
    assert glance(only)["Received"] == "1"
    assert glance(only)["Open now"] == "1"  # the backlog keeps the other filters


def test_the_backlog_ignores_the_period_but_keeps_the_other_filters(superuser, casebook, months):
    client = client_for(superuser)
    earlier = add_months(months["M2"], -1)
    response = client.get(REPORTS, period(earlier, earlier))
    assert glance(response)["Received"] == "1"  # N
    assert glance(response)["Open now"] == "3"  # D J M, whenever they arrived
    assert glance(client.get(REPORTS, period(earlier, earlier, nation="scotland")))["Open now"] == "1"  # J


def test_the_csv_link_carries_the_chosen_filters(superuser, casebook, months):
    params = period(months["M2"], months["M1"], nation="scotland", topic="funding")
    response = client_for(superuser).get(REPORTS, params)
    link = soup(response).find("a", string=re.compile("Download these figures"))
    assert link["href"] == (
        f"{CSV_URL}?from_month={params['from_month']}&to_month={params['to_month']}&nation=scotland&topic=funding"
    )
    rows, figures = csv_figures(client_for(superuser).get(link["href"]))
    assert figures[("Filters", "Nation", "Chosen")] == "Scotland"
    assert figures[("Filters", "Topic", "Chosen")] == "Funding"
    assert figures[("All enquiries", "All enquiries", "Received")] == "2"  # H L


def test_an_unknown_month_is_shown_beside_its_field_and_in_the_summary(superuser, casebook):
    response = client_for(superuser).get(
        REPORTS, {"from_month": "2019-13", "to_month": month_value(this_month())}
    )
    assert response.status_code == 200
    message = "Choose a month from the list for the start of the period"
    assert message in field_error_text(response, "from_month")
    assert message in error_summary_text(response)
    text = visible_text(response)
    assert "Correct the filters above to see the figures." in text
    assert "At a glance" not in text and "Download these figures" not in text


def test_an_end_before_the_start_is_refused(superuser, months):
    response = client_for(superuser).get(REPORTS, period(months["M1"], months["M2"]))
    message = "The end of the period must be the same month as its start, or later"
    assert message in field_error_text(response, "to_month")
    assert message in error_summary_text(response)
    assert "At a glance" not in visible_text(response)


def test_a_team_lead_cannot_choose_a_team_they_do_not_lead(england_lead, casebook, months):
    response = client_for(england_lead).get(REPORTS, period(months["M2"], months["M1"], team="ir"))
    assert "Choose one of your teams from the list" in field_error_text(response, "team")
    assert "At a glance" not in visible_text(response)
    assert (
        client_for(england_lead).get(CSV_URL, period(months["M2"], months["M1"], team="ir")).status_code
        == 400
    )


@pytest.mark.parametrize(
    "params",
    [
        {"nation": "<script>alert('x')</script>"},
        {"from_month": "2026-03'; DROP TABLE enquiries_enquiry; --"},
        {"topic": "funding\x00"},
        {"team": "x" * 5000},
        {"pathway": ["return-to-practice", "%00%ff"]},
        {"to_month": "9999-99", "from_month": "0000-00"},
        {"from_month": "\u202e2026-01"},
    ],
)
def test_hostile_filters_get_a_clear_message_never_a_500(superuser, casebook, params):
    client = client_for(superuser)
    response = client.get(REPORTS, params)
    assert response.status_code == 200
    assert "There is a problem" in visible_text(response)
    assert error_summary_text(response)
    assert "<script>alert" not in response.content.decode()
    download = client.get(CSV_URL, params)
    assert download.status_code == 400
    assert download.content.decode().startswith("The filters are not valid: Choose")
    assert "no-store" in download["Cache-Control"]


def test_unknown_parameters_are_ignored(superuser, casebook):
    response = client_for(superuser).get(REPORTS, {"utm_source": "email", "page": "3"})
    assert response.status_code == 200
    assert glance(response)["Received"] == "12"


# --------------------------------------------------------------------------------------------------
# The CSV
# --------------------------------------------------------------------------------------------------


def test_the_csv_is_a_private_never_stored_attachment(superuser, casebook, months):
    response = client_for(superuser).get(CSV_URL, period(months["M2"], months["M1"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="enquiry-report-{month_value(months["M2"])}-to-{month_value(months["M1"])}.csv"'
    )
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control
    assert response.content.startswith("\ufeff".encode())
    page = client_for(superuser).get(REPORTS)
    assert {"no-store", "private"} <= {part.strip() for part in page["Cache-Control"].split(",")}


def test_cells_that_a_spreadsheet_would_run_get_a_leading_apostrophe(superuser, teams, nations, pathways):
    risky = TopicFactory(name='=HYPERLINK("http://evil.example","x")', slug="risky")
    plus = TopicFactory(name="+44 numbers", slug="plus")
    for key, topic in (("R1", risky), ("R2", plus)):
        make_enquiry(
            key,
            created=timezone.now() - datetime.timedelta(days=1),
            team=teams["ir"],
            nation=nations["england"],
            pathway=pathways["ir"],
            topic=topic,
            status=S.NEW,
        )
    rows, figures = csv_figures(client_for(superuser).get(CSV_URL))
    groups = {row[1] for row in rows if row[0] == "Enquiries by topic"}
    assert groups == {'\'=HYPERLINK("http://evil.example","x")', "'+44 numbers"}
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_csv_safe_escapes_only_text_that_starts_like_a_formula():
    assert csv_safe("=1+2") == "'=1+2"
    assert csv_safe("+1") == "'+1"
    assert csv_safe("-1") == "'-1"
    assert csv_safe("@SUM(A1)") == "'@SUM(A1)"
    assert csv_safe("\tx") == "'\tx"
    assert csv_safe("Scotland") == "Scotland"
    assert csv_safe("a=b") == "a=b"
    assert csv_safe(5) == 5
    assert csv_safe(None) == ""


# --------------------------------------------------------------------------------------------------
# Percentiles, hours and ages
# --------------------------------------------------------------------------------------------------


def test_the_median_is_the_conventional_one_and_the_percentiles_interpolate_as_excel_does():
    assert measures.percentile([1 * H, 9 * H], 50) == 5 * H  # even count: the mean of the two middle ones
    assert measures.percentile([1, 2, 3, 4], 50) == Fraction(5, 2)
    assert measures.percentile([15, 20, 35, 40, 50], 50) == 35
    # Excel: =PERCENTILE.INC({15,20,35,40,50}, 0.4) is 29 and (..., 0.9) is 46.
    assert measures.percentile([15, 20, 35, 40, 50], 40) == 29
    assert measures.percentile([15, 20, 35, 40, 50], 90) == 46
    assert measures.percentile([3, 6, 7, 8, 8, 10, 13, 15, 16, 20], 90) == Fraction(164, 10)  # 16 + 0.1 x 4
    assert measures.percentile([9], 90) == 9  # one time: itself (statistics.quantiles needs two)
    assert measures.percentile([4, 4, 4], 90) == 4
    assert measures.percentile([], 50) is None
    for bad in (-1, 101):
        with pytest.raises(ValueError):
            measures.percentile([1], bad)


@pytest.mark.parametrize("seed", range(5))
def test_the_percentiles_match_statistics_quantiles_inclusive(seed):
    rng = random.Random(seed)
    for count in (2, 3, 4, 7, 10, 11, 50, 333):
        values = sorted(rng.randint(0, 200 * H) for _ in range(count))
        deciles = statistics.quantiles(values, n=10, method="inclusive")
        assert float(measures.percentile(values, 90)) == pytest.approx(deciles[8])
        assert float(measures.percentile(values, 50)) == pytest.approx(statistics.median(values))


def test_times_are_shown_in_working_hours_to_one_decimal():
    assert str(measures.working_hours(5400)) == "1.5"
    assert str(measures.working_hours(180)) == "0.1"  # 0.05 rounds up
    assert str(measures.working_hours(179)) == "0.0"
    assert str(measures.working_hours(36 * H)) == "36.0"
    assert measures.working_hours(None) is None
    assert str(measures.percent(2, 3)) == "66.7"
    assert measures.percent(1, 0) is None


UK = deadlines.UK_TIME


def uk(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UK)


@pytest.mark.parametrize(
    ("now", "days", "subdivision", "expected"),
    [
        (uk(2026, 3, 11, 12), 1, "ENG", uk(2026, 3, 10, 12)),
        (uk(2026, 3, 11, 12), 3, "ENG", uk(2026, 3, 6, 12)),  # over a weekend
        (uk(2026, 3, 9, 9, 30), 1, "ENG", uk(2026, 3, 6, 9, 30)),
        (uk(2026, 3, 8, 15), 1, "ENG", uk(2026, 3, 6, 9)),  # a Sunday: from Friday's close
        (uk(2026, 4, 7, 10), 1, "ENG", uk(2026, 4, 2, 10)),  # Easter Monday and Good Friday
        (uk(2026, 4, 7, 10), 1, "SCT", uk(2026, 4, 6, 10)),  # Scotland works on Easter Monday
        (uk(2026, 3, 11, 12), 0, "ENG", uk(2026, 3, 11, 12)),
    ],
)
def test_working_time_before_mirrors_working_seconds_between(now, days, subdivision, expected):
    seconds = days * deadlines.WORKING_DAY_SECONDS
    moment = measures.working_time_before(now, seconds, subdivision)
    assert moment == expected
    assert deadlines.working_seconds_between(moment, now, subdivision) == seconds
    if days:
        later = moment + datetime.timedelta(seconds=1)
        assert deadlines.working_seconds_between(later, now, subdivision) < seconds


def test_backlog_ages_count_working_days_in_each_nations_calendar(teams, nations, pathways, topics):
    now = uk(2026, 3, 18, 12)  # a Wednesday; Tuesday 17 March is St Patrick's Day in Northern Ireland
    ages = {
        "a": (uk(2026, 3, 18, 11), "england", "Under 1 working day"),
        "b": (uk(2026, 3, 17, 12, 0, 1), "england", "Under 1 working day"),
        "c": (uk(2026, 3, 17, 12), "england", "1 to 3 working days"),  # exactly one working day
        "d": (uk(2026, 3, 17, 12), "northern-ireland", "Under 1 working day"),  # a bank holiday there
        "e": (uk(2026, 3, 14, 10), "england", "1 to 3 working days"),  # a Saturday: Mon, Tue, 3 h Wed
        "f": (uk(2026, 3, 13, 12), "england", "3 to 5 working days"),  # exactly three
        "g": (uk(2026, 3, 11, 12), "scotland", "5 to 10 working days"),
        "h": (uk(2026, 2, 20, 12), "wales", "10 working days or more"),
    }
    for key, (created, nation, _bucket) in ages.items():
        make_enquiry(
            key,
            created=created,
            team=teams["ir"],
            nation=nations[nation],
            pathway=pathways["ir"],
            topic=topics["hcpc"],
            status=S.OPEN,
        )
    make_enquiry(
        "closed",
        created=uk(2026, 3, 18, 11),
        team=teams["ir"],
        nation=nations["england"],
        pathway=pathways["ir"],
        topic=topics["hcpc"],
        status=S.CLOSED,
    )
    buckets = reports.backlog_buckets(
        Enquiry.objects.filter(status__in=states.OPEN_STATUSES), nations=list(nations.values()), now=now
    )
    expected = {label: 0 for _low, _high, label in reports.BACKLOG_BUCKETS}
    for created, nation, bucket in ages.values():
        expected[bucket] += 1
        # The same answer as counting the working time directly (deadlines.py).
        subdivision = nations[nation].holiday_subdivision
        age = deadlines.working_seconds_between(created, now, subdivision) / deadlines.WORKING_DAY_SECONDS
        low, high, label = next(b for b in reports.BACKLOG_BUCKETS if b[2] == bucket)
        assert low <= age and (high is None or age < high), (created, nation, age)
    assert {bucket.label: bucket.count for bucket in buckets} == expected


# --------------------------------------------------------------------------------------------------
# Query counts
# --------------------------------------------------------------------------------------------------

MAX_REPORT_QUERIES = 30


def add_varied_enquiries(count, *, start, teams, nations, pathways, topics):
    """Enquiries in every state, team, nation, topic and month of the last year, some rated."""
    statuses = [S.NEW, S.OPEN, S.AWAITING_ENQUIRER, S.ON_HOLD, S.RESOLVED, S.CLOSED, S.SPAM, S.WITHDRAWN]
    team_list, nation_list = list(teams.values()), list(nations.values())
    made = []
    for i in range(start, start + count):
        status = statuses[i % len(statuses)]
        answered = status not in (S.NEW, S.SPAM)
        done = status in (S.RESOLVED, S.CLOSED)
        made.append(
            Enquiry(
                who="returning",
                pathway=pathways["rtp"] if i % 3 else pathways["ir"],
                nation=nation_list[i % len(nation_list)],
                profession="diagnostic",
                topic=topics["hcpc"] if i % 2 else topics["funding"],
                subject=f"Question {i}",
                name=f"Person {i}",
                email=f"person{i}@example.org",
                consent_at=timezone.now(),
                privacy_notice_version="2026-11",
                team=team_list[i % len(team_list)],
                submission_key=f"bulk-{i}",
                status=status,
                created_at=timezone.now() - datetime.timedelta(days=(i * 7) % 360, hours=i % 24),
                first_response_seconds=(i % 40) * 1800 if answered else None,
                responded_within_deadline=(i % 5 != 0) if answered else None,
                resolved_at=timezone.now() if done else None,
                resolution_seconds=(i % 90) * 3600 if done else None,
            )
        )
    Enquiry.objects.bulk_create(made)
    rated = Enquiry.objects.filter(
        submission_key__in=[e.submission_key for e in made], resolved_at__isnull=False
    )
    SatisfactionRating.objects.bulk_create(
        SatisfactionRating(enquiry=enquiry, score=1 + enquiry.pk % 5)
        for enquiry in rated[: max(1, count // 4)]
    )


def counted(client, url, params=None) -> int:
    client.get(url, params)  # warm Wagtail's and Django's caches first
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def test_report_queries_do_not_grow_with_the_number_of_enquiries(
    superuser, england_lead, scotland_lead, teams, nations, pathways, topics, django_assert_max_num_queries
):
    build = {"teams": teams, "nations": nations, "pathways": pathways, "topics": topics}
    cases = [
        (superuser, REPORTS, None),
        (superuser, REPORTS, {"nation": "scotland", "topic": "funding"}),
        (superuser, CSV_URL, None),
        (england_lead, REPORTS, None),
        (england_lead, CSV_URL, None),
        (scotland_lead, REPORTS, None),
    ]
    clients = {user.pk: client_for(user) for user in (superuser, england_lead, scotland_lead)}

    def measure():
        results = {}
        for user, url, params in cases:
            client = clients[user.pk]
            results[(user.email, url, str(params))] = counted(client, url, params)
            with django_assert_max_num_queries(MAX_REPORT_QUERIES):
                assert client.get(url, params).status_code == 200
        return results

    add_varied_enquiries(5, start=0, **build)
    small = measure()
    add_varied_enquiries(55, start=5, **build)
    assert Enquiry.objects.count() == 60
    large = measure()
    print("\nreport queries at 5 and 60 enquiries:", {key: (small[key], large[key]) for key in small})
    assert small == large


# --------------------------------------------------------------------------------------------------
# Demo data
# --------------------------------------------------------------------------------------------------


def test_the_demo_enquiries_carry_figures_that_match_their_times_and_show_in_the_reports():
    from enquiries.demo import load, seed_enquiries

    ratings = [scenario.rating for scenario in load().scenarios if scenario.rating]
    made = seed_enquiries()
    assert made["ratings"] == len(ratings)
    now = timezone.now()
    within = set()
    for enquiry in Enquiry.objects.select_related("nation"):
        subdivision = enquiry.holiday_subdivision
        if enquiry.first_responded_at:
            assert enquiry.first_response_seconds == deadlines.working_seconds_between(
                enquiry.created_at, enquiry.first_responded_at, subdivision
            ), enquiry.subject
            within.add(enquiry.responded_within_deadline)
        else:
            assert enquiry.first_response_seconds is None and enquiry.responded_within_deadline is None
        if enquiry.status in (S.RESOLVED, S.CLOSED) and enquiry.resolved_at:
            assert enquiry.resolution_seconds == deadlines.working_seconds_between(
                enquiry.created_at, enquiry.resolved_at, subdivision
            ), enquiry.subject
    assert within == {True, False}  # some answers were late
    for rating in SatisfactionRating.objects.select_related("enquiry"):
        assert rating.enquiry.resolved_at <= rating.created_at <= now
    assert seed_enquiries()["ratings"] == 0  # run again: nothing new

    # The demo team lead leads all three teams: their report shows a year of real reports.
    lead = User.objects.get(email="teamlead@demo.sor.example")
    TOTP.activate(lead, generate_totp_secret())
    response = client_for(lead).get(REPORTS)
    figures = glance(response)
    assert int(figures["Received"]) >= 45
    assert (
        figures["Satisfaction"].startswith(("3.", "4."))
        and f"({len(ratings)} ratings)" in figures["Satisfaction"]
    )
    busy_months = [row for row in body(response, "Enquiries by month") if row[1] != "0"]
    assert len(busy_months) >= 10
