"""The public journeys of the issue, walked in Chromium, with axe-core on every page they pass.

- A returnee finds the HCPC updating requirement from the home page in three clicks or fewer.
- A recruit finds the English language rules (home → International recruitment → English language).
- A manager filters the library to e-learning for international recruits, with the mouse, with the
  keyboard only, and with JavaScript switched off; the address keeps the filters.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.keyboard import focused_description, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_CLICKS = 3


def test_returnee_finds_the_hcpc_updating_requirement_from_home_in_three_clicks(page, portal_site, axe_check):
    clicks = 0
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe_check(page, where="home page")

    page.get_by_role("link", name="Returning to practice", exact=True).first.click()
    clicks += 1
    expect(page).to_have_url(re.compile(r"/returning-to-practice/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Returning to practice")
    axe_check(page, where="the Returning to practice hub")

    page.get_by_role("link", name="The HCPC updating requirement", exact=True).first.click()
    clicks += 1
    expect(page).to_have_url(re.compile(r"/returning-to-practice/hcpc-updating-requirement/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("The HCPC updating requirement")
    main = page.locator("#maincontent")
    expect(main).to_contain_text("30 days")
    expect(main).to_contain_text("60 days")
    axe_check(page, where="the HCPC updating requirement page")

    assert clicks <= MAX_CLICKS


def test_recruit_finds_the_english_language_rules_from_home(page, portal_site, axe_check):
    page.goto("/")
    axe_check(page, where="home page")

    page.get_by_role("link", name="International recruitment", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/international-recruitment/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("International recruitment")
    axe_check(page, where="the International recruitment hub")

    page.get_by_role("link", name="English language requirements", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/international-recruitment/english-language/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("English language requirements")
    main = page.locator("#maincontent")
    expect(main).to_contain_text("7.0 overall")
    expect(main).to_contain_text("no element below 6.5")
    axe_check(page, where="the English language page")


# --------------------------------------------------------------------------------------------------
# The managers' library
# --------------------------------------------------------------------------------------------------


def _elearning_checkbox(page):
    return page.get_by_role("checkbox", name="E-learning", exact=True)


def _recruit_checkbox(page):
    return page.get_by_role("checkbox", name="International recruit", exact=True)


def _apply_button(page):
    return page.get_by_role("button", name=re.compile(r"^\s*apply", re.IGNORECASE))


def _assert_library_shows_everything(page, site):
    main = page.locator("#maincontent")
    for resource in site.elearning_for_recruits + site.other_resources:
        expect(main).to_contain_text(resource.title)


def _assert_library_narrowed_to_elearning_for_recruits(page, site):
    # With JavaScript the filters also update in place and rewrite the address as each box is ticked;
    # wait for the address that holds both filters, then for the page to settle.
    page.wait_for_url(
        lambda url: "resource_type=e-learning" in url and "audience=international-recruit" in url
    )
    page.wait_for_load_state()
    query = parse_qs(urlsplit(page.url).query)
    assert query.get("resource_type") == ["e-learning"], page.url
    assert query.get("audience") == ["international-recruit"], page.url

    main = page.locator("#maincontent")
    for resource in site.elearning_for_recruits:
        expect(main).to_contain_text(resource.title)
    for resource in site.other_resources:
        expect(main).not_to_contain_text(resource.title)
    # The form remembers what was chosen, so the reader can see and change it.
    expect(_elearning_checkbox(page)).to_be_checked()
    expect(_recruit_checkbox(page)).to_be_checked()


def test_manager_filters_the_library_to_elearning_for_international_recruits(page, portal_site, axe_check):
    page.goto("/managers/")
    _assert_library_shows_everything(page, portal_site)
    axe_check(page, where="the managers' library")

    _elearning_checkbox(page).check()
    _recruit_checkbox(page).check()
    _apply_button(page).click()

    _assert_library_narrowed_to_elearning_for_recruits(page, portal_site)
    axe_check(page, where="the filtered managers' library")

    # The filtered address can be bookmarked or shared: loading it again gives the same result.
    page.goto(page.url)
    _assert_library_narrowed_to_elearning_for_recruits(page, portal_site)


def test_manager_filters_the_library_with_the_keyboard_only(page, portal_site, axe_check):
    page.goto("/managers/")

    tab_to(page, _elearning_checkbox(page))
    page.keyboard.press("Space")
    tab_to(page, _recruit_checkbox(page))
    page.keyboard.press("Space")
    tab_to(page, _apply_button(page))
    assert "apply" in focused_description(page).lower()
    page.keyboard.press("Enter")

    _assert_library_narrowed_to_elearning_for_recruits(page, portal_site)
    axe_check(page, where="the managers' library filtered by keyboard")


def test_manager_filters_the_library_without_javascript(no_js_page, portal_site):
    page = no_js_page
    page.goto("/managers/")
    _assert_library_shows_everything(page, portal_site)

    _elearning_checkbox(page).check()
    _recruit_checkbox(page).check()
    _apply_button(page).click()

    _assert_library_narrowed_to_elearning_for_recruits(page, portal_site)


# On a 390x844 phone the filters start collapsed under a one-line summary, and the count stays in view.

PHONE = {"width": 390, "height": 844}


def _filters_summary(page):
    return page.locator(".sor-filter-panel__summary")


def _count(page):
    return page.locator("[data-result-count]")


def _in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    viewport = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]


def test_on_a_phone_the_library_filters_start_collapsed_with_the_count_on_the_first_screen(
    page, portal_site, axe_check
):
    page.set_viewport_size(PHONE)
    page.goto("/managers/")

    expect(_elearning_checkbox(page)).to_be_hidden()
    expect(_filters_summary(page)).to_be_visible()
    expect(_count(page)).to_have_attribute("role", "status")
    assert _in_viewport(page, _count(page)), "the result count is not on the first screen"
    axe_check(page, where="the managers' library on a phone, filters collapsed")

    _filters_summary(page).click()
    expect(_elearning_checkbox(page)).to_be_visible()
    _elearning_checkbox(page).check()
    _recruit_checkbox(page).check()

    _assert_library_narrowed_to_elearning_for_recruits(page, portal_site)
    expect(_count(page)).to_contain_text("2 filters applied")
    expect(page.locator("[data-filters-applied]")).to_have_text("(2 applied)")
    # The open panel is taller than the screen: the count is stuck to the bottom of the viewport.
    _recruit_checkbox(page).scroll_into_view_if_needed()
    assert _in_viewport(page, _count(page)), "the updated count is off screen while filtering"
    axe_check(page, where="the managers' library on a phone, filters open and applied")

    # Reloading the filtered address on a phone: collapsed again, with the filters summarised.
    page.goto(page.url)
    expect(_elearning_checkbox(page)).to_be_hidden()
    expect(_filters_summary(page)).to_contain_text("Filters (2 applied)")
    expect(_count(page)).to_contain_text("2 filters applied")


def test_on_a_phone_the_filters_open_and_close_with_the_keyboard(page, portal_site):
    page.set_viewport_size(PHONE)
    page.goto("/managers/")

    tab_to(page, _filters_summary(page))
    page.keyboard.press("Enter")
    expect(_elearning_checkbox(page)).to_be_visible()
    page.keyboard.press("Enter")
    expect(_elearning_checkbox(page)).to_be_hidden()


def test_on_a_wide_screen_the_filters_are_open_and_ticking_a_box_never_moves_the_next_one(page, portal_site):
    page.goto("/managers/")
    expect(_elearning_checkbox(page)).to_be_visible()

    def top_in_document():
        return _recruit_checkbox(page).evaluate("box => box.getBoundingClientRect().top + window.scrollY")

    before = top_in_document()
    _elearning_checkbox(page).check()
    page.wait_for_url(lambda url: "resource_type=e-learning" in url)
    expect(page.locator("[data-filters-applied]")).to_have_text("(1 applied)")
    expect(_count(page)).to_contain_text("1 filter applied")
    assert top_in_document() == before


def test_without_javascript_a_phone_shows_the_filters_open_and_they_still_collapse(no_js_page, portal_site):
    page = no_js_page
    page.set_viewport_size(PHONE)
    page.goto("/managers/")

    expect(_elearning_checkbox(page)).to_be_visible()
    _filters_summary(page).click()
    expect(_elearning_checkbox(page)).to_be_hidden()
    _filters_summary(page).click()
    _elearning_checkbox(page).check()
    _recruit_checkbox(page).check()
    _apply_button(page).click()
    _assert_library_narrowed_to_elearning_for_recruits(page, portal_site)
