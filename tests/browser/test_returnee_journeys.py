"""The returnee's journeys made shorter (issue 14), each at 1280x900 and on a 390x844 phone, with axe-core
on every page they pass and the clicks counted:

1. Save my plan after signing in: from the plan, "Sign in to save this plan" is near the top (a copy of
   the plan's main action above it on narrow screens) and a contents list leads to each section; after
   signing in the plan is saved at once, with a message, and no second "Save my plan".
2. Log 5 days of supervised practice: the log starts from the saved plan's date (no settings page), one
   entry covers the five days (an error first: the last day before the first), and each entry reads as a
   card with labelled lines, wide enough to read on a phone.
"""

from __future__ import annotations

import datetime
import re

from django.utils import timezone

import pytest

from pathways import rules, services
from pathways.demo import seed_pathways
from pathways.factories import rtp_answers
from tests.browser.content import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def finder_site(portal_site, settings):
    settings.ROOT_URLCONF = "tests.pathways.urls"
    seed_pathways()
    return portal_site


class Clicks:
    """Counts what a person presses: buttons, links, radios. Typing in a box is not a click."""

    def __init__(self):
        self.count = 0

    def click(self, locator) -> None:
        self.count += 1
        locator.click()
        locator.page.wait_for_load_state()


def no_sideways_scroll(page) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"


def sign_in_here(page, clicks: Clicks, email: str) -> None:
    page.get_by_label(re.compile(r"^\s*email", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile(r"^\s*password", re.IGNORECASE)).fill(PASSWORD)
    clicks.click(page.get_by_role("button", name=re.compile(r"^\s*sign in\s*$", re.IGNORECASE)))


def answer_the_questions(page, last_practised: datetime.date) -> None:
    """The finder's six questions (not counted: the journey measured starts at the plan)."""
    page.goto("/pathway-finder/")
    page.get_by_role("link", name="Start now").click()
    page.get_by_label("Wales").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("In the UK").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Yes, I have been registered with HCPC").check()
    page.locator("#id_last_practised").fill(str(last_practised.day))
    page.locator("#id_last_practised_month").fill(str(last_practised.month))
    page.locator("#id_last_practised_year").fill(str(last_practised.year))
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Diagnostic radiography").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("No").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("No").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="See my plan").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("size", SIZES)
def test_returnee_saves_their_plan_by_signing_in_once(finder_site, page, axe_check, size):
    page.set_viewport_size(SIZES[size])
    make_user("rhian@example.com", first_name="Rhian", last_name="Evans")
    answer_the_questions(page, rules.add_years(timezone.localdate(), -6))
    assert page.get_by_role("heading", name="60 days of updating").is_visible()

    contents = page.get_by_role("navigation", name="Contents of your plan")
    assert contents.is_visible()
    assert contents.get_by_role("link").count() == 4
    save = page.get_by_role("button", name="Sign in to save this plan").first
    assert save.is_visible()
    top = save.bounding_box()["y"]
    page_height = page.evaluate("() => document.documentElement.scrollHeight")
    print(f"{size}: 'Sign in to save this plan' at {top:.0f}px of a {page_height}px plan page")
    if size == "phone":
        # Above the plan itself, not at the foot of a page several screens long.
        assert top < page.get_by_role("heading", name="Your HCPC updating requirement").bounding_box()["y"]
        assert top < SIZES["phone"]["height"] * 1.5
        no_sideways_scroll(page)
    axe_check(page, where=f"plan with its actions and contents ({size})")

    contents.get_by_role("link", name=re.compile("Your steps")).click()
    assert page.url.endswith("#steps-heading")

    clicks = Clicks()
    clicks.click(save)
    axe_check(page, where=f"sign-in page ({size})")
    sign_in_here(page, clicks, "rhian@example.com")
    assert page.url.endswith("/my-plan/")
    assert "You are signed in and your plan is saved to your account." in page.locator("main").inner_text()
    assert page.get_by_role("heading", name="Your saved plan").is_visible()
    assert page.get_by_role("button", name="Email me this plan").first.is_visible()
    axe_check(page, where=f"saved plan after signing in ({size})")
    print(f"{size}: save my plan after signing in took {clicks.count} clicks (was 3)")
    assert clicks.count == 2


@pytest.mark.parametrize("size", SIZES)
def test_a_new_returnee_creates_an_account_from_the_plan_and_finds_it_saved(
    finder_site, page, axe_check, size
):
    """Create an account from the plan, with a bad try first; confirm the address from the email in the
    same browser; the confirming press signs them in and the plan is saved (no GET saves it)."""
    from django.core import mail

    from pathways import models

    page.set_viewport_size(SIZES[size])
    email = f"new.{size}@example.com"
    answer_the_questions(page, rules.add_years(timezone.localdate(), -6))
    page.get_by_role("button", name="Create an account to save it").first.click()
    assert "/accounts/signup/" in page.url

    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.get_by_label("Email address").fill("<script>alert(1)</script>")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD + "x")
    page.get_by_role("button", name="Create account").click()
    summary = page.locator(".nhsuk-error-summary")
    assert summary.is_visible()
    assert "email address" in summary.inner_text() and "passwords do not match" in summary.inner_text()
    assert page.locator("main script").count() == 0 and dialogs == []
    axe_check(page, where=f"sign-up with errors, from the plan ({size})")

    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    assert page.get_by_role("heading", level=1).inner_text().strip() == "Check your email"
    assert not models.SavedPlan.objects.filter(user__email=email).exists()

    body = next(m.body for m in reversed(mail.outbox) if m.to == [email])
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)", body).group(1)
    page.goto(link)
    assert not models.SavedPlan.objects.filter(user__email=email).exists()  # opening the link saves nothing
    axe_check(page, where=f"confirm your email address ({size})")
    page.get_by_role("button", name="Confirm my email address").click()
    assert page.url.endswith("/my-plan/")
    assert "You are signed in and your plan is saved to your account." in page.locator("main").inner_text()
    assert models.SavedPlan.objects.filter(user__email=email).exists()
    axe_check(page, where=f"saved plan after confirming the address ({size})")


@pytest.mark.parametrize("size", SIZES)
def test_returnee_logs_a_week_of_supervised_practice_in_one_entry(
    finder_site, page, axe_check, sign_in, size
):
    page.set_viewport_size(SIZES[size])
    user = make_user("rhian@example.com", first_name="Rhian", last_name="Evans")
    last_practised = rules.add_years(timezone.localdate(), -6)
    services.plan_save(
        user=user,
        answers=rtp_answers(nation="wales", last_practised=last_practised),
        today=timezone.localdate(),
    )
    sign_in(page, "rhian@example.com")
    page.goto("/my-plan/")

    clicks = Clicks()
    clicks.click(page.get_by_role("link", name="Your updating log").first)
    main = page.locator("main")
    assert "Your log starts from the date in your plan" in main.inner_text()
    axe_check(page, where=f"updating log started from the plan ({size})")

    clicks.click(page.get_by_role("link", name="Add an activity"))
    axe_check(page, where=f"add activity form ({size})")
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday() + 7)
    friday = monday + datetime.timedelta(days=4)
    for prefix, day in (("date", monday), ("end_date", monday - datetime.timedelta(days=1))):
        page.locator(f"#id_{prefix}").fill(str(day.day))
        page.locator(f"#id_{prefix}_month").fill(str(day.month))
        page.locator(f"#id_{prefix}_year").fill(str(day.year))
    clicks.click(page.get_by_label("Supervised practice"))
    page.get_by_label("Hours each day").fill("7.5")
    page.get_by_label("What you did").fill("General radiography and CT lists with my supervisor.")
    page.get_by_label("Where, or who provided it").fill("Ysbyty Gwynedd, Bangor")
    page.get_by_label("Supervisor's name").fill("Dafydd Morgan")
    page.get_by_label(
        "how many full years had your supervisor been on the relevant part of the HCPC Register?"
    ).fill("2")
    clicks.click(page.get_by_role("button", name="Add to my log"))
    summary = page.locator(".nhsuk-error-summary")
    assert "The last day must be the same as or after the first day" in summary.inner_text()
    end_date_group = page.locator(".nhsuk-form-group--error").filter(has=page.locator("#id_end_date"))
    assert "The last day must be the same as or after the first day" in end_date_group.inner_text()
    axe_check(page, where=f"add activity form with a date error ({size})")
    page.locator("#id_end_date").fill(str(friday.day))
    page.locator("#id_end_date_month").fill(str(friday.month))
    page.locator("#id_end_date_year").fill(str(friday.year))
    clicks.click(page.get_by_role("button", name="Add to my log"))

    entry = page.locator(".sor-log-entry").first
    text = entry.inner_text()
    assert "7.5 a day for 5 days: 37.5 hours" in text
    assert "Supervised practice" in text and "Dafydd Morgan" in text
    assert "Not counted: supervisor under 3 years on the Register" in text
    axe_check(page, where=f"updating log with a five-day entry and a warning ({size})")
    if size == "phone":
        no_sideways_scroll(page)
        # What you did, where and why it is not counted each have a line of their own, full width.
        card = entry.bounding_box()
        for label in ("What you did", "Where, or who provided it", "Supervisor"):
            value = entry.locator("dt", has_text=label).locator("xpath=following-sibling::dd[1]")
            box = value.bounding_box()
            assert box["width"] > card["width"] * 0.7, (label, box, card)
        tag = entry.locator(".nhsuk-tag").first.bounding_box()
        assert tag["x"] + tag["width"] <= card["x"] + card["width"] + 1
    # Before issue 14 the same week took 17 clicks: the log link, the settings page's "Save and continue",
    # then five times "Add an activity", the type and "Add to my log" (five forms of seven boxes each).
    print(
        f"{size}: logging 5 days of supervised practice took {clicks.count} clicks, one of them an error's resubmit"
    )
    assert clicks.count == 5

    # Change the supervisor's years: the whole week now counts.
    page.get_by_role("link", name=re.compile("^Change the activity on")).first.click()
    page.get_by_label(
        "how many full years had your supervisor been on the relevant part of the HCPC Register?"
    ).fill("9")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_load_state()
    assert "Total 37.5 37.5 of 420" in re.sub(r"\s+", " ", page.locator("main").inner_text())

    page.get_by_role("link", name="Summary for your HCPC return to practice form").click()
    page.wait_for_load_state()
    assert f"to {friday.day} {friday:%B %Y}" in page.locator("main").inner_text()
    axe_check(page, where=f"printable summary with a five-day entry ({size})")


def test_the_printable_summary_with_activities_not_counted_fits_a_phone(
    finder_site, page, axe_check, sign_in
):
    # The "Logged but not counted" table has four columns and long reasons (the 12 to 24 months note):
    # on a 390 px phone it must not make the whole page scroll sideways.
    from pathways.factories import UpdatingActivityFactory, UpdatingLogFactory

    page.set_viewport_size(SIZES["phone"])
    user = make_user("rhian@example.com", first_name="Rhian", last_name="Evans")
    today = timezone.localdate()
    log = UpdatingLogFactory(user=user, basis_date=rules.add_years(today, -6))
    sign_in(page, "rhian@example.com")
    old = today - datetime.timedelta(days=548)
    UpdatingActivityFactory(log=log, kind="formal", date=old, end_date=old)
    UpdatingActivityFactory(
        log=log,
        kind="supervised",
        supervisor_name="Sam New",
        supervisor_years_registered=2,
        date=today - datetime.timedelta(days=20),
        end_date=today - datetime.timedelta(days=16),
    )
    page.goto("/my-plan/log/summary/")
    table = page.get_by_role("table", name="Activities not counted, and why")
    assert "transitional arrangements" in table.inner_text()
    no_sideways_scroll(page)
    axe_check(page, where="printable summary with activities not counted (phone)")
