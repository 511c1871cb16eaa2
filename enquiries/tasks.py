"""Background tasks for enquiries (django-tasks): email delivery and its retries."""

from django_tasks import task

from . import notifications


@task()
def deliver_email(email_id: int) -> str:
    return notifications.deliver(email_id)


@task()
def deliver_due_retries() -> int:
    return notifications.deliver_due_retries()
