"""Satisfaction ratings: the "how did we do?" email sent when an enquiry is resolved, the signed
one-click link and its page, recording once, and where the rating is shown."""

from __future__ import annotations

import re
import threading
import time
import uuid
from unittest import mock

from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

import pytest
from allauth.account.models import EmailAddress

from enquiries.factories import AdviserFactory
from enquiries.mail import enquiry_emails, outbox
from enquiries.models import Enquiry, Event, OutboundEmail, SatisfactionRating
from enquiries.ratings import service as ratings_service
from enquiries.services import adviser_reply, enquiry_transition
from portal.models import User
from tests.conftest import error_summary_text, field_error_text, soup, visible_text

from .test_workspace import client_for

pytestmark = pytest.mark.django_db

S = Enquiry.Status
LINK = re.compile(r"http://testserver(/rate/[^/\s\"?]+/)(?:\?score=(\d))?")
NAME, EMAIL, SUBJECT = "Sam Returner", "sam@example.org", "How many updating days do I need?"


# --------------------------------------------------------------------------------------------------
# Helpers and fixtures
# --------------------------------------------------------------------------------------------------


@pytest.fixture
def ada(teams):
    """An adviser in RtP England, with an authenticator app (the admin needs MFA)."""
    return AdviserFactory(email="ada@sor.example", team=teams["rtp_england"])


@pytest.fixture
def enquiry(ada, submit):
    """An RtP England enquiry from Sam, assigned to Ada."""
    return submit(name=NAME, email=EMAIL, subject=SUBJECT)


@pytest.fixture
def resolve(django_capture_on_commit_callbacks):
    def do(enquiry, actor=None):
        with django_capture_on_commit_callbacks(execute=True):
            return enquiry_transition(enquiry=enquiry, to=S.RESOLVED, actor=actor)

    return do


@pytest.fixture
def resolved(enquiry, resolve, ada):
    return resolve(enquiry, ada)


def rating_emails(to=EMAIL):
    return [m for m in mail.outbox if m.to == [to] and "How did we do" in m.subject]


def url_for(enquiry, *, score=None, signer=None) -> str:
    path = f"/rate/{ratings_service.rating_token(enquiry, signer=signer)}/"
    return f"{path}?score={score}" if score is not None else path


def signed_at(seconds_ago: float) -> ratings_service.RatingSigner:
    """A signer whose clock reads `seconds_ago` in the past: makes a token as old as that."""

    class PastSigner(ratings_service.RatingSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time() - seconds_ago))

    return PastSigner()


def checked_score(response) -> str | None:
    checked = soup(response).find("input", attrs={"name": "score", "checked": True})
    return checked["value"] if checked else None


def score_error_text(response) -> str:
    """What the score's fieldset points to with aria-describedby (radios are described as a group)."""
    tree = soup(response)
    fieldset = tree.find("input", attrs={"name": "score"}).find_parent("fieldset")
    ids = (fieldset.get("aria-describedby") or "").split()
    return " ".join(tree.find(id=i).get_text(" ", strip=True) for i in ids if tree.find(id=i))


def assert_private_page(response, *, form=False):
    """The token never leaves for another site in a Referer; the form page allows same-origin
    referrers, without which browsers send `Origin: null` and the CSRF check refuses the POST."""
    assert response["Referrer-Policy"] == ("same-origin" if form else "no-referrer")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    if response.status_code != 302:
        assert soup(response).find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"


def assert_nothing_personal(response, enquiry):
    text = response.content.decode()
    for personal in (enquiry.reference, enquiry.name, enquiry.email, enquiry.subject, "Sam"):
        assert personal not in text, personal


def enquirer_client(email=EMAIL) -> Client:
    user = User.objects.create_user(email=email, password="long-password-123")
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    client = Client()
    client.force_login(user)
    return client


# --------------------------------------------------------------------------------------------------
# The email
# --------------------------------------------------------------------------------------------------


def test_resolving_emails_the_enquirer_five_signed_score_links_and_a_plain_one(enquiry, resolve, ada):
    mail.outbox.clear()
    resolve(enquiry, ada)

    [email] = rating_emails()
    assert email.subject == f"How did we do with your enquiry? [{enquiry.reference}]"
    assert email.reply_to == [outbox.reply_address(enquiry)]
    stored = enquiry.emails.get(kind=OutboundEmail.Kind.RATING_REQUEST)
    assert stored.status == OutboundEmail.Status.SENT and stored.to == EMAIL

    text_links = LINK.findall(email.body)
    assert [score for _path, score in text_links] == ["5", "4", "3", "2", "1", ""]
    assert len({path for path, _score in text_links}) == 1
    html = email.alternatives[0][0]
    assert [score for _path, score in LINK.findall(html)] == ["5", "4", "3", "2", "1", ""]
    for label in ("Very good (5 out of 5)", "Very poor (1 out of 5)"):
        assert label in email.body and label in html
    assert f"Dear {NAME}," in email.body and "60 days" in email.body

    # The token names the enquiry by its uuid only: not its reference, nor the enquirer's address.
    token = text_links[0][0].split("/")[2]
    assert ratings_service.RatingSigner().unsign(token) == enquiry.uuid.hex
    assert enquiry.reference not in token and "@" not in token and "example" not in token


def test_the_email_is_sent_when_a_reply_resolves_it_or_the_enquirer_says_it_is_answered(
    ada, submit, django_capture_on_commit_callbacks
):
    first = submit(email="first@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        adviser_reply(enquiry=first, author=ada, body="Here is the answer.", then=S.RESOLVED)
    assert len(rating_emails("first@example.org")) == 1

    second = submit(email="second@example.org")
    client = enquirer_client("second@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/my-enquiries/{second.reference}/status/", {"action": "resolved"})
    second.refresh_from_db()
    assert second.status == S.RESOLVED
    assert len(rating_emails("second@example.org")) == 1


def test_reopening_and_resolving_again_does_not_email_again(
    resolved, resolve, ada, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enquiry_transition(enquiry=resolved, to=S.OPEN, actor=ada)
    resolve(resolved, ada)
    assert len(rating_emails()) == 1
    assert resolved.emails.filter(kind=OutboundEmail.Kind.RATING_REQUEST).count() == 1


def test_no_email_once_rated_or_anonymised(ada, submit, resolve):
    rated = submit(email="rated@example.org")
    SatisfactionRating.objects.create(enquiry=rated, score=4)
    resolve(rated, ada)
    assert rating_emails("rated@example.org") == []

    anonymised = submit(email="gone@example.org")
    Enquiry.objects.filter(pk=anonymised.pk).update(anonymised_at=timezone.now())
    resolve(anonymised, ada)
    assert rating_emails("gone@example.org") == []
    assert not OutboundEmail.objects.filter(kind=OutboundEmail.Kind.RATING_REQUEST).exists()


def test_other_status_changes_send_no_rating_email(enquiry, ada, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enquiry_transition(enquiry=enquiry, to=S.OPEN, actor=ada)
        enquiry_transition(enquiry=enquiry, to=S.ON_HOLD, actor=ada)
        enquiry_transition(enquiry=enquiry, to=S.WITHDRAWN, actor=ada)
    assert rating_emails() == []


def test_a_failure_to_queue_the_email_does_not_undo_the_resolution(enquiry, ada, resolve):
    with mock.patch.object(enquiry_emails, "queue_rating_request", side_effect=RuntimeError("template gone")):
        resolve(enquiry, ada)
    enquiry.refresh_from_db()
    assert enquiry.status == S.RESOLVED and enquiry.resolved_at is not None
    assert rating_emails() == []


def test_the_links_in_the_email_open_the_page_with_that_score_chosen_and_record_nothing(client, resolved):
    [email] = rating_emails()
    for path, score in LINK.findall(email.body):
        response = client.get(f"{path}?score={score}" if score else path)
        assert response.status_code == 200
        assert checked_score(response) == (score or None)
        assert "How did we do?" in visible_text(response)
        assert_private_page(response, form=True)
        assert_nothing_personal(response, resolved)
    assert not SatisfactionRating.objects.exists()
    assert not Event.objects.filter(kind=Event.Kind.RATED).exists()


# --------------------------------------------------------------------------------------------------
# The page: GET shows, POST records, once
# --------------------------------------------------------------------------------------------------


def test_the_page_has_the_scores_as_a_fieldset_with_a_legend_a_comment_box_and_one_button(client, resolved):
    response = client.get(url_for(resolved, score=4))
    tree = soup(response)
    fieldset = tree.find("fieldset")
    assert fieldset.legend.get_text(strip=True) == "How would you rate the help you had with your enquiry?"
    labels = [label.get_text(strip=True) for label in fieldset.find_all("label")]
    assert labels == [
        "Very good (5 out of 5)",
        "Good (4 out of 5)",
        "OK (3 out of 5)",
        "Poor (2 out of 5)",
        "Very poor (1 out of 5)",
    ]
    comment = tree.find("textarea", attrs={"name": "comment"})
    assert comment["maxlength"] == "2000"
    assert tree.find("label", attrs={"for": comment["id"]}).get_text(strip=True) == "Tell us more (optional)"
    buttons = [b.get_text(strip=True) for b in tree.select("main button")]
    assert buttons == ["Send rating: Good (4 out of 5)", "Send rating"]  # one press, or the full form
    assert len(tree.find_all("input", attrs={"name": "csrfmiddlewaretoken"})) == 2
    assert [form["method"] for form in tree.select("main form")] == ["post", "post"]
    assert checked_score(response) == "4"


@pytest.mark.parametrize("score", ["", "0", "6", "abc", "4.5", "%00", "١"])
def test_a_get_with_a_strange_score_shows_the_form_with_nothing_chosen(client, resolved, score):
    response = client.get(f"{url_for(resolved)}?score={score}")
    assert response.status_code == 200
    assert checked_score(response) is None
    assert "There is a problem" not in visible_text(response)


def test_other_methods_record_nothing(client, resolved):
    url = url_for(resolved, score=5)
    for method in (client.head, client.put, client.delete, client.patch):
        assert method(url).status_code == 405
    assert not SatisfactionRating.objects.exists()


def test_sending_records_the_score_comment_and_an_event_without_the_comment_text(client, resolved):
    url = url_for(resolved, score=2)
    path = url.split("?")[0]  # the same token: one made a second later would differ
    response = client.post(path, {"score": "2", "comment": "Slow to answer,\r\nbut right."})
    assert response.status_code == 302
    assert response["Location"] == f"{path}?sent=1"
    assert_private_page(response)

    rating = SatisfactionRating.objects.get(enquiry=resolved)
    assert (rating.score, rating.comment) == (2, "Slow to answer,\nbut right.")
    event = Event.objects.get(enquiry=resolved, kind=Event.Kind.RATED)
    assert event.data == {"score": 2, "with_comment": True} and event.actor is None
    assert "Slow" not in str(event.data)

    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert "Thank you for your rating" in visible_text(thanks)
    assert_private_page(thanks)
    assert_nothing_personal(thanks, resolved)
    assert client.get(url).status_code == 200  # the email's link still answers, with "already rated"


def test_a_rating_without_a_comment_is_fine(client, resolved):
    client.post(url_for(resolved), {"score": "5", "comment": "   "})
    rating = SatisfactionRating.objects.get()
    assert (rating.score, rating.comment) == (5, "")
    assert Event.objects.get(kind=Event.Kind.RATED).data == {"score": 5, "with_comment": False}


def test_a_second_get_or_post_with_the_same_link_changes_nothing(client, resolved):
    url = url_for(resolved)
    client.post(url, {"score": "4", "comment": "Helpful"})
    for response in (
        client.get(f"{url}?score=1"),
        client.post(url, {"score": "1", "comment": "Changed my mind"}),
        Client().post(url, {"score": "1"}),
    ):
        assert response.status_code == 200
        assert "You have already rated this, thank you" in visible_text(response)
        assert soup(response).select("main form") == []
        assert_private_page(response)
        assert_nothing_personal(response, resolved)
    rating = SatisfactionRating.objects.get()
    assert (rating.score, rating.comment) == (4, "Helpful")
    assert Event.objects.filter(kind=Event.Kind.RATED).count() == 1


def test_two_posts_at_once_record_one_rating(client, resolved):
    """The second request passed the "already rated?" check before the first saved: the one-to-one
    constraint stops it, and it is told the link has been used."""
    url = url_for(resolved)
    client.post(url, {"score": "5"})
    with mock.patch.object(ratings_service, "rating_of", return_value=None):
        response = client.post(url, {"score": "1", "comment": "Second"})
    assert response.status_code == 200
    assert "You have already rated this, thank you" in visible_text(response)
    assert SatisfactionRating.objects.get().score == 5
    assert Event.objects.filter(kind=Event.Kind.RATED).count() == 1


def test_the_service_records_once_and_refuses_scores_out_of_range(resolved):
    first, created = ratings_service.rating_record(enquiry=resolved, score=3, comment="OK")
    again, created_again = ratings_service.rating_record(enquiry=resolved, score=1, comment="No")
    assert created and not created_again and again.pk == first.pk and again.score == 3
    assert Event.objects.filter(kind=Event.Kind.RATED).count() == 1
    for bad in (0, 6, "5", None):
        with pytest.raises(ValidationError):
            ratings_service.rating_record(enquiry=resolved, score=bad)
    with pytest.raises(ValidationError):
        ratings_service.rating_record(enquiry=resolved, score=5, comment="x" * 2001)


def form_as_a_browser_sends_it(response, button_text: str) -> tuple[str, dict]:
    """(action, data) of the form whose button reads `button_text`, as a browser submits it when that
    button is pressed: hidden inputs, the checked radio, the textarea's text. Nothing filled in."""
    [button] = [b for b in soup(response).select("main form button") if b.get_text(strip=True) == button_text]
    form = button.find_parent("form")
    data = {}
    for field in form.find_all(["input", "textarea"]):
        kind = field.get("type", "text")
        if field.name == "textarea":
            data[field["name"]] = field.get_text()
        elif kind == "hidden" or (kind == "radio" and field.has_attr("checked")):
            data[field["name"]] = field["value"]
    return form["action"], data


def test_opening_a_score_link_records_nothing_and_one_press_of_the_button_records_that_score(resolved):
    """Email scanners open (and may render) every link: a GET records nothing, however often. The page
    leads with a button naming the score chosen in the email, and one press of it records that score."""
    browser = Client(enforce_csrf_checks=True)
    link = url_for(resolved, score=4)
    for _ in range(3):
        page = browser.get(link)
        assert page.status_code == 200
    assert Client().head(link).status_code == 405
    assert not SatisfactionRating.objects.exists()
    assert not Event.objects.filter(kind=Event.Kind.RATED).exists()

    text = re.sub(r" ([.,:])", r"\1", visible_text(page))  # no space before a stop after <strong>
    assert "You chose Good (4 out of 5) in our email. It is not sent yet: press the button once" in text
    first_button = soup(page).select_one("main button")
    assert first_button.get_text(strip=True) == "Send rating: Good (4 out of 5)"

    action, data = form_as_a_browser_sends_it(page, "Send rating: Good (4 out of 5)")
    assert action == link.split("?")[0] and data["score"] == "4" and "comment" not in data
    response = browser.post(action, data, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 302 and response["Location"].endswith("?sent=1")
    rating = SatisfactionRating.objects.get(enquiry=resolved)
    assert (rating.score, rating.comment) == (4, "")
    assert Event.objects.filter(kind=Event.Kind.RATED).count() == 1
    assert "Thank you for your rating" in visible_text(browser.get(response["Location"]))


def test_below_the_one_press_button_the_score_can_be_changed_and_a_comment_added(resolved):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(url_for(resolved, score=4))
    assert "Or change the score, or add a comment" in visible_text(page)
    assert checked_score(page) == "4"  # the full form starts from the score chosen in the email too
    action, data = form_as_a_browser_sends_it(page, "Send rating")
    data.update(score="2", comment="Slow.")
    assert browser.post(action, data, HTTP_ORIGIN="http://testserver").status_code == 302
    rating = SatisfactionRating.objects.get(enquiry=resolved)
    assert (rating.score, rating.comment) == (2, "Slow.")


def test_the_plain_link_says_nothing_was_chosen_yet_and_has_one_button(client, resolved):
    page = client.get(url_for(resolved))
    text = visible_text(page)
    assert "You chose" not in text and "Tell us how helpful our advisers were" in text
    assert [b.get_text(strip=True) for b in soup(page).select("main button")] == ["Send rating"]


# --------------------------------------------------------------------------------------------------
# Links that do not work
# --------------------------------------------------------------------------------------------------


def broken_tokens(enquiry):
    good = ratings_service.rating_token(enquiry)
    last = good[-1]
    return {
        "nonsense": "not-a-token",
        "tampered signature": good[:-1] + ("A" if last != "A" else "B"),
        "tampered value": uuid.uuid4().hex + good[32:],
        "another salt": signing.TimestampSigner(salt="enquiries.reply-address", sep=".").sign(
            enquiry.uuid.hex
        ),
        "signed but not a uuid": ratings_service.RatingSigner().sign("SOR-AAAA-BBBB"),
        "signed, no such enquiry": ratings_service.RatingSigner().sign(uuid.uuid4().hex),
        "no timestamp": signing.Signer(salt=ratings_service.RATING_SALT, sep=".").sign(enquiry.uuid.hex),
        "very long": "a" * 5000,
        "control characters": "%00%0a%0d",
        "html": "%3Cscript%3Ealert(1)%3Cscript%3E",
    }


@pytest.mark.parametrize(
    "case",
    [
        "nonsense",
        "tampered signature",
        "tampered value",
        "another salt",
        "signed but not a uuid",
        "signed, no such enquiry",
        "no timestamp",
        "very long",
        "control characters",
        "html",
    ],
)
def test_a_forged_tampered_or_malformed_link_gets_a_friendly_400(client, resolved, case):
    token = broken_tokens(resolved)[case]
    for response in (client.get(f"/rate/{token}/?score=5"), client.post(f"/rate/{token}/", {"score": "5"})):
        assert response.status_code == 400
        text = visible_text(response)
        assert "This rating link does not work" in text
        assert "Open the email we sent when your enquiry was resolved" in text
        assert "Traceback" not in text and "<script>alert" not in response.content.decode()
        assert_private_page(response)
        assert_nothing_personal(response, resolved)
    assert not SatisfactionRating.objects.exists()


def test_an_expired_link_gets_a_friendly_410_and_a_fresh_one_works(client, resolved):
    day = 24 * 60 * 60
    old = url_for(resolved, score=5, signer=signed_at(61 * day))
    for response in (client.get(old), client.post(old.split("?")[0], {"score": "5"})):
        assert response.status_code == 410
        text = visible_text(response)
        assert "This rating link has expired" in text and "work for 60 days" in text
        assert "reply to any of our emails about your enquiry" in text
        assert_private_page(response)
        assert_nothing_personal(response, resolved)
    assert not SatisfactionRating.objects.exists()

    nearly = url_for(resolved, score=5, signer=signed_at(59 * day))
    assert client.get(nearly).status_code == 200


def test_the_link_age_comes_from_settings(client, resolved, settings):
    settings.ENQUIRY_RATING_LINK_DAYS = 2
    three_days = url_for(resolved, signer=signed_at(3 * 24 * 60 * 60))
    one_day = url_for(resolved, signer=signed_at(1 * 24 * 60 * 60))
    response = client.get(three_days)
    assert response.status_code == 410 and "work for 2 days" in visible_text(response)
    assert client.get(one_day).status_code == 200


def test_a_forged_link_that_is_also_old_is_treated_as_forged(client, resolved):
    old = ratings_service.rating_token(resolved, signer=signed_at(90 * 24 * 60 * 60))
    assert client.get(f"/rate/{old[:-2]}xx/").status_code == 400


def test_an_anonymised_enquirys_link_no_longer_works(client, resolved):
    url = url_for(resolved, score=5)
    Enquiry.objects.filter(pk=resolved.pk).update(anonymised_at=timezone.now())
    response = client.get(url)
    assert response.status_code == 410
    assert client.post(url.split("?")[0], {"score": "5"}).status_code == 410
    assert not SatisfactionRating.objects.exists()


def reopen(enquiry, ada, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return enquiry_transition(enquiry=enquiry, to=S.OPEN, actor=ada)


def test_a_link_to_an_enquiry_reopened_since_the_email_is_refused_until_it_is_resolved_again(
    client, resolved, ada, resolve, django_capture_on_commit_callbacks
):
    link = url_for(resolved, score=5)
    reopen(resolved, ada, django_capture_on_commit_callbacks)
    for response in (client.get(link), client.post(url_for(resolved), {"score": "5", "comment": "Hi"})):
        assert response.status_code == 409
        text = visible_text(response)
        assert "Your enquiry is open again" in text and "nothing has been recorded" in text
        assert "When it is resolved again, you can use the same link" in text
        assert soup(response).select("main form") == []
        assert_private_page(response)
        assert_nothing_personal(response, resolved)
    assert not SatisfactionRating.objects.exists()
    assert not Event.objects.filter(kind=Event.Kind.RATED).exists()
    with pytest.raises(ratings_service.RatingLinkError) as refused:
        ratings_service.enquiry_for_rating_token(ratings_service.rating_token(resolved))
    assert refused.value.not_resolved and not refused.value.expired

    resolve(resolved, ada)  # resolved again: no second email, and the first one's link works again
    assert len(rating_emails()) == 1
    assert client.get(link).status_code == 200
    assert client.post(url_for(resolved), {"score": "5"}).status_code == 302
    assert SatisfactionRating.objects.get(enquiry=resolved).score == 5


def test_a_closed_enquiry_can_still_be_rated_but_one_never_resolved_cannot(client, resolved, ada, submit):
    enquiry_transition(enquiry=resolved, to=S.CLOSED, actor=ada)
    assert client.get(url_for(resolved, score=3)).status_code == 200

    never = submit(email="never@example.org")
    enquiry_transition(enquiry=never, to=S.AWAITING_ENQUIRER, actor=ada)
    enquiry_transition(enquiry=never, to=S.CLOSED, actor=ada)  # closed without a resolution
    assert client.get(url_for(never, score=3)).status_code == 409
    assert client.post(url_for(never), {"score": "3"}).status_code == 409
    with pytest.raises(ValidationError):
        ratings_service.rating_record(enquiry=never, score=3)
    assert not SatisfactionRating.objects.filter(enquiry=never).exists()


def test_a_rated_enquiry_reopened_later_still_says_already_rated(
    client, resolved, ada, django_capture_on_commit_callbacks
):
    client.post(url_for(resolved), {"score": "4"})
    reopen(resolved, ada, django_capture_on_commit_callbacks)
    response = client.get(url_for(resolved, score=1))
    assert response.status_code == 200
    assert "You have already rated this, thank you" in visible_text(response)
    assert SatisfactionRating.objects.get().score == 4


# --------------------------------------------------------------------------------------------------
# Invalid and hostile input
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("score", [None, "", "0", "6", "abc", "-1", "5; DROP TABLE", "<b>5</b>"])
def test_an_invalid_score_shows_the_form_again_with_the_error_by_the_field_and_in_a_summary(
    client, resolved, score
):
    data = {"comment": "Kept as typed"}
    if score is not None:
        data["score"] = score
    response = client.post(url_for(resolved), data)
    assert response.status_code == 200
    message = "Choose a score from 1 (very poor) to 5 (very good)"
    assert message in score_error_text(response)
    assert message in error_summary_text(response)
    assert soup(response).title.get_text().startswith("Error: How did we do?")
    # As a browser reads it: the newline Django writes right after <textarea> (so that a value's own
    # leading newline survives) is not part of the value.
    comment = soup(response).find("textarea", attrs={"name": "comment"}).get_text()
    assert comment.removeprefix("\n") == "Kept as typed"
    summary_link = soup(response).select_one(".nhsuk-error-summary a")
    assert summary_link["href"] == "#id_score_0"
    assert_private_page(response, form=True)
    assert not SatisfactionRating.objects.exists()


def test_a_comment_over_2000_characters_is_refused_and_2000_is_accepted(client, resolved):
    response = client.post(url_for(resolved), {"score": "3", "comment": "é" * 2001})
    assert response.status_code == 200
    message = "Your comment must be 2,000 characters or fewer. It has 2001."
    assert message in field_error_text(response, "comment")
    assert message in error_summary_text(response)
    assert checked_score(response) == "3"
    assert not SatisfactionRating.objects.exists()

    client.post(url_for(resolved), {"score": "3", "comment": "é" * 2000})
    assert len(SatisfactionRating.objects.get().comment) == 2000


def test_a_hostile_comment_is_stored_as_plain_text_and_escaped_in_the_workspace(client, resolved, ada):
    hostile = '<script>alert("x")</script>\x00<img src=x onerror=alert(1)>\x07 \u202egnp.exe\x1b[31m'
    client.post(url_for(resolved), {"score": "1", "comment": hostile})
    stored = SatisfactionRating.objects.get().comment
    assert stored == '<script>alert("x")</script><img src=x onerror=alert(1)> gnp.exe[31m'

    html = client_for(ada).get(f"/admin/enquiries/{resolved.pk}/").content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<script>alert(" not in html and "<img src=x" not in html


def test_the_comment_is_never_shown_on_the_public_pages(client, resolved):
    client.post(url_for(resolved), {"score": "4", "comment": "Secret remark"})
    for url in (url_for(resolved), f"{url_for(resolved)}?sent=1"):
        assert "Secret remark" not in client.get(url).content.decode()


def test_sending_needs_the_csrf_token(resolved):
    client = Client(enforce_csrf_checks=True)
    url = url_for(resolved)
    assert client.post(url, {"score": "5"}).status_code == 403
    assert not SatisfactionRating.objects.exists()

    page = client.get(f"{url}?score=5")
    token = soup(page).find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    # What browsers send under "Referrer-Policy: no-referrer" (hence "same-origin" on the form page).
    refused = client.post(url, {"score": "5", "csrfmiddlewaretoken": token}, HTTP_ORIGIN="null")
    assert refused.status_code == 403
    assert not SatisfactionRating.objects.exists()
    response = client.post(url, {"score": "5", "csrfmiddlewaretoken": token}, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 302
    assert SatisfactionRating.objects.get().score == 5


# --------------------------------------------------------------------------------------------------
# Where the rating is shown
# --------------------------------------------------------------------------------------------------


def test_the_workspace_shows_the_score_comment_and_history(client, resolved, ada):
    workspace = client_for(ada)
    before = visible_text(workspace.get(f"/admin/enquiries/{resolved.pk}/"))
    assert "Enquirer's rating Not rated yet: they were asked when it was resolved" in before

    client.post(url_for(resolved), {"score": "4", "comment": "Clear and quick.\nThank you."})
    page = workspace.get(f"/admin/enquiries/{resolved.pk}/")
    text = visible_text(page)
    today = timezone.localdate()
    assert f"Enquirer's rating 4 out of 5, given {today.day} {today:%B %Y}" in text
    assert "Clear and quick.<br>Thank you." in page.content.decode()
    assert "Rated by the enquirer: 4 out of 5" in text


def test_an_adviser_of_another_team_cannot_see_the_rating(client, resolved, teams):
    client.post(url_for(resolved), {"score": "4", "comment": "Clear and quick."})
    ben = AdviserFactory(email="ben@sor.example", team=teams["ir"])
    assert client_for(ben).get(f"/admin/enquiries/{resolved.pk}/").status_code == 404


def test_the_enquirer_sees_their_rating_on_their_enquiry_and_nobody_else_does(client, resolved):
    own = enquirer_client()
    page = f"/my-enquiries/{resolved.reference}/"
    assert "You rated our help" not in visible_text(own.get(page))
    client.post(url_for(resolved), {"score": "3", "comment": "Fine"})
    text = visible_text(own.get(page))
    assert "Your rating You rated our help 3 out of 5" in text
    assert "Fine" not in text
    assert enquirer_client("someone.else@example.org").get(page).status_code == 404


# --------------------------------------------------------------------------------------------------
# Query counts
# --------------------------------------------------------------------------------------------------


def add_rated_enquiries(n, submit, ada, resolve):
    for i in range(n):
        other = submit(email=f"other{i}@example.org")
        resolve(other, ada)
        ratings_service.rating_record(enquiry=other, score=(i % 5) + 1, comment=f"Comment {i}")


def test_the_rating_page_needs_few_queries_however_many_enquiries_there_are(
    client, resolved, submit, ada, resolve, django_assert_max_num_queries, django_assert_num_queries
):
    url = url_for(resolved)
    with django_assert_max_num_queries(2) as small_get:  # the enquiry with its rating (+ session)
        client.get(f"{url}?score=5")
    add_rated_enquiries(30, submit, ada, resolve)
    with django_assert_num_queries(len(small_get.captured_queries)):
        client.get(f"{url}?score=5")
    with django_assert_max_num_queries(6) as post:  # enquiry, savepoint, rating, event, release
        client.post(url, {"score": "5", "comment": "Good"})
    with django_assert_max_num_queries(2) as used:
        client.get(url)  # already rated
    print(
        "\nrating page queries: GET",
        len(small_get.captured_queries),
        "POST",
        len(post.captured_queries),
        "GET once rated",
        len(used.captured_queries),
    )


def test_showing_the_rating_keeps_the_workspace_and_enquirer_page_query_counts_flat(
    client, resolved, submit, ada, resolve
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    workspace, own = client_for(ada), enquirer_client()
    pages = [(workspace, f"/admin/enquiries/{resolved.pk}/"), (own, f"/my-enquiries/{resolved.reference}/")]

    def counts():
        result = []
        for who, url in pages:
            who.get(url)  # warm caches
            with CaptureQueriesContext(connection) as captured:
                assert who.get(url).status_code == 200
            result.append(len(captured.captured_queries))
        return result

    unrated = counts()
    client.post(url_for(resolved), {"score": "5", "comment": "Great"})
    rated = counts()
    add_rated_enquiries(20, submit, ada, resolve)
    many = counts()
    print("\nqueries (workspace, enquirer's page): unrated", unrated, "rated", rated, "with 20 more", many)
    assert unrated == rated == many


# --------------------------------------------------------------------------------------------------
# Real concurrency (PostgreSQL: SQLite serialises every write, so the race cannot happen there)
# --------------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_ten_concurrent_ratings_with_one_link_record_one(ada, submit):
    enquiry = enquiry_transition(enquiry=submit(email="race@example.org"), to=S.RESOLVED, actor=ada)
    barrier = threading.Barrier(10)
    results, errors = [], []

    def worker(score):
        try:
            barrier.wait(timeout=10)
            _rating, created = ratings_service.rating_record(
                enquiry=enquiry, score=score, comment=f"Try {score}"
            )
            results.append(created)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=((n % 5) + 1,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(results) == [False] * 9 + [True]
    assert SatisfactionRating.objects.filter(enquiry=enquiry).count() == 1
    assert Event.objects.filter(enquiry=enquiry, kind=Event.Kind.RATED).count() == 1
