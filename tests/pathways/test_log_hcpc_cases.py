"""The updating log as HCPC's rules would read it (issue 11, part 1), driven through the real pages: the
settings form and the activity form, then the log page, the printable summary and the CSV. Every
surface must give the same counted total, and nothing HCPC would refuse may be counted.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest

from pathways import models, rules
from tests.conftest import error_summary_text, soup, visible_text
from tests.pathways.helpers import activity_data, field_error_text, parts, today

pytestmark = pytest.mark.django_db

ADD = "/my-plan/log/activities/add/"
TRANSITIONAL = "may count only under HCPC's transitional arrangements: check with HCPC"


@pytest.fixture
def three_years_out(signed_in):
    """A returner 3 years out of practice (30 days, 210 hours), set up through the settings form."""
    response = signed_in.post(
        "/my-plan/log/settings/",
        {"basis": "last_practised", **parts("basis_date", rules.add_years(today(), -3))},
    )
    assert response.status_code == 302
    return signed_in


def add(client, first, last=None, **fields):
    data = {
        **parts("date", first),
        **(parts("end_date", last) if last else {}),
        "kind": "formal",
        "hours": "7",
        "description": "Reading and an e-learning module on CT dose.",
        "organisation": "SoR e-learning",
    }
    data.update(fields)
    response = client.post(ADD, data)
    assert response.status_code == 302, visible_text(response)


def supervised(years: int) -> dict:
    return {
        "kind": "supervised",
        "supervisor_name": "Dr Sam Jones",
        "supervisor_years_registered": str(years),
    }


def pages(client):
    log = visible_text(client.get("/my-plan/log/"))
    summary = visible_text(client.get("/my-plan/log/summary/"))
    response = client.get("/my-plan/log/export.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    return log, summary, rows


def progress(client):
    bar = soup(client.get("/my-plan/log/")).find("progress", id="log-progress")
    return Decimal(bar["value"]), Decimal(bar["max"])


def csv_counted(rows) -> Decimal:
    return sum((Decimal(row["Hours counted"]) for row in rows), Decimal(0))


def section_total(summary: str, heading: str) -> str:
    match = re.search(heading + r" .*? Total (\S+) hours", summary)
    return match.group(1) if match else "None logged"


def test_140_eligible_hours_and_70_from_25_months_ago_count_140_of_210(three_years_out):
    client = three_years_out
    add(client, today() - datetime.timedelta(days=40), today() - datetime.timedelta(days=21))  # 20 days
    old = rules.add_months(today(), -25)
    add(client, old, old + datetime.timedelta(days=9))  # 10 days, all over 24 months old

    log, summary, rows = pages(client)
    assert "66% of your 210 hours counted: 70 hours to go" in log
    assert "requirement met" not in log
    assert progress(client) == (Decimal(140), Decimal(210))
    assert "Total 210 140 of 210 20 of 30" in log
    assert "Not counted: more than 24 months old" in log
    assert "more than 24 months before" in log
    assert "Total counted 140 hours (20 days) of 210 hours" in summary
    assert "Logged but not counted" in summary and "70" in summary
    assert csv_counted(rows) == Decimal(140)
    old_row = next(row for row in rows if row["First day"] == old.isoformat())
    assert (old_row["Counted"], old_row["Hours counted"]) == ("No", "0")
    assert old_row["Why not counted"] == "Not counted: more than 24 months old"


def test_fifteen_supervised_days_under_a_supervisor_with_two_years_count_nothing(three_years_out):
    client = three_years_out
    add(
        client,
        today() - datetime.timedelta(days=20),
        today() - datetime.timedelta(days=6),
        **supervised(2),
    )
    log, summary, rows = pages(client)
    assert "0% of your 210 hours counted: 210 hours to go" in log
    assert progress(client) == (Decimal(0), Decimal(210))
    assert "Not counted: supervisor under 3 years on the Register" in log
    assert "needs a supervisor with at least 3 years on the relevant part of the Register" in log
    assert "Total counted 0 hours (0 days) of 210 hours" in summary
    assert section_total(summary, "Supervised practice section") == "None logged"
    assert [(row["Counted"], row["Hours counted"]) for row in rows] == [("No", "0")]


def test_activity_twelve_to_twenty_four_months_old_is_shown_as_transitional_and_not_counted(
    three_years_out,
):
    client = three_years_out
    eighteen = rules.add_months(today(), -18)
    add(client, eighteen)
    log, summary, rows = pages(client)
    card = visible_text(str(soup(client.get("/my-plan/log/")).select_one(".sor-log-entry")))
    assert TRANSITIONAL in card  # beside the activity itself
    assert TRANSITIONAL in log and TRANSITIONAL in summary
    assert TRANSITIONAL in rows[0]["Why not counted"]
    assert "0% of your 210 hours counted" in log
    assert csv_counted(rows) == 0


def test_exactly_twelve_months_before_the_application_counts_and_a_day_more_does_not(three_years_out):
    client = three_years_out
    boundary = rules.add_months(today(), -12)
    add(client, boundary)
    add(client, boundary - datetime.timedelta(days=1))
    log, _, rows = pages(client)
    assert "Total 14 7 of 210" in log
    counted = {row["First day"]: row["Counted"] for row in rows}
    assert counted == {boundary.isoformat(): "Yes", (boundary - datetime.timedelta(days=1)).isoformat(): "No"}


def test_a_supervisor_with_exactly_three_years_counts(three_years_out):
    client = three_years_out
    add(client, today() - datetime.timedelta(days=2), **supervised(3))
    add(client, today() - datetime.timedelta(days=3), **supervised(2))
    _, _, rows = pages(client)
    assert sorted((row["Supervisor's years on the HCPC Register"], row["Counted"]) for row in rows) == [
        ("2", "No"),
        ("3", "Yes"),
    ]


def test_private_study_over_half_is_left_out_of_every_total_and_shown_as_not_counted(three_years_out):
    """150 hours of private study and 105 of supervised practice: 105 + 105 = 210 counted. The
    printable summary's private study section, the CSV's counted hours and the headline agree."""
    client = three_years_out
    start = today() - datetime.timedelta(days=60)
    add(client, start, start + datetime.timedelta(days=14), kind="private", hours="10")  # 150 h
    add(client, today() - datetime.timedelta(days=30), today() - datetime.timedelta(days=16), **supervised(8))
    log, summary, rows = pages(client)
    assert "100% of your 210 hours counted: requirement met" in log
    assert "150 hours of private study that could count, but only 105 hours" in log
    assert section_total(summary, "Private study section") == "105"
    assert section_total(summary, "Supervised practice section") == "105"
    assert "Total counted 210 hours (30 days) of 210 hours" in summary
    assert csv_counted(rows) == Decimal(210)
    private = next(row for row in rows if row["Type"] == "Private study")
    assert (private["Counted"], private["Hours counted"]) == ("Partly", "105")
    assert "private study over half" in private["Why not counted"].lower()
    assert "Logged but not counted" in summary


def test_exactly_half_private_study_counts_in_full(three_years_out):
    client = three_years_out
    add(client, today() - datetime.timedelta(days=40), today() - datetime.timedelta(days=26), kind="private")
    add(client, today() - datetime.timedelta(days=20), today() - datetime.timedelta(days=6))
    log, summary, rows = pages(client)
    assert "requirement met" in log
    assert "private study that could count" not in log
    assert [row["Counted"] for row in rows] == ["Yes", "Yes"]
    assert section_total(summary, "Private study section") == "105"


def test_the_supervisor_question_says_which_date_the_three_years_are_counted_to(three_years_out):
    text = visible_text(three_years_out.get(ADD))
    assert (
        "On the first day of this entry, how many full years had your supervisor been on "
        "the relevant part of the HCPC Register?"
    ) in text


def test_an_application_date_in_the_past_leaves_later_activity_uncounted(three_years_out):
    client = three_years_out
    applied = today() - datetime.timedelta(days=30)
    response = client.post(
        "/my-plan/log/settings/",
        {
            "basis": "last_practised",
            **parts("basis_date", rules.add_years(today(), -3)),
            **parts("planned_application_date", applied),
        },
    )
    assert response.status_code == 302
    add(client, today() - datetime.timedelta(days=40))
    add(client, today() - datetime.timedelta(days=5))
    log, _, rows = pages(client)
    assert "Not counted: after your application date" in log
    assert csv_counted(rows) == Decimal(7)


HOSTILE = {
    "date_day": "٣١",
    "date_month": "\x00",
    "date_year": "²⁰²⁶",
    "end_date_day": "1e9",
    "end_date_month": "-1",
    "end_date_year": "' OR 1=1 --",
    "kind": "<script>alert(1)</script>",
    "hours": "NaN",
    "description": "x" * 2001,
    "organisation": "o" * 201,
    "supervisor_name": "n" * 121,
    "supervisor_years_registered": "²",
}


@pytest.mark.parametrize("field", sorted(HOSTILE))
def test_hostile_input_in_each_field_gets_a_message_beside_it_and_keeps_the_rest(three_years_out, field):
    data = activity_data(**{field: HOSTILE[field]})
    response = three_years_out.post(ADD, data)
    assert response.status_code == 200
    summary = error_summary_text(response)
    assert summary
    beside = [m.strip() for m in field_error_text(response, field).split("Error:") if m.strip()]
    assert any(message in summary for message in beside), (beside, summary)
    page = soup(response)
    kept = {k: v for k, v in data.items() if k != field and k not in ("kind", "description")}
    for name, value in kept.items():
        box = page.find("input", attrs={"name": name})
        assert box is not None and box.get("value") == value, name
    assert not models.UpdatingActivity.objects.exists()


def test_every_hostile_value_at_once_is_refused_without_an_error_page(three_years_out):
    response = three_years_out.post(ADD, HOSTILE)
    assert response.status_code == 200
    assert error_summary_text(response)
    assert not models.UpdatingActivity.objects.exists()
