"""The clock's lease (portal/scheduler.py): two schedulers never both enqueue the periodic jobs, a standby
takes over when the holder stops, and every round records the heartbeat /health/ reads."""

import datetime
import os
import signal
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

import pytest

from portal import scheduler
from portal.models import ClockLease

ROOT = Path(__file__).resolve().parents[2]
LEASE = datetime.timedelta(seconds=60)


@pytest.mark.django_db
def test_a_second_holder_cannot_take_a_lease_that_is_held():
    assert scheduler.lease_acquire(holder="a", lease=LEASE)
    assert not scheduler.lease_acquire(holder="b", lease=LEASE)
    assert scheduler.lease_acquire(holder="a", lease=LEASE)  # the holder renews
    assert ClockLease.objects.get().holder == "a"


@pytest.mark.django_db
def test_an_expired_lease_passes_to_the_standby_and_the_old_holder_stands_down():
    assert scheduler.lease_acquire(holder="a", lease=LEASE)
    ClockLease.objects.update(lease_until=timezone.now() - datetime.timedelta(seconds=1))

    assert scheduler.lease_acquire(holder="b", lease=LEASE)
    assert not scheduler.lease_acquire(holder="a", lease=LEASE)


@pytest.mark.django_db
def test_a_released_lease_is_free_at_once():
    scheduler.lease_acquire(holder="a", lease=LEASE)
    scheduler.lease_release(holder="a")
    assert scheduler.lease_acquire(holder="b", lease=LEASE)


@pytest.mark.django_db
def test_only_the_holder_records_a_tick():
    scheduler.lease_acquire(holder="a", lease=LEASE)
    scheduler.lease_record_tick(holder="b")
    assert ClockLease.objects.get().last_tick is None
    scheduler.lease_record_tick(holder="a")
    assert ClockLease.objects.get().last_tick is not None


@pytest.mark.django_db
def test_a_round_records_the_heartbeat_and_the_daily_jobs_run_once_a_day():
    call_command("run_scheduler", "--once", stdout=StringIO())
    lease = ClockLease.objects.get()
    assert timezone.now() - lease.last_tick < datetime.timedelta(seconds=30)
    assert lease.holder == ""  # released on the way out


@pytest.mark.django_db
def test_a_clock_stands_by_while_another_holds_the_lease():
    scheduler.lease_acquire(holder="elsewhere", lease=LEASE)
    out = StringIO()

    call_command("run_scheduler", "--once", stdout=out)

    assert "standing by" in out.getvalue()
    assert "Enqueued" not in out.getvalue()
    assert ClockLease.objects.get().last_tick is None


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return (
        f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


def _clock(env, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_scheduler", "--interval", "1", "--lease", "30"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def _wait_for(log: Path, text: str, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while text not in log.read_text():
        assert process.poll() is None, log.read_text()
        assert time.monotonic() < deadline, f"{text!r} not seen in: {log.read_text()}"
        time.sleep(0.2)


@pytest.mark.django_db(transaction=True)
def test_two_scheduler_processes_never_both_enqueue_and_the_standby_takes_over(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": _database_url(),
        "PYTHONUNBUFFERED": "1",
    }
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.CACHES["default"]["LOCATION"]
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    first = _clock(env, first_log)
    second = None
    try:
        _wait_for(first_log, "Enqueued alert_dead_letters", first)
        second = _clock(env, second_log)
        _wait_for(second_log, "standing by", second)
        time.sleep(3)  # both running: the first keeps ticking, the second waits
        _stop(first)  # a clean stop releases the lease
        _wait_for(second_log, "Enqueued alert_dead_letters", second, seconds=30)
    finally:
        for process in (first, second):
            if process is not None:
                _stop(process)
    first_out, second_out = first_log.read_text(), second_log.read_text()

    assert "Holding the clock" in first_out and "Released the clock" in first_out
    assert first_out.count("Enqueued publish_scheduled_pages") >= 2
    before, _, after = second_out.partition("Holding the clock")
    assert "standing by" in before and "Enqueued" not in before  # nothing while the first held it
    assert "Enqueued publish_scheduled_pages" in after  # then it took over at once
