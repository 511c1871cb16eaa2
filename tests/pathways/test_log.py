"""The HCPC updating-days log: setting it up, logging activities, warnings, exports, and who may see what."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest

from pathways import models, rules, services
from pathways.factories import UpdatingActivityFactory, rtp_answers
from tests.conftest import error_summary_text, headings, visible_text
from tests.pathways.helpers import activity_data, field_error_text, parts, today

pytestmark = pytest.mark.django_db

ADD = "/my-plan/log/activities/add/"


def test_a_new_log_starts_from_the_saved_plans_date_without_asking(signed_in, pw_user, finder, steps):
    last = rules.add_years(today(), -6)
    services.plan_save(user=pw_user, answers=rtp_answers(last_practised=last), today=today())
    response = signed_in.get("/my-plan/log/")
    assert response.status_code == 200
    # Reading the page changes nothing: the log is kept only once they add to it (a POST).
    assert not models.UpdatingLog.objects.exists()
    text = visible_text(response)
    assert (
        f"Your log starts from the date in your plan: you last practised in the UK on {last.day} {last:%B %Y}"
        in text
    )
    assert "You need 60 days (420 hours) of updating" in text
    # The settings stay one link away, filled in from the plan.
    page = signed_in.get("/my-plan/log/settings/")
    assert 'value="' + str(last.year) + '"' in page.content.decode()
    assert not models.UpdatingLog.objects.exists()

    assert signed_in.post(ADD, activity_data())["Location"] == "/my-plan/log/"
    log = models.UpdatingLog.objects.get(user=pw_user)
    assert (log.basis, log.basis_date, log.planned_application_date) == ("last_practised", last, None)
    assert log.activities.count() == 1
    text = visible_text(signed_in.get("/my-plan/log/"))
    assert "Your log starts from" not in text
    assert "the 12 months before" in text and "since 1 February 2025" in text
    assert models.UpdatingLog.objects.count() == 1


def test_without_a_plan_the_log_asks_for_its_dates_first(signed_in, pw_user):
    assert signed_in.get("/my-plan/log/")["Location"] == "/my-plan/log/settings/"
    assert signed_in.get("/my-plan/log/activities/add/")["Location"] == "/my-plan/log/settings/"
    assert not models.UpdatingLog.objects.exists()


def test_a_recruits_plan_gives_no_dates_so_the_log_asks(signed_in, pw_user, finder, steps, countries):
    from pathways.factories import ir_answers

    services.plan_save(user=pw_user, answers=ir_answers(), today=today())
    assert signed_in.get("/my-plan/log/")["Location"] == "/my-plan/log/settings/"
    assert not models.UpdatingLog.objects.exists()


def test_adding_an_activity_first_also_starts_the_log_from_the_plan(signed_in, pw_user, finder, steps):
    services.plan_save(user=pw_user, answers=rtp_answers(), today=today())
    assert signed_in.get(ADD).status_code == 200
    assert not models.UpdatingLog.objects.exists()
    # An invalid entry keeps nothing either; a valid one starts the log and keeps the entry.
    assert signed_in.post(ADD, activity_data(hours="")).status_code == 200
    assert not models.UpdatingLog.objects.exists()
    assert signed_in.post(ADD, activity_data()).status_code == 302
    assert models.UpdatingLog.objects.get(user=pw_user).activities.count() == 1


def test_log_settings_refuse_a_future_date_and_an_application_before_it(signed_in):
    future = today() + datetime.timedelta(days=10)
    response = signed_in.post(
        "/my-plan/log/settings/", {"basis": "last_practised", **parts("basis_date", future)}
    )
    assert "must be today or in the past" in error_summary_text(response)
    response = signed_in.post(
        "/my-plan/log/settings/",
        {
            "basis": "last_practised",
            **parts("basis_date", datetime.date(2020, 5, 1)),
            **parts("planned_application_date", datetime.date(2019, 5, 1)),
        },
    )
    assert "The date you plan to apply must be after the date above" in error_summary_text(response)
    assert not models.UpdatingLog.objects.exists()


def test_adding_supervised_practice(signed_in, log):
    response = signed_in.post("/my-plan/log/activities/add/", activity_data())
    assert response["Location"] == "/my-plan/log/"
    activity = models.UpdatingActivity.objects.get()
    assert (activity.kind, activity.hours, activity.supervisor_years_registered) == (
        "supervised",
        Decimal(7),
        8,
    )
    text = visible_text(signed_in.get("/my-plan/log/"))
    assert "CT head scanning under supervision." in text
    assert "Total 7 7 of 420" in text
    assert "1% of your 420 hours counted: 413 hours to go" in text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("hours", "-3", "Hours must be more than 0"),
        ("hours", "0", "Hours must be more than 0"),
        ("hours", "10000", "Hours must be 24 or fewer"),
        ("hours", "24.25", "Hours must be 24 or fewer"),
        ("hours", "seven", "Hours must be a number"),
        ("hours", "NaN", "Hours must be a number"),
        ("hours", "Infinity", "Hours must be a number"),
        ("hours", "1e3", "Hours must be 24 or fewer"),
        ("hours", "3.3", "quarter hours"),
        ("hours", "", "Enter the hours"),
        ("supervisor_name", "", "Enter your supervisor's name"),
        ("supervisor_years_registered", "", "Enter how many years your supervisor"),
        ("supervisor_years_registered", "-2", "whole number"),
        ("supervisor_years_registered", "400", "70 or fewer"),
        ("description", "", "Describe what you did"),
        ("kind", "sleeping", "Select the type of updating"),
    ],
)
def test_odd_activity_values_get_clear_errors_by_the_field(signed_in, log, field, value, message):
    response = signed_in.post("/my-plan/log/activities/add/", activity_data(**{field: value}))
    assert response.status_code == 200
    assert message in error_summary_text(response)
    assert message in field_error_text(response, field)
    assert not models.UpdatingActivity.objects.exists()


def test_a_future_activity_date_is_refused(signed_in, log):
    response = signed_in.post(
        "/my-plan/log/activities/add/", activity_data(**parts("date", today() + datetime.timedelta(days=1)))
    )
    assert "The date of the activity must be today or in the past" in error_summary_text(response)


def test_a_day_cannot_hold_more_than_24_hours(signed_in, log):
    day = today() - datetime.timedelta(days=2)
    UpdatingActivityFactory(log=log, date=day, hours=Decimal(20))
    response = signed_in.post("/my-plan/log/activities/add/", activity_data(**parts("date", day), hours="5"))
    assert "already logged 20 hours on this day" in error_summary_text(response)
    response = signed_in.post("/my-plan/log/activities/add/", activity_data(**parts("date", day), hours="4"))
    assert response.status_code == 302


def test_study_drops_supervisor_details(signed_in, log):
    signed_in.post("/my-plan/log/activities/add/", activity_data(kind="private"))
    activity = models.UpdatingActivity.objects.get()
    assert (activity.supervisor_name, activity.supervisor_years_registered) == ("", None)


def test_hostile_text_is_stored_as_text_and_shown_escaped(signed_in, log):
    hostile = '<img src=x onerror="alert(1)">'
    signed_in.post("/my-plan/log/activities/add/", activity_data(description=hostile))
    body = signed_in.get("/my-plan/log/").content.decode()
    assert hostile not in body
    assert "&lt;img src=x" in body


def test_warnings_for_private_study_over_half_a_new_supervisor_and_the_window(signed_in, log):
    old = rules.add_months(today(), -25)
    UpdatingActivityFactory(
        log=log, kind="private", hours=Decimal(24), date=today() - datetime.timedelta(days=1)
    )
    for n in range(2, 10):
        UpdatingActivityFactory(
            log=log, kind="private", hours=Decimal(24), date=today() - datetime.timedelta(days=n)
        )
    UpdatingActivityFactory(
        log=log,
        kind="supervised",
        supervisor_name="New Person",
        supervisor_years_registered=2,
        hours=Decimal(7),
    )
    UpdatingActivityFactory(log=log, kind="formal", date=old, hours=Decimal(7))
    text = visible_text(signed_in.get("/my-plan/log/"))
    assert "216 hours of private study that could count, but only 210 hours" in text
    assert (
        "1 supervised activity has a supervisor who has been on the HCPC Register for under 3 years" in text
    )
    assert "1 activity is more than 24 months before" in text
    assert "Not counted: supervisor under 3 years on the Register" in text
    assert "Not counted: more than 24 months old" in text
    # Only the eligible, capped private study counts: 210 of 420 hours, not 230.
    assert "50% of your 420 hours counted: 210 hours to go" in text


def test_exactly_half_private_study_has_no_warning(signed_in, log):
    for n in range(1, 16):
        UpdatingActivityFactory(
            log=log, kind="private", hours=Decimal(14), date=today() - datetime.timedelta(days=n)
        )
    text = visible_text(signed_in.get("/my-plan/log/"))
    assert "private study, but only" not in text
    assert "Total 210 210 of 420" in text


def test_editing_and_deleting_an_activity(signed_in, log):
    activity = UpdatingActivityFactory(log=log)
    page = signed_in.get(f"/my-plan/log/activities/{activity.pk}/edit/")
    assert headings(page) == ["Change an activity"]
    response = signed_in.post(
        f"/my-plan/log/activities/{activity.pk}/edit/", activity_data(kind="formal", hours="3.5")
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.kind, activity.hours) == ("formal", Decimal("3.5"))
    assert signed_in.get(f"/my-plan/log/activities/{activity.pk}/delete/").status_code == 200
    signed_in.post(f"/my-plan/log/activities/{activity.pk}/delete/")
    assert not models.UpdatingActivity.objects.exists()


def test_another_persons_activity_is_a_404(client, log, other_user):
    activity = UpdatingActivityFactory(log=log)
    client.force_login(other_user)
    for url in (
        f"/my-plan/log/activities/{activity.pk}/edit/",
        f"/my-plan/log/activities/{activity.pk}/delete/",
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, activity_data()).status_code == 404
    assert models.UpdatingActivity.objects.filter(pk=activity.pk, kind="formal").exists()
    # Their own log page does not show it either.
    client.post(
        "/my-plan/log/settings/",
        {"basis": "last_practised", **parts("basis_date", datetime.date(2020, 1, 1))},
    )
    assert "Read and discussed" not in visible_text(client.get("/my-plan/log/"))


def test_csv_export_has_every_activity_and_neutralises_formulas(signed_in, log):
    UpdatingActivityFactory(
        log=log, description='=HYPERLINK("http://evil")', date=today() - datetime.timedelta(days=5)
    )
    UpdatingActivityFactory(
        log=log,
        kind="supervised",
        supervisor_name="Dr Jo Bloggs",
        supervisor_years_registered=2,
        hours=Decimal("7.5"),
        date=today() - datetime.timedelta(days=4),
    )
    response = signed_in.get("/my-plan/log/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["First day", "Last day", "Days"]
    assert len(rows) == 3
    first, second = (dict(zip(rows[0], row, strict=True)) for row in rows[1:])
    assert first["What you did"].startswith("'=HYPERLINK")
    assert first["First day"] == first["Last day"] == (today() - datetime.timedelta(days=5)).isoformat()
    assert [second[k] for k in ("Type", "Hours each day", "Total hours", "Days (7 hours a day)")] == [
        "Supervised practice",
        "7.50",
        "7.50",
        "1.1",
    ]
    assert (second["Counted"], second["Why not counted"]) == (
        "No",
        "Not counted: supervisor under 3 years on the Register",
    )
    assert (first["Counted"], first["Why not counted"]) == ("Yes", "")


def test_printable_summary_follows_the_hcpc_form_sections(signed_in, log, pw_user):
    UpdatingActivityFactory(
        log=log, kind="formal", organisation="SoR e-learning", description="IR(ME)R refresher"
    )
    UpdatingActivityFactory(
        log=log,
        kind="supervised",
        supervisor_name="Dr Jo Bloggs",
        supervisor_years_registered=9,
        date=today() - datetime.timedelta(days=2),
    )
    response = signed_in.get("/my-plan/log/summary/")
    assert response.status_code == 200
    assert headings(response, "h2") == [
        "Cover sheet: your period of updating",
        "Supervised practice section",
        "Formal study section",
        "Private study section",
    ]
    text = visible_text(response)
    assert "Dr Jo Bloggs (9)" in text
    assert "IR(ME)R refresher" in text
    assert "Updating required 60 days (420 hours)" in text
    assert "counter-signatory" in text


@pytest.mark.parametrize("count", [5, 50])
def test_log_page_queries_stay_flat_as_activities_grow(signed_in, log, django_assert_max_num_queries, count):
    for n in range(count):
        UpdatingActivityFactory(
            log=log,
            kind=("supervised", "formal", "private")[n % 3],
            supervisor_name="Dr A",
            supervisor_years_registered=n % 5,
            date=today() - datetime.timedelta(days=n % 700),
            hours=Decimal(1),
        )
    signed_in.get("/my-plan/log/")
    with django_assert_max_num_queries(6) as captured:
        response = signed_in.get("/my-plan/log/")
    assert response.status_code == 200
    assert visible_text(response).count("Change the activity on") == count
    print(f"log page with {count} activities: {len(captured)} queries")


def test_log_page_query_count_is_the_same_for_5_and_50_activities(signed_in, log):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for total in (5, 50):
        while models.UpdatingActivity.objects.count() < total:
            UpdatingActivityFactory(
                log=log,
                date=today() - datetime.timedelta(days=models.UpdatingActivity.objects.count()),
                hours=Decimal(2),
            )
        for url in ("/my-plan/log/", "/my-plan/log/summary/", "/my-plan/log/export.csv"):
            with CaptureQueriesContext(connection) as captured:
                assert signed_in.get(url).status_code == 200
            counts.append(len(captured))
    print("log, summary, csv queries at 5 then 50 activities:", counts)
    assert counts[:3] == counts[3:], counts
