"""Keeping content true: the external links found in published content with what the last check found,
and the review reminders sent to page owners.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from wagtail.models import Page

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

    MOVED_FOR_GOOD = (301, 308)

    class Meta:
        ordering = ["first_failed_at", "url"]
        verbose_name = "external link"

    def __str__(self):
        return self.url

    @property
    def used_on(self) -> str:
        return "; ".join(item["title"] for item in self.used_in)

    @property
    def usages(self) -> list[tuple[str, str]]:
        """(title, admin edit address or "") of each page or snippet the link is used on; no query."""
        found = []
        for item in self.used_in:
            try:
                model = apps.get_model(item["model"])
            except (LookupError, ValueError, KeyError):
                model = None
            if model is not None and issubclass(model, Page):
                url = reverse("wagtailadmin_pages:edit", args=[item["id"]])
            else:
                try:
                    url = reverse(
                        f"wagtailsnippets_{item['model'].replace('.', '_')}:edit", args=[item["id"]]
                    )
                except (NoReverseMatch, KeyError):
                    url = ""
            found.append((item.get("title", ""), url))
        return found

    @property
    def moved(self) -> bool:
        return self.redirect_status in self.MOVED_FOR_GOOD

    @property
    def result(self) -> str:
        """The status as the report shows it: "404", "Timed out", "Moved (301) to https://…"."""
        parts = [str(self.status_code or ""), self.error]
        if self.redirect_status:
            moved = "Moved" if self.moved else "Redirected"
            parts.insert(0, f"{moved} ({self.redirect_status}) to {self.redirected_to}; then")
        return " ".join(part for part in parts if part) or "OK"

    @property
    def first_failed(self) -> str:
        if self.first_failed_at is None:
            return ""
        return f"{timezone.localtime(self.first_failed_at):%-d %B %Y}"


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
