"""A reply's greeting and sign-off are the composer's, once: canned responses are bodies only."""

from __future__ import annotations

import importlib

from django.apps import apps as global_apps
from django.core.exceptions import ValidationError
from django.test import Client

import pytest

from enquiries import letters
from enquiries.demo.data import load
from enquiries.factories import AdviserFactory, CannedResponseFactory, TeamLeadFactory
from enquiries.models import CannedResponse, Enquiry, Message
from tests.conftest import error_summary_text, field_error_text, mfa_login, soup

pytestmark = pytest.mark.django_db

S = Enquiry.Status
ADD = "/admin/snippets/enquiries/cannedresponse/add/"
SIGN_OFF = "Best wishes,\nAda Adviser\nSociety of Radiographers"


@pytest.fixture
def ada(teams):
    return AdviserFactory(email="ada@sor.example", team=teams["rtp_england"], last_name="Adviser")


@pytest.fixture
def enquiry(ada, submit):
    return submit(name="Rebecca Jones", subject="How many updating days do I need?")


def page(enquiry) -> str:
    return f"/admin/enquiries/{enquiry.pk}/"


def reply_box(response) -> str:
    return soup(response).find("textarea", attrs={"name": "reply-body"}).get_text().strip()


def test_a_new_reply_starts_with_the_greeting_and_the_advisers_sign_off(ada, enquiry):
    response = mfa_login(Client(), ada).get(page(enquiry))
    assert reply_box(response) == f"Dear Rebecca,\n\n\n\n{SIGN_OFF}"


def test_a_canned_response_goes_between_the_advisers_words_and_the_sign_off_once(ada, enquiry):
    canned = CannedResponseFactory(body="You need 60 days of updating (reference {reference}).")
    client = mfa_login(Client(), ada)
    draft = f"Dear Rebecca,\n\nThank you for writing.\n\n{SIGN_OFF}"
    response = client.post(
        page(enquiry),
        {"action": "insert-canned", "reply-body": draft, "reply-canned": canned.pk, "reply-then": S.OPEN},
    )
    text = reply_box(response)
    assert text == (
        f"Dear Rebecca,\n\nThank you for writing.\n\n"
        f"You need 60 days of updating (reference {enquiry.reference}).\n\n{SIGN_OFF}"
    )
    assert text.count("Dear Rebecca") == 1 and text.count("Best wishes") == 1
    client.post(page(enquiry), {"action": "reply", "reply-body": text, "reply-then": S.AWAITING_ENQUIRER})
    sent = enquiry.messages.get(kind=Message.Kind.OUTBOUND).body
    assert sent.count("Dear Rebecca") == 1 and sent.count("Best wishes") == 1


def test_a_reply_with_nothing_between_greeting_and_sign_off_is_refused(ada, enquiry):
    response = mfa_login(Client(), ada).post(
        page(enquiry),
        {"action": "reply", "reply-body": f"Dear Rebecca,\n\n\n{SIGN_OFF}", "reply-then": S.OPEN},
    )
    assert response.status_code == 200
    message = "Write your reply between the greeting and your sign-off"
    assert message in field_error_text(response, "reply-body")
    assert message in error_summary_text(response)
    assert not enquiry.messages.filter(kind=Message.Kind.OUTBOUND).exists()


@pytest.mark.parametrize(
    "body",
    [
        "Dear {first_name},\n\nYou need 60 days.",
        "Hi Rebecca\nYou need 60 days.",
        "Good morning,\n\nYou need 60 days.",
        "You need 60 days.\n\nBest wishes,\n{adviser_name}\nSociety of Radiographers",
        "You need 60 days.\n\nKind regards",
        "You need 60 days.\n\n{adviser_name}",
        "You need 60 days. Best wishes, {adviser_name}",
    ],
)
def test_a_canned_response_with_its_own_greeting_or_sign_off_is_refused(body):
    with pytest.raises(ValidationError) as refused:
        CannedResponse(title="Updating days", body=body).full_clean()
    assert "every reply already" in " ".join(refused.value.message_dict["body"])


@pytest.mark.parametrize(
    "body",
    [
        "You need 60 days of updating.",
        "Thank you for your patience: the HCPC has replied and you need 60 days.",
        "The HCPC says hi to no one; the register is at {reference}.",
        "Ask your supervisor, who signs it with their best wishes for the assessment.",
    ],
)
def test_a_canned_response_that_is_only_an_answer_is_accepted(body):
    CannedResponse(title="Updating days", body=body).full_clean()


def test_a_team_lead_is_told_beside_the_field_why_a_greeting_is_refused(teams):
    lead = TeamLeadFactory(email="lead@sor.example", team=teams["ir"])
    client = mfa_login(Client(), lead)
    response = client.post(
        ADD,
        {"title": "Hello", "body": "Dear {first_name},\n\nYou need 60 days.\n\nBest wishes,\n{adviser_name}"},
    )
    assert response.status_code == 200
    errors = field_error_text(response, "body")
    assert "Remove the greeting" in errors and "Remove the sign-off" in errors
    assert not CannedResponse.objects.exists()
    hostile = client.post(ADD, {"title": "<script>x</script>", "body": "Hi\x00 <script>alert(1)</script>"})
    assert hostile.status_code == 200 and "<script>alert(1)" not in hostile.content.decode()
    assert not CannedResponse.objects.exists()
    accepted = client.post(ADD, {"title": "Updating days", "body": "You need 60 days.", "is_active": "on"})
    assert accepted.status_code == 302
    assert CannedResponse.objects.get().body == "You need 60 days."


def test_the_demo_canned_responses_are_answers_only():
    for canned in load().canned:
        CannedResponse(title=canned.title, body=canned.body).full_clean()


def test_the_migration_takes_greetings_and_sign_offs_off_saved_responses():
    migration = importlib.import_module(
        "enquiries.migrations.0008_canned_responses_without_greeting_or_sign_off"
    )
    old = CannedResponseFactory(
        body="Dear {first_name},\n\nYou need 60 days.\n\nBest wishes,\n{adviser_name}\n"
        "Society of Radiographers (ref. {reference})\n"
    )
    inline = CannedResponseFactory(body="Dear {first_name}, about {reference}: 30 days.")
    answer = CannedResponseFactory(body="You need 60 days.")
    only_greeting = CannedResponseFactory(body="Dear {first_name},")
    migration.strip_greetings_and_sign_offs(global_apps, None)
    for canned in (old, inline, answer, only_greeting):
        canned.refresh_from_db()
    assert old.body == "You need 60 days."
    assert inline.body == "about {reference}: 30 days."
    assert answer.body == "You need 60 days."
    assert only_greeting.body == "Dear {first_name},"  # left for a team lead: nothing else to keep


def test_the_letter_functions_agree_with_each_other():
    draft = letters.starting_draft(first_name="Sam", adviser_name="Ada Adviser")
    assert letters.is_only_the_frame(draft, first_name="Sam", adviser_name="Ada Adviser")
    filled = letters.insert(draft, "You need 30 days.", adviser_name="Ada Adviser")
    assert not letters.is_only_the_frame(filled, first_name="Sam", adviser_name="Ada Adviser")
    assert letters.opens_with_greeting(filled) and letters.ends_with_sign_off(filled)
    assert letters.greeting("") == "Hello,"
