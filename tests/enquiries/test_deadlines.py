import datetime

import pytest

from enquiries import deadlines

UK = deadlines.UK_TIME


def at(y, m, d, h=10, minute=0):
    return datetime.datetime(y, m, d, h, minute, tzinfo=UK)


def test_three_working_days_from_a_monday_morning_is_thursday_same_time():
    assert deadlines.add_working_days(at(2026, 11, 23, 10), 3) == at(2026, 11, 26, 10)


def test_weekend_is_skipped():
    # Friday 10:00 + 1 working day = Monday 10:00
    assert deadlines.add_working_days(at(2026, 11, 20, 10), 1) == at(2026, 11, 23, 10)


def test_a_submission_after_hours_starts_the_clock_next_morning():
    # Monday 20:00 + 1 day = Tuesday 17:00 (the whole of Tuesday's working day)
    assert deadlines.add_working_days(at(2026, 11, 23, 20), 1) == at(2026, 11, 24, 17)


def test_saint_andrews_day_counts_in_scotland_but_not_in_england():
    friday = at(2026, 11, 27, 10)
    # Monday 30 November 2026 is a bank holiday in Scotland only.
    assert deadlines.add_working_days(friday, 1, "ENG") == at(2026, 11, 30, 10)
    assert deadlines.add_working_days(friday, 1, "SCT") == at(2026, 12, 1, 10)


def test_christmas_and_boxing_day_observed_are_skipped():
    assert deadlines.add_working_days(at(2026, 12, 24, 10), 1) == at(2026, 12, 29, 10)


def test_working_seconds_between_is_the_inverse_of_adding():
    start = at(2026, 11, 20, 15, 30)
    end = deadlines.add_working_seconds(start, 12345, "WLS")
    assert deadlines.working_seconds_between(start, end, "WLS") == 12345
    assert deadlines.working_seconds_between(end, start, "WLS") == -12345


def test_negative_durations_are_refused():
    with pytest.raises(ValueError):
        deadlines.add_working_seconds(at(2026, 11, 23), -1)


def test_clock_change_day_keeps_local_working_hours():
    # Clocks go back on Sunday 25 October 2026; Friday 16:00 + 2 hours = Monday 10:00 local time.
    result = deadlines.add_working_seconds(at(2026, 10, 23, 16), 2 * 3600)
    assert result == at(2026, 10, 26, 10)
