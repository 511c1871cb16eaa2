"""The registry of personal data: every model of every installed app is declared in it, either as holding
personal data (a `PersonalData` class registered with `@register`) or as holding none
(`no_personal_data(model, reason=..., fields=...)`); see the package docstring for the rules.

Declarations are made in `<app>/privacy.py`, and for Django's, Wagtail's, allauth's and the other
third-party apps' models in portal/privacy/declared/; `load()` imports all of them, once.
"""

from __future__ import annotations

import datetime
import decimal
import importlib
import logging
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from pathlib import Path

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.db.models.fields.files import FieldFile
from django.utils.module_loading import autodiscover_modules
from django.utils.text import get_valid_filename

from .subject import Subject

logger = logging.getLogger(__name__)

#: Field names that suggest personal data; a "no personal data" model must explain each one it has.
PERSONAL_LOOKING_NAME = re.compile(r"name|e_?mail|body|comment|description|phone|address|notes", re.I)
ADDRESS_PATTERN = re.compile(r"[^\s@<>()\[\],;:\"']+@[^\s@<>()\[\],;:\"']+")
ADDRESS_REMOVED = "[address removed]"


# --------------------------------------------------------------------------------------------------
# Addresses in text
# --------------------------------------------------------------------------------------------------


def redact_addresses(text: str) -> str:
    return ADDRESS_PATTERN.sub(ADDRESS_REMOVED, text or "")


def mention_pattern(emails: Iterable[str]) -> re.Pattern:
    """Any of these addresses as a whole word, in any case (not 'malice@...' for 'alice@...')."""
    alternatives = "|".join(re.escape(e) for e in sorted(emails, key=len, reverse=True))
    return re.compile(rf"(?<![\w.+-])(?:{alternatives})(?![\w-]|\.\w)", re.IGNORECASE)


def redact_json(value, pattern: re.Pattern = ADDRESS_PATTERN):
    """A JSON value with every match of `pattern` (by default any address) in its strings replaced."""
    if isinstance(value, str):
        return pattern.sub(ADDRESS_REMOVED, value)
    if isinstance(value, dict):
        return {key: redact_json(item, pattern) for key, item in value.items()}
    if isinstance(value, list):
        return [redact_json(item, pattern) for item in value]
    return value


# --------------------------------------------------------------------------------------------------
# Declarations
# --------------------------------------------------------------------------------------------------


def json_safe(value):
    """A value json.dumps can write as it is: dates and times in ISO 8601, decimals and UUIDs as text."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_safe(v) for v in value]
    return value


class FilesToDelete:
    """Storage files to remove once the transaction that stopped referring to them commits (a rollback
    keeps them, so the database never points at a missing file)."""

    @staticmethod
    def after_commit(pairs: Iterable[tuple]) -> None:
        pairs = [(storage, name) for storage, name in pairs if name]
        if not pairs:
            return

        def delete():
            for storage, name in pairs:
                try:
                    storage.delete(name)
                except OSError:
                    logger.warning(
                        "Could not delete a stored file of erased data (%s)", type(storage).__name__
                    )

        transaction.on_commit(delete)


class PersonalData:
    """How one model's personal data is found, exported and anonymised. Subclass, set `model`, and
    register with `@register`.

    - `rows(subject)`: a queryset of the rows about the subject (one query, select_related as needed);
    - `export(obj)`: a JSON-safe dict; by default the `export_fields`, with choices shown by label;
    - `files(obj)`: the stored files to include in an export (FieldFiles);
    - `anonymise(obj)`: remove the personal data from one row, keeping what statistics need;
    - `erase_rows(subject)`: what an erasure on request does to the subject's rows (by default
      anonymise each, or delete each when `on_erasure = "delete"`); returns how many rows changed.
    """

    model: type[models.Model]
    #: Exported as they are (plus a label for fields with choices).
    export_fields: tuple[str, ...] = ()
    #: Fields that hold an email address: replay_erasures looks for erased addresses in them.
    email_fields: tuple[str, ...] = ()
    #: FileFields whose files belong in an export.
    file_fields: tuple[str, ...] = ()
    #: Field -> value once anonymised (anonymise() sets them; bulk anonymisation updates with them).
    anonymised_values: dict = {}
    #: Free-text fields in which an erased address is replaced wherever it appears word for word, in
    #: anyone's rows (see `redact_mentions`).
    mention_fields: tuple[str, ...] = ()
    #: The row's own creation date. A replayed erasure redacts mentions only in rows made by the
    #: erasure's time (required with `mention_fields`); rows() use it for rows found by an address.
    created_field: str = ""
    #: "anonymise" or "delete".
    on_erasure = "anonymise"
    #: Erasure goes through the declarations from the lowest order to the highest.
    order = 100
    #: Queries rows() may make (more than one only where rows must be found by reading every row).
    rows_queries = 1
    #: Whether Wagtail's admin history (wagtailcore.ModelLogEntry) may name the model's rows: entries
    #: about the subject's rows are then exported and have their label erased (see ModelLogEntryData).
    in_admin_history = True

    @property
    def label(self) -> str:
        return self.model._meta.label

    def rows(self, subject: Subject) -> QuerySet:
        raise NotImplementedError

    def export(self, obj) -> dict:
        data = {"id": obj.pk}
        for name in self.export_fields:
            value = getattr(obj, name)
            data[name] = json_safe(value)
            model_field = obj._meta.get_field(name)
            if model_field.choices and value not in (None, ""):
                data[f"{name}_label"] = str(getattr(obj, f"get_{name}_display")())
        return data

    def files(self, obj) -> list[FieldFile]:
        return [getattr(obj, name) for name in self.file_fields if getattr(obj, name)]

    def file_name(self, obj, fieldfile: FieldFile) -> str:
        """The name a file has inside an export (no directories)."""
        return get_valid_filename(Path(fieldfile.name).name) or "file"

    def anonymise(self, obj) -> None:
        if self.on_erasure == "delete":
            FilesToDelete.after_commit((f.storage, f.name) for f in self.files(obj))
            obj.delete()
            return
        FilesToDelete.after_commit((f.storage, f.name) for f in self.files(obj))
        for name, value in self.anonymised_values.items():
            setattr(obj, name, value)
        obj.save(update_fields=list(self.anonymised_values))

    def erase_rows(self, subject: Subject) -> int:
        count = 0
        for obj in self.rows(subject):
            self.anonymise(obj)
            count += 1
        return count

    def redact_mentions(self, subject: Subject) -> int:
        """Replace the subject's addresses where they appear word for word in `mention_fields`, in any
        row: someone else's message that gives the address keeps its text, without the address. (The
        rest of such text is the other person's record and is neither exported nor erased.)"""
        if not self.mention_fields or not subject.emails:
            return 0
        pattern = mention_pattern(subject.emails)
        condition = reduce(
            or_,
            (Q(**{f"{name}__icontains": email}) for name in self.mention_fields for email in subject.emails),
        )
        if subject.replaying:
            condition &= subject.made_by(self.created_field)
        changed = 0
        for obj in self.model._default_manager.filter(condition).only("pk", *self.mention_fields):
            updated = [name for name in self.mention_fields if pattern.search(getattr(obj, name) or "")]
            for name in updated:
                setattr(obj, name, pattern.sub(ADDRESS_REMOVED, getattr(obj, name)))
            if updated:
                obj.save(update_fields=updated)
                changed += 1
        return changed


@dataclass(frozen=True)
class NoPersonalData:
    model: type[models.Model]
    reason: str
    #: Field name -> why that field, despite its name, holds no personal data.
    fields: dict[str, str] = field(default_factory=dict)


_declarations: dict[type[models.Model], PersonalData] = {}
_exemptions: dict[type[models.Model], NoPersonalData] = {}
_loaded = False

#: The declarations of Django's, Wagtail's, allauth's and the other third-party apps' models (the
#: project's own apps declare theirs in `<app>/privacy.py`). Imported by `load()`.
DECLARATION_MODULES = (
    "portal.privacy.declared.accounts",
    "portal.privacy.declared.django",
    "portal.privacy.declared.wagtail",
    "portal.privacy.declared.third_party",
)


def register(declaration_class: type[PersonalData]) -> type[PersonalData]:
    """Class decorator: the model's personal data is found, exported and anonymised as declared."""
    model = declaration_class.model
    if model in _declarations or model in _exemptions:
        raise ValueError(f"{model._meta.label} is declared twice")
    _declarations[model] = declaration_class()
    return declaration_class


def no_personal_data(model: type[models.Model], *, reason: str, fields: dict[str, str] | None = None) -> None:
    """Declare that a model holds no personal data, and why (see the package docstring)."""
    if model in _declarations or model in _exemptions:
        raise ValueError(f"{model._meta.label} is declared twice")
    _exemptions[model] = NoPersonalData(model=model, reason=reason, fields=dict(fields or {}))


def load() -> None:
    """Import the declarations of the framework's models and every installed app's privacy module, once."""
    global _loaded
    if not _loaded:
        for module in DECLARATION_MODULES:
            importlib.import_module(module)
        autodiscover_modules("privacy")
        _loaded = True


def declarations() -> list[PersonalData]:
    load()
    return sorted(_declarations.values(), key=lambda d: (d.order, d.label))


def declaration_for(model: type[models.Model]) -> PersonalData:
    load()
    return _declarations[model]


def exemptions() -> dict[type[models.Model], NoPersonalData]:
    load()
    return dict(_exemptions)


def exemption_problems(model: type[models.Model], exemption: NoPersonalData | None = None) -> list[str]:
    """Why a model cannot be declared free of personal data (empty when it can).

    Looks at the fields the model itself declares (fields inherited from Wagtail's Page are Wagtail's):
    an email field or a link to the user model is never allowed; a field named like personal data
    (name, email, body, comment, description, phone, address, notes) needs a reason of its own.
    """
    exemption = exemption or _exemptions.get(model)
    reasons = exemption.fields if exemption else {}
    User = get_user_model()
    problems = []
    if exemption is not None and len(exemption.reason.split()) < 5:
        problems.append(f"{model._meta.label}: say in a sentence why it holds no personal data")
    own_fields = [f for f in model._meta.get_fields() if getattr(f, "concrete", False) and f.model is model]
    names = {f.name for f in own_fields}
    for model_field in own_fields:
        where = f"{model._meta.label}.{model_field.name}"
        if isinstance(model_field, models.EmailField):
            problems.append(f"{where} is an email field")
        elif model_field.is_relation and model_field.related_model is User:
            problems.append(f"{where} links to the user model")
        elif PERSONAL_LOOKING_NAME.search(model_field.name):
            reason = reasons.get(model_field.name, "")
            if len(reason.split()) < 4:
                problems.append(f"{where} looks personal: give a reason for it in fields={{...}}")
    for stale in set(reasons) - names:
        problems.append(f"{model._meta.label}: fields={{...}} names {stale!r}, which it does not have")
    return problems


def undeclared_models(candidates: Iterable[type[models.Model]] | None = None) -> list[str]:
    """The models (of every installed app, Django's and third parties' included, unless `candidates`
    are given) declared neither as holding personal data nor as holding none. Proxy models share
    their concrete model's table and declaration."""
    load()
    candidates = django_apps.get_models() if candidates is None else candidates
    return sorted(
        model._meta.label
        for model in candidates
        if not model._meta.proxy
        and not model._meta.abstract
        and model not in _declarations
        and model not in _exemptions
    )


def installed_model(label: str) -> type[models.Model] | None:
    """The model of this label ("app_label.ModelName"), or None when its app is not installed."""
    try:
        return django_apps.get_model(label)
    except LookupError:
        return None


# --------------------------------------------------------------------------------------------------
# Kinds of declaration
# --------------------------------------------------------------------------------------------------


class AccountData(PersonalData):
    """Rows that belong to one of the subject's accounts through `user_fields`."""

    user_fields: tuple[str, ...] = ("user",)
    order = 500

    def rows(self, subject):
        return self.model._default_manager.filter(
            reduce(or_, (Q(**{f"{name}_id__in": subject.user_ids}) for name in self.user_fields))
        )


class StaffWorkData(AccountData):
    """What a member of staff made or did in Wagtail's admin (pages, uploads, revisions, workflow
    steps, comments). Exported as a list of it. Kept on erasure: it is the organisation's record of
    its content, and its link goes to the account, which erasure anonymises, so it names no one.
    Their admin history (an image's title, say) is editorial too: not treated as about the subject."""

    in_admin_history = False

    def erase_rows(self, subject):
        return 0


# --------------------------------------------------------------------------------------------------
# Who may export and erase
# --------------------------------------------------------------------------------------------------


def can_manage_personal_data(user) -> bool:
    """Who may export and erase a person's data: superusers, and staff given the permission."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.is_superuser or user.has_perm("portal.manage_personal_data"))
    )
