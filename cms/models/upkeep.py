"""Keeping content true: the external links found in published content with what the last check found,
and the review reminders sent to page owners.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

# --------------------------------------------------------------------------------------------------
# Keeping content true: link checks and review reminders (README, "Keeping content true")
# --------------------------------------------------------------------------------------------------


class ExternalLink(models.Model):
    """One external address found in published content, with what the last daily check found
    (cms/links.py). `first_failed_at` is kept while the link keeps failing and cleared when it works."""

    url = models.URLField(max_length=2000, unique=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    ok = models.BooleanField(default=True, db_index=True)
    error = models.CharField(max_length=255, blank=True)
    first_failed_at = models.DateTimeField(null=True, blank=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    #: A redirect's first status (301 and 308: moved for good, so the link should be updated) and the
    #: address the redirects ended at.
    redirect_status = models.PositiveSmallIntegerField(null=True, blank=True)
    redirected_to = models.URLField(max_length=2000, blank=True)
    pages = models.ManyToManyField("wagtailcore.Page", blank=True, related_name="+")
    #: Where the link is used, pages and snippets alike: [{"model": "cms.resource", "id": 3, "title": "…"}]
    used_in = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["first_failed_at", "url"]
        verbose_name = "external link"

    def __str__(self):
        return self.url

    @property
    def used_on(self) -> str:
        return "; ".join(item["title"] for item in self.used_in)

    @property
    def result(self) -> str:
        return " ".join(part for part in (str(self.status_code or ""), self.error) if part) or "OK"


class ReviewReminder(models.Model):
    """A review reminder sent to a page's owner, remembered so that each is sent once per due date
    (portal/review_reminders.py sends them; cms stays free of the outbox)."""

    class Stage(models.TextChoices):
        FORTNIGHT = "fortnight", "Review due in a fortnight"
        DUE = "due", "Review due today"

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    due_date = models.DateField()
    stage = models.CharField(max_length=10, choices=Stage.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "due_date", "stage"], name="one_review_reminder_per_due_date"
            )
        ]

    def __str__(self):
        return f"{self.get_stage_display()}: page {self.page_id} ({self.due_date})"
