"""The enquirer reads plain words for the status and every due time reads "by 3pm on Tuesday 8
December" in UK time, staff and enquirer alike; staff keep the internal status names."""

from __future__ import annotations

import datetime

from django.core import mail
from django.test import Client
from django.utils import timezone

import pytest
from allauth.account.models import EmailAddress

from enquiries import deadlines, states
from enquiries.factories import AdviserFactory
from enquiries.models import Enquiry
from enquiries.services import adviser_reply
from portal.models import User
from tests.conftest import mfa_login, visible_text

pytestmark = pytest.mark.django_db

S = Enquiry.Status
UK = deadlines.UK_TIME


def enquirer(email):
    user = User.objects.create_user(email=email, password="long-password-123")
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def ada(teams):
    return AdviserFactory(email="ada@sor.example", team=teams["rtp_england"], last_name="Adviser")


def test_every_status_has_plain_words_for_the_enquirer():
    assert set(states.ENQUIRER_STATUS_LABELS) == set(S.values)
    assert states.enquirer_status(S.AWAITING_ENQUIRER) == "Waiting for your reply"
    assert states.enquirer_status(S.SPAM) == "Closed"  # never "spam" to the person who asked


def test_the_enquirer_sees_waiting_for_your_reply_and_staff_see_awaiting_enquirer(
    client, ada, submit, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    enquiry = submit(email="rebecca@example.org", name="Rebecca Jones")
    with django_capture_on_commit_callbacks(execute=True):
        adviser_reply(enquiry=enquiry, author=ada, body="Which year did you leave?", then=S.AWAITING_ENQUIRER)
    client.force_login(enquirer("rebecca@example.org"))
    with django_assert_max_num_queries(12):
        listing = visible_text(client.get("/my-enquiries/"))
    page = visible_text(client.get(f"/my-enquiries/{enquiry.reference}/"))
    for text in (listing, page):
        assert "Waiting for your reply" in text
        assert "Awaiting enquirer" not in text and "awaiting enquirer" not in text.lower()
    staff = visible_text(mfa_login(Client(), ada).get(f"/admin/enquiries/{enquiry.pk}/"))
    assert "Awaiting enquirer" in staff


def test_the_due_time_reads_as_people_say_it_on_the_confirmation_and_in_the_emails(
    client, ada, submit, settings
):
    mail.outbox.clear()
    enquiry = submit(email="rebecca@example.org", name="Rebecca Jones")
    expected = deadlines.due_by(enquiry.due_at)
    assert expected.startswith("by ") and " on " in expected
    local = enquiry.due_at.astimezone(UK)
    assert deadlines.DAY_START <= local.time() <= deadlines.DAY_END
    [ack] = [m for m in mail.outbox if m.to == ["rebecca@example.org"]]
    assert f"An adviser will reply {expected}." in ack.body
    assert expected in ack.alternatives[0][0]
    [notice] = [m for m in mail.outbox if m.to == ["ada@sor.example"]]
    assert f"Reply due: {expected}" in notice.body
    staff = mfa_login(Client(), ada)
    assert expected[0].upper() + expected[1:] in visible_text(staff.get(f"/admin/enquiries/{enquiry.pk}/"))
    assert expected[0].upper() + expected[1:] in visible_text(staff.get("/admin/enquiries/"))
    client.force_login(enquirer("rebecca@example.org"))
    assert expected[0].upper() + expected[1:] in visible_text(
        client.get(f"/my-enquiries/{enquiry.reference}/")
    )


def test_a_due_time_on_a_weekday_afternoon_is_shown_in_uk_time_not_utc(ada, submit):
    enquiry = submit(email="rebecca@example.org")
    # 15:00 UTC on a summer Tuesday is 4pm in London.
    due = datetime.datetime(2027, 7, 6, 15, 0, tzinfo=datetime.UTC)
    Enquiry.objects.filter(pk=enquiry.pk).update(due_at=due)
    text = visible_text(mfa_login(Client(), ada).get(f"/admin/enquiries/{enquiry.pk}/"))
    year = "" if timezone.localdate().year == 2027 else " 2027"
    assert f"By 4pm on Tuesday 6 July{year}" in text
