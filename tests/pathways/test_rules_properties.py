"""Property-based checks of the updating log (issues 11 and 14): over random logs, with entries of one day
or a run of days, what is counted is only what HCPC accepts, day by day, and "complete" means exactly
that enough eligible hours are logged."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from pathways import rules

APPLICATION = datetime.date(2026, 11, 25)
WINDOW_START = rules.add_months(APPLICATION, -12)


@dataclass(frozen=True)
class Activity:
    pk: int
    date: datetime.date
    kind: str
    hours: Decimal  # on each day
    supervisor_years_registered: int | None = None
    end_date: datetime.date | None = None

    @property
    def days(self) -> list[datetime.date]:
        last = self.end_date or self.date
        return [self.date + datetime.timedelta(days=n) for n in range((last - self.date).days + 1)]


def eligible_day(activity: Activity, day: datetime.date) -> bool:
    in_window = WINDOW_START <= day <= APPLICATION
    supervisor_ok = activity.kind != rules.SUPERVISED or (activity.supervisor_years_registered or 0) >= 3
    return in_window and supervisor_ok


def eligible(activity: Activity) -> bool:
    return all(eligible_day(activity, day) for day in activity.days)


def eligible_hours(activities, kind=None) -> Decimal:
    return sum(
        (
            a.hours
            for a in activities
            for day in a.days
            if eligible_day(a, day) and (kind is None or a.kind == kind)
        ),
        Decimal(0),
    )


def one_day_each(activities) -> list[Activity]:
    """The same log with every day of every entry logged as its own one-day entry (pks that sort the way
    check_log orders the days of one date: by the entry's first day, then its pk)."""
    return [
        Activity(
            f"{a.date.isoformat()}|{a.pk}|{day.isoformat()}",
            day,
            a.kind,
            a.hours,
            a.supervisor_years_registered,
        )
        for a in activities
        for day in a.days
    ]


@st.composite
def activity(draw, pk):
    first = draw(st.dates(min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2027, 2, 1)))
    length = draw(st.one_of(st.just(0), st.integers(min_value=0, max_value=rules.MAX_DAYS_IN_AN_ENTRY - 1)))
    return Activity(
        pk,
        first,
        draw(st.sampled_from(rules.ACTIVITY_KINDS)),
        draw(st.decimals(min_value=Decimal("0.25"), max_value=Decimal(14), places=2)),
        draw(st.one_of(st.none(), st.integers(min_value=0, max_value=10))),
        end_date=draw(st.sampled_from([None, first + datetime.timedelta(days=length)])),
    )


@st.composite
def logs(draw):
    count = draw(st.integers(min_value=0, max_value=25))
    return [draw(activity(pk)) for pk in range(1, count + 1)]


logs = logs()
requirements = st.sampled_from([0, 210, 420])


def check(activities, required):
    return rules.check_log(activities, required=required, application_date=APPLICATION)


@settings(max_examples=300, deadline=None)
@given(logs, requirements)
def test_counted_hours_never_include_an_ineligible_day(activities, required):
    result = check(activities, required)
    assert result.counted <= eligible_hours(activities)
    for activity in activities:
        ineligible_days = [day for day in activity.days if not eligible_day(activity, day)]
        assert result.eligible_by_activity[activity.pk] <= activity.hours * (
            len(activity.days) - len(ineligible_days)
        )
        if ineligible_days:
            assert set(result.flagged[activity.pk]) - {"more_than_a_day"}
            assert max(result.days_flagged[activity.pk].values()) <= len(activity.days)
    only_eligible_days = [
        day_entry for day_entry in one_day_each(activities) if eligible_day(day_entry, day_entry.date)
    ]
    assert check(only_eligible_days, required).counted == result.counted


@settings(max_examples=300, deadline=None)
@given(logs, requirements)
def test_an_entry_over_several_days_counts_as_its_days_logged_one_by_one(activities, required):
    ranged = check(activities, required)
    daily = check(one_day_each(activities), required)
    assert (ranged.counted, ranged.private_counted, ranged.total_logged) == (
        daily.counted,
        daily.private_counted,
        daily.total_logged,
    )
    assert ranged.eligible_by_kind == daily.eligible_by_kind
    for activity in activities:
        days_counted = sum(
            daily.eligible_by_activity[f"{activity.date.isoformat()}|{activity.pk}|{day.isoformat()}"]
            for day in activity.days
        )
        assert ranged.eligible_by_activity[activity.pk] == days_counted


@settings(max_examples=300, deadline=None)
@given(logs, requirements)
def test_complete_if_and_only_if_eligible_hours_reach_the_requirement(activities, required):
    result = check(activities, required)
    assert result.complete == (required > 0 and result.counted >= required)
    assert 0 <= result.percent <= 100


@settings(max_examples=300, deadline=None)
@given(logs, requirements)
def test_private_study_never_counts_beyond_half(activities, required):
    result = check(activities, required)
    assert result.private_counted <= Decimal(required) / 2
    assert result.private_counted <= eligible_hours(activities, rules.PRIVATE)


@settings(max_examples=300, deadline=None)
@given(logs, requirements)
def test_each_entrys_counted_hours_add_up_to_the_headline_and_never_hold_over_half_private(
    activities, required
):
    """The printable summary and the CSV list each entry's counted hours: they must add up to the
    headline's total, so the private study left over the cap is not counted on any entry either; and a
    log can only be complete with private study at most half of what is counted."""
    result = check(activities, required)
    assert sum(result.counted_by_activity.values(), Decimal(0)) == result.counted
    private = sum(
        (result.counted_by_activity[a.pk] for a in activities if a.kind == rules.PRIVATE), Decimal(0)
    )
    assert private == result.private_counted
    for activity in activities:
        assert result.counted_by_activity[activity.pk] <= result.eligible_by_activity[activity.pk]
        if result.counted_by_activity[activity.pk] < result.eligible_by_activity[activity.pk]:
            assert "private_over_half" in result.flagged[activity.pk]
    if result.complete:
        assert 2 * result.private_counted <= result.counted


@settings(max_examples=200, deadline=None)
@given(logs, requirements)
def test_no_date_counts_for_more_than_twenty_four_hours(activities, required):
    result = check(activities, required)
    dates = {day for a in activities for day in a.days if eligible_day(a, day)}
    assert result.counted <= 24 * len(dates)
    for activity in activities:
        assert result.eligible_by_activity[activity.pk] <= 24 * len(activity.days)


def test_boundaries_exactly_twelve_months_and_exactly_three_years_count():
    on_the_edge = [
        Activity(1, WINDOW_START, rules.FORMAL, Decimal(7)),
        Activity(2, APPLICATION, rules.SUPERVISED, Decimal(7), supervisor_years_registered=3),
    ]
    assert check(on_the_edge, 210).counted == 14
    just_outside = [
        Activity(1, WINDOW_START - datetime.timedelta(days=1), rules.FORMAL, Decimal(7)),
        Activity(2, APPLICATION, rules.SUPERVISED, Decimal(7), supervisor_years_registered=2),
    ]
    assert check(just_outside, 210).counted == 0


def test_a_week_across_the_window_start_counts_only_its_days_inside():
    week = [
        Activity(
            1,
            WINDOW_START - datetime.timedelta(days=2),
            rules.SUPERVISED,
            Decimal(7),
            supervisor_years_registered=5,
            end_date=WINDOW_START + datetime.timedelta(days=2),
        )
    ]
    result = check(week, 210)
    assert result.counted == 21
    assert result.flagged[1] == ["transitional"]
    assert result.days_flagged[1] == {"transitional": 2}
    assert rules.flag_text("transitional", days_flagged=2, days=5) == (
        "2 of 5 days not counted: 12 to 24 months old, so it may count only under HCPC's transitional "
        "arrangements: check with HCPC"
    )


def test_a_one_day_entry_with_an_end_date_counts_as_one_without():
    without = [Activity(1, APPLICATION, rules.FORMAL, Decimal(7))]
    with_end = [Activity(1, APPLICATION, rules.FORMAL, Decimal(7), end_date=APPLICATION)]
    assert check(without, 210).counted == check(with_end, 210).counted == 7
