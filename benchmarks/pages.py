"""Server-side cost of each page type: database queries, render time and response size.

Usage (from the project root):
    .venv/bin/python benchmarks/pages.py [--requests N] [--skip-setup] [--print-urls]

The database is DATABASE_URL when set (a PostgreSQL database is created if missing), otherwise a
SQLite file of its own, var/bench.sqlite3, so db.sqlite3 is never touched. Setup runs `migrate`,
`seed_demo` (the demo content) and `update_index` with the development settings. The measurements
then run in this process with DEBUG off, through Django's test Client, as an anonymous reader:
each page is requested once cold (its query count is shown), twice more to warm up, then N times,
timed. Not part of the test run.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or DEFAULT_DB


def ensure_database(url: str) -> None:
    """Make the SQLite folder or the PostgreSQL database if it does not exist yet."""
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        Path(parts.path).parent.mkdir(parents=True, exist_ok=True)
        return
    if parts.scheme in ("postgres", "postgresql", "pgsql"):
        import psycopg
        from psycopg import sql

        name = parts.path.lstrip("/")
        admin_url = parts._replace(path="/postgres").geturl()
        with psycopg.connect(admin_url, autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def set_up(url: str) -> None:
    ensure_database(url)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DEBUG": "true",
    }
    for command in (["migrate", "--noinput"], ["seed_demo"], ["update_index"]):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
        print(
            f"setup: manage.py {' '.join(command)} took {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )


def configure_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
    os.environ["DEBUG"] = "false"  # measure what production does, not the debug machinery
    os.environ["ALLOWED_HOSTS"] = "localhost,127.0.0.1,testserver"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def page_urls() -> list[tuple[str, str]]:
    """(page type, address) for every page type, found in the seeded content."""
    from casestudies.models import CaseStudyIndexPage, CaseStudyPage
    from cms.models import GuidancePage, HomePage, HubPage, NewsIndexPage, NewsPage, ResourceLibraryPage

    def first(model, **filters):
        page = model.objects.live().public().filter(**filters).order_by("path").first()
        if page is None:
            raise SystemExit(f"No live {model.__name__} in the database: did seed_demo run?")
        return page.url

    hub = (
        HubPage.objects.live().filter(slug="returning-to-practice").first() or HubPage.objects.live().first()
    )
    guidance = (
        GuidancePage.objects.live().filter(slug__contains="updating").order_by("path").first()
        or GuidancePage.objects.live().order_by("path").first()
    )
    case_index = first(CaseStudyIndexPage)
    library = first(ResourceLibraryPage)
    return [
        ("home", first(HomePage)),
        ("hub", hub.url),
        ("guidance", guidance.url),
        ("news index", first(NewsIndexPage)),
        ("news page", first(NewsPage)),
        ("case study index", case_index),
        ("case study index, filtered", f"{case_index}?pathway=international-recruitment"),
        ("case study page", first(CaseStudyPage)),
        ("library", library),
        ("library, filtered", f"{library}?resource_type=e-learning&audience=international-recruit"),
        ("search", "/search/?q=HCPC"),
    ]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure(requests: int) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    rows = []
    for name, url in page_urls():
        # Count at once: every request starts by clearing the connection's query log.
        with CaptureQueriesContext(connection) as cold:
            response = client.get(url)
        cold_queries = len(cold.captured_queries)
        if response.status_code != 200:
            raise SystemExit(f"{name} ({url}) answered {response.status_code}, not 200")
        for _ in range(2):
            client.get(url)
        with CaptureQueriesContext(connection) as warm:
            client.get(url)
        warm_queries = len(warm.captured_queries)
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        rows.append(
            {
                "page": name,
                "url": url,
                "cold_queries": cold_queries,
                "queries": warm_queries,
                "median_ms": statistics.median(timings),
                "p95_ms": percentile(timings, 0.95),
                "kb": len(response.content) / 1024,
            }
        )
    return rows


def print_table(rows: list[dict], requests: int) -> None:
    import django
    from django.db import connection

    import wagtail

    print(
        f"Server render per page type: {requests} timed requests each, anonymous, DEBUG off; "
        f"{connection.vendor} {connection.settings_dict['NAME']}; Python {platform.python_version()}, "
        f"Django {django.get_version()}, Wagtail {wagtail.__version__}"
    )
    header = f"{'page type':<28} {'queries':>7} {'(cold)':>6} {'median ms':>9} {'p95 ms':>8} {'size KB':>8}  address"
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['page']:<28} {row['queries']:>7} {row['cold_queries']:>6} {row['median_ms']:>9.1f} "
            f"{row['p95_ms']:>8.1f} {row['kb']:>8.1f}  {row['url']}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", "-n", type=int, default=50, help="timed requests per page (default 50)")
    parser.add_argument("--skip-setup", action="store_true", help="use the database as it is")
    parser.add_argument("--setup-only", action="store_true", help="migrate and seed, then stop")
    parser.add_argument("--print-urls", action="store_true", help="print 'page type<TAB>address' and stop")
    args = parser.parse_args()

    url = database_url()
    if not args.skip_setup and not args.print_urls:
        set_up(url)
    if args.setup_only:
        return
    configure_django(url)
    if args.print_urls:
        for name, address in page_urls():
            print(f"{name}\t{address}")
        return
    print_table(measure(args.requests), args.requests)


if __name__ == "__main__":
    main()
