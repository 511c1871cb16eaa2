"""`python manage.py prepare_demo`: what `make run` does before serving, each step only when it has work.

1. Migrate, only when the migration graph has unapplied migrations (Django's own MigrationExecutor
   plan, the check `migrate --check` makes, done in this process so Django starts once, not three times).
2. Seed the demo (`seed_demo`), only when this database has not been seeded with the current demo data.
   The demo data version is a checksum of the files in demo/ and of the code that loads them; it is
   kept, with the seeded database's name and the demo superuser's creation time, in a stamp under var/.
   The creation time ties the stamp to one database: a database deleted and made again, or another
   DATABASE_URL, no longer matches, so the demo is seeded again.
3. Rebuild the search index (`update_index`), only when step 1 or 2 changed something.
4. With `--site ADDRESS` (and `--serve ADDRESS`, which implies it), point the default Wagtail Site at
   the address served, so canonical links, Open Graph URLs, the sitemap and emailed links name the
   demo's real root URL instead of Wagtail's placeholder http://localhost/. Only a Site still on a
   loopback name is moved: one someone gave a real hostname is left alone.

Each step says whether it ran or why it was skipped. With `--serve ADDRESS` it then runs `runserver`
in the same process, so `make run` starts Django twice (runserver's watcher and its server child)
instead of three times; the child, started again by the autoreloader with RUN_MAIN set, skips the steps. Hand-rolled rather than a library because it is
three calls to Django's and Wagtail's own commands with a checksum in front of them.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from wagtail.models import Site

from portal.demo_users import DEMO_USERS

# What makes the demo: its data and the code that turns the data into pages, users and casework.
DEMO_SOURCES = (
    "demo",
    "portal/demo_data.py",
    "portal/demo_pages.py",
    "portal/demo_seeder.py",
    "portal/demo_users.py",
    "portal/management/commands/seed_demo.py",
    "pathways/demo.py",
    "enquiries/demo",
    "cms/factories.py",
    "casestudies/factories.py",
)


def demo_version(base: Path | None = None) -> str:
    """A checksum of every file the demo is made from (names and contents, in a fixed order)."""
    base = Path(base or settings.BASE_DIR)
    digest = hashlib.sha256()
    for source in DEMO_SOURCES:
        path = base / source
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.suffix == ".pyc" or not file.exists():
                continue
            digest.update(str(file.relative_to(base)).encode())
            digest.update(b"\0")
            digest.update(file.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def default_stamp() -> Path:
    return Path(settings.BASE_DIR) / "var" / "demo-seeded.json"


def database_identity(alias: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """Which database, and which life of it: the demo superuser's creation time changes when the
    database is made again, so a stamp from a deleted database never matches the new one."""
    db = connections[alias].settings_dict
    superuser_email = DEMO_USERS[0].email
    joined = (
        get_user_model()
        .objects.using(alias)
        .filter(email=superuser_email)
        .values_list("date_joined", flat=True)
        .first()
    )
    return {
        "engine": db["ENGINE"],
        "name": str(db["NAME"]),
        "host": str(db.get("HOST") or ""),
        "port": str(db.get("PORT") or ""),
        "superuser_joined": joined.isoformat() if joined else "",
    }


def unapplied_migrations(alias: str = DEFAULT_DB_ALIAS) -> int:
    connection = connections[alias]
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    return len(executor.migration_plan(targets))


LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}


def point_demo_site_at(address: str) -> str | None:
    """Give the default Site the hostname and port of ADDRESS (HOST:PORT; a wildcard host becomes
    127.0.0.1). Returns the new root URL, or None when the Site has a real hostname and is left alone."""
    host, _, port = address.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    if host in {"0.0.0.0", "::"}:  # noqa: S104 - the address served, not one bound here
        host = "127.0.0.1"
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or site.hostname not in LOOPBACK_NAMES:
        return None
    if (site.hostname, site.port) != (host, int(port)):
        site.hostname, site.port = host, int(port)
        site.save(update_fields=["hostname", "port"])
        Site.clear_site_root_paths_cache()
    return site.root_url + "/"


class Command(BaseCommand):
    help = (
        "Before serving the demo: migrate if migrations are unapplied, seed the demo if this database lacks "
        "the current demo data, rebuild the search index if either changed anything. Says what it skipped."
    )

    # runserver checks the project as it starts; checking here too would only add a second or two.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--stamp", type=Path, default=None, help="Where the seeded-demo stamp is kept.")
        parser.add_argument("--force", action="store_true", help="Seed and index even if nothing changed.")
        parser.add_argument(
            "--serve", metavar="ADDRESS", help="Then run `runserver ADDRESS` in this process."
        )
        parser.add_argument("--site", metavar="ADDRESS", help="Point the default Site at HOST:PORT.")

    def handle(self, *args, serve: str | None = None, **options):
        # runserver's autoreloader runs this command again in a child with RUN_MAIN=true: the parent
        # has prepared everything by then.
        if not (serve and os.environ.get("RUN_MAIN") == "true"):
            self.prepare(site=options.pop("site", None) or serve, **options)
            if serve:
                self.stdout.write(f"==> Serving http://{serve}/ (Ctrl-C to stop)")
        if serve:
            call_command("runserver", serve)

    def prepare(self, *, site: str | None = None, stamp: Path | None = None, force: bool = False, **options):
        if not settings.DEBUG:
            raise CommandError(
                "prepare_demo refuses to run because DEBUG is off: it seeds demo accounts with a published "
                "password. Use development settings (DEBUG=true)."
            )
        stamp = stamp or default_stamp()
        say = self.stdout.write
        changed = False

        started = time.monotonic()
        pending = unapplied_migrations()
        if pending:
            say(f"==> Migrating: {pending} migration(s) to apply")
            call_command("migrate", interactive=False, verbosity=0, stdout=self.stdout)
            say(f"    applied in {time.monotonic() - started:.1f} s")
            changed = True
        else:
            say("==> Migrations: all applied, skipped")

        version = demo_version()
        recorded = self._read_stamp(stamp)
        if not force and recorded == {"demo_version": version, "database": database_identity()}:
            say(f"==> Demo content: already seeded at demo version {version[:12]}, skipped")
        else:
            why = "forced" if force else ("demo data changed" if recorded else "not seeded yet")
            say(f"==> Demo content: seeding ({why}; demo version {version[:12]})")
            call_command("seed_demo", verbosity=options["verbosity"], stdout=self.stdout)
            self._write_stamp(stamp, {"demo_version": version, "database": database_identity()})
            changed = True

        if changed:
            began = time.monotonic()
            say("==> Search index: rebuilding")
            call_command("update_index", verbosity=0, stdout=self.stdout)
            say(f"    rebuilt in {time.monotonic() - began:.1f} s")
        else:
            say("==> Search index: nothing changed, skipped (run `manage.py update_index` to force)")

        if site:
            root = point_demo_site_at(site)
            say(
                f"==> Site root URL: {root}"
                if root
                else "==> Site root URL: left as set (not a loopback name)"
            )

    @staticmethod
    def _read_stamp(stamp: Path) -> dict | None:
        try:
            return json.loads(stamp.read_text())
        except (OSError, ValueError):
            return None

    @staticmethod
    def _write_stamp(stamp: Path, value: dict) -> None:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(json.dumps(value, indent=2) + "\n")
