"""Pieces the enquiry benchmarks share: a PostgreSQL admin connection, percentiles, and the teams and
routing rules they route submissions through (the same shape as the demo's)."""

from __future__ import annotations

from urllib.parse import urlsplit


def admin_connection(url: str):
    """(database name, an autocommit connection to the server's `postgres` database)."""
    import psycopg

    parts = urlsplit(url)
    return parts.path.lstrip("/"), psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def make_taxonomy() -> tuple[dict, dict, list]:
    """The four nations (with their bank-holiday calendars), the two pathways and six topics:
    (nations by slug, pathways by "rtp"/"ir", topics)."""
    from cms.models import Nation, Pathway, Topic

    nations = {
        slug: Nation.objects.create(name=name, slug=slug, holiday_subdivision=code, sort_order=order)
        for order, (slug, name, code) in enumerate(
            [
                ("england", "England", "ENG"),
                ("scotland", "Scotland", "SCT"),
                ("wales", "Wales", "WLS"),
                ("northern-ireland", "Northern Ireland", "NIR"),
            ]
        )
    }
    pathways = {
        "rtp": Pathway.objects.create(name="Return to practice", slug="return-to-practice"),
        "ir": Pathway.objects.create(name="International recruitment", slug="international-recruitment"),
    }
    topics = [
        Topic.objects.create(name=name, slug=slug)
        for name, slug in [
            ("Funding", "funding"),
            ("HCPC registration", "hcpc-registration"),
            ("Placements", "placements"),
            ("English language", "english-language"),
            ("Updating and CPD", "updating-cpd"),
            ("Visas and immigration", "visas"),
        ]
    ]
    return nations, pathways, topics


def make_teams_and_rules(pathways: dict, nations: dict) -> dict:
    """Three teams (RtP England, RtP devolved nations, IR as the fallback) and their routing rules."""
    from enquiries.models import RoutingRule, Team

    teams = {
        "rtp-england": Team.objects.create(name="RtP England", slug="rtp-england"),
        "rtp-devolved": Team.objects.create(name="RtP Scotland, Wales and NI", slug="rtp-devolved"),
        "ir": Team.objects.create(name="International recruitment", slug="ir", is_fallback=True),
    }
    RoutingRule.objects.create(
        order=10,
        name="RtP England",
        pathway=pathways["rtp"],
        nation=nations["england"],
        team=teams["rtp-england"],
    )
    for order, slug in enumerate(["scotland", "wales", "northern-ireland"], start=20):
        RoutingRule.objects.create(
            order=order,
            name=f"RtP {slug}",
            pathway=pathways["rtp"],
            nation=nations[slug],
            team=teams["rtp-devolved"],
        )
    RoutingRule.objects.create(order=50, name="IR", pathway=pathways["ir"], team=teams["ir"])
    return teams


def measure_page(client, name: str, url: str, requests: int) -> dict:
    """One page: two warm-up requests (each must answer 200), one with its queries captured, then
    `requests` timed ones. Returns the row `print_table` shows."""
    import statistics
    import sys
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{name} ({url}) answered {response.status_code}, not 200")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = list(captured.captured_queries)  # a view on the log: copy before the next request
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    print(f"measured {name}", file=sys.stderr)
    return {
        "name": name,
        "url": url,
        "queries": len(queries),
        "slowest_sql": max(queries, key=lambda q: float(q["time"])),
        "query_ms": sum(float(q["time"]) for q in queries) * 1000,
        "median": statistics.median(timings),
        "p95": percentile(timings, 0.95),
        "kb": len(response.content) / 1024,
    }


def print_table(rows: list[dict], *, label: str, slow_ms: int, explain) -> None:
    """The rows of `measure_page`, then the slowest page's slowest query with its plan when that page's
    median is over `slow_ms`."""
    width = max(len(label), *(len(row["name"]) for row in rows)) + 2
    print(f"{label:<{width}} {'queries':>7} {'SQL ms':>8} {'median ms':>10} {'p95 ms':>8} {'KB':>7}  address")
    for row in rows:
        print(
            f"{row['name']:<{width}} {row['queries']:>7} {row['query_ms']:>8.1f} {row['median']:>10.1f} "
            f"{row['p95']:>8.1f} {row['kb']:>7.1f}  {row['url']}"
        )
    slowest = max(rows, key=lambda r: r["median"])
    if slowest["median"] > slow_ms:
        print(
            f"\nSlowest {label}: {slowest['name']} ({slowest['median']:.0f} ms median). Its slowest query "
            f"({float(slowest['slowest_sql']['time']) * 1000:.1f} ms when counted):\n"
        )
        print(slowest["slowest_sql"]["sql"])
        print("\nEXPLAIN (ANALYZE, BUFFERS):\n")
        print(explain(slowest["slowest_sql"]["sql"]))
    else:
        print(
            f"\nNo {label} has a median over {slow_ms} ms; slowest is {slowest['name']} ({slowest['median']:.0f} ms)."
        )
