from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled


class SecurityHeadersMiddleware:
    """Adds the headers Django's SecurityMiddleware does not set itself.

    A Content-Security-Policy and Permissions-Policy on every response; Django 5.2 has no CSP support
    of its own (it arrives in 6.0), so this stays a small, explicit middleware. The Wagtail admin needs
    inline scripts and styles, so it gets a looser policy than the public site.
    """

    PUBLIC_CSP = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
        "frame-ancestors 'none'; frame-src 'self' https://www.youtube.com https://www.youtube-nocookie.com "
        "https://player.vimeo.com"
    )
    ADMIN_CSP = (
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'; font-src 'self' data:; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'self'; frame-src 'self' https:"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        is_admin = request.path.startswith("/admin/")
        response.headers.setdefault(
            "Content-Security-Policy", self.ADMIN_CSP if is_admin else self.PUBLIC_CSP
        )
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        if request.user.is_authenticated if hasattr(request, "user") else False:
            # Pages for a signed-in person are theirs alone: never stored by shared caches.
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response


class NoStoreMiddleware:
    """Never let a browser or shared cache keep a signed-in person's page or any download.

    Every response to a signed-in user, and every download (a response with a Content-Disposition, such
    as an attachment, a CSV or a data export, whoever asks), gets `Cache-Control: private, no-store`,
    replacing anything weaker a view set (public, max-age). Django's `never_cache` decorator does this
    view by view; this middleware makes it a rule nobody can forget on a new view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        if signed_in or response.has_header("Content-Disposition"):
            patch_cache_control(response, private=True, no_store=True)
            cache_control = response.headers["Cache-Control"]
            kept = [
                part.strip()
                for part in cache_control.split(",")
                if part.strip().split("=")[0].lower() not in ("public", "max-age", "s-maxage")
            ]
            response.headers["Cache-Control"] = ", ".join(kept)
            response.headers.pop("Expires", None)
            if signed_in:
                patch_vary_headers(response, ["Cookie"])
        return response


def is_staff_account(user) -> bool:
    """Anyone who can use the Wagtail admin counts as staff for MFA purposes."""
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin"))
    )


class StaffMFAMiddleware:
    """Every admin URL needs a staff account with two-factor authentication (TOTP) set up, and
    signed-in people who are not staff are turned away with a message.

    allauth already asks for the second factor at every sign-in once an authenticator exists (and the
    admin has no login door of its own: /admin/login/ sends to allauth). This closes the remaining gap:
    a staff account that has not set MFA up is sent to set it up before it can reach the admin.
    `PORTAL_ALLOW_STAFF_WITHOUT_MFA` may relax this in local development only; production forces it off.
    """

    EXEMPT_PREFIXES = ("/admin/logout/",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/admin/") or request.path.startswith(self.EXEMPT_PREFIXES):
            return self.get_response(request)
        user = request.user
        if user.is_authenticated and not is_staff_account(user):
            # Wagtail would send a signed-in reader back to the login page, which (being allauth)
            # sends a signed-in person on to ?next=/admin/: a loop. Refuse plainly instead.
            messages.error(request, "You do not have permission to access the admin.")
            return redirect("/")
        if (
            not getattr(settings, "PORTAL_ALLOW_STAFF_WITHOUT_MFA", False)
            and is_staff_account(user)
            and not is_mfa_enabled(user, types=[Authenticator.Type.TOTP])
        ):
            messages.warning(
                request,
                "Staff accounts must use two-factor authentication. Set up an authenticator app to continue.",
            )
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return self.get_response(request)
