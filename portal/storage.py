"""Where files live: the file system (development, the SQLite demo, a single machine) or two S3 buckets.

With ``S3_PUBLIC_BUCKET`` and ``S3_PRIVATE_BUCKET`` set (portal/settings/base.py reads them), every
web machine sees the same files:

- the **public bucket** holds Wagtail's images (``original_images/``) and their renditions
  (``images/``), served straight from the bucket (or ``S3_PUBLIC_URL``, a CDN in front of it) by
  unsigned URLs. Its bucket policy grants anonymous reads of those two prefixes only.
- the **private bucket** holds enquiry attachments, raw inbound emails, every Wagtail document and the
  erasure log. Nothing in it is readable without credentials; a person gets a file only through a view
  that checks who they are first, which answers with a redirect to a signed URL that works for
  ``SIGNED_URL_SECONDS`` (see ``private_file_response``).

Wagtail keeps documents and images in one storage (``default_storage``); it has no setting to put
documents elsewhere, and changing its Document model's field would need a migration of Wagtail's own
app. ``RoutedStorage`` is therefore the default storage: it hands names under ``documents/`` to the
private storage and the rest to the public one. Every document is private, not only those in a
restricted collection, because a collection's restriction can be added after upload (or a document
moved into one) and a file that was public by URL cannot be made private again by moving it.

On the file system the layout is the same in folders: ``MEDIA_ROOT`` (public) and
``PRIVATE_MEDIA_ROOT`` (private). Nothing under ``MEDIA_ROOT`` is served wholesale, in any settings
module: ``serve_public_media`` answers ``/media/images/...`` and ``/media/original_images/...`` only,
so documents (kept under ``MEDIA_ROOT/documents/`` as Wagtail always has) are reached only through
Wagtail's checked document view. A single machine can run production this way; two or more cannot
(each would see only its own files), which is why the cluster needs the buckets.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty

#: How long a signed URL to a private object works: long enough for the browser to follow the redirect.
SIGNED_URL_SECONDS = 60
#: Key prefixes of the public bucket that anyone may read (Wagtail's originals and renditions).
PUBLIC_PREFIXES = ("images/", "original_images/")
#: Names the default storage hands to the private storage (Wagtail documents).
PRIVATE_PREFIXES = ("documents/",)
S3_BACKEND = "storages.backends.s3.S3Storage"
#: What serve_public_media sends, by extension: images only (the types Wagtail writes renditions in).
IMAGE_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "avif": "image/avif",
}


def storages_config(
    *,
    public_bucket: str,
    private_bucket: str,
    region: str,
    endpoint_url: str | None,
    access_key: str,
    secret_key: str,
    public_url: str,
    private_root: str,
) -> dict:
    """The STORAGES setting (bar ``staticfiles``) for these values: S3 when both buckets are named, the
    file system when neither is, and ImproperlyConfigured for one without the other or a key without
    its secret (fail closed: never a half-configured store that puts private files on local disk)."""
    if bool(public_bucket) != bool(private_bucket):
        raise ImproperlyConfigured("Set both S3_PUBLIC_BUCKET and S3_PRIVATE_BUCKET, or neither.")
    if bool(access_key) != bool(secret_key):
        raise ImproperlyConfigured("Set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither.")
    if not public_bucket:
        return {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "private": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(private_root), "base_url": None},
            },
        }
    if public_bucket == private_bucket:
        raise ImproperlyConfigured("S3_PUBLIC_BUCKET and S3_PRIVATE_BUCKET must be two different buckets.")
    common = {
        "region_name": region,
        "file_overwrite": False,
        # Without keys, boto3 finds credentials itself (an instance or task role).
        "access_key": access_key or None,
        "secret_key": secret_key or None,
    }
    if endpoint_url:
        # MinIO, moto and most S3-compatible stores want bucket names in the path, not the host.
        common |= {"endpoint_url": endpoint_url, "addressing_style": "path"}
    else:
        # AWS: https://<bucket>.s3.<region>.amazonaws.com/, the origin public_media_origin names.
        common |= {"addressing_style": "virtual"}
    public = {**common, "bucket_name": public_bucket, "querystring_auth": False}
    public["object_parameters"] = {"CacheControl": "public, max-age=86400"}
    if public_url:
        parts = urlsplit(public_url if "//" in public_url else f"https://{public_url}")
        public |= {
            "custom_domain": (parts.netloc + parts.path).rstrip("/"),
            "url_protocol": f"{parts.scheme}:",
        }
    private = {
        **common,
        "bucket_name": private_bucket,
        "querystring_auth": True,
        "querystring_expire": SIGNED_URL_SECONDS,
        "default_acl": "private",
    }
    return {
        "default": {
            "BACKEND": "portal.storage.RoutedStorage",
            "OPTIONS": {"routes": {prefix: "private" for prefix in PRIVATE_PREFIXES}, "fallback": "public"},
        },
        "public": {"BACKEND": S3_BACKEND, "OPTIONS": public},
        "private": {"BACKEND": S3_BACKEND, "OPTIONS": private},
    }


def public_media_origin(*, public_bucket: str, region: str, endpoint_url: str | None, public_url: str) -> str:
    """Where browsers fetch images from, for the Content-Security-Policy's img-src: "" on the file
    system (the site itself), else the origin of S3_PUBLIC_URL, of S3_ENDPOINT_URL, or of the AWS
    bucket's own address."""
    if not public_bucket:
        return ""
    for address in (public_url, endpoint_url):
        if address:
            parts = urlsplit(address if "//" in address else f"https://{address}")
            return f"{parts.scheme}://{parts.netloc}"
    return f"https://{public_bucket}.s3.{region}.amazonaws.com"


@deconstructible(path="portal.storage.RoutedStorage")
class RoutedStorage(Storage):
    """A storage that hands each name to another configured storage (an alias of STORAGES) by its first
    folder, so that Wagtail's documents, which share ``default_storage`` with images, go to the private
    bucket (see the module docstring for why this is not a Wagtail setting)."""

    def __init__(self, routes: dict[str, str] | None = None, fallback: str = "public"):
        self.routes = dict(routes or {})
        self.fallback = fallback

    def storage_for(self, name: str) -> Storage:
        name = str(name).replace("\\", "/").lstrip("/")
        for prefix, alias in self.routes.items():
            if name.startswith(prefix):
                return storages[alias]
        return storages[self.fallback]

    def _open(self, name, mode="rb"):
        return self.storage_for(name).open(name, mode)

    def _save(self, name, content):
        return self.storage_for(name).save(name, content)

    def get_available_name(self, name, max_length=None):
        return self.storage_for(name).get_available_name(name, max_length=max_length)

    def delete(self, name):
        return self.storage_for(name).delete(name)

    def exists(self, name):
        return self.storage_for(name).exists(name)

    def listdir(self, path):
        return self.storage_for(f"{path.rstrip('/')}/").listdir(path)

    def size(self, name):
        return self.storage_for(name).size(name)

    def url(self, name):
        return self.storage_for(name).url(name)

    def path(self, name):
        return self.storage_for(name).path(name)

    def get_modified_time(self, name):
        return self.storage_for(name).get_modified_time(name)

    def get_created_time(self, name):
        return self.storage_for(name).get_created_time(name)

    def get_accessed_time(self, name):
        return self.storage_for(name).get_accessed_time(name)


class _PrivateStorage(LazyObject):
    """``storages["private"]``, looked up when first used and again after STORAGES changes (as Django's
    own ``default_storage`` is). A FileField's storage is fixed when its model class is built; through
    this it follows the setting, so tests can point the private storage at a bucket."""

    def _setup(self):
        self._wrapped = storages["private"]


private_storage = _PrivateStorage()


@receiver(setting_changed)
def _reset_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        private_storage._wrapped = empty


def is_remote(storage) -> bool:
    """True for an object store (it has no local paths), False for the file system."""
    try:
        storage.path("probe")
    except NotImplementedError:
        return True
    return False


def private_file_response(fieldfile, *, filename: str, content_type: str):
    """The answer to a person who has just passed the permission check for a private file.

    In a bucket: a redirect to a signed URL that works for SIGNED_URL_SECONDS and makes the store send
    the file as a download under its cleaned name and checked type. The file does not pass through the
    web process, so a 10 MB attachment does not hold one of a node's few sync workers for the whole of a
    slow download, and ranges and resumes work. A copied URL stops working within the minute, and the
    redirect itself is never cached (the caller's view is ``never_cache``).

    On the file system: the file streamed from disk (there is no other way to it).
    """
    storage = fieldfile.storage
    if is_remote(storage):
        disposition = f"attachment; filename*=UTF-8''{quote(filename)}"
        url = storage.url(
            fieldfile.name,
            parameters={"ResponseContentDisposition": disposition, "ResponseContentType": content_type},
            expire=SIGNED_URL_SECONDS,
        )
        response = HttpResponseRedirect(url)
        response["Cache-Control"] = "private, no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response
    return FileResponse(
        fieldfile.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )


def serve_public_media(request, name: str, prefix: str):
    """``/media/images/...`` and ``/media/original_images/...`` from the file system (with buckets:
    404, as the public bucket serves them). The URL patterns name the two folders, so nothing else under MEDIA_ROOT,
    above all Wagtail's documents, can be reached here. Files are read through the default storage
    (no path of ours is joined to MEDIA_ROOT by hand); a rendition's name changes when its image or
    filter does, so a day's caching is safe."""
    from django.core.files.storage import default_storage

    path = prefix + name
    if settings.PORTAL_OBJECT_STORAGE or prefix not in PUBLIC_PREFIXES or not name or ".." in path.split("/"):
        raise Http404
    if not default_storage.exists(path):
        raise Http404
    content_type = IMAGE_TYPES.get(path.rsplit(".", 1)[-1].lower())
    if content_type is None:
        raise Http404
    response = FileResponse(default_storage.open(path, "rb"), content_type=content_type)
    # Shown in the page, not a download: no Content-Disposition (portal.middleware.NoStoreMiddleware
    # would rightly mark a download private, and a CDN could then not keep the image).
    response.headers.pop("Content-Disposition", None)
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def document_urls():
    """Wagtail's document URLs, with its serving view marked never to be kept by a browser or shared
    cache: after its permission check that view answers with a redirect to a signed URL (buckets) or
    the file (disk), and neither may be handed by a cache to someone the check was not made for."""
    from django.urls import URLPattern
    from django.views.decorators.cache import never_cache

    from wagtail.documents import urls

    return [
        URLPattern(p.pattern, never_cache(p.callback), p.default_args, p.name)
        if p.name == "wagtaildocs_serve"
        else p
        for p in urls.urlpatterns
    ]
