"""Date arithmetic for the HCPC rules (pathways.rules re-exports it): whole years and months the way
people count them, with the month-end and leap-day cases decided once. Pure functions; nothing reads the
clock. Python's datetime has no month or year arithmetic; dateutil's relativedelta has, but these three
small functions are the whole need, and tests/pathways/test_rules.py pins every edge case."""

from __future__ import annotations

import calendar
import datetime
from fractions import Fraction


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month ``months`` later (or earlier), clipped to the month's last day."""
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last_day))


def years_out(last_practised: datetime.date, today: datetime.date) -> Fraction:
    """Exact years between two dates: whole anniversaries passed, plus the part of the year since.

    On the day of the 2nd anniversary the answer is exactly 2; the day before, a little under 2.
    """
    if last_practised > today:
        raise ValueError("The date you last practised cannot be after today.")
    whole = today.year - last_practised.year
    if add_years(last_practised, whole) > today:
        whole -= 1
    start = add_years(last_practised, whole)
    end = add_years(last_practised, whole + 1)
    return whole + Fraction((today - start).days, (end - start).days)
