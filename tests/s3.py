"""A real S3 API on loopback for the storage tests: moto's server in a thread of the test process.

``s3_server`` (one per test session, and so one per xdist worker) listens on 127.0.0.1 on a port the
system picks, and holds two buckets made as a deployment makes them (README, "Storage"): the public
one with a bucket policy that lets anyone read ``images/`` and ``original_images/`` and nothing else,
the private one with no policy at all. moto answers an unsigned request for an object that no policy
or ACL opens with 403, as S3 does, so "not readable without signing" is tested for real. No network,
no AWS account: the keys are moto's dummies.

``buckets`` (per test) points the portal's STORAGES at them through the same ``storages_config`` that
portal/settings/base.py uses with S3_* set, and serves documents as production does then.

A test module takes both fixtures by name: ``s3_server, buckets = s3.s3_server, s3.buckets``.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

import boto3
import pytest
from moto.server import ThreadedMotoServer

from portal.storage import PUBLIC_PREFIXES, storages_config

REGION = "eu-west-2"
KEY_ID, SECRET = "moto-test-key", "moto-test-secret"  # noqa: S105 - moto's dummies, not a secret
PUBLIC_BUCKET, PRIVATE_BUCKET = "portal-test-public", "portal-test-private"


def moto_storages(endpoint: str, *, public_url: str = "") -> dict:
    """The portal's STORAGES on the two test buckets of the moto server at `endpoint`."""
    return storages_config(
        public_bucket=PUBLIC_BUCKET,
        private_bucket=PRIVATE_BUCKET,
        region=REGION,
        endpoint_url=endpoint,
        access_key=KEY_ID,
        secret_key=SECRET,
        public_url=public_url,
        private_root="",
    )


def public_read_policy(bucket: str) -> str:
    """The public bucket's policy: anonymous GetObject on the image prefixes only."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "PublicImages",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": [f"arn:aws:s3:::{bucket}/{prefix}*" for prefix in PUBLIC_PREFIXES],
                }
            ],
        }
    )


@dataclass
class S3Server:
    endpoint: str
    client: object

    def keys(self, bucket: str, prefix: str = "") -> list[str]:
        listing = self.client.list_objects_v2(Bucket=bucket, Prefix=prefix)
        return [item["Key"] for item in listing.get("Contents", [])]


def anonymous_get(url: str) -> tuple[int, bytes]:
    """GET with no credentials, as a stranger's browser would; (status, body)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback http only
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def fetch(url: str):
    """GET a (signed) URL; (status, headers (any case), body)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback http only
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@contextmanager
def running_s3_server():
    """moto's S3 server on a free loopback port, with the two buckets; stopped on leaving."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name=REGION,
            aws_access_key_id=KEY_ID,
            aws_secret_access_key=SECRET,
        )
        for bucket in (PUBLIC_BUCKET, PRIVATE_BUCKET):
            client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
        client.put_bucket_policy(Bucket=PUBLIC_BUCKET, Policy=public_read_policy(PUBLIC_BUCKET))
        yield S3Server(endpoint=endpoint, client=client)
    finally:
        server.stop()


@pytest.fixture(scope="session")
def s3_server():
    with running_s3_server() as server:
        yield server


@pytest.fixture
def buckets(settings, s3_server):
    """The portal on the two buckets, as with S3_* set; this test's erasure log in its own folder."""
    settings.STORAGES = {
        **moto_storages(s3_server.endpoint),
        "staticfiles": settings.STORAGES["staticfiles"],
    }
    settings.PORTAL_OBJECT_STORAGE = True
    settings.PORTAL_MEDIA_ORIGIN = s3_server.endpoint
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"
    settings.PRIVACY_ERASURE_LOG = f"erasure-log-{uuid.uuid4().hex[:12]}/"
    return s3_server
