"""Upload and download of an enquiry attachment through the portal, on the file system and in S3 buckets.

Usage (from the project root):
    .venv/bin/python benchmarks/storage.py [--runs N] [--sizes 100000,5000000]

In one process, with the test settings and a throwaway SQLite database (var/bench-storage.sqlite3,
migrated afresh): for each store (the file system; then two buckets on moto's S3 server on a free
127.0.0.1 port, as tests/s3.py makes them) and each size, N times:

- upload: an enquiry with one PDF of that size through ``enquiry_submit`` (what /get-help/ calls), the
  attachment's store write included;
- download through the checked view: the enquirer's GET of /attachments/<id>/ (the permission check;
  from a bucket, the signed redirect), then the bytes: streamed by the view (file system) or fetched
  from the signed URL (bucket).

Reported per store and size: the median and p95 in ms of the upload, the view's answer and the whole
download. moto is an in-process Python server, so the bucket figures are an upper bound for the
transfer; what matters is the view's part, which in a bucket no longer grows with the file's size.
Not part of the test run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench-storage.sqlite3'}"


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--sizes", default="100000,5000000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    (ROOT / "var" / "bench-storage.sqlite3").unlink(missing_ok=True)
    import django

    django.setup()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment

    from allauth.account.models import EmailAddress

    from enquiries.services import enquiry_submit
    from portal.models import User
    from portal.storage import storages_config
    from tests.s3 import REGION, moto_storages, running_s3_server

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from common import make_taxonomy, make_teams_and_rules

    nations, pathways, topics = make_taxonomy()
    make_teams_and_rules(pathways, nations)
    user = User.objects.create_user(email="sam@example.org", password="long-password-123")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client = Client()
    client.force_login(user)

    with running_s3_server() as server:
        stores = {
            "file system": storages_config(
                public_bucket="",
                private_bucket="",
                region=REGION,
                endpoint_url=None,
                access_key="",
                secret_key="",
                public_url="",
                private_root=str(ROOT / "var" / "bench-storage-private"),
            ),
            "S3 (moto)": moto_storages(server.endpoint),
        }
        print(
            f"{'store':<12} {'size':>9}  {'upload p50/p95':>16}  {'view p50/p95':>14}  {'download p50/p95':>18}"
        )
        for label, config in stores.items():
            with override_settings(STORAGES={**config, "staticfiles": settings.STORAGES["staticfiles"]}):
                for size in sizes:
                    body = b"%PDF-1.4\n" + os.urandom(size - 9)
                    uploads, views, downloads = [], [], []
                    for n in range(args.runs):
                        start = time.perf_counter()
                        enquiry, _ = enquiry_submit(
                            who="returning",
                            pathway=pathways["rtp"],
                            nation=nations["england"],
                            profession="diagnostic",
                            topic=topics[0],
                            hcpc_number="",
                            subject="Timing",
                            name="Sam",
                            email=user.email,
                            body="Timing an attachment.",
                            submission_key=f"{label}-{size}-{n}",
                            files=[SimpleUploadedFile("letter.pdf", body, "application/pdf")],
                        )
                        uploads.append(time.perf_counter() - start)
                        attachment = enquiry.messages.get().attachments.get()
                        start = time.perf_counter()
                        response = client.get(f"/attachments/{attachment.pk}/")
                        views.append(time.perf_counter() - start)
                        if response.status_code == 302:
                            with urllib.request.urlopen(response["Location"], timeout=30) as fetched:  # noqa: S310
                                got = fetched.read()
                        else:
                            got = b"".join(response.streaming_content)
                        downloads.append(time.perf_counter() - start)
                        assert got == body, "the download differs from the upload"

                    def ms(values):
                        return f"{statistics.median(values) * 1000:7.1f}/{p95(values) * 1000:<7.1f}"

                    print(f"{label:<12} {size:>9}  {ms(uploads):>16}  {ms(views):>14}  {ms(downloads):>18}")


if __name__ == "__main__":
    main()
