"""/health/ for the load balancer and /health/all/ for monitoring, built on django-health-check.

The library's own checks cover the database (SELECT 1), the cache (a set and a get) and each file
storage (save, read, delete a small file in the public and the private store). It has none for
django-tasks' database queue or for our clock, so two checks are written here:

- `TaskQueue`: the oldest task waiting to run (ready, its run-after time passed) has waited less than
  settings.HEALTH_TASK_MAX_WAIT. A queue that is not drained means no worker, or too few.
- `Clock`: the clock (run_scheduler, portal/scheduler.py) ticked less than settings.HEALTH_CLOCK_MAX_SILENCE
  ago. No tick means no clock holds the lease: no scheduled publishing, no email retries.

Which failures take a node out of the balancer: only its own. The database, the cache and the
storages are reached from this node, so a failure there is this node's (or everyone's) and 503 sends
traffic elsewhere. A stalled queue or a silent clock is the same on every node; failing /health/ for
them would take every web node out at once for a fault no web node has. So /health/ reports them
("warning") without failing, and /health/all/ fails on them too, for the monitoring that pages someone.

The answer is JSON with one word per check ("ok", "warning", "failing") and no error text, as the
address is public: the reasons (a database host, a bucket name) go to the log (logger "health-check").
"""

from __future__ import annotations

import dataclasses
import datetime

from django.conf import settings
from django.http import JsonResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from health_check.backends import HealthCheck
from health_check.exceptions import ServiceUnavailable, ServiceWarning
from health_check.views import HealthCheckView


@dataclasses.dataclass
class TaskQueue(HealthCheck):
    """The oldest task waiting in django-tasks' database queue has not waited too long."""

    critical: bool = True

    def __post_init__(self):
        self.critical_service = self.critical

    def __repr__(self):
        return "task_queue"

    def check_status(self):
        backend = settings.TASKS["default"]["BACKEND"]
        if backend != "django_tasks_db.DatabaseBackend":
            return  # tasks run in the request (development, tests): there is no queue to wait in
        from django_tasks_db.models import DBTaskResult, get_date_max

        ready = DBTaskResult.objects.ready()
        oldest = [
            ready.filter(run_after=get_date_max())
            .order_by("enqueued_at")
            .values_list("enqueued_at", flat=True)
            .first(),
            ready.exclude(run_after=get_date_max())
            .order_by("run_after")
            .values_list("run_after", flat=True)
            .first(),
        ]
        waiting_since = min((moment for moment in oldest if moment is not None), default=None)
        if waiting_since is None:
            return
        waited = timezone.now() - waiting_since
        if waited > datetime.timedelta(seconds=settings.HEALTH_TASK_MAX_WAIT):
            raise ServiceUnavailable(f"the oldest waiting task has waited {int(waited.total_seconds())} s")


@dataclasses.dataclass
class Clock(HealthCheck):
    """The clock's last tick (portal.models.ClockLease.last_tick) is recent."""

    critical: bool = True

    def __post_init__(self):
        self.critical_service = self.critical

    def __repr__(self):
        return "clock"

    def check_status(self):
        from portal.scheduler import lease_state

        state = lease_state()
        if state is None or state.last_tick is None:
            raise ServiceUnavailable("the clock has never ticked")
        silent = timezone.now() - state.last_tick
        if silent > datetime.timedelta(seconds=settings.HEALTH_CLOCK_MAX_SILENCE):
            raise ServiceUnavailable(f"the clock last ticked {int(silent.total_seconds())} s ago")


#: The node's own dependencies: any failure here answers 503.
NODE_CHECKS = (
    ("health_check.Database", {"alias": "default"}),
    ("health_check.Cache", {"alias": "default", "cache_key": None}),  # None: no deprecation warning
    ("health_check.Storage", {"alias": "default"}),
    ("health_check.Storage", {"alias": "private"}),
)


def _label(plugin: HealthCheck) -> str:
    """ "database", "cache", "storage_default", "storage_private", "task_queue", "clock"."""
    if isinstance(plugin, TaskQueue | Clock):
        return repr(plugin)
    name = type(plugin).__qualname__.lower()
    alias = getattr(plugin, "alias", "default")
    return f"{name}_{alias}" if name == "storage" or alias != "default" else name


@method_decorator(require_GET, name="dispatch")
class PortalHealthView(HealthCheckView):
    """django-health-check's view, answering a short JSON document and 503 (not 500) when failing:
    balancers read 503 as "send traffic elsewhere", and a 500 would look like a bug of ours."""

    use_threading = False  # one connection per check thread would be opened and closed per request
    warnings_as_errors = True

    @method_decorator(never_cache)
    def get(self, request, *args, **kwargs):
        failing = bool(self.check())
        checks = {}
        for plugin in self.plugins.values():
            label = _label(plugin)
            if not plugin.errors:
                checks[label] = "ok"
            elif plugin.critical_service and not all(isinstance(e, ServiceWarning) for e in plugin.errors):
                checks[label] = "failing"
            else:
                checks[label] = "warning"
        return JsonResponse(
            {"status": "failing" if failing else "ok", "checks": checks}, status=503 if failing else 200
        )


def balancer_view():
    """/health/: fails only on the node's own dependencies; the queue and the clock are reported."""
    return PortalHealthView.as_view(
        checks=[*NODE_CHECKS, (TaskQueue, {"critical": False}), (Clock, {"critical": False})]
    )


def monitoring_view():
    """/health/all/: fails on anything, the queue and the clock included."""
    return PortalHealthView.as_view(checks=[*NODE_CHECKS, (TaskQueue, {}), (Clock, {})])
