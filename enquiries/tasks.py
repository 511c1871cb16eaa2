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
def process_inbound_email(inbound_id: int) -> str:
    """Match and thread (or hold) one saved inbound email; see enquiries.inbound."""
    from .inbound import inbound_process

    return inbound_process(inbound_id)


@task()
def process_pending_inbound() -> int:
    """Every minute: process saved inbound emails whose task was lost (e.g. a worker restart)."""
    from .inbound import inbound_process_pending

    return inbound_process_pending()


@task()
def send_overdue_digest() -> int:
    """Daily: email each team lead their teams' overdue enquiries (see services.overdue_digest_send)."""
    from .services import overdue_digest_send

    return overdue_digest_send()


@task()
def anonymise_expired_enquiries() -> int:
    """Daily: anonymise enquiries that ended more than ENQUIRY_RETENTION_MONTHS ago (enquiries.privacy)."""
    from .privacy import retention_run

    return retention_run()
