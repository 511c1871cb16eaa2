"""Forms of the pathway finder (one question a page) and of the updating log.

Every error names the field in plain words; what was typed comes back in the form; nothing a person
types is trusted beyond what the form cleans.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django import forms
from django.db.models import Sum
from django.utils import timezone

from cms.models import Nation
from portal.forms import PublicForm, PublicModelForm

from . import rules
from .models import PROFESSION_CHOICES, Country, UpdatingActivity, UpdatingLog

YES_NO = [("yes", "Yes"), ("no", "No")]
UK_CODE = "GB"
EARLIEST_YEAR = 1950


# --------------------------------------------------------------------------------------------------
# The date-input pattern: day, month and year in separate boxes
# --------------------------------------------------------------------------------------------------


class DatePartsWidget(forms.MultiWidget):
    def __init__(self, include_day: bool = True, attrs=None):
        numeric = {"inputmode": "numeric", "autocomplete": "off"}
        widgets = {}
        if include_day:
            widgets["day"] = forms.TextInput(attrs={**numeric, "maxlength": "2"})
        widgets["month"] = forms.TextInput(attrs={**numeric, "maxlength": "2"})
        widgets["year"] = forms.TextInput(attrs={**numeric, "maxlength": "4"})
        self.include_day = include_day
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            parts = [value.month, value.year]
            return [value.day, *parts] if self.include_day else parts
        if isinstance(value, str) and value:
            try:
                return self.decompress(datetime.date.fromisoformat(value))
            except ValueError:
                pass
        return [None] * len(self.widgets)


class DatePartsField(forms.MultiValueField):
    """A date typed as day, month and year (or month and year) with the error messages people expect.
    Its field template is the NHS.UK date input (templates/pathways/includes/date_input.html)."""

    def __init__(self, *, what: str, include_day: bool = True, allow_future: bool = False, **kwargs):
        kwargs.setdefault("template_name", "pathways/includes/date_input.html")
        self.what = what
        self.include_day = include_day
        self.allow_future = allow_future
        count = 3 if include_day else 2
        fields = tuple(forms.CharField(required=False, max_length=4) for _ in range(count))
        super().__init__(
            fields=fields,
            require_all_fields=False,
            widget=DatePartsWidget(include_day=include_day),
            **kwargs,
        )

    @property
    def part_names(self) -> list[str]:
        return ["day", "month", "year"] if self.include_day else ["month", "year"]

    def clean(self, value):
        value = list(value or [])
        value += [""] * (len(self.part_names) - len(value))
        parts = {
            name: (str(v).strip() if v is not None else "")
            for name, v in zip(self.part_names, value, strict=False)
        }
        what = self.what
        if not any(parts.values()):
            if self.required:
                raise forms.ValidationError(f"Enter {what}", code="required")
            return None
        missing = [name for name, v in parts.items() if not v]
        if missing:
            raise forms.ValidationError(f"{what[0].upper()}{what[1:]} must include a {' and '.join(missing)}")
        if not all(v.isdigit() for v in parts.values()):
            raise forms.ValidationError(f"{what[0].upper()}{what[1:]} must be a real date, in numbers")
        if len(parts["year"]) != 4:
            raise forms.ValidationError("Year must include 4 numbers")
        try:
            day = datetime.date(int(parts["year"]), int(parts["month"]), int(parts.get("day", "1")))
        except ValueError as exc:
            raise forms.ValidationError(f"{what[0].upper()}{what[1:]} must be a real date") from exc
        today = timezone.localdate()
        if not self.allow_future and day > today:
            raise forms.ValidationError(f"{what[0].upper()}{what[1:]} must be today or in the past")
        if day.year < EARLIEST_YEAR:
            raise forms.ValidationError(
                f"{what[0].upper()}{what[1:]} must be after {EARLIEST_YEAR}: check the year"
            )
        if self.allow_future and day > today + datetime.timedelta(days=366 * 3):
            raise forms.ValidationError(f"{what[0].upper()}{what[1:]} must be within the next 3 years")
        return day

    def compress(self, data_list):  # pragma: no cover - clean() is overridden
        return None


# --------------------------------------------------------------------------------------------------
# The finder's questions
# --------------------------------------------------------------------------------------------------


def _yes_no(value) -> str | None:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return None


class NationForm(PublicForm):
    nation = forms.ChoiceField(
        label="Which UK nation will you work in?",
        widget=forms.RadioSelect,
        help_text="Funding, contacts and some steps differ between the four nations.",
        error_messages={
            "required": "Select the nation you will work in",
            "invalid_choice": "Select one of the four nations",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nation"].choices = list(
            Nation.objects.order_by("sort_order", "name").values_list("slug", "name")
        )

    @staticmethod
    def initial_from(answers: dict) -> dict:
        return {"nation": answers.get("nation")}

    @staticmethod
    def to_answers(data: dict) -> dict:
        return {"nation": data["nation"]}


class QualificationForm(PublicForm):
    qualified_in = forms.ChoiceField(
        label="Where did you qualify as a radiographer?",
        widget=forms.RadioSelect,
        choices=[("uk", "In the UK"), ("abroad", "Outside the UK")],
        error_messages={
            "required": "Select where you qualified",
            "invalid_choice": "Select where you qualified",
        },
    )
    qualification_country = forms.ChoiceField(
        label="Country where you qualified",
        required=False,
        error_messages={"invalid_choice": "Choose the country where you qualified from the list"},
    )
    residence_country = forms.ChoiceField(
        label="Country you live in now",
        required=False,
        help_text=(
            "The plan shows where this country stands on the Code of Practice's red, amber and green list."
        ),
        error_messages={"invalid_choice": "Choose the country you live in from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        countries = Country.objects.choices()
        self.fields["qualification_country"].choices = [("", "Choose a country"), *countries]
        self.fields["residence_country"].choices = [
            ("", "Choose a country"),
            (UK_CODE, "I live in the UK"),
            *countries,
        ]

    def clean(self):
        data = super().clean()
        if data.get("qualified_in") == "abroad":
            if "qualification_country" not in self.errors and not data.get("qualification_country"):
                self.add_error("qualification_country", "Choose the country where you qualified")
            if "residence_country" not in self.errors and not data.get("residence_country"):
                self.add_error("residence_country", "Choose the country you live in")
        return data

    @staticmethod
    def initial_from(answers: dict) -> dict:
        uk = answers.get("uk_qualified")
        return {
            "qualified_in": {True: "uk", False: "abroad"}.get(uk),
            "qualification_country": answers.get("qualification_country") or "",
            "residence_country": answers.get("residence_country") or "",
        }

    @staticmethod
    def to_answers(data: dict) -> dict:
        uk = data["qualified_in"] == "uk"
        return {
            "uk_qualified": uk,
            "qualification_country": "" if uk else data["qualification_country"],
            "residence_country": UK_CODE if uk else data["residence_country"],
        }


class RegistrationForm(PublicForm):
    ever_registered = forms.ChoiceField(
        label="Have you ever been on the HCPC Register?",
        widget=forms.RadioSelect,
        choices=[("yes", "Yes, I have been registered with HCPC"), ("no", "No, never")],
        help_text="The Health and Care Professions Council (HCPC) registers radiographers in the UK.",
        error_messages={
            "required": "Select yes if you have ever been on the HCPC Register",
            "invalid_choice": "Select yes or no",
        },
    )
    last_practised = DatePartsField(
        what="the date you last practised in the UK",
        label="When did you last practise as a radiographer in the UK?",
        help_text="For example, 28 2 2019. If you are not sure of the day, give your best estimate.",
        required=False,
    )
    qualified_on = DatePartsField(
        what="the date you qualified",
        include_day=False,
        label="When did you qualify?",
        help_text="For example, 6 2016",
        required=False,
    )

    def clean(self):
        data = super().clean()
        answer = data.get("ever_registered")
        if answer == "yes" and "last_practised" not in self.errors and not data.get("last_practised"):
            self.add_error("last_practised", "Enter the date you last practised in the UK")
        if answer == "no" and "qualified_on" not in self.errors and not data.get("qualified_on"):
            self.add_error("qualified_on", "Enter the date you qualified")
        return data

    @staticmethod
    def initial_from(answers: dict) -> dict:
        return {
            "ever_registered": _yes_no(answers.get("ever_registered")),
            "last_practised": answers.get("last_practised") or None,
            "qualified_on": answers.get("qualified_on") or None,
        }

    @staticmethod
    def to_answers(data: dict) -> dict:
        registered = data["ever_registered"] == "yes"
        return {
            "ever_registered": registered,
            "last_practised": data["last_practised"].isoformat() if registered else None,
            "qualified_on": None if registered else data["qualified_on"].isoformat(),
        }


class ProfessionForm(PublicForm):
    profession = forms.ChoiceField(
        label="Are you a diagnostic or a therapeutic radiographer?",
        widget=forms.RadioSelect,
        choices=PROFESSION_CHOICES,
        error_messages={
            "required": "Select diagnostic or therapeutic radiography",
            "invalid_choice": "Select diagnostic or therapeutic radiography",
        },
    )

    @staticmethod
    def initial_from(answers: dict) -> dict:
        return {"profession": answers.get("profession")}

    @staticmethod
    def to_answers(data: dict) -> dict:
        return {"profession": data["profession"]}


class PractisedAbroadForm(PublicForm):
    practised_abroad = forms.ChoiceField(
        label="Have you worked as a radiographer outside the UK in the last 2 years?",
        widget=forms.RadioSelect,
        choices=YES_NO,
        help_text="Include teaching, management or research roles in radiography.",
        error_messages={
            "required": "Select yes if you have worked as a radiographer outside the UK in the last 2 years",
            "invalid_choice": "Select yes or no",
        },
    )

    @staticmethod
    def initial_from(answers: dict) -> dict:
        return {"practised_abroad": _yes_no(answers.get("practised_abroad"))}

    @staticmethod
    def to_answers(data: dict) -> dict:
        return {"practised_abroad": data["practised_abroad"] == "yes"}


class JobOfferForm(PublicForm):
    job_offer = forms.ChoiceField(
        label="Do you have an offer of a radiography job in the UK?",
        widget=forms.RadioSelect,
        choices=YES_NO,
        help_text="A conditional offer counts.",
        error_messages={
            "required": "Select yes if you have a job offer in the UK",
            "invalid_choice": "Select yes or no",
        },
    )

    @staticmethod
    def initial_from(answers: dict) -> dict:
        return {"job_offer": _yes_no(answers.get("job_offer"))}

    @staticmethod
    def to_answers(data: dict) -> dict:
        return {"job_offer": data["job_offer"] == "yes"}


@dataclass(frozen=True)
class Question:
    slug: str
    title: str  # short, for check-your-answers and the page title
    form_class: type[PublicForm]
    keys: tuple[str, ...]  # the answers it sets; all present means answered


QUESTIONS: tuple[Question, ...] = (
    Question("nation", "Nation you will work in", NationForm, ("nation",)),
    Question(
        "qualification",
        "Where you qualified",
        QualificationForm,
        ("uk_qualified", "qualification_country", "residence_country"),
    ),
    Question(
        "registration",
        "HCPC registration",
        RegistrationForm,
        ("ever_registered", "last_practised", "qualified_on"),
    ),
    Question("profession", "Profession", ProfessionForm, ("profession",)),
    Question(
        "practice-abroad", "Worked abroad in the last 2 years", PractisedAbroadForm, ("practised_abroad",)
    ),
    Question("job-offer", "UK job offer", JobOfferForm, ("job_offer",)),
)
QUESTIONS_BY_SLUG = {question.slug: question for question in QUESTIONS}


# --------------------------------------------------------------------------------------------------
# The updating log
# --------------------------------------------------------------------------------------------------


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
    date = DatePartsField(what="the date of the activity", label="Date", help_text="For example, 14 3 2026")
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
        label="Hours",
        help_text="Hours on this day, for example 7 or 3.5. HCPC counts 7 hours as one day.",
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
        label="How many years has your supervisor been on the HCPC Register?",
        required=False,
        help_text="Only for supervised practice. Whole years, for example 8.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": "3"}),
    )

    field_display = {
        "date": {"label_size": "m"},
        "kind": {"label_size": "m"},
        "hours": {"input_classes": "nhsuk-input--width-5"},
        "supervisor_years_registered": {"input_classes": "nhsuk-input--width-3"},
    }

    class Meta:
        model = UpdatingActivity
        fields = [
            "date",
            "kind",
            "hours",
            "description",
            "organisation",
            "supervisor_name",
            "supervisor_years_registered",
        ]

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
            raise forms.ValidationError("Hours must be 24 or fewer: log each day as its own activity")
        if (hours * 4) % 1:
            raise forms.ValidationError("Hours must be in quarter hours, like 7, 3.5 or 2.25")
        return hours.quantize(Decimal("0.01"))

    def clean_supervisor_years_registered(self) -> int | None:
        raw = (self.cleaned_data.get("supervisor_years_registered") or "").strip()
        if not raw:
            return None
        if not raw.isdigit():
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
        day, hours = data.get("date"), data.get("hours")
        if day and hours is not None and "hours" not in self.errors:
            others = self.log.activities.filter(date=day)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            already = others.aggregate(total=Sum("hours"))["total"] or Decimal(0)
            if already + hours > rules.MAX_HOURS_IN_A_DAY:
                self.add_error(
                    "hours",
                    f"You have already logged {rules._fmt(already)} hours on this day: a day has no more than 24 hours",
                )
        return data
