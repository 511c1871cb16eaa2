"""The only place that sends email for enquiries.

Emails are rendered into OutboundEmail rows inside the transaction that causes them, then delivered by
a task after commit (never on the request path). Delivery retries with backoff and never sends a row
that is already sent.
"""

from __future__ import annotations

import datetime
import logging
import uuid

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Enquiry, OutboundEmail

logger = logging.getLogger(__name__)

REPLY_SALT = "enquiries.reply-address"
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


def new_message_id() -> str:
    return f"<{uuid.uuid4().hex}@{settings.EMAIL_MESSAGE_ID_DOMAIN}>"


def reply_address(enquiry: Enquiry) -> str:
    """reply+<signed enquiry uuid>@inbound domain: unforgeable, and names nothing personal."""
    token = signing.dumps(str(enquiry.uuid), salt=REPLY_SALT, compress=True)
    return f"reply+{token}@{settings.INBOUND_EMAIL_DOMAIN}"


def enquiry_from_reply_address(address: str) -> Enquiry | None:
    local = address.split("@", 1)[0]
    if not local.startswith("reply+"):
        return None
    try:
        value = signing.loads(local.removeprefix("reply+"), salt=REPLY_SALT)
    except signing.BadSignature:
        return None
    return Enquiry.objects.filter(uuid=value).first()


def _single_line(text: str) -> str:
    """Header values must not carry CR/LF (header injection) or run on."""
    return " ".join(str(text).split())[:200]


def _render(kind: str, context: dict) -> tuple[str, str, str]:
    subject = _single_line(render_to_string(f"enquiries/email/{kind}_subject.txt", context))
    text = render_to_string(f"enquiries/email/{kind}.txt", context)
    html = render_to_string(f"enquiries/email/{kind}.html", context)
    return subject, text, html


def _queue(*, kind, enquiry=None, message=None, to, context, reply_to="", in_reply_to="") -> OutboundEmail:
    subject, text, html = _render(kind, {**context, "site_url": settings.WAGTAILADMIN_BASE_URL})
    email = OutboundEmail.objects.create(
        enquiry=enquiry,
        message=message,
        kind=kind,
        to=to,
        reply_to=reply_to,
        subject=subject,
        body_text=text,
        body_html=html,
        header_message_id=new_message_id(),
        in_reply_to=in_reply_to,
    )
    transaction.on_commit(lambda: _enqueue_delivery(email.pk))
    return email


def _enqueue_delivery(email_id: int) -> None:
    from .tasks import deliver_email

    deliver_email.enqueue(email_id)


def queue_submission_emails(enquiry_id: int) -> None:
    """Acknowledgement to the enquirer and, when assigned, a notice to the adviser."""
    with transaction.atomic():
        enquiry = Enquiry.objects.select_related("assignee", "nation", "topic", "team").get(pk=enquiry_id)
        if enquiry.emails.filter(kind=OutboundEmail.Kind.ACKNOWLEDGEMENT).exists():
            return
        first = enquiry.messages.order_by("created_at", "pk").first()
        context = {"enquiry": enquiry}
        _queue(
            kind=OutboundEmail.Kind.ACKNOWLEDGEMENT,
            enquiry=enquiry,
            message=first,
            to=enquiry.email,
            reply_to=reply_address(enquiry),
            context=context,
        )
        if enquiry.assignee and enquiry.assignee.email:
            _queue(
                kind=OutboundEmail.Kind.ADVISER_NOTICE,
                enquiry=enquiry,
                to=enquiry.assignee.email,
                context={**context, "adviser": enquiry.assignee},
            )


def queue_reply_email(*, message) -> OutboundEmail:
    enquiry = message.enquiry
    previous = (
        enquiry.emails.filter(kind__in=[OutboundEmail.Kind.ACKNOWLEDGEMENT, OutboundEmail.Kind.REPLY])
        .order_by("-created_at")
        .values_list("header_message_id", flat=True)
        .first()
    )
    return _queue(
        kind=OutboundEmail.Kind.REPLY,
        enquiry=enquiry,
        message=message,
        to=enquiry.email,
        reply_to=reply_address(enquiry),
        in_reply_to=previous or "",
        context={"enquiry": enquiry, "message": message},
    )


def queue_enquirer_replied(*, message) -> OutboundEmail | None:
    """Tell the assigned adviser (or, if none, the team inbox) that the enquirer has answered."""
    enquiry = message.enquiry
    to = (enquiry.assignee.email if enquiry.assignee_id else "") or (
        enquiry.team.email if enquiry.team_id else ""
    )
    if not to:
        return None
    return _queue(
        kind=OutboundEmail.Kind.ENQUIRER_REPLIED,
        enquiry=enquiry,
        message=message,
        to=to,
        context={"enquiry": enquiry},
    )


def deliver(email_id: int) -> str:
    """Send one queued email. Claims the row first so two workers never both send it."""
    now = timezone.now()
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status in (OutboundEmail.Status.SENT, OutboundEmail.Status.FAILED):
            return email.status if email else "missing"
        if email.status in (OutboundEmail.Status.RETRYING, OutboundEmail.Status.SENDING) and (
            email.next_attempt_at and email.next_attempt_at > now
        ):
            return "not yet"
        email.status = OutboundEmail.Status.SENDING
        email.attempts += 1
        # A claim that expires: if this worker dies mid-send, the retry sweep takes the row back after
        # CLAIM_TIMEOUT. That can cause at most one duplicate (sent, but not recorded as sent).
        email.next_attempt_at = now + CLAIM_TIMEOUT
        email.save(update_fields=["status", "attempts", "next_attempt_at"])

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
        return _record_failure(email, exc)
    status = getattr(mail, "anymail_status", None)
    email.status = OutboundEmail.Status.SENT
    email.sent_at = timezone.now()
    email.esp_message_id = (getattr(status, "message_id", None) or "")[:255] if status else ""
    email.last_error = ""
    email.next_attempt_at = None
    email.save(update_fields=["status", "sent_at", "esp_message_id", "last_error", "next_attempt_at"])
    return "sent"


def _record_failure(email: OutboundEmail, exc: Exception) -> str:
    now = timezone.now()
    email.last_error = f"{type(exc).__name__}: {exc}"[:500]
    wait = BACKOFF[min(email.attempts - 1, len(BACKOFF) - 1)]
    if now + wait - email.created_at > MAX_AGE:
        email.status = OutboundEmail.Status.FAILED
        email.next_attempt_at = None
        logger.error("Email %s failed for good after %s attempts", email.pk, email.attempts)
    else:
        email.status = OutboundEmail.Status.RETRYING
        email.next_attempt_at = now + wait
        logger.warning("Email %s failed (attempt %s); retrying after %s", email.pk, email.attempts, wait)
    email.save(update_fields=["status", "last_error", "next_attempt_at"])
    return email.status


def deliver_due_retries(now=None) -> int:
    """Deliver every email whose retry time has come. Run every minute by the scheduler."""
    now = now or timezone.now()
    due = list(
        OutboundEmail.objects.filter(
            status__in=[OutboundEmail.Status.RETRYING, OutboundEmail.Status.SENDING], next_attempt_at__lte=now
        ).values_list("pk", flat=True)[:200]
    )
    for email_id in due:
        deliver(email_id)
    return len(due)


def queue_overdue_digest(*, lead, enquiries, now) -> OutboundEmail:
    """The daily list of overdue enquiries for a team lead (not tied to one enquiry)."""
    return _queue(
        kind=OutboundEmail.Kind.OVERDUE_DIGEST,
        to=lead.email,
        context={"lead": lead, "enquiries": enquiries, "now": now, "count": len(enquiries)},
    )
