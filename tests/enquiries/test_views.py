import re

from django.contrib.sessions.backends.db import SessionStore
from django.core import mail, signing
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

import pytest
from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from enquiries import deadlines, selectors
from enquiries.factories import AdviserFactory
from enquiries.intake import views as intake_views
from enquiries.intake.forms import FORM_SALT
from enquiries.models import Enquiry, Message
from enquiries.services import adviser_reply, enquiry_submit, note_add
from portal.models import User
from tests.conftest import error_summary_text, link_hrefs, mfa_login, soup, visible_text

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
    # The consent hint links the privacy notice instead of printing its address.
    hint = soup(response).select_one("#id_consent_helptext")
    assert [a["href"] for a in hint.select("a")] == ["/privacy-notice/"]
    assert "/privacy-notice/" not in hint.get_text()


def test_a_valid_request_makes_an_enquiry_and_shows_the_reference_and_reply_date(
    client, post_data, teams, django_capture_on_commit_callbacks
):
    AdviserFactory(email="adviser@sor.example", team=teams["rtp_england"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, post_data(), follow=True)
    enquiry = Enquiry.objects.get()
    html = response.content.decode()
    assert enquiry.reference in html
    assert f"An adviser will reply <strong>{deadlines.due_by(enquiry.due_at)}</strong>" in html
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
    other = AdviserFactory(email="ir-adviser@sor.example", team=teams["ir"], groups=())
    mfa_login(client, other)
    attachment = mine.messages.get().attachments.get()
    assert client.get(f"/attachments/{attachment.pk}/").status_code == 404
    same_team = AdviserFactory(email="eng@sor.example", team=teams["rtp_england"], groups=())
    mfa_login(client, same_team)
    response = client.get(f"/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == b"%PDF-1.4"


def test_the_enquirer_reads_the_thread_without_internal_notes_and_replies(client, submit, teams):
    adviser = AdviserFactory(email="eng@sor.example", team=teams["rtp_england"])
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


# --- Signed in, an enquirer writes only from one of their own verified addresses ------------------


def add_address(user, email, *, verified=True):
    return EmailAddress.objects.create(user=user, email=email, verified=verified, primary=False)


def my_list(client) -> str:
    return client.get("/my-enquiries/").content.decode()


def test_signed_in_with_one_verified_address_it_is_shown_as_text_and_used(client, post_data):
    me = enquirer("a@example.org")
    client.force_login(me)
    response = client.get(URL)
    tree = soup(response)
    assert "We will reply to a@example.org" in visible_text(response)
    [field] = tree.find_all("input", attrs={"name": "email"})
    assert (field["type"], field["value"]) == ("hidden", "a@example.org")  # nothing to type or change
    assert "/accounts/email/" in link_hrefs(response)

    client.post(URL, post_data(email="a@example.org"))
    enquiry = Enquiry.objects.get()
    assert (enquiry.user, enquiry.email) == (me, "a@example.org")


def test_signed_in_with_several_verified_addresses_they_choose_one_of_them(client, post_data):
    me = enquirer("a@example.org")
    add_address(me, "a.work@nhs.example")
    add_address(me, "a.old@example.org", verified=False)
    client.force_login(me)
    radios = soup(client.get(URL)).find_all("input", attrs={"name": "email"})
    assert {radio["type"] for radio in radios} == {"radio"}
    assert [radio["value"] for radio in radios] == ["a@example.org", "a.work@nhs.example"]  # primary first
    assert [radio["value"] for radio in radios if radio.has_attr("checked")] == ["a@example.org"]

    client.post(URL, post_data(email="A.Work@NHS.example"))
    enquiry = Enquiry.objects.get()
    assert (enquiry.user, enquiry.email) == (me, "a.work@nhs.example")


def test_signed_in_without_a_verified_address_they_are_told_to_verify_one_first(client, post_data):
    client.force_login(enquirer("a@example.org", verified=False))
    response = client.get(URL)
    assert "Verify your email address first" in visible_text(response)
    assert "/accounts/email/" in link_hrefs(response)
    assert soup(response).find("input", attrs={"name": "email"}) is None

    response = client.post(URL, post_data(email="a@example.org"))  # sent by hand all the same
    assert response.status_code == 200 and "Verify your email address first" in visible_text(response)
    assert not Enquiry.objects.exists()


@pytest.mark.parametrize("mine", [["a@example.org"], ["a@example.org", "a.work@nhs.example"]])
@pytest.mark.parametrize("foreign", ["victim@example.org", "Victim@Example.ORG", "a.unverified@example.org"])
def test_a_signed_in_enquirer_cannot_send_from_an_address_not_verified_as_theirs(
    client, post_data, mine, foreign, django_capture_on_commit_callbacks
):
    victim = enquirer("victim@example.org")
    me = enquirer(mine[0])
    for address in mine[1:]:
        add_address(me, address)
    add_address(me, "a.unverified@example.org", verified=False)
    client.force_login(me)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, post_data(email=foreign))  # the form offers no such choice: by hand

    assert response.status_code == 200
    problem = "We can only reply to an email address you have verified in your account"
    assert problem in error_summary_text(response)  # linked from the summary to the field
    assert problem in soup(response).find(id="id_email_error").get_text(" ")  # and next to the field
    assert "I stopped practising in 2019" in response.content.decode()  # what was typed is kept
    assert not Enquiry.objects.exists() and not mail.outbox
    client.force_login(victim)
    assert "SOR-" not in my_list(client)


def test_an_enquiry_made_by_one_account_never_shows_to_the_owner_of_its_address(client, form_data, teams):
    """One enquiry, two owners: an account's enquiry that carries someone else's address (made before the
    form checked, or by any other door) belongs to the account, never to the address's owner."""
    maker, victim = enquirer("a@example.org"), enquirer("victim@example.org")
    pdf = SimpleUploadedFile("x.pdf", b"%PDF-1.4", "application/pdf")
    enquiry, _ = enquiry_submit(
        **form_data(email="victim@example.org"),
        body="I left the register in 2019.",
        submission_key="two-owners",
        user=maker,
        files=[pdf],
    )
    attachment = enquiry.messages.get().attachments.get()

    client.force_login(victim)
    assert enquiry.reference not in my_list(client)
    assert client.get(f"/my-enquiries/{enquiry.reference}/").status_code == 404
    assert client.get(f"/attachments/{attachment.pk}/").status_code == 404
    client.force_login(maker)
    assert enquiry.reference in my_list(client)


def test_an_anonymous_enquiry_shows_to_the_owner_of_its_address_once_they_verify_it(client, submit):
    enquiry = submit(email="x@example.org")
    person = enquirer("person@example.org")
    address = add_address(person, "x@example.org", verified=False)
    client.force_login(person)
    assert enquiry.reference not in my_list(client)
    assert client.get(f"/my-enquiries/{enquiry.reference}/").status_code == 404

    address.verified = True
    address.save()
    assert enquiry.reference in my_list(client)


# --- Staff download attachments only with a second factor in this session --------------------------


@pytest.fixture
def staff_download(submit, teams, form_data):
    """An enquiry of the RtP England team with a PDF, an adviser of that team with an authenticator app,
    and the adviser's own enquiry (made as an enquirer, from their verified address) with another PDF."""
    theirs = submit(
        email="a@example.org", files=[SimpleUploadedFile("x.pdf", b"%PDF-1.4", "application/pdf")]
    )
    adviser = AdviserFactory(email="eng@sor.example", team=teams["rtp_england"], groups=())
    EmailAddress.objects.create(user=adviser, email=adviser.email, verified=True, primary=True)
    own, _ = enquiry_submit(
        **form_data(email=adviser.email),
        body="My own question.",
        submission_key="advisers-own",
        user=adviser,
        files=[SimpleUploadedFile("mine.pdf", b"%PDF-1.4 mine", "application/pdf")],
    )
    return {
        "adviser": adviser,
        "teams": theirs.messages.get().attachments.get(),
        "own": own.messages.get().attachments.get(),
    }


def direct_request(user, *methods):
    """A request straight to the view, past every middleware, whose session records these sign-in steps."""
    from django.test import RequestFactory

    request = RequestFactory().get("/attachments/")
    request.user = user
    request.session = SessionStore()
    authenticator = Authenticator.objects.filter(user=user).first()
    for method in methods:
        extra = {"id": authenticator.pk, "type": authenticator.type} if method == "mfa" else {}
        record_authentication(request, user, method, **extra)
    return request


def test_a_password_only_staff_session_does_not_get_the_teams_attachment(client, staff_download):
    url = f"/attachments/{staff_download['teams'].pk}/"
    client.force_login(staff_download["adviser"])  # no second factor in this session
    response = client.get(url)
    assert response.status_code != 200 and not getattr(response, "streaming", False)

    mfa_login(client, staff_download["adviser"])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4"


def test_the_download_view_itself_asks_for_the_second_factor(staff_download):
    """The middleware is not the only guard: the view, reached with a password-only session, serves the
    team's attachment to no one (404, as for anyone not allowed), and serves it once the session has
    used its authenticator app."""
    adviser, attachment = staff_download["adviser"], staff_download["teams"]
    with pytest.raises(Http404):
        intake_views.download_attachment(direct_request(adviser, "password"), pk=attachment.pk)
    response = intake_views.download_attachment(direct_request(adviser, "password", "mfa"), pk=attachment.pk)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4"


def test_without_a_second_factor_staff_get_only_what_an_enquirer_would(staff_download):
    adviser = staff_download["adviser"]
    assert set(selectors.attachments_for(adviser, staff_verified=False)) == {staff_download["own"]}
    assert set(selectors.attachments_for(adviser, staff_verified=True)) == {
        staff_download["own"],
        staff_download["teams"],
    }


def test_the_confirmation_sends_a_signed_in_enquirer_straight_to_their_enquiries(client, submit):
    # Signed in already, they are not told to sign in: the link to their enquiries is enough.
    enquiry = submit(email="a@example.org")
    client.force_login(enquirer("a@example.org"))
    session = client.session
    session[intake_views.SESSION_LAST] = enquiry.pk
    session.save()
    response = client.get("/get-help/sent/")
    text = visible_text(response)
    assert "Follow your request in your enquiries" in text
    assert "by signing in" not in text
    assert "/my-enquiries/" in link_hrefs(response, "your enquiries")


def test_the_confirmation_tells_an_anonymous_enquirer_how_to_follow_online(client, submit):
    enquiry = submit(email="a@example.org")
    session = client.session
    session[intake_views.SESSION_LAST] = enquiry.pk
    session.save()
    text = visible_text(client.get("/get-help/sent/"))
    assert "follow your request online by signing in with this email address" in text
    assert "create an account" in text
