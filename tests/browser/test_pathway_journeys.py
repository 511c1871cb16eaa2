"""Browser journeys through the pathway finder, the saved plan and the updating log, with axe-core on
every page they pass.

1. A returnee, six years out of practice, who will work in Wales (JavaScript on): questions, check
   your answers, plan (60 days, the Wales bursary), ticking a step in place, signing in to save (saved at
   once), signing out and in again, and the updating log (started from the plan's date) with an error, an
   activity and the printable summary.
2. A recruit living in a red-list country, going to Scotland (JavaScript off): the same questions with
   the country lists, a mistake corrected, and a plan that explains the red list and direct applications.
"""

from __future__ import annotations

import datetime
import re

from django.utils import timezone

import pytest

from pathways import rules
from pathways.demo import seed_pathways
from tests.browser.content import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def finder_site(portal_site, settings):
    settings.ROOT_URLCONF = "tests.pathways.urls"
    seed_pathways()
    return portal_site


def continue_(page):
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def fill_date(page, prefix: str, day: datetime.date) -> None:
    page.locator(f"#id_{prefix}").fill(str(day.day))
    page.locator(f"#id_{prefix}_month").fill(str(day.month))
    page.locator(f"#id_{prefix}_year").fill(str(day.year))


def sign_in_here(page, email: str) -> None:
    """Fill the allauth sign-in form on the current page (keeping its ?next=)."""
    page.get_by_label(re.compile(r"^\s*email", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile(r"^\s*password", re.IGNORECASE)).fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^\s*sign in\s*$", re.IGNORECASE)).click()
    page.wait_for_load_state()


def test_returnee_six_years_out_who_will_work_in_wales(finder_site, page, axe_check):
    make_user("rhian@example.com", first_name="Rhian", last_name="Evans")
    last_practised = rules.add_years(timezone.localdate(), -6)

    page.goto("/pathway-finder/")
    axe_check(page, where="finder start page")
    page.get_by_role("link", name="Start now").click()

    # 1. Nation: first a mistake, then the answer.
    continue_(page)
    assert page.locator(".nhsuk-error-summary").is_visible()
    assert page.title().startswith("Error:")
    axe_check(page, where="nation question with an error")
    page.get_by_label("Wales").check()
    continue_(page)

    # 2. Where they qualified.
    axe_check(page, where="qualification question")
    page.get_by_label("In the UK").check()
    continue_(page)

    # 3. Registration: the date box appears under "Yes" (JavaScript reveals it).
    axe_check(page, where="registration question")
    page.get_by_label("Yes, I have been registered with HCPC").check()
    assert page.locator("#id_last_practised").is_visible()
    fill_date(page, "last_practised", last_practised)
    continue_(page)

    axe_check(page, where="profession question")
    page.get_by_label("Diagnostic radiography").check()
    continue_(page)
    axe_check(page, where="practised abroad question")
    page.get_by_label("No").check()
    continue_(page)
    axe_check(page, where="job offer question")
    page.get_by_label("No").check()
    continue_(page)

    # Check your answers, then the plan.
    assert page.get_by_role("heading", name="Check your answers").is_visible()
    axe_check(page, where="check your answers")
    page.get_by_role("button", name="See my plan").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="60 days of updating").is_visible()
    body = page.locator("main").inner_text()
    assert "420 hours" in body
    assert "Agree HEIW bursary funding before you start" in body
    assert "Register your interest with the NHS England" not in body
    assert "Funding and support for returners in Wales" in body
    axe_check(page, where="plan (session)")

    # Tick the first step: JavaScript updates the plan in place.
    first_step = page.locator(".sor-plan-step").first
    first_step.get_by_role("button", name=re.compile("Mark as done")).click()
    page.wait_for_selector(".sor-plan-step--done")
    assert re.match(r"1 of \d+ steps done", page.locator("label[for=plan-progress]").inner_text())
    axe_check(page, where="plan after ticking a step")

    # Save it to an account: sign in, and it is saved at once (issue 14: no second "Save my plan").
    page.get_by_role("button", name="Sign in to save this plan").first.click()
    page.wait_for_load_state()
    axe_check(page, where="sign-in page")
    sign_in_here(page, "rhian@example.com")
    assert page.url.endswith("/my-plan/")
    assert "your plan is saved to your account" in page.locator("main").inner_text()
    assert page.get_by_role("heading", name="Your saved plan").is_visible()
    assert page.locator(".sor-plan-step--done").count() == 1
    axe_check(page, where="saved plan")

    # Sign out and in again: the plan and its tick are still there.
    page.get_by_role("button", name=re.compile(r"sign out", re.IGNORECASE)).first.click()
    page.wait_for_load_state()
    if page.get_by_role("button", name=re.compile(r"^\s*sign out\s*$", re.IGNORECASE)).count():
        page.get_by_role("button", name=re.compile(r"^\s*sign out\s*$", re.IGNORECASE)).first.click()
        page.wait_for_load_state()
    page.goto("/my-plan/")
    assert "/accounts/login/" in page.url
    sign_in_here(page, "rhian@example.com")
    assert page.url.endswith("/my-plan/")
    assert page.locator(".sor-plan-step--done").count() == 1
    assert "Agree HEIW bursary funding before you start" in page.locator("main").inner_text()

    # The updating log starts from the plan's date (no settings page), then a mistake and an activity.
    page.get_by_role("link", name="Your updating log").first.click()
    page.wait_for_load_state()
    assert "Your log starts from the date in your plan" in page.locator("main").inner_text()
    assert "You need 60 days (420 hours) of updating" in page.locator("main").inner_text()
    page.get_by_role("link", name=re.compile("Change your dates")).click()
    page.wait_for_load_state()
    assert page.locator("#id_basis_date_year").input_value() == str(last_practised.year)
    axe_check(page, where="log settings")
    page.get_by_role("button", name=re.compile("Save")).click()
    page.wait_for_load_state()
    axe_check(page, where="empty updating log")

    page.get_by_role("link", name="Add an activity").click()
    page.wait_for_load_state()
    axe_check(page, where="add activity form")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    fill_date(page, "date", yesterday)
    page.get_by_label("Supervised practice").check()
    page.get_by_label("Hours").fill("-7")
    page.get_by_label("What you did").fill("General radiography lists with my supervisor.")
    page.get_by_label("Supervisor's name").fill("Dafydd Morgan")
    page.get_by_label(
        "how many full years had your supervisor been on the relevant part of the HCPC Register?"
    ).fill("2")
    page.get_by_role("button", name="Add to my log").click()
    page.wait_for_load_state()
    assert "Hours must be more than 0" in page.locator(".nhsuk-error-summary").inner_text()
    assert page.get_by_label("What you did").input_value() == "General radiography lists with my supervisor."
    axe_check(page, where="add activity form with an error")
    page.get_by_label("Hours").fill("7.5")
    page.get_by_role("button", name="Add to my log").click()
    page.wait_for_load_state()
    log_text = page.locator("main").inner_text()
    assert "General radiography lists with my supervisor." in log_text
    assert "under 3 years" in log_text
    axe_check(page, where="updating log with an activity and a warning")

    page.get_by_role("link", name="Summary for your HCPC return to practice form").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Supervised practice section").is_visible()
    assert page.get_by_role("button", name="Print this page").is_visible()
    axe_check(page, where="printable summary")


@pytest.fixture
def axe_check_as_served(browser, live_server, axe_check):
    """axe-core needs JavaScript, which the no-JS page has switched off. So the page's HTML, exactly as the
    server sent it, is loaded at the same address in a second page whose own scripts are blocked (the DOM
    stays as a no-JS reader gets it, CSS included), and axe-core runs there."""
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="en-GB")
    checker = context.new_page()
    checker.route("**/*.js", lambda route: route.fulfill(status=200, body="", content_type="text/javascript"))

    def check(page, *, where: str) -> None:
        html = page.content()
        url = page.url
        checker.route(url, lambda route: route.fulfill(status=200, body=html, content_type="text/html"))
        checker.goto(url)
        checker.unroute(url)
        axe_check(checker, where=where)

    yield check
    context.close()


def test_recruit_from_a_red_list_country_going_to_scotland_without_javascript(
    finder_site, no_js_page, axe_check_as_served
):
    page = no_js_page
    axe_check = axe_check_as_served
    page.goto("/pathway-finder/")
    axe_check(page, where="finder start page (no JS)")
    page.get_by_role("link", name="Start now").click()
    page.wait_for_load_state()

    page.get_by_label("Scotland").check()
    continue_(page)

    # Without JavaScript, the country lists show under the options.
    page.get_by_label("Outside the UK").check()
    page.get_by_label("Country where you qualified").select_option("NG")
    continue_(page)
    assert "Choose the country you live in" in page.locator(".nhsuk-error-summary").inner_text()
    axe_check(page, where="qualification question with an error (no JS)")
    page.get_by_label("Country you live in now").select_option("NG")
    continue_(page)

    page.get_by_label("No, never").check()
    page.locator("#id_qualified_on").fill("7")
    page.locator("#id_qualified_on_year").fill("2015")
    axe_check(page, where="registration question (no JS)")
    continue_(page)
    page.get_by_label("Therapeutic radiography").check()
    continue_(page)
    page.get_by_label("Yes").check()
    continue_(page)
    page.get_by_label("No").check()
    continue_(page)

    main = page.locator("main").inner_text()
    assert "Nigeria. You live in Nigeria." in main
    axe_check(page, where="check your answers (no JS)")
    page.get_by_role("button", name="See my plan").click()
    page.wait_for_load_state()

    main = page.locator("main").inner_text()
    assert "You live in Nigeria" in main
    assert "Nigeria is red on the Code of Practice list" in main
    assert "You can still apply directly" in main
    assert "Apply for jobs directly: you live in a red-list country" in main
    assert "Read Scotland's own Code of Practice" in main
    assert "£678.38" in main
    assert "HCPC updating requirement" not in main
    axe_check(page, where="recruit's plan (no JS)")

    # Ticking works without JavaScript: a form post and a reload.
    page.locator(".sor-plan-step").first.get_by_role("button", name=re.compile("Mark as done")).click()
    page.wait_for_load_state()
    assert page.locator(".sor-plan-step--done").count() == 1
    assert re.match(r"1 of \d+ steps done", page.locator("label[for=plan-progress]").inner_text())

    page.get_by_role("link", name="Printable version").click()
    page.wait_for_load_state()
    assert "Nigeria is red" in page.locator("main").inner_text()
    axe_check(page, where="printable plan (no JS)")


def test_the_no_javascript_axe_check_finds_a_known_fault(finder_site, no_js_page, axe_check_as_served):
    faulty = (
        '<!DOCTYPE html><html lang="en-GB"><head><title>Faulty</title></head>'
        '<body><main><h1>Faulty</h1><img src="/static/images/og-default.png"></main></body></html>'
    )
    no_js_page.route(
        "**/faulty-page/", lambda route: route.fulfill(status=200, body=faulty, content_type="text/html")
    )
    no_js_page.goto("/faulty-page/")
    with pytest.raises(AssertionError, match="image-alt"):
        axe_check_as_served(no_js_page, where="a page with an image without alt text")
