"""A returner's updating log and its activities. Never shown in the admin."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from .base import validate_not_future


class UpdatingLog(models.Model):
    """A returner's record of their HCPC updating, one per account."""

    LAST_PRACTISED = "last_practised"
    QUALIFIED = "qualified"
    BASIS_CHOICES = [
        (LAST_PRACTISED, "I was on the HCPC Register: count from when I last practised in the UK"),
        (QUALIFIED, "I was never registered: count from when I qualified"),
    ]
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="updating_log"
    )
    basis = models.CharField(max_length=20, choices=BASIS_CHOICES, default=LAST_PRACTISED)
    basis_date = models.DateField(validators=[validate_not_future])
    planned_application_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "updating log"

    def __str__(self):
        return f"Updating log {self.pk}"

    def application_date(self, today: datetime.date | None = None) -> datetime.date:
        return self.planned_application_date or today or timezone.localdate()


class UpdatingActivity(models.Model):
    #: What the person writes about an entry: the form's fields, the service's arguments and the
    #: personal-data export (which adds when it was written).
    ENTRY_FIELDS = (
        "date",
        "end_date",
        "kind",
        "hours",
        "description",
        "organisation",
        "supervisor_name",
        "supervisor_years_registered",
    )

    SUPERVISED = "supervised"
    FORMAL = "formal"
    PRIVATE = "private"
    KIND_CHOICES = [(SUPERVISED, "Supervised practice"), (FORMAL, "Formal study"), (PRIVATE, "Private study")]

    log = models.ForeignKey(UpdatingLog, on_delete=models.CASCADE, related_name="activities")
    # An entry covers the days from ``date`` to ``end_date`` (the same day for a single day), with the
    # same ``hours`` on each: a week of supervised practice is one entry. rules.check_log counts it
    # day by day.
    date = models.DateField("first day", validators=[validate_not_future])
    end_date = models.DateField("last day", validators=[validate_not_future])
    kind = models.CharField("type", max_length=12, choices=KIND_CHOICES)
    hours = models.DecimalField(
        "hours each day",
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal(24))],
    )
    description = models.TextField(max_length=2000)
    organisation = models.CharField("where, or who provided it", max_length=200, blank=True)
    supervisor_name = models.CharField(max_length=120, blank=True)
    supervisor_years_registered = models.PositiveSmallIntegerField(
        "supervisor's years on the HCPC Register", null=True, blank=True, validators=[MaxValueValidator(70)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = "updating activity"
        verbose_name_plural = "updating activities"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("date")), name="activity_ends_on_or_after_it_starts"
            )
        ]

    def __str__(self):
        if self.is_range:
            return f"{self.get_kind_display()} from {self.date:%Y-%m-%d} to {self.end_date:%Y-%m-%d}"
        return f"{self.get_kind_display()} on {self.date:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        # An entry given no last day is a single day (as every entry was before ranges), whoever makes it.
        if self.end_date is None:
            self.end_date = self.date
        super().save(*args, **kwargs)

    def clean(self):
        if self.end_date is None:
            self.end_date = self.date
        super().clean()
        if self.date and self.end_date and self.end_date < self.date:
            raise ValidationError({"end_date": "The last day must be the same as or after the first day."})

    @property
    def is_range(self) -> bool:
        return bool(self.end_date and self.end_date != self.date)

    @property
    def day_count(self) -> int:
        if not self.date:
            return 0
        return max(1, ((self.end_date or self.date) - self.date).days + 1)

    @property
    def total_hours(self) -> Decimal:
        return (self.hours or Decimal(0)) * self.day_count
