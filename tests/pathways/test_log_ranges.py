"""An updating-log entry that covers a run of days (issue 14): a week of supervised practice is one form,
counted and checked day by day by the same rules as single days."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

import pytest

from pathways import models, rules
from pathways.factories import UpdatingActivityFactory
from tests.conftest import error_summary_text, visible_text
from tests.pathways.helpers import field_error_text, parts, today

pytestmark = pytest.mark.django_db

ADD = "/my-plan/log/activities/add/"


def days_ago(n: int) -> datetime.date:
    return today() - datetime.timedelta(days=n)


def week(first: datetime.date, last: datetime.date, **overrides):
    data = {
        **parts("date", first),
        **parts("end_date", last),
        "kind": "supervised",
        "hours": "7",
        "description": "General radiography lists under supervision.",
        "organisation": "Ysbyty Gwynedd",
        "supervisor_name": "Dafydd Morgan",
        "supervisor_years_registered": "9",
    }
    data.update(overrides)
    return data


def test_five_days_of_supervised_practice_are_one_entry_counted_day_by_day(signed_in, log):
    response = signed_in.post(ADD, week(days_ago(8), days_ago(4)))
    assert response["Location"] == "/my-plan/log/"
    activity = models.UpdatingActivity.objects.get()
    assert (activity.date, activity.end_date, activity.hours) == (days_ago(8), days_ago(4), Decimal(7))
    assert (activity.day_count, activity.total_hours) == (5, Decimal(35))
    text = visible_text(signed_in.get("/my-plan/log/"))
    assert "7 a day for 5 days: 35 hours" in text
    assert "Total 35 35 of 420" in text
    assert "8% of your 420 hours counted: 385 hours to go" in text


def test_a_single_day_needs_no_last_day_and_stays_one_day(signed_in, log):
    data = week(days_ago(3), days_ago(3))
    data.update({"end_date_day": "", "end_date_month": "", "end_date_year": ""})
    assert signed_in.post(ADD, data).status_code == 302
    activity = models.UpdatingActivity.objects.get()
    assert activity.end_date == activity.date == days_ago(3)
    assert not activity.is_range
    assert "7 a day" not in visible_text(signed_in.get("/my-plan/log/"))


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            parts("end_date", days_ago(9)),
            "end_date_day",
            "The last day must be the same as or after the first day",
        ),
        (
            {**parts("date", days_ago(40)), **parts("end_date", days_ago(8))},
            "end_date_day",
            f"An entry can cover up to {rules.MAX_DAYS_IN_AN_ENTRY} days",
        ),
        (
            parts("end_date", today() + datetime.timedelta(days=2)),
            "end_date_day",
            "The last day must be today or in the past",
        ),
        (
            {"end_date_day": "", "end_date_month": "3", "end_date_year": "2026"},
            "end_date_day",
            "The last day must include a day",
        ),
        (
            {"end_date_day": "<script>", "end_date_month": "1", "end_date_year": "2026"},
            "end_date_day",
            "must be a real date, in numbers",
        ),
        (
            {"end_date_day": "31", "end_date_month": "2", "end_date_year": "2026"},
            "end_date_day",
            "The last day must be a real date",
        ),
        ({"hours": "25"}, "hours", "Hours must be 24 or fewer"),
    ],
)
def test_a_bad_run_of_days_gets_a_clear_error_beside_the_field(signed_in, log, overrides, field, message):
    response = signed_in.post(ADD, week(days_ago(8), days_ago(4), **overrides))
    assert response.status_code == 200
    assert message in error_summary_text(response)
    assert message in field_error_text(response, field)
    assert not models.UpdatingActivity.objects.exists()


def test_thirty_one_days_is_the_longest_entry(signed_in, log):
    assert signed_in.post(ADD, week(days_ago(40), days_ago(10))).status_code == 302
    assert models.UpdatingActivity.objects.get().day_count == rules.MAX_DAYS_IN_AN_ENTRY


def test_hostile_values_in_every_date_box_are_refused_without_an_error_page(signed_in, log):
    for value in ("1e9", "-1", "٣", "99999999999999999999", "0", "' OR 1=1 --", "\x00"):
        data = week(days_ago(8), days_ago(4))
        data.update({"end_date_day": value, "end_date_year": value})
        response = signed_in.post(ADD, data)
        assert response.status_code == 200, value
        assert error_summary_text(response), value
    assert not models.UpdatingActivity.objects.exists()


def test_no_day_in_a_run_may_take_the_day_past_24_hours(signed_in, log):
    UpdatingActivityFactory(log=log, date=days_ago(6), hours=Decimal(20))
    response = signed_in.post(ADD, week(days_ago(8), days_ago(4)))
    message = f"You have already logged 20 hours on {days_ago(6).day} {days_ago(6):%B %Y}"
    assert message in error_summary_text(response)
    assert message in field_error_text(response, "hours")
    assert signed_in.post(ADD, week(days_ago(8), days_ago(4), hours="4")).status_code == 302


def test_overlapping_runs_are_checked_on_each_shared_day(signed_in, log):
    UpdatingActivityFactory(log=log, date=days_ago(10), end_date=days_ago(5), hours=Decimal(12))
    response = signed_in.post(ADD, week(days_ago(6), days_ago(2), hours="13"))
    assert "and 1 other day: a day has no more than 24 hours" in error_summary_text(response)


def test_changing_a_run_does_not_count_against_itself(signed_in, log):
    activity = UpdatingActivityFactory(log=log, date=days_ago(8), end_date=days_ago(4), hours=Decimal(20))
    response = signed_in.post(
        f"/my-plan/log/activities/{activity.pk}/edit/", week(days_ago(9), days_ago(4), hours="22")
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.date, activity.hours, activity.day_count) == (days_ago(9), Decimal(22), 6)


def test_a_run_across_the_window_start_counts_only_its_days_inside(signed_in, log):
    window_start = rules.add_months(today(), -12)
    UpdatingActivityFactory(
        log=log,
        kind="formal",
        date=window_start - datetime.timedelta(days=2),
        end_date=window_start + datetime.timedelta(days=2),
        hours=Decimal(7),
    )
    text = visible_text(signed_in.get("/my-plan/log/"))
    assert "2 of 5 days not counted: 12 to 24 months old" in text
    assert "35 hours (21 counted)" in text
    assert "Total 35 21 of 420" in text

    rows = list(csv.reader(io.StringIO(signed_in.get("/my-plan/log/export.csv").content.decode("utf-8-sig"))))
    header, row = rows[0], rows[1]
    record = dict(zip(header, row, strict=True))
    assert record["First day"] == (window_start - datetime.timedelta(days=2)).isoformat()
    assert record["Last day"] == (window_start + datetime.timedelta(days=2)).isoformat()
    assert (record["Days"], record["Hours each day"], record["Total hours"]) == ("5", "7.00", "35.00")
    assert (record["Counted"], record["Hours counted"]) == ("Partly", "21")
    assert record["Why not counted"].startswith("2 of 5 days not counted")

    summary = visible_text(signed_in.get("/my-plan/log/summary/"))
    assert "Formal study section" in summary
    assert "(5 days) 21 7 a day, 35 logged" in summary
    assert "Logged but not counted" in summary
    assert "14 of 35" in summary


def test_the_printable_summary_gives_each_run_its_dates(signed_in, log):
    first, last = datetime.date(2026, 2, 26), datetime.date(2026, 3, 3)
    if last > today():  # keep the test meaningful whatever day it runs
        first, last = days_ago(12), days_ago(8)
    UpdatingActivityFactory(
        log=log,
        kind="supervised",
        supervisor_name="Dr Jo Bloggs",
        supervisor_years_registered=9,
        date=first,
        end_date=last,
    )
    text = visible_text(signed_in.get("/my-plan/log/summary/"))
    assert f"{first.day} " in text and f"to {last.day} {last:%B %Y}" in text
    assert f"Period of updating {first.day} {first:%B %Y} to {last.day} {last:%B %Y}" in text


def test_the_database_refuses_a_run_that_ends_before_it_starts(log):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        UpdatingActivityFactory(log=log, date=days_ago(3), end_date=days_ago(5))


@pytest.mark.django_db(transaction=True)
def test_the_migration_makes_every_existing_entry_a_single_day(django_user_model):
    executor = MigrationExecutor(connection)
    before = [("pathways", "0003_nation_support_by_pathway")]
    after = [("pathways", "0004_activity_date_ranges")]
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    user = django_user_model.objects.create_user(email="old@example.com", password="x-long-password-1")
    Log = old_apps.get_model("pathways", "UpdatingLog")
    Activity = old_apps.get_model("pathways", "UpdatingActivity")
    old_log = Log.objects.create(
        user_id=user.pk, basis="last_practised", basis_date=datetime.date(2020, 1, 31)
    )
    Activity.objects.create(
        log=old_log, date=days_ago(3), kind="formal", hours=Decimal(7), description="Before ranges"
    )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    activity = models.UpdatingActivity.objects.get(description="Before ranges")
    assert activity.end_date == activity.date == days_ago(3)


def test_the_period_of_updating_on_the_cover_sheet_spans_only_what_counts(signed_in, log):
    # The cover sheet's "Period of updating" goes on HCPC's form: an entry 18 months old (outside the
    # 12 months) or a run under a supervisor with 2 years on the Register must not stretch it.
    counted_first, counted_last = days_ago(60), days_ago(51)
    UpdatingActivityFactory(log=log, kind="formal", date=counted_first, end_date=counted_last)
    UpdatingActivityFactory(log=log, kind="formal", date=days_ago(548), end_date=days_ago(548))
    UpdatingActivityFactory(
        log=log,
        kind="supervised",
        supervisor_name="Sam New",
        supervisor_years_registered=2,
        date=days_ago(20),
        end_date=days_ago(16),
    )
    text = visible_text(signed_in.get("/my-plan/log/summary/"))
    assert "Logged but not counted" in text
    assert (
        f"Period of updating {counted_first.day} {counted_first:%B %Y} to {counted_last.day} {counted_last:%B %Y}"
        in text
    )


def test_a_log_with_nothing_counted_has_no_period_of_updating(signed_in, log):
    UpdatingActivityFactory(log=log, kind="formal", date=days_ago(548), end_date=days_ago(548))
    text = visible_text(signed_in.get("/my-plan/log/summary/"))
    assert "Period of updating Nothing counted yet" in text
