"""Erasure on request: everything about an address is anonymised or deleted (`erase_subject`), an
ErasureRecord is kept and a line is appended to the erasure log (settings.PRIVACY_ERASURE_LOG), holding
only keyed hashes, from which `replay_erasures` (portal/privacy/replay.py) erases it again after a
backup is restored."""

from __future__ import annotations

import datetime
import fcntl
import json
import logging
import os
import re
import uuid
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from .registry import declarations, redact_addresses
from .subject import Subject, account_hash, key_fingerprint, normalise_email, subject_hash

logger = logging.getLogger(__name__)


def erasure_log_path() -> Path:
    return Path(
        getattr(settings, "PRIVACY_ERASURE_LOG", Path(settings.BASE_DIR) / "var" / "erasure-log.jsonl")
    )


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
