"""/health/ (the balancer's) and /health/all/ (monitoring's): django-health-check with our checks of
django-tasks' queue and the clock (portal/health.py)."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

import pytest

from portal import scheduler
from portal.models import ClockLease

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_balancer_check_is_green_with_every_check_named(client):
    response = client.get("/health/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {
        "database",
        "cache",
        "storage_default",
        "storage_private",
        "task_queue",
        "clock",
    }
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_a_silent_clock_is_a_warning_for_the_balancer_and_a_failure_for_monitoring(client):
    balancer = client.get("/health/")
    monitoring = client.get("/health/all/")

    assert balancer.status_code == 200 and balancer.json()["checks"]["clock"] == "warning"
    assert monitoring.status_code == 503
    assert monitoring.json() == {**monitoring.json(), "status": "failing"}
    assert monitoring.json()["checks"]["clock"] == "failing"


def test_monitoring_is_green_once_the_clock_has_ticked(client):
    call_command("run_scheduler", "--once", stdout=StringIO())

    response = client.get("/health/all/")

    assert response.status_code == 200, response.json()
    assert set(response.json()["checks"].values()) == {"ok"}


def test_a_clock_silent_for_too_long_fails_monitoring(client, settings):
    scheduler.lease_acquire(holder="a", lease=datetime.timedelta(minutes=1))
    ClockLease.objects.update(
        last_tick=timezone.now() - datetime.timedelta(seconds=settings.HEALTH_CLOCK_MAX_SILENCE + 5)
    )

    assert client.get("/health/all/").json()["checks"]["clock"] == "failing"


@override_settings(TASKS=DB_TASKS)
def test_a_task_waiting_too_long_fails_monitoring_but_not_the_balancer(client, settings):
    from django_tasks_db.models import DBTaskResult

    from portal.tasks import housekeeping

    call_command("run_scheduler", "--once", stdout=StringIO())  # the clock is fine
    result = housekeeping.enqueue()
    assert client.get("/health/all/").json()["checks"]["task_queue"] == "ok"  # just enqueued

    DBTaskResult.objects.filter(pk=result.id).update(
        enqueued_at=timezone.now() - datetime.timedelta(seconds=settings.HEALTH_TASK_MAX_WAIT + 5)
    )
    monitoring = client.get("/health/all/")
    balancer = client.get("/health/")

    assert monitoring.status_code == 503 and monitoring.json()["checks"]["task_queue"] == "failing"
    assert balancer.status_code == 200 and balancer.json()["checks"]["task_queue"] == "warning"


@override_settings(TASKS=DB_TASKS)
def test_a_task_scheduled_for_later_is_not_waiting(client, settings):
    from django_tasks_db.models import DBTaskResult

    from portal.tasks import housekeeping

    call_command("run_scheduler", "--once", stdout=StringIO())
    result = housekeeping.using(run_after=timezone.now() + datetime.timedelta(hours=1)).enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(enqueued_at=timezone.now() - datetime.timedelta(days=1))

    assert client.get("/health/all/").json()["checks"]["task_queue"] == "ok"


def test_an_unreachable_cache_takes_the_node_out_without_saying_why(client):
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:8699/0",
        }
    }
    with override_settings(CACHES=unreachable):  # Django resets its cache handlers on this change
        response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["status"] == "failing" and response.json()["checks"]["cache"] == "failing"
    assert "8699" not in response.content.decode() and "redis" not in response.content.decode().lower()


def test_an_unwritable_private_store_takes_the_node_out(client, settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocker)},
        },
    }

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["checks"]["storage_private"] == "failing"
    assert response.json()["checks"]["storage_default"] == "ok"


@pytest.mark.parametrize("path", ["/health/", "/health/all/"])
def test_health_refuses_post(client, path):
    assert client.post(path).status_code == 405
