"""Who counts as staff, and whether this session may see staff-only content.

The one answer to "is this a staff session with a second factor?" is `staff_session_verified`. The
middleware (`portal.middleware.StaffMFAMiddleware`) asks it for every request of a staff account, and
each staff view outside `/admin/` (attachment downloads, restricted documents) asks it again before it
serves anything, so a new door cannot forget it.

The second factor is checked per *session*, not per account: allauth writes a record into the session
for every authentication step (`password`, `code`, `mfa`, ...; `allauth.account.internal.flows.login`
`get_authentication_records`). A staff session counts only when one of those records is `mfa`, which
allauth writes when the person typed a code from their authenticator app or a recovery code, either at
sign-in or when they reauthenticated. Setting up an authenticator app also proves the person holds it
(they type its code), so `portal.mfa_views` writes the same record then.

A staff account whose authenticator exists but whose session has no such record did not come through
the one door (allauth's login with its MFA stage); the middleware signs it out. A staff account with no
authenticator yet may only set one up.
"""

from __future__ import annotations

from django.conf import settings

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled

#: The second factors a staff account may use. Recovery codes are a way to sign in with a lost phone,
#: not a factor of their own: an account needs an authenticator app.
STAFF_FACTOR_TYPES = [Authenticator.Type.TOTP]


def is_staff_account(user) -> bool:
    """Anyone who can use the Wagtail admin counts as staff: the is_staff flag, superusers, and any
    group that grants Wagtail's `access_admin`."""
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin"))
    )


def has_staff_factor(user) -> bool:
    """The account has an authenticator app set up."""
    return bool(getattr(user, "is_authenticated", False)) and is_mfa_enabled(user, types=STAFF_FACTOR_TYPES)


def session_used_second_factor(request) -> bool:
    """This session's sign-in (or a later reauthentication) included a second factor."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))


def mfa_relaxed() -> bool:
    """Development only: `PORTAL_ALLOW_STAFF_WITHOUT_MFA` (production forces it off)."""
    return bool(getattr(settings, "PORTAL_ALLOW_STAFF_WITHOUT_MFA", False))


def staff_session_verified(request) -> bool:
    """True only for a staff account whose session completed a second factor.

    Every piece of staff-only content asks this: the admin (through the middleware), attachment
    downloads, restricted documents. False for anyone who is not staff.
    """
    user = getattr(request, "user", None)
    if not is_staff_account(user):
        return False
    if mfa_relaxed():
        return True
    return has_staff_factor(user) and session_used_second_factor(request)
