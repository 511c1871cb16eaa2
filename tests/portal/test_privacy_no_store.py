"""Never cacheable: every response to a signed-in person, and every download, says
`Cache-Control: private, no-store` (portal.middleware.NoStoreMiddleware), whatever the view set."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone

from wagtail.documents import get_document_model

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from enquiries import services
from enquiries.selectors import ADVISERS_GROUP
from pathways.models import UpdatingActivity, UpdatingLog
from portal.middleware import NoStoreMiddleware
from tests.conftest import mfa_login
from tests.enquiries.conftest import make_adviser

from . import test_privacy_export as export_tests

pytestmark = pytest.mark.django_db

nations, pathways, topics, teams, form_data = (
    export_tests.nations,
    export_tests.pathways,
    export_tests.topics,
    export_tests.teams,
    export_tests.form_data,
)


def assert_never_stored(response, where):
    cache_control = {part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= cache_control, f"{where}: {response.get('Cache-Control')!r}"
    assert not {"public", "max-age", "s-maxage"} & cache_control, where
    assert not response.has_header("Expires"), where


@pytest.fixture
def desk(home_page, teams, form_data, django_capture_on_commit_callbacks, user):
    """An adviser (with an authenticator app) and an enquiry of `user` with an attachment, answered."""
    from django.contrib.auth.models import Group

    adviser = make_adviser("ada@sor.example", teams["rtp_england"])
    adviser.groups.add(Group.objects.get(name=ADVISERS_GROUP))
    TOTP.activate(adviser, generate_totp_secret())
    with django_capture_on_commit_callbacks(execute=True):
        enquiry, _ = services.enquiry_submit(
            **form_data(email=user.email, name="Ada Returner"),
            body="When can I start?",
            submission_key="no-store-1",
            user=user,
            files=[SimpleUploadedFile("letter.pdf", b"%PDF-1.4\n% letter\n", content_type="application/pdf")],
        )
        services.adviser_reply(enquiry=enquiry, author=adviser, body="Soon.")
    log = UpdatingLog.objects.create(user=user, basis_date=datetime.date(2020, 1, 31))
    UpdatingActivity.objects.create(
        log=log, date=timezone.localdate(), kind="formal", hours="3.00", description="Read the CT protocols"
    )
    return {"adviser": adviser, "enquiry": enquiry, "attachment": enquiry.messages.first().attachments.get()}


def signed_in(user) -> Client:
    return mfa_login(Client(), user)


def test_the_enquirers_pages_are_never_stored(desk, user, rtp_hub):
    client = signed_in(user)
    enquiry = desk["enquiry"]
    for path in [
        "/",
        rtp_hub.url,
        "/get-help/",
        "/my-enquiries/",
        f"/my-enquiries/{enquiry.reference}/",
        "/my-plan/",
        "/my-plan/log/",
        "/accounts/email/",
        "/search/?q=updating",
        "/no-such-page/",
    ]:
        assert_never_stored(client.get(path), path)


def test_the_enquirers_downloads_are_never_stored(desk, user):
    client = signed_in(user)
    attachment = client.get(f"/attachments/{desk['attachment'].pk}/")
    assert attachment.status_code == 200 and attachment["Content-Disposition"].startswith("attachment")
    assert_never_stored(attachment, "attachment")
    csv = client.get("/my-plan/log/export.csv")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    assert_never_stored(csv, "updating log CSV")


def test_staff_pages_and_downloads_are_never_stored(desk):
    client = signed_in(desk["adviser"])
    for path in [
        "/admin/",
        "/admin/enquiries/",
        "/admin/enquiries/all/",
        f"/admin/enquiries/{desk['enquiry'].pk}/",
        f"/attachments/{desk['attachment'].pk}/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_never_stored(response, path)


def test_the_data_export_is_never_stored(desk, make_user):
    root = make_user("root@sor.example", totp=True, is_staff=True, is_superuser=True)
    response = signed_in(root).post("/admin/personal-data/", {"email": desk["enquiry"].email})
    assert response["Content-Type"] == "application/zip"
    assert_never_stored(response, "data export")


def test_a_download_is_never_stored_even_for_someone_signed_out(client, home_page):
    document = get_document_model().objects.create(title="Checklist")
    document.file.save("checklist.csv", ContentFile(b"step,done\n1,no\n"))
    # The storage renames the file when an earlier test left one of the same name: use its real name.
    response = client.get(f"/documents/{document.pk}/{document.filename}")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert_never_stored(response, "public document download")
    assert "private" not in client.get("/").get("Cache-Control", "")


def test_a_view_that_asks_to_be_cached_is_overruled_for_someone_signed_in(user):
    def view(request):
        response = HttpResponse("mine")
        response["Cache-Control"] = "public, max-age=3600"
        response["Expires"] = "Thu, 01 Jan 2099 00:00:00 GMT"
        return response

    request = RequestFactory().get("/")
    request.user = user
    response = NoStoreMiddleware(view)(request)
    assert_never_stored(response, "a view asking for public caching")
    assert "Cookie" in response["Vary"]

    request.user = type("Anonymous", (), {"is_authenticated": False})()
    assert NoStoreMiddleware(view)(request)["Cache-Control"] == "public, max-age=3600"


def test_the_middleware_is_installed(settings):
    order = settings.MIDDLEWARE
    assert "portal.middleware.NoStoreMiddleware" in order
    assert order.index("portal.middleware.NoStoreMiddleware") > order.index(
        "django.contrib.auth.middleware.AuthenticationMiddleware"
    )
