"""Email about enquiries and accounts: the outbox (OutboundEmail), what providers said about each
email (DeliveryEvent), addresses we no longer send to (Suppression) and saved inbound email.

Written and read by enquiries/mail/.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel

from enquiries.attachments import private_storage
from enquiries.models.casework import Enquiry, Message


class OutboundEmail(models.Model):
    """One email to send, rendered when queued so that every retry sends exactly the same thing.

    Created in the same transaction as the change that causes it; sent by a task after commit (see
    enquiries/mail/outbox.py, the portal's one outbox). Most are about an enquiry; some are tied to
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
