"""Server-side cost of the enquiry reports (/admin/enquiries/reports/ and its CSV) with 100,000 enquiries.

Usage (from the project root):
    .venv/bin/python benchmarks/enquiries_reports.py [--enquiries N] [--requests N] [--keep]

Works on a PostgreSQL database of its own: DATABASE_URL when set (its database is dropped and
created again), otherwise postgres://postgres@127.0.0.1:5432/bench_reports. Setup migrates, creates the
taxonomy, three teams (each with a lead and three advisers) and the routing rules, then bulk-creates the
enquiries over two years (statuses, teams, nations and topics spread as a live service would have them,
with first-response and resolution times in working seconds, whether the first reply met its deadline,
and ratings for about a third of the resolved ones). The measurements run in this process with the
development settings, DEBUG off, through Django's test Client signed in (force_login) as a superuser
(every enquiry) and as the lead of the largest team, with PORTAL_ALLOW_STAFF_WITHOUT_MFA on
(override_settings). Each case is requested twice to warm up, once more to count its queries, then N
times, timed. When a case's median is over 500 ms, its slowest query is run again under EXPLAIN
ANALYZE. The database is dropped at the end unless --keep. Not part of the test run.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import random
import sys
import time

from common import make_taxonomy, make_teams_and_rules, measure_page, print_table
from enquiries_inbox import SUBJECTS, configure_django, drop_database, explain, recreate_database

from enquiries import states

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/bench_reports"
SLOW_MS = 500
HOUR = 3600


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or DEFAULT_DB


def set_up(count: int):
    """Migrate, then taxonomy, teams, people, routing rules and `count` enquiries with report figures.
    Returns (superuser, lead of the largest team, a nation slug and a topic slug to filter by)."""
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from enquiries.models import AdviserProfile, Enquiry, SatisfactionRating, TeamMembership
    from enquiries.selectors import ADVISERS_GROUP, TEAM_LEADS_GROUP
    from portal.models import User

    started = time.perf_counter()
    call_command("migrate", "--noinput", verbosity=0)
    print(f"setup: migrate took {time.perf_counter() - started:.1f} s", file=sys.stderr)

    nations, pathways, topics = make_taxonomy()
    teams = make_teams_and_rules(pathways, nations)

    advisers_group = Group.objects.get(name=ADVISERS_GROUP)
    leads_group = Group.objects.get(name=TEAM_LEADS_GROUP)
    leads = {}
    for slug, team in teams.items():
        for n in range(4):
            user = User.objects.create_user(
                email=f"{slug}-{n}@sor.example",
                password=None,
                is_staff=True,
                first_name="Adviser",
                last_name=slug,
            )
            user.groups.add(advisers_group, *([leads_group] if n == 0 else []))
            if n:
                AdviserProfile.objects.create(user=user, capacity=50)
            TeamMembership.objects.create(team=team, user=user, is_lead=n == 0)
            if n == 0:
                leads[slug] = user
    superuser = User.objects.create_superuser(email="root@sor.example", password=None)

    S = Enquiry.Status
    status_weights = [
        (S.CLOSED, 55), (S.RESOLVED, 15), (S.WITHDRAWN, 3), (S.SPAM, 4), (S.MERGED, 2),
        (S.NEW, 6), (S.OPEN, 8), (S.AWAITING_ENQUIRER, 5), (S.ON_HOLD, 2),
    ]  # fmt: skip
    statuses, weights = zip(*status_weights, strict=True)
    team_weights = [("rtp-england", 50), ("rtp-devolved", 20), ("ir", 30)]
    team_slugs, team_w = zip(*team_weights, strict=True)
    rng = random.Random(20260401)
    now = timezone.now()
    started = time.perf_counter()
    batch: list[Enquiry] = []
    rated = 0

    def flush():
        nonlocal rated
        made = Enquiry.objects.bulk_create(batch)
        ratings = [
            SatisfactionRating(enquiry=enquiry, score=rng.choices([5, 4, 3, 2, 1], [45, 30, 12, 8, 5])[0])
            for enquiry in made
            if enquiry.resolved_at and rng.random() < 0.35
        ]
        SatisfactionRating.objects.bulk_create(ratings)
        rated += len(ratings)
        batch.clear()

    for i in range(count):
        status = rng.choices(statuses, weights)[0]
        team_slug = rng.choices(team_slugs, team_w)[0]
        open_ = status in states.OPEN_STATUSES
        created = now - datetime.timedelta(
            seconds=rng.randint(0, 20 * 86400) if open_ else int(730 * 86400 * (i / count) ** 0.5)
        )
        if team_slug == "ir":
            who, pathway, nation = "overseas", pathways["ir"], rng.choice(list(nations.values()))
        elif team_slug == "rtp-england":
            who, pathway, nation = "returning", pathways["rtp"], nations["england"]
        else:
            who, pathway = "returning", pathways["rtp"]
            nation = nations[rng.choice(["scotland", "wales", "northern-ireland"])]
        answered = status not in (S.NEW, S.SPAM)
        first = (
            int(rng.lognormvariate(2.3, 0.9) * HOUR) if answered else None
        )  # median about 10 working hours
        resolved = status in (S.RESOLVED, S.CLOSED)
        batch.append(
            Enquiry(
                who=who,
                pathway=pathway,
                nation=nation,
                profession=rng.choice(["diagnostic", "therapeutic", "not_sure"]),
                topic=rng.choice(topics),
                subject=rng.choice(SUBJECTS),
                name=f"Person {i}",
                email=f"person{i}@example.org",
                consent_at=created,
                privacy_notice_version="2026-11",
                team=teams[team_slug],
                submission_key=f"bench-{i}",
                status=status,
                created_at=created,
                first_responded_at=created + datetime.timedelta(hours=20) if answered else None,
                first_response_seconds=first,
                responded_within_deadline=first <= 24 * HOUR if answered else None,
                resolved_at=created + datetime.timedelta(days=5) if resolved else None,
                resolution_seconds=(first or 0) + int(rng.lognormvariate(3.2, 0.8) * HOUR)
                if resolved
                else None,
                closed_at=created + datetime.timedelta(days=20) if status == S.CLOSED else None,
            )
        )
        if len(batch) == 5000:
            flush()
    if batch:
        flush()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"setup: {count} enquiries and {rated} ratings bulk-created in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return superuser, leads["rtp-england"], "scotland", "hcpc-registration"


def report_cases(superuser, lead, nation: str, topic: str) -> list[tuple[str, object, str]]:
    from django.utils import timezone

    from enquiries.reports.measures import add_months, month_floor, month_value

    this_month = month_floor(timezone.localdate())
    two_years = f"from_month={month_value(add_months(this_month, -23))}&to_month={month_value(this_month)}"
    page, csv = "/admin/enquiries/reports/", "/admin/enquiries/reports/csv/"
    return [
        ("superuser: page, 12 months", superuser, page),
        ("superuser: page, 24 months", superuser, f"{page}?{two_years}"),
        ("superuser: page, nation+topic", superuser, f"{page}?nation={nation}&topic={topic}"),
        ("superuser: CSV, 12 months", superuser, csv),
        ("superuser: CSV, 24 months", superuser, f"{csv}?{two_years}"),
        ("team lead: page, 12 months", lead, page),
        ("team lead: CSV, 12 months", lead, csv),
    ]


def measure(cases, requests: int) -> list[dict]:
    from django.test import Client, override_settings

    rows = []
    clients = {}
    with override_settings(PORTAL_ALLOW_STAFF_WITHOUT_MFA=True):
        for name, user, url in cases:
            client = clients.get(user.pk)
            if client is None:
                client = clients[user.pk] = Client(HTTP_HOST="localhost")
                client.force_login(user)
            rows.append(measure_page(client, name, url, requests))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--enquiries", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=10, help="timed requests per case (default 10)")
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    args = parser.parse_args()

    url = database_url()
    recreate_database(url)
    configure_django(url)
    try:
        superuser, lead, nation, topic = set_up(args.enquiries)
        rows = measure(report_cases(superuser, lead, nation, topic), args.requests)

        from django.db import connection

        from enquiries.models import Enquiry
        from enquiries.reports.access import report_scope

        visible = Enquiry.objects.filter(report_scope(lead)).count()
        print(
            f"\nEnquiry reports: {Enquiry.objects.count():,} enquiries in all, {visible:,} in the team lead's "
            f"scope (RtP England); PostgreSQL {connection.pg_version // 10000}, Django test Client in-process, "
            f"DEBUG off; {args.requests} timed requests each; Python {platform.python_version()}, "
            f"{os.cpu_count()} CPU cores; load average {os.getloadavg()[0]:.2f}"
        )
        print_table(rows, label="case", slow_ms=SLOW_MS, explain=explain)
    finally:
        if not args.keep:
            drop_database(url)
            print("dropped the benchmark database", file=sys.stderr)


if __name__ == "__main__":
    main()
