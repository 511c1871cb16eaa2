"""Daily housekeeping, enqueued by `run_scheduler`.

Sessions and finished task results hold personal data for a while (a signed-in person's session; a
task's arguments are ids only, but a failed task's traceback can quote an address), and nothing else
removes them. Django and django-tasks-db each ship the command that does it (`clearsessions`,
`prune_db_task_results`); this task only runs them on a schedule.
"""

from django.core.management import call_command

from django_tasks import task, task_backends

#: Finished task results are kept this long for troubleshooting, then deleted.
TASK_RESULTS_KEPT_DAYS = 14


@task()
def housekeeping() -> dict:
    call_command("clearsessions", verbosity=0)
    pruned = False
    from django_tasks_db import DatabaseBackend

    backend = task_backends["default"]
    if isinstance(backend, DatabaseBackend):
        call_command(
            "prune_db_task_results",
            backend=backend,
            queue_name="*",
            min_age_days=TASK_RESULTS_KEPT_DAYS,
            verbosity=0,
        )
        pruned = True
    return {"sessions_cleared": True, "task_results_pruned": pruned}
