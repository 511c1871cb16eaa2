"""Forms of the pathway finder (one question a page) and of the updating log.

Every error names the field in plain words; what was typed comes back in the form; nothing a person
types is trusted beyond what the form cleans.
The forms live in modules (dates: the day-month-year field; questions: the finder; log: the updating
log) and are re-exported here.
"""

from .dates import EARLIEST_YEAR, DatePartsField, DatePartsWidget
from .log import ActivityForm, LogSetupForm
from .questions import (
    QUESTIONS,
    QUESTIONS_BY_SLUG,
    UK_CODE,
    YES_NO,
    JobOfferForm,
    NationForm,
    PractisedAbroadForm,
    ProfessionForm,
    QualificationForm,
    Question,
    RegistrationForm,
)

__all__ = [
    "EARLIEST_YEAR",
    "QUESTIONS",
    "QUESTIONS_BY_SLUG",
    "UK_CODE",
    "YES_NO",
    "ActivityForm",
    "DatePartsField",
    "DatePartsWidget",
    "JobOfferForm",
    "LogSetupForm",
    "NationForm",
    "PractisedAbroadForm",
    "ProfessionForm",
    "QualificationForm",
    "Question",
    "RegistrationForm",
]
