"""Attachment checks and storage.

Types are decided by the file's content (magic numbers, and for DOCX the package structure), never by
its name or the browser's claim. Files go to private storage under random names; the original name is
kept only in the database and offered back, cleaned, as a download name through a checked view.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile

from django.core.exceptions import ValidationError

MAX_FILES = 3
MAX_BYTES = 10 * 1024 * 1024
ALLOWED_LABEL = "PDF, Word (DOCX), JPG or PNG"

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {"application/pdf": "pdf", DOCX_TYPE: "docx", "image/jpeg": "jpg", "image/png": "png"}


def private_storage():
    """STORAGES["private"] (a bucket or a folder, portal/storage.py), followed when the setting changes."""
    from portal.storage import private_storage as storage

    return storage


def sniff_content_type(head: bytes, upload) -> str | None:
    """The file's real type from its first bytes (and its ZIP directory for DOCX), or None."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            upload.seek(0)
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX_TYPE
    return None


#: Unicode categories never kept in a file name: controls (Cc), format characters (Cf: the
#: right-to-left override U+202E that turns "report\u202efdp.exe" into "reportexe.pdf" on screen, bidi
#: isolates, zero-width joiners), unassigned code points (Cn), surrogates (Cs), line and paragraph
#: separators (Zl, Zp).
_DROPPED_CATEGORIES = {"Cc", "Cf", "Cn", "Cs", "Zl", "Zp"}


def clean_filename(name: str) -> str:
    """A display/download name with no path, control or direction characters, or quotes; at most 100
    characters. Used for every name, from the web form and from email alike."""
    name = unicodedata.normalize("NFKC", name or "")
    name = "".join(ch for ch in name if unicodedata.category(ch) not in _DROPPED_CATEGORIES)
    name = re.split(r"[\\/]", name)[-1]
    name = re.sub(r"[\"<>:|?*;]", "", name).strip(" .")
    return (name or "attachment")[:100]


def name_for_type(name: str, content_type: str) -> str:
    """The cleaned name with the extension of the type found in the content, whatever the sender
    called it: a PDF named "invoice.html" is kept and offered back as "invoice.pdf"."""
    cleaned = clean_filename(name)
    stem = cleaned.rsplit(".", 1)[0].strip(" .") if "." in cleaned else cleaned
    extension = EXTENSIONS[content_type]
    return f"{(stem or 'attachment')[: 100 - len(extension) - 1]}.{extension}"


def validate_uploads(files) -> list:
    """Check count, size and real type of each upload; raise one ValidationError listing every problem."""
    files = [f for f in files if f]
    errors = []
    if len(files) > MAX_FILES:
        errors.append(f"You can attach up to {MAX_FILES} files. You chose {len(files)}.")
    for upload in files:
        name = clean_filename(upload.name)
        if upload.size > MAX_BYTES:
            errors.append(f"‘{name}’ is larger than 10 MB.")
            continue
        if upload.size == 0:
            errors.append(f"‘{name}’ is empty.")
            continue
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        kind = sniff_content_type(head, upload)
        if kind is None:
            errors.append(f"‘{name}’ is not a {ALLOWED_LABEL} file.")
        else:
            upload.portal_content_type = kind
    if errors:
        raise ValidationError(errors)
    return files


def attachment_store(*, message, upload):
    """Save one checked upload against a message, under a random name in private storage."""
    from enquiries.models import Attachment

    kind = getattr(upload, "portal_content_type", None)
    if kind is None:
        validate_uploads([upload])
        kind = upload.portal_content_type
    upload.seek(0)
    attachment = Attachment(
        message=message, original_name=name_for_type(upload.name, kind), content_type=kind, size=upload.size
    )
    attachment.file.save(f"upload.{EXTENSIONS[kind]}", upload, save=False)
    attachment.save()
    return attachment
