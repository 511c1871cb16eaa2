"""Rate limits for the request-for-help form, per IP and per email address, kept in the cache.

This reuses django-allauth's cache-backed limiter (the one already guarding logins), so there is one
mechanism and one store for every limit on the site. It is allauth's internal module, pinned by our
version range (<66); tests cover the behaviour, so an upgrade that changes it will show.
"""

from django.conf import settings

from allauth.core.internal import ratelimit

DEFAULT_RATES = {"get_help": "10/h/ip,5/h/key"}


def allow_enquiry(request, email: str) -> bool:
    """Count this submission; False when the IP or the email address has sent too many."""
    config = getattr(settings, "ENQUIRY_RATE_LIMITS", DEFAULT_RATES)
    usage = ratelimit.consume(request, app="enquiries", action="get_help", config=config, key=email.lower())
    return usage is not None
