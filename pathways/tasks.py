"""Background work for the pathway finder (django-tasks): emailing a plan, off the request path."""

from django_tasks import task

from . import notifications


@task()
def email_plan(plan_id: int, base_url: str) -> bool:
    return notifications.send_plan(plan_id=plan_id, base_url=base_url)
