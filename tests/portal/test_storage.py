"""Where files live (portal/storage.py): the settings S3_* make, failing closed when half set, and the
file system's /media/, which serves images and renditions and nothing else under MEDIA_ROOT.

The buckets themselves are tested against a real S3 API in test_storage_s3.py.
"""

from __future__ import annotations

import secrets

from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from wagtail.models import Collection, CollectionViewRestriction

import pytest
import wagtail_factories

from portal.storage import public_media_origin, storages_config
from tests.conftest import make_image

from .test_production_settings import _manage

BUCKETS = {"public_bucket": "portal-public", "private_bucket": "portal-private"}
NO_S3 = {
    "public_bucket": "",
    "private_bucket": "",
    "region": "eu-west-2",
    "endpoint_url": None,
    "access_key": "",
    "secret_key": "",
    "public_url": "",
    "private_root": "/srv/private",
}


# --------------------------------------------------------------------------------------------------
# Settings
# --------------------------------------------------------------------------------------------------


def test_without_buckets_files_stay_on_the_file_system():
    config = storages_config(**NO_S3)
    assert config["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert config["private"]["OPTIONS"] == {"location": "/srv/private", "base_url": None}


def test_with_both_buckets_documents_go_to_the_private_one_and_only_it_signs():
    config = storages_config(**{**NO_S3, **BUCKETS, "endpoint_url": "http://127.0.0.1:9000"})
    assert config["default"]["OPTIONS"] == {"routes": {"documents/": "private"}, "fallback": "public"}
    public, private = config["public"]["OPTIONS"], config["private"]["OPTIONS"]
    assert public["bucket_name"] == "portal-public" and public["querystring_auth"] is False
    assert private["bucket_name"] == "portal-private" and private["querystring_auth"] is True
    assert private["querystring_expire"] == 60 and private["default_acl"] == "private"
    assert public["addressing_style"] == private["addressing_style"] == "path"
    assert public["access_key"] is None  # no keys: boto3's own chain (an instance role)


def test_a_cdn_address_becomes_the_public_buckets_domain():
    config = storages_config(**{**NO_S3, **BUCKETS, "public_url": "https://media.sor.example/portal/"})
    public = config["public"]["OPTIONS"]
    assert public["custom_domain"] == "media.sor.example/portal" and public["url_protocol"] == "https:"
    assert "custom_domain" not in config["private"]["OPTIONS"]


@pytest.mark.parametrize(
    "values, origin",
    [
        ({}, ""),  # the file system: images are the site's own
        ({"public_bucket": "portal-public"}, "https://portal-public.s3.eu-west-2.amazonaws.com"),
        ({"public_bucket": "p", "endpoint_url": "http://127.0.0.1:9000"}, "http://127.0.0.1:9000"),
        (
            {"public_bucket": "p", "public_url": "https://media.sor.example/portal/"},
            "https://media.sor.example",
        ),
    ],
)
def test_the_public_buckets_origin_for_the_content_security_policy(values, origin):
    given = {"public_bucket": "", "region": "eu-west-2", "endpoint_url": None, "public_url": ""} | values
    assert public_media_origin(**given) == origin


def test_aws_public_urls_are_on_the_buckets_own_host():
    from storages.backends.s3 import S3Storage

    config = storages_config(**{**NO_S3, **BUCKETS, "access_key": "k", "secret_key": "s"})
    public = S3Storage(**config["public"]["OPTIONS"])
    assert public.url("images/a.jpg") == "https://portal-public.s3.eu-west-2.amazonaws.com/images/a.jpg"


@pytest.mark.parametrize(
    "values, message",
    [
        ({"public_bucket": "portal-public"}, "Set both S3_PUBLIC_BUCKET and S3_PRIVATE_BUCKET"),
        ({"private_bucket": "portal-private"}, "Set both S3_PUBLIC_BUCKET and S3_PRIVATE_BUCKET"),
        ({**BUCKETS, "access_key": "AKIA-only"}, "Set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY"),
        ({**BUCKETS, "secret_key": "secret-only"}, "Set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY"),
        ({"public_bucket": "same", "private_bucket": "same"}, "two different buckets"),
    ],
)
def test_half_a_storage_configuration_refuses_to_start(values, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        storages_config(**{**NO_S3, **values})


def test_production_refuses_to_start_with_one_bucket(tmp_path):
    result = _manage(
        "check",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'one-bucket.sqlite3'}",
        S3_PUBLIC_BUCKET="portal-public",
        S3_PRIVATE_BUCKET="",
    )
    assert result.returncode != 0
    assert "Set both S3_PUBLIC_BUCKET and S3_PRIVATE_BUCKET" in result.stderr


def test_production_with_buckets_routes_documents_privately_and_redirects_to_signed_urls(tmp_path):
    probe = (
        "from django.conf import settings; from django.core.files.storage import default_storage, storages; "
        "print(default_storage.storage_for('documents/a.pdf').bucket_name, "
        "default_storage.storage_for('images/a.jpg').bucket_name, storages['private'].bucket_name, "
        "storages['private'].querystring_expire, settings.WAGTAILDOCS_SERVE_METHOD, "
        "settings.PRIVACY_ERASURE_LOG)"
    )
    result = _manage(
        "shell",
        "-c",
        probe,
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'buckets.sqlite3'}",
        S3_PUBLIC_BUCKET="portal-public",
        S3_PRIVATE_BUCKET="portal-private",
        S3_ENDPOINT_URL="http://127.0.0.1:9",
        S3_ACCESS_KEY_ID="key",
        S3_SECRET_ACCESS_KEY="secret",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == [
        "portal-private",
        "portal-public",
        "portal-private",
        "60",
        "redirect",
        "erasure-log/",
    ]


# --------------------------------------------------------------------------------------------------
# /media/ on the file system (DEBUG is off in tests, as in production)
# --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_image_renditions_and_originals_are_served_from_the_file_system(client):
    image = make_image("Radiographer at work")
    rendition = image.get_rendition("fill-120x80")
    assert rendition.url.startswith("/media/images/")
    response = client.get(rendition.url)
    assert response.status_code == 200 and response["Content-Type"].startswith("image/")
    assert response["Cache-Control"] == "public, max-age=86400"
    body = b"".join(response.streaming_content)
    assert body == rendition.file.open("rb").read()
    assert client.get(image.file.url).status_code == 200


@pytest.mark.django_db
def test_media_never_serves_documents_or_anything_but_images(client, settings):
    root = Collection.get_first_root_node()
    managers_only = root.add_child(name="Managers only")
    restriction = CollectionViewRestriction.objects.create(
        collection=managers_only, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get_or_create(name=settings.PORTAL_MANAGERS_GROUP)[0])
    document = wagtail_factories.DocumentFactory(
        collection=managers_only, file=ContentFile(b"%PDF-1.4 managers only", name="staffing.pdf")
    )
    name = document.file.name
    assert name.startswith("documents/") and default_storage.exists(name)
    planted = default_storage.save("images/planted.html", ContentFile(b"<script>alert(1)</script>"))
    for path in (
        f"/media/{name}",
        f"/media/images/../{name}",
        f"/media/images/%2e%2e/{name}",
        f"/media/original_images/../../{name}",
        f"/media/{planted}",
        "/media/images/missing.jpg",
        "/media/images/",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
    # The document itself: only through Wagtail's view, which checks the collection's restriction.
    response = client.get(document.url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
