"""Background tasks for enquiries (django-tasks): email delivery and its retries."""

from django_tasks import task

from . import notifications


@task()
def deliver_email(email_id: int) -> str:
    return notifications.deliver(email_id)


@task()
def deliver_due_retries() -> int:
    return notifications.deliver_due_retries()


@task()
def send_overdue_digest() -> int:
    """Daily: email each team lead their teams' overdue enquiries (see services.overdue_digest_send)."""
    from .services import overdue_digest_send

    return overdue_digest_send()
