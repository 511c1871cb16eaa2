"""Subject-access export: everything about an email address as a ZIP (data.json + files), from the
command line and from the admin; nothing about anyone else.

Two people, Alice and Bob, each have data in every model that holds personal data (`people`). Bob's
enquiry mentions Alice's address in its text: that message is Bob's, so it is not in Alice's export
(rows are found through addresses, accounts and enquiry links, never by searching text; see
portal/privacy/).

`build_person` and the `people` fixture are used by the erasure and log tests too.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import zipfile
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from wagtail.admin.models import EditingSession, FormState
from wagtail.documents import get_document_model
from wagtail.log_actions import log
from wagtail.models import (
    Comment,
    CommentReply,
    GroupApprovalTask,
    ModelLogEntry,
    Page,
    PageSubscription,
    TaskState,
    UploadedFile,
    Workflow,
    WorkflowTask,
)
from wagtail.users.models import UserProfile

import pytest
from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from enquiries import services
from enquiries.models import (
    AdviserProfile,
    DeliveryEvent,
    Enquiry,
    InboundEmail,
    ReportingLead,
    SatisfactionRating,
    Suppression,
    Team,
    TeamMembership,
)
from pathways.factories import PathwayStepFactory, rtp_answers
from pathways.models import SavedPlan, StepTick, UpdatingActivity, UpdatingLog
from portal import privacy
from portal.models import ErasureRecord, User
from tests.conftest import error_summary_text, field_error_text, make_image, mfa_login, visible_text
from tests.enquiries import conftest as enquiry_fixtures
from tests.enquiries.conftest import make_adviser

pytestmark = pytest.mark.django_db

# The enquiry fixtures (tests/enquiries/conftest.py), for the tests here and the modules that import these.
nations, pathways, topics, teams, form_data = (
    enquiry_fixtures.nations,
    enquiry_fixtures.pathways,
    enquiry_fixtures.topics,
    enquiry_fixtures.teams,
    enquiry_fixtures.form_data,
)

EXPORT_URL = "/admin/personal-data/"
_keys = itertools.count(1)


@dataclass
class Person:
    """Someone with data in every model, and the distinctive texts that data holds."""

    key: str
    email: str
    name: str
    user: User
    enquiry: Enquiry
    second_enquiry: Enquiry
    texts: list[str] = field(default_factory=list)
    files: list[bytes] = field(default_factory=list)


def build_person(
    key: str, *, teams, nations, pathways, topics, adviser, capture, mention: str = ""
) -> Person:
    """`key` ("alice") makes every text of this person distinctive. `mention` goes into the text of
    their first message (another person's address, say). `capture` is
    django_capture_on_commit_callbacks, so the emails are queued and sent as in production."""
    email = f"{key}@example.org"
    work_email = f"{key}.work@example.com"
    name = f"{key.title()} Testperson"
    user = User.objects.create_user(
        email=email, password="x-long-password-1", first_name=key.title(), last_name="Testperson"
    )
    address = EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    EmailAddress.objects.create(user=user, email=work_email, verified=True, primary=False)
    EmailConfirmation.create(address)
    TOTP.activate(user, generate_totp_secret())

    step = PathwayStepFactory(title=f"Step for {key}")
    plan = SavedPlan.objects.create(user=user, answers=rtp_answers(nation="england"))
    StepTick.objects.create(plan=plan, step=step)
    log = UpdatingLog.objects.create(user=user, basis=UpdatingLog.LAST_PRACTISED, basis_date="2020-01-31")
    UpdatingActivity.objects.create(
        log=log,
        date=timezone.localdate(),
        kind=UpdatingActivity.SUPERVISED,
        hours="7.00",
        description=f"{key}-activity-token: shadowed a CT list",
        supervisor_name=f"{key.title()} Supervisor",
        supervisor_years_registered=6,
    )

    own_team = Team.objects.create(name=f"{key.title()} test team", slug=f"{key}-team", email=email)
    TeamMembership.objects.create(team=own_team, user=user, is_lead=True)
    AdviserProfile.objects.create(user=user, capacity=0, is_away=True)
    ReportingLead.objects.create(user=user).nations.add(nations["wales"])
    ErasureRecord.objects.create(
        erasure_id=f"00000000-0000-4000-8000-{next(_keys):012d}",
        subject_hash=privacy.subject_hash(f"someone-{key}-erased@example.net"),
        created_at=timezone.now(),
        actor=user,
        counts={"enquiries.Enquiry": 1},
    )

    pdf = f"%PDF-1.4\n% {key}-file-token\n".encode()
    form = {
        "who": "returning",
        "pathway": pathways["rtp"],
        "nation": nations["england"],
        "profession": "diagnostic",
        "topic": topics["hcpc"],
        "hcpc_number": f"RA{abs(hash(key)) % 900000 + 100000}",
        "subject": f"{key}-subject-token about updating",
        "name": name,
        "email": email,
    }
    with capture(execute=True):
        enquiry, _ = services.enquiry_submit(
            **form,
            body=f"{key}-body-token: I left the register in 2019. {mention}".strip(),
            submission_key=f"{key}-{next(_keys)}",
            user=user,
            files=[SimpleUploadedFile(f"{key}-letter.pdf", pdf, content_type="application/pdf")],
        )
    with capture(execute=True):
        services.adviser_reply(enquiry=enquiry, author=adviser, body=f"{key}-reply-token: you need 60 days")
    with capture(execute=True):
        services.enquirer_reply(enquiry=enquiry, user=user, body=f"{key}-answer-token: thank you")
    services.note_add(enquiry=enquiry, author=adviser, body=f"{key}-note-token: called them")
    with capture(execute=True):
        services.enquiry_transition(enquiry=enquiry, to=Enquiry.Status.RESOLVED, actor=adviser)
    SatisfactionRating.objects.create(enquiry=enquiry, score=4, comment=f"{key}-comment-token: very helpful")
    reply_email = enquiry.emails.filter(kind="reply").first()
    DeliveryEvent.objects.create(
        email=reply_email,
        provider="postmark",
        event_id=f"{key}-event-{next(_keys)}",
        event_type="delivered",
        description=f"{key}-delivery-token: accepted by {email}",
    )
    Suppression.objects.create(
        email=email, reason=Suppression.Reason.COMPLAINED, detail=f"{key}-suppression-token"
    )
    raw = f"From: {name} <{email}>\nSubject: Re: {enquiry.reference}\n\n{key}-raw-token\n".encode()
    inbound = InboundEmail(
        provider="postmark",
        dedupe_key=f"{key}-{next(_keys)}",
        from_address=email,
        subject=f"Re: {key}-subject-token",
        status=InboundEmail.Status.THREADED,
        enquiry=enquiry,
        message=enquiry.messages.filter(kind="inbound").last(),
    )
    inbound.raw.save("raw.eml", ContentFile(raw), save=False)
    inbound.save()

    # A second enquiry, sent without signing in, from their other verified address.
    with capture(execute=True):
        second, _ = services.enquiry_submit(
            **{**form, "email": work_email, "subject": f"{key}-second-token"},
            body=f"{key}-second-body-token",
            submission_key=f"{key}-{next(_keys)}",
        )
    texts = [
        name,
        email,
        work_email,
        enquiry.reference,
        second.reference,
        form["hcpc_number"],
        f"{key}-subject-token",
        f"{key}-body-token",
        f"{key}-reply-token",
        f"{key}-answer-token",
        f"{key}-note-token",
        f"{key}-comment-token",
        f"{key}-delivery-token",
        f"{key}-suppression-token",
        f"{key}-activity-token",
        f"{key.title()} Supervisor",
        f"{key}-second-token",
        f"{key}-second-body-token",
        f"Step for {key}",
        f"{key.title()} test team",
        f"{key}-letter.pdf",
    ]
    return Person(key, email, name, user, enquiry, second, texts, files=[pdf, raw])


@dataclass
class AdminRecords:
    """What `add_admin_records` made: Wagtail's and Django's rows about a person."""

    page: Page
    texts: list[str]
    files: list  # FieldFiles: the avatar and the unsaved upload
    suppression_entry: ModelLogEntry
    account_entry: ModelLogEntry
    own_entry: ModelLogEntry
    mention_entry: ModelLogEntry
    session_keys: list[str]


def add_admin_records(person: Person, *, staff: User, other_team: Team) -> AdminRecords:
    """Give `person` a record in each of Wagtail's and Django's models that hold personal data, as a
    member of staff who edits content would have: a page they own and have locked, its revision, a
    workflow they started and a step they finished, a comment and a reply, uploads, a subscription,
    admin editing state, a profile with a photo, sessions, and admin history by them and about them
    (`staff` logs the latter; `other_team` is someone else's row they edited)."""
    key, user = person.key, person.user
    root = Page.get_first_root_node()
    page = root.add_child(instance=Page(title=f"Page edited by {key}", slug=f"{key}-page"))
    Page.objects.filter(pk=page.pk).update(owner=user, locked=True, locked_by=user, locked_at=timezone.now())
    page.refresh_from_db()
    page.save_revision(user=user, log_action=True)

    workflow = Workflow.objects.create(name=f"Workflow {next(_keys)}")
    task = GroupApprovalTask.objects.create(name=f"Approve {next(_keys)}")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    workflow.start(page, user)
    TaskState.objects.filter(workflow_state__page=page).update(
        finished_by=user, comment=f"{key}-taskstate-token: looks right"
    )
    comment = Comment.objects.create(
        page=page, user=user, text=f"{key}-comment-text: check the dates", contentpath="title"
    )
    CommentReply.objects.create(comment=comment, user=user, text=f"{key}-reply-text: done")
    PageSubscription.objects.create(page=page, user=user, comment_notifications=True)
    get_document_model().objects.create(
        title=f"{key}-document", file=ContentFile(b"%PDF-1.4\n", name=f"{key}-doc.pdf"), uploaded_by_user=user
    )
    image = make_image(f"{key}-image")
    type(image).objects.filter(pk=image.pk).update(uploaded_by_user=user)
    upload = UploadedFile.objects.create(
        file=ContentFile(b"\x89PNG\r\n", name=f"{key}-upload.png"),
        uploaded_by_user=user,
        for_content_type=ContentType.objects.get_for_model(type(image)),
    )
    page_type = ContentType.objects.get_for_model(Page)
    EditingSession.objects.create(
        user=user, content_type=page_type, object_id=str(page.pk), last_seen_at=timezone.now()
    )
    FormState.objects.create(
        user=user,
        content_type=page_type,
        object_id=str(page.pk),
        parent_object_id="",
        data=f"title={key}-unsaved-title",
        last_updated_at=timezone.now(),
    )
    profile = UserProfile.get_for_user(user)
    profile.current_time_zone = "Europe/London"
    profile.avatar.save(f"{key}-avatar.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)

    # Sessions: signed in, and allauth's record of an address used to sign in.
    signed_in = Client()
    signed_in.force_login(user)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store["account_authentication_methods"] = [{"method": "code", "email": person.email, "at": 1.0}]
    store.create()

    suppression = Suppression.objects.get(email=person.email)
    suppression_entry = log(instance=suppression, action="wagtail.create", user=staff)
    account_entry = log(instance=user, action="wagtail.edit", user=staff)
    own_entry = log(instance=other_team, action="wagtail.edit", user=user)
    mention_entry = log(
        instance=other_team,
        action="wagtail.edit",
        user=staff,
        data={"inbox": {"old": person.email, "new": "team@sor.example"}},
    )
    assert person.email in suppression_entry.label and account_entry.label == person.name
    return AdminRecords(
        page=page,
        texts=[
            f"Page edited by {key}",
            f"{key}-taskstate-token",
            f"{key}-comment-text",
            f"{key}-reply-text",
            f"{key}-document",
            f"{key}-image",
            "Europe/London",
        ],
        files=[profile.avatar, upload.file],
        suppression_entry=suppression_entry,
        account_entry=account_entry,
        own_entry=own_entry,
        mention_entry=mention_entry,
        session_keys=[signed_in.session.session_key, store.session_key],
    )


@pytest.fixture
def adviser(teams):
    return make_adviser("ada.adviser@sor.example", teams["rtp_england"])


@pytest.fixture
def admin_records(people, adviser, teams):
    alice, _bob = people
    return add_admin_records(alice, staff=adviser, other_team=teams["ir"])


@pytest.fixture
def people(teams, nations, pathways, topics, adviser, django_capture_on_commit_callbacks, mailoutbox):
    kwargs = dict(
        teams=teams,
        nations=nations,
        pathways=pathways,
        topics=topics,
        adviser=adviser,
        capture=django_capture_on_commit_callbacks,
    )
    alice = build_person("alice", **kwargs)
    bob = build_person("bob", mention="My colleague alice@example.org told me to write.", **kwargs)
    return alice, bob


def export_zip(email: str) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    privacy.subject_export(email, buffer)
    buffer.seek(0)
    return zipfile.ZipFile(buffer)


def everything_in(archive: zipfile.ZipFile) -> bytes:
    return b"\n".join(archive.read(name) for name in archive.namelist())


def rows(archive: zipfile.ZipFile, label: str) -> list[dict]:
    return json.loads(archive.read("data.json"))["sections"][label]["rows"]


# --------------------------------------------------------------------------------------------------
# What the export holds
# --------------------------------------------------------------------------------------------------


#: Declarations that find no row by address or account: their personal data can only be a mention
#: of an address in free text (a task's traceback), which erasure takes out.
FOUND_ONLY_AS_MENTIONS = {"django_tasks_database.DBTaskResult"}


def test_the_export_holds_all_of_the_subjects_data_in_every_model(people, admin_records):
    alice, _bob = people
    archive = export_zip("alice@example.org")
    data = json.loads(archive.read("data.json"))

    assert set(data["sections"]) == {d.label for d in privacy.declarations()}
    empty = {label for label, section in data["sections"].items() if not section["rows"]}
    assert empty == FOUND_ONLY_AS_MENTIONS, f"no rows exported for {empty - FOUND_ONLY_AS_MENTIONS}"
    text = everything_in(archive).decode(errors="replace")
    for token in alice.texts + admin_records.texts:
        assert token in text, token
    names = archive.namelist()
    assert any(n.endswith("alice-avatar.png") for n in names)
    assert any("alice-upload" in n for n in names)
    assert data["subject"]["addresses"] == ["alice.work@example.com", "alice@example.org"]
    assert data["subject"]["accounts"] == 1


def test_the_export_holds_nothing_of_anyone_elses(people):
    _alice, bob = people
    archive = export_zip("alice@example.org")
    everything = everything_in(archive)
    for token in bob.texts:
        assert token.encode() not in everything, token
    for content in bob.files:
        assert content not in everything
    # Bob's message names Alice's address, but it is Bob's: not in Alice's export...
    assert b"My colleague" not in everything
    # ...and it is in Bob's.
    assert b"My colleague alice@example.org told me to write." in everything_in(export_zip("bob@example.org"))


def test_the_files_are_the_attachments_and_the_raw_emails(people):
    alice, _bob = people
    archive = export_zip("ALICE@example.org ")  # case and spaces do not matter
    names = archive.namelist()
    attachment = next(n for n in names if n.startswith("files/enquiries.Attachment/"))
    raw = next(n for n in names if n.startswith("files/enquiries.InboundEmail/"))
    assert attachment.endswith("/alice-letter.pdf") and archive.read(attachment) == alice.files[0]
    assert raw.endswith(".eml") and archive.read(raw) == alice.files[1]
    exported = rows(archive, "enquiries.Attachment")[0]
    assert exported["files"] == [attachment] and exported["original_name"] == "alice-letter.pdf"
    assert "README.txt" in names


def test_secrets_are_never_exported(people):
    alice, _bob = people
    archive = export_zip(alice.email)
    everything = everything_in(archive).decode()
    authenticator = alice.user.authenticator_set.get()
    assert authenticator.data["secret"] not in everything
    assert alice.user.password not in everything
    assert EmailConfirmation.objects.filter(email_address__user=alice.user).get().key not in everything
    [exported] = rows(archive, "mfa.Authenticator")
    assert set(exported) == {"id", "type", "type_label", "created_at", "last_used_at"}


def test_staff_activity_on_other_peoples_enquiries_is_listed_without_their_content(people, adviser):
    _alice, bob = people
    archive = export_zip(adviser.email)
    messages = rows(archive, "enquiries.Message")
    assert messages and all(m["written_by_you"] for m in messages)
    assert {m["enquiry"] for m in messages} == {_alice.enquiry.reference, bob.enquiry.reference}
    everything = everything_in(archive)
    for token in ("bob-reply-token", "bob-note-token", "bob-body-token", "Bob Testperson", "bob@example.org"):
        assert token.encode() not in everything


def test_every_exported_row_is_json_safe_without_an_encoder(people):
    alice, _bob = people
    subject = privacy.Subject.for_email(alice.email)
    for declaration in privacy.declarations():
        for obj in declaration.rows(subject):
            json.dumps(declaration.export(obj))


def test_an_unknown_address_gives_an_export_with_empty_sections(db):
    archive = export_zip("nobody@example.org")
    data = json.loads(archive.read("data.json"))
    assert all(section["rows"] == [] for section in data["sections"].values())
    assert [n for n in archive.namelist() if n.startswith("files/")] == []


def test_the_number_of_queries_stays_flat_as_the_subjects_data_grows(
    people, teams, adviser, django_assert_max_num_queries, django_capture_on_commit_callbacks, form_data
):
    alice, _bob = people
    with django_assert_max_num_queries(70) as before:
        privacy.subject_export(alice.email, io.BytesIO())
    for n in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            enquiry, _ = services.enquiry_submit(
                **form_data(email=alice.email, subject=f"More {n}"),
                body="More",
                submission_key=f"more-{n}",
                user=alice.user,
            )
        services.adviser_reply(enquiry=enquiry, author=adviser, body="Answer")
    with django_assert_max_num_queries(len(before.captured_queries)):
        privacy.subject_export(alice.email, io.BytesIO())


# --------------------------------------------------------------------------------------------------
# The command
# --------------------------------------------------------------------------------------------------


def test_the_command_writes_the_zip(people, tmp_path):
    alice, bob = people
    target = tmp_path / "alice.zip"
    out = io.StringIO()
    call_command("export_subject_data", alice.email, "--output", str(target), stdout=out)
    assert "records to" in out.getvalue() and alice.email not in out.getvalue()
    archive = zipfile.ZipFile(target)
    assert alice.enquiry.reference.encode() in everything_in(archive)
    assert bob.enquiry.reference.encode() not in everything_in(archive)
    assert target.stat().st_mode & 0o077 == 0  # readable by its owner only


def test_the_command_refuses_a_bad_address_and_an_existing_file(people, tmp_path):
    with pytest.raises(CommandError, match="email address"):
        call_command("export_subject_data", "not an address", "--output", str(tmp_path / "x.zip"))
    existing = tmp_path / "exists.zip"
    existing.write_bytes(b"keep me")
    with pytest.raises(CommandError, match="already exists"):
        call_command("export_subject_data", "alice@example.org", "--output", str(existing))
    assert existing.read_bytes() == b"keep me"


# --------------------------------------------------------------------------------------------------
# The admin page
# --------------------------------------------------------------------------------------------------


def staff_client(user) -> Client:
    if not user.authenticator_set.exists():
        TOTP.activate(user, generate_totp_secret())
    return mfa_login(Client(), user)


@pytest.fixture
def privacy_officer(make_user):
    """Staff with the custom permission (through a group), and an authenticator app."""
    user = make_user("dpo@sor.example", totp=True, is_staff=True, first_name="Dee")
    group = Group.objects.create(name="Data protection")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="manage_personal_data"),
    )
    user.groups.add(group)
    return user


@pytest.fixture
def superuser(make_user):
    return make_user("root@sor.example", totp=True, is_staff=True, is_superuser=True)


def test_a_privacy_officer_downloads_the_zip_for_a_posted_address(people, privacy_officer):
    alice, bob = people
    response = staff_client(privacy_officer).post(EXPORT_URL, {"email": alice.email})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert re.fullmatch(
        r'attachment; filename="personal-data-\d{4}-\d{2}-\d{2}\.zip"', response["Content-Disposition"]
    )
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    everything = everything_in(archive)
    assert alice.enquiry.reference.encode() in everything and bob.enquiry.reference.encode() not in everything


def test_a_superuser_may_export_and_sees_the_menu_item(people, superuser):
    client = staff_client(superuser)
    page = client.get(EXPORT_URL)
    assert page.status_code == 200
    assert "Export a person's data" in visible_text(page)
    assert "no-store" in page["Cache-Control"]
    assert client.post(EXPORT_URL, {"email": "alice@example.org"})["Content-Type"] == "application/zip"
    assert EXPORT_URL in client.get("/admin/").content.decode()


def test_staff_without_the_permission_are_turned_away(people, teams):
    adviser = make_adviser("other.adviser@sor.example", teams["ir"])
    adviser.groups.add(Group.objects.get(name="Advisers"))
    client = staff_client(adviser)
    for response in (client.get(EXPORT_URL), client.post(EXPORT_URL, {"email": "alice@example.org"})):
        assert response.status_code == 302 and response["Location"] == "/admin/"
        assert response.get("Content-Disposition") is None
    assert EXPORT_URL not in client.get("/admin/").content.decode()


def test_signed_out_people_are_sent_to_sign_in(client, people):
    response = client.post(EXPORT_URL, {"email": "alice@example.org"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_missing_or_bad_address_is_explained_next_to_the_field_and_in_the_summary(privacy_officer):
    client = staff_client(privacy_officer)
    for posted, message in [
        ("", "Enter the person's email address"),
        ("alice at example", "Enter an email address in the right format, like name@example.com"),
        ("a" * 250 + "@example.org", "An email address is at most 254 characters"),
        ("alice@example.org\r\nBcc: x@example.net", "Enter an email address in the right format"),
        ("<script>alert(1)</script>@example.org", "Enter an email address in the right format"),
    ]:
        response = client.post(EXPORT_URL, {"email": posted})
        assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
        assert message in field_error_text(response, "email")
        assert message in error_summary_text(response)
        assert "<script>alert(1)</script>" not in response.content.decode()


def test_an_address_with_nothing_held_says_so(privacy_officer):
    response = staff_client(privacy_officer).post(EXPORT_URL, {"email": "nobody@example.org"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "We hold nothing about that address." in visible_text(response)


def test_the_export_form_needs_csrf(people, privacy_officer):
    client = mfa_login(Client(enforce_csrf_checks=True), privacy_officer)
    assert client.post(EXPORT_URL, {"email": "alice@example.org"}).status_code == 403


def test_the_address_never_appears_in_a_url(people, privacy_officer):
    client = staff_client(privacy_officer)
    page = client.get(EXPORT_URL).content.decode()
    form = re.search(r'<form method="post"[^>]*>', page).group(0)
    assert "action" not in form  # posts back to /admin/personal-data/, no query string
    response = client.post(EXPORT_URL, {"email": "alice@example.org"}, follow=False)
    assert "alice" not in response.get("Content-Disposition", "")
    assert response.get("Location") is None
