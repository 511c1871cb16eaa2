"""A person's saved plan and the steps they have ticked. Never shown in the admin."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .reference import PathwayStep


class SavedPlan(models.Model):
    """The finder's answers saved to one account; the steps are rebuilt from the snippets each time."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pathway_plan"
    )
    answers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "saved plan"

    def __str__(self):
        return f"Plan {self.pk}"


class StepTick(models.Model):
    """A step someone has marked as done."""

    plan = models.ForeignKey(SavedPlan, on_delete=models.CASCADE, related_name="ticks")
    step = models.ForeignKey(PathwayStep, on_delete=models.CASCADE, related_name="+")
    ticked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "step"], name="one_tick_per_step")]

    def __str__(self):
        return f"Step {self.step_id} done"
