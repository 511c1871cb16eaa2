"""`manage.py prepare_demo` (what `make run` runs before serving): each step runs only when it has work,
and says what it did or skipped.

The demo is seeded once for the module inside a transaction rolled back at the end.
"""

from __future__ import annotations

import json
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings

from wagtail.models import Site

import pytest

from portal.management.commands.prepare_demo import demo_version

pytestmark = pytest.mark.django_db


def prepare(stamp, **options) -> str:
    out = StringIO()
    call_command("prepare_demo", stamp=stamp, stdout=out, **options)
    return out.getvalue()


def test_refuses_when_debug_is_off(settings, tmp_path):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        prepare(tmp_path / "stamp.json")
    assert not (tmp_path / "stamp.json").exists()
    assert not get_user_model().objects.filter(email__endswith="@demo.sor.example").exists()


@pytest.fixture(scope="module")
def first_run(django_db_setup, django_db_blocker, tmp_path_factory):
    """The first `make run` on a migrated database: seeds, indexes, writes the stamp."""
    media = tmp_path_factory.mktemp("prepare-demo-media")
    stamp = tmp_path_factory.mktemp("prepare-demo-var") / "demo-seeded.json"
    with (
        django_db_blocker.unblock(),
        override_settings(DEBUG=True, MEDIA_ROOT=str(media)),
    ):
        with transaction.atomic():
            cache.clear()
            yield stamp, prepare(stamp)
            transaction.set_rollback(True)
    cache.clear()


@pytest.fixture
def debug_on(settings, first_run):
    settings.DEBUG = True
    return first_run


def test_first_run_seeds_and_indexes_and_says_so(debug_on):
    stamp, output = debug_on
    assert "Migrations: all applied, skipped" in output
    assert "Demo content: seeding (not seeded yet" in output
    assert "Search index: rebuilding" in output
    assert get_user_model().objects.filter(email="admin@demo.sor.example").exists()
    recorded = json.loads(stamp.read_text())
    assert recorded["demo_version"] == demo_version()
    assert recorded["database"]["superuser_joined"]


def test_a_second_run_with_nothing_changed_skips_every_step(debug_on):
    stamp, _ = debug_on
    users = get_user_model().objects.count()

    output = prepare(stamp)

    assert "Migrations: all applied, skipped" in output
    assert "Demo content: already seeded at demo version" in output
    assert "Search index: nothing changed, skipped" in output
    assert "seeding" not in output
    assert get_user_model().objects.count() == users


def test_changed_demo_data_seeds_again(debug_on):
    stamp, _ = debug_on
    recorded = json.loads(stamp.read_text())
    recorded["demo_version"] = "0" * 64
    stamp.write_text(json.dumps(recorded))

    output = prepare(stamp)

    assert "Demo content: seeding (demo data changed" in output
    assert "Search index: rebuilding" in output
    assert json.loads(stamp.read_text())["demo_version"] == demo_version()


def test_a_stamp_from_another_database_does_not_count(debug_on):
    """A database deleted and made again has a new demo superuser; the old stamp must not skip seeding."""
    stamp, _ = debug_on
    recorded = json.loads(stamp.read_text())
    recorded["database"]["superuser_joined"] = "2001-01-01T00:00:00+00:00"
    stamp.write_text(json.dumps(recorded))

    assert "Demo content: seeding (demo data changed" in prepare(stamp)


def test_a_missing_or_corrupt_stamp_means_seed(debug_on, tmp_path):
    corrupt = tmp_path / "stamp.json"
    corrupt.write_text("{not json")
    assert "Demo content: seeding (not seeded yet" in prepare(corrupt)


def test_the_demo_version_follows_the_demo_files(tmp_path):
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "pages.toml").write_text("title = 'One'\n")
    before = demo_version(tmp_path)
    assert demo_version(tmp_path) == before
    (tmp_path / "demo" / "pages.toml").write_text("title = 'Two'\n")
    assert demo_version(tmp_path) != before


def test_the_site_root_follows_the_address_served(debug_on, client):
    """Canonical and Open Graph URLs name where the demo runs, not Wagtail's http://localhost/."""
    stamp, _ = debug_on
    output = prepare(stamp, site="127.0.0.1:8601")
    assert "==> Site root URL: http://127.0.0.1:8601/" in output
    cache.clear()

    html = client.get("/returning-to-practice/", HTTP_HOST="127.0.0.1:8601").content.decode()

    assert '<link rel="canonical" href="http://127.0.0.1:8601/returning-to-practice/">' in html
    assert '<meta property="og:url" content="http://127.0.0.1:8601/returning-to-practice/">' in html
    assert "http://localhost/" not in html


def test_a_site_with_a_real_hostname_is_left_alone(debug_on):
    stamp, _ = debug_on
    Site.objects.filter(is_default_site=True).update(hostname="portal.example.org", port=443)

    assert "left as set" in prepare(stamp, site="0.0.0.0:8000")  # noqa: S104 - an address string
    assert Site.objects.get(is_default_site=True).hostname == "portal.example.org"
