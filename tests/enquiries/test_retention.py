"""Retention: enquiries are anonymised ENQUIRY_RETENTION_MONTHS after they end, and the reports' figures
stay. An enquiry ends when it is closed (any final status) or, if left resolved, when it was resolved.
Emails tied to no enquiry (the overdue digest; automatic replies, discarded, failed and unmatched
emails received) are anonymised the same number of months after they were sent or received."""

from __future__ import annotations

import datetime
import json
import logging

from django.core.files.base import ContentFile
from django.utils import timezone

import pytest

from enquiries.anonymisation import scrub_event_data
from enquiries.factories import AdviserFactory, TeamLeadFactory
from enquiries.mail import enquiry_emails
from enquiries.models import (
    Attachment,
    DeliveryEvent,
    Enquiry,
    Event,
    InboundEmail,
    Message,
    OutboundEmail,
    SatisfactionRating,
)
from enquiries.retention import (
    anonymise_expired_enquiries,
    expired_enquiries,
    retention_cutoff,
    retention_run,
    unlinked_emails_anonymise,
)
from enquiries.services import enquiry_transition
from portal.management.commands.run_scheduler import daily_tasks
from tests.portal.test_privacy_export import build_person

pytestmark = pytest.mark.django_db

S = Enquiry.Status
NOW = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC)
#: 24 months before NOW.
BOUNDARY = datetime.datetime(2024, 11, 20, 10, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def retention_months(settings):
    settings.ENQUIRY_RETENTION_MONTHS = 24


@pytest.fixture
def adviser(teams):
    return AdviserFactory(email="ada@sor.example", team=teams["rtp_england"])


def ended(enquiry, status, at):
    """Move an enquiry to `status` (through the workflow), then date its end `at`."""
    if status in (S.CLOSED,):
        enquiry_transition(enquiry=enquiry, to=S.AWAITING_ENQUIRER)
    if status == S.MERGED:
        Enquiry.objects.filter(pk=enquiry.pk).update(status=S.MERGED, closed_at=at)
        return Enquiry.objects.get(pk=enquiry.pk)
    enquiry_transition(enquiry=enquiry, to=status)
    field = "resolved_at" if status == S.RESOLVED else "closed_at"
    Enquiry.objects.filter(pk=enquiry.pk).update(**{field: at})
    return Enquiry.objects.get(pk=enquiry.pk)


def test_the_boundary_is_the_configured_number_of_months():
    assert retention_cutoff(NOW) == BOUNDARY


def test_one_day_after_the_boundary_it_is_anonymised_one_day_before_it_is_kept(submit, adviser):
    older = ended(submit(name="Older Person"), S.CLOSED, BOUNDARY - DAY)  # ended 24 months and a day ago
    newer = ended(submit(name="Newer Person"), S.CLOSED, BOUNDARY + DAY)  # 24 months less a day ago

    assert retention_run(now=NOW) == 1

    older.refresh_from_db()
    newer.refresh_from_db()
    assert older.anonymised_at == NOW and older.name == ""
    assert newer.anonymised_at is None and newer.name == "Newer Person"


def test_an_enquiry_left_resolved_counts_from_its_resolution(submit, adviser):
    older = ended(submit(name="Resolved Long Ago"), S.RESOLVED, BOUNDARY - DAY)
    newer = ended(submit(name="Resolved Lately"), S.RESOLVED, BOUNDARY + DAY)
    retention_run(now=NOW)
    assert Enquiry.objects.get(pk=older.pk).anonymised_at is not None
    assert Enquiry.objects.get(pk=newer.pk).anonymised_at is None


@pytest.mark.parametrize("status", [S.CLOSED, S.WITHDRAWN, S.SPAM, S.MERGED])
def test_every_final_status_ends_an_enquiry(submit, adviser, status):
    enquiry = ended(submit(), status, BOUNDARY - DAY)
    assert list(expired_enquiries(NOW)) == [enquiry]


def test_enquiries_still_in_progress_are_never_anonymised_however_old(submit, adviser):
    enquiry = submit()
    Enquiry.objects.filter(pk=enquiry.pk).update(created_at=NOW - datetime.timedelta(days=3650))
    for status in (S.OPEN, S.AWAITING_ENQUIRER, S.ON_HOLD):
        Enquiry.objects.filter(pk=enquiry.pk).update(status=status)
        assert retention_run(now=NOW) == 0


def test_the_retention_period_is_a_setting(submit, adviser, settings):
    enquiry = ended(submit(), S.CLOSED, NOW - datetime.timedelta(days=200))
    assert retention_run(now=NOW) == 0
    settings.ENQUIRY_RETENTION_MONTHS = 6
    assert retention_run(now=NOW) == 1
    assert Enquiry.objects.get(pk=enquiry.pk).anonymised_at is not None


def test_what_anonymising_removes_and_what_it_keeps(
    teams, nations, pathways, topics, adviser, django_capture_on_commit_callbacks, mailoutbox
):
    person = build_person(
        "carol",
        teams=teams,
        nations=nations,
        pathways=pathways,
        topics=topics,
        adviser=adviser,
        capture=django_capture_on_commit_callbacks,
    )
    enquiry = person.enquiry
    enquiry_transition(enquiry=enquiry, to=S.CLOSED, actor=adviser, reason="Carol said thanks by phone")
    Enquiry.objects.filter(pk=enquiry.pk).update(closed_at=BOUNDARY - DAY)
    before = Enquiry.objects.get(pk=enquiry.pk)
    files = [a.file for a in Attachment.objects.filter(message__enquiry=enquiry)]
    files += [i.raw for i in InboundEmail.objects.filter(enquiry=enquiry)]
    assert files and all(f.storage.exists(f.name) for f in files)
    Event.objects.create(
        enquiry=enquiry, kind=Event.Kind.NOTE, data={"refused_attachments": ["carol-cv.exe"], "inbound": 7}
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert retention_run(now=NOW) == 1

    after = Enquiry.objects.get(pk=enquiry.pk)
    # Removed
    assert (after.name, after.email, after.hcpc_number, after.subject, after.user_id) == (
        "",
        "",
        "",
        "",
        None,
    )
    assert set(Message.objects.filter(enquiry=enquiry).values_list("body", "body_visible")) == {("", "")}
    assert not Message.objects.filter(enquiry=enquiry, kind="inbound", author__isnull=False).exists()
    assert not Attachment.objects.filter(message__enquiry=enquiry).exists()
    assert not any(f.storage.exists(f.name) for f in files)
    inbound = InboundEmail.objects.get(enquiry=enquiry)
    assert (inbound.raw.name, inbound.from_address, inbound.subject) == ("", "", "")
    for email in OutboundEmail.objects.filter(enquiry=enquiry):
        assert (email.to, email.reply_to, email.subject, email.body_text, email.body_html) == ("",) * 5
    assert set(
        DeliveryEvent.objects.filter(email__enquiry=enquiry).values_list("description", flat=True)
    ) == {""}
    rating = SatisfactionRating.objects.get(enquiry=enquiry)
    assert rating.comment == ""
    everything = json.dumps(list(Event.objects.filter(enquiry=enquiry).values("data")))
    assert "Carol" not in everything and "carol" not in everything
    assert not Event.objects.filter(enquiry=enquiry, actor=person.user).exists()

    # Kept for the reports
    for name in (
        "status",
        "who",
        "pathway_id",
        "nation_id",
        "profession",
        "topic_id",
        "team_id",
        "assignee_id",
        "created_at",
        "first_responded_at",
        "resolved_at",
        "closed_at",
        "first_response_seconds",
        "resolution_seconds",
        "responded_within_deadline",
        "reference",
    ):
        assert getattr(after, name) == getattr(before, name), name
    assert after.first_response_seconds is not None and after.responded_within_deadline is not None
    assert rating.score == 4
    assert Message.objects.filter(enquiry=enquiry).count() == 4
    assert Event.objects.filter(enquiry=enquiry, kind="status", to_status=S.CLOSED).exists()
    assert Event.objects.get(enquiry=enquiry, kind=Event.Kind.NOTE, data__inbound=7).data == {"inbound": 7}
    anonymised = Event.objects.get(enquiry=enquiry, kind=Event.Kind.ANONYMISED)
    assert anonymised.created_at == NOW and anonymised.data == {"cause": "retention"}
    # Carol's other enquiry has not ended: untouched.
    assert Enquiry.objects.get(pk=person.second_enquiry.pk).name == "Carol Testperson"


def test_running_again_changes_nothing(submit, adviser):
    enquiry = ended(submit(), S.CLOSED, BOUNDARY - DAY)
    assert retention_run(now=NOW) == 1
    assert retention_run(now=NOW + DAY) == 0
    assert Event.objects.filter(enquiry=enquiry, kind=Event.Kind.ANONYMISED).count() == 1


def test_it_works_in_batches(submit, adviser):
    enquiries = [ended(submit(), S.CLOSED, BOUNDARY - DAY * (n + 1)) for n in range(5)]
    assert retention_run(now=NOW, batch_size=2) == 5
    assert all(Enquiry.objects.get(pk=e.pk).anonymised_at == NOW for e in enquiries)


def test_the_queries_per_batch_stay_flat_as_enquiries_grow(submit, adviser, django_assert_max_num_queries):
    """Set-based updates: the same queries for 2 enquiries as for 8. (Wagtail's SQLite search backend
    rewrites each index entry with its own UPDATE; on PostgreSQL that is one upsert, so it is left out.)"""

    def expire(count):
        return [ended(submit(), S.CLOSED, BOUNDARY - DAY) for _ in range(count)]

    def ours(context):
        return [q["sql"] for q in context.captured_queries if "wagtailsearch_" not in q["sql"]]

    expire(2)
    with django_assert_max_num_queries(100) as two:
        assert retention_run(now=NOW) == 2
    expire(8)
    with django_assert_max_num_queries(100) as eight:
        assert retention_run(now=NOW) == 8
    assert len(ours(eight)) == len(ours(two)) <= 32


def test_the_free_text_of_event_data_is_dropped():
    assert scrub_event_data(
        {
            "reason": "Sam rang to say thanks",
            "by": "enquirer",
            "team": 3,
            "auto": True,
            "to": None,
            "into_reference": "SOR-AAAA-BBBB",
            "with": ["SOR-CCCC-DDDD"],
            "refused_attachments": ["sam-passport.exe"],
            "from": "sam@example.org",
            "by_address": "x@example.org",
            "nested": {"name": "Sam"},
        }
    ) == {
        "by": "enquirer",
        "team": 3,
        "auto": True,
        "to": None,
        "into_reference": "SOR-AAAA-BBBB",
        "with": ["SOR-CCCC-DDDD"],
    }


def test_the_daily_task_runs_the_retention_job(submit, adviser):
    enquiry = ended(submit(), S.CLOSED, timezone.now() - datetime.timedelta(days=800))
    assert anonymise_expired_enquiries in daily_tasks()
    result = anonymise_expired_enquiries.enqueue()
    assert result.return_value == 1
    assert Enquiry.objects.get(pk=enquiry.pk).anonymised_at is not None


# --------------------------------------------------------------------------------------------------
# Emails tied to no enquiry
# --------------------------------------------------------------------------------------------------


def digest_to_lead(lead, enquiries, *, at, capture):
    """The overdue digest (tied to no enquiry: it lists several), sent and dated `at`."""
    with capture(execute=True):
        email = enquiry_emails.queue_overdue_digest(lead=lead, enquiries=enquiries, now=at)
    OutboundEmail.objects.filter(pk=email.pk).update(created_at=at)
    DeliveryEvent.objects.create(
        email=email, provider="postmark", event_type="delivered", description=f"accepted by {lead.email}"
    )
    return OutboundEmail.objects.get(pk=email.pk)


def unmatched_inbound(status, *, sender, at, key):
    """An email received and never tied to an enquiry, with its raw file stored."""
    record = InboundEmail(
        provider="postmark",
        dedupe_key=f"unmatched-{key}",
        from_address=sender,
        subject=f"Out of office: {sender}",
        header_message_id=f"<{key}@mail.example.com>",
        status=status,
        reason="Automatic reply"
        if status == InboundEmail.Status.AUTO_REPLY
        else "No enquiry matches this email",
        spam_detected=False,
        received_at=at,
        processed_at=at,
    )
    record.raw.save(
        f"{key}.eml", ContentFile(f"From: {sender}\n\nI am away until Monday.\n".encode()), save=False
    )
    record.save()
    return record


@pytest.fixture
def lead(teams):
    return TeamLeadFactory(email="lead.england@sor.example", team=teams["rtp_england"], capacity=0)


def test_emails_tied_to_no_enquiry_are_anonymised_a_day_after_the_boundary_and_kept_a_day_before(
    submit, adviser, lead, django_capture_on_commit_callbacks, mailoutbox
):
    listed = submit(name="Listed Person", subject="Listed-subject-token", email="listed@example.org")
    older_digest = digest_to_lead(
        lead, [listed], at=BOUNDARY - DAY, capture=django_capture_on_commit_callbacks
    )
    newer_digest = digest_to_lead(
        lead, [listed], at=BOUNDARY + DAY, capture=django_capture_on_commit_callbacks
    )
    assert "Listed-subject-token" in older_digest.body_text + older_digest.body_html
    statuses = [
        InboundEmail.Status.AUTO_REPLY,
        InboundEmail.Status.DISCARDED,
        InboundEmail.Status.FAILED,
        InboundEmail.Status.QUARANTINED,
    ]
    older_inbound = [
        unmatched_inbound(status, sender=f"old{n}@example.net", at=BOUNDARY - DAY, key=f"old{n}")
        for n, status in enumerate(statuses)
    ]
    newer_inbound = [
        unmatched_inbound(status, sender=f"new{n}@example.net", at=BOUNDARY + DAY, key=f"new{n}")
        for n, status in enumerate(statuses)
    ]
    old_files = [(r.raw.storage, r.raw.name) for r in older_inbound]
    assert all(storage.exists(name) for storage, name in old_files)

    with django_capture_on_commit_callbacks(execute=True):
        retention_run(now=NOW)

    # A day past the boundary: addresses, text and raw files gone...
    digest = OutboundEmail.objects.get(pk=older_digest.pk)
    assert (digest.to, digest.reply_to, digest.subject, digest.body_text, digest.body_html) == ("",) * 5
    assert DeliveryEvent.objects.get(email=digest).description == ""
    for record in InboundEmail.objects.filter(pk__in=[r.pk for r in older_inbound]):
        assert (record.raw.name, record.from_address, record.subject, record.reason) == ("", "", "", "")
        assert record.header_message_id == ""
    assert not any(storage.exists(name) for storage, name in old_files)
    # ...and what the statistics count stays.
    assert (digest.kind, digest.status, digest.created_at, digest.sent_at) == (
        older_digest.kind,
        OutboundEmail.Status.SENT,
        older_digest.created_at,
        older_digest.sent_at,
    )
    assert digest.sent_at is not None
    assert [
        (r.status, r.received_at, r.provider, r.spam_detected)
        for r in InboundEmail.objects.filter(pk__in=[r.pk for r in older_inbound]).order_by("pk")
    ] == [(s, BOUNDARY - DAY, "postmark", False) for s in statuses]

    # A day before the boundary: untouched.
    assert OutboundEmail.objects.get(pk=newer_digest.pk).body_text == newer_digest.body_text
    assert OutboundEmail.objects.get(pk=newer_digest.pk).to == lead.email
    assert DeliveryEvent.objects.get(email=newer_digest).description == f"accepted by {lead.email}"
    for record in newer_inbound:
        kept = InboundEmail.objects.get(pk=record.pk)
        assert (kept.from_address, kept.subject, kept.raw.name) == (
            record.from_address,
            record.subject,
            record.raw.name,
        )
        assert kept.raw.storage.exists(kept.raw.name)
    # The enquiry the digest listed has not ended: untouched.
    assert Enquiry.objects.get(pk=listed.pk).subject == "Listed-subject-token"


def test_the_sweep_counts_from_creation_whatever_the_setting(submit, adviser, lead, settings):
    record = unmatched_inbound(
        InboundEmail.Status.AUTO_REPLY,
        sender="away@example.net",
        at=NOW - datetime.timedelta(days=200),
        key="a",
    )
    assert unlinked_emails_anonymise(now=NOW) == {}
    settings.ENQUIRY_RETENTION_MONTHS = 6
    assert unlinked_emails_anonymise(now=NOW) == {"enquiries.InboundEmail": 1}
    assert InboundEmail.objects.get(pk=record.pk).from_address == ""
    assert unlinked_emails_anonymise(now=NOW) == {}  # running again changes nothing


def test_an_old_unsent_email_tied_to_no_enquiry_is_stopped_before_it_is_blanked(
    submit, adviser, lead, django_capture_on_commit_callbacks, mailoutbox
):
    digest = digest_to_lead(lead, [], at=BOUNDARY - DAY, capture=django_capture_on_commit_callbacks)
    OutboundEmail.objects.filter(pk=digest.pk).update(
        status=OutboundEmail.Status.RETRYING, next_attempt_at=NOW
    )
    unlinked_emails_anonymise(now=NOW)
    digest.refresh_from_db()
    assert (digest.status, digest.next_attempt_at, digest.to) == (OutboundEmail.Status.SUPPRESSED, None, "")


def test_an_email_tied_to_an_enquiry_waits_for_its_enquiry(submit, adviser):
    enquiry = submit(name="Open Person", email="open@example.org")
    Enquiry.objects.filter(pk=enquiry.pk).update(created_at=BOUNDARY - DAY * 30)
    OutboundEmail.objects.filter(enquiry=enquiry).update(created_at=BOUNDARY - DAY * 30)
    retention_run(now=NOW)
    assert OutboundEmail.objects.filter(enquiry=enquiry, to="open@example.org").exists()


def test_retention_logs_no_address_or_name(
    submit, adviser, lead, caplog, django_capture_on_commit_callbacks, mailoutbox
):
    caplog.set_level(logging.DEBUG)
    gone = ended(submit(name="Logged Person", email="logged@example.org"), S.CLOSED, BOUNDARY - DAY)
    digest_to_lead(lead, [gone], at=BOUNDARY - DAY, capture=django_capture_on_commit_callbacks)
    unmatched_inbound(InboundEmail.Status.AUTO_REPLY, sender="away@example.net", at=BOUNDARY - DAY, key="l")
    caplog.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert retention_run(now=NOW) == 1

    assert any("Retention:" in r.getMessage() for r in caplog.records)
    for record in caplog.records:
        line = f"{record.getMessage()} {record.exc_text or ''}".lower()
        for token in ("logged", "person", "example.org", "example.net", "sor.example", "ada"):
            assert token not in line, record.getMessage()
