"""Fixtures for the Playwright journeys in tests/browser/.

Every test here is marked `browser` (added automatically if a module forgets) and needs
`@pytest.mark.django_db(transaction=True)`: the live server runs in another thread and must see the
test's data. Chromium is Debian's (/usr/bin/chromium); `playwright install` is never used. Without
Chromium or axe-core the tests skip with the reason, unless PORTAL_REQUIRE_BROWSER=1 (CI), when they
fail instead.

Fixtures for any browser test:
- `browser`: one headless Chromium for the session.
- `portal_site`: builds a small portal on the live server (see tests/browser/content.py) and returns
  a `PortalSite` with its pages; the Site is the default site, on the live server's port.
- `page`: a new browser context and page whose `base_url` is the live server, so `page.goto("/")`
  works. CSP is bypassed so that axe-core can be injected. Transitions and CSS animations are off
  in its pages (tests.browser.axe.hold_still_in), so nothing is checked half-drawn. A screenshot goes
  to test-results/ when the test fails, and an uncaught JavaScript error fails the test.
- `no_js_page`: the same, with JavaScript switched off (progressive enhancement checks).
- `axe_check(page, where=None)`: asserts axe-core finds no violations on the page once it has
  settled (loaded, Wagtail's "ready" classes added, no animation still running).
- `sign_in(page, email, password=PASSWORD)`: signs in through the allauth form at /accounts/login/.
Helpers: tests.browser.content.make_user (a verified allauth user), tests.browser.keyboard.tab_to.
The Django cache is cleared before and after every test (a stale Wagtail site-root cache gives 500s).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from django.core.cache import cache

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.axe import AXE_PATH, assert_no_violations, hold_still_in
from tests.browser.content import PASSWORD, build_portal_site

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"
BROWSER_DIR = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark every test under tests/browser/ as `browser`, before `-m` selects tests."""
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).parents and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _missing_requirement() -> str | None:
    if not CHROMIUM.exists():
        return f"Debian's Chromium is not installed at {CHROMIUM} (as root: apt-get install -y chromium)"
    if not AXE_PATH.exists():
        return f"axe-core is not installed at {AXE_PATH} (run: npm ci)"
    return None


@pytest.fixture(scope="session")
def browser():
    missing = _missing_requirement()
    if missing:
        if os.environ.get("PORTAL_REQUIRE_BROWSER") == "1":
            pytest.fail(f"PORTAL_REQUIRE_BROWSER=1, but {missing}", pytrace=False)
        pytest.skip(f"Browser journeys skipped: {missing}")

    # Playwright's sync API runs an event loop in this thread; Django's ORM would refuse to run
    # beside it. The live server and the test share the database only through committed data.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def portal_site(transactional_db, live_server):
    site = build_portal_site(port=int(live_server.url.rsplit(":", 1)[1]))
    cache.clear()
    return site


def _safe_name(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid).strip("_")[:180]


def _open_page(browser, live_server, request, **context_options):
    context = browser.new_context(
        base_url=live_server.url,
        bypass_csp=True,
        locale="en-GB",
        viewport={"width": 1280, "height": 900},
        **context_options,
    )
    context.set_default_timeout(10_000)
    hold_still_in(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    return context, page, errors


def _close_page(request, context, page, errors):
    report = getattr(request.node, "report_call", None)
    try:
        if report is not None and report.failed:
            RESULTS_DIR.mkdir(exist_ok=True)
            path = RESULTS_DIR / f"{_safe_name(request.node.nodeid)}.png"
            page.screenshot(path=str(path), full_page=True)
            print(f"Screenshot of the failure: {path}")
    finally:
        context.close()
    if errors and (report is None or report.passed):
        pytest.fail("Uncaught JavaScript error(s):\n" + "\n".join(errors), pytrace=False)


@pytest.fixture
def page(browser, live_server, transactional_db, request):
    context, page, errors = _open_page(browser, live_server, request)
    yield page
    _close_page(request, context, page, errors)


@pytest.fixture
def no_js_page(browser, live_server, transactional_db, request):
    context, page, errors = _open_page(browser, live_server, request, java_script_enabled=False)
    yield page
    _close_page(request, context, page, errors)


@pytest.fixture
def axe_check():
    return assert_no_violations


@pytest.fixture
def sign_in():
    def _sign_in(page, email: str, password: str = PASSWORD) -> None:
        page.goto("/accounts/login/")
        page.get_by_label(re.compile(r"^\s*email", re.IGNORECASE)).fill(email)
        page.get_by_label(re.compile(r"^\s*password", re.IGNORECASE)).fill(password)
        page.get_by_role("button", name=re.compile(r"^\s*sign in\s*$", re.IGNORECASE)).click()
        page.wait_for_load_state()

    return _sign_in
