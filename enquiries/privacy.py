"""Personal data in enquiries: how each model's rows about a person are found, exported and anonymised
(see portal/privacy.py for the registry), and the retention rule.

Retention: an enquiry is anonymised `settings.ENQUIRY_RETENTION_MONTHS` months after it ends. It ends
when it is closed (closed_at, set for every final status: closed, merged, withdrawn, spam) or, for an
enquiry left resolved, when it was resolved. Anonymising removes everything that identifies or
describes the person (name, address, HCPC number, subject, account link, message text, attachments,
the original emails, email addresses and text of our emails, provider descriptions, rating comments,
free text in the audit trail) and keeps what the reports count: status, who/pathway/nation/profession/
topic/team, assignee, every timestamp, the working-seconds figures, the deadline result, the rating
score. An ANONYMISED event records when.

Emails tied to no enquiry (the overdue digest, alerts; automatic replies, discarded, failed and
unmatched emails received) are anonymised the same number of months after they were sent or received
(`unlinked_emails_anonymise`), and addresses in Wagtail's admin history the same number of months
after they were logged (portal.privacy.history_sweep).

The same anonymisation serves erasure on request (portal.privacy.erase_subject), which first withdraws
(or closes) an enquiry still in progress.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from wagtail.search.backends import get_search_backends_with_name

from dateutil.relativedelta import relativedelta
from django_tasks import task

from enquiries import states
from enquiries.models import (
    AdviserProfile,
    Attachment,
    CannedResponse,
    DeliveryEvent,
    Enquiry,
    Event,
    InboundEmail,
    Message,
    OutboundEmail,
    ReportingLead,
    RoutingRule,
    SatisfactionRating,
    Suppression,
    Team,
    TeamMembership,
)
from portal.privacy import (
    FilesToDelete,
    PersonalData,
    Subject,
    email_q,
    history_redact,
    history_sweep,
    json_safe,
    no_personal_data,
    register,
)

logger = logging.getLogger(__name__)

S = Enquiry.Status
DEFAULT_BATCH = 200

#: Event data keys whose text values are kept when an enquiry is anonymised: words chosen by the code
#: (who replied, the cause) and enquiry references. Every other text (reasons, file names, anything an
#: enquirer or adviser typed) is dropped; numbers, true/false and empty values are always kept.
EVENT_TEXT_KEPT = frozenset(
    {
        "by",
        "cause",
        "into_reference",
        "from_reference",
        "follows_reference",
        "follow_up_reference",
        "with",
        "due_at",
        "matched_by",
    }
)


def subject_enquiries(subject: Subject) -> QuerySet[Enquiry]:
    """The subject's enquiries: sent from one of their addresses, or while signed in to their account.
    When an erasure is replayed, only those made by then: a later one is the person's new contact."""
    return Enquiry.objects.filter(email_q("email", subject.emails) | Q(user_id__in=subject.user_ids)).filter(
        subject.made_by("created_at")
    )


def _own(subject: Subject, enquiry_path: str = "enquiry_id"):
    """An annotation: is this row on one of the subject's enquiries?"""
    return Exists(subject_enquiries(subject).filter(pk=OuterRef(enquiry_path)))


def scrub_event_data(data) -> dict:
    """Event data without free text (see EVENT_TEXT_KEPT)."""
    if not isinstance(data, dict):
        return {}
    kept = {}
    for key, value in data.items():
        if value is None or isinstance(value, bool | int | float):
            kept[key] = value
        elif isinstance(value, str) and key in EVENT_TEXT_KEPT and "@" not in value:
            kept[key] = value
        elif isinstance(value, list) and all(isinstance(v, bool | int | float) for v in value):
            kept[key] = value
        elif (
            isinstance(value, list)
            and key in EVENT_TEXT_KEPT
            and all(isinstance(v, str) and "@" not in v for v in value)
        ):
            kept[key] = value
    return kept


# --------------------------------------------------------------------------------------------------
# Anonymisation of whole enquiries (retention and erasure)
# --------------------------------------------------------------------------------------------------


def enquiries_anonymise(enquiry_ids, *, cause: str, now=None) -> dict[str, int]:
    """Anonymise these enquiries and everything hanging off them, in one transaction, with a few
    set-based queries (not one per row). Enquiries already anonymised are skipped, so running it again
    changes nothing. Stored files are deleted after the commit. Returns rows changed, by model."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            Enquiry.objects.select_for_update()
            .filter(pk__in=list(enquiry_ids), anonymised_at__isnull=True)
            .values_list("pk", flat=True)
        )
        if not ids:
            return {}
        counts: dict[str, int] = {}
        enquirer_ids = set(
            Enquiry.objects.filter(pk__in=ids, user__isnull=False).values_list("user_id", flat=True)
        )

        messages = Message.objects.filter(enquiry_id__in=ids)
        counts[Message._meta.label] = messages.update(**MessageData.anonymised_values)
        messages.filter(kind=Message.Kind.INBOUND).update(author=None, message_id="")

        attachments = Attachment.objects.filter(message__enquiry_id__in=ids)
        stored = [(a.file.storage, a.file.name) for a in attachments.only("pk", "file")]
        counts[Attachment._meta.label], _ = attachments.delete()
        FilesToDelete.after_commit(stored)

        inbound = InboundEmail.objects.filter(Q(enquiry_id__in=ids) | Q(message__enquiry_id__in=ids))
        raws = [(r.raw.storage, r.raw.name) for r in inbound.exclude(raw="").only("pk", "raw")]
        counts[InboundEmail._meta.label] = inbound.update(**InboundEmailData.anonymised_values)
        FilesToDelete.after_commit(raws)

        outbound = OutboundEmail.objects.filter(enquiry_id__in=ids)
        OutboundEmailData.stop_unsent(outbound)
        counts[OutboundEmail._meta.label] = outbound.update(**OutboundEmailData.anonymised_values)
        counts[DeliveryEvent._meta.label] = DeliveryEvent.objects.filter(email__enquiry_id__in=ids).update(
            **DeliveryEventData.anonymised_values
        )
        counts[SatisfactionRating._meta.label] = SatisfactionRating.objects.filter(enquiry_id__in=ids).update(
            **SatisfactionRatingData.anonymised_values
        )

        changed = []
        for event in Event.objects.filter(enquiry_id__in=ids).only("pk", "data", "actor_id"):
            data = scrub_event_data(event.data)
            actor_id = None if event.actor_id in enquirer_ids else event.actor_id
            if data != event.data or actor_id != event.actor_id:
                event.data, event.actor_id = data, actor_id
                changed.append(event)
        Event.objects.bulk_update(changed, ["data", "actor"], batch_size=500)
        Event.objects.bulk_create(
            Event(enquiry_id=pk, kind=Event.Kind.ANONYMISED, created_at=now, data={"cause": cause})
            for pk in ids
        )
        counts[Event._meta.label] = len(changed) + len(ids)

        counts[Enquiry._meta.label] = Enquiry.objects.filter(pk__in=ids).update(
            **EnquiryData.anonymised_values, anonymised_at=now
        )
        # Wagtail's admin history names an enquiry by str(enquiry): its reference and subject.
        counts["wagtailcore.ModelLogEntry"] = history_redact(Enquiry, ids)
        # The search index holds copies of the name, address and subject: replace them as well.
        anonymised = list(Enquiry.objects.filter(pk__in=ids))
        for _name, backend in get_search_backends_with_name(with_auto_update=True):
            backend.add_bulk(Enquiry, anonymised)
    return {label: n for label, n in counts.items() if n}


def retention_cutoff(now=None):
    """Enquiries that ended before this moment are due for anonymisation."""
    months = getattr(settings, "ENQUIRY_RETENTION_MONTHS", 24)
    return (now or timezone.now()) - relativedelta(months=months)


def expired_enquiries(now=None) -> QuerySet[Enquiry]:
    """Not yet anonymised, and ended before the cutoff: closed (any final status) before it, or left
    resolved since before it. A final enquiry with no closed_at (made before closed_at was set for every
    final status) counts from its last change."""
    cutoff = retention_cutoff(now)
    final = [S.CLOSED, S.MERGED, S.WITHDRAWN, S.SPAM]
    return Enquiry.objects.filter(anonymised_at__isnull=True).filter(
        Q(closed_at__lt=cutoff)
        | Q(status=S.RESOLVED, closed_at__isnull=True, resolved_at__lt=cutoff)
        | Q(status__in=final, closed_at__isnull=True, updated_at__lt=cutoff)
    )


def retention_run(*, now=None, batch_size: int = DEFAULT_BATCH) -> int:
    """Anonymise every enquiry past its retention period, `batch_size` at a time (each batch its own
    transaction, so a long run holds no lock for long and a failure loses at most one batch); then
    the emails tied to no enquiry (`unlinked_emails_anonymise`) and the addresses in the admin
    history (`history_sweep`) past the same period. Returns how many enquiries were anonymised."""
    now = now or timezone.now()
    done = 0
    seen: set[int] = set()
    while True:
        batch = list(
            expired_enquiries(now)
            .exclude(pk__in=seen)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not batch:
            break
        seen.update(batch)
        done += enquiries_anonymise(batch, cause="retention", now=now).get(Enquiry._meta.label, 0)
    emails = unlinked_emails_anonymise(now=now, batch_size=batch_size)
    with transaction.atomic():
        history = history_sweep(retention_cutoff(now))
    logger.info(
        "Retention: %s enquiries, %s outbound and %s inbound emails without an enquiry, %s admin history "
        "entries anonymised",
        done,
        emails.get(OutboundEmail._meta.label, 0),
        emails.get(InboundEmail._meta.label, 0),
        history,
    )
    return done


#: An email tied to no enquiry that still holds something to anonymise.
UNLINKED_OUTBOUND = Q(enquiry__isnull=True) & ~Q(
    to="", reply_to="", subject="", body_text="", body_html="", last_error=""
)
UNLINKED_INBOUND = Q(enquiry__isnull=True, message__isnull=True) & ~Q(
    raw="", from_address="", subject="", reason="", header_message_id=""
)


def unlinked_emails_anonymise(*, now=None, batch_size: int = DEFAULT_BATCH) -> dict[str, int]:
    """Retention for emails tied to no enquiry, counted from when they were made: the same
    ENQUIRY_RETENTION_MONTHS after an outbound email's created_at (the overdue digest to team leads,
    which lists enquirers' subjects; alerts to administrators) or an inbound email's received_at
    (automatic replies, discarded, failed and unmatched emails). Their addresses and text are blanked,
    the raw .eml files deleted (after commit) and their delivery events' descriptions cleared; what
    the statistics need stays (kind, status, provider, dates, attempts, delivery, match result).
    An unsent email is stopped first. Batched like retention_run; running it again changes nothing.
    Returns rows changed, by model."""
    cutoff = retention_cutoff(now)
    counts: dict[str, int] = {}

    def add(label, n):
        if n:
            counts[label] = counts.get(label, 0) + n

    for model, condition, made in (
        (OutboundEmail, UNLINKED_OUTBOUND, "created_at"),
        (InboundEmail, UNLINKED_INBOUND, "received_at"),
    ):
        seen: set[int] = set()
        while True:
            batch = list(
                model.objects.filter(condition, **{f"{made}__lt": cutoff})
                .exclude(pk__in=seen)
                .order_by("pk")
                .values_list("pk", flat=True)[:batch_size]
            )
            if not batch:
                break
            seen.update(batch)
            with transaction.atomic():
                ids = list(
                    model.objects.select_for_update()
                    .filter(condition, pk__in=batch, **{f"{made}__lt": cutoff})
                    .values_list("pk", flat=True)
                )
                rows = model.objects.filter(pk__in=ids)
                if model is OutboundEmail:
                    OutboundEmailData.stop_unsent(rows)
                    add(
                        DeliveryEvent._meta.label,
                        DeliveryEvent.objects.filter(email_id__in=ids)
                        .exclude(description="")
                        .update(**DeliveryEventData.anonymised_values),
                    )
                    add(model._meta.label, rows.update(**OutboundEmailData.anonymised_values))
                else:
                    raws = [(r.raw.storage, r.raw.name) for r in rows.exclude(raw="").only("pk", "raw")]
                    add(model._meta.label, rows.update(**InboundEmailData.anonymised_values))
                    FilesToDelete.after_commit(raws)
                add("wagtailcore.ModelLogEntry", history_redact(model, ids))
    return counts


def _end_in_progress(enquiry_ids) -> None:
    """Before erasure: an enquiry in progress is withdrawn (one left resolved is closed), so it leaves
    the inboxes and no deadline keeps running on an enquiry nobody can answer."""
    from enquiries.services import enquiry_transition

    for enquiry in Enquiry.objects.filter(pk__in=enquiry_ids, status__in=[*states.OPEN_STATUSES, S.RESOLVED]):
        to = S.CLOSED if enquiry.status == S.RESOLVED else S.WITHDRAWN
        enquiry_transition(enquiry=enquiry, to=to, reason="personal data erased on request")


# --------------------------------------------------------------------------------------------------
# Declarations
# --------------------------------------------------------------------------------------------------


@register
class EnquiryData(PersonalData):
    model = Enquiry
    export_fields = (
        "reference",
        "status",
        "who",
        "profession",
        "hcpc_number",
        "subject",
        "name",
        "email",
        "consent_at",
        "privacy_notice_version",
        "created_at",
        "first_responded_at",
        "resolved_at",
        "closed_at",
        "anonymised_at",
    )
    email_fields = ("email",)
    anonymised_values = {"name": "", "email": "", "hcpc_number": "", "subject": "", "user": None}
    mention_fields = ("subject",)
    created_field = "created_at"
    order = 10

    def rows(self, subject):
        return subject_enquiries(subject).select_related(
            "pathway", "nation", "topic", "team", "assignee", "follow_up_of", "merged_into"
        )

    def export(self, obj):
        data = super().export(obj)
        data.update(
            pathway=obj.pathway.name if obj.pathway_id else "",
            nation=obj.nation.name,
            topic=obj.topic.name,
            team=obj.team.name if obj.team_id else "",
            adviser=(obj.assignee.get_full_name() or "an adviser") if obj.assignee_id else "",
            follow_up_of=obj.follow_up_of.reference if obj.follow_up_of_id else "",
            merged_into=obj.merged_into.reference if obj.merged_into_id else "",
        )
        return data

    def anonymise(self, obj):
        enquiries_anonymise([obj.pk], cause="erasure")
        obj.refresh_from_db()

    def erase_rows(self, subject):
        ids = list(subject_enquiries(subject).values_list("pk", flat=True))
        _end_in_progress(ids)
        return enquiries_anonymise(ids, cause="erasure").get(Enquiry._meta.label, 0)


@register
class MessageData(PersonalData):
    """Messages on the subject's enquiries (internal notes included: they are about the person), and
    messages a member of staff wrote on other people's enquiries, of which only the date and kind are
    theirs to see (the text is the other person's enquiry). Erasing a member of staff unlinks them."""

    model = Message
    export_fields = ("kind", "created_at", "via_email", "body", "body_visible")
    anonymised_values = {"body": "", "body_visible": ""}
    mention_fields = ("body", "body_visible")
    created_field = "created_at"
    order = 20

    def rows(self, subject):
        return (
            Message.objects.filter(
                Q(enquiry__in=subject_enquiries(subject)) | Q(author_id__in=subject.user_ids)
            )
            .annotate(own=_own(subject))
            .select_related("enquiry", "author")
        )

    def export(self, obj):
        if not obj.own:
            return {
                "id": obj.pk,
                "kind": obj.kind,
                "created_at": json_safe(obj.created_at),
                "enquiry": obj.enquiry.reference,
                "written_by_you": True,
                "text": "not included: it is part of another person's enquiry",
            }
        data = super().export(obj)
        data["enquiry"] = obj.enquiry.reference
        data["author"] = (obj.author.get_full_name() or "staff") if obj.author_id else ""
        return data

    def anonymise(self, obj):
        for name, value in self.anonymised_values.items():
            setattr(obj, name, value)
        fields = list(self.anonymised_values)
        if obj.kind == Message.Kind.INBOUND:
            obj.author, obj.message_id = None, ""
            fields += ["author", "message_id"]
        obj.save(update_fields=fields)

    def erase_rows(self, subject):
        return _anonymise_own_unlink_others(self, subject, link="author")


def _anonymise_own_unlink_others(declaration, subject, *, link: str) -> int:
    """Erasure for rows annotated `own` by their declaration's `rows()`: the subject's own rows are
    anonymised; rows they merely took part in (as `link`, e.g. a staff member's reply) lose the link."""
    rows = declaration.rows(subject)
    count = 0
    for row in rows.filter(own=True):
        declaration.anonymise(row)
        count += 1
    return count + rows.filter(own=False).update(**{link: None})


@register
class AttachmentData(PersonalData):
    model = Attachment
    export_fields = ("original_name", "content_type", "size", "uploaded_at")
    file_fields = ("file",)
    on_erasure = "delete"
    order = 15

    def rows(self, subject):
        return Attachment.objects.filter(message__enquiry__in=subject_enquiries(subject)).select_related(
            "message__enquiry"
        )

    def export(self, obj):
        return {**super().export(obj), "enquiry": obj.message.enquiry.reference, "message": obj.message_id}

    def file_name(self, obj, fieldfile):
        from enquiries.attachments import clean_filename

        return clean_filename(obj.original_name).replace("/", "_")


@register
class EventData(PersonalData):
    """The audit trail of the subject's enquiries, and what a member of staff did on other enquiries
    (kind and date only). Anonymising drops the free text in `data`."""

    model = Event
    export_fields = ("kind", "from_status", "to_status", "data", "created_at")
    order = 20

    def rows(self, subject):
        return (
            Event.objects.filter(Q(enquiry__in=subject_enquiries(subject)) | Q(actor_id__in=subject.user_ids))
            .annotate(own=_own(subject))
            .select_related("enquiry")
        )

    def export(self, obj):
        # Emails about no enquiry (a plan, an account email) sent to the subject's address are theirs.
        personal = obj.enquiry_id is None and obj.kind in (
            OutboundEmail.Kind.PLAN,
            OutboundEmail.Kind.ACCOUNT,
        )
        if not obj.own and not personal:
            return {
                "id": obj.pk,
                "kind": obj.kind,
                "created_at": json_safe(obj.created_at),
                "enquiry": obj.enquiry.reference,
                "done_by_you": True,
            }
        return {**super().export(obj), "enquiry": obj.enquiry.reference}

    def anonymise(self, obj):
        obj.data = scrub_event_data(obj.data)
        obj.save(update_fields=["data"])

    def erase_rows(self, subject):
        return _anonymise_own_unlink_others(self, subject, link="actor")


@register
class OutboundEmailData(PersonalData):
    """Our emails about the subject's enquiries, and any email sent to one of their addresses (of an
    email about someone else's enquiry, such as a team lead's digest, only the kind and dates)."""

    model = OutboundEmail
    export_fields = (
        "kind",
        "to",
        "subject",
        "body_text",
        "status",
        "created_at",
        "sent_at",
        "delivery",
        "delivery_at",
    )
    email_fields = ("to",)
    anonymised_values = {
        "to": "",
        "reply_to": "",
        "subject": "",
        "body_text": "",
        "body_html": "",
        "last_error": "",
    }
    mention_fields = ("subject", "body_text", "body_html")
    created_field = "created_at"
    order = 20

    @staticmethod
    def stop_unsent(queryset) -> None:
        """An email not yet sent is never sent once its address and text are gone."""
        queryset.filter(
            status__in=[
                OutboundEmail.Status.QUEUED,
                OutboundEmail.Status.RETRYING,
                OutboundEmail.Status.SENDING,
            ]
        ).update(status=OutboundEmail.Status.SUPPRESSED, next_attempt_at=None)

    def rows(self, subject):
        return (
            OutboundEmail.objects.filter(
                Q(enquiry__in=subject_enquiries(subject))
                | (email_q("to", subject.emails) & subject.made_by("created_at"))
            )
            .annotate(own=_own(subject))
            .select_related("enquiry")
        )

    def export(self, obj):
        # Emails about no enquiry (a plan, an account email) sent to the subject's address are theirs.
        personal = obj.enquiry_id is None and obj.kind in (
            OutboundEmail.Kind.PLAN,
            OutboundEmail.Kind.ACCOUNT,
        )
        if not obj.own and not personal:
            return {
                "id": obj.pk,
                "kind": obj.kind,
                "to": obj.to,
                "status": obj.status,
                "created_at": json_safe(obj.created_at),
                "sent_at": json_safe(obj.sent_at),
                "text": "not included: it is about another person's enquiry",
            }
        data = super().export(obj)
        data["enquiry"] = obj.enquiry.reference if obj.enquiry_id else ""
        return data

    def anonymise(self, obj):
        self.stop_unsent(OutboundEmail.objects.filter(pk=obj.pk))
        obj.refresh_from_db(fields=["status", "next_attempt_at"])
        super().anonymise(obj)


@register
class DeliveryEventData(PersonalData):
    model = DeliveryEvent
    export_fields = ("provider", "event_type", "reject_reason", "description", "occurred_at")
    anonymised_values = {"description": ""}
    order = 25

    def rows(self, subject):
        return DeliveryEvent.objects.filter(
            Q(email__enquiry__in=subject_enquiries(subject))
            | (email_q("email__to", subject.emails) & subject.made_by("email__created_at"))
        )

    def export(self, obj):
        return {**super().export(obj), "email": obj.email_id}


@register
class SuppressionData(PersonalData):
    """An address we must not email. Erasure deletes it with everything else: nothing is left that
    would email the person, and if they write again it is a fresh start."""

    model = Suppression
    export_fields = ("email", "reason", "detail", "created_at")
    email_fields = ("email",)
    created_field = "created_at"
    on_erasure = "delete"
    order = 30

    def rows(self, subject):
        return Suppression.objects.filter(email_q("email", subject.emails) & subject.made_by("created_at"))


@register
class InboundEmailData(PersonalData):
    """Emails received: those sent from the subject's addresses, and those an adviser accepted into
    one of their enquiries. An email from someone else held for checking against the subject's enquiry
    belongs to its sender (retention still anonymises it with the enquiry)."""

    model = InboundEmail
    export_fields = (
        "provider",
        "received_at",
        "status",
        "from_address",
        "subject",
        "matched_by",
        "processed_at",
    )
    email_fields = ("from_address",)
    file_fields = ("raw",)
    anonymised_values = {"raw": "", "from_address": "", "subject": "", "reason": "", "header_message_id": ""}
    order = 20

    def rows(self, subject):
        accepted = [InboundEmail.Status.THREADED, InboundEmail.Status.FOLLOW_UP, InboundEmail.Status.RELEASED]
        return InboundEmail.objects.filter(
            (email_q("from_address", subject.emails) & subject.made_by("received_at"))
            | Q(enquiry__in=subject_enquiries(subject), status__in=accepted)
            | Q(message__enquiry__in=subject_enquiries(subject))
        ).select_related("enquiry")

    def export(self, obj):
        return {**super().export(obj), "enquiry": obj.enquiry.reference if obj.enquiry_id else ""}

    def file_name(self, obj, fieldfile):
        return f"email-{obj.pk}.eml"


@register
class SatisfactionRatingData(PersonalData):
    model = SatisfactionRating
    export_fields = ("score", "comment", "created_at")
    anonymised_values = {"comment": ""}
    mention_fields = ("comment",)
    created_field = "created_at"
    order = 20

    def rows(self, subject):
        return SatisfactionRating.objects.filter(enquiry__in=subject_enquiries(subject)).select_related(
            "enquiry"
        )

    def export(self, obj):
        return {**super().export(obj), "enquiry": obj.enquiry.reference}


@register
class TeamData(PersonalData):
    """A team's shared inbox is normally a role address; if it is a person's own, it is theirs."""

    model = Team
    export_fields = ("name", "email")
    email_fields = ("email",)
    anonymised_values = {"email": ""}
    order = 300

    def rows(self, subject):
        if not subject.erased_then(self.label):
            # A team has no date. If the logged erasure blanked no team inbox, one with the address
            # now was set since, by an administrator: a replay leaves it alone.
            return Team.objects.none()
        return Team.objects.filter(email_q("email", subject.emails))


@register
class TeamMembershipData(PersonalData):
    model = TeamMembership
    export_fields = ("is_lead",)
    on_erasure = "delete"
    order = 300

    def rows(self, subject):
        return TeamMembership.objects.filter(user_id__in=subject.user_ids).select_related("team")

    def export(self, obj):
        return {**super().export(obj), "team": obj.team.name}


@register
class AdviserProfileData(PersonalData):
    model = AdviserProfile
    export_fields = ("capacity", "is_away")
    on_erasure = "delete"
    order = 300

    def rows(self, subject):
        return AdviserProfile.objects.filter(user_id__in=subject.user_ids)


@register
class ReportingLeadData(PersonalData):
    model = ReportingLead
    on_erasure = "delete"
    order = 300

    def rows(self, subject):
        return ReportingLead.objects.filter(user_id__in=subject.user_ids).prefetch_related("nations")

    def export(self, obj):
        return {"id": obj.pk, "nations": sorted(n.name for n in obj.nations.all()) or ["all four nations"]}


no_personal_data(
    RoutingRule,
    reason="A rule that sends enquiries about a pathway, nation or topic to a team.",
    fields={"name": "the rule's own label, e.g. 'RtP in England', chosen by a team lead"},
)
no_personal_data(
    CannedResponse,
    reason="A reply template written by staff, shared by a team or by everyone.",
    fields={
        "body": "the template text with placeholders; it is filled in for a person only in the reply, "
        "which is a Message"
    },
)


@task()
def anonymise_expired_enquiries() -> int:
    """Daily: anonymise enquiries that ended more than ENQUIRY_RETENTION_MONTHS ago (retention_run)."""
    return retention_run()
