"""Feedback and reporting: the enquirer's satisfaction rating and who may see the reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel

from cms.models import Nation
from enquiries.models.casework import Enquiry


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
