import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

from .staff_access import has_staff_factor, is_staff_account, staff_session_verified

logger = logging.getLogger(__name__)


class AdminBadInputMiddleware:
    """A ValueError or OverflowError from an admin GET is the reader's odd value, not our bug: 400.

    Wagtail 7.4's admin views read some query values with int() unchecked (``?id=x`` on every chooser's
    chosen-multiple, the admin API's ``find``) and raise, which Django answers with a 500 and an error
    email. Those views are Wagtail's, so there is no form of ours to validate them in: this answers the
    exception instead. Only GETs under the admin, where nothing is being saved, and only these two
    exception types; each one is logged with the path, so a real bug stays visible.
    """

    EXCEPTIONS = (ValueError, OverflowError)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.method not in ("GET", "HEAD") or not request.path.startswith("/admin/"):
            return None
        if type(exception) not in self.EXCEPTIONS:  # not subclasses: those are other errors (UnicodeError...)
            return None
        logger.warning("Bad request in the admin: %s on %s", type(exception).__name__, request.path)
        return HttpResponseBadRequest("Bad request: a value in this address is not one the page can use.")


class SecurityHeadersMiddleware:
    """Adds the headers Django's SecurityMiddleware does not set itself.

    A Content-Security-Policy and Permissions-Policy on every response; Django 5.2 has no CSP support
    of its own (it arrives in 6.0), so this stays a small, explicit middleware.

    The public site allows no inline script or style at all. The Wagtail admin cannot do without two
    allowances, kept only there: `'unsafe-inline'` scripts (Wagtail 7.4's widgets and panels start
    themselves with inline `<script>` tags: date and time choosers, inline and multiple-chooser panels)
    and `'unsafe-eval'` (its bundled templating in core.js compiles templates with `new Function`).
    Everything else is as tight as the admin allows: scripts, styles, fonts, connections and workers
    only from this site, frames only from this site and the embed providers editors use, no plugins,
    forms posting only here, and no framing by other sites. The backstop for what enquirers write,
    shown to staff in the workspace, is that it is never marked safe: message bodies are plain text,
    escaped by the templates, and rich text is sanitised on the way in.
    """

    EMBED_FRAMES = "https://www.youtube.com https://www.youtube-nocookie.com https://player.vimeo.com"
    PUBLIC_CSP = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
        f"frame-ancestors 'none'; frame-src 'self' {EMBED_FRAMES}"
    )
    ADMIN_CSP = (
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'; font-src 'self' data:; connect-src 'self'; "
        "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; "
        f"frame-ancestors 'self'; frame-src 'self' {EMBED_FRAMES}"
    )

    def __init__(self, get_response):
        self.get_response = get_response
        # Images and renditions in the public bucket come from its origin (portal/storage.py).
        media = getattr(settings, "PORTAL_MEDIA_ORIGIN", "")
        self.public_csp, self.admin_csp = (
            csp.replace("img-src 'self'", f"img-src 'self' {media}", 1) if media else csp
            for csp in (self.PUBLIC_CSP, self.ADMIN_CSP)
        )

    def __call__(self, request):
        response = self.get_response(request)
        is_admin = request.path.startswith("/admin/")
        response.headers.setdefault(
            "Content-Security-Policy", self.admin_csp if is_admin else self.public_csp
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


class StaffMFAMiddleware:
    """A staff account is signed in only with a second factor in this session; readers stay out of
    the admin.

    For every request of a staff account (not only /admin/ ones: a staff session can download
    attachments and restricted documents elsewhere), `staff_access.staff_session_verified` decides:

    - verified: carry on;
    - the account has an authenticator app but this session never used it: the session did not come
      through allauth's sign-in (the one door, which asks for the code), so it is signed out and sent
      to sign in again, back to where it was going;
    - the account has no authenticator yet (a new member of staff): only the set-up page, the
      reauthentication it may ask for, and sign-out are open; everything else sends them to set one
      up, keeping where they were going.

    Staff who reauthenticate (allauth asks before showing recovery codes or changing an authenticator)
    do so with their authenticator app, not a password. Signed-in people who are not staff are turned
    away from /admin/ with a message. `PORTAL_ALLOW_STAFF_WITHOUT_MFA` may relax this in local
    development only; production forces it off.
    """

    SETUP_URL_NAMES = ("mfa_activate_totp", "account_reauthenticate", "account_logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        if not is_staff_account(user):
            if request.path.startswith("/admin/"):
                # Wagtail would send a signed-in reader back to the login page, which (being allauth)
                # sends a signed-in person on to ?next=/admin/: a loop. Refuse plainly instead.
                messages.error(request, "You do not have permission to access the admin.")
                return redirect("/")
            return self.get_response(request)
        if staff_session_verified(request):
            if request.path == reverse("account_reauthenticate") and has_staff_factor(user):
                return redirect(_with_query(reverse("mfa_reauthenticate"), request))
            return self.get_response(request)
        if has_staff_factor(user):
            logout(request)
            messages.warning(request, "Please sign in again with your password and authenticator app.")
            return redirect(_with_next(reverse("account_login"), request))
        if request.path in {reverse(name) for name in self.SETUP_URL_NAMES}:
            return self.get_response(request)
        messages.warning(
            request,
            "Staff accounts must use two-factor authentication. Set up an authenticator app to continue.",
        )
        return redirect(_with_next(reverse("mfa_activate_totp"), request))


def _with_query(url: str, request) -> str:
    query = request.META.get("QUERY_STRING", "")
    return f"{url}?{query}" if query else url


def _with_next(url: str, request) -> str:
    """`url?next=<where this request was going>`, for GET requests to a safe local path."""
    target = request.get_full_path() if request.method == "GET" else request.path
    if request.method != "GET" or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return url
    return f"{url}?{urlencode({'next': target})}"
