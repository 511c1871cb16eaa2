"""Every public page type, the search page, the 404 page and the account pages pass axe-core; the skip
link is the first thing a keyboard user reaches and takes them to the main content."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import axe_violations, describe_violations
from tests.browser.keyboard import focused_description

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pages_to_check(site):
    """(what, address, expected status) for every page type and the states a reader meets."""
    return [
        ("home page", "/", 200),
        ("hub page", site.rtp_hub.url, 200),
        ("guidance page", site.hcpc_updating.url, 200),
        ("guidance page (recruits)", site.english_language.url, 200),
        ("standard page", site.about.url, 200),
        ("news index", site.news_index.url, 200),
        ("news index filtered by topic", f"{site.news_index.url}?topic=hcpc-registration", 200),
        ("news item", site.news_item.url, 200),
        ("case study index", site.case_study_index.url, 200),
        (
            "case study index with filters",
            f"{site.case_study_index.url}?pathway=international-recruitment&nation=scotland",
            200,
        ),
        ("case study index with no results", f"{site.case_study_index.url}?q=zzzzqqq", 200),
        ("case study index with an invalid filter", f"{site.case_study_index.url}?pathway=nope", 200),
        ("case study page", site.rtp_case_study.url, 200),
        ("managers' library", site.library.url, 200),
        (
            "managers' library with filters",
            f"{site.library.url}?resource_type=e-learning&audience=international-recruit",
            200,
        ),
        ("managers' library with an invalid filter", f"{site.library.url}?resource_type=nope", 200),
        ("search page", "/search/", 200),
        ("search results", "/search/?q=HCPC", 200),
        ("search with no results", "/search/?q=zzzzqqq", 200),
        ("404 page", "/no-such-page/", 404),
        ("sign-in page", "/accounts/login/", 200),
        ("sign-up page", "/accounts/signup/", 200),
        ("password reset page", "/accounts/password/reset/", 200),
    ]


def test_every_page_type_has_no_axe_violations(page, portal_site):
    failures = []
    for what, address, status in _pages_to_check(portal_site):
        response = page.goto(address)
        assert response is not None and response.status == status, f"{what} ({address}): {response.status}"
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        violations = axe_violations(page)
        if violations:
            failures.append(describe_violations(violations, where=f"{what} ({address})"))
    assert not failures, "\n\n".join(failures)


def test_search_finds_the_guidance_page_and_the_404_page_helps(page, portal_site, axe_check):
    page.goto("/")
    search_box = page.locator('header form[action="/search/"] input[name="q"]')
    search_box.fill("HCPC updating")
    search_box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?(.*&)?q=HCPC\+updating"))
    results = page.locator("#maincontent")
    expect(results.get_by_role("link", name="The HCPC updating requirement")).to_be_visible()
    axe_check(page, where="search results")

    response = page.goto("/returning-to-practice/no-such-guidance/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # A way on from the dead end: the search box and the sections.
    expect(page.locator('#maincontent form[action="/search/"]')).to_have_count(1)
    expect(page.locator("#maincontent").get_by_role("link", name="Returning to practice")).to_be_visible()
    axe_check(page, where="404 page")


def test_form_errors_on_the_sign_in_page_are_accessible(page, portal_site, axe_check):
    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^\s*email", re.IGNORECASE)).fill("nobody@example.org")
    page.get_by_label(re.compile(r"^\s*password", re.IGNORECASE)).fill("not-the-password")
    page.get_by_role("button", name=re.compile(r"^\s*sign in\s*$", re.IGNORECASE)).click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("#maincontent")).to_contain_text(re.compile("not correct|incorrect", re.IGNORECASE))
    axe_check(page, where="sign-in page with errors")


def test_skip_link_is_the_first_tab_stop_and_moves_to_the_main_content(page, portal_site):
    page.goto(portal_site.hcpc_updating.url)

    page.keyboard.press("Tab")
    skip_link = page.locator('a[href="#maincontent"]').first
    assert skip_link.evaluate("el => el === document.activeElement"), (
        f"the first Tab stop is {focused_description(page)}, not the skip link"
    )
    expect(skip_link).to_be_visible()  # visible when focused (WCAG 2.4.7, 2.4.11)

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#maincontent$"))
    main = page.locator("#maincontent")
    expect(main).to_be_in_viewport()

    # The next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert main.evaluate("main => main.contains(document.activeElement)"), (
        f"after the skip link, Tab went to {focused_description(page)}"
    )
