"""Who a data subject is (`Subject`), how addresses are compared, and the keyed hashes that stand for an
erased address or account in the erasure log (see the package docstring)."""

from __future__ import annotations

import datetime
import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.crypto import salted_hmac


def normalise_email(email: str) -> str:
    """The form in which addresses are compared and hashed: trimmed, lower case."""
    return (email or "").strip().lower()


def email_q(field_name: str, emails: Iterable[str]) -> Q:
    """Rows whose `field_name` is one of `emails`, ignoring case (no row if there are none)."""
    emails = [e for e in emails if e]
    if not emails:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{field_name}__iexact": e}) for e in emails))


# --------------------------------------------------------------------------------------------------
# Keyed hashes (the erasure log holds these, never an address or an account's id)
# --------------------------------------------------------------------------------------------------


def erasure_key() -> bytes:
    """The HMAC key for erased addresses: settings.PRIVACY_ERASURE_KEY, else one derived from SECRET_KEY."""
    configured = getattr(settings, "PRIVACY_ERASURE_KEY", "")
    if configured:
        return configured.encode()
    # The salt names the module this lived in first: changing it would change every derived key.
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


# --------------------------------------------------------------------------------------------------
# The subject
# --------------------------------------------------------------------------------------------------


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
