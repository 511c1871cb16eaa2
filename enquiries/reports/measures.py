"""The report's small measures: months, working hours to one decimal, percentages, percentiles, bar widths."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils import timezone

from enquiries import deadlines

_MAX_DAYS_BACK = 3660  # ten years of calendar days: a hard stop for the loop in working_time_before


#: The month choices go back at most this far.
MAX_MONTHS = 120


#: Default period: this many months, ending with the current one.
DEFAULT_MONTHS = 12


def month_floor(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_label(month: datetime.date) -> str:
    return f"{month:%B %Y}"


def month_value(month: datetime.date) -> str:
    return f"{month:%Y-%m}"


def local_midnight(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in UK time (the project's TIME_ZONE)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last twelve months, this one included."""
    this_month = month_floor(today)
    return add_months(this_month, 1 - DEFAULT_MONTHS), this_month


def percentile(ordered: Sequence[int], percent: int) -> Fraction | None:
    """The `percent`-th percentile of values sorted in ascending order, by linear interpolation between
    the closest ranks: position h = (n - 1) x percent / 100 (counting from 0), value x[floor(h)] plus
    (h - floor(h)) times the gap to the next value. The same as Excel's PERCENTILE.INC and
    statistics.quantiles(method="inclusive"), but exact (a Fraction: no floating-point surprises) and
    defined for a single value. percent=50 is the conventional median. None when there are no values."""
    if not 0 <= percent <= 100:
        raise ValueError("percent must be from 0 to 100")
    count = len(ordered)
    if not count:
        return None
    position = Fraction((count - 1) * percent, 100)
    low = position.numerator // position.denominator
    value = Fraction(ordered[low])
    if position != low:
        value += (position - low) * (ordered[low + 1] - ordered[low])
    return value


ONE_DECIMAL = Decimal("0.1")


def working_hours(seconds: int | Fraction | None) -> Decimal | None:
    """Working seconds as working hours, to one decimal (halves round up)."""
    if seconds is None:
        return None
    hours = Fraction(seconds) / 3600
    return (Decimal(hours.numerator) / Decimal(hours.denominator)).quantize(
        ONE_DECIMAL, rounding=ROUND_HALF_UP
    )


def percent(part: int, whole: int) -> Decimal | None:
    """part / whole as a percentage to one decimal (halves round up); None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def bar_width(value: int, largest: int) -> int:
    """A bar's length as a whole percentage of the longest bar (at least 1 for any value above 0)."""
    if not largest or not value:
        return 0
    return max(1, round(value * 100 / largest))


def working_time_before(end: datetime.datetime, seconds: int, subdivision: str) -> datetime.datetime:
    """The latest moment from which `seconds` of working time have passed by `end`: the mirror of
    deadlines.add_working_seconds (which only counts forwards). An enquiry created at or before it is
    at least that old in working time; one created after it is younger."""
    if seconds < 0:
        raise ValueError("seconds must not be negative")
    current = end.astimezone(deadlines.UK_TIME)
    if seconds == 0:
        return current
    remaining = seconds
    day = current.date()
    for _ in range(_MAX_DAYS_BACK):
        if deadlines.is_working_day(day, subdivision):
            opens = datetime.datetime.combine(day, deadlines.DAY_START, tzinfo=deadlines.UK_TIME)
            closes = datetime.datetime.combine(day, deadlines.DAY_END, tzinfo=deadlines.UK_TIME)
            finish = min(current, closes)
            if finish > opens:
                available = (finish - opens).total_seconds()
                if remaining <= available:
                    return finish - datetime.timedelta(seconds=remaining)
                remaining -= available
        day -= datetime.timedelta(days=1)
        current = datetime.datetime.combine(day, deadlines.DAY_END, tzinfo=deadlines.UK_TIME)
    raise ValueError("too far back")
