"""Working-time arithmetic for enquiry deadlines.

Working time is 09:00 to 17:00, Monday to Friday, in UK time, excluding the bank holidays of the
enquirer's nation (the `holidays` package; England, Scotland, Wales and Northern Ireland differ).
Hand-rolled on top of `holidays` because no maintained package adds working hours across per-nation
holiday calendars and pauses; the loops step a day at a time and are bounded by the deadline length.
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

UK_TIME = ZoneInfo("Europe/London")
DAY_START = datetime.time(9, 0)
DAY_END = datetime.time(17, 0)
WORKING_DAY_SECONDS = 8 * 60 * 60
DEFAULT_SUBDIVISION = "ENG"
_MAX_DAYS = 3660  # ten years of calendar days: a hard stop for any loop below


@lru_cache(maxsize=64)
def _holidays(subdivision: str, year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.UK(subdiv=subdivision or DEFAULT_SUBDIVISION, years=year).keys())


def is_working_day(day: datetime.date, subdivision: str = DEFAULT_SUBDIVISION) -> bool:
    return day.weekday() < 5 and day not in _holidays(subdivision, day.year)


def _window(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    return (
        datetime.datetime.combine(day, DAY_START, tzinfo=UK_TIME),
        datetime.datetime.combine(day, DAY_END, tzinfo=UK_TIME),
    )


def add_working_seconds(
    start: datetime.datetime, seconds: int, subdivision: str = DEFAULT_SUBDIVISION
) -> datetime.datetime:
    """The moment `seconds` of working time after `start` (an aware datetime)."""
    if seconds < 0:
        raise ValueError("seconds must not be negative")
    current = start.astimezone(UK_TIME)
    remaining = seconds
    day = current.date()
    for _ in range(_MAX_DAYS):
        if is_working_day(day, subdivision):
            open_, close = _window(day)
            begin = max(current, open_)
            if begin < close:
                available = (close - begin).total_seconds()
                if remaining <= available:
                    return begin + datetime.timedelta(seconds=remaining)
                remaining -= available
        day += datetime.timedelta(days=1)
        current = datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=UK_TIME)
    raise ValueError("deadline is too far away")


def subtract_working_seconds(
    end: datetime.datetime, seconds: int, subdivision: str = DEFAULT_SUBDIVISION
) -> datetime.datetime:
    """The moment `seconds` of working time before `end`: always inside working hours on a working day
    (the demo dates its overdue enquiries with it)."""
    if seconds < 0:
        raise ValueError("seconds must not be negative")
    current = end.astimezone(UK_TIME)
    remaining = seconds
    day = current.date()
    for _ in range(_MAX_DAYS):
        if is_working_day(day, subdivision):
            open_, close = _window(day)
            finish = min(current, close)
            if finish > open_:
                available = (finish - open_).total_seconds()
                if remaining <= available:
                    return finish - datetime.timedelta(seconds=remaining)
                remaining -= available
        current = datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=UK_TIME)
        day -= datetime.timedelta(days=1)
    raise ValueError("deadline is too far away")


def _clock(local: datetime.datetime) -> str:
    """A time as people say it: "3pm", "9:30am", "midday"."""
    if local.hour == 12 and local.minute == 0:
        return "midday"
    hour = local.hour % 12 or 12
    return (f"{hour}{local:%p}" if local.minute == 0 else f"{hour}:{local:%M}{local:%p}").lower()


def due_by(moment: datetime.datetime | None, *, today: datetime.date | None = None) -> str:
    """A due time as people say it, in UK time: "by 3pm on Tuesday 8 December" ("by 9:30am on ...";
    the year is added when it is not this year). The `due_by` template filter (enquiries_tags) shows
    every deadline with it, to staff and enquirers alike."""
    if moment is None:
        return ""
    local = moment.astimezone(UK_TIME)
    this_year = (today or datetime.datetime.now(UK_TIME).date()).year
    year = "" if local.year == this_year else f" {local.year}"
    return f"by {_clock(local)} on {local:%A} {local.day} {local:%B}{year}"


def said_at(moment: datetime.datetime | None) -> str:
    """When something happened, in UK time and the same words as due_by: "8 December 2026, 8:02pm"."""
    if moment is None:
        return ""
    local = moment.astimezone(UK_TIME)
    return f"{local.day} {local:%B %Y}, {_clock(local)}"


def add_working_days(
    start: datetime.datetime, days: int, subdivision: str = DEFAULT_SUBDIVISION
) -> datetime.datetime:
    return add_working_seconds(start, days * WORKING_DAY_SECONDS, subdivision)


def working_seconds_between(
    start: datetime.datetime, end: datetime.datetime, subdivision: str = DEFAULT_SUBDIVISION
) -> int:
    """Working time from start to end; negative when end is before start."""
    if end < start:
        return -working_seconds_between(end, start, subdivision)
    start = start.astimezone(UK_TIME)
    end = end.astimezone(UK_TIME)
    total = 0.0
    day = start.date()
    for _ in range(_MAX_DAYS):
        if day > end.date():
            break
        if is_working_day(day, subdivision):
            open_, close = _window(day)
            begin, finish = max(start, open_), min(end, close)
            if finish > begin:
                total += (finish - begin).total_seconds()
        day += datetime.timedelta(days=1)
    return int(total)
