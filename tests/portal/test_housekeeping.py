"""Daily housekeeping: expired sessions and old finished task results are deleted."""

import datetime

from django.contrib.sessions.models import Session
from django.utils import timezone

import pytest
from django_tasks import task_backends
from django_tasks_db.models import DBTaskResult

from portal.management.commands.run_scheduler import daily_tasks
from portal.tasks import TASK_RESULTS_KEPT_DAYS, housekeeping

pytestmark = pytest.mark.django_db


def make_session(key: str, expires_in: datetime.timedelta) -> None:
    Session.objects.create(session_key=key, session_data="e30:1", expire_date=timezone.now() + expires_in)


def test_housekeeping_deletes_expired_sessions_and_keeps_live_ones(settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    make_session("a" * 32, -datetime.timedelta(minutes=1))
    make_session("b" * 32, datetime.timedelta(days=1))
    housekeeping.enqueue()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["b" * 32]


def test_housekeeping_prunes_old_finished_task_results_on_the_database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    backend = task_backends["default"]
    from enquiries.mail.outbox import deliver_due_retries_task as deliver_due_retries

    old, recent, waiting = (backend.enqueue(deliver_due_retries, (), {}) for _ in range(3))
    now = timezone.now()
    DBTaskResult.objects.filter(id=old.id).update(
        status="SUCCESSFUL", finished_at=now - datetime.timedelta(days=TASK_RESULTS_KEPT_DAYS + 1)
    )
    DBTaskResult.objects.filter(id=recent.id).update(
        status="SUCCESSFUL", finished_at=now - datetime.timedelta(days=TASK_RESULTS_KEPT_DAYS - 1)
    )
    assert housekeeping.func() == {"sessions_cleared": True, "task_results_pruned": True}
    remaining = {str(pk) for pk in DBTaskResult.objects.values_list("id", flat=True)}
    assert remaining == {str(recent.id), str(waiting.id)}


def test_housekeeping_runs_daily_from_the_scheduler():
    assert housekeeping in daily_tasks()
