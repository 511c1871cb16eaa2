"""The pathway finder's questions, one form a page, and the order they are asked in."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms

from cms.models import Nation
from pathways.models import PROFESSION_CHOICES, Country
from portal.forms import PublicForm

from .dates import DatePartsField

YES_NO = [("yes", "Yes"), ("no", "No")]
UK_CODE = "GB"


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
