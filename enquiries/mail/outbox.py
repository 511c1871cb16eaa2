"""The outbox: the only place in the portal that sends email.

Every email is rendered into an OutboundEmail row inside the transaction that causes it, then delivered
by a task after commit (never on the request path). Enquiry emails are rendered in enquiry_emails.py
(reply addresses in addresses.py); other apps render their own and hand them over: `queue_email` (the pathway finder's plan email), `queue_account_email`
(allauth's account emails, from the account adapter's send_mail). Delivery retries with backoff, never
sends a row that is already sent, and never sends to a suppressed address. ruff's banned-api rule
(pyproject.toml) keeps Django's sending API (send_mail, EmailMessage, ...) in this module.
"""

from __future__ import annotations

import datetime
import logging
import uuid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import strip_tags

from anymail.exceptions import AnymailRecipientsRefused
from django_tasks import task

from enquiries.mail.addresses import enquiry_from_reply_address as enquiry_from_reply_address
from enquiries.mail.addresses import reply_address as reply_address
from enquiries.models import OutboundEmail, Suppression

logger = logging.getLogger(__name__)

#: Wait before attempt n+1 (after attempt n fails); the last entry repeats until MAX_AGE is reached.
BACKOFF = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=15),
    datetime.timedelta(hours=1),
    datetime.timedelta(hours=3),
]
MAX_AGE = datetime.timedelta(hours=24)
CLAIM_TIMEOUT = datetime.timedelta(minutes=10)
#: How long a queued email is left to its own delivery task before the minute sweep takes it. The task
#: normally runs within seconds of the commit; it can be lost (a worker restart, "database is locked"
#: before it claims the row), and then only the sweep sends the email.
QUEUED_GRACE = datetime.timedelta(minutes=5)


def new_message_id() -> str:
    return f"<{uuid.uuid4().hex}@{settings.EMAIL_MESSAGE_ID_DOMAIN}>"


def single_line(text: str) -> str:
    """Header values must not carry CR/LF (header injection) or run on."""
    return " ".join(str(text).split())[:200]


def store(**fields) -> OutboundEmail:
    email = OutboundEmail.objects.create(header_message_id=new_message_id(), **fields)
    transaction.on_commit(lambda: _enqueue_delivery(email.pk))
    return email


def queue_email(*, kind: str, to: str, subject: str, body_text: str, body_html: str = "") -> OutboundEmail:
    """Queue an email another app has rendered, such as the pathway finder's plan (Kind.PLAN), tied to
    no enquiry. It is delivered, retried, refused for a suppressed address and listed as a dead letter
    exactly as an enquiry's emails are. Call it inside the transaction that causes the email."""
    return store(kind=kind, to=to, subject=single_line(subject), body_text=body_text, body_html=body_html)


#: Kept in place of an account email's text once it is sent: the text held a link or code that opens the
#: account (a password reset, a sign-in code) until it expires, and the outbox is not the place to keep it.
ONE_TIME_TEXT_REMOVED = "(Not kept once sent: it held a one-time link or code.)"


def queue_account_email(*, message) -> OutboundEmail:
    """Queue one of allauth's account emails (verification, password reset, sign-in code, notices), as
    its adapter renders it (`render_mail`: subject, a text body and perhaps an HTML one, one address).

    Like every email it is refused for a suppressed address and retried while the provider is down;
    unlike the others, its text is blanked once it is sent (ONE_TIME_TEXT_REMOVED). A late retry of a
    link or code that has expired meanwhile does no harm: allauth refuses it and the person asks again.
    """
    html = next(
        (
            content
            for content, mimetype in getattr(message, "alternatives", None) or []
            if mimetype == "text/html"
        ),
        "",
    )
    text = message.body
    if getattr(message, "content_subtype", "plain") == "html":
        html, text = message.body, strip_tags(message.body)
    (to,) = message.to
    return queue_email(
        kind=OutboundEmail.Kind.ACCOUNT, to=to, subject=message.subject, body_text=text, body_html=html
    )


def _enqueue_delivery(email_id: int) -> None:
    deliver_email.enqueue(email_id)


def deliver(email_id: int, *, now: datetime.datetime | None = None) -> str:
    """Send one email, unless it is sent, failed, suppressed, or claimed by another worker.

    Called by its task just after the commit that queued it, and by the minute sweep
    (`deliver_due_retries`) for retries, expired claims and emails whose task was lost. Whoever calls
    it first claims the row: under a row lock (PostgreSQL), with a conditional update that only succeeds
    while the row is as it was read (status and attempts). A task and the sweep, or two workers, can
    therefore never both send it: the second finds it claimed ("claimed elsewhere" or "not yet") or
    sent. The claim is committed before the provider is called and expires after CLAIM_TIMEOUT.

    At most one duplicate: if the worker dies between the provider accepting the email and the row being
    marked sent (or the database refuses that last write), the row stays claimed; once the claim has
    expired the sweep sends it again, with the same Message-ID. Each such crash causes at most one
    duplicate (a send finishes or fails well within CLAIM_TIMEOUT: EMAIL_TIMEOUT, anymail's request
    timeout), and the email is never lost. A send that fails with an error is recorded as failed and
    never duplicated. `now` is the clock (tests move it); it defaults to the current time.
    """
    now = now or timezone.now()
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status in (
            OutboundEmail.Status.SENT,
            OutboundEmail.Status.FAILED,
            OutboundEmail.Status.SUPPRESSED,
        ):
            return email.status if email else "missing"
        if email.status in (OutboundEmail.Status.RETRYING, OutboundEmail.Status.SENDING) and (
            email.next_attempt_at and email.next_attempt_at > now
        ):
            return "not yet"
        unchanged = OutboundEmail.objects.filter(pk=email.pk, status=email.status, attempts=email.attempts)
        if Suppression.objects.filter(email=email.to.strip().lower()).exists():
            # The address hard-bounced or complained (see tracking.py): never send to it, never retry.
            unchanged.update(status=OutboundEmail.Status.SUPPRESSED, next_attempt_at=None)
            logger.info("Email %s (%s) not sent: its address is suppressed", email.pk, email.kind)
            return OutboundEmail.Status.SUPPRESSED
        # The claim, which expires: if this worker dies mid-send, the sweep takes the row back after
        # CLAIM_TIMEOUT (see the docstring: at most one duplicate).
        claim = {
            "status": OutboundEmail.Status.SENDING,
            "attempts": email.attempts + 1,
            "next_attempt_at": now + CLAIM_TIMEOUT,
        }
        if not unchanged.update(**claim):
            logger.info("Email %s already claimed by another worker", email.pk)
            return "claimed elsewhere"
        for field, value in claim.items():
            setattr(email, field, value)

    headers = {"Message-ID": email.header_message_id}
    if email.in_reply_to:
        headers["In-Reply-To"] = email.in_reply_to
        headers["References"] = email.in_reply_to
    if email.kind in (OutboundEmail.Kind.ACKNOWLEDGEMENT, OutboundEmail.Kind.REPLY):
        headers["Auto-Submitted"] = (
            "auto-generated" if email.kind == OutboundEmail.Kind.ACKNOWLEDGEMENT else "no"
        )
    mail = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        reply_to=[email.reply_to] if email.reply_to else None,
        headers=headers,
    )
    if email.body_html:
        mail.attach_alternative(email.body_html, "text/html")
    mail.tags = [email.kind]
    mail.metadata = {"outbound_email_id": str(email.pk), "enquiry_id": str(email.enquiry_id or "")}
    try:
        mail.send()
    except Exception as exc:  # noqa: BLE001 - any provider failure means "try again later"
        return _record_failure(email, exc, now=now)
    status = getattr(mail, "anymail_status", None)
    email.status = OutboundEmail.Status.SENT
    email.sent_at = now
    # A string from every real provider; anymail's test backend gives an int (its outbox index).
    email.esp_message_id = str((getattr(status, "message_id", None) if status else None) or "")[:255]
    email.last_error = ""
    email.next_attempt_at = None
    fields = ["status", "sent_at", "esp_message_id", "last_error", "next_attempt_at"]
    if email.kind == OutboundEmail.Kind.ACCOUNT:
        email.body_text, email.body_html = ONE_TIME_TEXT_REMOVED, ""
        fields += ["body_text", "body_html"]
    email.save(update_fields=fields)
    return "sent"


def _record_failure(email: OutboundEmail, exc: Exception, *, now: datetime.datetime) -> str:
    """Retry with backoff for up to MAX_AGE, then the dead-letter list. A refusal of the address
    itself (anymail's AnymailRecipientsRefused: the provider rejected every recipient, e.g. an invalid
    or provider-suppressed address) will not get better by waiting: it goes to the list at once."""
    email.last_error = f"{type(exc).__name__}: {exc}"[:500]
    wait = BACKOFF[min(email.attempts - 1, len(BACKOFF) - 1)]
    if isinstance(exc, AnymailRecipientsRefused):
        email.status = OutboundEmail.Status.FAILED
        email.next_attempt_at = None
        logger.error("Email %s refused by the provider for its address: not retried", email.pk)
    elif now + wait - email.created_at > MAX_AGE:
        email.status = OutboundEmail.Status.FAILED
        email.next_attempt_at = None
        logger.error("Email %s failed for good after %s attempts", email.pk, email.attempts)
    else:
        email.status = OutboundEmail.Status.RETRYING
        email.next_attempt_at = now + wait
        logger.warning("Email %s failed (attempt %s); retrying after %s", email.pk, email.attempts, wait)
    email.save(update_fields=["status", "last_error", "next_attempt_at"])
    return email.status


#: Emails one run of the sweep delivers at most (the rest wait for the next minute).
SWEEP_BATCH = 200


def deliver_due_retries(now: datetime.datetime | None = None) -> int:
    """The minute sweep (run_scheduler): deliver every email that is due. Returns how many it tried.

    Due are: retries whose time has come; claims that expired (a worker died mid-send); and emails
    still queued QUEUED_GRACE after they were made, whose own task was lost (it failed before claiming
    the row, e.g. "database is locked", or a worker restart dropped it). The grace keeps the sweep out
    of the way of a task that is merely running late; even if both do run, `deliver` lets only one of
    them send. An email the database will not let us claim now is left for the next run.

    `now` moves the clock (tests). Without it each delivery reads the clock itself, so that a claim made
    late in a slow run still lasts CLAIM_TIMEOUT from when it was made.
    """
    clock, now = now, now or timezone.now()
    due = list(
        OutboundEmail.objects.filter(
            Q(
                status__in=[OutboundEmail.Status.RETRYING, OutboundEmail.Status.SENDING],
                next_attempt_at__lte=now,
            )
            | Q(status=OutboundEmail.Status.QUEUED, created_at__lte=now - QUEUED_GRACE)
        ).values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    for email_id in due:
        try:
            deliver(email_id, now=clock)
        except DatabaseError as exc:
            logger.warning(
                "Email %s not delivered by this sweep (%s); next run", email_id, type(exc).__name__
            )
    return len(due)


def queue_review_reminder(
    *, to: str, page_title: str, due: datetime.date, edit_url: str, today: datetime.date, note: str = ""
) -> OutboundEmail:
    """Remind a page's owner that its review is due (a fortnight before) or has fallen due (on the day);
    `note`, a paragraph saying why someone else is told (a moderator, when the owner cannot be).
    portal/review_reminders.py decides who gets one and remembers it; this only queues it."""
    due_text = f"{due:%-d %B %Y}"
    if due > today:
        subject = f"Review due on {due_text}: {page_title}"
        opening = f'The page "{page_title}", which you own, is due for review on {due_text}.'
    else:
        subject = f"Review due today: {page_title}"
        opening = f'The page "{page_title}", which you own, is due for review today ({due_text}).'
    if note:
        opening = opening.replace(", which you own,", "")
    body_text = (
        f"{opening}\n\n"
        + (f"{note}\n\n" if note else "")
        + "Please check that it is still accurate, correct it if needed, and record the review in the "
        "page's Review tab (last reviewed, next review due).\n\n"
        f"Edit the page: {edit_url}\n"
    )
    return store(kind=OutboundEmail.Kind.REVIEW, to=to, subject=single_line(subject), body_text=body_text)


def send_dead_letter_alert(*, emails: list[OutboundEmail], total: int, list_url: str) -> None:
    """One email to the administrators (settings.ADMINS) about emails that could not be sent for 24 hours.

    Sent at once with Django's mail_admins, not queued as an OutboundEmail: it reports on the queue
    itself. Holds ids, kinds, references and counts only: no address, no message text, no error text
    (a provider's error can quote the address). Raises when the email provider refuses it."""
    from django.core.mail import mail_admins

    context = {"emails": emails, "total": total, "shown": len(emails), "list_url": list_url}
    subject = single_line(render_to_string("enquiries/email/admin_alert_subject.txt", context))
    mail_admins(subject, render_to_string("enquiries/email/admin_alert.txt", context), fail_silently=False)


# Background tasks (django-tasks), enqueued on commit above and by the clock (run_scheduler) ----------------


@task()
def deliver_email(email_id: int) -> str:
    return deliver(email_id)


@task()
def deliver_due_retries_task() -> int:
    """Every minute: send emails whose retry time has come, and queued emails whose task was lost."""
    return deliver_due_retries()
