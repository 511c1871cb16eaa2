"""Personal data in Django's and Wagtail's own models: sessions, the admin history (log entries), the
search index, and what a member of staff leaves in the admin (pages, revisions, workflow, comments,
uploads, editing state, profile).

Alice is a member of staff who edits content (`add_admin_records`). Her export lists all of it;
erasing her deletes what is hers alone (profile and photo, sessions, unsaved state and uploads,
subscriptions), keeps the organisation's records of its content (linked to her now anonymised
account) and takes her name and addresses out of the admin history.
"""

from __future__ import annotations

import datetime
import json

from django.contrib.sessions.models import Session
from django.test import Client

from wagtail.admin.models import EditingSession, FormState
from wagtail.log_actions import log
from wagtail.models import (
    Comment,
    CommentReply,
    ModelLogEntry,
    Page,
    PageLogEntry,
    PageSubscription,
    Revision,
    TaskState,
    UploadedFile,
    WorkflowState,
)
from wagtail.search.models import IndexEntry
from wagtail.users.models import UserProfile

import pytest

from enquiries.models import Enquiry, Suppression
from enquiries.retention import retention_run
from portal import privacy
from portal.models import User

from . import test_privacy_export as export_tests
from .test_privacy_export import export_zip, rows

pytestmark = pytest.mark.django_db

nations, pathways, topics, teams = (
    export_tests.nations,
    export_tests.pathways,
    export_tests.topics,
    export_tests.teams,
)
adviser, people, admin_records = export_tests.adviser, export_tests.people, export_tests.admin_records


@pytest.fixture(autouse=True)
def erasure_log(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    settings.PRIVACY_ERASURE_KEY = "test-erasure-key-6c1d"


def test_the_export_lists_the_admin_history_about_them_and_by_them(people, admin_records):
    alice, bob = people
    archive = export_zip(alice.email)
    entries = {e["id"]: e for e in rows(archive, "wagtailcore.ModelLogEntry")}
    about = entries[admin_records.suppression_entry.pk]
    assert about["about_you"] and alice.email in about["label"] and about["action"] == "wagtail.create"
    assert entries[admin_records.account_entry.pk]["label"] == alice.name
    # What she did to someone else's row: the action and date, not the row's label.
    own = entries[admin_records.own_entry.pk]
    assert own["done_by_you"] and "label" not in own
    # Entries about other people's rows done by other people are not hers.
    assert admin_records.mention_entry.pk not in entries
    assert rows(archive, "wagtailcore.PageLogEntry")[0]["page"] == f"Page edited by {alice.key}"
    assert {r["expire_date"] is not None for r in rows(archive, "sessions.Session")} == {True}
    assert len(rows(archive, "sessions.Session")) == 2
    assert rows(archive, "wagtailsearch.IndexEntry")  # her enquiries are indexed
    # Nothing of Bob's history.
    assert bob.email.encode() not in archive.read("data.json")


def test_erasure_deletes_what_is_hers_alone_and_keeps_the_content_records(
    people, admin_records, django_capture_on_commit_callbacks
):
    alice, _bob = people
    user = alice.user
    files = admin_records.files
    assert all(f.storage.exists(f.name) for f in files)
    signed_in = Client()
    signed_in.cookies["sessionid"] = admin_records.session_keys[0]

    with django_capture_on_commit_callbacks(execute=True):
        record = privacy.erase_subject(alice.email, reason="Request 70")

    # Hers alone: deleted, with the photo and the unsaved upload.
    for model in (UserProfile, EditingSession, FormState, PageSubscription):
        assert not model.objects.filter(user=user).exists(), model
    assert not UploadedFile.objects.filter(uploaded_by_user=user).exists()
    assert not any(f.storage.exists(f.name) for f in files)
    assert not Session.objects.filter(session_key__in=admin_records.session_keys).exists()
    assert "wagtailusers.UserProfile" in record.counts and "sessions.Session" in record.counts
    # The organisation's records of its content stay, linked to the anonymised account...
    page = Page.objects.get(pk=admin_records.page.pk)
    assert page.owner_id == user.pk and User.objects.get(pk=user.pk).email.endswith("@erased.invalid")
    assert Revision.objects.filter(user=user).exists() and WorkflowState.objects.filter(requested_by=user)
    assert Comment.objects.get(user=user).text.startswith("alice-comment-text")
    assert CommentReply.objects.filter(user=user).exists() and TaskState.objects.filter(finished_by=user)
    assert PageLogEntry.objects.filter(user=user).exists()
    # ...but her lock is released, or nobody could edit the page again.
    assert (page.locked, page.locked_by_id, page.locked_at) == (False, None, None)


def test_erasure_takes_her_out_of_the_admin_history(people, admin_records):
    alice, _bob = people
    privacy.erase_subject(alice.email, reason="Request 71")

    def entry(e):
        return ModelLogEntry.objects.get(pk=e.pk)

    # About her rows (her suppression, now deleted; her account): no label, whoever logged it.
    assert entry(admin_records.suppression_entry).label == privacy.HISTORY_LABEL_ERASED
    assert not Suppression.objects.filter(email=alice.email).exists()
    assert entry(admin_records.account_entry).label == privacy.HISTORY_LABEL_ERASED
    # What she did to another team: kept as it was (the team's name is not hers).
    own = entry(admin_records.own_entry)
    assert own.label == admin_records.own_entry.label and own.user_id == alice.user.pk
    # Her address in someone else's entry: taken out of the data.
    assert entry(admin_records.mention_entry).data == {
        "inbox": {"old": privacy.ADDRESS_REMOVED, "new": "team@sor.example"}
    }
    history = json.dumps(list(ModelLogEntry.objects.values("label", "data")))
    history += json.dumps(list(PageLogEntry.objects.values("label", "data")))
    for token in (alice.email, alice.name, "alice.work@example.com"):
        assert token not in history, token


def test_erasure_removes_her_enquiries_text_from_the_search_index(people):
    alice, bob = people
    privacy.erase_subject(alice.email, reason="Request 72")
    index = json.dumps(list(IndexEntry.objects.values("title", "body", "autocomplete")))
    assert "alice-subject-token" not in index and alice.name not in index
    assert "bob-subject-token" in index


def test_a_session_found_by_an_address_in_it_is_erased_and_anyone_elses_kept(people, admin_records):
    alice, bob = people
    bob_client = Client()
    bob_client.force_login(bob.user)
    privacy.erase_subject(alice.email, reason="Request 73")
    assert not Session.objects.filter(session_key__in=admin_records.session_keys).exists()
    assert Session.objects.filter(session_key=bob_client.session.session_key).exists()


# --------------------------------------------------------------------------------------------------
# Retention of the admin history
# --------------------------------------------------------------------------------------------------

NOW = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC)
BOUNDARY = datetime.datetime(2024, 11, 20, 10, 0, tzinfo=datetime.UTC)  # 24 months before NOW
DAY = datetime.timedelta(days=1)


def test_retention_takes_addresses_out_of_history_older_than_the_period(people, adviser, settings):
    alice, bob = people
    settings.ENQUIRY_RETENTION_MONTHS = 24
    older = log(
        instance=Suppression.objects.get(email=alice.email),
        action="wagtail.create",
        user=adviser,
        timestamp=BOUNDARY - DAY,
        data={"by": adviser.email},
    )
    newer = log(
        instance=Suppression.objects.get(email=bob.email),
        action="wagtail.create",
        user=adviser,
        timestamp=BOUNDARY + DAY,
    )

    retention_run(now=NOW)

    older.refresh_from_db()
    newer.refresh_from_db()
    assert older.label == f"{privacy.ADDRESS_REMOVED} (Spam complaint)"
    assert older.data == {"by": privacy.ADDRESS_REMOVED}
    assert newer.label == f"{bob.email} (Spam complaint)"


def test_retention_erases_the_history_label_of_an_enquiry_it_anonymises(people, adviser, settings):
    alice, bob = people
    settings.ENQUIRY_RETENTION_MONTHS = 24
    Enquiry.objects.filter(pk=alice.enquiry.pk).update(status=Enquiry.Status.CLOSED, closed_at=BOUNDARY - DAY)
    entry = log(instance=Enquiry.objects.get(pk=alice.enquiry.pk), action="wagtail.edit", user=adviser)
    other = log(instance=Enquiry.objects.get(pk=bob.enquiry.pk), action="wagtail.edit", user=adviser)
    assert "alice-subject-token" in entry.label

    assert retention_run(now=NOW) == 1

    assert ModelLogEntry.objects.get(pk=entry.pk).label == privacy.HISTORY_LABEL_ERASED
    assert "bob-subject-token" in ModelLogEntry.objects.get(pk=other.pk).label
    kept = ModelLogEntry.objects.get(pk=entry.pk)  # what happened, when and by whom stay
    assert (kept.action, kept.timestamp, kept.user_id) == ("wagtail.edit", entry.timestamp, adviser.pk)
