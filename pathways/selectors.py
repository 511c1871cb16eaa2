"""Reads for the finder, the plan and the log, and the functions that decide who may see what.

One selector per personal object type: ``plan_for_user`` (a SavedPlan) and ``activity_for_user`` (an
UpdatingActivity). Anything not the user's own is a 404, never a 403, so nobody learns it exists.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.http import Http404

from cms.models import Nation

from . import rules
from .forms import QUESTIONS, UK_CODE
from .models import (
    IR,
    RTP,
    Country,
    NationSupport,
    PathwayStep,
    SavedPlan,
    StepTick,
    UpdatingActivity,
    UpdatingLog,
)

# --------------------------------------------------------------------------------------------------
# Answers → facts
# --------------------------------------------------------------------------------------------------


def first_unanswered(answers: dict) -> str | None:
    """The slug of the first question without an answer, or None when all are answered."""
    for question in QUESTIONS:
        if any(key not in answers for key in question.keys):
            return question.slug
    return None


@dataclass
class PlanFacts:
    """What the plan needs to know, worked out from the answers once."""

    answers: dict
    nation: Nation
    pathway: str
    profession: str
    uk_qualified: bool
    ever_registered: bool
    practised_abroad: bool
    job_offer: bool
    last_practised: datetime.date | None
    qualified_on: datetime.date | None
    qualification_country: Country | None
    residence_country: Country | None
    requirement: rules.Requirement

    @property
    def nation_id(self) -> int:
        return self.nation.pk

    @property
    def years(self) -> Fraction | None:
        return self.requirement.years if self.pathway == RTP else None

    @property
    def updating_required(self) -> bool:
        return self.requirement.needs_updating

    @property
    def profession_label(self) -> str:
        return f"{self.profession} radiographer"

    @property
    def lives_in_uk(self) -> bool:
        return self.answers.get("residence_country") == UK_CODE

    @property
    def country_status(self) -> str | None:
        if self.pathway != IR or self.residence_country is None:
            return None
        return self.residence_country.recruitment_status


class AnswersOutOfDate(Exception):
    """Saved answers no longer fit the questions (a nation or country was removed, say)."""

    def __init__(self, slug: str):
        super().__init__(slug)
        self.slug = slug


def _date(value) -> datetime.date | None:
    if not value:
        return None
    return datetime.date.fromisoformat(value)


def facts_from_answers(answers: dict, *, today: datetime.date) -> PlanFacts:
    """Turn stored answers into facts. Raises AnswersOutOfDate naming the question to ask again."""
    slug = first_unanswered(answers)
    if slug:
        raise AnswersOutOfDate(slug)
    nation = Nation.objects.filter(slug=answers["nation"]).first()
    if nation is None:
        raise AnswersOutOfDate("nation")
    uk_qualified = bool(answers["uk_qualified"])
    codes = {answers.get("qualification_country"), answers.get("residence_country")} - {"", None, UK_CODE}
    countries = {country.code: country for country in Country.objects.filter(code__in=codes)} if codes else {}
    qualification_country = countries.get(answers.get("qualification_country") or "")
    residence_country = countries.get(answers.get("residence_country") or "")
    if not uk_qualified and (
        qualification_country is None
        or (residence_country is None and answers.get("residence_country") != UK_CODE)
    ):
        raise AnswersOutOfDate("qualification")
    try:
        last_practised = _date(answers.get("last_practised"))
        qualified_on = _date(answers.get("qualified_on"))
        ever_registered = bool(answers["ever_registered"])
        requirement = rules.updating_requirement(
            uk_qualified=uk_qualified,
            ever_registered=ever_registered,
            practised_abroad_recently=bool(answers["practised_abroad"]),
            last_practised=last_practised,
            qualified_on=qualified_on,
            today=today,
        )
    except (ValueError, TypeError) as exc:
        raise AnswersOutOfDate("registration") from exc
    return PlanFacts(
        answers=answers,
        nation=nation,
        pathway=RTP if (uk_qualified or ever_registered) else IR,
        profession=answers["profession"],
        uk_qualified=uk_qualified,
        ever_registered=ever_registered,
        practised_abroad=bool(answers["practised_abroad"]),
        job_offer=bool(answers["job_offer"]),
        last_practised=last_practised,
        qualified_on=qualified_on,
        qualification_country=qualification_country,
        residence_country=residence_country,
        requirement=requirement,
    )


# --------------------------------------------------------------------------------------------------
# The plan
# --------------------------------------------------------------------------------------------------


@dataclass
class PlanStep:
    step: PathwayStep
    number: int
    done: bool


@dataclass
class Plan:
    facts: PlanFacts
    steps: list[PlanStep]
    support: NationSupport | None
    saved: SavedPlan | None = None
    step_ids: set[int] = field(default_factory=set)

    @property
    def done_count(self) -> int:
        return sum(1 for item in self.steps if item.done)

    @property
    def percent(self) -> int:
        return int(self.done_count * 100 / len(self.steps)) if self.steps else 0


def matching_steps(facts: PlanFacts) -> list[PathwayStep]:
    """Live steps whose conditions fit the facts, in order. Two queries, however many steps there are."""
    return [step for step in PathwayStep.objects.for_matching() if step.matches(facts)]


def plan_build(
    answers: dict, *, today: datetime.date, ticked: set[int] | frozenset = frozenset(), saved=None
) -> Plan:
    facts = facts_from_answers(answers, today=today)
    steps = matching_steps(facts)
    support = NationSupport.objects.filter(nation=facts.nation).first()
    items = [PlanStep(step=step, number=n, done=step.pk in ticked) for n, step in enumerate(steps, start=1)]
    return Plan(facts=facts, steps=items, support=support, saved=saved, step_ids={step.pk for step in steps})


def plan_for_user(user) -> SavedPlan | None:
    """The user's own saved plan, or None. The only way code reaches a SavedPlan for a person."""
    if not getattr(user, "is_authenticated", False):
        return None
    return SavedPlan.objects.filter(user=user).first()


def plan_ticks(plan: SavedPlan) -> set[int]:
    return set(StepTick.objects.filter(plan=plan).values_list("step_id", flat=True))


def live_step_or_404(step_id: int) -> PathwayStep:
    step = PathwayStep.objects.live().filter(pk=step_id).first()
    if step is None:
        raise Http404("No such step")
    return step


# --------------------------------------------------------------------------------------------------
# The updating log
# --------------------------------------------------------------------------------------------------


def log_for_user(user) -> UpdatingLog | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return UpdatingLog.objects.filter(user=user).first()


def log_settings_from_plan(user, *, today: datetime.date) -> dict:
    """The log's basis and date, read from the user's saved plan: {} when it does not give them (no plan,
    an international recruit, or a date that is not a past date)."""
    saved = plan_for_user(user)
    if saved is None:
        return {}
    answers = saved.answers
    if answers.get("ever_registered") and answers.get("last_practised"):
        basis, value = UpdatingLog.LAST_PRACTISED, answers["last_practised"]
    elif (
        answers.get("ever_registered") is False
        and answers.get("uk_qualified")
        and answers.get("qualified_on")
    ):
        basis, value = UpdatingLog.QUALIFIED, answers["qualified_on"]
    else:
        return {}
    try:
        day = datetime.date.fromisoformat(str(value))
    except ValueError:
        return {}
    if day > today:
        return {}
    return {"basis": basis, "basis_date": day}


def activity_for_user(user, activity_id: int) -> UpdatingActivity:
    """One of the user's own activities; anyone else's (or none) is a 404."""
    if not getattr(user, "is_authenticated", False):
        raise Http404("No such activity")
    activity = UpdatingActivity.objects.select_related("log").filter(pk=activity_id, log__user=user).first()
    if activity is None:
        raise Http404("No such activity")
    return activity


@dataclass
class LogSummary:
    log: UpdatingLog
    requirement: rules.Requirement
    activities: list[UpdatingActivity]  # each with .flags, .flag_labels and .counted_hours
    check: rules.LogCheck

    # The period of updating, as it goes on HCPC's cover sheet: the entries that count, at least in
    # part. An entry left out (too old, a supervisor too new) must not stretch it.
    @property
    def first_day(self) -> datetime.date | None:
        return min((a.date for a in self.activities if a.counted_hours > 0), default=None)

    @property
    def last_day(self) -> datetime.date | None:
        return max((a.end_date for a in self.activities if a.counted_hours > 0), default=None)


def log_summary(log: UpdatingLog, *, today: datetime.date) -> LogSummary:
    """The log with its requirement, activities and checks. One query for the activities."""
    application_date = log.application_date(today)
    requirement = rules.updating_requirement(
        uk_qualified=True,
        ever_registered=log.basis == UpdatingLog.LAST_PRACTISED,
        practised_abroad_recently=False,
        last_practised=log.basis_date if log.basis == UpdatingLog.LAST_PRACTISED else None,
        qualified_on=log.basis_date if log.basis == UpdatingLog.QUALIFIED else None,
        today=max(application_date, log.basis_date),
    )
    activities = list(log.activities.order_by("date", "pk")) if log.pk else []  # not kept yet: none
    check = rules.check_log(activities, required=requirement.hours, application_date=application_date)
    for activity in activities:
        activity.flags = check.flagged.get(activity.pk, [])
        activity.counted_hours = check.counted_by_activity.get(activity.pk, Decimal(0))
        days_flagged = check.days_flagged.get(activity.pk, {})
        activity.flag_labels = [
            rules.flag_text(code, days_flagged=days_flagged.get(code, 1), days=activity.day_count)
            for code in activity.flags
        ]
    return LogSummary(log=log, requirement=requirement, activities=activities, check=check)
