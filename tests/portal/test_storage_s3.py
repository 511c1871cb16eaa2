"""Files in S3 buckets (a real S3 API: moto's server on loopback, tests/s3.py), as production keeps them
with S3_* set: attachments and documents private and reached only through the checked views, images
and renditions public; the erasure log one object per erasure in the private bucket.
"""

from __future__ import annotations

import io
import json
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from wagtail.models import Collection, CollectionViewRestriction

import pytest
import wagtail_factories
from allauth.account.models import EmailAddress

from enquiries.models import Attachment, Enquiry, InboundEmail
from portal import privacy
from portal.models import ErasureRecord, User
from portal.storage import SIGNED_URL_SECONDS
from tests import s3
from tests.conftest import make_image, mfa_login
from tests.enquiries import conftest as enquiry_fixtures
from tests.enquiries.conftest import make_adviser
from tests.portal.test_privacy_erasure import backup, database_text, restore
from tests.s3 import (
    PRIVATE_BUCKET,
    PUBLIC_BUCKET,
    anonymous_get,
    fetch,
    moto_storages,
)

s3_server, buckets = s3.s3_server, s3.buckets
nations, pathways, topics, teams, form_data, submit = (
    enquiry_fixtures.nations,
    enquiry_fixtures.pathways,
    enquiry_fixtures.topics,
    enquiry_fixtures.teams,
    enquiry_fixtures.form_data,
    enquiry_fixtures.submit,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 a private letter from the HCPC"


def enquirer(email):
    user = User.objects.create_user(email=email, password="long-password-123")
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def bucket_url(server, bucket: str, key: str) -> str:
    return f"{server.endpoint}/{bucket}/{key}"


@pytest.fixture
def attachment(buckets, submit, teams):
    upload = SimpleUploadedFile("Letter from HCPC.pdf", PDF, "application/pdf")
    enquiry = submit(email="sam@example.org", files=[upload])
    return enquiry.messages.get().attachments.get()


# --------------------------------------------------------------------------------------------------
# Enquiry attachments
# --------------------------------------------------------------------------------------------------


def test_an_attachment_lands_in_the_private_bucket_and_no_stranger_can_read_it_there(buckets, attachment):
    assert attachment.file.name in buckets.keys(PRIVATE_BUCKET, attachment.file.name)
    assert not buckets.keys(PUBLIC_BUCKET, attachment.file.name)
    body = buckets.client.get_object(Bucket=PRIVATE_BUCKET, Key=attachment.file.name)["Body"].read()
    assert body == PDF
    # Its address in the bucket, asked for without a signature, is refused.
    status, content = anonymous_get(bucket_url(buckets, PRIVATE_BUCKET, attachment.file.name))
    assert status == 403 and PDF not in content
    # Raw inbound emails share the same private storage.
    assert InboundEmail._meta.get_field("raw").storage.bucket_name == PRIVATE_BUCKET


def test_the_enquirer_gets_the_attachment_through_a_signed_redirect_that_soon_expires(
    client, buckets, attachment
):
    client.force_login(enquirer("sam@example.org"))
    response = client.get(f"/attachments/{attachment.pk}/")
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    signed = response["Location"]
    parts = urlsplit(signed)
    assert signed.startswith(bucket_url(buckets, PRIVATE_BUCKET, attachment.file.name))
    assert parse_qs(parts.query)["X-Amz-Expires"] == [str(SIGNED_URL_SECONDS)]
    status, headers, body = fetch(signed)
    assert status == 200 and body == PDF
    # The store sends it as a download under its cleaned name, with the type found in its content.
    assert headers["Content-Disposition"] == "attachment; filename*=UTF-8''Letter%20from%20HCPC.pdf"
    assert headers["Content-Type"] == "application/pdf"
    # Without its signature the same address is refused. (moto does not check a signature's value, so
    # a tampered or expired one is not tested here; S3 and MinIO refuse both.)
    assert anonymous_get(signed.split("?")[0])[0] == 403


def test_the_teams_adviser_gets_it_and_everyone_else_gets_404(client, buckets, attachment, teams):
    url = f"/attachments/{attachment.pk}/"
    assert client.get(url)["Location"].startswith("/accounts/login/")  # anonymous: sign in first
    client.force_login(enquirer("someone-else@example.org"))
    assert client.get(url).status_code == 404
    mfa_login(client, make_adviser("ir-adviser@sor.example", teams["ir"], totp=True))
    assert client.get(url).status_code == 404  # another team's adviser
    mfa_login(client, make_adviser("eng@sor.example", teams["rtp_england"], totp=True))
    response = client.get(url)
    assert response.status_code == 302
    assert fetch(response["Location"])[2] == PDF


def test_erasing_an_enquiry_deletes_its_attachment_from_the_bucket(
    buckets, attachment, settings, django_capture_on_commit_callbacks
):
    settings.PRIVACY_ERASURE_KEY = "test-erasure-key-s3"
    with django_capture_on_commit_callbacks(execute=True):
        privacy.erase_subject("sam@example.org", reason="Request 70")
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not buckets.keys(PRIVATE_BUCKET, attachment.file.name)


# --------------------------------------------------------------------------------------------------
# Wagtail documents and images
# --------------------------------------------------------------------------------------------------


@pytest.fixture
def documents(buckets):
    root = Collection.get_first_root_node()
    managers_only = root.add_child(name="Managers only")
    restriction = CollectionViewRestriction.objects.create(
        collection=managers_only, restriction_type=CollectionViewRestriction.GROUPS
    )
    managers, _ = Group.objects.get_or_create(name=settings.PORTAL_MANAGERS_GROUP)
    restriction.groups.add(managers)
    public = wagtail_factories.DocumentFactory(
        title="Returner checklist",
        collection=root,
        file=ContentFile(b"%PDF-1.4 public", name="checklist.pdf"),
    )
    restricted = wagtail_factories.DocumentFactory(
        title="Staffing template",
        collection=managers_only,
        file=ContentFile(b"%PDF-1.4 managers only", name="staffing.pdf"),
    )
    manager = enquirer("manager@example.org")
    manager.groups.add(managers)
    return {"public": public, "restricted": restricted, "manager": manager}


def test_a_restricted_document_is_in_the_private_bucket_and_not_public_by_any_url(client, buckets, documents):
    restricted = documents["restricted"]
    key = restricted.file.name
    assert key.startswith("documents/") and buckets.keys(PRIVATE_BUCKET, key) == [key]
    assert not buckets.keys(PUBLIC_BUCKET, "documents/")
    # Not by its bucket address, in either bucket...
    assert anonymous_get(bucket_url(buckets, PRIVATE_BUCKET, key))[0] == 403
    assert anonymous_get(bucket_url(buckets, PUBLIC_BUCKET, key))[0] in (403, 404)
    # ...nor by the portal's: a stranger is sent to sign in and never sees a signed URL.
    response = client.get(restricted.url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "Signature" not in response["Location"]
    client.force_login(enquirer("not-a-manager@example.org"))
    assert "Signature" not in client.get(restricted.url).get("Location", "")


def test_a_manager_gets_the_restricted_document_through_a_short_signed_redirect(client, buckets, documents):
    client.force_login(documents["manager"])
    response = client.get(documents["restricted"].url)
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
    assert parse_qs(urlsplit(response["Location"]).query)["X-Amz-Expires"] == [str(SIGNED_URL_SECONDS)]
    assert fetch(response["Location"])[2] == b"%PDF-1.4 managers only"


def test_a_public_document_is_served_to_anyone_but_never_cached_on_the_way(client, buckets, documents):
    response = client.get(documents["public"].url)
    assert response.status_code == 302 and "no-store" in response["Cache-Control"]
    assert fetch(response["Location"])[2] == b"%PDF-1.4 public"


def test_an_image_rendition_is_in_the_public_bucket_and_anyone_can_fetch_it(client, buckets):
    image = make_image("Radiographer at work")
    rendition = image.get_rendition("fill-120x80")
    assert rendition.url == bucket_url(buckets, PUBLIC_BUCKET, rendition.file.name)
    assert "Signature" not in rendition.url
    status, headers, body = fetch(rendition.url)
    assert status == 200 and body[:3] in (b"\xff\xd8\xff", b"\x89PN", b"RIF", b"GIF")
    assert headers["Cache-Control"] == "public, max-age=86400"
    assert anonymous_get(image.file.url)[0] == 200  # the original, as the images API offers it
    assert client.get(f"/media/{rendition.file.name}").status_code == 404  # not from the web nodes
    # Pages let browsers show images from the bucket's origin, and from nowhere else but the site.
    csp = client.get("/robots.txt")["Content-Security-Policy"]
    assert f"img-src 'self' {buckets.endpoint} data:;" in csp


def test_a_cdn_address_is_used_for_public_files(buckets, settings):
    settings.STORAGES = {
        **moto_storages(buckets.endpoint, public_url="https://media.portal.example/"),
        "staticfiles": settings.STORAGES["staticfiles"],
    }
    rendition = make_image().get_rendition("width-100")
    assert rendition.url == f"https://media.portal.example/{rendition.file.name}"


# --------------------------------------------------------------------------------------------------
# The erasure log, one object per erasure in the private bucket
# --------------------------------------------------------------------------------------------------


def test_erasures_are_logged_as_objects_in_the_private_bucket_and_replayed(
    buckets, submit, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.PRIVACY_ERASURE_KEY = "test-erasure-key-s3"
    upload = SimpleUploadedFile("cv.pdf", PDF, "application/pdf")
    submit(email="alice@example.org", body="alice-body-token", files=[upload])
    submit(email="bob@example.org", body="bob-body-token")
    cv_key = Attachment.objects.get().file.name
    snapshot = backup()
    with django_capture_on_commit_callbacks(execute=True):
        first = privacy.erase_subject("alice@example.org", reason="Request 71")
        second = privacy.erase_subject("nobody@example.org", reason="Request 72")
    keys = buckets.keys(PRIVATE_BUCKET, settings.PRIVACY_ERASURE_LOG)
    assert len(keys) == 2 and keys == sorted(keys) and str(first.erasure_id) in keys[0]
    entry = json.loads(buckets.client.get_object(Bucket=PRIVATE_BUCKET, Key=keys[0])["Body"].read())
    assert entry["subject_hash"] == first.subject_hash and "alice" not in json.dumps(entry)
    assert anonymous_get(bucket_url(buckets, PRIVATE_BUCKET, keys[0]))[0] == 403
    assert [e["erasure_id"] for e in privacy.read_erasure_log()] == [
        str(first.erasure_id),
        str(second.erasure_id),
    ]

    # Last night's backup is restored (rows and attachments): Alice's enquiry is back, the records gone.
    restore(snapshot, tmp_path)
    assert "alice-body-token" in database_text() and not ErasureRecord.objects.exists()
    assert buckets.keys(PRIVATE_BUCKET, cv_key) == [cv_key]
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("replay_erasures", stdout=out)
    assert "Read 2 logged erasures: 1 addresses were found again and erased" in out.getvalue()
    assert "2 erasure records put back" in out.getvalue()
    text = database_text()
    assert "alice-body-token" not in text and "alice@example.org" not in text
    assert "bob-body-token" in text
    assert not buckets.keys(PRIVATE_BUCKET, cv_key)  # the restored attachment is deleted again


def test_a_failed_write_to_the_bucket_undoes_the_erasure(buckets, submit, settings):
    from botocore.exceptions import ClientError

    settings.PRIVACY_ERASURE_KEY = "test-erasure-key-s3"
    enquiry = submit(email="alice@example.org")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            **settings.STORAGES["private"],
            "OPTIONS": {**settings.STORAGES["private"]["OPTIONS"], "bucket_name": "no-such-bucket"},
        },
    }
    with pytest.raises(ClientError):
        privacy.erase_subject("alice@example.org", reason="Request 73")
    assert Enquiry.objects.get(pk=enquiry.pk).email == "alice@example.org"
    assert not ErasureRecord.objects.exists()
