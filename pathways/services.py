"""Writes for the plan and the log. Each service is keyword-only, runs in one transaction and queues any
email with transaction.on_commit, so nothing is sent for work that did not commit."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction

from .models import PathwayStep, SavedPlan, StepTick, UpdatingActivity, UpdatingLog
from .selectors import facts_from_answers, matching_steps


@transaction.atomic
def plan_save(*, user, answers: dict, ticked: Iterable[int] = (), today: datetime.date) -> SavedPlan:
    """Save (or replace) the user's plan from these answers.

    The steps are rebuilt from the snippets: ticks on steps that still apply are kept, ticks on steps
    that no longer apply are removed, and ``ticked`` (ticks made before signing in) are added for
    steps that apply. Raises selectors.AnswersOutOfDate if the answers are incomplete.
    """
    facts = facts_from_answers(answers, today=today)
    applying = {step.pk for step in matching_steps(facts)}
    plan, _ = SavedPlan.objects.select_for_update().get_or_create(user=user, defaults={"answers": answers})
    plan.answers = dict(answers)
    plan.save()
    StepTick.objects.filter(plan=plan).exclude(step_id__in=applying).delete()
    existing = set(StepTick.objects.filter(plan=plan).values_list("step_id", flat=True))
    new = (set(ticked) & applying) - existing
    StepTick.objects.bulk_create([StepTick(plan=plan, step_id=step_id) for step_id in sorted(new)])
    return plan


@transaction.atomic
def plan_tick(*, plan: SavedPlan, step: PathwayStep, done: bool) -> None:
    if done:
        StepTick.objects.get_or_create(plan=plan, step=step)
    else:
        StepTick.objects.filter(plan=plan, step=step).delete()


@transaction.atomic
def plan_delete(*, plan: SavedPlan) -> None:
    plan.delete()


def plan_email(*, plan: SavedPlan, base_url: str):
    """Put the plan in the outbox for its owner's own address (sent after the transaction commits,
    retried, refused for a suppressed address). None when the saved answers no longer make a plan."""
    from . import notifications

    return notifications.queue_plan_email(plan_id=plan.pk, base_url=base_url)


@transaction.atomic
def log_setup(
    *, user, basis: str, basis_date: datetime.date, planned_application_date: datetime.date | None
) -> UpdatingLog:
    log, _ = UpdatingLog.objects.update_or_create(
        user=user,
        defaults={
            "basis": basis,
            "basis_date": basis_date,
            "planned_application_date": planned_application_date,
        },
    )
    return log


ACTIVITY_FIELDS = UpdatingActivity.ENTRY_FIELDS


@transaction.atomic
def activity_add(*, log: UpdatingLog, data: dict) -> UpdatingActivity:
    """Add an entry; a log not kept yet (started from the person's plan) is kept with it."""
    if log.pk is None:
        log = log_setup(
            user=log.user,
            basis=log.basis,
            basis_date=log.basis_date,
            planned_application_date=log.planned_application_date,
        )
    activity = UpdatingActivity(log=log, **{name: data.get(name) for name in ACTIVITY_FIELDS})
    _normalise(activity)
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_update(*, activity: UpdatingActivity, data: dict) -> UpdatingActivity:
    for name in ACTIVITY_FIELDS:
        setattr(activity, name, data.get(name))
    _normalise(activity)
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_delete(*, activity: UpdatingActivity) -> None:
    activity.delete()


def _normalise(activity: UpdatingActivity) -> None:
    activity.end_date = activity.end_date or activity.date
    activity.organisation = activity.organisation or ""
    activity.supervisor_name = activity.supervisor_name or ""
    if activity.kind != UpdatingActivity.SUPERVISED:
        activity.supervisor_name = ""
        activity.supervisor_years_registered = None
