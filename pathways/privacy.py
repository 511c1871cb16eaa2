"""Personal data in the pathway finder: each person's saved plan and HCPC updating log (see
portal/privacy/ for the registry). The finder's content (steps, countries, nation support) is edited
in the admin and holds no personal data. Erasure deletes a person's plan and log outright: they have no
statistical use and belong to nobody else."""

from __future__ import annotations

from portal.privacy import PersonalData, json_safe, no_personal_data, register

from .models import (
    Country,
    NationSupport,
    PathwayFinderPage,
    PathwayStep,
    SavedPlan,
    StepTick,
    UpdatingActivity,
    UpdatingLog,
)


@register
class SavedPlanData(PersonalData):
    """The finder's answers (nation, profession, when they last practised, country...)."""

    model = SavedPlan
    export_fields = ("answers", "created_at", "updated_at")
    on_erasure = "delete"
    order = 410

    def rows(self, subject):
        return SavedPlan.objects.filter(user_id__in=subject.user_ids)


@register
class StepTickData(PersonalData):
    model = StepTick
    export_fields = ("ticked_at",)
    on_erasure = "delete"
    order = 400

    def rows(self, subject):
        return StepTick.objects.filter(plan__user_id__in=subject.user_ids).select_related("step")

    def export(self, obj):
        return {**super().export(obj), "step": obj.step.title, "plan": obj.plan_id}


@register
class UpdatingLogData(PersonalData):
    model = UpdatingLog
    export_fields = ("basis", "basis_date", "planned_application_date", "created_at", "updated_at")
    on_erasure = "delete"
    order = 410

    def rows(self, subject):
        return UpdatingLog.objects.filter(user_id__in=subject.user_ids)


@register
class UpdatingActivityData(PersonalData):
    """What someone did towards their updating, in their words (and their supervisor's name)."""

    model = UpdatingActivity
    export_fields = (*UpdatingActivity.ENTRY_FIELDS, "created_at")
    mention_fields = ("description",)
    created_field = "created_at"
    on_erasure = "delete"
    order = 400

    def rows(self, subject):
        return UpdatingActivity.objects.filter(log__user_id__in=subject.user_ids)

    def export(self, obj):
        return {**super().export(obj), "log": obj.log_id, "hours": json_safe(obj.hours)}


no_personal_data(
    Country,
    reason="Reference data about a country: its Code of Practice status and English-language status.",
    fields={
        "name": "the country's name, e.g. 'Nigeria'",
        "notes": "an editor's note for everyone who lives or qualified in the country",
    },
)
no_personal_data(
    NationSupport,
    reason="Funding, support and contacts in one UK nation, written by editors for everyone to read.",
    fields={"contacts": "organisations and public role contacts editors publish, not the portal's users"},
)
no_personal_data(
    PathwayStep,
    reason="A step of the pathway finder, with the answers it applies to, edited in the admin.",
    fields={"body": "what to do and why, written by editors for everyone to read"},
)
no_personal_data(
    PathwayFinderPage,
    reason="The pathway finder page; its questions and explanations are written by editors.",
)
