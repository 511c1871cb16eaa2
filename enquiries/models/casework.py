"""Casework: teams and routing, enquiries, their messages, attachments, audit events and canned responses.

Workflow lives in enquiries/services.py, visibility in enquiries/selectors.py and status sets in
enquiries/states.py. Models hold data and small derived facts.
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
from enquiries import letters
from enquiries.attachments import private_storage


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
        from enquiries.states import OPEN_STATUSES

        return self.status in OPEN_STATUSES

    @property
    def is_paused(self) -> bool:
        from enquiries.states import PAUSED_STATUSES

        return self.status in PAUSED_STATUSES

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
        help_text="The answer only: the reply already starts with 'Dear <first name>,' and ends with the "
        "adviser's sign-off. You can use {first_name}, {reference} and {adviser_name}: they are filled in "
        "when an adviser chooses this response."
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
        errors = []
        if unknown:
            allowed = ", ".join(f"{{{name}}}" for name in self.PLACEHOLDERS)
            shown = ", ".join(f"{{{name}}}" for name in unknown)
            errors.append(f"Unknown placeholder {shown}. You can use {allowed}.")
        # The reply box already has the greeting and the adviser's sign-off (enquiries.letters).
        if letters.opens_with_greeting(self.body or ""):
            errors.append(
                "Remove the greeting (such as 'Dear {first_name},'): every reply already starts with one, "
                "so a canned response starts with its first sentence."
            )
        if letters.ends_with_sign_off(self.body or ""):
            errors.append(
                "Remove the sign-off (such as 'Best wishes, {adviser_name}'): every reply already ends "
                "with the adviser's own, so a canned response ends with its last sentence."
            )
        if errors:
            raise ValidationError({"body": errors})

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
