"""Workflow rules that live in services, not views: the intake's spam policy and the adviser's reply
refused when the enquirer has written again since the adviser opened the page."""

from django.core import mail
from django.test import RequestFactory, override_settings

import pytest

from enquiries.factories import AdviserFactory
from enquiries.intake.spam import Verdict, screen_submission
from enquiries.models import Message
from enquiries.services import EnquirerWroteAgain, adviser_reply, enquirer_reply


def _request(ip="203.0.113.9"):
    return RequestFactory().post("/get-help/", REMOTE_ADDR=ip)


@pytest.mark.django_db
@override_settings(ENQUIRY_RATE_LIMITS={"get_help": "2/h/ip,2/h/key"})
def test_the_spam_policy_discards_bots_slows_the_hasty_and_limits_the_many():
    from django.core.cache import cache

    cache.clear()
    assert screen_submission(_request(), honeypot="http://spam", filled_too_fast=False, email="a@x.org") is (
        Verdict.DISCARD
    )
    assert (
        screen_submission(_request(), honeypot="", filled_too_fast=True, email="a@x.org") is Verdict.TOO_FAST
    )
    # Neither of those used the person's allowance of two.
    assert (
        screen_submission(_request(), honeypot="", filled_too_fast=False, email="a@x.org") is Verdict.ACCEPT
    )
    assert (
        screen_submission(_request(), honeypot="", filled_too_fast=False, email="A@X.org") is Verdict.ACCEPT
    )
    assert screen_submission(
        _request("198.51.100.1"), honeypot="", filled_too_fast=False, email="a@x.org"
    ) is (Verdict.LIMITED)


@pytest.mark.django_db
def test_a_reply_written_before_the_enquirer_wrote_again_is_refused_and_nothing_is_sent(
    submit, teams, django_capture_on_commit_callbacks
):
    adviser = AdviserFactory(email="eng@sor.example", team=teams["rtp_england"])
    enquiry = submit(email="a@example.org")
    seen = enquiry.messages.latest("pk").pk
    enquirer_reply(enquiry=enquiry, user=None, body="Also: does teaching count?")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(EnquirerWroteAgain):
        adviser_reply(enquiry=enquiry, author=adviser, body="You need 30 days.", seen_message_id=seen)

    assert not enquiry.messages.filter(kind=Message.Kind.OUTBOUND).exists()
    assert mail.outbox == []
    newest = enquiry.messages.latest("pk").pk
    adviser_reply(enquiry=enquiry, author=adviser, body="You need 30 days.", seen_message_id=newest)
    assert enquiry.messages.filter(kind=Message.Kind.OUTBOUND).count() == 1
