"""Erasure on request, its log, and its replay after a backup is restored.

Alice asks to be erased. Everything about her goes (her enquiries are anonymised, her account, plan
and log removed); Bob's data stays, except that her address is taken out of his message that gave it.
The erasure is recorded without her address (an HMAC of it) in the database and in an append-only
file; restoring yesterday's backup brings her data back, and `replay_erasures` erases it again.
"""

from __future__ import annotations

import datetime
import io
import json
import logging
import re
import zipfile

from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.test import Client

from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from enquiries import services
from enquiries.models import (
    Attachment,
    Enquiry,
    InboundEmail,
    Message,
    OutboundEmail,
    SatisfactionRating,
    Suppression,
    Team,
)
from pathways.factories import rtp_answers
from pathways.models import SavedPlan, UpdatingLog
from portal import privacy
from portal.models import ErasureRecord, User
from tests.conftest import error_summary_text, field_error_text, mfa_login, soup, visible_text
from tests.enquiries.conftest import make_adviser

from . import test_privacy_export as export_tests
from .test_privacy_export import everything_in, export_zip

pytestmark = pytest.mark.django_db

nations, pathways, topics, teams, form_data = (
    export_tests.nations,
    export_tests.pathways,
    export_tests.topics,
    export_tests.teams,
    export_tests.form_data,
)
adviser, people = export_tests.adviser, export_tests.people

ERASE_URL = "/admin/personal-data/erase/"
S = Enquiry.Status
#: Texts that stay after Alice's erasure: not about her (the reference is random, the step and the
#: team are editorial) .
KEPT = ("SOR-", "Step for alice", "Alice test team")


@pytest.fixture(autouse=True)
def erasure_log(settings, tmp_path):
    """The private storage (attachments, raw emails and the erasure log) in this test's own folder;
    tests/portal/test_storage_s3.py runs the log's tests again with the private bucket."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    settings.PRIVACY_ERASURE_KEY = "test-erasure-key-6c1d"
    return ErasureLog()


class ErasureLog:
    """The erasure log as stored: its objects' names and texts, oldest first."""

    def names(self) -> list[str]:
        try:
            return sorted(privacy.erasure_log_storage().listdir("erasure-log/")[1])
        except FileNotFoundError:
            return []

    def texts(self) -> list[str]:
        storage = privacy.erasure_log_storage()
        out = []
        for name in self.names():
            with storage.open(f"erasure-log/{name}", "rb") as handle:
                out.append(handle.read().decode())
        return out


def erasures_of(email: str):
    """Erasure records of this address (the `people` fixture makes others, done by Alice and Bob)."""
    return ErasureRecord.objects.filter(subject_hash=privacy.subject_hash(email))


def database_text() -> str:
    """Every row of the apps that hold personal data, and the search index, as text."""
    out = io.StringIO()
    call_command("dumpdata", "portal", "account", "mfa", "enquiries", "pathways", "wagtailsearch", stdout=out)
    return out.getvalue()


def personal_texts(person) -> list[str]:
    return [t for t in person.texts if not t.startswith(KEPT)]


def stored_files(person) -> list:
    attachments = Attachment.objects.filter(message__enquiry__in=[person.enquiry, person.second_enquiry])
    inbound = InboundEmail.objects.filter(from_address__iexact=person.email)
    return [a.file for a in attachments] + [i.raw for i in inbound]


def backup() -> dict:
    """What a nightly backup holds: the database rows and the stored files."""
    files = {}
    for model in (Attachment, InboundEmail):
        for obj in model.objects.all():
            fieldfile = obj.file if model is Attachment else obj.raw
            if fieldfile:
                with fieldfile.open("rb") as source:
                    files[(fieldfile.storage, fieldfile.name)] = source.read()
    return {
        "rows": database_text(),
        "files": files,
        "erasure_ids": list(ErasureRecord.objects.values_list("erasure_id", flat=True)),
    }


def restore(snapshot: dict, directory) -> None:
    """Put the backup back: the rows as they were (rows made since, such as erasure records, are
    gone) and the files."""
    ErasureRecord.objects.exclude(erasure_id__in=snapshot["erasure_ids"]).delete()
    # The search index is restored whole (entries rewritten since have new ids for the same rows).
    IndexEntry.objects.all().delete()
    fixture = directory / "backup.json"
    fixture.write_text(snapshot["rows"])
    call_command("loaddata", str(fixture), verbosity=0)
    for (storage, name), content in snapshot["files"].items():
        if not storage.exists(name):
            storage.save(name, ContentFile(content))


# --------------------------------------------------------------------------------------------------
# Erasure
# --------------------------------------------------------------------------------------------------


def test_erasure_removes_everything_about_the_subject_and_nothing_of_anyone_else(people, adviser):
    alice, bob = people
    files = stored_files(alice)
    assert all(f.storage.exists(f.name) for f in files)

    record = privacy.erase_subject(
        "Alice@Example.org", actor=adviser, reason="Request 42 from alice@example.org"
    )

    text = database_text()
    for token in personal_texts(alice):
        assert token not in text, token
    for token in bob.texts:
        assert token in text, token
    # Bob's message keeps its text, without Alice's address.
    assert "My colleague [address removed] told me to write." in text
    assert record.reason == "Request 42 from [address removed]"
    assert "enquiries.Enquiry" in record.counts and "portal.User" in record.counts


def test_erasure_signs_the_subject_out_but_only_blanks_the_address_in_a_staff_search(
    people, adviser, settings
):
    """A member of staff who searched the inbox for Alice's address stays signed in: their session is
    theirs, not hers. Her own session, and a signed-out one with her address (a sign-up under way), go."""
    import importlib
    import time

    from django.contrib.sessions.models import Session

    alice, _bob = people
    store = importlib.import_module(settings.SESSION_ENGINE).SessionStore

    def session(**data):
        created = store()
        created.update(data)
        created.create()
        return created.session_key

    hers = session(_auth_user_id=str(alice.user.pk))
    signing_up = session(account_verified_email="alice@example.org")
    staff = session(
        _auth_user_id=str(adviser.pk),
        enquiries_inbox_searches={"tok123": {"q": "ALICE@example.org", "at": time.time()}},
    )

    exported = privacy.declaration_for(Session).rows(privacy.Subject.for_email("alice@example.org"))
    assert set(exported.values_list("session_key", flat=True)) == {hers, signing_up}

    privacy.erase_subject("alice@example.org", actor=adviser, reason="Request 7")

    assert set(Session.objects.values_list("session_key", flat=True)) >= {staff}
    assert not Session.objects.filter(session_key__in=[hers, signing_up]).exists()
    kept = store(session_key=staff)
    assert kept["_auth_user_id"] == str(adviser.pk)
    assert kept["enquiries_inbox_searches"]["tok123"]["q"] == "[address removed]"


def test_erasure_deletes_the_stored_files_after_commit(people, django_capture_on_commit_callbacks):
    alice, bob = people
    files = stored_files(alice)
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_subject(alice.email, reason="Request 43")
    assert files and not any(f.storage.exists(f.name) for f in files)
    assert all(f.storage.exists(f.name) for f in stored_files(bob))


def test_what_erasure_does_to_the_account_and_the_enquiries(people):
    alice, _bob = people
    privacy.erase_subject(alice.email, reason="Request 44")

    user = User.objects.get(pk=alice.user.pk)
    assert user.email == f"erased-{user.pk}@erased.invalid"
    assert (user.first_name, user.last_name, user.is_active, user.has_usable_password()) == (
        "",
        "",
        False,
        False,
    )
    assert not user.groups.exists()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Authenticator.objects.filter(user=user).exists()
    assert (
        not SavedPlan.objects.filter(user=user).exists()
        and not UpdatingLog.objects.filter(user=user).exists()
    )

    first = Enquiry.objects.get(pk=alice.enquiry.pk)
    second = Enquiry.objects.get(pk=alice.second_enquiry.pk)
    assert first.status == S.CLOSED  # it was resolved
    assert second.status == S.WITHDRAWN  # it was still new
    for enquiry in (first, second):
        assert enquiry.anonymised_at is not None
        assert (enquiry.name, enquiry.email, enquiry.subject, enquiry.hcpc_number, enquiry.user_id) == (
            "",
            "",
            "",
            "",
            None,
        )
        assert enquiry.events.filter(kind="anonymised", data={"cause": "erasure"}).exists()
    # The figures the reports need stay.
    assert first.first_response_seconds is not None and first.resolution_seconds is not None
    assert SatisfactionRating.objects.get(enquiry=first).score == 4
    assert not Message.objects.filter(enquiry=first).exclude(body="").exists()


def test_the_subjects_unsent_email_is_never_sent(people, adviser):
    alice, _bob = people
    waiting = OutboundEmail.objects.filter(enquiry=alice.enquiry, kind="reply").first()
    OutboundEmail.objects.filter(pk=waiting.pk).update(status=OutboundEmail.Status.RETRYING)
    privacy.erase_subject(alice.email, reason="Request 45")
    waiting.refresh_from_db()
    assert (
        waiting.status == OutboundEmail.Status.SUPPRESSED
        and waiting.to == ""
        and waiting.next_attempt_at is None
    )


def test_the_search_index_forgets_the_subject(people):
    alice, bob = people
    backend = get_search_backend()

    def found(words):
        return {e.pk for e in backend.search(words, Enquiry.objects.all())}

    assert found("alice-subject-token") == {alice.enquiry.pk}
    assert alice.enquiry.pk in found("Alice")
    privacy.erase_subject(alice.email, reason="Request 46")
    assert found("alice-subject-token") == set()
    assert alice.enquiry.pk not in found("Alice")
    assert bob.enquiry.pk in found("Bob")


def test_erasing_a_member_of_staff_unlinks_their_work_but_keeps_other_peoples_records(people, adviser):
    alice, bob = people
    privacy.erase_subject(adviser.email, reason="Adviser left and asked")
    reply = Message.objects.get(enquiry=bob.enquiry, body__startswith="bob-reply-token")
    assert reply.author_id is None
    assert Enquiry.objects.get(pk=bob.enquiry.pk).email == "bob@example.org"
    assert Enquiry.objects.get(pk=alice.enquiry.pk).name == "Alice Testperson"


def test_erasing_again_changes_nothing(people):
    alice, _bob = people
    privacy.erase_subject(alice.email, reason="Request 47")
    again = privacy.erase_subject(alice.email, reason="Request 47, sent twice")
    assert again.counts == {}


def test_erasure_refuses_something_that_is_not_an_address(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        privacy.erase_subject("not an address", reason="x")
    assert not erasures_of("not an address").exists()


# --------------------------------------------------------------------------------------------------
# The log, and replaying it after a restore
# --------------------------------------------------------------------------------------------------


def test_each_erasure_is_logged_without_the_address(people, erasure_log, adviser):
    alice, _bob = people
    record = privacy.erase_subject(alice.email, actor=adviser, reason="Request 48")
    lines = erasure_log.texts()
    assert len(lines) == 1
    # One object per erasure, named by the time (UTC) and the erasure's id, so the names sort in order.
    stamp = record.created_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    assert erasure_log.names() == [f"{stamp}-{record.erasure_id}.json"]
    entry = json.loads(lines[0])
    assert entry["erasure_id"] == str(record.erasure_id)
    assert entry["subject_hash"] == record.subject_hash == privacy.subject_hash(" ALICE@example.org")
    assert entry["actor_id"] == adviser.pk and entry["counts"] == record.counts
    assert entry["accounts"] == [privacy.account_hash(alice.user.pk)]  # a keyed hash, not the id
    assert "alice" not in "".join(erasure_log.texts()).lower()
    assert "alice" not in record.subject_hash and len(record.subject_hash) == 64
    # A second erasure adds an object after the first; nothing is rewritten.
    privacy.erase_subject("bob@example.org", reason="Request 49")
    assert erasure_log.texts()[0] == lines[0]
    assert len(erasure_log.texts()) == 2
    assert [e["erasure_id"] for e in privacy.read_erasure_log()] == [
        str(record.erasure_id),
        str(erasures_of("bob@example.org").get().erasure_id),
    ]


def test_the_hash_depends_on_the_key(settings):
    first = privacy.subject_hash("alice@example.org")
    settings.PRIVACY_ERASURE_KEY = "another-key"
    assert privacy.subject_hash("alice@example.org") != first


def test_a_failed_log_write_undoes_the_erasure(people, settings, tmp_path):
    alice, _bob = people
    blocker = tmp_path / "private" / "not-a-directory"
    blocker.write_text("")
    settings.PRIVACY_ERASURE_LOG = "not-a-directory/erasure-log/"
    with pytest.raises(OSError):
        privacy.erase_subject(alice.email, reason="Request 50")
    assert Enquiry.objects.get(pk=alice.enquiry.pk).name == "Alice Testperson"
    assert not erasures_of(alice.email).exists()


def test_erase_restore_replay_and_the_data_is_gone_again(
    people, django_capture_on_commit_callbacks, tmp_path
):
    alice, bob = people
    snapshot = backup()
    with django_capture_on_commit_callbacks(execute=True):
        record = privacy.erase_subject(alice.email, reason="Request 51")
    restore(snapshot, tmp_path)
    restored = database_text()
    assert "alice-body-token" in restored and not erasures_of(alice.email).exists()
    assert all(f.storage.exists(f.name) for f in stored_files(alice))
    files = stored_files(alice)

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("replay_erasures", stdout=out)

    assert "Read 1 logged erasures: 1 addresses were found again" in out.getvalue()
    assert "1 erasure records put back" in out.getvalue()
    text = database_text()
    for token in personal_texts(alice):
        assert token not in text, token
    for token in bob.texts:
        assert token in text, token
    assert not any(f.storage.exists(f.name) for f in files)
    again = erasures_of(alice.email).get()
    assert again.erasure_id == record.erasure_id and again.replayed_at is not None
    # The export finds nothing of her but the fact of the erasure.
    sections = json.loads(export_zip(alice.email).read("data.json"))["sections"]
    assert {label for label, s in sections.items() if s["rows"]} == {"portal.ErasureRecord"}


def test_replaying_when_nothing_was_restored_changes_nothing(people, erasure_log):
    alice, _bob = people
    privacy.erase_subject(alice.email, reason="Request 52")
    result = privacy.replay_erasures()
    assert (result.entries, result.erased, result.rows_changed, result.records_restored) == (1, 0, 0, 0)


def submit_as(email, *, form_data, capture, user=None, subject="came-back-token", name="Alice Again"):
    with capture(execute=True):
        enquiry, _ = services.enquiry_submit(
            **form_data(email=email, name=name, subject=subject),
            body=f"{subject}: I am back",
            submission_key=f"{email}-{subject}",
            user=user,
        )
    return enquiry


def test_replay_keeps_what_an_erased_person_gave_us_after_their_erasure(
    people, form_data, django_capture_on_commit_callbacks
):
    """Alice is erased, then signs up again with the same address, saves a plan and asks a new
    question. Replaying the log (as after any restore) must not touch any of it."""
    alice, bob = people
    old_account = alice.user.pk
    privacy.erase_subject(alice.email, reason="Request 58")

    again = User.objects.create_user(email=alice.email, password="x-long-password-2", first_name="Alice")
    EmailAddress.objects.create(user=again, email=alice.email, verified=True, primary=True)
    plan = SavedPlan.objects.create(user=again, answers=rtp_answers(nation="england"))
    new = submit_as(alice.email, user=again, form_data=form_data, capture=django_capture_on_commit_callbacks)
    suppression = Suppression.objects.create(email=alice.email, reason=Suppression.Reason.MANUAL)

    result = privacy.replay_erasures()

    assert (result.found, result.erased, result.rows_changed) == (1, 0, 0)
    again.refresh_from_db()
    assert (again.email, again.first_name, again.is_active, again.has_usable_password()) == (
        alice.email,
        "Alice",
        True,
        True,
    )
    assert EmailAddress.objects.filter(user=again, email=alice.email, verified=True).exists()
    assert SavedPlan.objects.filter(pk=plan.pk).exists()
    new.refresh_from_db()
    assert (new.name, new.email, new.subject, new.user_id, new.anonymised_at) == (
        "Alice Again",
        alice.email,
        "came-back-token",
        again.pk,
        None,
    )
    assert new.messages.get().body == "came-back-token: I am back"
    assert OutboundEmail.objects.filter(enquiry=new, to=alice.email).exists()
    assert Suppression.objects.filter(pk=suppression.pk).exists()
    assert User.objects.get(pk=old_account).email.endswith("@erased.invalid")
    assert Enquiry.objects.get(pk=bob.enquiry.pk).name == "Bob Testperson"
    out = io.StringIO()
    call_command("replay_erasures", stdout=out)
    assert "1 erased addresses are in use again, in data given since their erasure" in out.getvalue()


def test_replay_after_a_restore_erases_the_old_data_again_and_keeps_the_new(
    people, form_data, django_capture_on_commit_callbacks, tmp_path
):
    """Backup, erasure, restore of the backup: Alice's old data is back. She writes again before the
    replay runs. The replay erases what she had given before her erasure, and only that."""
    alice, bob = people
    snapshot = backup()
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_subject(alice.email, reason="Request 59")
    restore(snapshot, tmp_path)
    assert Enquiry.objects.get(pk=alice.enquiry.pk).name == "Alice Testperson"  # restored
    new = submit_as(alice.email, form_data=form_data, capture=django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        result = privacy.replay_erasures()

    assert (result.found, result.erased) == (1, 1) and result.rows_changed > 0
    text = database_text()
    for token in personal_texts(alice):
        if token not in (alice.name, alice.email):  # both are in her new enquiry
            assert token not in text, token
    for old in (alice.enquiry, alice.second_enquiry):
        old.refresh_from_db()
        assert (old.name, old.email, old.subject) == ("", "", "") and old.anonymised_at is not None
    user = User.objects.get(pk=alice.user.pk)
    assert user.email.endswith("@erased.invalid") and not user.is_active
    new.refresh_from_db()
    assert (new.name, new.email, new.subject, new.anonymised_at) == (
        "Alice Again",
        alice.email,
        "came-back-token",
        None,
    )
    assert new.messages.get().body == "came-back-token: I am back"
    assert OutboundEmail.objects.filter(enquiry=new, to=alice.email).exclude(body_text="").exists()
    for token in bob.texts:
        assert token in text, token


def test_replay_leaves_alone_an_older_account_that_took_the_address_since(people):
    """After Alice's erasure, Bob (whose account is older than it) adds and verifies her old address.
    The replay matches the address, but Bob's account was not one the erasure covered."""
    alice, bob = people
    privacy.erase_subject(alice.email, reason="Request 60")
    EmailAddress.objects.create(user=bob.user, email=alice.email, verified=True, primary=False)

    result = privacy.replay_erasures()

    assert (result.found, result.erased) == (1, 0)
    bob.user.refresh_from_db()
    assert (bob.user.email, bob.user.first_name, bob.user.is_active) == (bob.email, "Bob", True)
    assert EmailAddress.objects.filter(user=bob.user, email=alice.email).exists()
    assert SavedPlan.objects.filter(user=bob.user).exists()
    assert Enquiry.objects.get(pk=bob.enquiry.pk).name == "Bob Testperson"


def test_a_team_inbox_given_the_address_after_the_erasure_is_left_alone(
    people, form_data, django_capture_on_commit_callbacks
):
    """A team has no date. Carol's erasure blanked no team inbox, so a team given her address since
    was given it by an administrator, after: the replay keeps it."""
    submit_as("carol@example.org", form_data=form_data, capture=django_capture_on_commit_callbacks)
    privacy.erase_subject("carol@example.org", reason="Request 61")
    team = Team.objects.create(name="Carol's old inbox", slug="carol-inbox", email="carol@example.org")
    privacy.replay_erasures()
    assert Team.objects.get(pk=team.pk).email == "carol@example.org"


# --------------------------------------------------------------------------------------------------
# What erasure keeps, and what it never writes to the logs
# --------------------------------------------------------------------------------------------------

#: What would identify Alice or Bob in a log line.
IDENTIFYING = ("alice", "bob", "testperson", "example.org", "example.com")


def assert_no_personal_data_in(records):
    for record in records:
        line = f"{record.name} {record.getMessage()} {record.exc_text or ''}".lower()
        for token in IDENTIFYING:
            assert token not in line, f"{token!r} logged by {record.name}: {record.getMessage()!r}"


def test_export_erasure_and_replay_log_nothing_that_identifies_anyone(
    people, caplog, django_capture_on_commit_callbacks, tmp_path
):
    alice, _bob = people
    caplog.set_level(logging.DEBUG)
    snapshot = backup()
    privacy.subject_export(alice.email, io.BytesIO())
    call_command(
        "export_subject_data", alice.email, "--output", str(tmp_path / "a.zip"), stdout=io.StringIO()
    )
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_subject(alice.email, reason="Request 62 from alice@example.org")
    restore(snapshot, tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("replay_erasures", stdout=io.StringIO())
    call_command(
        "erase_subject", "bob@example.org", "--reason", "Request 63", "--no-input", stdout=io.StringIO()
    )

    messages = [r.getMessage() for r in caplog.records]
    assert any("Erasure" in m for m in messages) and any("Replayed" in m for m in messages)
    assert_no_personal_data_in(caplog.records)


def test_erasure_leaves_the_report_figures_as_they_were(people, adviser):
    alice, _bob = people
    figures = (
        "first_response_seconds",
        "resolution_seconds",
        "responded_within_deadline",
        "status",
        "team_id",
    )
    before = Enquiry.objects.filter(pk=alice.enquiry.pk).values(*figures).get()
    assert before["first_response_seconds"] is not None and before["resolution_seconds"] is not None
    assert before["responded_within_deadline"] is not None

    privacy.erase_subject(alice.email, reason="Request 64")

    after = Enquiry.objects.filter(pk=alice.enquiry.pk).values(*figures).get()
    assert after == {**before, "status": Enquiry.Status.CLOSED}  # it was resolved; erasure closes it
    assert SatisfactionRating.objects.get(enquiry=alice.enquiry).score == 4


def test_replay_refuses_a_log_written_with_another_key(people, settings, erasure_log):
    privacy.erase_subject("alice@example.org", reason="Request 53")
    settings.PRIVACY_ERASURE_KEY = "a-different-key"
    with pytest.raises(CommandError, match="another PRIVACY_ERASURE_KEY"):
        call_command("replay_erasures", stdout=io.StringIO())


def test_replay_reads_a_log_file_from_before_the_log_moved_to_the_private_storage(
    people, erasure_log, tmp_path
):
    alice, _bob = people
    record = privacy.erase_subject(alice.email, reason="Request 56")
    legacy = tmp_path / "erasure-log.jsonl"  # the old file: one entry a line
    legacy.write_text("".join(erasure_log.texts()))
    ErasureRecord.objects.filter(erasure_id=record.erasure_id).delete()
    out = io.StringIO()
    call_command("replay_erasures", "--log", str(legacy), stdout=out)
    assert f"Erasure log: {legacy}." in out.getvalue()
    assert "Read 1 logged erasures" in out.getvalue() and "1 erasure records put back" in out.getvalue()
    assert erasures_of(alice.email).get().erasure_id == record.erasure_id


def test_replay_reports_a_damaged_or_missing_log(db, tmp_path):
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_text('{"erasure_id": "not-a-uuid", "subject_hash": "x"}\n')
    with pytest.raises(CommandError, match="Line 1 of the erasure log cannot be read"):
        call_command("replay_erasures", "--log", str(damaged), stdout=io.StringIO())
    with pytest.raises(CommandError, match="No erasure log"):
        call_command("replay_erasures", "--log", str(tmp_path / "missing.jsonl"), stdout=io.StringIO())


# --------------------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------------------


def test_the_erase_command_shows_what_will_go_and_asks_first(people, monkeypatch):
    alice, _bob = people
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    out = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was erased"):
        call_command("erase_subject", alice.email, "--reason", "Request 54", stdout=out)
    assert "enquiries: 2" in out.getvalue()
    assert Enquiry.objects.get(pk=alice.enquiry.pk).name == "Alice Testperson"

    monkeypatch.setattr("builtins.input", lambda prompt: "erase")
    call_command("erase_subject", alice.email, "--reason", "Request 54", stdout=out)
    assert Enquiry.objects.get(pk=alice.enquiry.pk).name == ""
    assert "Erased:" in out.getvalue()


def test_the_erase_command_without_input_and_for_an_unknown_address(people):
    out = io.StringIO()
    call_command("erase_subject", "nobody@example.org", "--reason", "x", "--no-input", stdout=out)
    assert "Nothing is held about that address." in out.getvalue()
    call_command("erase_subject", "bob@example.org", "--reason", "Request 55", "--no-input", stdout=out)
    assert Enquiry.objects.filter(email="bob@example.org").count() == 0


# --------------------------------------------------------------------------------------------------
# The admin page
# --------------------------------------------------------------------------------------------------


def staff_client(user, **kwargs) -> Client:
    if not user.authenticator_set.exists():
        TOTP.activate(user, generate_totp_secret())
    return mfa_login(Client(**kwargs), user)


@pytest.fixture
def privacy_officer(make_user):
    user = make_user("dpo@sor.example", totp=True, is_staff=True, first_name="Dee")
    group = Group.objects.create(name="Data protection")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="manage_personal_data"),
    )
    user.groups.add(group)
    return user


def test_erasing_from_the_admin_takes_a_check_and_a_confirmation(people, privacy_officer):
    alice, _bob = people
    client = staff_client(privacy_officer)
    first = client.get(ERASE_URL)
    assert first.status_code == 200 and "Erase a person's data" in visible_text(first)

    check = client.post(ERASE_URL, {"step": "check", "email": alice.email, "reason": "Request 56"})
    assert check.status_code == 200
    text = visible_text(check)
    assert "Check before you erase" in text and "Enquiries 2" in text and "Users 1" in text
    assert Enquiry.objects.get(pk=alice.enquiry.pk).name == "Alice Testperson"  # nothing yet
    hidden = {i["name"]: i["value"] for i in soup(check).select("input[type=hidden]")}
    assert hidden["email"] == alice.email and hidden["step"] == "confirm"

    unconfirmed = client.post(ERASE_URL, {**hidden, "reason": "Request 56"})
    message = "Confirm that you want to erase this person's data"
    assert message in field_error_text(unconfirmed, "confirm") and message in error_summary_text(unconfirmed)
    assert Enquiry.objects.get(pk=alice.enquiry.pk).name == "Alice Testperson"

    done = client.post(ERASE_URL, {**hidden, "reason": "Request 56", "confirm": "on"})
    assert done.status_code == 302 and done["Location"] == ERASE_URL
    assert Enquiry.objects.get(pk=alice.enquiry.pk).name == ""
    record = erasures_of(alice.email).get()
    assert record.actor == privacy_officer and record.reason == "Request 56"
    page = visible_text(client.get(ERASE_URL))
    assert f"Erasure reference: {record.erasure_id}" in page and alice.email not in page


@pytest.mark.parametrize(
    "posted, field, message",
    [
        ({"email": "", "reason": "Request"}, "email", "Enter the person's email address"),
        ({"email": "alice@", "reason": "Request"}, "email", "Enter an email address in the right format"),
        (
            {"email": "alice@example.org", "reason": "   "},
            "reason",
            "Give a reason, such as the request's reference",
        ),
        (
            {"email": "alice@example.org", "reason": "x" * 301},
            "reason",
            "Keep the reason under 300 characters",
        ),
        (
            {"email": "alice@example.org\nbob@example.org", "reason": "Request"},
            "email",
            "Enter an email address in the right format",
        ),
    ],
)
def test_the_erase_form_explains_its_errors(people, privacy_officer, posted, field, message):
    response = staff_client(privacy_officer).post(ERASE_URL, {"step": "check", **posted})
    assert response.status_code == 200
    assert message in field_error_text(response, field) and message in error_summary_text(response)
    assert Enquiry.objects.get(email="alice@example.org", pk=people[0].enquiry.pk)


def test_a_tampered_confirmation_starts_again(people, privacy_officer):
    response = staff_client(privacy_officer).post(
        ERASE_URL, {"step": "confirm", "email": "<b>not</b>", "reason": "Request", "confirm": "on"}
    )
    assert response.status_code == 200
    assert "Enter an email address in the right format" in field_error_text(response, "email")
    assert ErasureRecord.objects.count() == 2  # the two the fixture made


def test_an_address_with_nothing_held_has_nothing_to_erase(privacy_officer):
    response = staff_client(privacy_officer).post(
        ERASE_URL, {"step": "check", "email": "nobody@example.org", "reason": "Request"}
    )
    assert "We hold nothing about that address." in visible_text(response)


def test_only_people_with_the_permission_may_erase(people, teams):
    alice, _bob = people
    adviser = make_adviser("another@sor.example", teams["ir"])
    adviser.groups.add(Group.objects.get(name="Advisers"))
    client = staff_client(adviser)
    for step in ("check", "confirm"):
        response = client.post(
            ERASE_URL, {"step": step, "email": alice.email, "reason": "x", "confirm": "on"}
        )
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert Enquiry.objects.get(pk=alice.enquiry.pk).name == "Alice Testperson"
    assert not erasures_of(alice.email).exists()


def test_erasure_needs_csrf(people, privacy_officer):
    client = staff_client(privacy_officer, enforce_csrf_checks=True)
    response = client.post(
        ERASE_URL, {"step": "confirm", "email": "alice@example.org", "reason": "x", "confirm": "on"}
    )
    assert response.status_code == 403
    assert not erasures_of("alice@example.org").exists()


def test_the_erase_pages_never_put_the_address_in_a_url(people, privacy_officer):
    client = staff_client(privacy_officer)
    check = client.post(ERASE_URL, {"step": "check", "email": "alice@example.org", "reason": "Request"})
    for form in soup(check).find_all("form"):
        assert form.get("method") == "post" and not form.get("action")
    for href in [a["href"] for a in soup(check).find_all("a", href=True)]:
        assert "alice" not in href
    done = client.post(
        ERASE_URL, {"step": "confirm", "email": "alice@example.org", "reason": "Request", "confirm": "on"}
    )
    assert not re.search("alice", done["Location"])


def test_the_export_of_an_erased_person_holds_only_the_fact_of_the_erasure(people):
    alice, _bob = people
    privacy.erase_subject(alice.email, reason="Request 57")
    archive = export_zip(alice.email)
    assert isinstance(archive, zipfile.ZipFile)
    assert b"alice-body-token" not in everything_in(archive)
