"""Forms of the updating log: its settings and one activity."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django import forms

from pathways import rules
from pathways.models import UpdatingActivity, UpdatingLog
from portal.forms import PublicModelForm, is_whole_number

from .dates import DatePartsField


class LogSetupForm(PublicModelForm):
    basis = forms.ChoiceField(
        label="How should we work out your time out of practice?",
        widget=forms.RadioSelect,
        choices=UpdatingLog.BASIS_CHOICES,
        error_messages={"required": "Select how to work out your time out of practice"},
    )
    basis_date = DatePartsField(
        what="the date you last practised or qualified",
        label="Date you last practised in the UK, or the date you qualified",
        help_text="For example, 31 8 2019",
    )
    planned_application_date = DatePartsField(
        what="the date you plan to apply",
        allow_future=True,
        required=False,
        label="When do you plan to apply to HCPC? (optional)",
        help_text=(
            "We check that your updating falls in the window before this date. Leave it empty to use today."
        ),
    )

    field_display = {
        "basis": {"label_size": "m"},
        "basis_date": {"label_size": "m"},
        "planned_application_date": {"label_size": "m"},
    }

    class Meta:
        model = UpdatingLog
        fields = ["basis", "basis_date", "planned_application_date"]

    def clean(self):
        data = super().clean()
        basis_date, planned = data.get("basis_date"), data.get("planned_application_date")
        if basis_date and planned and planned < basis_date:
            self.add_error(
                "planned_application_date", "The date you plan to apply must be after the date above"
            )
        return data


class ActivityForm(PublicModelForm):
    date = DatePartsField(
        what="the date of the activity",
        label="Date, or first day",
        help_text="For example, 14 3 2026",
    )
    end_date = DatePartsField(
        what="the last day",
        required=False,
        label="Last day (optional)",
        help_text=(
            "For a run of days with the same hours, such as a week of supervised practice: every day from "
            f"the first to the last is logged, up to {rules.MAX_DAYS_IN_AN_ENTRY} days. Leave it empty for "
            "one day. Days off in between (a weekend, say) need their own entries either side."
        ),
    )
    kind = forms.ChoiceField(
        label="Type of updating",
        widget=forms.RadioSelect,
        choices=UpdatingActivity.KIND_CHOICES,
        error_messages={
            "required": "Select the type of updating",
            "invalid_choice": "Select the type of updating",
        },
    )
    hours = forms.CharField(
        label="Hours each day",
        help_text="Hours on each day, for example 7 or 3.5. HCPC counts 7 hours as one day.",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "maxlength": "6"}),
        error_messages={"required": "Enter the hours"},
    )
    description = forms.CharField(
        label="What you did",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What you did and what you learned, in a sentence or two. HCPC's form asks for this.",
        error_messages={
            "required": "Describe what you did",
            "max_length": "Keep the description to 2,000 characters or fewer",
        },
    )
    organisation = forms.CharField(
        label="Where, or who provided it (optional)",
        required=False,
        max_length=200,
        help_text="For example, the hospital department, university or e-learning provider",
    )
    supervisor_name = forms.CharField(
        label="Supervisor's name", required=False, max_length=120, help_text="Only for supervised practice"
    )
    supervisor_years_registered = forms.CharField(
        label=(
            "On the first day of this entry, how many full years had your supervisor been on "
            "the relevant part of the HCPC Register?"
        ),
        required=False,
        help_text=(
            "Only for supervised practice. Count whole years up to the first day, for example 8. HCPC asks "
            f"for a supervisor registered for at least the previous {rules.SUPERVISOR_MIN_YEARS.value} years."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": "3"}),
    )

    field_display = {
        "date": {"label_size": "m"},
        "end_date": {"label_size": "m"},
        "kind": {"label_size": "m"},
        "hours": {"input_classes": "nhsuk-input--width-5"},
        "supervisor_years_registered": {"input_classes": "nhsuk-input--width-3"},
    }

    class Meta:
        model = UpdatingActivity
        fields = list(UpdatingActivity.ENTRY_FIELDS)

    def __init__(self, *args, log: UpdatingLog, **kwargs):
        self.log = log
        super().__init__(*args, **kwargs)

    def clean_hours(self) -> Decimal:
        raw = (self.cleaned_data.get("hours") or "").strip()
        if not raw:
            raise forms.ValidationError("Enter the hours")
        try:
            hours = Decimal(raw)
        except InvalidOperation as exc:
            raise forms.ValidationError("Hours must be a number, like 7 or 3.5") from exc
        if not hours.is_finite():
            raise forms.ValidationError("Hours must be a number, like 7 or 3.5")
        if hours <= 0:
            raise forms.ValidationError("Hours must be more than 0")
        if hours > rules.MAX_HOURS_IN_A_DAY:
            raise forms.ValidationError("Hours must be 24 or fewer: a day has no more than 24 hours")
        if (hours * 4) % 1:
            raise forms.ValidationError("Hours must be in quarter hours, like 7, 3.5 or 2.25")
        return hours.quantize(Decimal("0.01"))

    def clean_supervisor_years_registered(self) -> int | None:
        raw = (self.cleaned_data.get("supervisor_years_registered") or "").strip()
        if not raw:
            return None
        if not is_whole_number(raw):
            raise forms.ValidationError("Years on the register must be a whole number, like 8")
        years = int(raw)
        if years > 70:
            raise forms.ValidationError("Years on the register must be 70 or fewer")
        return years

    def clean(self):
        data = super().clean()
        if data.get("kind") == UpdatingActivity.SUPERVISED:
            if "supervisor_name" not in self.errors and not data.get("supervisor_name", "").strip():
                self.add_error("supervisor_name", "Enter your supervisor's name")
            if (
                "supervisor_years_registered" not in self.errors
                and data.get("supervisor_years_registered") is None
            ):
                self.add_error(
                    "supervisor_years_registered",
                    "Enter how many years your supervisor has been on the HCPC Register",
                )
        elif data.get("kind"):
            data["supervisor_name"] = ""
            data["supervisor_years_registered"] = None
        first, last = data.get("date"), data.get("end_date")
        if first and last and "end_date" not in self.errors:
            if last < first:
                self.add_error("end_date", "The last day must be the same as or after the first day")
                last = None
            elif (last - first).days + 1 > rules.MAX_DAYS_IN_AN_ENTRY:
                self.add_error(
                    "end_date",
                    f"An entry can cover up to {rules.MAX_DAYS_IN_AN_ENTRY} days: log a longer period as "
                    "more than one entry",
                )
                last = None
            data["end_date"] = last
        hours = data.get("hours")
        if first and hours is not None and "hours" not in self.errors and "end_date" not in self.errors:
            self._check_hours_on_each_day(first, last or first, hours)
        return data

    def _check_hours_on_each_day(self, first: datetime.date, last: datetime.date, hours: Decimal) -> None:
        """No day may hold more than 24 hours across all entries: one query for the entries that overlap."""
        if self.log.pk is None:  # a log started from the plan, not kept yet, has no entries
            return
        others = self.log.activities.filter(date__lte=last, end_date__gte=first)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        already: dict[datetime.date, Decimal] = {}
        for other in others.only("date", "end_date", "hours"):
            for day in rules.activity_days(other):
                if first <= day <= last:
                    already[day] = already.get(day, Decimal(0)) + other.hours
        full = sorted(day for day, total in already.items() if total + hours > rules.MAX_HOURS_IN_A_DAY)
        if not full:
            return
        if first == last:
            message = (
                f"You have already logged {rules._fmt(already[first])} hours on this day: "
                "a day has no more than 24 hours"
            )
        else:
            day = full[0]
            message = (
                f"You have already logged {rules._fmt(already[day])} hours on {day.day} {day:%B %Y}"
                + (f" and {len(full) - 1} other day{'s' if len(full) > 2 else ''}" if len(full) > 1 else "")
                + ": a day has no more than 24 hours"
            )
        self.add_error("hours", message)
