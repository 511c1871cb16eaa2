"""Server-side cost of the adviser inboxes (/admin/enquiries/...) with 100,000 enquiries.

Usage (from the project root):
    .venv/bin/python benchmarks/enquiries_inbox.py [--enquiries N] [--requests N] [--keep]

Works on a PostgreSQL database of its own: DATABASE_URL when set (its database is dropped and
created again), otherwise postgres://postgres@127.0.0.1:5432/bench_inbox. Setup migrates, creates the
taxonomy, three teams with four advisers each and the routing rules, then bulk-creates the enquiries
(statuses, teams, assignees and deadlines spread as a live service would have them; no messages, which
the lists do not read). The measurements run in this process with the development settings, DEBUG off,
through Django's test Client signed in (force_login) as an adviser of the largest team, with
PORTAL_ALLOW_STAFF_WITHOUT_MFA on (override_settings). Each inbox is requested twice to warm up, once
more to count its queries, then N times, timed. When an inbox's median is over 200 ms, its slowest
query is run again under EXPLAIN ANALYZE. The database is dropped at the end unless --keep.
Not part of the test run.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import random
import sys
import time
from pathlib import Path

from common import admin_connection, make_taxonomy, make_teams_and_rules, measure_page, print_table

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/bench_inbox"
SLOW_MS = 200

SUBJECTS = [
    "How many updating days do I need?",
    "Is my overseas qualification recognised by the HCPC?",
    "Funding for a return to practice placement",
    "Can I count e-learning towards my updating?",
    "Which documents do I need for the English language test?",
    "Supervised practice in Scotland",
    "My registration lapsed in 2019: what now?",
    "Finding a clinical placement near Cardiff",
    "CPD evidence for readmission",
    "Visa sponsorship for a band 5 post",
]


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or DEFAULT_DB


def recreate_database(url: str) -> None:
    from psycopg import sql

    name, conn = admin_connection(url)
    with conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(url: str) -> None:
    from django.db import connections

    from psycopg import sql

    connections.close_all()
    name, conn = admin_connection(url)
    with conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def configure_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
    os.environ["DEBUG"] = "false"  # measure what production does, not the debug machinery
    os.environ["ALLOWED_HOSTS"] = "localhost,127.0.0.1,testserver"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def set_up(count: int):
    """Migrate, then taxonomy, teams, advisers, routing rules and `count` enquiries. Returns the
    adviser to sign in as and the topic used by the filtered inbox."""
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.utils import timezone

    from enquiries import states
    from enquiries.models import AdviserProfile, Enquiry, TeamMembership
    from enquiries.selectors import ADVISERS_GROUP
    from portal.models import User

    started = time.perf_counter()
    call_command("migrate", "--noinput", verbosity=0)
    print(f"setup: migrate took {time.perf_counter() - started:.1f} s", file=sys.stderr)

    nations, pathways, topics = make_taxonomy()
    teams = make_teams_and_rules(pathways, nations)

    advisers_group = Group.objects.get(name=ADVISERS_GROUP)
    advisers: dict[str, list] = {}
    for slug, team in teams.items():
        for n in range(4):
            user = User.objects.create_user(
                email=f"{slug}-{n}@sor.example",
                password=None,
                is_staff=True,
                first_name="Adviser",
                last_name=f"{slug} {n}",
            )
            user.groups.add(advisers_group)
            AdviserProfile.objects.create(user=user, capacity=50)
            TeamMembership.objects.create(team=team, user=user, is_lead=n == 0)
            advisers.setdefault(slug, []).append(user)

    # A service a few years old: most enquiries finished, a few thousand open.
    S = Enquiry.Status
    status_weights = [
        (S.CLOSED, 55), (S.RESOLVED, 15), (S.WITHDRAWN, 3), (S.SPAM, 4), (S.MERGED, 2),
        (S.NEW, 6), (S.OPEN, 8), (S.AWAITING_ENQUIRER, 5), (S.ON_HOLD, 2),
    ]  # fmt: skip
    statuses, weights = zip(*status_weights, strict=True)
    team_weights = [("rtp-england", 50), ("rtp-devolved", 20), ("ir", 30)]
    team_slugs, team_w = zip(*team_weights, strict=True)
    rng = random.Random(20260101)
    now = timezone.now()
    started = time.perf_counter()
    batch: list[Enquiry] = []
    for i in range(count):
        status = rng.choices(statuses, weights)[0]
        team_slug = rng.choices(team_slugs, team_w)[0]
        created = now - datetime.timedelta(
            seconds=int(730 * 86400 * (i / count) ** 0.5)
            if status not in states.OPEN_STATUSES
            else rng.randint(0, 20 * 86400)
        )
        running = status in (S.NEW, S.OPEN)
        paused = status in states.PAUSED_STATUSES
        if status == S.NEW:
            assignee = None if rng.random() < 0.3 else rng.choice(advisers[team_slug])
        elif status in (S.SPAM,):
            assignee = None
        else:
            assignee = rng.choice(advisers[team_slug])
        if team_slug == "ir":
            who, pathway, nation = "overseas", pathways["ir"], rng.choice(list(nations.values()))
        elif team_slug == "rtp-england":
            who, pathway, nation = "returning", pathways["rtp"], nations["england"]
        else:
            who, pathway = "returning", pathways["rtp"]
            nation = nations[rng.choice(["scotland", "wales", "northern-ireland"])]
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
                assignee=assignee,
                submission_key=f"bench-{i}",
                status=status,
                created_at=created,
                # Running clocks: from five days overdue to five days ahead; paused: remaining time.
                due_at=now + datetime.timedelta(seconds=rng.randint(-5 * 86400, 5 * 86400))
                if running
                else None,
                paused_remaining_seconds=rng.randint(0, 3 * 8 * 3600) if paused else None,
                first_responded_at=created + datetime.timedelta(hours=20)
                if status not in (S.NEW, S.SPAM)
                else None,
                resolved_at=created + datetime.timedelta(days=5)
                if status in (S.RESOLVED, S.CLOSED)
                else None,
                closed_at=created + datetime.timedelta(days=20) if status == S.CLOSED else None,
            )
        )
        if len(batch) == 5000:
            Enquiry.objects.bulk_create(batch)
            batch = []
    if batch:
        Enquiry.objects.bulk_create(batch)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"setup: {count} enquiries bulk-created in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return advisers["rtp-england"][1], topics[1]


def inbox_cases(topic) -> list[tuple[str, str | tuple]]:
    base = "/admin/enquiries/"
    return [
        ("mine", base),
        ("unassigned", f"{base}unassigned/"),
        ("all (open)", f"{base}all/"),
        ("due soon", f"{base}due-soon/"),
        ("overdue", f"{base}overdue/"),
        ("awaiting enquirer", f"{base}awaiting/"),
        ("all, posted search", ("POST", f"{base}all/", {"q": "lapsed"})),
        ("all, status+topic filter", f"{base}all/?status=new&status=open&topic={topic.pk}"),
        ("all, page 50", f"{base}all/?p=50"),
    ]


def measure(adviser, topic, requests: int) -> list[dict]:
    from django.test import Client, override_settings

    rows = []
    with override_settings(PORTAL_ALLOW_STAFF_WITHOUT_MFA=True):
        client = Client(HTTP_HOST="localhost")
        client.force_login(adviser)
        for name, url in inbox_cases(topic):
            if isinstance(url, tuple):
                # The search text is posted once and kept in the session; the inbox's address carries
                # only a token for it (no personal data in URLs), and that address is what is measured.
                _, path, data = url
                answer = client.post(path, data)
                if answer.status_code != 302:
                    raise SystemExit(f"{name}: posting the search answered {answer.status_code}, not 302")
                url = answer["Location"]
            rows.append(measure_page(client, name, url, requests))
    return rows


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--enquiries", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20, help="timed requests per inbox (default 20)")
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    args = parser.parse_args()

    url = database_url()
    recreate_database(url)
    configure_django(url)
    try:
        adviser, topic = set_up(args.enquiries)
        rows = measure(adviser, topic, args.requests)

        from django.db import connection

        from enquiries.models import Enquiry
        from enquiries.selectors import enquiries_for_staff

        visible = enquiries_for_staff(adviser).count()
        print(
            f"\nAdviser inboxes: {Enquiry.objects.count():,} enquiries in all, {visible:,} visible to the "
            f"adviser (team RtP England); PostgreSQL {connection.pg_version // 10000}, Django test Client "
            f"in-process, DEBUG off; {args.requests} timed requests each; Python {platform.python_version()}, "
            f"{os.cpu_count()} CPU cores; load average {os.getloadavg()[0]:.2f}"
        )
        print_table(rows, label="inbox", slow_ms=SLOW_MS, explain=explain)
    finally:
        if not args.keep:
            drop_database(url)
            print("dropped the benchmark database", file=sys.stderr)


if __name__ == "__main__":
    main()
