"""What the pathway models share: the answer constants, the validators and where a figure comes from."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, MultiFieldPanel

TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]

ANY = "any"
YES = "yes"
NO = "no"
TRISTATE_CHOICES = [(ANY, "Any answer"), (YES, "Yes"), (NO, "No")]

RTP = "rtp"
IR = "ir"
PATHWAY_CHOICES = [(RTP, "Return to practice"), (IR, "International recruitment")]

DIAGNOSTIC = "diagnostic"
THERAPEUTIC = "therapeutic"
PROFESSION_CHOICES = [(DIAGNOSTIC, "Diagnostic radiography"), (THERAPEUTIC, "Therapeutic radiography")]

RED = "red"
AMBER = "amber"
GREEN = "green"
STATUS_CHOICES = [(RED, "Red"), (AMBER, "Amber"), (GREEN, "Green")]


def validate_https(value: str) -> None:
    if value and not value.startswith("https://"):
        raise ValidationError("Use a secure (https) address.")


def validate_not_future(value: datetime.date) -> None:
    if value and value > timezone.localdate():
        raise ValidationError("This date cannot be in the future.")


class SourceFields(models.Model):
    """Where a figure or rule comes from, and when someone last checked it."""

    source_title = models.CharField(max_length=200, blank=True)
    source_url = models.URLField("source address", max_length=300, blank=True, validators=[validate_https])
    last_checked = models.DateField(null=True, blank=True, validators=[validate_not_future])

    source_panels = [
        MultiFieldPanel(
            [FieldPanel("source_title"), FieldPanel("source_url"), FieldPanel("last_checked")],
            heading="Source and last checked",
        )
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.source_url and not self.last_checked:
            raise ValidationError({"last_checked": "Say when the source was last checked."})
