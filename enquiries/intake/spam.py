"""The request-for-help form's spam policy, in one place: a hidden field only bots fill (the honeypot),
a least time to fill the form in, and limits per IP address and per email address.

The limits reuse django-allauth's cache-backed limiter (the one already guarding logins), so there is
one mechanism and one store for every limit on the site. It is allauth's internal module, pinned by our
version range (<66); tests cover the behaviour, so an upgrade that changes it will show.
"""

from __future__ import annotations

import enum

from django.conf import settings

from allauth.core.internal import ratelimit

DEFAULT_RATES = {"get_help": "10/h/ip,5/h/key"}


class Verdict(enum.Enum):
    ACCEPT = "accept"
    #: A bot filled the hidden field: look successful, keep nothing.
    DISCARD = "discard"
    #: Sent faster than a person can read the form: ask them to check and send again.
    TOO_FAST = "too_fast"
    #: Too many from this address or IP: ask them to wait.
    LIMITED = "limited"


MESSAGES = {
    Verdict.TOO_FAST: "Please take a moment to check your answers, then send the form again.",
    Verdict.LIMITED: "You have sent several requests in a short time. Please wait an hour and try again.",
}


def screen_submission(request, *, honeypot: str, filled_too_fast: bool, email: str) -> Verdict:
    """What to do with a valid submission. Counts it against the limits only when it would otherwise be
    accepted, so a bot's discarded posts and a too-quick first try use none of a person's allowance."""
    if honeypot:
        return Verdict.DISCARD
    if filled_too_fast:
        return Verdict.TOO_FAST
    if not allow_enquiry(request, email):
        return Verdict.LIMITED
    return Verdict.ACCEPT


def allow_enquiry(request, email: str) -> bool:
    """Count this submission; False when the IP or the email address has sent too many."""
    config = getattr(settings, "ENQUIRY_RATE_LIMITS", DEFAULT_RATES)
    usage = ratelimit.consume(request, app="enquiries", action="get_help", config=config, key=email.lower())
    return usage is not None
