import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# ---- Properties: any start gives a due time inside UK working hours on a working day ----------------

SUBDIVISIONS = st.sampled_from(["ENG", "SCT", "WLS", "NIR"])
MOMENTS = st.datetimes(
    min_value=datetime.datetime(2024, 1, 1),
    max_value=datetime.datetime(2030, 12, 31),
    timezones=st.just(datetime.UTC),
).map(lambda moment: moment.replace(microsecond=0))
WORKING_SECONDS = st.integers(min_value=0, max_value=20 * deadlines.WORKING_DAY_SECONDS)


def assert_in_working_time(moment, subdivision):
    local = moment.astimezone(UK)
    assert deadlines.is_working_day(local.date(), subdivision), local
    assert deadlines.DAY_START <= local.timetz().replace(tzinfo=None) <= deadlines.DAY_END, local


@settings(max_examples=300, deadline=None)
@given(start=MOMENTS, seconds=WORKING_SECONDS, subdivision=SUBDIVISIONS)
def test_a_deadline_counted_in_working_time_falls_in_working_hours_on_a_working_day(
    start, seconds, subdivision
):
    due = deadlines.add_working_seconds(start, seconds, subdivision)
    assert_in_working_time(due, subdivision)
    assert due >= start
    assert deadlines.working_seconds_between(start, due, subdivision) == seconds


@settings(max_examples=300, deadline=None)
@given(end=MOMENTS, seconds=WORKING_SECONDS, subdivision=SUBDIVISIONS)
def test_counting_working_time_back_also_lands_in_working_hours(end, seconds, subdivision):
    earlier = deadlines.subtract_working_seconds(end, seconds, subdivision)
    assert_in_working_time(earlier, subdivision)
    assert earlier <= end
    assert deadlines.working_seconds_between(earlier, end, subdivision) == seconds


@settings(max_examples=200, deadline=None)
@given(start=MOMENTS, days=st.integers(min_value=1, max_value=10), subdivision=SUBDIVISIONS)
def test_working_day_deadlines_are_never_at_night_or_at_a_weekend(start, days, subdivision):
    due = deadlines.add_working_days(start, days, subdivision)
    assert_in_working_time(due, subdivision)
    assert due.astimezone(UK).weekday() < 5


def test_a_due_time_reads_as_people_say_it_in_uk_time():
    today = datetime.date(2026, 12, 5)
    assert deadlines.due_by(at(2026, 12, 8, 15), today=today) == "by 3pm on Tuesday 8 December"
    assert deadlines.due_by(at(2026, 12, 8, 9, 30), today=today) == "by 9:30am on Tuesday 8 December"
    assert deadlines.due_by(at(2026, 12, 8, 12), today=today) == "by midday on Tuesday 8 December"
    # A UTC value is shown in UK time: 15:00 UTC in July is 4pm in London.
    summer = datetime.datetime(2027, 7, 6, 15, 0, tzinfo=datetime.UTC)
    assert deadlines.due_by(summer, today=today) == "by 4pm on Tuesday 6 July 2027"
    assert deadlines.due_by(None) == ""


@pytest.mark.parametrize(
    ("utc", "said"),
    [
        (datetime.datetime(2026, 12, 8, 20, 2, tzinfo=datetime.UTC), "8 December 2026, 8:02pm"),
        (datetime.datetime(2026, 7, 1, 8, 0, tzinfo=datetime.UTC), "1 July 2026, 9am"),  # BST
        (datetime.datetime(2026, 1, 5, 12, 0, tzinfo=datetime.UTC), "5 January 2026, midday"),
    ],
)
def test_a_moment_is_said_in_uk_time_in_the_same_words_as_a_due_time(utc, said):
    assert deadlines.said_at(utc) == said
    assert "p.m." not in said and "a.m." not in said
