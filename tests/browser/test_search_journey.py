"""Site search as a returnee meets it, at 1280x900 and on a 390x844 phone: a misspelt word offers
"Did you mean readmission?", the link searches for it and finds the HCPC fees news; axe on each page."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "size", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}], ids=["desktop", "phone"]
)
def test_a_misspelling_is_offered_the_right_word_and_the_link_finds_the_page(
    page, portal_site, axe_check, size
):
    page.set_viewport_size(size)
    page.goto("/search/")
    page.get_by_label("Search guidance, case studies, news and resources").fill("readmision")
    page.locator("#maincontent").get_by_role("button", name="Search", exact=True).click()

    main = page.locator("#maincontent")
    expect(main).to_contain_text("No results found")
    suggestion = page.get_by_role("link", name="readmission", exact=True)
    expect(suggestion).to_be_visible()
    expect(page.locator(".sor-search-suggestion")).to_have_text("Did you mean readmission?")
    axe_check(page, where=f"search with a suggestion ({size['width']}px)")

    suggestion.click()
    page.wait_for_url("**/search/?q=readmission")
    expect(page.locator("[role=status]").first).not_to_contain_text("0 pages")
    expect(main).not_to_contain_text("Did you mean")
    expect(page.locator(".sor-search-result").first).to_be_visible()
    axe_check(page, where=f"search results for the suggestion ({size['width']}px)")


def test_hostile_markup_in_a_search_is_shown_as_text(page, portal_site, axe_check):
    page.goto("/search/?q=%3Cimg+src%3Dx+onerror%3Dalert(1)%3Ereadmision")

    expect(page.locator("#maincontent img[src=x]")).to_have_count(0)
    expect(page.locator("#maincontent")).to_contain_text("<img src=x onerror=alert(1)>readmision")
    axe_check(page, where="search with markup in the query")
