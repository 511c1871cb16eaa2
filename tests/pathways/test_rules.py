"""The HCPC rules in pathways/rules.py, tested at every boundary."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import pytest

from pathways import rules

D = datetime.date


# --------------------------------------------------------------------------------------------------
# Every rule cites a source and a date
# --------------------------------------------------------------------------------------------------


def test_every_rule_has_an_https_source_and_a_last_checked_date():
    for rule in rules.ALL_RULES:
        assert rule.source.url.startswith("https://"), rule
        assert rule.source.title
        assert isinstance(rule.source.last_checked, datetime.date)
        assert rule.summary


def test_the_window_is_hcpcs_reinstated_twelve_months():
    assert rules.UPDATING_WINDOW_MONTHS.value == 12
    assert rules.WINDOW_REINSTATED_ON == D(2025, 2, 1)
    assert "1 February 2025" in rules.UPDATING_WINDOW_MONTHS.summary
    assert rules.UPDATING_WINDOW_MONTHS.source.url.startswith("https://www.hcpc-uk.org/")


# --------------------------------------------------------------------------------------------------
# years_out
# --------------------------------------------------------------------------------------------------


def test_years_out_is_exactly_two_on_the_second_anniversary():
    assert rules.years_out(D(2020, 3, 15), D(2022, 3, 15)) == 2


def test_years_out_is_under_two_the_day_before_the_second_anniversary():
    years = rules.years_out(D(2020, 3, 15), D(2022, 3, 14))
    assert 1 < years < 2


def test_years_out_counts_part_years_exactly():
    assert rules.years_out(D(2021, 1, 1), D(2021, 7, 2)) == Fraction(182, 365)


def test_years_out_from_29_february_reaches_a_whole_year_on_28_february():
    assert rules.years_out(D(2020, 2, 29), D(2022, 2, 28)) == 2
    assert rules.years_out(D(2020, 2, 29), D(2022, 2, 27)) < 2


def test_years_out_is_zero_on_the_same_day():
    assert rules.years_out(D(2024, 5, 5), D(2024, 5, 5)) == 0


def test_years_out_refuses_a_future_date():
    with pytest.raises(ValueError):
        rules.years_out(D(2030, 1, 1), D(2026, 1, 1))


# --------------------------------------------------------------------------------------------------
# required_days at 0, just under 2, exactly 2, just under 5, exactly 5, far beyond
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "days"),
    [
        (0, 0),
        (Fraction(729, 365), 0),
        (Decimal("1.99"), 0),
        (2, 30),
        (Fraction(2), 30),
        (Decimal("2.0"), 30),
        (Decimal("4.99"), 30),
        (Fraction(5 * 365 - 1, 365), 30),
        (5, 60),
        (Decimal("5.0"), 60),
        (6, 60),
        (40, 60),
    ],
)
def test_required_days_at_each_boundary(years, days):
    assert rules.required_days(years) == days


def test_required_days_refuses_negative_years():
    with pytest.raises(ValueError):
        rules.required_days(-1)


def test_required_days_from_dates_at_the_exact_anniversaries():
    last = D(2019, 6, 30)
    assert rules.required_days(rules.years_out(last, D(2021, 6, 29))) == 0
    assert rules.required_days(rules.years_out(last, D(2021, 6, 30))) == 30
    assert rules.required_days(rules.years_out(last, D(2024, 6, 29))) == 30
    assert rules.required_days(rules.years_out(last, D(2024, 6, 30))) == 60


def test_required_hours_is_seven_hours_a_day():
    assert rules.required_hours(0) == 0
    assert rules.required_hours(30) == 210
    assert rules.required_hours(60) == 420


def test_private_study_allowed_is_exactly_half():
    assert rules.private_study_allowed(210) == Decimal(105)
    assert rules.private_study_allowed(420) == Decimal(210)
    assert rules.private_study_allowed(0) == 0


# --------------------------------------------------------------------------------------------------
# updating_requirement: who needs what
# --------------------------------------------------------------------------------------------------

TODAY = D(2026, 11, 25)


def requirement(**overrides):
    values = dict(
        uk_qualified=True,
        ever_registered=True,
        practised_abroad_recently=False,
        last_practised=D(2020, 11, 25),
        qualified_on=None,
        today=TODAY,
    )
    values.update(overrides)
    return rules.updating_requirement(**values)


def test_returnee_six_years_out_needs_sixty_days():
    result = requirement(last_practised=D(2020, 9, 1))
    assert (result.kind, result.days, result.hours) == ("updating", 60, 420)
    assert result.private_study_max_days == 30
    assert result.private_study_max_hours == 210
    assert result.whole_years == 6


def test_returnee_exactly_two_years_out_needs_thirty_days():
    result = requirement(last_practised=D(2024, 11, 25))
    assert (result.kind, result.days) == ("updating", 30)


def test_returnee_a_day_under_two_years_out_needs_nothing():
    result = requirement(last_practised=D(2024, 11, 26))
    assert (result.kind, result.days) == ("none", 0)


def test_returnee_exactly_five_years_out_needs_sixty_days():
    assert requirement(last_practised=D(2021, 11, 25)).days == 60
    assert requirement(last_practised=D(2021, 11, 26)).days == 30


def test_uk_qualified_returnee_who_practised_abroad_needs_no_updating():
    result = requirement(last_practised=D(2015, 1, 1), practised_abroad_recently=True)
    assert result.kind == "practised_abroad"
    assert result.days == 0
    assert result.sources == (rules.PRACTISED_ABROAD_YEARS.source,)


def test_overseas_qualified_former_registrant_is_measured_from_uk_practice_even_after_working_abroad():
    result = requirement(uk_qualified=False, practised_abroad_recently=True, last_practised=D(2019, 1, 1))
    assert (result.kind, result.days) == ("updating", 60)


def test_overseas_qualified_never_registered_takes_the_international_route():
    result = requirement(
        uk_qualified=False, ever_registered=False, last_practised=None, qualified_on=D(2010, 1, 1)
    )
    assert result.kind == "international"
    assert result.days == 0


def test_never_registered_uk_graduate_with_a_qualification_over_five_years_old_needs_sixty_days():
    result = requirement(ever_registered=False, last_practised=None, qualified_on=D(2021, 11, 24))
    assert (result.kind, result.days, result.measured_from) == ("updating", 60, "qualified")


def test_never_registered_uk_graduate_at_exactly_five_years_needs_nothing():
    result = requirement(ever_registered=False, last_practised=None, qualified_on=D(2021, 11, 25))
    assert (result.kind, result.days) == ("none", 0)


def test_a_returner_without_a_date_is_an_error_not_a_guess():
    with pytest.raises(ValueError):
        requirement(last_practised=None)


# --------------------------------------------------------------------------------------------------
# check_log
# --------------------------------------------------------------------------------------------------


@dataclass
class Activity:
    pk: int
    date: datetime.date
    kind: str
    hours: Decimal
    supervisor_years_registered: int | None = None


def log(*activities, required=210, application_date=TODAY, window_months=None):
    return rules.check_log(
        list(activities), required=required, application_date=application_date, window_months=window_months
    )


def codes(result):
    return [warning.code for warning in result.warnings]


def fifteen_days(kind, first_pk, start_day):
    return [Activity(first_pk + n, D(2026, 10, start_day + n), kind, Decimal(7)) for n in range(15)]


def test_private_study_of_exactly_half_counts_in_full_without_a_warning():
    result = log(*fifteen_days(rules.PRIVATE, 1, 1), *fifteen_days(rules.FORMAL, 100, 16))
    assert codes(result) == []
    assert result.counted == 210
    assert result.complete
    assert result.percent == 100
    assert result.remaining == 0


def test_private_study_over_half_warns_and_counts_only_half():
    result = log(
        *fifteen_days(rules.PRIVATE, 1, 1),
        Activity(50, D(2026, 11, 1), rules.PRIVATE, Decimal("0.25")),
        *fifteen_days(rules.FORMAL, 100, 16),
    )
    assert codes(result) == ["private_over_half"]
    assert "105.25" in result.warnings[0].message and "105 hours" in result.warnings[0].message
    assert result.private_counted == 105
    assert result.counted == 210
    assert result.total_logged == Decimal("210.25")


def test_all_formal_study_is_allowed():
    result = log(*(Activity(n, D(2026, 10, n), rules.FORMAL, Decimal(7)) for n in range(1, 31)))
    assert codes(result) == []
    assert result.counted == 210


def test_supervisor_with_exactly_three_years_is_fine():
    result = log(Activity(1, D(2026, 10, 1), rules.SUPERVISED, Decimal(7), supervisor_years_registered=3))
    assert codes(result) == []


def test_supervisor_under_three_years_is_flagged_on_the_activity():
    result = log(
        Activity(1, D(2026, 10, 1), rules.SUPERVISED, Decimal(7), supervisor_years_registered=2),
        Activity(2, D(2026, 10, 2), rules.SUPERVISED, Decimal(7), supervisor_years_registered=10),
    )
    assert codes(result) == ["supervisor_under_three_years"]
    assert result.warnings[0].activity_ids == (1,)
    assert result.flagged == {1: ["supervisor_under_three_years"]}


def test_window_starts_exactly_twelve_months_before_the_application_and_older_is_not_counted():
    start = D(2025, 11, 25)
    result = log(
        Activity(1, start, rules.FORMAL, Decimal(7)),
        Activity(2, start - datetime.timedelta(days=1), rules.FORMAL, Decimal(7)),
    )
    assert result.window_start == start
    assert codes(result) == ["transitional"]
    assert result.warnings[0].activity_ids == (2,)
    assert "transitional arrangements" in result.warnings[0].message
    assert result.counted == 7  # only the activity on the first day of the window


def test_activity_twelve_to_twenty_four_months_old_is_transitional_and_older_is_outside():
    result = log(
        Activity(1, D(2024, 11, 25), rules.FORMAL, Decimal(7)),  # exactly 24 months: still transitional
        Activity(2, D(2024, 11, 24), rules.FORMAL, Decimal(7)),  # a day more: outside
    )
    assert result.flagged == {1: ["transitional"], 2: ["outside_window"]}
    assert result.counted == 0


def test_the_window_can_still_be_set_for_a_single_check():
    result = log(Activity(1, D(2025, 11, 24), rules.FORMAL, Decimal(7)), window_months=6)
    assert result.window_start == D(2026, 5, 25)
    assert result.counted == 0


def test_hcpcs_refusals_are_shown_and_never_counted():
    """The finding: 140 eligible hours plus 70 hours dated 25 months ago said "100% of your 210 hours
    counted: requirement met"; so did 15 supervised days under a supervisor with 2 years registered."""
    eligible = [Activity(n, D(2026, 6, n), rules.FORMAL, Decimal(7)) for n in range(1, 21)]
    old = [Activity(100 + n, D(2024, 10, n), rules.FORMAL, Decimal(7)) for n in range(1, 11)]
    result = log(*eligible, *old)
    assert result.total_logged == 210 and result.counted == 140
    assert not result.complete and result.percent == 66
    supervised = [
        Activity(n, D(2026, 6, n), rules.SUPERVISED, Decimal(7), supervisor_years_registered=2)
        for n in range(1, 16)
    ]
    result = log(*supervised, *fifteen_days(rules.FORMAL, 100, 1), required=210)
    assert result.counted == 105 and not result.complete


def test_no_date_counts_for_more_than_twenty_four_hours():
    result = log(
        Activity(1, D(2026, 10, 1), rules.FORMAL, Decimal(20)),
        Activity(2, D(2026, 10, 1), rules.SUPERVISED, Decimal(10), supervisor_years_registered=5),
    )
    assert result.counted == 24
    assert result.flagged == {2: ["more_than_a_day"]}


def test_activity_after_the_planned_application_is_flagged():
    result = log(Activity(1, D(2026, 12, 2), rules.FORMAL, Decimal(7)), application_date=D(2026, 12, 1))
    assert codes(result) == ["after_application"]


def test_no_requirement_means_nothing_to_count_against():
    result = log(Activity(1, D(2026, 10, 1), rules.PRIVATE, Decimal(20)), required=0)
    assert codes(result) == []
    assert result.percent == 100
    assert not result.complete


def test_add_months_clips_to_the_end_of_the_month():
    assert rules.add_months(D(2026, 3, 31), -1) == D(2026, 2, 28)
    assert rules.add_months(D(2026, 1, 15), -24) == D(2024, 1, 15)


def test_a_source_the_rules_cite_has_one_last_checked_date_across_the_rules_and_the_demo():
    """A plan shows the rules' sources beside the demo steps' sources: the same page must not read as
    last checked on two different days."""
    import tomllib

    from portal.demo_data import DEMO_DIR

    demo_sources = tomllib.loads((DEMO_DIR / "sources.toml").read_text())
    checked_by_url = {entry["url"].rstrip("/"): entry["checked"] for entry in demo_sources.values()}
    cited = {rule.source for rule in rules.ALL_RULES}
    assert cited, "the rules cite no source"
    for source in cited:
        key = source.url.rstrip("/")
        if key in checked_by_url:
            assert source.last_checked == checked_by_url[key], (source.title, source.last_checked)
