"""The header on a 390x844 phone and at 1280x900: compact on the phone (the mark, the name and a Menu
button, then search and "Get help"), the account links and navigation behind the Menu button when
JavaScript runs and always shown when it does not; the mark and favicon; zero axe violations."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# Measured before this header: 281 CSS px at 390 wide, so the home page's first screen held no content.
PHONE_HEADER_MAX = 120


def header_height(page) -> float:
    return page.evaluate("() => document.querySelector('header').getBoundingClientRect().height")


def test_on_a_phone_the_header_is_compact_and_the_first_screen_shows_content(page, portal_site, axe_check):
    page.set_viewport_size(PHONE)
    page.goto("/")
    header = page.get_by_role("banner")

    assert header_height(page) <= PHONE_HEADER_MAX
    # The home page's heading and the start of its text are on the first screen.
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_be_in_viewport()
    assert heading.bounding_box()["y"] < 844 / 2
    expect(header.get_by_role("link", name="Society of Radiographers Return to Practice")).to_be_visible()
    expect(header.get_by_role("searchbox", name="Search this site")).to_be_visible()
    expect(header.get_by_role("link", name="Get help")).to_be_visible()
    menu = header.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(header.get_by_role("link", name="Sign in")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Menu").get_by_role("link", name="News")).to_be_hidden()
    axe_check(page, where="home page at 390 wide, menu closed")

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    nav = page.get_by_role("navigation", name="Menu")
    for name in ("Returning to practice", "International recruitment", "Managers", "Case studies", "News"):
        expect(nav.get_by_role("link", name=name)).to_be_visible()
    expect(header.get_by_role("link", name="Sign in")).to_be_visible()
    axe_check(page, where="home page at 390 wide, menu open")

    nav.get_by_role("link", name="Managers").focus()
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()
    expect(nav.get_by_role("link", name="Managers")).to_be_hidden()


def test_the_menu_works_from_the_keyboard(page, portal_site):
    page.set_viewport_size(PHONE)
    page.goto("/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the home link (mark and name)
    expect(page.get_by_role("link", name="Society of Radiographers Return to Practice")).to_be_focused()
    page.keyboard.press("Tab")
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_focused()
    page.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    expect(page.get_by_role("banner").get_by_role("link", name="Get help")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("searchbox", name="Search this site")).to_be_focused()
    # What comes before on the screen comes before for the keyboard: help is left of search.
    help_box = page.get_by_role("banner").get_by_role("link", name="Get help").bounding_box()
    search_box = page.get_by_role("searchbox", name="Search this site").bounding_box()
    assert help_box["x"] < search_box["x"]


def test_without_javascript_the_phone_header_lists_everything(no_js_page, portal_site, axe_check):
    page = no_js_page
    page.set_viewport_size(PHONE)
    page.goto("/")
    expect(page.get_by_role("button", name="Menu")).to_have_count(0)  # hidden: no script to drive it
    nav = page.get_by_role("navigation", name="Menu")
    for name in ("Returning to practice", "Pathway finder", "News"):
        expect(nav.get_by_role("link", name=name)).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()


def test_at_desktop_width_everything_shows_and_the_mark_has_a_favicon(page, portal_site, axe_check):
    page.goto("/")
    header = page.get_by_role("banner")
    expect(header.get_by_role("button", name="Menu")).to_be_hidden()
    expect(header.get_by_role("link", name="Sign in")).to_be_visible()
    expect(page.get_by_role("navigation", name="Menu").get_by_role("link", name="News")).to_be_visible()
    expect(header.get_by_role("link", name="Get help from an adviser")).to_be_visible()
    expect(header.locator(".sor-header__mark")).to_be_visible()
    axe_check(page, where="home page at 1280 wide")

    for rel in ("icon", "apple-touch-icon"):
        for href in page.locator(f'link[rel="{rel}"]').evaluate_all("links => links.map(l => l.href)"):
            response = page.request.get(href)
            assert response.status == 200, href
            assert response.headers["content-type"].startswith("image/"), href
    response = page.request.get("/favicon.ico")
    assert response.status == 200
    assert response.headers["content-type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
