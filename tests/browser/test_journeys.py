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
