"""Satisfaction ratings: the signed one-click link in the "how did we do?" email, and recording a rating.

The link carries a token made with Django's signing framework (TimestampSigner, its own salt) over the
enquiry's uuid: never its reference or the enquirer's email address, so the URL names nothing personal
and cannot be made for another enquiry without SECRET_KEY. It works for ENQUIRY_RATING_LINK_DAYS days.
A rating can be given once: SatisfactionRating is one-to-one with the enquiry, and a second attempt
(even two at the same moment) changes nothing. It can be given only while the enquiry is resolved
(resolved, or closed after being resolved): an enquiry reopened after the email was sent refuses the
link until it is resolved again (no new email is sent then, so the same link works again).
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from enquiries.models import Enquiry, Event, SatisfactionRating

RATING_SALT = "enquiries.rating-link"
COMMENT_MAX_LENGTH = 2000
SCORES = tuple(score for score, _label in SatisfactionRating.SCORES)


class RatingSigner(signing.TimestampSigner):
    """Signs an enquiry's uuid (hex) for the rating link.

    The separator is "." rather than ":" so that the link is plain in every email client (the uuid's
    hex and the base64 signature never contain a dot).
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("salt", RATING_SALT)
        kwargs.setdefault("sep", ".")
        super().__init__(**kwargs)


#: The statuses in which an enquiry can be rated (with resolved_at set: CLOSED can also follow
#: "awaiting the enquirer" without a resolution).
RATEABLE_STATUSES = (Enquiry.Status.RESOLVED, Enquiry.Status.CLOSED)


class RatingLinkError(Exception):
    """The rating link cannot be used. `expired` tells an out-of-date link from a broken one;
    `not_resolved` a good link whose enquiry is open again (or was never resolved)."""

    def __init__(self, message: str, *, expired: bool = False, not_resolved: bool = False):
        super().__init__(message)
        self.expired = expired
        self.not_resolved = not_resolved


def is_rateable(enquiry: Enquiry) -> bool:
    """Whether the enquiry is resolved now (resolved, or closed after a resolution)."""
    return enquiry.resolved_at is not None and enquiry.status in RATEABLE_STATUSES


def link_max_age() -> datetime.timedelta:
    return datetime.timedelta(days=getattr(settings, "ENQUIRY_RATING_LINK_DAYS", 60))


def rating_token(enquiry: Enquiry, *, signer: signing.TimestampSigner | None = None) -> str:
    """The token for an enquiry's rating link. `signer` lets a test sign as if at another time."""
    return (signer or RatingSigner()).sign(enquiry.uuid.hex)


def enquiry_for_rating_token(token: str) -> Enquiry:
    """The enquiry a rating token was made for, with its rating (if any) already loaded.

    Raises RatingLinkError when the token is forged, tampered with, malformed or names no enquiry;
    RatingLinkError(expired=True) when it is older than the link's age or the enquiry's personal data
    has been removed (a comment must not be added to an anonymised enquiry); and
    RatingLinkError(not_resolved=True) when the enquiry has not been rated and is not resolved now
    (reopened after the email was sent). An enquiry already rated is returned whatever its status, so
    that its link keeps saying "already rated".
    """
    try:
        value = RatingSigner().unsign(token, max_age=link_max_age())
    except signing.SignatureExpired as error:
        raise RatingLinkError("The rating link has expired.", expired=True) from error
    except (signing.BadSignature, ValueError) as error:
        # ValueError: a correctly signed value without a timestamp (Signer rather than TimestampSigner).
        raise RatingLinkError("The rating link is not valid.") from error
    try:
        enquiry_uuid = uuid.UUID(hex=value)
    except ValueError as error:
        raise RatingLinkError("The rating link is not valid.") from error
    enquiry = Enquiry.objects.select_related("rating").filter(uuid=enquiry_uuid).first()
    if enquiry is None:
        raise RatingLinkError("The rating link names no enquiry.")
    if enquiry.anonymised_at is not None:
        raise RatingLinkError("The enquiry has been anonymised.", expired=True)
    if rating_of(enquiry) is None and not is_rateable(enquiry):
        raise RatingLinkError("The enquiry is not resolved.", not_resolved=True)
    return enquiry


def rating_of(enquiry: Enquiry) -> SatisfactionRating | None:
    """The enquiry's rating or None (uses the row select_related("rating") loaded, if it did)."""
    try:
        return enquiry.rating
    except SatisfactionRating.DoesNotExist:
        return None


def rating_record(*, enquiry: Enquiry, score: int, comment: str = "") -> tuple[SatisfactionRating, bool]:
    """Record the enquirer's rating and a RATED event (with the score, never the comment's text).

    Usable once: if the enquiry already has a rating, including one saved a moment ago by a concurrent
    request (the one-to-one constraint raises IntegrityError), that rating is returned unchanged with
    `created` False. Only for an enquiry that is resolved (as loaded by the caller): ValidationError
    otherwise.
    """
    if not is_rateable(enquiry):
        raise ValidationError("Only a resolved enquiry can be rated.")
    if score not in SCORES:
        raise ValidationError({"score": "Choose a score from 1 to 5."})
    comment = comment or ""
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ValidationError({"comment": f"A comment can be up to {COMMENT_MAX_LENGTH:,} characters."})
    try:
        with transaction.atomic():
            rating = SatisfactionRating.objects.create(enquiry=enquiry, score=score, comment=comment)
            Event.objects.create(
                enquiry=enquiry,
                kind=Event.Kind.RATED,
                created_at=rating.created_at,
                data={"score": score, "with_comment": bool(comment)},
            )
    except IntegrityError:
        existing = SatisfactionRating.objects.filter(enquiry=enquiry).first()
        if existing is None:
            raise
        return existing, False
    return rating, True
