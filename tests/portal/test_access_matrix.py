"""Every URL x every role: the outcome of a GET, compared with the table in access_matrix.json.

Regenerating the table (after adding a URL, or changing who may see one)
--------------------------------------------------------------------------
    ACCESS_MATRIX_WRITE=1 .venv/bin/pytest tests/portal/test_access_matrix.py -p no:cacheprovider
    git diff tests/portal/access_matrix.json

With ``ACCESS_MATRIX_WRITE=1`` the table is rewritten from what the portal does now (entries for
patterns that are gone are dropped, new ones added); then read the diff as a reviewer would: every
changed line is a URL whose access changed, and it is committed with the change that caused it. Server
errors and breaches of ``RULES`` still fail in that mode: no table can make them acceptable.

How it works
------------
The test walks the project's URL resolver (``get_resolver().url_patterns``, recursively: the Wagtail
admin, allauth, the API, anymail, enquiries, pathways, the page-serving catch-all...) and the routes of
every routable page type, fills each pattern's arguments with real objects of one small world
(tests/portal/access_world.py: pages of every type, documents, two enquiry teams with an enquiry each,
a held email, a dead letter, the returnee's plan and log...; built once for the module and rolled back
at its end), and requests it with GET as each of the 13 roles of ``access_world.ROLES``. Staff roles
sign in with their second factor recorded (tests.conftest.mfa_login), except
``staff_without_second_factor``: an adviser of team A with an authenticator app whose session has none.
Only GET: changes of state are POSTs, tested where they live. The response is put in a small vocabulary:

    ok            2xx
    login         redirect to the sign-in page (/accounts/login/, or the old doors that send there)
    mfa           redirect to /accounts/2fa/... (set up or enter the second factor), or the session was
                  signed out and sent to sign in again (a staff session without its second factor)
    redirect:X    another redirect; X names where to: a URL name (``redirect:wagtailadmin_home``),
                  ``home`` for /, ``page`` for another Wagtail page, ``slash`` for the same path with a
                  slash, ``external`` for another site
    bad_request 400 · unauthorized 401 · forbidden 403 · not_found 404 · not_allowed 405 ·
    conflict 409 · gone 410 · status_NNN anything else
    error         5xx: always a failure, whatever the table says (bar ``DELIBERATE_ERRORS``)

The table has one entry per URL pattern, keyed by its route as Django reports it
(``ResolverMatch.route``), e.g. ``admin/pages/<int:page_id>/edit/``, with a ``default`` outcome and the
roles that differ. Patterns requested with several objects (``SAMPLES``) have one entry per sample,
``<route> @<sample>`` (the page catch-all once per page type, team A's and team B's enquiry...). Routes of
routable pages are keyed ``<app_label.PageModel> /<route>``. A route registered twice (the second one
shadowed: requests reach the first) is told apart by its view: ``admin/login/ [<view's dotted path>]``.

The module fails when
(a) a URL pattern (or routable page route) has no entry: a new URL with no expected outcome;
(b) an entry names a pattern that no longer exists;
(c) a role's outcome differs from the table (each role's test lists all of its differences at once);
(d) any request answers 5xx;
and, whatever the table says, when an outcome breaks one of ``RULES`` (for example: no role without a
verified staff session gets ``ok`` from the Wagtail admin; team B's adviser finds nothing of team A's
enquiry; nobody but the returnee opens the returnee's updating log).

If a new pattern takes an argument this module cannot fill with a real object (see ``kwarg_value``),
it is filled with a junk value (and usually answers 404 for everyone): add the argument to
``kwarg_value``, or an object to access_world.py, so that the table says something useful. A regex
pattern that ``fill_regex`` cannot turn into a path needs an entry in ``REGEX_FILLS``. A new page type
needs a page in access_world.py and a sample in ``SAMPLES["wagtail_serve"]``
(``test_every_page_type_is_requested`` says so).

One test per role, so ``-n 2`` shares them between workers (each builds its own world, in a few
seconds); the whole matrix is about 7,200 requests and takes about a minute of CPU.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern, RoutePattern

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, get_page_models
from wagtail.snippets.models import get_snippet_models

import pytest

from tests.conftest import mfa_login

from .access_world import PASSWORD_ONLY_ROLES, ROLES, World, build_world, remove_world_files

# Every test uses the test database (pytest-django sets it up only for marked tests); each test runs in
# a savepoint inside the module's world, rolled back after it, so no role sees another's writes.
pytestmark = pytest.mark.django_db

TABLE = Path(__file__).with_name("access_matrix.json")
WRITE = os.environ.get("ACCESS_MATRIX_WRITE") == "1"
JUNK_INT = 987654
JUNK_STR = "no-such-thing"

VOCABULARY_ORDER = [
    "ok",
    "login",
    "mfa",
    "redirect",
    "bad_request",
    "unauthorized",
    "forbidden",
    "not_found",
    "not_allowed",
    "conflict",
    "gone",
    "error",
]


# --------------------------------------------------------------------------------------------------
# Walking the resolver
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    """One URL pattern: its route (as ResolverMatch.route gives it), its namespaced name and the
    pattern objects from the root down to it (resolvers' patterns, then the URLPattern's)."""

    route: str
    name: str | None
    levels: tuple
    view: str = ""  # the view's dotted path
    routable_page: type | None = None  # for the routes of a RoutablePageMixin page type

    @property
    def namespace(self) -> str:
        return self.name.rpartition(":")[0] if self.name else ""

    @property
    def base_name(self) -> str:
        return self.name.rpartition(":")[2] if self.name else ""

    @property
    def kwarg_names(self) -> list[str]:
        names = []
        for level in self.levels:
            if isinstance(level, RoutePattern):
                names += [m.group("name") for m in ROUTE_PARAM.finditer(str(level))]
            else:
                names += re.findall(r"\(\?P<(\w+)>", str(level))
        return names


def _join_route(route1: str, route2: str) -> str:
    """As django.urls.resolvers.URLResolver._join_route: ResolverMatch.route is built this way."""
    return route2 if not route1 else route1 + route2.removeprefix("^")


def _view_path(callback) -> str:
    view = getattr(callback, "view_class", None) or getattr(callback, "cls", None) or callback
    return f"{view.__module__}.{view.__qualname__}"


def _walk(patterns, namespace: str | None = None):
    """Yield (route, name, levels, view) for every URLPattern under `patterns`."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner_ns = namespace
            if entry.namespace:
                inner_ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            for route, name, levels, view in _walk(entry.url_patterns, inner_ns):
                yield _join_route(str(entry.pattern), route), name, (entry.pattern, *levels), view
        elif isinstance(entry, URLPattern):
            name = entry.name
            if name and namespace:
                name = f"{namespace}:{name}"
            yield str(entry.pattern), name, (entry.pattern,), _view_path(entry.callback)


def url_patterns() -> list[Pattern]:
    found = [Pattern(*found) for found in _walk(get_resolver().url_patterns)]
    for model in get_page_models():
        if issubclass(model, RoutablePageMixin):
            label = f"{model._meta.app_label}.{model.__name__}"
            seen = set()
            for sub in model.get_subpage_urls():
                route = str(sub.pattern)
                if route in seen:
                    continue  # shadowed by the page type's own route (e.g. RoutablePageMixin's index)
                seen.add(route)
                found.append(
                    Pattern(f"{label} /{route}", sub.name, (sub.pattern,), _view_path(sub.callback), model)
                )
    return found


def pattern_keys(pattern: Pattern, duplicate_routes: set[str]) -> list[tuple[str, str | None]]:
    """The table keys of a pattern, with the sample label of each (None: the pattern itself)."""
    base = pattern.route
    if base in duplicate_routes:
        # The same route twice (e.g. admin/login/: our redirect, then Wagtail's own view it shadows):
        # told apart by their views. Requests reach the first one.
        base = f"{base} [{pattern.view}]"
    labels = SAMPLES.get(pattern.name or "", {}) if not pattern.routable_page else {}
    if labels:
        return [(f"{base} @{label}", label) for label in labels]
    return [(base, None)]


def all_keys() -> dict[str, tuple[Pattern, str | None]]:
    patterns = url_patterns()
    routes = Counter(p.route for p in patterns)
    duplicates = {route for route, count in routes.items() if count > 1}
    keys: dict[str, tuple[Pattern, str | None]] = {}
    for pattern in patterns:
        for key, label in pattern_keys(pattern, duplicates):
            assert key not in keys, f"two URL patterns give the same table key {key!r}"
            keys[key] = (pattern, label)
    return keys


# --------------------------------------------------------------------------------------------------
# Filling a pattern's arguments with the world's objects
# --------------------------------------------------------------------------------------------------

ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _snippet_models_by_namespace() -> dict[str, type]:
    found = {}
    for model in get_snippet_models():
        suffix = f"{model._meta.app_label}_{model._meta.model_name}"
        found[f"wagtailsnippets_{suffix}"] = model
        found[f"wagtailsnippetchoosers_{suffix}"] = model
    return found


def kwarg_value(pattern: Pattern, kwarg: str, world: World):
    """The value of one URL argument: a real object's id or name where the pattern says which model it
    is, otherwise a junk value (the table then records what a junk value gets, usually a 404)."""
    o, p, users = world.objects, world.pages, world.users
    ns, name = pattern.namespace, pattern.base_name
    snippet_model = _snippet_models_by_namespace().get(ns.split(":")[0])
    if snippet_model is not None and kwarg == "pk":
        instance = world.by_model.get(snippet_model) or snippet_model._default_manager.order_by("pk").first()
        return instance.pk if instance is not None else None
    if pattern.routable_page is not None:
        return {"slug": "nation", "step_id": o.step.pk}.get(kwarg, JUNK_STR)

    by_namespace = {
        "wagtailsites": {"pk": o.site.pk},
        "wagtailusers_users": {"pk": users["returnee"].pk},  # a member of the public's account
        "wagtailusers_groups": {"pk": o.group.pk},
        "wagtailadmin_collections": {
            "pk": o.restricted_collection.pk,
            "collection_id": o.restricted_collection.pk,
        },
        "wagtailadmin_api:pages": {"pk": p.guidance.pk, "action_name": "copy"},
        "wagtailadmin_api:documents": {"pk": o.public_document.pk},
        "wagtailadmin_api:images": {"pk": o.image.pk},
        "wagtailapi:pages": {"pk": p.guidance.pk},
        "wagtailapi:documents": {"pk": o.public_document.pk},
        "wagtailapi:images": {"pk": o.image.pk},
        "wagtailapi:resources": {"pk": o.public_resource.pk},
        "enquiry_workspace": {
            "pk": {"inbound_detail": o.held.pk, "dead_letter_retry": o.dead_letter.pk}.get(
                name, o.enquiry_a.pk
            )
        },
        "enquiries": {"pk": o.attachment.pk, "reference": o.enquiry_a.reference, "token": o.rating_token_a},
        "pathways": {"step_id": o.step.pk, "activity_id": o.activity.pk},
        "wagtaildocs": {"document_id": o.public_document.pk, "doc_id": o.public_document.pk},
        "wagtaildocs_chooser": {"pk": o.public_document.pk},
        "wagtailimages": {"image_id": o.image.pk, "filter_spec": "original"},
        "wagtailimages_chooser": {"pk": o.image.pk, "image_id": o.image.pk},
        "wagtailredirects": {"redirect_id": o.redirect.pk},
        "wagtailsearchpromotions": {"query_id": o.query.pk},
        "wagtailadmin_pages": {
            "content_type_app_name": "cms",
            "content_type_model_name": "guidancepage",
            "app_label": "cms",
            "model_name": "guidancepage",
            "parent_page_id": p.rtp_hub.pk,
            "destination_id": p.rtp_hub.pk,
            "revision_id": p.guidance.latest_revision_id,
            "action_name": "approve",
            "task_id": o.task.pk if o.task else JUNK_INT,
        },
        "wagtailadmin_workflows": {
            "pk": o.task.pk if name.endswith("_task") and o.task else o.workflow.pk,
            "workflow_pk": o.workflow.pk,
            "task_id": o.task.pk if o.task else JUNK_INT,
            "app_label": "wagtailcore",
            "model_name": "groupapprovaltask",
        },
        "wagtailadmin_editing_sessions": {
            "app_label": "wagtailcore",
            "model_name": "page",
            "object_id": str(p.guidance.pk),
        },
    }
    by_name = {
        "wagtail_bulk_action": {"app_label": "wagtailcore", "model_name": "page", "action": "delete"},
        "wagtailadmin_tag_model_autocomplete": {"app_name": "wagtaildocs", "model_name": "document"},
        "wagtaildocs_authenticate_with_password": {"restriction_id": o.collection_restriction.pk},
        "wagtailcore_authenticate_with_password": {
            "page_view_restriction_id": o.page_restriction.pk,
            "page_id": p.members_page.pk,
        },
        "account_reset_password_from_key": {"uidb36": "1", "key": "set-password-junk-key"},
        # Images from the file system (portal/storage.py): a real rendition and original of the image.
        "media_images": {"name": o.image.get_rendition("width-100").file.name.removeprefix("images/")},
        "media_original_images": {"name": o.image.file.name.removeprefix("original_images/")},
    }
    anywhere = {
        # Any page: the guidance page (it has a revision); a parent: its hub.
        "page_id": p.guidance.pk,
        "page_pk": p.guidance.pk,
        "page_to_move_id": p.guidance.pk,
        "parent_page_id": p.rtp_hub.pk,
        # Comparing revisions (pages and snippets): the first with the live one.
        "revision_id_a": "earliest",
        "revision_id_b": "live",
    }
    for table in (by_name.get(pattern.name or "", {}), by_namespace.get(ns, {}), anywhere):
        if kwarg in table:
            return table[kwarg]
    return None  # junk; the caller picks one to suit the converter


#: Regex patterns that need more than their named groups filled: regex -> function(world) -> text.
REGEX_FILLS: dict[str, Callable[[World], str]] = {
    r"^.*/$": lambda w: "no-such-admin-page/",  # the Wagtail admin's catch-all 404
    r"^(\d+)/revisions/compare/(live|earliest|\d+)\.\.\.(live|latest|\d+)/$": (
        lambda w: f"{w.pages.guidance.pk}/revisions/compare/earliest...live/"
    ),
    r"^mailgun/inbound(_mime)?/$": lambda w: "mailgun/inbound/",
    # The page catch-all and document downloads are requested with SAMPLES instead.
}


def fill_regex(regex: str, values: dict) -> str:
    text = re.sub(r"\(\?P<(\w+)>[^()]*\)", lambda m: str(values[m.group(1)]), regex)
    text = text.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    if re.search(r"[()\[\]{}*+?|^$]", text.replace("\\.", "").replace("\\-", "")):
        raise ValueError(f"cannot make a path from the regex {regex!r}: add it to REGEX_FILLS in {__name__}")
    return text.replace("\\.", ".").replace("\\-", "-").replace("\\/", "/")


def _junk_for(converter: str | None):
    return JUNK_INT if converter == "int" else JUNK_STR


def build_path(pattern: Pattern, world: World) -> str:
    values = {kwarg: kwarg_value(pattern, kwarg, world) for kwarg in pattern.kwarg_names}
    parts = []
    for level in pattern.levels:
        if isinstance(level, RoutePattern):

            def sub(match):
                value = values.get(match.group("name"))
                return str(value if value is not None else _junk_for(match.group("converter")))

            parts.append(ROUTE_PARAM.sub(sub, str(level)))
        elif isinstance(level, RegexPattern):
            regex = str(level)
            if regex in REGEX_FILLS:
                parts.append(REGEX_FILLS[regex](world))
            else:
                named = {k: (v if v is not None else JUNK_STR) for k, v in values.items()}
                parts.append(fill_regex(regex, named))
        else:  # LocalePrefixPattern and the like: not used by this project
            raise ValueError(f"cannot fill {level!r} of {pattern.route!r}")
    path = "".join(parts)
    if pattern.routable_page is not None:
        page = next(
            page for page in vars(world.pages).values() if type(page.specific) is pattern.routable_page
        )
        return page.url + path
    return "/" + path


def _page(attr):
    return lambda w: getattr(w.pages, attr).url


#: Patterns requested more than once, with different objects: URL name -> {sample label: f(world) -> path}.
SAMPLES: dict[str, dict[str, Callable[[World], str]]] = {
    # Every page type, plus a page restricted to the Managers group, a draft and a missing page.
    "wagtail_serve": {
        "home": _page("home"),
        "hub": _page("rtp_hub"),
        "guidance": _page("guidance"),
        "standard": _page("standard"),
        "restricted-to-managers": _page("members_page"),
        "draft": lambda w: "/draft/",
        "missing": lambda w: "/no-such-page/",
        "news-index": _page("news_index"),
        "news": _page("news"),
        "case-study-index": _page("case_index"),
        "case-study": _page("case_study"),
        "library": _page("library"),
        "pathway-finder": _page("finder"),
    },
    "wagtaildocs_serve": {
        "public": lambda w: w.objects.public_document.url,
        "restricted-to-managers": lambda w: w.objects.restricted_document.url,
    },
    "wagtailapi:pages:detail": {
        "guidance": lambda w: f"/api/v2/pages/{w.pages.guidance.pk}/",
        "restricted-to-managers": lambda w: f"/api/v2/pages/{w.pages.members_page.pk}/",
        "draft": lambda w: f"/api/v2/pages/{w.pages.draft.pk}/",
    },
    "wagtailapi:documents:detail": {
        "public": lambda w: f"/api/v2/documents/{w.objects.public_document.pk}/",
        "restricted-to-managers": lambda w: f"/api/v2/documents/{w.objects.restricted_document.pk}/",
    },
    "wagtailapi:resources:detail": {
        "public": lambda w: f"/api/v2/resources/{w.objects.public_resource.pk}/",
        "members-only": lambda w: f"/api/v2/resources/{w.objects.members_resource.pk}/",
    },
    "enquiry_workspace:workspace": {
        "team-a": lambda w: f"/admin/enquiries/{w.objects.enquiry_a.pk}/",
        "team-b": lambda w: f"/admin/enquiries/{w.objects.enquiry_b.pk}/",
    },
    "enquiry_workspace:inbound_detail": {
        "held-on-team-a": lambda w: f"/admin/enquiries/inbound/{w.objects.held.pk}/",
        "unmatched": lambda w: f"/admin/enquiries/inbound/{w.objects.unmatched.pk}/",
    },
    "enquiries:rate": {
        "valid-token-unresolved": lambda w: f"/rate/{w.objects.rating_token_a}/",
        "junk-token": lambda w: "/rate/not-a-real-token/",
    },
}


@dataclass(frozen=True)
class Target:
    key: str
    pattern: Pattern
    path: str


def build_targets(world: World) -> list[Target]:
    targets = []
    for key, (pattern, label) in all_keys().items():
        if label is not None:
            path = SAMPLES[pattern.name][label](world)
        else:
            path = build_path(pattern, world)
        targets.append(Target(key, pattern, path))
    return targets


def check_targets_resolve(targets: list[Target]) -> list[str]:
    """Each filled path must reach the pattern it was made for (or, for a pattern that shares its route
    with an earlier one, that route)."""
    problems = []
    for target in targets:
        if target.pattern.routable_page is not None:
            continue
        try:
            match = resolve(urlsplit(target.path).path)
        except Resolver404:
            problems.append(f"{target.key}: {target.path} does not resolve")
            continue
        if match.route != target.pattern.route:
            problems.append(f"{target.key}: {target.path} resolves to {match.route!r} instead")
    return problems


# --------------------------------------------------------------------------------------------------
# Requesting and classifying
# --------------------------------------------------------------------------------------------------


#: Where a redirect counts as "sign in": allauth's page, and the two old doors that send there.
LOGIN_DOORS = ("/accounts/login/", "/admin/login/", "/_util/login/")


def _target_class(location: str, request_path: str) -> str:
    parts = urlsplit(location)
    if parts.netloc and parts.netloc not in ("testserver", "localhost"):
        return "external"
    path = parts.path or request_path
    if path in LOGIN_DOORS:
        return "login"
    if path == "/":
        return "home"
    if path == request_path + "/":
        return "slash"
    try:
        match = resolve(path)
    except Resolver404:
        return "nowhere"
    if match.view_name == "wagtail_serve":
        return "page"
    return match.view_name or match.route


def classify(response, *, signed_in: bool) -> str:
    status = response.status_code
    if status >= 500:
        return "error"
    if 200 <= status < 300:
        return "ok"
    if 300 <= status < 400:
        location = response.get("Location", "")
        path = urlsplit(location).path
        if path.startswith("/accounts/2fa/"):
            return "mfa"
        if path in LOGIN_DOORS:
            signed_out = signed_in and not response.wsgi_request.user.is_authenticated
            return "mfa" if signed_out else "login"
        return f"redirect:{_target_class(location, response.wsgi_request.path)}"
    return {
        400: "bad_request",
        401: "unauthorized",
        403: "forbidden",
        404: "not_found",
        405: "not_allowed",
        409: "conflict",
        410: "gone",
    }.get(status, f"status_{status}")


class RoleClient:
    """A test client signed in as one role, signing in again whenever a response ended its session."""

    def __init__(self, role: str, user):
        self.role, self.user = role, user
        self.client = Client(raise_request_exception=False)
        self.cookie = None
        self.sign_in()

    def sign_in(self):
        if self.user is None:
            return
        if self.role in PASSWORD_ONLY_ROLES:
            self.client.force_login(self.user)
        else:
            mfa_login(self.client, self.user)
        self.cookie = self._session_cookie()

    def _session_cookie(self):
        morsel = self.client.cookies.get(settings.SESSION_COOKIE_NAME)
        return morsel.value if morsel else None

    def get(self, path: str):
        response = self.client.get(path)
        # Messages queued for a page the role never sees would pile up in the cookie and the session.
        self.client.cookies.pop("messages", None)
        if self.user is not None and self._session_cookie() != self.cookie:
            self.sign_in()
        return response


def observe_role(world: World, role: str, targets: list[Target]) -> tuple[dict[str, str], dict[str, str]]:
    """GET every target as `role`: ({key: outcome}, {key: exception text for each 5xx})."""
    cache.clear()
    client = RoleClient(role, world.users[role])
    outcomes, errors = {}, {}
    for target in targets:
        response = client.get(target.path)
        outcome = classify(response, signed_in=world.users[role] is not None)
        outcomes[target.key] = outcome
        if outcome == "error":
            exc = getattr(response, "exc_info", None)
            errors[target.key] = f"{target.path}: {exc[1]!r}" if exc else target.path
    return outcomes, errors


# --------------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------------


#: 5xx answers that are meant: key -> why. Anything else that answers 5xx fails the test.
DELIBERATE_ERRORS = {
    "admin/failwhale/": "Wagtail's own page for testing the error page: it raises for anyone in the admin",
    "health/all/": "monitoring's health check answers 503 while no clock has ticked (none runs in the tests)",
}


# --------------------------------------------------------------------------------------------------
# Rules the table cannot overrule
# --------------------------------------------------------------------------------------------------

NOT_STAFF = ("anonymous", "returnee", "recruit", "manager", "staff_without_second_factor")
#: Staff who are not enquiry staff (advisers, team leads) and so see no enquiry.
NOT_ENQUIRY_STAFF = ("editor", "moderator", "reporting_lead", "privacy_officer")
#: Admin URLs anyone may fetch: the icon sprite and the JavaScript translations.
PUBLIC_ADMIN_ASSETS = frozenset({"admin/sprite/", "admin/jsi18n/"})
#: Who may read what is restricted to the Managers group (cms.permissions counts editors and moderators).
MEMBERS = ("manager", "editor", "moderator", "superuser")


@dataclass(frozen=True)
class Rule:
    """`roles` must get `outcome` (or, with `never`, anything but it) from every key `applies` to."""

    says: str
    roles: tuple[str, ...]
    applies: Callable[[str], bool]
    outcome: str
    never: bool = False

    def broken_by(self, role: str, key: str, outcome: str) -> bool:
        if role not in self.roles or not self.applies(key):
            return False
        return outcome == self.outcome if self.never else outcome != self.outcome


def _everyone_but(*roles: str) -> tuple[str, ...]:
    return tuple(role for role in ROLES if role not in roles)


def _is_enquiry_screen(key: str) -> bool:
    return (key.startswith("admin/enquiries/") and not key.startswith("admin/enquiries/reports/")) or (
        key.startswith("attachments/")
    )


RULES = [
    Rule(
        "nobody without a staff session verified by its second factor gets a staff-only page",
        NOT_STAFF,
        lambda key: key.startswith("admin/") and key not in PUBLIC_ADMIN_ASSETS,
        "ok",
        never=True,
    ),
    Rule(
        "a staff session without its second factor is signed out, whatever it asks for",
        ("staff_without_second_factor",),
        lambda key: True,
        "mfa",
    ),
    Rule(
        "only advisers, team leads and superusers see enquiry screens and attachments",
        NOT_ENQUIRY_STAFF,
        _is_enquiry_screen,
        "ok",
        never=True,
    ),
    Rule(
        "team A's enquiry, its held email and its attachment are not found by staff outside team A",
        (*NOT_ENQUIRY_STAFF, "adviser_team_b"),
        lambda key: (
            key
            in {
                "admin/enquiries/<int:pk>/ @team-a",
                "admin/enquiries/inbound/<int:pk>/ @held-on-team-a",
                "attachments/<int:pk>/",
            }
        ),
        "not_found",
    ),
    Rule(
        "team B's enquiry is not found by team A's adviser and lead",
        ("adviser_team_a", "team_lead"),
        lambda key: key == "admin/enquiries/<int:pk>/ @team-b",
        "not_found",
    ),
    Rule(
        "an inbound email that matches no enquiry is for team leads and superusers only",
        ("adviser_team_a", "adviser_team_b"),
        lambda key: key == "admin/enquiries/inbound/<int:pk>/ @unmatched",
        "not_found",
    ),
    Rule(
        "the returnee's enquiry and attachment are not found by other signed-in people",
        ("recruit", "manager"),
        lambda key: key in {"my-enquiries/<str:reference>/", "attachments/<int:pk>/"},
        "not_found",
    ),
    Rule(
        "the returnee's enquiry page is not found by staff (they use the workspace)",
        _everyone_but("anonymous", "returnee", "recruit", "manager", "staff_without_second_factor"),
        lambda key: key == "my-enquiries/<str:reference>/",
        "not_found",
    ),
    Rule(
        "the returnee's updating log activities are theirs alone",
        _everyone_but("returnee"),
        lambda key: key.startswith("my-plan/log/activities/<int:activity_id>/"),
        "ok",
        never=True,
    ),
    Rule(
        "personal data export and erasure are for privacy officers and superusers",
        _everyone_but("privacy_officer", "superuser"),
        lambda key: key.startswith("admin/personal-data/"),
        "ok",
        never=True,
    ),
    Rule(
        "user accounts and groups are for superusers",
        _everyone_but("superuser"),
        lambda key: key.startswith(("admin/users/", "admin/groups/")),
        "ok",
        never=True,
    ),
    Rule(
        "enquiry reports are for team leads, reporting leads and superusers",
        _everyone_but("team_lead", "reporting_lead", "superuser"),
        lambda key: key.startswith("admin/enquiries/reports/"),
        "ok",
        never=True,
    ),
    Rule(
        "dead letters are for team leads and superusers",
        _everyone_but("team_lead", "superuser"),
        lambda key: key.startswith("admin/enquiries/dead-letters/"),
        "ok",
        never=True,
    ),
    Rule(
        "what is restricted to the Managers group reaches managers, editors, moderators and superusers only",
        _everyone_but(*MEMBERS),
        lambda key: key.endswith(("@restricted-to-managers", "@members-only")),
        "ok",
        never=True,
    ),
]


def rule_breaches(role: str, observed: dict[str, str]) -> list[str]:
    return [
        f"  {key}: {outcome}  -- {rule.says}"
        for key, outcome in sorted(observed.items())
        for rule in RULES
        if rule.broken_by(role, key, outcome)
    ]


# --------------------------------------------------------------------------------------------------
# The table
# --------------------------------------------------------------------------------------------------

HEADER = [
    "Expected outcome of a GET of every URL pattern by every role: see tests/portal/test_access_matrix.py.",
    "One entry per URL pattern (route as Django reports it; '@sample' when requested with several objects).",
    "'default' applies to every role not listed. Outcomes: ok, login, mfa, redirect:<where>, bad_request,",
    "unauthorized, forbidden, not_found, not_allowed, conflict, gone; error (5xx) is never expected.",
    "Regenerate: ACCESS_MATRIX_WRITE=1 .venv/bin/pytest tests/portal/test_access_matrix.py, then review the diff.",
]


def load_table() -> dict[str, dict[str, str]]:
    if not TABLE.exists():
        return {}
    return json.loads(TABLE.read_text())["urls"]


def expected_outcome(row: dict[str, str], role: str) -> str:
    return row.get(role, row.get("default", "?"))


def compress(full: dict[str, str]) -> dict[str, str]:
    """{role: outcome} -> {"default": the commonest outcome, role: outcome for the roles that differ}."""
    order = {outcome: i for i, outcome in enumerate(VOCABULARY_ORDER)}
    counts = Counter(full.values())
    default = min(counts, key=lambda o: (-counts[o], order.get(o.split(":")[0], 99), o))
    row = {"default": default}
    row.update({role: full[role] for role in ROLES if role in full and full[role] != default})
    return row


def _dump(rows: dict[str, dict[str, str]]) -> str:
    lines = [
        "{",
        f'  "_about": {json.dumps(HEADER, indent=4)[:-1]}  ],',
        f'  "roles": {json.dumps(list(ROLES))},',
    ]
    lines.append('  "urls": {')
    items = sorted(rows.items())
    for i, (key, row) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        lines.append(f"    {json.dumps(key)}: {json.dumps(row)}{comma}")
    lines += ["  }", "}", ""]
    return "\n".join(lines)


def update_table(
    *, role: str | None = None, observed: dict[str, str] | None = None, keep: set[str] | None = None
):
    """Rewrite the table (under a lock, as parallel workers may write their roles at once): set one
    role's column from `observed`, and/or keep only the keys in `keep`."""
    TABLE.touch()
    with open(TABLE, "r+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        text = handle.read()
        rows = json.loads(text)["urls"] if text.strip() else {}
        if keep is not None:
            rows = {key: row for key, row in rows.items() if key in keep}
        if role is not None:
            for key, outcome in observed.items():
                row = rows.get(key, {})
                full = {r: expected_outcome(row, r) for r in ROLES if row}
                full[role] = outcome
                rows[key] = compress(full)
        handle.seek(0)
        handle.truncate()
        handle.write(_dump(rows))


# --------------------------------------------------------------------------------------------------
# Fixtures: one world for the module, rolled back at the end
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        try:
            yield built
        finally:
            transaction.set_rollback(True)
    remove_world_files(built)


@pytest.fixture(scope="module")
def targets(world):
    return build_targets(world)


# --------------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------------


def test_every_url_pattern_has_an_expected_outcome(capsys):
    """(a) a new URL pattern has no entry; (b) an entry's pattern is gone."""
    keys = all_keys()
    with capsys.disabled():
        print(
            f"\naccess matrix: {len(keys)} URLs (patterns and samples) x {len(ROLES)} roles "
            f"= {len(keys) * len(ROLES)} requests"
        )
    if WRITE:
        update_table(keep=set(keys))
        return
    table = load_table()
    missing = sorted(set(keys) - set(table))
    stale = sorted(set(table) - set(keys))
    message = []
    if missing:
        message.append(
            "URL patterns with no expected outcome in tests/portal/access_matrix.json (a new URL needs an "
            "expected outcome for every role). Run\n"
            "    ACCESS_MATRIX_WRITE=1 .venv/bin/pytest tests/portal/test_access_matrix.py\n"
            "then check the new lines of the diff: who gets `ok` must be who should.\n"
            + "\n".join(f"  {key}  (name: {keys[key][0].name}, view: {keys[key][0].view})" for key in missing)
        )
    if stale:
        message.append(
            "Entries in tests/portal/access_matrix.json for URL patterns that no longer exist (remove them, "
            "or regenerate with ACCESS_MATRIX_WRITE=1):\n" + "\n".join(f"  {key}" for key in stale)
        )
    assert not message, "\n\n".join(message)


def test_every_filled_url_reaches_its_own_pattern(targets):
    problems = check_targets_resolve(targets)
    assert not problems, (
        "Filled URLs that do not reach their pattern (fix kwarg_value or REGEX_FILLS):\n"
        + "\n".join(problems)
    )


def test_every_page_type_is_requested(world):
    sampled = {path(world) for path in SAMPLES["wagtail_serve"].values()}
    served = {type(page.specific) for page in vars(world.pages).values() if page.url in sampled}
    missing = [model.__name__ for model in get_page_models() if model is not Page and model not in served]
    assert not missing, (
        f"Page types with no page in the access matrix: {missing}. Add one to tests/portal/access_world.py "
        "and a sample to SAMPLES['wagtail_serve'] in tests/portal/test_access_matrix.py."
    )


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(role, world, targets):
    """(c) every outcome is the table's; (d) nothing answers 5xx."""
    start = time.perf_counter()
    observed, errors = observe_role(world, role, targets)
    print(f"\n{role}: {len(observed)} URLs in {time.perf_counter() - start:.1f}s")
    paths = {target.key: target.path for target in targets}
    failures = []
    unexpected_errors = {key: text for key, text in errors.items() if key not in DELIBERATE_ERRORS}
    if unexpected_errors:
        failures.append(
            f"{len(unexpected_errors)} URLs answered {role} with a server error (5xx: never acceptable):\n"
            + "\n".join(f"  {key}: {text}" for key, text in sorted(unexpected_errors.items()))
        )
    breaches = rule_breaches(role, observed)
    if breaches:
        failures.append(
            f"{len(breaches)} outcomes for {role} break a rule of who may see what (the table cannot "
            "overrule these; see RULES):\n" + "\n".join(breaches)
        )
    if WRITE:
        update_table(role=role, observed=observed)
    else:
        table = load_table()
        differences = [
            f"  {key}: expected {expected_outcome(table[key], role)}, got {outcome}   (GET {paths[key]})"
            for key, outcome in sorted(observed.items())
            if key in table and expected_outcome(table[key], role) != outcome
        ]
        if differences:
            failures.append(
                f"{len(differences)} outcomes for {role} differ from tests/portal/access_matrix.json. If the "
                "change is intended, regenerate the table with ACCESS_MATRIX_WRITE=1 and review the diff:\n"
                + "\n".join(differences)
            )
    assert not failures, "\n\n".join(failures)
