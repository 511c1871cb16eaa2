"""Subject-access export: a ZIP of everything the portal holds about an address (data.json and the files),
and the counts shown before an erasure."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from django.utils import timezone

from .registry import declarations
from .subject import Subject

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
