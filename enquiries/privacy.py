"""Personal data in enquiries: how each model's rows about a person are found, exported and anonymised
(see portal/privacy/ for the registry).

Erasure on request (portal.privacy.erase_subject) first withdraws (or closes) an enquiry still in
progress, then anonymises it as the retention run does (enquiries/anonymisation.py, whose
`*_ANONYMISED` values are the declarations' `anonymised_values`). Retention itself is in
enquiries/retention.py.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from enquiries import states
from enquiries.anonymisation import (
    DELIVERY_EVENT_ANONYMISED,
    ENQUIRY_ANONYMISED,
    INBOUND_EMAIL_ANONYMISED,
    MESSAGE_ANONYMISED,
    OUTBOUND_EMAIL_ANONYMISED,
    SATISFACTION_RATING_ANONYMISED,
    enquiries_anonymise,
    scrub_event_data,
    stop_unsent,
)
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
    PersonalData,
    Subject,
    email_q,
    json_safe,
    no_personal_data,
    register,
)

S = Enquiry.Status


def subject_enquiries(subject: Subject) -> QuerySet[Enquiry]:
    """The subject's enquiries: sent from one of their addresses, or while signed in to their account.
    When an erasure is replayed, only those made by then: a later one is the person's new contact."""
    return Enquiry.objects.filter(email_q("email", subject.emails) | Q(user_id__in=subject.user_ids)).filter(
        subject.made_by("created_at")
    )


def _own(subject: Subject, enquiry_path: str = "enquiry_id"):
    """An annotation: is this row on one of the subject's enquiries?"""
    return Exists(subject_enquiries(subject).filter(pk=OuterRef(enquiry_path)))


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
    anonymised_values = ENQUIRY_ANONYMISED
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
    anonymised_values = MESSAGE_ANONYMISED
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
    anonymised_values = OUTBOUND_EMAIL_ANONYMISED
    mention_fields = ("subject", "body_text", "body_html")
    created_field = "created_at"
    order = 20

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
        stop_unsent(OutboundEmail.objects.filter(pk=obj.pk))
        obj.refresh_from_db(fields=["status", "next_attempt_at"])
        super().anonymise(obj)


@register
class DeliveryEventData(PersonalData):
    model = DeliveryEvent
    export_fields = ("provider", "event_type", "reject_reason", "description", "occurred_at")
    anonymised_values = DELIVERY_EVENT_ANONYMISED
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
    anonymised_values = INBOUND_EMAIL_ANONYMISED
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
    anonymised_values = SATISFACTION_RATING_ANONYMISED
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
