"""Individual assistance: teams, routing rules, enquiries, their messages, attachments and audit events.

Workflow lives in services.py; visibility in selectors.py. Models hold data and small derived facts.
"""

from __future__ import annotations

import re
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from cms.models import Nation, Pathway, Topic

from .attachments import private_storage


class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    email = models.EmailField(blank=True, help_text="A shared inbox that is copied on escalations")
    is_fallback = models.BooleanField(
        default=False, help_text="Takes enquiries that no routing rule matches. Exactly one team should."
    )
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="TeamMembership", related_name="teams")

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("email"), FieldPanel("is_fallback")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class TeamMembership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    is_lead = models.BooleanField("team lead", default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="unique_team_member")]

    def __str__(self):
        return f"{self.user} in {self.team}"


class AdviserProfile(models.Model):
    """An adviser's availability: a cap on open enquiries and an 'away' switch."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="adviser")
    capacity = models.PositiveSmallIntegerField(default=20, help_text="Most open enquiries at once")
    is_away = models.BooleanField(default=False, help_text="Away advisers get no new enquiries")

    def __str__(self):
        return f"Adviser {self.user}"


class RoutingRule(models.Model):
    """Ordered rules: the first active rule whose conditions all match sends the enquiry to its team."""

    order = models.PositiveSmallIntegerField(default=100, help_text="Lower numbers are tried first")
    name = models.CharField(max_length=120)
    pathway = models.ForeignKey(Pathway, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    nation = models.ForeignKey(Nation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="rules")
    is_active = models.BooleanField(default=True)

    panels = [
        FieldPanel("order"),
        FieldPanel("name"),
        FieldPanel("pathway"),
        FieldPanel("nation"),
        FieldPanel("topic"),
        FieldPanel("team"),
        FieldPanel("is_active"),
    ]

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name

    def matches(self, *, pathway_id, nation_id, topic_id) -> bool:
        return all(
            wanted is None or wanted == actual
            for wanted, actual in (
                (self.pathway_id, pathway_id),
                (self.nation_id, nation_id),
                (self.topic_id, topic_id),
            )
        )


# Crockford-style alphabet: no I, L, O, U, so a reference read aloud or typed is unambiguous.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference() -> str:
    """e.g. 'SOR-7K4M-Q2XD': 40 random bits, never the only key to anything."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"SOR-{chars[:4]}-{chars[4:]}"


class Enquiry(index.Indexed, models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        OPEN = "open", "Open"
        AWAITING_ENQUIRER = "awaiting_enquirer", "Awaiting enquirer"
        ON_HOLD = "on_hold", "On hold"
        RESOLVED = "resolved", "Resolved"
        CLOSED = "closed", "Closed"
        MERGED = "merged", "Merged"
        WITHDRAWN = "withdrawn", "Withdrawn"
        SPAM = "spam", "Spam"

    class Who(models.TextChoices):
        RETURNING = "returning", "Returning to practice"
        OVERSEAS = "overseas", "Trained outside the UK"
        MANAGER = "manager", "A manager asking for someone"
        OTHER = "other", "Something else"

    class Profession(models.TextChoices):
        DIAGNOSTIC = "diagnostic", "Diagnostic radiography"
        THERAPEUTIC = "therapeutic", "Therapeutic radiography"
        NOT_SURE = "not_sure", "Not sure or not applicable"

    OPEN_STATUSES = (Status.NEW, Status.OPEN, Status.AWAITING_ENQUIRER, Status.ON_HOLD)
    PAUSED_STATUSES = (Status.AWAITING_ENQUIRER, Status.ON_HOLD)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=20, unique=True, default=new_reference, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)

    who = models.CharField("you are", max_length=20, choices=Who.choices)
    pathway = models.ForeignKey(Pathway, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    nation = models.ForeignKey(Nation, on_delete=models.PROTECT, related_name="+")
    profession = models.CharField(max_length=20, choices=Profession.choices)
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="+")
    hcpc_number = models.CharField("HCPC registration number", max_length=12, blank=True)
    subject = models.CharField(max_length=150)

    name = models.CharField(max_length=120)
    email = models.EmailField(db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="enquiries"
    )
    consent_at = models.DateTimeField()
    privacy_notice_version = models.CharField(max_length=20)

    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="enquiries")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_enquiries",
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    follow_up_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        help_text="The closed enquiry that this one continues (an email reply after it was closed)",
    )
    submission_key = models.CharField(
        max_length=64, unique=True, help_text="Makes a resubmitted form idempotent"
    )

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    first_responded_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The response clock: due_at while running; remaining working seconds while paused.
    due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    paused_remaining_seconds = models.IntegerField(null=True, blank=True)
    # Figures kept for reports (they survive anonymisation): working seconds to the first reply and to
    # resolution, and whether the first reply met the deadline that was running when it was sent.
    first_response_seconds = models.PositiveIntegerField(null=True, blank=True)
    resolution_seconds = models.PositiveIntegerField(null=True, blank=True)
    responded_within_deadline = models.BooleanField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True, db_index=True)

    search_fields = [
        index.SearchField("reference"),
        index.SearchField("subject"),
        index.SearchField("name"),
        index.SearchField("email"),
        index.FilterField("status"),
        index.FilterField("team_id"),
        index.FilterField("assignee_id"),
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "enquiries"
        indexes = [
            models.Index(fields=["team", "status", "due_at"], name="enquiry_team_status_due"),
            # The inboxes list open enquiries by team in deadline order.
            models.Index(
                fields=["team", "due_at"],
                condition=models.Q(status__in=["new", "open", "awaiting_enquirer", "on_hold"]),
                name="enquiry_open_team_due",
            ),
            models.Index(
                fields=["assignee", "due_at"],
                condition=models.Q(status__in=["new", "open", "awaiting_enquirer", "on_hold"]),
                name="enquiry_open_assignee_due",
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_paused(self) -> bool:
        return self.status in self.PAUSED_STATUSES

    @property
    def holiday_subdivision(self) -> str:
        return self.nation.holiday_subdivision or "ENG"


class Message(models.Model):
    class Kind(models.TextChoices):
        INBOUND = "inbound", "From the enquirer"
        OUTBOUND = "outbound", "To the enquirer"
        NOTE = "note", "Internal note"

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    message_id = models.CharField(
        max_length=255, blank=True, db_index=True, help_text="The RFC 5322 Message-ID (ours, or the email's)"
    )
    via_email = models.BooleanField(default=False, help_text="Arrived as an email reply")
    body_visible = models.TextField(
        blank=True,
        help_text="For email replies: the new text without quoted history or signature (body keeps all)",
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.enquiry.reference}"

    @property
    def display_body(self) -> str:
        return self.body_visible or self.body

    @property
    def has_hidden_text(self) -> bool:
        return bool(self.body_visible) and self.body_visible.strip() != self.body.strip()


def attachment_path(instance, filename):
    # Random names only: the original name is kept in the database, never on disk or in a URL.
    return f"enquiries/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, storage=private_storage, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.original_name


class Event(models.Model):
    """The audit trail: who did what to an enquiry, and when (views included)."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        ASSIGNED = "assigned", "Assigned"
        STATUS = "status", "Status changed"
        VIEWED = "viewed", "Viewed"
        REPLIED = "replied", "Replied"
        NOTE = "note", "Note added"
        MERGED = "merged", "Merged"
        ESCALATED = "escalated", "Escalated"
        EMAIL_RECEIVED = "email_received", "Email reply received"
        QUARANTINED = "quarantined", "Email held for checking"
        FOLLOW_UP = "follow_up", "Follow-up enquiry opened"
        DELIVERY = "delivery", "Email delivery problem"
        RATED = "rated", "Rated by the enquirer"
        ANONYMISED = "anonymised", "Personal data removed"

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.enquiry_id}"

    def clean(self):
        if self.kind == self.Kind.STATUS and not self.to_status:
            raise ValidationError({"to_status": "A status event needs the new status."})


class OutboundEmail(models.Model):
    """One email to send, rendered when queued so that every retry sends exactly the same thing.

    Created in the same transaction as the change that causes it; sent by a task after commit (see
    enquiries/notifications.py, the portal's one outbox). Most are about an enquiry; some are tied to
    none (the overdue digest, a pathway finder plan, allauth's account emails).
    """

    class Kind(models.TextChoices):
        ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement to enquirer"
        ADVISER_NOTICE = "adviser_notice", "Notice to adviser"
        REPLY = "reply", "Adviser reply"
        ENQUIRER_REPLIED = "enquirer_replied", "Enquirer replied (to adviser)"
        OVERDUE_DIGEST = "overdue_digest", "Overdue digest to team lead"
        RATING_REQUEST = "rating_request", "Resolved: how did we do? (to enquirer)"
        DELIVERY_PROBLEM = "delivery_problem", "Delivery problem (to adviser)"
        QUARANTINED = "quarantined", "Email reply held for checking (to adviser)"
        ADMIN_ALERT = "admin_alert", "Alert to administrators"
        PLAN = "plan", "Pathway finder plan (to its owner)"
        ACCOUNT = "account", "Account email: sign-in, verification, password (allauth)"
        REVIEW = "review", "Content review reminder (to the page owner)"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        RETRYING = "retrying", "Waiting to retry"
        FAILED = "failed", "Failed (dead letter)"
        SUPPRESSED = "suppressed", "Not sent: address suppressed"

    class Delivery(models.TextChoices):
        """What the provider's tracking webhook last said (the outbox status says what we did)."""

        SENT = "sent", "Sent"
        DELIVERED = "delivered", "Delivered"
        DEFERRED = "deferred", "Deferred"
        BOUNCED = "bounced", "Bounced"
        COMPLAINED = "complained", "Marked as spam"

    enquiry = models.ForeignKey(
        Enquiry, null=True, blank=True, on_delete=models.CASCADE, related_name="emails"
    )
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="emails"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    to = models.EmailField()
    reply_to = models.CharField(max_length=255, blank=True)
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    header_message_id = models.CharField("Message-ID", max_length=255, unique=True)
    in_reply_to = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_error = models.CharField(max_length=500, blank=True)
    esp_message_id = models.CharField(max_length=255, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivery = models.CharField(max_length=12, choices=Delivery.choices, blank=True)
    delivery_at = models.DateTimeField(null=True, blank=True)
    dead_letter_alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.to}"


class CannedResponse(models.Model):
    """A reusable answer an adviser starts a reply from. Placeholders are filled in on the server when
    the adviser picks it, so the adviser sees and can change the exact words before sending."""

    #: Placeholder -> what it becomes. Only these are allowed in a body.
    PLACEHOLDERS = {
        "first_name": "the enquirer's first name",
        "reference": "the enquiry's reference",
        "adviser_name": "your name",
    }
    PLACEHOLDER_PATTERN = re.compile(r"\{([^{}\s]*)\}")
    #: Words people put before their name that are not a first name.
    TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "rev", "sir", "dame"})

    title = models.CharField(
        max_length=120, help_text="What advisers see in the list, e.g. 'Updating days explained'"
    )
    body = models.TextField(
        help_text="The reply text. You can use {first_name}, {reference} and {adviser_name}: they are "
        "filled in when an adviser chooses this response."
    )
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="canned_responses",
        help_text="Offer it only on this team's enquiries. Leave empty to offer it to every team.",
    )
    is_active = models.BooleanField("offered to advisers", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("title"), FieldPanel("body"), FieldPanel("team"), FieldPanel("is_active")]

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = "canned response"

    def __str__(self):
        return self.title

    def clean(self):
        unknown = sorted(
            {
                name
                for name in self.PLACEHOLDER_PATTERN.findall(self.body or "")
                if name not in self.PLACEHOLDERS
            }
        )
        if unknown:
            allowed = ", ".join(f"{{{name}}}" for name in self.PLACEHOLDERS)
            shown = ", ".join(f"{{{name}}}" for name in unknown)
            raise ValidationError({"body": f"Unknown placeholder {shown}. You can use {allowed}."})

    @classmethod
    def first_name_of(cls, enquiry: Enquiry) -> str:
        """The enquirer's first name: from their account if they have one, else the first word of the
        name they gave that is not a title such as 'Dr'."""
        if enquiry.user_id and enquiry.user.first_name.strip():
            return " ".join(enquiry.user.first_name.split())
        words = enquiry.name.split()
        for word in words:
            if word.lower().rstrip(".") not in cls.TITLES:
                return word
        return words[0] if words else ""

    def render(self, *, enquiry: Enquiry, adviser) -> str:
        """The body with its placeholders filled in, in one pass (a value that looks like a placeholder
        is never expanded again)."""
        values = {
            "first_name": self.first_name_of(enquiry),
            "reference": enquiry.reference,
            "adviser_name": (adviser.get_full_name() or adviser.email) if adviser else "",
        }
        return self.PLACEHOLDER_PATTERN.sub(
            lambda match: values.get(match.group(1), match.group(0)), self.body
        )


class DeliveryEvent(models.Model):
    """One tracking event from the email provider about one of our emails (de-duplicated by event id)."""

    email = models.ForeignKey(OutboundEmail, on_delete=models.CASCADE, related_name="delivery_events")
    provider = models.CharField(max_length=40)
    event_id = models.CharField(max_length=255, blank=True)
    event_type = models.CharField(max_length=20)
    reject_reason = models.CharField(max_length=20, blank=True)
    description = models.CharField(max_length=300, blank=True)
    occurred_at = models.DateTimeField(default=timezone.now)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["occurred_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "event_id"],
                condition=~models.Q(event_id=""),
                name="unique_delivery_event",
            )
        ]

    def __str__(self):
        return f"{self.event_type} for email {self.email_id}"


class Suppression(models.Model):
    """An address we must not email: it hard-bounced, or its owner marked our email as spam.

    Sends to it stop (OutboundEmail.Status.SUPPRESSED). A team lead can lift it once the person has
    given a working address or asked to hear from us again.
    """

    class Reason(models.TextChoices):
        BOUNCED = "bounced", "Hard bounce"
        COMPLAINED = "complained", "Spam complaint"
        MANUAL = "manual", "Added by staff"

    email = models.EmailField(unique=True)
    reason = models.CharField(max_length=12, choices=Reason.choices)
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    panels = [FieldPanel("email"), FieldPanel("reason"), FieldPanel("detail")]

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} ({self.get_reason_display()})"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


def inbound_raw_path(instance, filename):
    return f"inbound/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.eml"


class InboundEmail(models.Model):
    """An email that arrived through the provider's inbound webhook.

    The raw message is saved before the webhook answers; a task then matches it to an enquiry and
    threads it, or holds it for an adviser. `dedupe_key` makes a replayed or retried event a no-op.
    """

    class Status(models.TextChoices):
        RECEIVED = "received", "Received, not yet processed"
        THREADED = "threaded", "Added to an enquiry"
        FOLLOW_UP = "follow_up", "Opened a follow-up enquiry"
        QUARANTINED = "quarantined", "Held for checking"
        AUTO_REPLY = "auto_reply", "Automatic reply (not threaded)"
        RELEASED = "released", "Released by an adviser"
        DISCARDED = "discarded", "Discarded by an adviser"
        FAILED = "failed", "Could not be processed"

    class MatchedBy(models.TextChoices):
        NONE = "", "Not matched"
        REPLY_ADDRESS = "reply_address", "Signed reply address"
        HEADERS = "headers", "In-Reply-To / References"
        SUBJECT = "subject", "Reference in the subject"

    provider = models.CharField(max_length=40)
    event_id = models.CharField(max_length=255, blank=True)
    dedupe_key = models.CharField(max_length=64, unique=True)
    raw = models.FileField(upload_to=inbound_raw_path, storage=private_storage, max_length=255, blank=True)
    from_address = models.EmailField(max_length=254, blank=True)
    envelope_recipient = models.CharField(max_length=254, blank=True)
    spam_detected = models.BooleanField(null=True, blank=True, help_text="The provider's spam verdict")
    sender_verified = models.BooleanField(
        default=False,
        help_text="The receiving provider found the sender's domain authenticated (DMARC pass)",
    )
    subject = models.CharField(max_length=255, blank=True)
    header_message_id = models.CharField(max_length=255, blank=True, db_index=True)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    reason = models.CharField(max_length=300, blank=True)
    matched_by = models.CharField(max_length=16, choices=MatchedBy.choices, blank=True)
    enquiry = models.ForeignKey(
        Enquiry, null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound_emails"
    )
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound_emails"
    )
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0, help_text="Times the recovery sweep tried it")
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = "inbound email"

    def __str__(self):
        return f"Inbound email {self.pk} ({self.get_status_display()})"


class SatisfactionRating(models.Model):
    """The enquirer's rating of the help they had, given once through a signed link."""

    SCORES = [(5, "5 - Very good"), (4, "4 - Good"), (3, "3 - OK"), (2, "2 - Poor"), (1, "1 - Very poor")]

    enquiry = models.OneToOneField(Enquiry, on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField(choices=SCORES)
    comment = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="rating_score_1_to_5")
        ]

    def __str__(self):
        return f"{self.score}/5 for {self.enquiry_id}"


class ReportingLead(models.Model):
    """A national or regional lead who may see the enquiry reports (aggregates only) for some nations.

    Team leads see their own teams' figures without one of these; superusers see everything.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reporting_lead"
    )
    nations = models.ManyToManyField(
        Nation, blank=True, related_name="+", help_text="Leave empty for all four nations"
    )

    panels = [FieldPanel("user"), FieldPanel("nations")]

    class Meta:
        verbose_name = "reporting lead"

    def __str__(self):
        return f"Reporting lead {self.user}"
