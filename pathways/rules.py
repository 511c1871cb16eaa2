"""The HCPC rules the portal computes, each with its source and the date it was last checked.

This is the one place where code decides a rule. Everything an editor may need to change without a
developer (steps, funding, contacts, the country list) lives in snippets instead. When HCPC changes a
rule, change the constant here, its ``last_checked`` date, and the boundary tests in
tests/pathways/test_rules.py.

All functions are pure: they take ``today`` (or an application date) instead of reading the clock.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Protocol


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    last_checked: datetime.date
    note: str = ""


@dataclass(frozen=True)
class Rule:
    """A figure HCPC sets, with where it comes from."""

    value: int | Fraction
    summary: str
    source: Source


HCPC_UPDATING_PAGE = Source(
    title="HCPC: Updating your knowledge and skills",
    url="https://www.hcpc-uk.org/registration/returning-to-practice/updating-your-knowledge-and-skills/",
    last_checked=datetime.date(2026, 11, 1),
)
HCPC_REQUIREMENTS_PAGE = Source(
    title="HCPC: Our return to practice requirements",
    url="https://www.hcpc-uk.org/registration/returning-to-practice/our-requirements/",
    last_checked=datetime.date(2026, 11, 1),
    note=(
        "HCPC normally needs all updating within the 12 months before applying; it says it has "
        "'temporarily' extended this to 24 months because of COVID-19. Pages seen in November 2026 "
        "still say 24 months: check the live page before relying on it."
    ),
)
HCPC_FORM_TIPS_PAGE = Source(
    title="HCPC: How to fill out the returning to practice form",
    url="https://www.hcpc-uk.org/registration/returning-to-practice/how-to-fill-out-the-returning-to-practice-form/",
    last_checked=datetime.date(2026, 11, 1),
)
SOR_UPDATING_PAGE = Source(
    title="SoR: Updating skills and knowledge",
    url="https://www.sor.org/learning-advice/learning/return-to-practice/updating-skills-and-knowledge",
    last_checked=datetime.date(2026, 11, 1),
)
HCPC_READMISSION_PAGE = Source(
    title="HCPC: Readmission (practising abroad)",
    url="https://www.hcpc-uk.org/registration/getting-on-the-register/readmission/",
    last_checked=datetime.date(2026, 11, 1),
)

# Years out of practice at which updating starts, and at which it doubles. "Exactly 2 years" is in
# the 30-day band and "exactly 5 years" in the 60-day band (HCPC: "2 to 5 years", "5 or more years").
LOWER_THRESHOLD_YEARS = Rule(
    2, "No updating is needed if you have been out of practice for under 2 years.", HCPC_UPDATING_PAGE
)
UPPER_THRESHOLD_YEARS = Rule(
    5, "From 5 years out of practice, the requirement is 60 days.", HCPC_UPDATING_PAGE
)
DAYS_TWO_TO_FIVE = Rule(30, "2 to 5 years out of practice: 30 days of updating.", HCPC_UPDATING_PAGE)
DAYS_FIVE_OR_MORE = Rule(60, "5 or more years out of practice: 60 days of updating.", HCPC_UPDATING_PAGE)
HOURS_PER_DAY = Rule(7, "HCPC counts one day of updating as 7 hours.", HCPC_UPDATING_PAGE)
PRIVATE_STUDY_MAX_SHARE = Rule(
    Fraction(1, 2),
    "Private study must not make up more than half of your updating (for example 15 of 30 days).",
    HCPC_FORM_TIPS_PAGE,
)
SUPERVISOR_MIN_YEARS = Rule(
    3,
    "Your supervisor must have been on the relevant part of the HCPC Register for at least the previous 3 years.",
    HCPC_UPDATING_PAGE,
)
UPDATING_WINDOW_MONTHS = Rule(
    24,
    "All of your updating should be done within the 24 months before you apply "
    "(normally 12 months; HCPC extended it temporarily during COVID-19).",
    HCPC_REQUIREMENTS_PAGE,
)
USUAL_WINDOW_MONTHS = 12
NEVER_REGISTERED_QUALIFICATION_YEARS = Rule(
    5,
    "If you were never registered but qualified on an approved programme more than 5 years ago, "
    "the return to practice rules apply to you.",
    SOR_UPDATING_PAGE,
)
PRACTISED_ABROAD_YEARS = Rule(
    2,
    "If you qualified in the UK and have practised abroad in the last 2 years, you do not need updating: "
    "you send the readmission forms with the 'practising abroad' form.",
    HCPC_READMISSION_PAGE,
)

ALL_RULES: tuple[Rule, ...] = (
    LOWER_THRESHOLD_YEARS,
    UPPER_THRESHOLD_YEARS,
    DAYS_TWO_TO_FIVE,
    DAYS_FIVE_OR_MORE,
    HOURS_PER_DAY,
    PRIVATE_STUDY_MAX_SHARE,
    SUPERVISOR_MIN_YEARS,
    UPDATING_WINDOW_MONTHS,
    NEVER_REGISTERED_QUALIFICATION_YEARS,
    PRACTISED_ABROAD_YEARS,
)

# Limits on what a person can log, so that a typing slip is caught rather than counted.
MAX_HOURS_IN_A_DAY = Decimal(24)


# --------------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------------------
# The requirement
# --------------------------------------------------------------------------------------------------


def required_days(years: Fraction | int | float | Decimal) -> int:
    """Days of updating HCPC needs after ``years`` out of practice: 0, 30 or 60."""
    years = Fraction(str(years)) if not isinstance(years, Fraction | int) else Fraction(years)
    if years < 0:
        raise ValueError("Years out of practice cannot be negative.")
    if years < LOWER_THRESHOLD_YEARS.value:
        return 0
    if years < UPPER_THRESHOLD_YEARS.value:
        return int(DAYS_TWO_TO_FIVE.value)
    return int(DAYS_FIVE_OR_MORE.value)


def required_hours(days: int) -> int:
    if days < 0:
        raise ValueError("Days cannot be negative.")
    return days * int(HOURS_PER_DAY.value)


def private_study_allowed(total_required_hours: int | Decimal) -> Decimal:
    """The most private study (in hours) that can count towards a requirement of this many hours."""
    if total_required_hours < 0:
        raise ValueError("Hours cannot be negative.")
    share = PRIVATE_STUDY_MAX_SHARE.value
    return Decimal(total_required_hours) * share.numerator / share.denominator


def hours_as_days(hours: Decimal | int) -> Decimal:
    """Hours shown as HCPC days (7 hours a day), to one decimal place."""
    return (Decimal(hours) / int(HOURS_PER_DAY.value)).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class Requirement:
    """What HCPC asks of one person before they can (re)join the Register."""

    kind: str  # "updating", "none", "practised_abroad", "international"
    days: int = 0
    years: Fraction | None = None
    measured_from: str = ""  # "last_practised" or "qualified"
    sources: tuple[Source, ...] = ()

    @property
    def hours(self) -> int:
        return required_hours(self.days)

    @property
    def private_study_max_hours(self) -> Decimal:
        return private_study_allowed(self.hours)

    @property
    def private_study_max_days(self) -> int:
        return int(self.days * PRIVATE_STUDY_MAX_SHARE.value)

    @property
    def whole_years(self) -> int | None:
        return int(self.years) if self.years is not None else None

    @property
    def needs_updating(self) -> bool:
        return self.days > 0


def updating_requirement(
    *,
    uk_qualified: bool,
    ever_registered: bool,
    practised_abroad_recently: bool,
    last_practised: datetime.date | None,
    qualified_on: datetime.date | None,
    today: datetime.date,
) -> Requirement:
    """The HCPC updating requirement for one person's answers.

    - Overseas-qualified and never registered: the international route, no updating.
    - UK-qualified, previously registered, practised abroad in the last 2 years: no updating, the
      'practising abroad' form with readmission.
    - Previously registered: measured from the date they last practised in the UK.
    - UK-qualified and never registered: the rules apply once the qualification is over 5 years old,
      measured from the date of qualifying.
    """
    if not uk_qualified and not ever_registered:
        return Requirement(kind="international")
    if ever_registered:
        if uk_qualified and practised_abroad_recently:
            return Requirement(kind="practised_abroad", sources=(PRACTISED_ABROAD_YEARS.source,))
        if last_practised is None:
            raise ValueError("The date you last practised is needed for a returner.")
        years = years_out(last_practised, today)
        days = required_days(years)
        return Requirement(
            kind="updating" if days else "none",
            days=days,
            years=years,
            measured_from="last_practised",
            sources=(HCPC_UPDATING_PAGE, HCPC_REQUIREMENTS_PAGE),
        )
    if qualified_on is None:
        raise ValueError("The date you qualified is needed for someone who was never registered.")
    years = years_out(qualified_on, today)
    if years > NEVER_REGISTERED_QUALIFICATION_YEARS.value:
        return Requirement(
            kind="updating",
            days=required_days(years),
            years=years,
            measured_from="qualified",
            sources=(SOR_UPDATING_PAGE, HCPC_UPDATING_PAGE),
        )
    return Requirement(kind="none", years=years, measured_from="qualified", sources=(SOR_UPDATING_PAGE,))


# --------------------------------------------------------------------------------------------------
# The updating log
# --------------------------------------------------------------------------------------------------

SUPERVISED = "supervised"
FORMAL = "formal"
PRIVATE = "private"
ACTIVITY_KINDS = (SUPERVISED, FORMAL, PRIVATE)


class ActivityLike(Protocol):
    """What check_log needs to know about one logged activity (a model instance will do)."""

    pk: object
    date: datetime.date
    kind: str
    hours: Decimal
    supervisor_years_registered: int | None


@dataclass(frozen=True)
class LogWarning:
    code: str  # "private_over_half", "supervisor_under_three_years", "outside_window", "after_application"
    message: str
    activity_ids: tuple = ()


@dataclass
class LogCheck:
    required_hours: int
    window_months: int
    window_start: datetime.date
    application_date: datetime.date
    hours_by_kind: dict[str, Decimal] = field(default_factory=dict)
    total_logged: Decimal = Decimal(0)
    private_counted: Decimal = Decimal(0)
    counted: Decimal = Decimal(0)
    warnings: list[LogWarning] = field(default_factory=list)
    flagged: dict = field(default_factory=dict)  # activity pk -> list of warning codes

    @property
    def remaining(self) -> Decimal:
        return max(Decimal(0), Decimal(self.required_hours) - self.counted)

    @property
    def percent(self) -> int:
        if not self.required_hours:
            return 100
        return min(100, int(self.counted * 100 / self.required_hours))

    @property
    def complete(self) -> bool:
        return self.required_hours > 0 and self.counted >= self.required_hours

    @property
    def private_allowed(self) -> Decimal:
        return private_study_allowed(self.required_hours)

    def days(self, hours: Decimal) -> Decimal:
        return hours_as_days(hours)


def check_log(
    activities: Iterable[ActivityLike],
    *,
    required: int,
    application_date: datetime.date,
    window_months: int | None = None,
) -> LogCheck:
    """Totals and plain warnings for a returner's updating log.

    ``required`` is the requirement in hours. Private study beyond half of it is logged but not
    counted; an activity before the window or after the application date is counted but flagged,
    because HCPC may not accept it; a supervisor under 3 years on the Register is flagged.
    """
    window = int(window_months if window_months is not None else UPDATING_WINDOW_MONTHS.value)
    result = LogCheck(
        required_hours=required,
        window_months=window,
        window_start=add_months(application_date, -window),
        application_date=application_date,
        hours_by_kind={kind: Decimal(0) for kind in ACTIVITY_KINDS},
    )
    weak_supervisors, outside, after = [], [], []
    for activity in activities:
        hours = Decimal(activity.hours)
        result.hours_by_kind[activity.kind] = result.hours_by_kind.get(activity.kind, Decimal(0)) + hours
        result.total_logged += hours
        codes = []
        if activity.kind == SUPERVISED and (
            activity.supervisor_years_registered is None
            or activity.supervisor_years_registered < SUPERVISOR_MIN_YEARS.value
        ):
            weak_supervisors.append(activity.pk)
            codes.append("supervisor_under_three_years")
        if activity.date < result.window_start:
            outside.append(activity.pk)
            codes.append("outside_window")
        elif activity.date > application_date:
            after.append(activity.pk)
            codes.append("after_application")
        if codes:
            result.flagged[activity.pk] = codes

    private = result.hours_by_kind[PRIVATE]
    allowed = private_study_allowed(required)
    result.private_counted = min(private, allowed)
    result.counted = result.hours_by_kind[SUPERVISED] + result.hours_by_kind[FORMAL] + result.private_counted

    if private > allowed and required:
        result.warnings.append(
            LogWarning(
                "private_over_half",
                f"You have logged {_fmt(private)} hours of private study, but only {_fmt(allowed)} hours "
                f"(half of your {required} hours) can count. The extra {_fmt(private - allowed)} hours are "
                "not counted: add supervised practice or formal study instead.",
            )
        )
    if weak_supervisors:
        result.warnings.append(
            LogWarning(
                "supervisor_under_three_years",
                f"{_count(len(weak_supervisors), 'supervised activity has', 'supervised activities have')} "
                f"a supervisor who has been on the HCPC Register for under {SUPERVISOR_MIN_YEARS.value} years. "
                "HCPC needs a supervisor with at least 3 years on the relevant part of the Register.",
                tuple(weak_supervisors),
            )
        )
    if outside:
        result.warnings.append(
            LogWarning(
                "outside_window",
                f"{_count(len(outside), 'activity is', 'activities are')} more than {window} months before "
                f"{_date(application_date)}. We use a {window}-month window; HCPC's usual rule is "
                f"{USUAL_WINDOW_MONTHS} months, so check its current requirement before you apply.",
                tuple(outside),
            )
        )
    if after:
        result.warnings.append(
            LogWarning(
                "after_application",
                f"{_count(len(after), 'activity is', 'activities are')} after your planned application date "
                f"of {_date(application_date)}.",
                tuple(after),
            )
        )
    return result


def _fmt(hours: Decimal) -> str:
    """Hours without needless decimals: 105, 7.5."""
    normalised = Decimal(hours).quantize(Decimal("0.01")).normalize()
    return f"{normalised:f}"


def _date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _count(n: int, singular: str, plural: str) -> str:
    return f"1 {singular}" if n == 1 else f"{n} {plural}"
