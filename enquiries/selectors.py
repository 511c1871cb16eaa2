"""Every read that decides who sees what: one function per object type, used by lists, detail pages,
downloads and exports alike. Anything a user may not see is simply absent (views answer 404)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import Attachment, Enquiry, Message

ADVISERS_GROUP = "Advisers"
TEAM_LEADS_GROUP = "Team leads"


def verified_emails(user) -> list[str]:
    if not getattr(user, "is_authenticated", False):
        return []
    from allauth.account.models import EmailAddress

    return [
        e.lower()
        for e in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    ]


def is_enquiry_staff(user) -> bool:
    """Advisers and team leads: staff members of at least one team."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_staff
        and (user.is_superuser or user.team_memberships.exists())
    )


def enquiries_for_staff(user) -> QuerySet[Enquiry]:
    """Advisers see their teams' enquiries (plus any assigned to them); superusers see all."""
    if not is_enquiry_staff(user):
        return Enquiry.objects.none()
    if user.is_superuser:
        return Enquiry.objects.all()
    return Enquiry.objects.filter(Q(team__memberships__user=user) | Q(assignee=user)).distinct()


def enquiries_for_enquirer(user) -> QuerySet[Enquiry]:
    """An enquirer's own enquiries: made while signed in, or sent from one of their verified emails.
    Spam and merged-away enquiries are not shown."""
    emails = verified_emails(user)
    if not emails:
        return Enquiry.objects.none()
    return Enquiry.objects.filter(Q(user=user) | Q(email__in=emails)).exclude(
        status__in=[Enquiry.Status.SPAM]
    )


def messages_for_enquirer(user, enquiry: Enquiry) -> QuerySet[Message]:
    """The thread an enquirer sees: no internal notes."""
    if not enquiries_for_enquirer(user).filter(pk=enquiry.pk).exists():
        return Message.objects.none()
    return enquiry.messages.exclude(kind=Message.Kind.NOTE)


def attachments_for(user) -> QuerySet[Attachment]:
    """Attachments a user may download: staff through their visible enquiries; enquirers only on
    messages of their own enquiries that are not internal notes."""
    staff = enquiries_for_staff(user)
    own = enquiries_for_enquirer(user)
    return Attachment.objects.filter(
        Q(message__enquiry__in=staff.values("pk"))
        | (Q(message__enquiry__in=own.values("pk")) & ~Q(message__kind=Message.Kind.NOTE))
    )
