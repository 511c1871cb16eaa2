"""Property-based checks of the updating log (issue 11): over random logs, what is counted is only what
HCPC accepts, and "complete" means exactly that enough eligible hours are logged."""

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
    hours: Decimal
    supervisor_years_registered: int | None = None


def eligible(activity: Activity) -> bool:
    in_window = WINDOW_START <= activity.date <= APPLICATION
    supervisor_ok = activity.kind != rules.SUPERVISED or (activity.supervisor_years_registered or 0) >= 3
    return in_window and supervisor_ok


activity_fields = st.tuples(
    st.dates(min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2027, 2, 1)),
    st.sampled_from(rules.ACTIVITY_KINDS),
    st.decimals(min_value=Decimal("0.25"), max_value=Decimal(14), places=2),
    st.one_of(st.none(), st.integers(min_value=0, max_value=10)),
)
logs = st.lists(activity_fields, max_size=40).map(
    lambda rows: [Activity(pk, *row) for pk, row in enumerate(rows, start=1)]
)
requirements = st.sampled_from([0, 210, 420])


def check(activities, required):
    return rules.check_log(activities, required=required, application_date=APPLICATION)


@settings(max_examples=300, deadline=None)
@given(logs, requirements)
def test_counted_hours_never_include_an_ineligible_activity(activities, required):
    result = check(activities, required)
    assert result.counted <= sum((a.hours for a in activities if eligible(a)), Decimal(0))
    for activity in activities:
        if not eligible(activity):
            assert result.flagged[activity.pk]
            assert set(result.flagged[activity.pk]) - {"more_than_a_day"}
    only_eligible = check([a for a in activities if eligible(a)], required)
    assert only_eligible.counted == result.counted


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
    eligible_private = sum(
        (a.hours for a in activities if eligible(a) and a.kind == rules.PRIVATE), Decimal(0)
    )
    assert result.private_counted <= eligible_private


@settings(max_examples=200, deadline=None)
@given(logs, requirements)
def test_no_date_counts_for_more_than_twenty_four_hours(activities, required):
    result = check(activities, required)
    dates = {a.date for a in activities if eligible(a)}
    assert result.counted <= 24 * len(dates)


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
