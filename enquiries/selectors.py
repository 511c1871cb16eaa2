"""Every read that decides who sees what: one function per object type, used by lists, detail pages,
downloads and exports alike. Anything a user may not see is simply absent (views answer 404)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from enquiries.models import Attachment, Enquiry, Message, TeamMembership
from enquiries.states import OPEN_STATUSES, RUNNING_STATUSES

ADVISERS_GROUP = "Advisers"
TEAM_LEADS_GROUP = "Team leads"


def verified_emails(user) -> list[str]:
    """The user's verified addresses (allauth), lower case, the primary one first."""
    if not getattr(user, "is_authenticated", False):
        return []
    from allauth.account.models import EmailAddress

    addresses = EmailAddress.objects.filter(user=user, verified=True).order_by("-primary", "email")
    return list(dict.fromkeys(e.lower() for e in addresses.values_list("email", flat=True)))


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
    # A subquery on the memberships, not a join: an OR across a join (plus DISTINCT) makes PostgreSQL
    # scan every enquiry; this shape uses the team and assignee indexes (benchmarks/enquiries_inbox.py).
    my_teams = TeamMembership.objects.filter(user=user).values("team_id")
    return Enquiry.objects.filter(Q(team_id__in=my_teams) | Q(assignee=user))


def enquiries_for_enquirer(user) -> QuerySet[Enquiry]:
    """An enquirer's own enquiries: made while signed in to their account, or made without an account
    from one of their verified addresses. An enquiry made by another account belongs to that account
    alone, whatever address it carries (one enquiry, one owner). Spam is not shown."""
    emails = verified_emails(user)
    if not emails:
        return Enquiry.objects.none()
    return Enquiry.objects.filter(Q(user=user) | Q(user__isnull=True, email__in=emails)).exclude(
        status__in=[Enquiry.Status.SPAM]
    )


def messages_for_enquirer(user, enquiry: Enquiry) -> QuerySet[Message]:
    """The thread an enquirer sees: no internal notes."""
    if not enquiries_for_enquirer(user).filter(pk=enquiry.pk).exists():
        return Message.objects.none()
    return enquiry.messages.exclude(kind=Message.Kind.NOTE)


def attachments_for(user, *, staff_verified: bool) -> QuerySet[Attachment]:
    """Attachments a user may download: enquirers only on messages of their own enquiries that are not
    internal notes; staff also through the enquiries they see at work, but only when `staff_verified`
    (`portal.staff_access.staff_session_verified(request)`: this session used a second factor).
    Without it a member of staff gets what any enquirer gets: their own."""
    own = Q(message__enquiry__in=enquiries_for_enquirer(user).values("pk")) & ~Q(
        message__kind=Message.Kind.NOTE
    )
    if not staff_verified:
        return Attachment.objects.filter(own)
    return Attachment.objects.filter(Q(message__enquiry__in=enquiries_for_staff(user).values("pk")) | own)


# --------------------------------------------------------------------------------------------------
# The adviser workspace: inboxes, their counts, and the choices offered on an enquiry
# --------------------------------------------------------------------------------------------------

#: The inboxes of the workspace, in menu order: slug -> label.
INBOXES: dict[str, str] = {
    "mine": "Mine",
    "unassigned": "Unassigned in my teams",
    "all": "All my teams'",
    "due-soon": "Due soon",
    "overdue": "Overdue",
    "awaiting": "Awaiting enquirer",
}
#: "Due soon" means the reply is due within this much working time (one working day).
DUE_SOON_WORKING_SECONDS = 8 * 60 * 60
#: Statuses whose response clock is running (the others are paused or finished).


def due_soon_before(now):
    """The moment before which a running deadline counts as due soon (one working day from now)."""
    from enquiries.deadlines import add_working_seconds

    return add_working_seconds(now, DUE_SOON_WORKING_SECONDS)


def inbox_conditions(user, *, now) -> dict[str, Q]:
    """Each inbox as a condition on the enquiries the user may see (see enquiries_for_staff).

    'All my teams'' holds the open enquiries; the workspace drops that limit when someone searches or
    filters by status, so that resolved and closed enquiries can still be found.
    """
    open_ = Q(status__in=OPEN_STATUSES)
    running = Q(status__in=RUNNING_STATUSES, due_at__isnull=False)
    return {
        "mine": open_ & Q(assignee=user),
        "unassigned": open_ & Q(assignee__isnull=True),
        "all": open_,
        "due-soon": running & Q(due_at__gte=now, due_at__lt=due_soon_before(now)),
        "overdue": running & Q(due_at__lt=now),
        "awaiting": Q(status=Enquiry.Status.AWAITING_ENQUIRER),
    }


def inbox_counts(user, *, now) -> dict[str, int]:
    """How many enquiries each inbox holds, in one query (conditional aggregation)."""
    from django.db.models import Count

    conditions = inbox_conditions(user, now=now)
    # Every inbox holds only open enquiries, so counting among those lets the partial indexes apply.
    visible = enquiries_for_staff(user).filter(status__in=OPEN_STATUSES)
    counts = visible.aggregate(
        **{slug.replace("-", "_"): Count("pk", filter=q) for slug, q in conditions.items()}
    )
    return {slug: counts[slug.replace("-", "_")] or 0 for slug in conditions}


def canned_responses_for(user, enquiry: Enquiry):
    """Canned responses offered on an enquiry: the active ones for every team, and its own team's."""
    from enquiries.models import CannedResponse

    if not is_enquiry_staff(user):
        return CannedResponse.objects.none()
    from django.db.models.functions import Lower

    return CannedResponse.objects.filter(
        Q(team__isnull=True) | Q(team_id=enquiry.team_id), is_active=True
    ).order_by(Lower("title"), "pk")


def merge_candidates(user, enquiry: Enquiry) -> QuerySet[Enquiry]:
    """Enquiries this one may be merged into: the same enquirer's (same email address, or the same
    account), visible to the user, not itself and not finished."""
    same_person = Q(email__iexact=enquiry.email)
    if enquiry.user_id:
        same_person |= Q(user_id=enquiry.user_id)
    finished = [
        Enquiry.Status.CLOSED,
        Enquiry.Status.MERGED,
        Enquiry.Status.WITHDRAWN,
        Enquiry.Status.SPAM,
    ]
    return (
        Enquiry.objects.filter(pk__in=enquiries_for_staff(user).values("pk"))
        .filter(same_person)
        .exclude(pk=enquiry.pk)
        .exclude(status__in=finished)
        .order_by("-created_at")
    )


def thread_for_staff(user, enquiry: Enquiry) -> QuerySet[Message]:
    """The whole thread staff see on an enquiry, notes included, with the threads of the enquiries
    merged into it that they may also see (each message keeps its own enquiry, so it can be labelled)."""
    visible = enquiries_for_staff(user)
    if not visible.filter(pk=enquiry.pk).exists():
        return Message.objects.none()
    merged_in = Q(enquiry__merged_into=enquiry, enquiry__in=visible.values("pk"))
    return Message.objects.filter(Q(enquiry=enquiry) | merged_in).order_by("created_at", "pk")


def overdue_by_lead(*, now) -> list[tuple[object, list[Enquiry]]]:
    """For each active team lead, the overdue enquiries of the teams they lead (running clock, due
    before `now`), oldest deadline first. Leads with nothing overdue are left out."""
    from enquiries.models import TeamMembership

    leads: dict[int, tuple[object, set[int]]] = {}
    for membership in TeamMembership.objects.filter(is_lead=True, user__is_active=True).select_related(
        "user"
    ):
        leads.setdefault(membership.user_id, (membership.user, set()))[1].add(membership.team_id)
    if not leads:
        return []
    team_ids = set().union(*(teams for _, teams in leads.values()))
    overdue = list(
        Enquiry.objects.filter(status__in=RUNNING_STATUSES, due_at__lt=now, team_id__in=team_ids)
        .select_related("team", "assignee", "topic")
        .order_by("due_at", "pk")
    )
    result = []
    for user, teams in sorted(leads.values(), key=lambda pair: pair[0].email):
        theirs = [enquiry for enquiry in overdue if enquiry.team_id in teams]
        if theirs:
            result.append((user, theirs))
    return result
