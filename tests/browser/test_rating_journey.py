"""Rating the help, end to end in Chromium: the enquiry is resolved, the "how did we do?" email arrives,
the enquirer opens a link from it, chooses a score, adds a comment and sends it; the thanks page; the
used link; a broken link; one press sending the score chosen in the email; a link refused because the
enquiry was reopened. axe-core must find nothing on any of these pages. The same again with
JavaScript off.
"""

from __future__ import annotations

import re

from django.core import mail

import pytest
from playwright.sync_api import expect

from enquiries.models import Enquiry, Event, SatisfactionRating, Team
from enquiries.services import enquiry_submit, enquiry_transition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ENQUIRER_EMAIL = "sam.returner@example.org"
LINK = re.compile(r"http://testserver(/rate/[^/\s\"?]+/)(?:\?score=(\d))?")


@pytest.fixture
def rating_links(portal_site):
    """A resolved enquiry; returns the links in the rating email: {score or "": path with query}."""
    from cms.models import Nation, Pathway, Topic

    Team.objects.create(name="International recruitment", slug="ir", is_fallback=True)
    enquiry, _ = enquiry_submit(
        **{
            "who": "returning",
            "pathway": Pathway.objects.get(slug="return-to-practice"),
            "nation": Nation.objects.get(slug="england"),
            "profession": "diagnostic",
            "topic": Topic.objects.get(slug="hcpc-registration"),
            "subject": "Updating after seven years",
            "name": "Sam Returner",
            "email": ENQUIRER_EMAIL,
        },
        body="How many days of updating do I need?",
        submission_key="rating-journey",
    )
    mail.outbox.clear()
    enquiry_transition(enquiry=enquiry, to=Enquiry.Status.RESOLVED)  # autocommit: the email goes now
    [email] = [m for m in mail.outbox if m.to == [ENQUIRER_EMAIL]]
    assert email.subject == f"How did we do with your enquiry? [{enquiry.reference}]"
    links = {score: f"{path}?score={score}" if score else path for path, score in LINK.findall(email.body)}
    assert sorted(links) == ["", "1", "2", "3", "4", "5"]
    return enquiry, links


def test_the_enquirer_rates_the_help_from_the_email_link(page, rating_links, axe_check):
    enquiry, links = rating_links

    # ---- The link for "Good" opens the page with that score chosen; nothing is recorded yet -------
    page.goto(links["4"])
    expect(page.get_by_role("heading", level=1)).to_have_text("How did we do?")
    expect(page.get_by_label("Good (4 out of 5)", exact=True)).to_be_checked()
    expect(
        page.get_by_role("group", name="How would you rate the help you had with your enquiry?")
    ).to_be_visible()
    axe_check(page, where="the rating page")
    assert not SatisfactionRating.objects.exists()

    # ---- The plain link: sending without a score explains what to do ------------------------------
    page.goto(links[""])
    expect(page.locator("input[name=score]:checked")).to_have_count(0)
    page.get_by_label("Tell us more (optional)").fill("Kept while I fix the score.")
    page.get_by_role("button", name="Send rating").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Choose a score from 1 (very poor) to 5 (very good)")
    expect(page).to_have_title(re.compile(r"^Error: How did we do\?"))
    expect(page.get_by_label("Tell us more (optional)")).to_have_value("Kept while I fix the score.")
    axe_check(page, where="the rating page with an error")
    summary.get_by_role("link").click()
    expect(page.get_by_label("Very good (5 out of 5)", exact=True)).to_be_focused()

    # ---- Choose, comment, send, thanks ------------------------------------------------------------
    page.get_by_label("Very good (5 out of 5)", exact=True).check()
    page.get_by_label("Tell us more (optional)").fill("Clear answer, <b>quickly</b>. Thank you!")
    page.get_by_role("button", name="Send rating").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your rating")
    expect(page).to_have_url(re.compile(r"/rate/[^/]+/\?sent=1$"))
    axe_check(page, where="the thanks page")
    rating = SatisfactionRating.objects.get(enquiry=enquiry)
    assert (rating.score, rating.comment) == (5, "Clear answer, <b>quickly</b>. Thank you!")
    assert Event.objects.get(enquiry=enquiry, kind=Event.Kind.RATED).data["score"] == 5

    # ---- The link again: already rated, nothing changes -------------------------------------------
    page.goto(links["1"])
    expect(page.get_by_role("heading", level=1)).to_have_text("You have already rated this, thank you")
    axe_check(page, where="the page for a used rating link")
    assert SatisfactionRating.objects.get().score == 5

    # ---- A link that was not copied in full ---------------------------------------------------------
    response = page.goto(links[""][:-12] + "/")
    assert response.status == 400
    expect(page.get_by_role("heading", level=1)).to_have_text("This rating link does not work")
    axe_check(page, where="the page for a broken rating link")


def test_the_enquirer_rates_the_help_without_javascript(no_js_page, rating_links):
    enquiry, links = rating_links
    page = no_js_page
    page.goto(links["2"])
    expect(page.get_by_label("Poor (2 out of 5)", exact=True)).to_be_checked()
    page.get_by_label("Tell us more (optional)").fill("It took a week to hear back.")
    page.get_by_role("button", name="Send rating", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your rating")
    rating = SatisfactionRating.objects.get(enquiry=enquiry)
    assert (rating.score, rating.comment) == (2, "It took a week to hear back.")

    page.goto(links["2"])
    expect(page.get_by_role("heading", level=1)).to_have_text("You have already rated this, thank you")


def test_one_press_sends_the_score_chosen_in_the_email_but_not_while_the_enquiry_is_reopened(
    page, rating_links, axe_check
):
    enquiry, links = rating_links

    # ---- Reopened after the email: the link is refused with a clear page, and records nothing -------
    enquiry_transition(enquiry=enquiry, to=Enquiry.Status.OPEN)
    response = page.goto(links["4"])
    assert response.status == 409
    expect(page.get_by_role("heading", level=1)).to_have_text("Your enquiry is open again")
    expect(page.locator("main form")).to_have_count(0)
    axe_check(page, where="the page for a rating link of a reopened enquiry")
    assert not SatisfactionRating.objects.exists()

    # ---- Resolved again: the same link; its first button sends the score shown, with one press ------
    enquiry_transition(enquiry=enquiry, to=Enquiry.Status.RESOLVED)
    page.goto(links["4"])
    expect(page.locator("#rating-chosen")).to_have_text(
        "You chose Good (4 out of 5) in our email. It is not sent yet: press the button once to send it."
    )
    one_press = page.get_by_role("button", name="Send rating: Good (4 out of 5)")
    expect(one_press).to_be_in_viewport()
    axe_check(page, where="the rating page opened from a score in the email")
    assert not SatisfactionRating.objects.exists()  # opening it recorded nothing

    one_press.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your rating")
    rating = SatisfactionRating.objects.get(enquiry=enquiry)
    assert (rating.score, rating.comment) == (4, "")
