"""Addresses of enquiry email: the enquiry's reply address (reply+<uuid>.<mac>@ the inbound domain),
read back when an email arrives, and where news about an enquiry goes (its adviser or team inbox)."""

from __future__ import annotations

import base64
import binascii
import uuid

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

from enquiries.models import Enquiry

REPLY_SALT = "enquiries.reply-address"
#: Bytes of HMAC kept in a reply address: 80 bits, far beyond guessing, and short enough for the address.
REPLY_MAC_BYTES = 10


def _reply_mac(enquiry_uuid: uuid.UUID) -> str:
    mac = salted_hmac(REPLY_SALT, enquiry_uuid.bytes, algorithm="sha256").digest()[:REPLY_MAC_BYTES]
    return base64.b32encode(mac).decode().rstrip("=").lower()


def reply_address(enquiry: Enquiry) -> str:
    """reply+<enquiry uuid>.<mac>@inbound domain: unforgeable, and names nothing personal.

    Built by hand rather than with django.core.signing because a signed value contains ':' and mixed
    case, and an email address's local part must be at most 64 characters, without ':', and survive mail
    systems that lower-case it. Base32 of the uuid (26) and of a truncated HMAC (16) keeps it to 49.
    """
    encoded = base64.b32encode(enquiry.uuid.bytes).decode().rstrip("=").lower()
    return f"reply+{encoded}.{_reply_mac(enquiry.uuid)}@{settings.INBOUND_EMAIL_DOMAIN}"


def enquiry_from_reply_address(address: str) -> Enquiry | None:
    local = address.split("@", 1)[0].lower()
    if not local.startswith("reply+") or "." not in local:
        return None
    encoded, mac = local.removeprefix("reply+").split(".", 1)
    try:
        value = uuid.UUID(bytes=base64.b32decode(encoded.upper() + "======"))
    except (ValueError, binascii.Error):
        return None
    if not constant_time_compare(mac, _reply_mac(value)):
        return None
    return Enquiry.objects.filter(uuid=value).first()


def adviser_address(enquiry) -> str:
    """Where news about an enquiry goes: its adviser, or the team inbox while it has none ('' if
    neither)."""
    return (enquiry.assignee.email if enquiry.assignee_id else "") or (
        enquiry.team.email if enquiry.team_id else ""
    )
