"""Shared fixtures and helpers for the portal's tests.

The browser journeys (tests/browser/) import from here too, so the names below are stable.

Fixtures
--------
clear_cache (autouse)
    Empties the Django cache before and after every test (Wagtail caches site root paths and
    renditions; allauth keeps its rate-limit counters there).
taxonomy
    A ``SimpleNamespace`` of taxonomy snippets made with the cms factories:
    pathways ``rtp`` (slug ``return-to-practice``) and ``ir`` (``international-recruitment``);
    nations ``england``, ``scotland``, ``wales``, ``northern_ireland``;
    audiences ``returnee``, ``recruit`` (``international-recruit``), ``manager``, ``educator``;
    topics ``hcpc`` (``hcpc-registration``), ``visas``, ``funding``, ``supervision``.
site
    The default ``Site``, rooted at ``home_page``.
home_page
    The ``HomePage`` at ``/``: Wagtail's welcome page (made by its migrations) is deleted first and
    the default Site is pointed at the new home page.
rtp_hub, ir_hub
    ``HubPage`` at ``/returning-to-practice/`` and ``/international-recruitment/``.
library
    ``ResourceLibraryPage`` (the managers' hub) at ``/managers/``.
news_index
    ``NewsIndexPage`` at ``/news/``.
case_study_index
    ``CaseStudyIndexPage`` at ``/case-studies/``.
user, manager_user, editor_user, moderator_user
    Active users, each with a verified primary email address (allauth) and the password
    ``PASSWORD``: no group; the Managers group; Wagtail's Editors group; Wagtail's Moderators group.
    Editors and moderators have a TOTP authenticator (staff must use MFA to reach /admin/), so
    ``mfa_login(client, editor_user)`` reaches the admin; ``totp_code(user)`` gives the current code.
make_user
    ``make_user(email, *groups, verified=True, totp=False)`` for any other user.

Helpers (plain functions, import them: ``from tests.conftest import visible_text``)
-----------------------------------------------------------------------------------
``make_image(title)`` a real image in the root collection;
``totp_code(user)`` the user's current TOTP code (for signing in through allauth's 2FA step);
``mfa_login(client, user)`` a staff sign-in with its second factor recorded in the session;
``publish(page)`` publishes a page through a revision (sets first_published_at as the admin does);
``visible_text(response_or_html)`` the page's text with tags removed and whitespace collapsed;
``soup(response_or_html)`` a BeautifulSoup tree; ``link_hrefs(response, text=None)`` the hrefs of links;
``field_error_text(response, name)`` the text of the elements a field's ``aria-describedby`` points at;
``error_summary_text(response)`` the text of links that point at fields (``href="#id"``);
``headings(response, "h2")`` the text of each heading of a level;
``human_dates(day)`` / ``assert_labelled_date(text, label, day)`` dates as a reader sees them ("3 March 2026");
``demo_seeded(django_db_blocker, tmp_path_factory)`` the whole demo (``seed_demo``) for a module-scoped fixture.
Constants: ``PASSWORD`` (every fixture user's password), ``SITE_NAME``.
"""

from __future__ import annotations

import contextlib
import re
import time
from io import StringIO
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from wagtail.models import Collection, Page, Site

import pytest
import wagtail_factories
from allauth.account.models import EmailAddress
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from bs4 import BeautifulSoup

from casestudies.factories import CaseStudyIndexPageFactory
from cms.factories import (
    AudienceFactory,
    HomePageFactory,
    HubPageFactory,
    NationFactory,
    NewsIndexPageFactory,
    PathwayFactory,
    ResourceLibraryPageFactory,
    TopicFactory,
)

PASSWORD = "Radiograph-Return-2026!"
SITE_NAME = "SoR Return to Practice and International Recruitment"


# --------------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def demo_seeded(django_db_blocker, tmp_path_factory):
    """The whole demo, seeded by ``seed_demo`` (DEBUG on, its media in a temporary folder) inside a
    transaction rolled back at the end; yields what the command printed. For module-scoped fixtures of
    tests that read the demo as readers meet it (seeding takes seconds, so once per module)."""
    media = tmp_path_factory.mktemp("seed-demo-media")
    with django_db_blocker.unblock(), override_settings(DEBUG=True, MEDIA_ROOT=str(media)):
        with transaction.atomic():
            cache.clear()
            output = StringIO()
            call_command("seed_demo", stdout=output)
            try:
                yield output.getvalue()
            finally:
                transaction.set_rollback(True)
    cache.clear()


def _html(response_or_html) -> str:
    if isinstance(response_or_html, str):
        return response_or_html
    return response_or_html.content.decode()


def soup(response_or_html) -> BeautifulSoup:
    return BeautifulSoup(_html(response_or_html), "html.parser")


def visible_text(response_or_html) -> str:
    """What a reader sees: text outside script/style/template, whitespace collapsed to single spaces."""
    tree = soup(response_or_html)
    for hidden in tree(["script", "style", "template", "head"]):
        hidden.decompose()
    return re.sub(r"\s+", " ", tree.get_text(" ")).strip()


def link_hrefs(response_or_html, text: str | None = None) -> list[str]:
    """The hrefs of links on the page, optionally only those whose text contains ``text``."""
    links = soup(response_or_html).find_all("a", href=True)
    if text is not None:
        links = [a for a in links if text in re.sub(r"\s+", " ", a.get_text(" "))]
    return [a["href"] for a in links]


def field_error_text(response_or_html, name: str) -> str:
    """Text of the elements a form field's aria-describedby names: how its error reaches the reader."""
    tree = soup(response_or_html)
    field = tree.find(["input", "select", "textarea"], attrs={"name": name})
    assert field is not None, f"no form field named {name!r} on the page"
    texts = []
    for element_id in (field.get("aria-describedby") or "").split():
        element = tree.find(id=element_id)
        if element is not None:
            texts.append(element.get_text(" "))
    return re.sub(r"\s+", " ", " ".join(texts)).strip()


def error_summary_text(response_or_html) -> str:
    """Text of links that jump to a form field (an error summary's links)."""
    tree = soup(response_or_html)
    parts = []
    for link in tree.find_all("a", href=re.compile(r"^#.")):
        target = tree.find(id=link["href"][1:])
        if target is not None and target.name in ("input", "select", "textarea", "fieldset", "div"):
            parts.append(link.get_text(" "))
    return re.sub(r"\s+", " ", " ".join(parts)).strip()


def human_dates(day) -> list[str]:
    """The ways a page may show a date to a reader: '3 March 2026' (GOV.UK/NHS style) or '3 Mar 2026'."""
    return [f"{day.day} {day:%B %Y}", f"{day.day} {day:%b %Y}"]


def assert_labelled_date(text: str, label: str, day) -> None:
    """Assert that ``label`` appears in ``text`` and is followed closely by ``day`` in human form."""
    position = text.find(label)
    assert position != -1, f"{label!r} not shown on the page"
    window = text[position + len(label) : position + len(label) + 40]
    assert any(variant in window for variant in human_dates(day)), (
        f"{label!r} is not followed by {human_dates(day)[0]!r}: {window!r}"
    )


def headings(response_or_html, level: str = "h1") -> list[str]:
    return [re.sub(r"\s+", " ", h.get_text(" ")).strip() for h in soup(response_or_html).find_all(level)]


def make_image(title: str = "Photo"):
    """A small real image in the root collection (wagtail-factories would make a new root collection)."""
    return wagtail_factories.ImageFactory(title=title, collection=Collection.get_first_root_node())


def totp_code(user) -> str:
    """The code an authenticator app would show now for this user's TOTP authenticator."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = get_mfa_adapter().decrypt(authenticator.data["secret"])
    if time.time() % 30 > 28:
        # Too close to the end of the 30-second window: the code could expire before it is checked.
        time.sleep(30 - time.time() % 30 + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def mfa_login(client, user):
    """Sign a staff member in as allauth's door does after password and authenticator code: the
    session holds a `password` and an `mfa` authentication record (what `staff_access` checks).
    ``client.force_login`` alone is a password-less, factor-less session that staff pages refuse.
    ``test_staff_mfa.test_a_real_sign_in_leaves_the_same_records`` checks this against the real flow."""
    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )

    client.force_login(user)
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": user.email},
        *(
            [{"method": "mfa", "at": now, "id": authenticator.pk, "type": authenticator.type}]
            if authenticator
            else []
        ),
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()
    return client


def publish(page):
    """Publish through a revision, as the admin does (sets first_published_at and last_published_at)."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


# --------------------------------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------------------------------


@pytest.fixture
def production_settings(monkeypatch):
    """portal.settings.production as a deployment loads it, inside the test process: the module is
    read afresh over base settings given the hosts and the strong key it refuses to load without."""
    import importlib
    import secrets
    import sys

    import portal.settings.base as base

    monkeypatch.setattr(base, "SECRET_KEY", secrets.token_urlsafe(64))
    monkeypatch.setattr(base, "ALLOWED_HOSTS", ["example.org"])
    sys.modules.pop("portal.settings.production", None)
    yield importlib.import_module("portal.settings.production")
    sys.modules.pop("portal.settings.production", None)


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def taxonomy(db):
    return SimpleNamespace(
        rtp=PathwayFactory(
            name="Return to practice", slug="return-to-practice", short_name="RtP", sort_order=1
        ),
        ir=PathwayFactory(
            name="International recruitment", slug="international-recruitment", short_name="IR", sort_order=2
        ),
        england=NationFactory(name="England", slug="england", holiday_subdivision="ENG", sort_order=1),
        scotland=NationFactory(name="Scotland", slug="scotland", holiday_subdivision="SCT", sort_order=2),
        wales=NationFactory(name="Wales", slug="wales", holiday_subdivision="WLS", sort_order=3),
        northern_ireland=NationFactory(
            name="Northern Ireland", slug="northern-ireland", holiday_subdivision="NIR", sort_order=4
        ),
        returnee=AudienceFactory(name="Returnee", slug="returnee", sort_order=1),
        recruit=AudienceFactory(name="International recruit", slug="international-recruit", sort_order=2),
        manager=AudienceFactory(name="Manager", slug="manager", sort_order=3),
        educator=AudienceFactory(name="Educator", slug="educator", sort_order=4),
        hcpc=TopicFactory(name="HCPC registration", slug="hcpc-registration"),
        visas=TopicFactory(name="Visas", slug="visas"),
        funding=TopicFactory(name="Funding", slug="funding"),
        supervision=TopicFactory(name="Supervised practice", slug="supervised-practice"),
    )


@pytest.fixture
def home_page(db):
    root = Page.get_first_root_node()
    # Wagtail's migrations make a "Welcome to your new Wagtail site!" page and a Site rooted at it;
    # deleting the page deletes that Site too (Site.root_page cascades).
    for child in root.get_children():
        child.delete()
    Site.objects.all().delete()
    home = HomePageFactory(parent=root)
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=SITE_NAME
    )
    cache.clear()
    return home


@pytest.fixture
def site(home_page):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def rtp_hub(home_page, taxonomy):
    return HubPageFactory(
        parent=home_page,
        title="Returning to practice",
        slug="returning-to-practice",
        pathway=taxonomy.rtp,
        audience=taxonomy.returnee,
        introduction="Come back to radiography after time away: what HCPC asks of you and who can help.",
    )


@pytest.fixture
def ir_hub(home_page, taxonomy):
    return HubPageFactory(
        parent=home_page,
        title="International recruitment",
        slug="international-recruitment",
        pathway=taxonomy.ir,
        audience=taxonomy.recruit,
        introduction="Trained outside the UK? The steps from English test to your first day.",
    )


@pytest.fixture
def library(home_page, taxonomy):
    return ResourceLibraryPageFactory(
        parent=home_page,
        title="Managers",
        slug="managers",
        audience=taxonomy.manager,
        introduction="Resources for managers who support returners and international recruits.",
    )


@pytest.fixture
def news_index(home_page):
    return NewsIndexPageFactory(parent=home_page, title="News", slug="news")


@pytest.fixture
def case_study_index(home_page):
    return CaseStudyIndexPageFactory(parent=home_page, title="Case studies", slug="case-studies")


@pytest.fixture
def make_user(db):
    def make(email: str, *group_names: str, verified: bool = True, totp: bool = False, **extra):
        user = get_user_model().objects.create_user(email=email, password=PASSWORD, **extra)
        EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
        for name in group_names:
            group, _ = Group.objects.get_or_create(name=name)
            user.groups.add(group)
        if totp:
            TOTP.activate(user, generate_totp_secret())
        return user

    return make


@pytest.fixture
def user(make_user):
    return make_user("returner@example.com", first_name="Ada", last_name="Returner")


@pytest.fixture
def manager_user(make_user):
    return make_user("manager@example.com", "Managers", first_name="Mo", last_name="Manager")


@pytest.fixture
def editor_user(make_user):
    return make_user("editor@example.com", "Editors", totp=True, first_name="Ed", last_name="Editor")


@pytest.fixture
def moderator_user(make_user):
    return make_user(
        "moderator@example.com", "Moderators", totp=True, first_name="Mia", last_name="Moderator"
    )


# --------------------------------------------------------------------------------------------------
# Test database lifecycle
# --------------------------------------------------------------------------------------------------


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


def pytest_collection_finish(session):
    """Use a throwaway test database when transactional tests will run.

    A transactional test (every browser journey) empties the database when it ends, removing what
    Wagtail's data migrations made: a database kept by --reuse-db would then be broken for the next
    run. So such a run creates a fresh test database and drops it at the end.
    """
    config = session.config
    if config.getvalue("reuse_db") and any(_is_transactional(item) for item in session.items):
        config.option.reuse_db = False
        config.option.create_db = True
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(
                "Transactional tests selected: using a fresh test database, dropped after the run."
            )
