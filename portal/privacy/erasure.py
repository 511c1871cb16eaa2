"""Erasure on request: everything about an address is anonymised or deleted (`erase_subject`), an
ErasureRecord is kept and an entry is written to the erasure log, holding only keyed hashes, from which
`replay_erasures` (portal/privacy/replay.py) erases it again after a backup is restored.

The log lives in the private storage (portal/storage.py: the private bucket, or PRIVATE_MEDIA_ROOT on
the file system), under settings.PRIVACY_ERASURE_LOG (a folder, "erasure-log/"): outside the database,
so a restore does not take it back, and shared by every web machine. An object store cannot append, so
each erasure is one object, named ``<UTC time>-<erasure id>.json``: the names sort in the order the
erasures were made, and two machines erasing at the same moment never write the same name. Objects are
only ever added, never rewritten.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import re
import uuid
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from .registry import declarations, redact_addresses
from .subject import Subject, account_hash, key_fingerprint, normalise_email, subject_hash

logger = logging.getLogger(__name__)

ERASURE_LOG_STORAGE = "private"


def erasure_log_storage():
    return storages[ERASURE_LOG_STORAGE]


def erasure_log_folder() -> str:
    return getattr(settings, "PRIVACY_ERASURE_LOG", "erasure-log/").strip("/") + "/"


def erasure_log_location() -> str:
    """Where the log is, in words, for messages."""
    return f"{erasure_log_folder()} in the private storage"


def erasure_log_name(record) -> str:
    moment = record.created_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{erasure_log_folder()}{moment}-{record.erasure_id}.json"


def _write_object(storage, name: str, data: bytes) -> None:
    """Write a new object and make sure it is kept. On the file system: created exclusively, owner
    read/write only, and fsynced with its folder (Django's storage does neither). In a bucket: the PUT
    has succeeded only once the store has kept it."""
    try:
        path = Path(storage.path(name))
    except NotImplementedError:
        saved = storage.save(name, ContentFile(data))
        if saved != name:  # never: the erasure id makes the name unique
            storage.delete(saved)
            raise FileExistsError(f"The erasure log already has {name}.") from None
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def _append_to_log(record, *, accounts: Iterable[str] = ()) -> None:
    """Write the erasure's entry: the erasure is only done once it is kept. Called inside the erasure's
    transaction, so a failed write undoes the erasure rather than losing its record."""
    entry = json.dumps(
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
    _write_object(erasure_log_storage(), erasure_log_name(record), (entry + "\n").encode())


def _validated(email: str) -> str:
    email = normalise_email(email)
    validate_email(email)
    return email


def erase_all(subject: Subject) -> dict[str, int]:
    """Erase the subject's rows through every declaration, then take their addresses out of anyone's
    text. Returns rows changed, by model. (Records nothing: erase_subject and replay_erasures do.)"""
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
    """Erase everything about an address on its owner's request (see the package docstring for who the
    subject is). Enquiries are anonymised as the retention task does (open ones are withdrawn first),
    the account is anonymised and its addresses, authenticators, plans and logs deleted.

    Records an ErasureRecord and appends a line to the erasure log, neither holding the address.
    Returns the ErasureRecord. Raises ValidationError for something that is not an email address.
    """
    from portal.models import ErasureRecord

    email = _validated(email)
    with transaction.atomic():
        created_at = timezone.now()
        subject = Subject.for_email(email)
        counts = erase_all(subject)
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


def _parse_entry(text: str, where: str) -> dict:
    try:
        entry = json.loads(text)
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
        raise ErasureLogError(f"{where} of the erasure log cannot be read ({error}).") from error
    return entry


def read_erasure_log(path: Path | None = None) -> list[dict]:
    """Every logged erasure, oldest first: from the private storage, or from ``path``, a file of one
    JSON entry a line (the log's format before it moved to the private storage, or a copy made with
    ``cat erasure-log/*.json``)."""
    if path is not None:
        if not path.exists():
            return []
        with path.open(encoding="utf-8") as log:
            return [
                _parse_entry(line, f"Line {number}")
                for number, line in enumerate(log, start=1)
                if line.strip()
            ]
    storage, folder = erasure_log_storage(), erasure_log_folder()
    try:
        _folders, names = storage.listdir(folder)
    except FileNotFoundError:
        return []
    entries = []
    for name in sorted(n for n in names if n.endswith(".json")):
        with storage.open(folder + name, "rb") as handle:
            entries.append(_parse_entry(handle.read().decode("utf-8"), f"Entry {name}"))
    return entries
