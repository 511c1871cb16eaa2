"""Personal data: what the portal holds about a person, how it is exported and how it is anonymised.

Every model of every installed app (the project's, Django's, Wagtail's, allauth's and any other
third party's; `undeclared_models()` lists any that is not, and tests/portal/test_privacy_registry.py
fails on it) is in exactly one of two lists:

- **holds personal data**: a `PersonalData` class registered with `@register`, which says how to find
  the rows about a data subject (`rows`), how a row is exported (`export`, JSON-safe), which files go
  with it (`files`), and how it is anonymised (`anonymise`) or erased (`erase_rows`);
- **holds no personal data**: `no_personal_data(model, reason=..., fields=...)`, with the reason, and a
  named reason for each field whose name looks personal (name, email, body...). A model with an email
  field or a link to the user model can never be declared free of personal data
  (tests/portal/test_privacy_registry.py fails).

Declarations live next to their app, in `<app>/privacy.py` (loaded by `load()`, like admin.py); this
module declares the portal's own models, cms's (cms imports no other app of ours, so it has no module
of its own for it) and, in one place (`_declare_framework_models`, `_exempt_framework_models`), those
of Django, Wagtail and the other installed apps: sessions, Wagtail's admin history (log entries,
whose `label` is str(row) when logged, e.g. a suppression's address or a user's name), its search
index, revisions, workflow, comments, uploads, editing state and user profiles, and task results.

Three operations use the declarations:

- `subject_export(email, fileobj)`: a ZIP of everything about an address (data.json + files);
- `erase_subject(email, actor=, reason=)`: anonymises or deletes all of it, records an ErasureRecord
  and appends a line to the erasure log (settings.PRIVACY_ERASURE_LOG) holding only HMACs of the
  address and of the accounts' ids, so that `replay_erasures()` can erase it again after a backup is
  restored: only what existed at the time of the erasure (see `replay_erasures` for the rule, model by
  model), never what the person gave us after it;
- the retention task (enquiries/privacy.py) uses the same per-model anonymised values, and redacts
  the admin history of what it anonymises (`history_redact`, `history_sweep`).

Nothing here logs an address or a name: log lines carry ids, counts and erasure ids.

Who the subject is: the address asked about, plus every account whose login address is that address
or which has it as a verified address, plus those accounts' other addresses. Rows are found through
structured fields (an address column, a link to the account, a link to one of the subject's
enquiries), never by searching free text: a message in someone else's enquiry that merely mentions
the address belongs to that other person, so it is not in the subject's export, and erasure only
replaces the address itself in such text with "[address removed]" (`redact_mentions`). Files are not
searched: a raw email of someone else's that quotes the address stays until that enquiry's retention.
"""

from __future__ import annotations

import datetime
import decimal
import fcntl
import hashlib
import hmac
import importlib
import json
import logging
import os
import re
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from pathlib import Path

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import BooleanField, Case, Q, QuerySet, TextField, Value, When
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.module_loading import autodiscover_modules
from django.utils.text import get_valid_filename

logger = logging.getLogger(__name__)

#: Field names that suggest personal data; a "no personal data" model must explain each one it has.
PERSONAL_LOOKING_NAME = re.compile(r"name|e_?mail|body|comment|description|phone|address|notes", re.I)
ERASED_EMAIL_DOMAIN = "erased.invalid"
ADDRESS_PATTERN = re.compile(r"[^\s@<>()\[\],;:\"']+@[^\s@<>()\[\],;:\"']+")
ADDRESS_REMOVED = "[address removed]"


# --------------------------------------------------------------------------------------------------
# The subject
# --------------------------------------------------------------------------------------------------


def normalise_email(email: str) -> str:
    """The form in which addresses are compared and hashed: trimmed, lower case."""
    return (email or "").strip().lower()


def email_q(field_name: str, emails: Iterable[str]) -> Q:
    """Rows whose `field_name` is one of `emails`, ignoring case (no row if there are none)."""
    emails = [e for e in emails if e]
    if not emails:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{field_name}__iexact": e}) for e in emails))


@dataclass(frozen=True)
class Subject:
    """A data subject: the address asked about, the accounts that have it, and their other addresses.

    `as_of` is set only when an erasure is replayed (see `replay_erasures`): the subject is then the
    person as they were at that moment, and declarations find only rows that existed then
    (`made_by`), so that data the person gave us after their erasure is left alone.
    """

    email: str
    emails: frozenset[str]
    user_ids: frozenset[int]
    as_of: datetime.datetime | None = None
    #: In a replay, the models whose rows the logged erasures changed (from the log's counts).
    erased_models: frozenset[str] | None = None

    @classmethod
    def for_email(
        cls,
        email: str,
        *,
        as_of: datetime.datetime | None = None,
        accounts: Iterable[str] | None = None,
        erased_models: Iterable[str] | None = None,
    ) -> Subject:
        """The subject of an address. For a replay, `as_of` is the erasure's time and `accounts` the
        keyed hashes of the accounts it erased (None for log lines written before they were logged):
        only those accounts, and only if they had been opened by then, are the subject's."""
        from allauth.account.models import EmailAddress

        email = normalise_email(email)
        User = get_user_model()
        verified_owners = EmailAddress.objects.filter(email__iexact=email, verified=True).values("user_id")
        users = User.objects.filter(Q(email__iexact=email) | Q(pk__in=verified_owners))
        if as_of is not None:
            users = users.filter(date_joined__lte=as_of)
        user_ids = frozenset(users.values_list("pk", flat=True))
        if accounts is not None:
            listed = set(accounts)
            user_ids = frozenset(pk for pk in user_ids if account_hash(pk) in listed)
        emails = {email}
        if user_ids:
            emails |= {
                normalise_email(e)
                for e in User.objects.filter(pk__in=user_ids).values_list("email", flat=True)
            }
            emails |= {
                normalise_email(e)
                for e in EmailAddress.objects.filter(user_id__in=user_ids, verified=True).values_list(
                    "email", flat=True
                )
            }
        return cls(
            email=email,
            emails=frozenset(e for e in emails if e),
            user_ids=user_ids,
            as_of=as_of,
            erased_models=None if erased_models is None else frozenset(erased_models),
        )

    @property
    def replaying(self) -> bool:
        return self.as_of is not None

    def erased_then(self, label: str) -> bool:
        """In a replay: whether the logged erasures changed rows of this model (by label), i.e. whether
        there were any to erase then. For rows that carry no date. Always true outside a replay."""
        return self.erased_models is None or label in self.erased_models

    def made_by(self, field_name: str) -> Q:
        """Rows whose `field_name` (a date set when the row was made: its own, or that of the enquiry
        or account it hangs off) is no later than `as_of`; every row when this is not a replay."""
        if self.as_of is None:
            return Q()
        return Q(**{f"{field_name}__lte": self.as_of})


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


def register(declaration_class: type[PersonalData]) -> type[PersonalData]:
    """Class decorator: the model's personal data is found, exported and anonymised as declared."""
    model = declaration_class.model
    if model in _declarations or model in _exemptions:
        raise ValueError(f"{model._meta.label} is declared twice")
    _declarations[model] = declaration_class()
    return declaration_class


def no_personal_data(model: type[models.Model], *, reason: str, fields: dict[str, str] | None = None) -> None:
    """Declare that a model holds no personal data, and why (see the module docstring)."""
    if model in _declarations or model in _exemptions:
        raise ValueError(f"{model._meta.label} is declared twice")
    _exemptions[model] = NoPersonalData(model=model, reason=reason, fields=dict(fields or {}))


def load() -> None:
    """Import every installed app's privacy module, once."""
    global _loaded
    if not _loaded:
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


# --------------------------------------------------------------------------------------------------
# Subject-access export
# --------------------------------------------------------------------------------------------------

EXPORT_README = """\
Everything the SoR Return to Practice and International Recruitment portal holds about {email},
made on {made} at the request of a member of staff.

data.json has one section per kind of record ("sections"), each a list of records; an empty list means
that nothing of that kind is held. Files (attachments and the original emails received) are in files/,
and each record names its own files under "files".

The person is identified by this address, by any account that signs in with it or has it as a
verified address, and by that account's other addresses ({count} address(es), {accounts} account(s)).
Records about other people that merely mention the address in their text are not included.
Internal notes written by staff are included: review them, and anything about other people, before
sending this export.
"""


def subject_export(email: str, fileobj) -> dict:
    """Write a ZIP of everything about `email` to `fileobj` (a binary file). Returns a summary: the
    row count by section (no personal data), for logs and the admin page."""
    subject = Subject.for_email(email)
    counts: dict[str, int] = {}
    sections: dict[str, dict] = {}
    with zipfile.ZipFile(fileobj, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for declaration in declarations():
            rows = []
            for obj in declaration.rows(subject):
                entry = declaration.export(obj)
                names = []
                for fieldfile in declaration.files(obj):
                    arcname = f"files/{declaration.label}/{obj.pk}/{declaration.file_name(obj, fieldfile)}"
                    try:
                        with fieldfile.open("rb") as source, archive.open(arcname, "w") as target:
                            for chunk in iter(lambda: source.read(1024 * 1024), b""):  # noqa: B023
                                target.write(chunk)
                    except (FileNotFoundError, OSError):
                        entry.setdefault("missing_files", []).append(Path(fieldfile.name).name)
                        continue
                    names.append(arcname)
                if names:
                    entry["files"] = names
                rows.append(entry)
            sections[declaration.label] = {
                "title": str(declaration.model._meta.verbose_name_plural),
                "rows": rows,
            }
            counts[declaration.label] = len(rows)
        data = {
            "subject": {
                "email": subject.email,
                "addresses": sorted(subject.emails),
                "accounts": len(subject.user_ids),
            },
            "made_at": timezone.now().isoformat(),
            "sections": sections,
        }
        archive.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False))
        archive.writestr(
            "README.txt",
            EXPORT_README.format(
                email=subject.email,
                made=timezone.localtime().strftime("%d %B %Y at %H:%M"),
                count=len(subject.emails),
                accounts=len(subject.user_ids),
            ),
        )
    return {"counts": counts, "total": sum(counts.values())}


def subject_summary(email: str) -> dict[str, int]:
    """How many rows each model holds about an address (no personal data): for the erasure check."""
    subject = Subject.for_email(email)
    counts = {}
    for declaration in declarations():
        n = declaration.rows(subject).count()
        if n:
            counts[str(declaration.model._meta.verbose_name_plural)] = n
    return counts


# --------------------------------------------------------------------------------------------------
# Erasure on request, and its replay after a restore
# --------------------------------------------------------------------------------------------------


def erasure_key() -> bytes:
    """The HMAC key for erased addresses: settings.PRIVACY_ERASURE_KEY, else one derived from SECRET_KEY."""
    configured = getattr(settings, "PRIVACY_ERASURE_KEY", "")
    if configured:
        return configured.encode()
    return salted_hmac("portal.privacy.erasure-key", "erasure-log", algorithm="sha256").hexdigest().encode()


def subject_hash(email: str) -> str:
    """HMAC-SHA256 (hex) of the normalised address: what stands for an erased address in the logs."""
    return hmac.new(erasure_key(), normalise_email(email).encode(), hashlib.sha256).hexdigest()


def key_fingerprint() -> str:
    """A short fingerprint of the key, written with each log line so a replay with another key is refused."""
    return hmac.new(erasure_key(), b"fingerprint", hashlib.sha256).hexdigest()[:12]


def account_hash(pk) -> str:
    """HMAC-SHA256 (hex) of an account's id: which accounts an erasure covered, in the log, so that a
    replay never takes an account opened (or given the address) since for the erased person's."""
    return hmac.new(erasure_key(), f"account:{pk}".encode(), hashlib.sha256).hexdigest()


def erasure_log_path() -> Path:
    return Path(
        getattr(settings, "PRIVACY_ERASURE_LOG", Path(settings.BASE_DIR) / "var" / "erasure-log.jsonl")
    )


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


def _append_to_log(record, path: Path | None = None, *, accounts: Iterable[str] = ()) -> None:
    """Append one line and fsync it: the erasure is only done once the line is on disk. Called inside
    the erasure's transaction, so a failed write undoes the erasure rather than losing its record."""
    path = path or erasure_log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(
        {
            "erasure_id": str(record.erasure_id),
            "subject_hash": record.subject_hash,
            "created_at": record.created_at.isoformat(),
            "actor_id": record.actor_id,
            "counts": record.counts,
            "accounts": sorted(accounts),
            "key": key_fingerprint(),
        },
        sort_keys=True,
    )
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, (line + "\n").encode())
        os.fsync(fd)
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _validated(email: str) -> str:
    email = normalise_email(email)
    validate_email(email)
    return email


def _erase(subject: Subject) -> dict[str, int]:
    counts: dict[str, int] = {}
    for declaration in declarations():
        changed = declaration.erase_rows(subject)
        if changed:
            counts[declaration.label] = changed
    for declaration in declarations():
        changed = declaration.redact_mentions(subject)
        if changed:
            counts[f"{declaration.label} (address removed from text)"] = changed
    return counts


def erase_subject(email: str, *, actor=None, reason: str = ""):
    """Erase everything about an address on its owner's request (see the module docstring for who the
    subject is). Enquiries are anonymised as the retention task does (open ones are withdrawn first),
    the account is anonymised and its addresses, authenticators, plans and logs deleted.

    Records an ErasureRecord and appends a line to the erasure log, neither holding the address.
    Returns the ErasureRecord. Raises ValidationError for something that is not an email address.
    """
    from .models import ErasureRecord

    email = _validated(email)
    with transaction.atomic():
        created_at = timezone.now()
        subject = Subject.for_email(email)
        counts = _erase(subject)
        record = ErasureRecord.objects.create(
            erasure_id=uuid.uuid4(),
            subject_hash=subject_hash(email),
            created_at=created_at,
            actor=actor if getattr(actor, "pk", None) else None,
            reason=redact_addresses(reason)[:300],
            counts=counts,
        )
        _append_to_log(record, accounts=[account_hash(pk) for pk in subject.user_ids])
    logger.info(
        "Erasure %s by user %s: %s rows changed", record.erasure_id, record.actor_id, sum(counts.values())
    )
    return record


class ErasureLogError(Exception):
    pass


def read_erasure_log(path: Path | None = None) -> list[dict]:
    path = path or erasure_log_path()
    if not path.exists():
        return []
    entries = []
    with path.open(encoding="utf-8") as log:
        for number, line in enumerate(log, start=1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                entry["erasure_id"] = str(uuid.UUID(entry["erasure_id"]))
                if not re.fullmatch(r"[0-9a-f]{64}", entry["subject_hash"]):
                    raise ValueError("bad subject_hash")
                entry["created_at"] = datetime.datetime.fromisoformat(entry["created_at"])
                if timezone.is_naive(entry["created_at"]):
                    raise ValueError("created_at has no time zone")
                if "accounts" in entry and not all(
                    isinstance(h, str) and re.fullmatch(r"[0-9a-f]{64}", h) for h in entry["accounts"]
                ):
                    raise ValueError("bad accounts")
            except (ValueError, KeyError, TypeError) as error:
                raise ErasureLogError(
                    f"Line {number} of the erasure log cannot be read ({error})."
                ) from error
            entries.append(entry)
    return entries


def addresses_held() -> set[str]:
    """Every distinct address in the database's address columns (those the declarations name)."""
    held = set()
    for declaration in declarations():
        for name in declaration.email_fields:
            values = declaration.model._default_manager.exclude(**{name: ""}).values_list(name, flat=True)
            held |= {normalise_email(v) for v in values.distinct() if v}
    return held


@dataclass
class ReplayResult:
    entries: int = 0
    #: Addresses of erased people found in the database.
    found: int = 0
    #: Of those, the addresses whose pre-erasure data was found and erased again.
    erased: int = 0
    rows_changed: int = 0
    records_restored: int = 0


def replay_subject(address: str, entries: list[dict]) -> Subject:
    """The subject of a logged erasure as they were when erased: the latest of the address's logged
    erasures bounds what is theirs (everything made by then was erased by one of them), and the
    accounts are those the erasures covered (or, for log lines that predate account hashes, the
    accounts opened by then)."""
    as_of = max(entry["created_at"] for entry in entries)
    if all("accounts" in entry for entry in entries):
        accounts = {h for entry in entries for h in entry["accounts"]}
    else:
        accounts = None
    erased_models = {label for entry in entries for label in (entry.get("counts") or {})}
    return Subject.for_email(address, as_of=as_of, accounts=accounts, erased_models=erased_models)


def replay_erasures(path: Path | None = None) -> ReplayResult:
    """Apply every logged erasure again: after a backup is restored, the erased people's data is back.

    Finds the addresses in the database whose HMAC matches a logged erasure and erases again what
    existed at the time of the erasure (without adding to the log), and puts back the ErasureRecords
    the restore lost. Safe to run at any time, including after an erased person has come back.

    What "existed at the time" means, model by model (each declaration's rows() applies it through
    `Subject.made_by`):

    - an enquiry and everything on it (messages, attachments, events, emails, rating): the enquiry's
      created_at; a new enquiry from the same address is the person's new contact and is kept;
    - an account and everything on it (addresses, authenticators, plans, logs, sessions, admin
      history): only the accounts the erasure covered (their ids are in the log as keyed hashes), and
      only if opened by then (date_joined); an account opened again with the same address is new;
    - rows found by an address alone: their own creation date (an email's created_at, an inbound
      email's received_at, a suppression's created_at, a history entry's timestamp); rows with no
      such date and no account cannot be dated: a team's inbox is blanked again only if the logged
      erasure blanked one (its counts say so), and an unverified address on someone else's account
      is left alone;
    - an address in someone else's text: only in rows made by then (`created_field`).
    """
    from .models import ErasureRecord

    entries = read_erasure_log(path)
    result = ReplayResult(entries=len(entries))
    if not entries:
        return result
    fingerprint = key_fingerprint()
    foreign = [e for e in entries if e.get("key") and e["key"] != fingerprint]
    if foreign:
        raise ErasureLogError(
            f"{len(foreign)} log line(s) were written with another PRIVACY_ERASURE_KEY; set the key they "
            "were written with and run this again."
        )
    by_hash: dict[str, list[dict]] = {}
    for entry in entries:
        by_hash.setdefault(entry["subject_hash"], []).append(entry)
    matches = {address: by_hash[h] for address in addresses_held() if (h := subject_hash(address)) in by_hash}
    now = timezone.now()
    with transaction.atomic():
        for entry in entries:
            _, created = ErasureRecord.objects.get_or_create(
                erasure_id=entry["erasure_id"],
                defaults={
                    "subject_hash": entry["subject_hash"],
                    "created_at": entry["created_at"],
                    "actor_id": None,
                    "counts": entry.get("counts") or {},
                    "reason": "Restored from the erasure log",
                },
            )
            result.records_restored += int(created)
        for address, address_entries in sorted(matches.items()):
            result.found += 1
            counts = _erase(replay_subject(address, address_entries))
            if not counts:
                continue
            result.erased += 1
            result.rows_changed += sum(counts.values())
            ErasureRecord.objects.filter(erasure_id__in=[e["erasure_id"] for e in address_entries]).update(
                replayed_at=now
            )
    logger.info(
        "Replayed %s logged erasures: %s addresses found, %s erased again, %s rows changed",
        result.entries,
        result.found,
        result.erased,
        result.rows_changed,
    )
    return result


def can_manage_personal_data(user) -> bool:
    """Who may export and erase a person's data: superusers, and staff given the permission."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (user.is_superuser or user.has_perm("portal.manage_personal_data"))
    )


# --------------------------------------------------------------------------------------------------
# Declarations: the portal's own models and allauth's
# --------------------------------------------------------------------------------------------------


def _user_model():
    return get_user_model()


def anonymous_email(pk) -> str:
    return f"erased-{pk}@{ERASED_EMAIL_DOMAIN}"


def _declare_portal_models() -> None:
    from allauth.account.models import EmailAddress, EmailConfirmation
    from allauth.mfa.models import Authenticator

    from .models import ErasureRecord

    User = _user_model()

    @register
    class UserData(PersonalData):
        """The account. Erasure keeps the row (so the audit trail's links to it stay valid) but leaves
        nothing that identifies anyone: a placeholder address, no name, no password, inactive, no groups."""

        model = User
        export_fields = (
            "email",
            "first_name",
            "last_name",
            "is_active",
            "is_staff",
            "is_superuser",
            "date_joined",
            "last_login",
        )
        email_fields = ("email",)
        order = 900

        def rows(self, subject):
            return User.objects.filter(pk__in=subject.user_ids).prefetch_related("groups")

        def export(self, obj):
            data = super().export(obj)
            data["groups"] = sorted(group.name for group in obj.groups.all())
            return data

        def anonymise(self, obj):
            obj.email = anonymous_email(obj.pk)
            obj.first_name = ""
            obj.last_name = ""
            obj.is_active = False
            obj.is_staff = False
            obj.is_superuser = False
            obj.set_unusable_password()
            obj.save()
            obj.groups.clear()
            obj.user_permissions.clear()

    @register
    class EmailAddressData(PersonalData):
        model = EmailAddress
        export_fields = ("email", "verified", "primary")
        email_fields = ("email",)
        on_erasure = "delete"
        order = 800

        def rows(self, subject):
            # A replay leaves alone an address on someone else's account: it has no date.
            by_address = Q(pk__in=[]) if subject.replaying else email_q("email", subject.emails)
            return EmailAddress.objects.filter(Q(user_id__in=subject.user_ids) | by_address)

    @register
    class EmailConfirmationData(PersonalData):
        """allauth's stored confirmation keys (unused while confirmations are HMAC-based). The key is a
        secret and is never exported."""

        model = EmailConfirmation
        export_fields = ("created", "sent")
        on_erasure = "delete"
        order = 700

        def rows(self, subject):
            return EmailConfirmation.objects.filter(
                Q(email_address__user_id__in=subject.user_ids)
                | (email_q("email_address__email", subject.emails) & subject.made_by("created"))
            ).select_related("email_address")

        def export(self, obj):
            return {**super().export(obj), "email": obj.email_address.email}

    @register
    class AuthenticatorData(PersonalData):
        """Two-factor authentication: which kinds, and when made and last used. Never the secrets."""

        model = Authenticator
        export_fields = ("type", "created_at", "last_used_at")
        on_erasure = "delete"
        order = 800

        def rows(self, subject):
            return Authenticator.objects.filter(user_id__in=subject.user_ids)

    @register
    class ErasureRecordData(PersonalData):
        """The record of an erasure is kept (it is how the erasure is replayed). A member of staff who
        carried one out is told when, not whose; the person erased is matched by the hash alone."""

        model = ErasureRecord
        anonymised_values = {"actor": None}
        order = 850

        def rows(self, subject):
            hashes = [subject_hash(e) for e in subject.emails]
            return ErasureRecord.objects.filter(
                Q(actor_id__in=subject.user_ids)
                | (Q(subject_hash__in=hashes) & subject.made_by("created_at"))
            )

        def export(self, obj):
            return {
                "id": obj.pk,
                "created_at": json_safe(obj.created_at),
                "role": "carried out by you" if obj.actor_id is not None else "your data erased",
            }

        def erase_rows(self, subject):
            return ErasureRecord.objects.filter(actor_id__in=subject.user_ids).update(actor=None)


def _declare_content_models() -> None:
    """cms's models are edited in Wagtail and hold no personal data about the portal's users. Declared
    here because cms imports no other app of ours (tests/test_layering.py), so it has no privacy module;
    casestudies declares its own in casestudies/privacy.py."""
    from cms.models import (
        Audience,
        ExternalLink,
        GuidancePage,
        HomePage,
        HubPage,
        Nation,
        NewsIndexPage,
        NewsPage,
        Pathway,
        Resource,
        ResourceLibraryPage,
        ReviewReminder,
        StandardPage,
        Topic,
    )

    page_body = {"body": "the page's published content, written by editors for everyone to read"}
    taxonomy = {"name": "the label of a category editors manage, e.g. 'England' or 'Funding'"}
    no_personal_data(
        Pathway,
        reason="A pathway label (return to practice, international recruitment).",
        fields={**taxonomy, "short_name": "the label's abbreviation, e.g. 'RtP' or 'IR'"},
    )
    no_personal_data(
        Nation, reason="One of the four UK nations, with its bank-holiday calendar.", fields=taxonomy
    )
    no_personal_data(Audience, reason="An audience label used to tag content for readers.", fields=taxonomy)
    no_personal_data(
        Topic,
        reason="A topic label used to tag content and route enquiries.",
        fields={**taxonomy, "description": "an editor's description of the topic, shown to readers"},
    )
    for page_model in (HomePage, HubPage, GuidancePage, NewsPage, StandardPage):
        no_personal_data(
            page_model, reason="A Wagtail page of published content written by editors.", fields=page_body
        )
    no_personal_data(NewsIndexPage, reason="The news listing page; its content is written by editors.")
    no_personal_data(ResourceLibraryPage, reason="The managers' resource library page, content by editors.")
    no_personal_data(Resource, reason="A library resource (a link, document or page) described by editors.")
    no_personal_data(
        ExternalLink, reason="An external address found in published content and what its last check found."
    )
    no_personal_data(
        ReviewReminder,
        reason="That a page's review reminder was sent (page, due date, stage); the email is in the outbox.",
    )


# --------------------------------------------------------------------------------------------------
# Wagtail's admin history (log entries)
# --------------------------------------------------------------------------------------------------

#: What an admin history entry about an erased person's row is called instead of str(row).
HISTORY_LABEL_ERASED = "[personal data erased]"


def content_type_ids(model: type[models.Model]) -> QuerySet:
    """The content types of a model and of its proxies (Wagtail logs a proxy's rows under the proxy),
    as a subquery: no query of its own, and no cache to warm."""
    from django.contrib.contenttypes.models import ContentType

    names = {model._meta.model_name} | {
        m._meta.model_name
        for m in django_apps.get_models()
        if m._meta.proxy and m._meta.concrete_model is model._meta.concrete_model
    }
    return ContentType.objects.filter(app_label=model._meta.app_label, model__in=names).values("pk")


def object_keys(queryset: QuerySet) -> QuerySet:
    """The primary keys of a queryset as text (how generic relations store them), as a subquery."""
    return (
        queryset.order_by()
        .annotate(privacy_object_key=Cast("pk", output_field=models.CharField(max_length=255)))
        .values("privacy_object_key")
    )


def history_about(subject: Subject) -> Q:
    """ModelLogEntry rows about the subject's own rows, in every declaration that may be in the admin
    history (`in_admin_history`), by content type and object id: one query, however many models."""
    conditions = [Q(pk__in=[])]
    for declaration in declarations():
        if declaration.in_admin_history:
            conditions.append(
                Q(
                    content_type_id__in=content_type_ids(declaration.model),
                    object_id__in=object_keys(declaration.rows(subject)),
                )
            )
    return reduce(or_, conditions)


def _history_models():
    from wagtail.models import ModelLogEntry, PageLogEntry

    return ModelLogEntry, PageLogEntry


def _redact_entries(entries, pattern: re.Pattern, *, erase_label: bool = False) -> int:
    """Rewrite log entries: the label erased (or the matches of `pattern` taken out of it) and the
    matches taken out of `data`. Saved with update() (a log entry's save() re-validates its action)."""
    changed = 0
    for entry in entries:
        label = HISTORY_LABEL_ERASED if erase_label else pattern.sub(ADDRESS_REMOVED, entry.label or "")
        data = redact_json(entry.data, pattern)
        if label != entry.label or data != entry.data:
            type(entry).objects.filter(pk=entry.pk).update(label=label, data=data)
            changed += 1
    return changed


def history_redact(model: type[models.Model], ids: Iterable) -> int:
    """Retention: the admin history of these rows of `model` loses its labels (str(row) when logged)
    and the addresses in its data. Returns how many entries changed."""
    ModelLogEntry, _ = _history_models()
    keys = [str(pk) for pk in ids]
    if not keys:
        return 0
    entries = ModelLogEntry.objects.filter(
        content_type_id__in=content_type_ids(model), object_id__in=keys
    ).only("pk", "label", "data")
    return _redact_entries(entries, ADDRESS_PATTERN, erase_label=True)


def history_sweep(cutoff: datetime.datetime) -> int:
    """Retention: every address in admin history entries (pages' and other models') logged before
    `cutoff` is replaced, in the label and in the data. Returns how many entries changed."""
    changed = 0
    for log_model in _history_models():
        entries = (
            log_model.objects.filter(timestamp__lt=cutoff)
            .annotate(privacy_data_text=Cast("data", output_field=TextField()))
            .filter(Q(label__contains="@") | Q(privacy_data_text__contains="@"))
            .only("pk", "label", "data")
        )
        changed += _redact_entries(entries.iterator(), ADDRESS_PATTERN)
    return changed


class HistoryMentions:
    """Admin history entries of anyone that give one of the subject's addresses (a suppression's
    label is its address): the address is taken out of the label and the data."""

    created_field = "timestamp"

    def redact_mentions(self, subject: Subject) -> int:
        if not subject.emails:
            return 0
        condition = reduce(
            or_,
            (Q(label__icontains=e) | Q(privacy_data_text__icontains=e) for e in subject.emails),
        )
        entries = (
            self.model.objects.annotate(privacy_data_text=Cast("data", output_field=TextField()))
            .filter(condition & subject.made_by(self.created_field))
            .only("pk", "label", "data")
        )
        return _redact_entries(list(entries), mention_pattern(subject.emails))


# --------------------------------------------------------------------------------------------------
# Declarations: Django's, Wagtail's and the other installed apps' models
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


def _installed(label: str) -> type[models.Model] | None:
    try:
        return django_apps.get_model(label)
    except LookupError:
        return None


def _without_addresses(value, emails):
    """`value` (JSON-like: dicts, lists, strings) with every one of `emails` in its strings replaced by
    "[address removed]"."""
    if isinstance(value, str):
        for email in emails:
            value = re.sub(re.escape(email), "[address removed]", value, flags=re.IGNORECASE)
        return value
    if isinstance(value, dict):
        return {key: _without_addresses(item, emails) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_addresses(item, emails) for item in value]
    return value


def _declare_framework_models() -> None:
    from django.contrib.sessions.models import Session

    from wagtail import models as wagtail_models
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.search import index

    ModelLogEntry, PageLogEntry = _history_models()

    @register
    class ModelLogEntryData(HistoryMentions, PersonalData):
        """Wagtail's admin history of everything but pages. `label` is str(row) when logged (a
        suppression's address, a user's name) and `data` may quote values.

        Exported: the entries about the subject's own rows (label included) and the entries of what
        the subject did (action and date only: the row may be someone else's). Erased: an entry about
        the subject's row (still there or deleted) loses its label and the addresses in its data,
        found before anything is deleted (order 1); an entry of what they did stays, linked to the
        anonymised account; and their addresses are taken out of every other entry."""

        model = ModelLogEntry
        order = 1
        in_admin_history = False

        def rows(self, subject):
            about = history_about(subject)
            return (
                ModelLogEntry.objects.filter(Q(user_id__in=subject.user_ids) | about)
                .annotate(
                    about_subject=Case(
                        When(about, then=Value(True)), default=Value(False), output_field=BooleanField()
                    )
                )
                .select_related("content_type")
            )

        def export(self, obj):
            data = {
                "id": obj.pk,
                "action": obj.action,
                "timestamp": json_safe(obj.timestamp),
                "object": obj.content_type.name if obj.content_type_id else "",
            }
            if obj.about_subject:
                data.update(label=obj.label, data=json_safe(obj.data), about_you=True)
            else:
                data["done_by_you"] = True
            return data

        def erase_rows(self, subject):
            return _redact_entries(
                list(self.rows(subject).filter(about_subject=True)), ADDRESS_PATTERN, erase_label=True
            )

    @register
    class PageLogEntryData(HistoryMentions, PersonalData):
        """Wagtail's history of pages: what the subject did to which page (page titles are editorial).
        Kept on erasure, linked to the anonymised account; addresses are taken out of any entry."""

        model = PageLogEntry
        order = 1
        in_admin_history = False

        def rows(self, subject):
            return PageLogEntry.objects.filter(user_id__in=subject.user_ids)

        def export(self, obj):
            return {
                "id": obj.pk,
                "action": obj.action,
                "timestamp": json_safe(obj.timestamp),
                "page": obj.label,
                "done_by_you": True,
            }

        def erase_rows(self, subject):
            return 0

    @register
    class SessionData(PersonalData):
        """Django's sessions: who is signed in, and allauth's record of how and with which address.
        The subject's sessions are those of their accounts, and signed-out ones holding their address
        (a sign-in or sign-up under way). Exported: when each expires. Erased: deleted, which signs the
        person out everywhere. Someone else's session that merely mentions the address (a member of
        staff's saved inbox search) is not the subject's: erasure blanks the address in it and leaves
        that person signed in. A replay only takes the sessions of the erased accounts and those last
        used before the erasure."""

        model = Session
        export_fields = ("expire_date",)
        on_erasure = "delete"
        order = 600
        rows_queries = 2
        in_admin_history = False

        def _matching(self, subject):
            """(the subject's session keys, other people's session keys that mention an address)."""
            accounts = {str(pk) for pk in subject.user_ids}
            age = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
            own, others = [], []
            sessions = Session.objects.only("session_key", "session_data", "expire_date")
            for session in sessions.iterator():
                decoded = session.get_decoded()
                user_id = str(decoded.get("_auth_user_id", ""))
                if user_id in accounts:
                    own.append(session.session_key)
                elif subject.emails and (not subject.replaying or session.expire_date - age <= subject.as_of):
                    text = json.dumps(decoded, default=str).lower()
                    if any(email in text for email in subject.emails):
                        (others if user_id else own).append(session.session_key)
            return own, others

        def rows(self, subject):
            return Session.objects.filter(session_key__in=self._matching(subject)[0])

        def erase_rows(self, subject):
            own, others = self._matching(subject)
            deleted, _ = Session.objects.filter(session_key__in=own).delete()
            store = importlib.import_module(settings.SESSION_ENGINE).SessionStore
            for key in others:
                session = store(session_key=key)
                for name in list(session.keys()):
                    cleaned = _without_addresses(session[name], subject.emails)
                    if cleaned != session[name]:
                        session[name] = cleaned
                session.save()

            def forget_cached():
                for key in own:
                    store(session_key=key).delete(key)

            if own:
                transaction.on_commit(forget_cached)
            return deleted + len(others)

    task_result = _installed("django_tasks_database.DBTaskResult")
    if task_result is not None:

        @register
        class TaskResultData(PersonalData):
            """Background task results (django-tasks' database backend). Tasks are given row ids only
            (an email's, a plan's), so no result is anyone's; a failure's traceback could quote an
            address, which erasure takes out."""

            model = task_result
            mention_fields = ("traceback",)
            created_field = "enqueued_at"
            in_admin_history = False

            def rows(self, subject):
                return task_result.objects.none()

    @register
    class SearchIndexData(PersonalData):
        """Wagtail's search index keeps a copy of the text of indexed rows that hold personal data (an
        enquiry's name, address and subject). Exported as which rows are indexed (the text is in
        their own sections). Erased: deleted first; anonymised rows are indexed again from what is
        left of them (see enquiries_anonymise)."""

        model = _installed("wagtailsearch.IndexEntry")
        on_erasure = "delete"
        order = 5
        in_admin_history = False

        def rows(self, subject):
            conditions = [Q(pk__in=[])]
            for declaration in declarations():
                if (
                    issubclass(declaration.model, index.Indexed)
                    and not isinstance(declaration, StaffWorkData)
                    and declaration is not self
                ):
                    conditions.append(
                        Q(
                            content_type_id__in=content_type_ids(declaration.model),
                            object_id__in=object_keys(declaration.rows(subject)),
                        )
                    )
            return self.model.objects.filter(reduce(or_, conditions)).select_related("content_type")

        def export(self, obj):
            return {"id": obj.pk, "indexed": obj.content_type.name, "object_id": obj.object_id}

        def erase_rows(self, subject):
            deleted, _ = self.rows(subject).delete()
            return deleted

    fts = _installed("wagtailsearch.SQLiteFTSIndexEntry")
    if fts is not None:

        @register
        class SearchIndexTextData(PersonalData):
            """SQLite's full-text table of the search index: the same copies, deleted with them."""

            model = fts
            on_erasure = "delete"
            order = 4
            in_admin_history = False

            def rows(self, subject):
                return fts.objects.filter(
                    index_entry__in=declaration_for(SearchIndexData.model).rows(subject).values("pk")
                )

            def export(self, obj):
                return {"id": obj.pk}

            def erase_rows(self, subject):
                deleted, _ = self.rows(subject).delete()
                return deleted

    @register
    class PageData(StaffWorkData):
        """Pages the subject created (owner) or has locked. Erasure releases their locks (nobody could
        otherwise edit the page again); the owner link stays, to the anonymised account."""

        model = wagtail_models.Page
        user_fields = ("owner", "locked_by")
        export_fields = ("title", "first_published_at", "locked", "locked_at")

        def erase_rows(self, subject):
            return wagtail_models.Page.objects.filter(locked_by_id__in=subject.user_ids).update(
                locked=False, locked_by=None, locked_at=None
            )

    @register
    class RevisionData(StaffWorkData):
        model = wagtail_models.Revision
        export_fields = ("object_str", "created_at")

    @register
    class WorkflowStateData(StaffWorkData):
        model = wagtail_models.WorkflowState
        user_fields = ("requested_by",)
        export_fields = ("status", "created_at")

    @register
    class TaskStateData(StaffWorkData):
        """A moderation step the subject finished, with the comment they gave."""

        model = wagtail_models.TaskState
        user_fields = ("finished_by",)
        export_fields = ("status", "started_at", "finished_at", "comment")
        mention_fields = ("comment",)
        created_field = "started_at"

    @register
    class CommentData(StaffWorkData):
        """Editors' comments on draft pages, by the subject or resolved by them."""

        model = wagtail_models.Comment
        user_fields = ("user", "resolved_by")
        export_fields = ("text", "created_at", "updated_at", "resolved_at")
        mention_fields = ("text",)
        created_field = "created_at"

    @register
    class CommentReplyData(StaffWorkData):
        model = wagtail_models.CommentReply
        export_fields = ("text", "created_at", "updated_at")
        mention_fields = ("text",)
        created_field = "created_at"

    @register
    class DocumentData(StaffWorkData):
        """Documents the subject uploaded to the library (the files are the organisation's content)."""

        model = get_document_model()
        user_fields = ("uploaded_by_user",)
        export_fields = ("title", "created_at")

    @register
    class ImageData(StaffWorkData):
        model = get_image_model()
        user_fields = ("uploaded_by_user",)
        export_fields = ("title", "created_at")

    @register
    class PageSubscriptionData(AccountData):
        """Which pages' comment notifications the subject gets. Deleted on erasure."""

        model = wagtail_models.PageSubscription
        export_fields = ("comment_notifications",)
        on_erasure = "delete"

    @register
    class UploadedFileData(AccountData):
        """A file uploaded in the admin and not yet saved as an image or document. Deleted."""

        model = wagtail_models.UploadedFile
        user_fields = ("uploaded_by_user",)
        file_fields = ("file",)
        on_erasure = "delete"

    @register
    class EditingSessionData(AccountData):
        """Who has an admin edit form open now. Deleted."""

        model = _installed("wagtailadmin.EditingSession")
        export_fields = ("last_seen_at", "is_editing")
        on_erasure = "delete"

    @register
    class FormStateData(AccountData):
        """An admin form's unsaved state. Exported by date only (it may hold what the subject typed
        about someone else); deleted."""

        model = _installed("wagtailadmin.FormState")
        export_fields = ("last_updated_at",)
        on_erasure = "delete"

    @register
    class UserProfileData(AccountData):
        """The admin preferences and avatar photo of the subject's account. Deleted with the photo."""

        model = _installed("wagtailusers.UserProfile")
        export_fields = (
            "preferred_language",
            "current_time_zone",
            "theme",
            "contrast",
            "density",
            "keyboard_shortcuts",
            "submitted_notifications",
            "approved_notifications",
            "rejected_notifications",
            "updated_comments_notifications",
        )
        file_fields = ("avatar",)
        on_erasure = "delete"

    _exempt_framework_models()


def _exempt_framework_models() -> None:
    """Django's and the installed apps' models that hold no personal data, each with its reason."""
    name = {"name": "the name an administrator gave it, e.g. 'Advisers' or 'Root'"}
    exempt = {
        "auth.Group": ("A permission group such as Advisers or Editors; its members are the user's.", name),
        "auth.Permission": (
            "A permission such as 'Can change enquiry', made by Django for each model.",
            {
                "name": "the permission's description, e.g. 'Can change enquiry'",
                "codename": "its code, e.g. 'change_enquiry'",
            },
        ),
        "contenttypes.ContentType": ("The name of an installed model, used by generic links.", {}),
        "wagtailcore.Locale": ("A language the site's content is in.", {}),
        "wagtailcore.Site": (
            "The site's host name, port and home page, set by administrators.",
            {
                "site_name": "the site's title, e.g. 'SoR Return to Practice'",
                "hostname": "the site's domain name, e.g. 'portal.sor.org'",
            },
        ),
        "wagtailcore.GroupSitePermission": ("A permission of a group on a site (ids only).", {}),
        "wagtailcore.GroupCollectionPermission": ("A permission of a group on a collection (ids only).", {}),
        "wagtailcore.GroupPagePermission": ("A permission of a group on a page (ids only).", {}),
        "wagtailcore.Collection": ("A folder of images and documents, named by editors.", name),
        "wagtailcore.CollectionViewRestriction": (
            "A collection's privacy setting; its password is shared with readers, not a person's.",
            {},
        ),
        "wagtailcore.PageViewRestriction": (
            "A page's privacy setting; its password is shared with readers, not a person's.",
            {},
        ),
        "wagtailcore.Workflow": ("A moderation workflow set up by administrators.", name),
        "wagtailcore.WorkflowContentType": ("Which workflow applies to which snippet type (ids).", {}),
        "wagtailcore.WorkflowPage": ("Which workflow applies to which pages (ids only).", {}),
        "wagtailcore.WorkflowTask": ("The order of the steps of a workflow (ids only).", {}),
        "wagtailcore.Task": ("A moderation step of a workflow, named by administrators.", name),
        "wagtailcore.GroupApprovalTask": (
            "A moderation step approved by a group (no fields of its own).",
            {},
        ),
        "wagtailcore.ReferenceIndex": (
            "Which object refers to which, by content type and id: no text of any object.",
            {},
        ),
        "wagtailadmin.Admin": ("An empty model that holds the 'access the admin' permission.", {}),
        "wagtailimages.Rendition": ("A resized copy of a library image, made for a page.", {}),
        "wagtailredirects.Redirect": ("A redirect from an old path to a page or URL, set by editors.", {}),
        "wagtailembeds.Embed": (
            "The cached oEmbed data of a video or post editors embedded in a page.",
            {
                "author_name": "the published author of the embedded third-party content",
                "provider_name": "the service that hosts it, e.g. 'YouTube'",
            },
        ),
        "wagtailsearchpromotions.Query": (
            "A search phrase that editors promote pages for (the portal records no visitor searches).",
            {},
        ),
        "wagtailsearchpromotions.QueryDailyHits": ("A count of searches for a promoted phrase, by day.", {}),
        "wagtailsearchpromotions.SearchPromotion": (
            "A page or link that editors promote for a search phrase.",
            {"description": "the editor's description of the promoted page or link"},
        ),
        "taggit.Tag": ("A tag editors give content.", name),
        "taggit.TaggedItem": ("Which content has which tag (ids only).", {}),
    }
    if not any(_is_form_page(model) for model in django_apps.get_models()):
        exempt["wagtailforms.FormSubmission"] = (
            "No page type of the portal is a form page (wagtail.contrib.forms' AbstractForm), so "
            "nothing is ever submitted here: enquiries have their own models. Adding a form page type "
            "removes this exemption, and the registry test fails until submissions are declared.",
            {},
        )
    for label, (reason, fields) in exempt.items():
        model = _installed(label)
        if model is not None:
            no_personal_data(model, reason=reason, fields=fields)


def _is_form_page(model: type[models.Model]) -> bool:
    from wagtail.contrib.forms.models import FormMixin

    return issubclass(model, FormMixin)


_declare_portal_models()
_declare_content_models()
_declare_framework_models()
