import time

from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator

from .staff_access import STAFF_FACTOR_TYPES, is_staff_account


class AccountAdapter(DefaultAccountAdapter):
    """Accounts in the portal's voice; sign-up stays open (returnees and recruits make their own)."""

    def is_open_for_signup(self, request):
        return True

    def get_client_ip(self, request) -> str:
        """The client's address for rate limits, trusting exactly ALLAUTH_TRUSTED_PROXY_COUNT proxies.

        allauth takes the address that many hops from the right of X-Forwarded-For, but raises
        ImproperlyConfigured (a 500) when the header has fewer entries than that; a request that
        did not pass through every declared proxy is counted by its socket address instead.
        """
        count = settings.ALLAUTH_TRUSTED_PROXY_COUNT
        hops = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",") if hop.strip()]
        if count > 0 and len(hops) < count:
            return request.META.get("REMOTE_ADDR") or super().get_client_ip(request)
        return super().get_client_ip(request)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """A sign-in that finished within the reauthentication timeout is as fresh as a reauthentication.

        allauth counts only explicit reauthentications, so a new member of staff sent to set up an
        authenticator app straight after signing in was asked for their password again at once.
        """
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = context.request
        user = getattr(request, "user", None)
        if request is None or user is None or not user.is_authenticated:
            return True
        records = get_authentication_records(request, user)
        if not records:
            return True
        return time.time() - records[-1]["at"] >= account_settings.REAUTHENTICATION_TIMEOUT

    def send_mail(self, template_prefix: str, email: str, ctx: dict) -> None:
        """allauth's emails (verification, password reset, sign-in codes) go through the one outbox like
        every other email: stored, retried, refused for a suppressed address, and their text (which
        holds a link or code) blanked once sent (enquiries.mail.outbox.queue_account_email)."""
        from enquiries.mail.outbox import queue_account_email

        request = context.request
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": get_current_site(request), **ctx},
        )
        queue_account_email(message=message)

    def get_login_redirect_url(self, request):
        """Staff go on to the admin when the sign-in had no `next`; everyone else to the home page."""
        if is_staff_account(request.user):
            return "/admin/"
        return settings.LOGIN_REDIRECT_URL


class MFAAdapter(DefaultMFAAdapter):
    """Staff keep at least one authenticator app: the admin needs it at every sign-in."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": (
            "Staff accounts must keep an authenticator app: the admin asks for its code at every "
            "sign-in. Set up a new one before removing this one, or ask an administrator."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type not in STAFF_FACTOR_TYPES or not is_staff_account(authenticator.user):
            return True
        others = Authenticator.objects.filter(
            user_id=authenticator.user_id, type__in=STAFF_FACTOR_TYPES
        ).exclude(pk=authenticator.pk)
        return others.exists()
