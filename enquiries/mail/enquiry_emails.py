"""The enquiry emails: rendered from templates/enquiries/email/ and handed to the outbox (store), which
delivers, retries and dead-letters them. Services queue these inside the transaction that causes them
(or on its commit): the acknowledgement and adviser notice, the adviser's reply, "the enquirer has
replied", the rating request, the overdue digest, and the notices about held email and delivery
problems. Nothing here sends: the outbox is the only module that hands email to Django's mail API."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string

from enquiries.mail.addresses import adviser_address, reply_address
from enquiries.mail.outbox import single_line, store
from enquiries.models import Enquiry, OutboundEmail


def _render(kind: str, context: dict) -> tuple[str, str, str]:
    subject = single_line(render_to_string(f"enquiries/email/{kind}_subject.txt", context))
    text = render_to_string(f"enquiries/email/{kind}.txt", context)
    html = render_to_string(f"enquiries/email/{kind}.html", context)
    return subject, text, html


def _queue(*, kind, enquiry=None, message=None, to, context, reply_to="", in_reply_to="") -> OutboundEmail:
    subject, text, html = _render(kind, {**context, "site_url": settings.WAGTAILADMIN_BASE_URL})
    return store(
        enquiry=enquiry,
        message=message,
        kind=kind,
        to=to,
        reply_to=reply_to,
        subject=subject,
        body_text=text,
        body_html=html,
        in_reply_to=in_reply_to,
    )


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
    to = adviser_address(enquiry)
    if not to:
        return None
    return _queue(
        kind=OutboundEmail.Kind.ENQUIRER_REPLIED,
        enquiry=enquiry,
        message=message,
        to=to,
        context={"enquiry": enquiry},
    )


def queue_rating_request(enquiry_id: int) -> OutboundEmail | None:
    """The "how did we do?" email, with a signed one-click link per score, when an enquiry is resolved.

    Sent once per enquiry: not again when it is reopened and resolved again, not once it is rated, and
    never for an anonymised enquiry. Called after the resolving transaction commits.
    """
    from django.urls import reverse

    from enquiries.models import SatisfactionRating
    from enquiries.ratings.forms import score_choices
    from enquiries.ratings.service import link_max_age, rating_token

    with transaction.atomic():
        enquiry = Enquiry.objects.select_for_update().filter(pk=enquiry_id).first()
        if (
            enquiry is None
            or enquiry.anonymised_at is not None
            or not enquiry.email
            or enquiry.resolved_at is None
            or enquiry.emails.filter(kind=OutboundEmail.Kind.RATING_REQUEST).exists()
            or SatisfactionRating.objects.filter(enquiry=enquiry).exists()
        ):
            return None
        rating_url = settings.WAGTAILADMIN_BASE_URL + reverse("enquiries:rate", args=[rating_token(enquiry)])
        return _queue(
            kind=OutboundEmail.Kind.RATING_REQUEST,
            enquiry=enquiry,
            to=enquiry.email,
            reply_to=reply_address(enquiry),
            context={
                "enquiry": enquiry,
                "rating_url": rating_url,
                "score_links": [
                    {"score": score, "label": label, "url": f"{rating_url}?score={score}"}
                    for score, label in score_choices()
                ],
                "link_days": link_max_age().days,
            },
        )


def queue_overdue_digest(*, lead, enquiries, now) -> OutboundEmail:
    """The daily list of overdue enquiries for a team lead (not tied to one enquiry)."""
    return _queue(
        kind=OutboundEmail.Kind.OVERDUE_DIGEST,
        to=lead.email,
        context={"lead": lead, "enquiries": enquiries, "now": now, "count": len(enquiries)},
    )


def queue_quarantine_notice(*, record, enquiry) -> OutboundEmail | None:
    """Tell the enquiry's adviser (or, if none, the team inbox) that an email for it is held for checking.
    Names no sender address: the adviser sees it in the workspace."""
    to = adviser_address(enquiry)
    if not to:
        return None
    return _queue(
        kind=OutboundEmail.Kind.QUARANTINED,
        enquiry=enquiry,
        to=to,
        context={"enquiry": enquiry, "record": record},
    )


def queue_delivery_problem(*, email: OutboundEmail, problem: str) -> OutboundEmail | None:
    """Tell the enquiry's adviser (or, if none, the team inbox) that an email to the enquirer hard-bounced
    or was marked as spam, so that we have stopped emailing them (see tracking.py). Names no address:
    the adviser sees it in the workspace. Never sent to the address that failed."""
    enquiry = email.enquiry
    failed = email.to.strip().lower()
    candidates = [
        (enquiry.assignee.email if enquiry.assignee_id else "", enquiry.assignee),
        (enquiry.team.email if enquiry.team_id else "", None),
    ]
    to, adviser = next(
        ((address, who) for address, who in candidates if address and address.lower() != failed), ("", None)
    )
    if not to:
        return None
    return _queue(
        kind=OutboundEmail.Kind.DELIVERY_PROBLEM,
        enquiry=enquiry,
        to=to,
        context={
            "enquiry": enquiry,
            "adviser": adviser,
            "failed_kind": email.get_kind_display(),
            "problem": problem,
            "complained": problem == OutboundEmail.Delivery.COMPLAINED,
        },
    )
