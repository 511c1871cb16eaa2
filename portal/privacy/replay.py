"""Replaying the erasure log after a backup is restored: the erased people's data is back, and is erased
again, but only what existed at the time of each erasure (see `replay_erasures`)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from .erasure import ErasureLogError, erase_all, read_erasure_log
from .registry import declarations
from .subject import Subject, key_fingerprint, normalise_email, subject_hash

logger = logging.getLogger(__name__)


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
    from portal.models import ErasureRecord

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
            counts = erase_all(replay_subject(address, address_entries))
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
