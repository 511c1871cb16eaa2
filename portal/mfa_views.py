"""allauth's authenticator set-up, carrying the address the person was going to.

A new member of staff who opens an admin page is sent to set up an authenticator app
(`StaffMFAMiddleware` adds `?next=<that page>`). allauth's set-up page then shows the recovery codes and
forgets `next`: a dead end. These subclasses keep it, checked as a local address, and the recovery-codes
page offers "Continue" to it. Typing the new app's code counts as the session's second factor. Everything
else is allauth's own view (its decorators are inherited).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.utils.http import url_has_allowed_host_and_scheme

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.views import ViewRecoveryCodesView
from allauth.mfa.totp.views import ActivateTOTPView


def safe_next(request) -> str:
    """The `next` address of this request when it is a path on this site, else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


class ActivateTOTPKeepingNextView(ActivateTOTPView):
    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next_url": safe_next(self.request)}

    def form_valid(self, form):
        """The person has just typed a code from the new app: that is this session's second factor
        (what `staff_access.staff_session_verified` looks for), recorded as allauth records one."""
        response = super().form_valid(form)
        authenticator = Authenticator.objects.get(user=self.request.user, type=Authenticator.Type.TOTP)
        record_authentication(
            self.request, self.request.user, "mfa", id=authenticator.pk, type=authenticator.type
        )
        return response

    def get_success_url(self) -> str:
        url = super().get_success_url()
        target = safe_next(self.request)
        return f"{url}?{urlencode({'next': target})}" if target else url


class RecoveryCodesWithContinueView(ViewRecoveryCodesView):
    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "continue_url": safe_next(self.request)}


activate_totp = ActivateTOTPKeepingNextView.as_view()
view_recovery_codes = RecoveryCodesWithContinueView.as_view()
