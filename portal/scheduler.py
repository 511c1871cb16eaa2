"""The clock's lease: two `run_scheduler` processes never both enqueue the periodic jobs.

Why our own few lines: django-tasks has no periodic scheduler and no lock, and a scheduling service
(celery beat, APScheduler's job stores) would be a second system for five jobs. The rule is a lease in
one database row (portal.models.ClockLease), taken and renewed with a single conditional UPDATE, which
the database runs atomically on PostgreSQL and SQLite alike:

    UPDATE ... SET holder = me, lease_until = now + LEASE
    WHERE name = 'clock' AND (holder = me OR lease_until IS NULL OR lease_until < now)

One row changed: this process holds the clock until `lease_until`. None: another process holds it, and
this one waits as a standby, trying again each interval. The holder renews before each round of jobs
and enqueues only if the renewal succeeded, so after a holder dies (or loses the database) a standby
takes over within LEASE, and a holder that was paused past its lease finds it taken and stands down.
A PostgreSQL advisory lock would need a connection held open for the process's life and would vanish
unnoticed when that connection drops; the row also records the heartbeat (`last_tick`) that /health/
reads, and the day the daily jobs last ran, so a standby taking over at noon does not run them again.
"""

from __future__ import annotations

import datetime
import os
import secrets
import socket

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from portal.models import ClockLease

CLOCK = "clock"


def holder_name() -> str:
    """This process, as the lease records it: host, process id and a random nonce (a restarted
    process with the same pid is a different holder)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def lease_acquire(*, holder: str, lease: datetime.timedelta, name: str = CLOCK) -> bool:
    """Take or renew the lease for `lease` from now. True if `holder` now holds it."""
    now = timezone.now()
    ensure_row(name)
    free_or_mine = Q(holder=holder) | Q(holder="") | Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    changed = ClockLease.objects.filter(free_or_mine, name=name).update(
        holder=holder, lease_until=now + lease
    )
    return changed == 1


def lease_release(*, holder: str, name: str = CLOCK) -> None:
    """Give the lease up at once (on a clean stop), so a standby need not wait for it to expire."""
    ClockLease.objects.filter(name=name, holder=holder).update(holder="", lease_until=None)


def lease_record_tick(*, holder: str, daily_done_on: datetime.date | None = None, name: str = CLOCK) -> None:
    """The heartbeat: the holder has just enqueued the jobs (and the daily ones, for that UK date)."""
    values = {"last_tick": timezone.now()}
    if daily_done_on is not None:
        values["daily_done_on"] = daily_done_on
    ClockLease.objects.filter(name=name, holder=holder).update(**values)


def lease_state(name: str = CLOCK) -> ClockLease | None:
    return ClockLease.objects.filter(name=name).first()


def ensure_row(name: str = CLOCK) -> None:
    """Create the lease's row if it is missing; two clocks starting at once may both try."""
    if ClockLease.objects.filter(name=name).exists():
        return
    try:
        with transaction.atomic():
            ClockLease.objects.create(name=name)
    except IntegrityError:
        pass  # the other clock created it first
