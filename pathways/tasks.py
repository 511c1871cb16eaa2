"""Background work for the pathway finder (django-tasks)."""

from django_tasks import task

from . import notifications


@task()
def email_plan(plan_id: int, base_url: str) -> bool:
    """Queue the plan email in the outbox (which sends it). The plan email view now queues it in the
    request itself; this task stays for tasks already waiting in the queue and for services.plan_email."""
    return notifications.queue_plan_email(plan_id=plan_id, base_url=base_url) is not None
