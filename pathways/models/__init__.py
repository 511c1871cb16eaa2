"""The pathway finder (a Wagtail page with editor-managed steps and reference data) and each person's own
plan and updating log.

Content (steps, countries, nation support) is edited in the admin and holds no personal data. Plans and
logs belong to one user each and are never shown in the admin.
The models live in modules by concern (base: shared constants, validators and SourceFields; reference:
the snippets; finder: the page; plan: saved plans; log: the updating log). Everything is re-exported
here, so ``pathways.models.X`` keeps working for other apps and for migrations.
"""

from .base import (
    AMBER,
    ANY,
    DIAGNOSTIC,
    GREEN,
    IR,
    NO,
    PATHWAY_CHOICES,
    PROFESSION_CHOICES,
    RED,
    RTP,
    STATUS_CHOICES,
    TEXT_FEATURES,
    THERAPEUTIC,
    TRISTATE_CHOICES,
    YES,
    SourceFields,
    validate_https,
    validate_not_future,
)
from .finder import PathwayFinderPage
from .log import UpdatingActivity, UpdatingLog
from .plan import SavedPlan, StepTick
from .reference import Country, CountryQuerySet, NationSupport, PathwayStep, PathwayStepQuerySet

__all__ = [
    "AMBER",
    "ANY",
    "DIAGNOSTIC",
    "GREEN",
    "IR",
    "NO",
    "PATHWAY_CHOICES",
    "PROFESSION_CHOICES",
    "RED",
    "RTP",
    "STATUS_CHOICES",
    "TEXT_FEATURES",
    "THERAPEUTIC",
    "TRISTATE_CHOICES",
    "YES",
    "Country",
    "CountryQuerySet",
    "NationSupport",
    "PathwayFinderPage",
    "PathwayStep",
    "PathwayStepQuerySet",
    "SavedPlan",
    "SourceFields",
    "StepTick",
    "UpdatingActivity",
    "UpdatingLog",
    "validate_https",
    "validate_not_future",
]
