"""Personal data: what the portal holds about a person, how it is exported and how it is anonymised.

Every model of the project (and the user, allauth address and MFA models) is in exactly one of two lists:

- **holds personal data**: a `PersonalData` class registered with `@register`, which says how to find
  the rows about a data subject (`rows`), how a row is exported (`export`, JSON-safe), which files go
  with it (`files`), and how it is anonymised (`anonymise`) or erased (`erase_rows`);
- **holds no personal data**: `no_personal_data(model, reason=..., fields=...)`, with the reason, and a
  named reason for each field whose name looks personal (name, email, body...). A model with an email
  field or a link to the user model can never be declared free of personal data
  (tests/portal/test_privacy_registry.py fails).

Declarations live next to their app, in `<app>/privacy.py` (loaded by `load()`, like admin.py); this
module declares the portal's own models, allauth's and, as they have no module of their own for it, the
content apps' (cms, casestudies).

Three operations use the declarations:

- `subject_export(email, fileobj)`: a ZIP of everything about an address (data.json + files);
- `erase_subject(email, actor=, reason=)`: anonymises or deletes all of it, records an ErasureRecord
  and appends a line to the erasure log (settings.PRIVACY_ERASURE_LOG) holding only an HMAC of the
  address, so that `replay_erasures()` can erase it again after a backup is restored;
- the retention task (enquiries/privacy.py) uses the same per-model anonymised values.

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

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.db.models.fields.files import FieldFile
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
    """A data subject: the address asked about, the accounts that have it, and their other addresses."""

    email: str
    emails: frozenset[str]
    user_ids: frozenset[int]

    @classmethod
    def for_email(cls, email: str) -> Subject:
        from allauth.account.models import EmailAddress

        email = normalise_email(email)
        User = get_user_model()
        verified_owners = EmailAddress.objects.filter(email__iexact=email, verified=True).values("user_id")
        user_ids = frozenset(
            User.objects.filter(Q(email__iexact=email) | Q(pk__in=verified_owners)).values_list(
                "pk", flat=True
            )
        )
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
        return cls(email=email, emails=frozenset(e for e in emails if e), user_ids=user_ids)


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
    #: "anonymise" or "delete".
    on_erasure = "anonymise"
    #: Erasure goes through the declarations from the lowest order to the highest.
    order = 100

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


def _append_to_log(record, path: Path | None = None) -> None:
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
    subject = Subject.for_email(email)
    with transaction.atomic():
        counts = _erase(subject)
        record = ErasureRecord.objects.create(
            erasure_id=uuid.uuid4(),
            subject_hash=subject_hash(email),
            created_at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            reason=redact_addresses(reason)[:300],
            counts=counts,
        )
        _append_to_log(record)
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
    erased: int = 0
    rows_changed: int = 0
    records_restored: int = 0


def replay_erasures(path: Path | None = None) -> ReplayResult:
    """Apply every logged erasure again: after a backup is restored, the erased people's data is back.

    Finds the addresses in the database whose HMAC matches a logged erasure and erases them again
    (without adding to the log), and puts back the ErasureRecords the restore lost. Safe to run at
    any time: an erasure that has nothing left to erase changes nothing.
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
                    "created_at": datetime.datetime.fromisoformat(entry["created_at"]),
                    "actor_id": None,
                    "counts": entry.get("counts") or {},
                    "reason": "Restored from the erasure log",
                },
            )
            result.records_restored += int(created)
        for address, address_entries in sorted(matches.items()):
            counts = _erase(Subject.for_email(address))
            result.erased += 1
            result.rows_changed += sum(counts.values())
            ErasureRecord.objects.filter(erasure_id__in=[e["erasure_id"] for e in address_entries]).update(
                replayed_at=now
            )
    logger.info(
        "Replayed %s logged erasures: %s addresses found again, %s rows changed",
        result.entries,
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
            return EmailAddress.objects.filter(
                Q(user_id__in=subject.user_ids) | email_q("email", subject.emails)
            )

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
                | email_q("email_address__email", subject.emails)
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
            return ErasureRecord.objects.filter(Q(actor_id__in=subject.user_ids) | Q(subject_hash__in=hashes))

        def export(self, obj):
            return {
                "id": obj.pk,
                "created_at": json_safe(obj.created_at),
                "role": "carried out by you" if obj.actor_id is not None else "your data erased",
            }

        def erase_rows(self, subject):
            return ErasureRecord.objects.filter(actor_id__in=subject.user_ids).update(actor=None)


def _declare_content_models() -> None:
    """The content apps (cms, casestudies) are edited in Wagtail and hold no personal data about the
    portal's users. Declared here because those apps have no privacy module of their own."""
    from casestudies.models import CaseStudyIndexPage, CaseStudyPage
    from cms.models import (
        Audience,
        GuidancePage,
        HomePage,
        HubPage,
        Nation,
        NewsIndexPage,
        NewsPage,
        Pathway,
        Resource,
        ResourceLibraryPage,
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
        CaseStudyIndexPage, reason="The case study listing page; its content is written by editors."
    )
    no_personal_data(
        CaseStudyPage,
        reason=(
            "Published editorial content. A case study names a person only with their written consent, "
            "held outside the portal; it has no account, address or enquiry, so nothing links it to a "
            "data subject's email address. An editor changes or deletes the page if consent is withdrawn."
        ),
        fields={
            "person_name": "the published first name or pseudonym the person agreed to, as editorial content"
        },
    )


_declare_portal_models()
_declare_content_models()
