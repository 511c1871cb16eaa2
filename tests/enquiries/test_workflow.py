import datetime
from unittest import mock

from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import pytest

from enquiries import deadlines, services
from enquiries.factories import AdviserFactory
from enquiries.mail import outbox
from enquiries.models import Enquiry, Event, OutboundEmail
from enquiries.services import TransitionNotAllowed, enquiry_transition
from enquiries.states import TRANSITIONS

S = Enquiry.Status
ALL = list(S.values)

pytestmark = pytest.mark.django_db


@pytest.fixture
def adviser(teams):
    return AdviserFactory(email="adviser@sor.example", team=teams["rtp_england"])


def test_submission_is_routed_assigned_and_audited(teams, adviser, submit):
    enquiry = submit()
    assert enquiry.team == teams["rtp_england"]
    assert enquiry.assignee == adviser
    assert enquiry.status == S.NEW
    assert enquiry.messages.get().body == "I left the register in 2019."
    assert list(enquiry.events.values_list("kind", flat=True)) == ["submitted", "assigned"]
    assert enquiry.reference.startswith("SOR-") and len(enquiry.reference) == 13
    assert enquiry.due_at > timezone.now()


def test_acknowledgement_and_adviser_notice_are_sent_after_commit(teams, adviser, submit):
    enquiry = submit(name="Sam <script>alert(1)</script>")
    sent = {m.to[0]: m for m in mail.outbox}
    ack = sent["sam@example.org"]
    assert enquiry.reference in ack.subject
    assert ack.extra_headers["Message-ID"].endswith("@portal.sor.example>")
    assert ack.reply_to[0].startswith("reply+")
    assert outbox.enquiry_from_reply_address(ack.reply_to[0]) == enquiry
    html = ack.alternatives[0][0]
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "adviser@sor.example" in sent
    assert enquiry.emails.filter(status=OutboundEmail.Status.SENT).count() == 2


def test_a_forged_reply_address_matches_nothing(teams, submit):
    enquiry = submit()
    assert outbox.enquiry_from_reply_address(f"reply+{enquiry.uuid}@reply.portal.sor.example") is None


def test_header_injection_in_subject_is_flattened(teams, submit):
    enquiry = submit(subject="Help\r\nBcc: victim@example.org")
    ack = enquiry.emails.get(kind="acknowledgement")
    assert "\n" not in ack.subject and "\r" not in ack.subject


def test_double_submit_with_the_same_key_makes_one_enquiry(teams, submit):
    first = submit(key="same-key")
    second = submit(key="same-key")
    assert first.pk == second.pk
    assert Enquiry.objects.count() == 1
    assert OutboundEmail.objects.filter(kind="acknowledgement").count() == 1


def test_unmatched_enquiry_goes_to_the_fallback_team(teams, submit, pathways, nations):
    enquiry = submit(pathway=None, who="other")
    assert enquiry.team == teams["ir"]


def test_rules_are_tried_in_order_and_inactive_ones_skipped(teams, submit, nations):
    assert submit(nation=nations["wales"]).team == teams["rtp_devolved"]
    teams["rtp_devolved"].rules.update(is_active=False)
    assert submit(nation=nations["wales"]).team == teams["ir"]


def test_assignment_goes_to_the_adviser_with_fewest_open_enquiries(teams, submit):
    a = AdviserFactory(email="a@sor.example", team=teams["rtp_england"])
    b = AdviserFactory(email="b@sor.example", team=teams["rtp_england"])
    owners = [submit().assignee for _ in range(4)]
    assert owners.count(a) == 2 and owners.count(b) == 2


def test_away_and_full_advisers_get_nothing(teams, submit):
    AdviserFactory(email="away@sor.example", team=teams["rtp_england"], away=True)
    full = AdviserFactory(email="full@sor.example", team=teams["rtp_england"], capacity=1)
    assert submit().assignee == full
    unassigned = submit()
    assert unassigned.assignee is None and unassigned.team == teams["rtp_england"]


@pytest.mark.parametrize("source", ALL)
@pytest.mark.parametrize("target", ALL)
def test_every_transition_is_allowed_or_refused_as_the_table_says(teams, submit, source, target):
    enquiry = submit()
    Enquiry.objects.filter(pk=enquiry.pk).update(status=source)
    enquiry.refresh_from_db()
    if target in TRANSITIONS[source]:
        enquiry_transition(enquiry=enquiry, to=target)
        assert enquiry.status == target
        event = enquiry.events.filter(kind=Event.Kind.STATUS).get()
        assert (event.from_status, event.to_status) == (source, target)
    else:
        with pytest.raises(TransitionNotAllowed):
            enquiry_transition(enquiry=enquiry, to=target)
        enquiry.refresh_from_db()
        assert enquiry.status == source
        assert not enquiry.events.filter(kind=Event.Kind.STATUS).exists()


def test_unknown_status_is_refused(teams, submit):
    with pytest.raises(TransitionNotAllowed):
        enquiry_transition(enquiry=submit(), to="deleted")


def test_clock_pauses_on_hold_and_resumes_with_the_time_that_was_left(teams, submit):
    enquiry = submit()
    start = timezone.now()
    left = deadlines.working_seconds_between(start, enquiry.due_at)
    enquiry_transition(enquiry=enquiry, to=S.ON_HOLD)
    assert enquiry.due_at is None and abs(enquiry.paused_remaining_seconds - left) <= 2
    later = start + datetime.timedelta(days=10)
    with mock.patch("django.utils.timezone.now", return_value=later):
        enquiry_transition(enquiry=enquiry, to=S.OPEN)
    expected = deadlines.add_working_seconds(later, left)
    assert abs((enquiry.due_at - expected).total_seconds()) <= 2


def test_an_answer_from_the_enquirer_starts_a_fresh_deadline(teams, submit):
    enquiry = submit()
    enquiry_transition(enquiry=enquiry, to=S.AWAITING_ENQUIRER)
    later = timezone.now() + datetime.timedelta(days=30)
    with mock.patch("django.utils.timezone.now", return_value=later):
        enquiry_transition(enquiry=enquiry, to=S.OPEN)
    assert enquiry.due_at == deadlines.add_working_days(later, services.response_working_days(), "ENG")


def test_resolving_stops_the_clock_and_records_when(teams, submit):
    enquiry = submit()
    enquiry_transition(enquiry=enquiry, to=S.RESOLVED)
    assert enquiry.due_at is None and enquiry.resolved_at is not None


def test_provider_down_keeps_the_enquiry_and_retries_until_sent_once(teams, submit, settings):
    settings.EMAIL_BACKEND = "tests.enquiries.failing_backend.EmailBackend"
    from tests.enquiries import failing_backend

    failing_backend.FAILURES_LEFT = 2
    failing_backend.SENT.clear()
    enquiry = submit()
    assert Enquiry.objects.filter(pk=enquiry.pk).exists()
    ack = enquiry.emails.get(kind="acknowledgement")
    assert ack.status == OutboundEmail.Status.RETRYING and ack.attempts == 1
    assert "provider down" in ack.last_error
    # Not yet due: nothing is sent.
    assert outbox.deliver(ack.pk) == "not yet"
    # First retry after a minute fails again (second failure); the next, after 5 more minutes, succeeds.
    for minutes, expected_status in ((2, OutboundEmail.Status.RETRYING), (10, OutboundEmail.Status.SENT)):
        moment = timezone.now() + datetime.timedelta(minutes=minutes)
        with mock.patch("django.utils.timezone.now", return_value=moment):
            assert outbox.deliver_due_retries() >= 1
        ack.refresh_from_db()
        assert ack.status == expected_status
    assert ack.status == OutboundEmail.Status.SENT
    assert [m.to[0] for m in failing_backend.SENT].count("sam@example.org") == 1
    # Sending again does nothing.
    assert outbox.deliver(ack.pk) == "sent"
    assert [m.to[0] for m in failing_backend.SENT].count("sam@example.org") == 1


def test_attachments_are_checked_on_content_and_stored_under_random_names(teams, submit):
    pdf = SimpleUploadedFile("../../etc/passwd.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF", "application/pdf")
    enquiry = submit(files=[pdf])
    attachment = enquiry.messages.get().attachments.get()
    assert attachment.original_name == "passwd.pdf"
    assert attachment.content_type == "application/pdf"
    assert "passwd" not in attachment.file.name and ".." not in attachment.file.name


def test_a_script_renamed_pdf_is_refused(teams, submit):
    fake = SimpleUploadedFile("cv.pdf", b"#!/bin/sh\nrm -rf /\n", "application/pdf")
    with pytest.raises(ValidationError) as err:
        submit(files=[fake])
    assert "not a PDF, Word (DOCX), JPG or PNG file" in str(err.value)
    assert not Enquiry.objects.exists()
