import re

from django.core import mail, signing
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from allauth.account.models import EmailAddress

from enquiries.forms import FORM_SALT
from enquiries.models import Enquiry, Message
from enquiries.services import adviser_reply, note_add
from portal.models import User

from .conftest import make_adviser

pytestmark = pytest.mark.django_db

URL = "/get-help/"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def old_token():
    """A form token signed 60 seconds ago: passes the minimum fill time."""
    signer = signing.TimestampSigner(salt=FORM_SALT)
    import time
    from unittest import mock

    with mock.patch("time.time", return_value=time.time() - 60):
        return signer.sign(f"tok-{time.time_ns()}")


@pytest.fixture
def post_data(nations, topics, teams):
    def build(**overrides):
        data = {
            "who": "returning",
            "nation": "england",
            "profession": "diagnostic",
            "topic": "hcpc-registration",
            "hcpc_number": "ra 12345",
            "subject": "How many days do I need?",
            "question": "I stopped practising in 2019 and want to come back.",
            "name": "Sam Returner",
            "email": "Sam@Example.org",
            "consent": "on",
            "website": "",
            "form_token": old_token(),
        }
        data.update(overrides)
        return {k: v for k, v in data.items() if v is not None}

    return build


def test_the_form_renders_with_every_question_and_the_privacy_warning(client, teams):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    for label in [
        "Which best describes you?",
        "Which UK nation",
        "Your profession",
        "What is your question about?",
        "HCPC registration number",
        "Attach files",
        "Your email address",
        "how we use your information",
    ]:
        assert label in html
    assert 'name="form_token"' in html and 'enctype="multipart/form-data"' in html


def test_a_valid_request_makes_an_enquiry_and_shows_the_reference_and_reply_date(
    client, post_data, teams, django_capture_on_commit_callbacks
):
    make_adviser("adviser@sor.example", teams["rtp_england"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, post_data(), follow=True)
    enquiry = Enquiry.objects.get()
    html = response.content.decode()
    assert enquiry.reference in html
    assert enquiry.due_at.strftime("%Y") in html and "An adviser will reply by" in html
    assert enquiry.email == "sam@example.org" and enquiry.hcpc_number == "RA12345"
    assert enquiry.pathway.slug == "return-to-practice"
    assert {m.to[0] for m in mail.outbox} == {"sam@example.org", "adviser@sor.example"}


def test_double_submit_of_the_same_form_makes_one_enquiry_and_the_same_confirmation(client, post_data):
    data = post_data()
    first = client.post(URL, data, follow=True).content.decode()
    second = client.post(URL, data, follow=True).content.decode()
    assert Enquiry.objects.count() == 1
    reference = Enquiry.objects.get().reference
    assert reference in first and reference in second


def test_missing_answers_are_shown_in_a_summary_and_next_to_each_field(client, post_data):
    response = client.post(URL, post_data(who=None, email="not-an-email", consent=None, subject=" "))
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    for message in [
        "Select which best describes you",
        "Enter an email address like name@example.com",
        "Tick the box to agree",
        "Enter your question in a sentence",
    ]:
        assert html.count(message) == 2, message  # once in the summary, once by the field
    assert "I stopped practising in 2019" in html  # what was typed is kept
    assert not Enquiry.objects.exists()


def test_a_badly_formed_hcpc_number_is_explained(client, post_data):
    html = client.post(URL, post_data(hcpc_number="12345")).content.decode()
    assert "Enter an HCPC number in the right format, like RA12345" in html


@pytest.mark.parametrize(
    "files, message",
    [
        (
            [SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "application/pdf")],
            "larger than 10 MB",
        ),
        (
            [SimpleUploadedFile(f"f{i}.png", b"\x89PNG\r\n\x1a\n0000", "image/png") for i in range(4)],
            "up to 3 files",
        ),
        (
            [SimpleUploadedFile("cv.pdf", b"<script>alert(1)</script>", "application/pdf")],
            "is not a PDF, Word (DOCX), JPG or PNG file",
        ),
        ([SimpleUploadedFile("../../../etc/passwd", b"root:x:0:0", "text/plain")], "‘passwd’ is not a PDF"),
    ],
)
def test_bad_attachments_get_clear_errors_and_files_must_be_chosen_again(client, post_data, files, message):
    response = client.post(URL, {**post_data(), "attachments": files})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Please choose your files again" in html
    assert not Enquiry.objects.exists()


def test_a_good_attachment_is_kept_privately(client, post_data):
    pdf = SimpleUploadedFile("my cv.pdf", b"%PDF-1.4 test", "application/pdf")
    client.post(URL, {**post_data(), "attachments": [pdf]})
    attachment = Enquiry.objects.get().messages.get().attachments.get()
    assert attachment.original_name == "my cv.pdf"
    assert "/media/" not in attachment.file.path and "private" in attachment.file.path


def test_the_honeypot_looks_successful_but_keeps_nothing(client, post_data):
    response = client.post(URL, post_data(website="http://spam.example"), follow=True)
    assert "We have your request" in response.content.decode()
    assert not Enquiry.objects.exists()
    assert mail.outbox == []


def test_a_form_sent_too_fast_is_not_accepted(client, post_data):
    fresh = signing.TimestampSigner(salt=FORM_SALT).sign("fresh")
    html = client.post(URL, post_data(form_token=fresh)).content.decode()
    assert "Please take a moment to check your answers" in html
    assert not Enquiry.objects.exists()


def test_a_tampered_form_token_is_refused_without_error(client, post_data):
    html = client.post(URL, post_data(form_token="forged:token")).content.decode()
    assert "Something went wrong with the form" in html


def test_too_many_requests_from_one_address_are_limited(client, post_data):
    statuses = [client.post(URL, post_data(subject=f"Question {n}")).status_code for n in range(6)]
    assert statuses[:5] == [302] * 5
    assert statuses[5] == 429
    assert Enquiry.objects.count() == 5


@pytest.mark.parametrize(
    "field, value",
    [
        ("name", "Eve\r\nBcc: victim@example.org"),
        ("subject", "<script>alert('x')</script>"),
        ("question", "'; DROP TABLE enquiries_enquiry; --\x00"),
        ("nation", "atlantis"),
        ("topic", "<b>"),
        ("who", "admin"),
        ("email", "a@b.c\r\nBcc: x@y.z"),
    ],
)
def test_hostile_input_never_makes_a_500(client, post_data, field, value):
    response = client.post(URL, post_data(**{field: value}))
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "<script>alert" not in response.content.decode()


def test_hostile_name_is_flattened_and_escaped(client, post_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            URL, post_data(name="Eve\r\nBcc: victim@example.org", subject="<script>alert(1)</script>")
        )
    enquiry = Enquiry.objects.get()
    assert enquiry.name == "Eve Bcc: victim@example.org"
    ack = mail.outbox[0]
    assert "\n" not in ack.subject
    assert "<script>" not in ack.alternatives[0][0]


# --- The enquirer's side -------------------------------------------------------------------------


def enquirer(email, verified=True):
    user = User.objects.create_user(email=email, password="long-password-123")
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def test_my_enquiries_lists_only_my_own_by_verified_email(client, submit):
    mine = submit(email="a@example.org")
    theirs = submit(email="b@example.org")
    client.force_login(enquirer("a@example.org"))
    html = client.get("/my-enquiries/").content.decode()
    assert mine.reference in html and theirs.reference not in html


def test_an_unverified_email_shows_nothing(client, submit):
    mine = submit(email="a@example.org")
    client.force_login(enquirer("a@example.org", verified=False))
    html = client.get("/my-enquiries/").content.decode()
    assert mine.reference not in html and "Confirm your email address" in html
    assert client.get(f"/my-enquiries/{mine.reference}/").status_code == 404


def test_another_enquirer_gets_404_for_my_enquiry_and_attachment(client, submit):
    pdf = SimpleUploadedFile("x.pdf", b"%PDF-1.4", "application/pdf")
    mine = submit(email="a@example.org", files=[pdf])
    attachment = mine.messages.get().attachments.get()
    client.force_login(enquirer("b@example.org"))
    assert client.get(f"/my-enquiries/{mine.reference}/").status_code == 404
    assert client.get(f"/attachments/{attachment.pk}/").status_code == 404
    assert client.post(f"/my-enquiries/{mine.reference}/status/", {"action": "withdraw"}).status_code == 404


def test_adviser_of_another_team_gets_404_for_the_attachment(client, submit, teams):
    pdf = SimpleUploadedFile("x.pdf", b"%PDF-1.4", "application/pdf")
    mine = submit(email="a@example.org", files=[pdf])  # routed to RtP England
    other = make_adviser("ir-adviser@sor.example", teams["ir"])
    client.force_login(other)
    attachment = mine.messages.get().attachments.get()
    assert client.get(f"/attachments/{attachment.pk}/").status_code == 404
    same_team = make_adviser("eng@sor.example", teams["rtp_england"])
    client.force_login(same_team)
    response = client.get(f"/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == b"%PDF-1.4"


def test_the_enquirer_reads_the_thread_without_internal_notes_and_replies(client, submit, teams):
    adviser = make_adviser("eng@sor.example", teams["rtp_england"])
    enquiry = submit(email="a@example.org")
    note_add(enquiry=enquiry, author=adviser, body="Internal: check their HCPC status")
    adviser_reply(enquiry=enquiry, author=adviser, body="You need 60 days of updating.")
    client.force_login(enquirer("a@example.org"))
    page = client.get(f"/my-enquiries/{enquiry.reference}/").content.decode()
    assert "You need 60 days of updating." in page
    assert "Internal: check their HCPC status" not in page
    response = client.post(
        f"/my-enquiries/{enquiry.reference}/", {"body": "Thank you, and what about funding?"}, follow=True
    )
    assert "Your reply has been added" in response.content.decode()
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.OPEN
    assert enquiry.messages.filter(kind=Message.Kind.INBOUND).count() == 2


def test_withdraw_is_post_only(client, submit):
    enquiry = submit(email="a@example.org")
    client.force_login(enquirer("a@example.org"))
    assert client.get(f"/my-enquiries/{enquiry.reference}/status/?action=withdraw").status_code == 405
    client.post(f"/my-enquiries/{enquiry.reference}/status/", {"action": "withdraw"})
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.WITHDRAWN


def test_my_enquiries_needs_sign_in(client):
    response = client.get("/my-enquiries/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_reference_format_is_unambiguous(submit, teams):
    for _ in range(20):
        reference = submit().reference
        assert re.fullmatch(r"SOR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", reference)
