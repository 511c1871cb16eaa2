"""Site search as the content grows: time and queries per search at demo size, then at 10,000 pages.

Usage (from the project root):
    .venv/bin/python benchmarks/search.py [--pages 10000] [--requests 30] [--skip-setup] [--reset]

The database is DATABASE_URL when set (a PostgreSQL database is created if missing), otherwise the
SQLite file var/bench.sqlite3 that benchmarks/pages.py uses. Setup (skipped with --skip-setup) runs
`migrate`, `seed_demo` and `update_index`. The script then measures each search in QUERIES through
Django's test Client with DEBUG off, as an anonymous reader (queries counted on one request, then N
timed requests), grows the site to --pages live pages with news items and guidance pages of generated
radiography text (about a third mention HCPC), indexes them, and measures again. A second run on the
same database finds the pages already there and only measures; --reset removes them first, so a run
on a kept database measures both sizes again.

Pages are inserted in bulk (one INSERT for the Page rows and one for the specific rows per batch, tree
paths computed here) because creating 10,000 pages one by one through Wagtail takes many minutes; the
search index is then built with the backend's own add_bulk, as update_index does.
"""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import configure_django, database_url, percentile, set_up  # noqa: E402

QUERIES = [
    ("one word, many matches", "/search/?q=HCPC"),
    ("two words", "/search/?q=updating+days"),
    ("one type", "/search/?q=HCPC&type=news"),
    ("page 3", "/search/?q=HCPC&page=3"),
    ("misspelt (suggestion)", "/search/?q=readmision"),
    ("no match at all", "/search/?q=zzyzx"),
]

OPENINGS = [
    "Returning radiographers often ask",
    "Our advisers hear every week",
    "Managers supporting international recruits told us",
    "The latest guidance explains",
    "Before you book supervised practice, check",
    "A diagnostic radiographer returning after a career break found",
    "Therapeutic radiographers in Scotland and Wales report",
]
MIDDLES = [
    "how the HCPC counts updating days against the readmission requirement",
    "that supervised practice in a mammography or CT department builds confidence quickly",
    "which English language tests the regulator accepts for international applicants",
    "how funding for return to practice differs between England, Scotland, Wales and Northern Ireland",
    "that private study, e-learning and shadowing each count towards the updating period",
    "how preceptorship and a named supervisor help a new starter settle into a rota",
    "what evidence a portfolio needs: reflective notes, signed logs and course certificates",
    "how radiation protection refreshers fit alongside IR(ME)R training",
    "that the HCPC registration fee and scrutiny fee are paid at different stages",
    "how fluoroscopy, ultrasound and MRI placements are arranged with local trusts",
]
ENDINGS = [
    "so plan the order of your steps early.",
    "and keep a dated record of everything you do.",
    "before the application goes in.",
    "with your line manager and clinical educator.",
    "as the society's advisers recommend.",
    "and check the regulator's website for changes.",
]


def paragraph(rng: random.Random, hcpc: bool) -> str:
    sentences = []
    for _ in range(rng.randint(3, 6)):
        middle = rng.choice(MIDDLES if hcpc else [m for m in MIDDLES if "HCPC" not in m])
        sentences.append(f"{rng.choice(OPENINGS)} {middle} {rng.choice(ENDINGS)}")
    return " ".join(sentences)


def grow(target: int, batch: int = 500) -> int:
    """Add news items and guidance pages until the site has ``target`` live pages; returns how many
    pages were added. Deterministic text (a seeded generator)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    from wagtail.models import Locale, Page
    from wagtail.search.backends import get_search_backend

    from cms.models import GuidancePage, HubPage, NewsIndexPage, NewsPage

    have = Page.objects.live().count()
    if have >= target:
        return 0
    rng = random.Random(13)
    news_index = NewsIndexPage.objects.live().first()
    hub = (
        HubPage.objects.live().filter(slug="returning-to-practice").first() or HubPage.objects.live().first()
    )
    locale = Locale.get_default()
    backend = get_search_backend()
    added = 0
    started = time.perf_counter()
    while have + added < target:
        for model, parent in ((NewsPage, news_index), (GuidancePage, hub)):
            count = min(batch, target - have - added)
            if count <= 0:
                break
            with transaction.atomic():
                parent = Page.objects.select_for_update().get(pk=parent.pk)
                pages = _insert_children(
                    model, parent, count, rng, locale, ContentType.objects.get_for_model(model)
                )
            backend.add_bulk(model, list(model.objects.filter(pk__in=[p.pk for p in pages])))
            added += count
            print(f"grow: {have + added} live pages ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    _analyze()
    return added


def _analyze() -> None:
    """Refresh the planner's statistics after a bulk load, as autovacuum would soon after. Without it
    PostgreSQL still believes the tables hold the demo's 55 pages (and has no statistics at all for the
    title || body expression index), plans a nested loop over every page per match and takes seconds."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def shrink() -> int:
    """Remove the pages ``grow`` added (slugs starting "bench-"), their search entries and tree counts,
    back to the demo site; returns how many pages went. Raw deletes, as ``grow`` made raw inserts."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    from wagtail.models import Page
    from wagtail.search.models import IndexEntry

    from cms.models import GuidancePage, NewsPage

    bench = Page.objects.filter(slug__startswith="bench-")
    ids = list(bench.values_list("id", flat=True))
    if not ids:
        return 0
    parents = {page.get_parent().pk for page in bench[:1]} | {
        page.get_parent().pk for page in bench.filter(content_type__model="guidancepage")[:1]
    }
    with transaction.atomic():
        for model in (NewsPage, GuidancePage):
            model.objects.filter(page_ptr_id__in=ids)._raw_delete(model.objects.db)
        IndexEntry.objects.filter(
            content_type__in=ContentType.objects.get_for_models(NewsPage, GuidancePage).values(),
            object_id__in=[str(pk) for pk in ids],
        )._raw_delete(IndexEntry.objects.db)
        Page.objects.filter(id__in=ids)._raw_delete(Page.objects.db)
        for parent in Page.objects.filter(pk__in=parents):
            Page.objects.filter(pk=parent.pk).update(numchild=parent.get_children().count())
    return len(ids)


def _insert_children(model, parent, count, rng, locale, content_type):
    """``count`` live children of ``parent``: Page rows in one bulk INSERT, then the specific rows."""
    from wagtail.models import Page

    last = parent.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    today = datetime.date(2026, 12, 1)
    now = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
    bases, specifics = [], []
    for i in range(count):
        step += 1
        number = step
        hcpc = rng.random() < 0.33
        topic = rng.choice(MIDDLES).split(" ")[-1]
        title = f"{'HCPC update' if hcpc else 'Practice note'} {number}: {topic} and supervised practice"
        slug = f"bench-{model._meta.model_name}-{number}"
        base = dict(
            title=title,
            draft_title=title,
            slug=slug,
            path=Page._get_path(parent.path, parent.depth + 1, step),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{slug}/",
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            content_type=content_type,
            locale=locale,
            search_description=paragraph(rng, hcpc)[:250],
        )
        bases.append(Page(**base))
        body = [{"type": "rich_text", "value": "".join(f"<p>{paragraph(rng, hcpc)}</p>" for _ in range(3))}]
        extra = {"date": today - datetime.timedelta(days=i % 400)} if model.__name__ == "NewsPage" else {}
        specifics.append((base, body, extra))
    Page.objects.bulk_create(bases)
    created = list(Page.objects.filter(path__in=[b.path for b in bases]).order_by("path"))
    objs = []
    for page, (base, body, extra) in zip(created, specifics, strict=True):
        obj = model(page_ptr_id=page.pk, body=body, **extra, **base)
        objs.append(obj)
    fields = [f for f in model._meta.local_concrete_fields]
    model._base_manager._insert(objs, fields=fields, using=model._base_manager.db)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + count)
    parent.numchild += count
    return created


def measure(requests: int) -> list[dict]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    rows = []
    for name, url in QUERIES:
        cache.clear()  # the first request pays for anything a search caches (the suggestion words)
        with CaptureQueriesContext(connection) as cold:
            response = client.get(url)
        cold_queries = len(cold.captured_queries)  # a view on the log: read it before the next request
        if response.status_code != 200:
            raise SystemExit(f"{name} ({url}) answered {response.status_code}, not 200")
        client.get(url)
        with CaptureQueriesContext(connection) as warm:
            client.get(url)
        warm_queries = list(warm.captured_queries)
        sql_ms = sum(float(q["time"]) for q in warm_queries) * 1000
        timings, cpu = [], []
        for _ in range(requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        rows.append(
            {
                "name": name,
                "url": url,
                "queries": len(warm_queries),
                "cold_queries": cold_queries,
                "sql_ms": sql_ms,
                "median": statistics.median(timings),
                "cpu": statistics.median(cpu),
                "p95": percentile(timings, 0.95),
            }
        )
    return rows


def print_rows(label: str, rows: list[dict]) -> None:
    print(f"\n{label}")
    print(
        f"{'search':<26} {'queries':>7} {'(cold)':>6} {'SQL ms':>7} {'median ms':>9} {'p95 ms':>7} {'CPU ms':>6}  address"
    )
    for row in rows:
        print(
            f"{row['name']:<26} {row['queries']:>7} {row['cold_queries']:>6} {row['sql_ms']:>7.1f} "
            f"{row['median']:>9.1f} {row['p95']:>7.1f} {row['cpu']:>6.1f}  {row['url']}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10_000, help="live pages to grow to (default 10,000)")
    parser.add_argument(
        "--requests", "-n", type=int, default=30, help="timed requests per search (default 30)"
    )
    parser.add_argument("--skip-setup", action="store_true", help="use the database as it is")
    parser.add_argument(
        "--reset", action="store_true", help="first remove the pages an earlier run added, back to demo size"
    )
    args = parser.parse_args()

    url = database_url()
    if not args.skip_setup:
        set_up(url)
    configure_django(url)

    import django
    from django.db import connection

    import wagtail
    from wagtail.models import Page

    print(
        f"Site search, anonymous, DEBUG off, {args.requests} timed requests each; {connection.vendor} "
        f"{connection.settings_dict['NAME']}; Django {django.get_version()}, Wagtail {wagtail.__version__}"
    )
    if args.reset:
        print(f"Removed {shrink()} pages an earlier run added", file=sys.stderr)
        _analyze()
    before = Page.objects.live().count()
    small = measure(args.requests) if before < args.pages else None
    if small:
        print_rows(f"At {before} live pages", small)
    started = time.perf_counter()
    added = grow(args.pages)
    if added:
        print(f"\nAdded and indexed {added} pages in {time.perf_counter() - started:.0f} s")
    large = measure(args.requests)
    print_rows(f"At {Page.objects.live().count()} live pages", large)
    if small:
        print("\nRatio of medians (large / demo size):")
        for a, b in zip(small, large, strict=True):
            print(
                f"  {a['name']:<26} wall {b['median'] / a['median']:.2f}x, CPU {b['cpu'] / a['cpu']:.2f}x, "
                f"queries {a['queries']} -> {b['queries']}"
            )


if __name__ == "__main__":
    main()
