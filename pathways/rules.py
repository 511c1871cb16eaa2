"""The HCPC rules the portal computes, each with its source and the date it was last checked.

This is the one place where code decides a rule. Everything an editor may need to change without a
developer (steps, funding, contacts, the country list) lives in snippets instead. When HCPC changes a
rule, change the constant here, its ``last_checked`` date, and the boundary tests in
tests/pathways/test_rules.py.

All functions are pure: they take ``today`` (or an application date) instead of reading the clock.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Protocol

# The date arithmetic lives in pathways/dates.py; rules.add_years and the others stay here too.
from .dates import add_months as add_months
from .dates import add_years as add_years
from .dates import years_out as years_out


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
    last_checked=datetime.date(2026, 11, 2),
)
HCPC_REQUIREMENTS_PAGE = Source(
    title="HCPC: Our return to practice requirements",
    url="https://www.hcpc-uk.org/registration/returning-to-practice/our-requirements/",
    last_checked=datetime.date(2026, 11, 2),
    note=(
        "HCPC reinstated its usual 12-month updating period from 1 February 2025, ending the temporary "
        "24-month COVID-19 extension."
    ),
)
HCPC_FORM_TIPS_PAGE = Source(
    title="HCPC: How to fill out the returning to practice form",
    url="https://www.hcpc-uk.org/registration/returning-to-practice/how-to-fill-out-the-returning-to-practice-form/",
    last_checked=datetime.date(2026, 11, 2),
)
SOR_UPDATING_PAGE = Source(
    title="SoR: Updating skills and knowledge",
    url="https://www.sor.org/learning-advice/learning/return-to-practice/updating-skills-and-knowledge",
    last_checked=datetime.date(2026, 11, 2),
)
HCPC_READMISSION_PAGE = Source(
    title="HCPC: Readmission (practising abroad)",
    url="https://www.hcpc-uk.org/registration/getting-on-the-register/readmission/",
    last_checked=datetime.date(2026, 11, 2),
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
# "At least the previous three years" is read at the start of the supervised practice: the log asks for
# the supervisor's full years on the relevant part of the Register on the entry's first day, so exactly 3
# counts and 2 years and 11 months (entered as 2) does not. An entry that runs on keeps that supervisor.
SUPERVISOR_MIN_YEARS = Rule(
    3,
    "Your supervisor must have been on the relevant part of the HCPC Register for at least the previous 3 years.",
    HCPC_UPDATING_PAGE,
)
UPDATING_WINDOW_MONTHS = Rule(
    12,
    "All of your updating must be done within the 12 months before you apply (HCPC reinstated its "
    "12-month period from 1 February 2025).",
    HCPC_REQUIREMENTS_PAGE,
)
#: The end of the temporary COVID-19 extension (24 months). Activity 12 to 24 months old is shown as
#: possibly counting only under HCPC's transitional arrangements, and never counted here.
WINDOW_REINSTATED_ON = datetime.date(2025, 2, 1)
TRANSITIONAL_WINDOW_MONTHS = 24
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

# Limits on what a person can log, so that a typing slip is caught rather than counted: no date counts
# for more hours than it has, and one entry covers at most a month of days (a longer run is more likely a
# slip in the year or month than a real placement, and is easy to log as two entries).
MAX_HOURS_IN_A_DAY = Decimal(24)
MAX_DAYS_IN_AN_ENTRY = 31


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
    """What check_log needs to know about one logged activity (a model instance will do).

    ``date`` is the first day and ``end_date`` the last (None or the same date: one day); ``hours`` are
    the hours on each day of the entry.
    """

    pk: object
    date: datetime.date
    end_date: datetime.date | None
    kind: str
    hours: Decimal
    supervisor_years_registered: int | None


def activity_days(activity: ActivityLike) -> list[datetime.date]:
    """Every day an entry covers, first to last (one day when it has no end date or ends before it starts)."""
    first = activity.date
    last = getattr(activity, "end_date", None) or first
    count = max(1, (last - first).days + 1)
    return [first + datetime.timedelta(days=n) for n in range(count)]


@dataclass(frozen=True)
class LogWarning:
    code: str  # one of FLAG_CODES, or "private_over_half"
    message: str
    activity_ids: tuple = ()


@dataclass
class LogCheck:
    required_hours: int
    window_months: int
    window_start: datetime.date
    application_date: datetime.date
    hours_by_kind: dict[str, Decimal] = field(default_factory=dict)  # everything logged
    eligible_by_kind: dict[str, Decimal] = field(default_factory=dict)  # what meets every rule but the cap
    total_logged: Decimal = Decimal(0)
    private_counted: Decimal = Decimal(0)
    counted: Decimal = Decimal(0)
    warnings: list[LogWarning] = field(default_factory=list)
    flagged: dict = field(default_factory=dict)  # activity pk -> list of warning codes
    eligible_by_activity: dict = field(default_factory=dict)  # activity pk -> hours that meet every rule
    counted_by_activity: dict = field(default_factory=dict)  # activity pk -> its hours counted (cap applied)
    days_flagged: dict = field(default_factory=dict)  # activity pk -> {code: number of its days}

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


#: Why an activity does not count, in the order they are checked. An activity with any of these is
#: shown, explained and not counted.
FLAG_CODES = (
    "after_application",  # dated after the application date
    "transitional",  # 12 to 24 months before: may count only under HCPC's transitional arrangements
    "outside_window",  # more than 24 months before
    "supervisor_under_three_years",  # supervised by someone under 3 years on the Register (or unknown)
    "more_than_a_day",  # hours beyond 24 on one date (only the excess is left out)
    "private_over_half",  # private study beyond half of the requirement (the latest hours are left out)
)

#: Short labels for each reason, for tags beside an activity and the CSV.
FLAG_LABELS = {
    "after_application": "Not counted: after your application date",
    "transitional": (
        "Not counted: 12 to 24 months old, so it may count only under HCPC's transitional arrangements: "
        "check with HCPC"
    ),
    "outside_window": "Not counted: more than 24 months old",
    "supervisor_under_three_years": "Not counted: supervisor under 3 years on the Register",
    "more_than_a_day": "Partly counted: more than 24 hours on one date",
    "private_over_half": "Not counted: private study over half of your updating",
}


def check_log(
    activities: Iterable[ActivityLike],
    *,
    required: int,
    application_date: datetime.date,
    window_months: int | None = None,
) -> LogCheck:
    """Totals and plain warnings for a returner's updating log, counting only what HCPC accepts.

    ``required`` is the requirement in hours. Each day of an activity (an entry may cover several days,
    with the same hours on each) counts only when it satisfies every rule: on or before the
    application date and inside the window (the 12 months before it), and, for supervised practice,
    under a supervisor with at least 3 years on the Register. No date counts for more than 24 hours,
    whichever entries it is in. Private study counts up to half of the requirement. Everything else is logged,
    flagged with its reason (``flagged``: activity pk -> codes from FLAG_CODES) and not counted, so the
    headline, the progress bar, the printable summary and the CSV never promise what HCPC would refuse.
    """
    window = int(window_months if window_months is not None else UPDATING_WINDOW_MONTHS.value)
    window_start = add_months(application_date, -window)
    transitional_start = add_months(application_date, -TRANSITIONAL_WINDOW_MONTHS)
    result = LogCheck(
        required_hours=required,
        window_months=window,
        window_start=window_start,
        application_date=application_date,
        hours_by_kind={kind: Decimal(0) for kind in ACTIVITY_KINDS},
        eligible_by_kind={kind: Decimal(0) for kind in ACTIVITY_KINDS},
    )
    by_code: dict[str, list] = {code: [] for code in FLAG_CODES}
    hours_on_date: dict[datetime.date, Decimal] = {}
    private_days: list[tuple[object, Decimal]] = []  # (activity pk, eligible hours) of each private day
    # Each entry is checked day by day, the days of every entry in date order (then by the entry's first
    # day and pk), so a week logged as one entry counts exactly as the same week logged a day at a time.
    units = sorted(
        ((day, activity) for activity in activities for day in activity_days(activity)),
        key=lambda unit: (unit[0], unit[1].date, str(unit[1].pk)),
    )
    for day, activity in units:
        hours = Decimal(activity.hours)
        result.hours_by_kind[activity.kind] = result.hours_by_kind.get(activity.kind, Decimal(0)) + hours
        result.total_logged += hours
        codes = []
        if day > application_date:
            codes.append("after_application")
        elif day < window_start:
            codes.append("transitional" if day >= transitional_start else "outside_window")
        if activity.kind == SUPERVISED and (
            activity.supervisor_years_registered is None
            or activity.supervisor_years_registered < SUPERVISOR_MIN_YEARS.value
        ):
            codes.append("supervisor_under_three_years")
        eligible = Decimal(0)
        if not codes:
            room = max(Decimal(0), MAX_HOURS_IN_A_DAY - hours_on_date.get(day, Decimal(0)))
            eligible = min(hours, room)
            if eligible < hours:
                codes.append("more_than_a_day")
            hours_on_date[day] = hours_on_date.get(day, Decimal(0)) + eligible
            result.eligible_by_kind[activity.kind] = (
                result.eligible_by_kind.get(activity.kind, Decimal(0)) + eligible
            )
        result.eligible_by_activity[activity.pk] = (
            result.eligible_by_activity.get(activity.pk, Decimal(0)) + eligible
        )
        result.counted_by_activity.setdefault(activity.pk, Decimal(0))
        if activity.kind == PRIVATE:
            private_days.append((activity.pk, eligible))
        else:
            result.counted_by_activity[activity.pk] += eligible
        for code in codes:
            if activity.pk not in by_code[code]:
                by_code[code].append(activity.pk)
            counts = result.days_flagged.setdefault(activity.pk, {})
            counts[code] = counts.get(code, 0) + 1
    private = result.eligible_by_kind[PRIVATE]
    allowed = private_study_allowed(required)
    # The cap is half of the requirement (HCPC: 15 of 30 days), applied to the eligible private study in
    # date order: the earliest hours count, and the hours past the cap are flagged on their entries, so
    # each entry's counted hours add up to the headline's total. Complete therefore needs at least half
    # of the requirement from supervised practice or formal study.
    room = allowed
    for pk, hours in private_days:
        take = min(hours, room)
        room -= take
        result.counted_by_activity[pk] += take
        if take < hours:
            counts = result.days_flagged.setdefault(pk, {})
            counts["private_over_half"] = counts.get("private_over_half", 0) + 1
    for pk, counts in result.days_flagged.items():
        result.flagged[pk] = [code for code in FLAG_CODES if code in counts]
    result.private_counted = min(private, allowed)
    result.counted = (
        result.eligible_by_kind[SUPERVISED] + result.eligible_by_kind[FORMAL] + result.private_counted
    )

    if private > allowed and required:
        result.warnings.append(
            LogWarning(
                "private_over_half",
                f"You have logged {_fmt(private)} hours of private study that could count, but only "
                f"{_fmt(allowed)} hours (half of your {required} hours) can. The extra "
                f"{_fmt(private - allowed)} hours are not counted: add supervised practice or formal "
                "study instead.",
            )
        )
    messages = {
        "after_application": lambda n: (
            f"{_count(n, 'activity is', 'activities are')} after your planned application date of "
            f"{_date(application_date)}, so not counted."
        ),
        "transitional": lambda n: (
            f"{_count(n, 'activity is', 'activities are')} between {window} and "
            f"{TRANSITIONAL_WINDOW_MONTHS} months before {_date(application_date)}. HCPC reinstated its "
            f"{window}-month period on {_date(WINDOW_REINSTATED_ON)}, so this activity may count only under "
            "HCPC's transitional arrangements: check with HCPC. It is not counted here."
        ),
        "outside_window": lambda n: (
            f"{_count(n, 'activity is', 'activities are')} more than {TRANSITIONAL_WINDOW_MONTHS} months "
            f"before {_date(application_date)}: HCPC will not count it, and neither do we."
        ),
        "supervisor_under_three_years": lambda n: (
            f"{_count(n, 'supervised activity has', 'supervised activities have')} a supervisor who has "
            f"been on the HCPC Register for under {SUPERVISOR_MIN_YEARS.value} years (or we do not know "
            "how long). HCPC needs a supervisor with at least 3 years on the relevant part of the "
            "Register, so these are not counted."
        ),
        "more_than_a_day": lambda n: (
            f"{_count(n, 'activity takes', 'activities take')} a day past {_fmt(MAX_HOURS_IN_A_DAY)} "
            "hours. The hours beyond that are not counted: check the hours you typed."
        ),
    }
    for code in FLAG_CODES:
        if code in messages and by_code[code]:
            result.warnings.append(LogWarning(code, messages[code](len(by_code[code])), tuple(by_code[code])))
    return result


def flag_text(code: str, *, days_flagged: int = 1, days: int = 1) -> str:
    """Why an entry is not (fully) counted, in a few words. For an entry over several days of which only
    some are affected, says how many: "2 of 5 days not counted: more than 24 months old"."""
    label = FLAG_LABELS.get(code, code)
    if days <= 1 or days_flagged >= days:
        return label
    verdict, _, reason = label.partition(": ")
    return f"{days_flagged} of {days} days {verdict[0].lower()}{verdict[1:]}: {reason}"


def _fmt(hours: Decimal) -> str:
    """Hours without needless decimals: 105, 7.5."""
    normalised = Decimal(hours).quantize(Decimal("0.01")).normalize()
    return f"{normalised:f}"


def _date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _count(n: int, singular: str, plural: str) -> str:
    return f"1 {singular}" if n == 1 else f"{n} {plural}"
