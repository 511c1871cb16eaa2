"""Throughput of the request-for-help form: N people fetch /get-help/, wait, then all submit.

Usage (from the project root):
    .venv/bin/python benchmarks/enquiries_submit.py [--submissions N] [--threads T] [--workers W] [--keep]

gunicorn (W sync workers, default 2) serves portal.wsgi with benchmarks/bench_settings.py (production
settings on plain HTTP on loopback, high rate limits, locmem email, the dummy task backend so that
no email is delivered in the request) on a free 127.0.0.1 port, against a PostgreSQL database of its
own: DATABASE_URL when set (dropped and created again), else postgres://postgres@127.0.0.1:5432/
bench_submit; REDIS_URL when set, else Redis database 9 on 127.0.0.1:6379. Setup migrates and creates
the taxonomy, three teams with two advisers each (capacity 20, so 120 slots: with the default 300
submissions capacity runs out and the rest stay unassigned) and the routing rules.

Each of the N submissions has its own session (requests.Session): GET /get-help/ for the CSRF cookie
and the signed form_token, then a wait of 3.5 s (the form refuses anything sent within 3 s of being
shown), then the N POSTs from a pool of T threads (default 8); 302 is success. Reported: submissions
per second over the POST phase and the p50/p95/p99 latency of the POSTs. Afterwards the database is
checked: exactly N enquiries, and per team the assigned ones equal min(routed there, capacity), no
adviser over capacity. gunicorn is stopped and the database dropped on exit, however it ends.
Not part of the test run.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from common import admin_connection, make_taxonomy, make_teams_and_rules, percentile

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/bench_submit"
DEFAULT_REDIS = "redis://127.0.0.1:6379/9"
CAPACITY = 20
FILL_WAIT = 3.5

TOKEN_RE = re.compile(r'name="form_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="form_token"')
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _drop(url: str, *, create: bool) -> None:
    from psycopg import sql

    name, conn = admin_connection(url)
    with conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if create:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def set_up_data() -> dict:
    """Migrate, then taxonomy, teams, advisers and routing rules. Returns team slug -> capacity."""
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from enquiries.models import AdviserProfile, TeamMembership
    from enquiries.selectors import ADVISERS_GROUP
    from portal.models import User

    started = time.perf_counter()
    call_command("migrate", "--noinput", verbosity=0)
    print(f"setup: migrate took {time.perf_counter() - started:.1f} s", file=sys.stderr)
    nations, pathways, _topics = make_taxonomy()
    teams = make_teams_and_rules(pathways, nations)
    group = Group.objects.get(name=ADVISERS_GROUP)
    for slug, team in teams.items():
        for n in range(2):
            user = User.objects.create_user(email=f"{slug}-{n}@sor.example", password=None, is_staff=True)
            user.groups.add(group)
            AdviserProfile.objects.create(user=user, capacity=CAPACITY)
            TeamMembership.objects.create(team=team, user=user)
    return {slug: 2 * CAPACITY for slug in teams}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Who / nation pairs, cycled: routes to all three teams (overseas and "other" go to IR).
PROFILES = [
    ("returning", "england"), ("returning", "england"), ("returning", "scotland"),
    ("returning", "wales"), ("overseas", "england"), ("overseas", "northern-ireland"), ("other", "wales"),
]  # fmt: skip


def fetch_form(base: str, i: int):
    import requests

    session = requests.Session()
    started = time.perf_counter()
    response = session.get(f"{base}/get-help/", timeout=30)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"GET /get-help/ answered {response.status_code}")
    token = TOKEN_RE.search(response.text)
    csrf = CSRF_RE.search(response.text)
    if not token or not csrf:
        raise RuntimeError("no form_token or csrfmiddlewaretoken in /get-help/")
    return session, token.group(1) or token.group(2), csrf.group(1), elapsed


def submit(base: str, i: int, session, token: str, csrf: str) -> tuple[int, float]:
    who, nation = PROFILES[i % len(PROFILES)]
    data = {
        "csrfmiddlewaretoken": csrf,
        "form_token": token,
        "who": who,
        "nation": nation,
        "profession": "diagnostic",
        "topic": ["funding", "hcpc-registration", "placements"][i % 3],
        "hcpc_number": "",
        "subject": f"Benchmark question {i}",
        "question": "I left the register in 2019 and would like to come back. What do I need to do?",
        "name": f"Bench Person {i}",
        "email": f"bench{i}@example.org",
        "consent": "on",
        "website": "",
    }
    started = time.perf_counter()
    response = session.post(f"{base}/get-help/", data=data, allow_redirects=False, timeout=60)
    return response.status_code, (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--submissions", "-n", type=int, default=300)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    args = parser.parse_args()
    try:
        import requests  # noqa: F401
    except ImportError:
        raise SystemExit("this benchmark needs requests in the virtualenv") from None

    url = os.environ.get("DATABASE_URL") or DEFAULT_DB
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": os.environ.get("REDIS_URL") or DEFAULT_REDIS,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": os.pathsep.join([str(BENCH), str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(
            os.pathsep
        ),
    }
    os.environ.update(env)
    sys.path[:0] = [str(BENCH), str(ROOT)]
    _drop(url, create=True)
    gunicorn = None
    try:
        import django

        django.setup()
        capacities = set_up_data()
        if not (ROOT / "staticfiles" / "staticfiles.json").exists():
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                cwd=ROOT,
                env=env,
                check=True,
            )
        from django.db import connections

        connections.close_all()

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        gunicorn = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "portal.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", str(args.workers), "--log-level", "warning", "--timeout", "60"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        import requests

        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{base}/health/", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if gunicorn.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.3)

        n = args.submissions
        with ThreadPoolExecutor(args.threads) as pool:
            started = time.perf_counter()
            forms = list(pool.map(lambda i: fetch_form(base, i), range(n)))
            get_seconds = time.perf_counter() - started
            time.sleep(FILL_WAIT)  # the newest form is now older than the minimum fill time
            started = time.perf_counter()
            results = list(pool.map(lambda i: submit(base, i, *forms[i][:3]), range(n)))
            post_seconds = time.perf_counter() - started

        statuses: dict[int, int] = {}
        for status, _ in results:
            statuses[status] = statuses.get(status, 0) + 1
        latencies = [ms for status, ms in results if status == 302]
        get_ms = [form[3] for form in forms]

        from django.db.models import Count, Q

        from enquiries.models import Enquiry, Event, Message, OutboundEmail, Team

        count = Enquiry.objects.count()
        checks = [(f"exactly {n} enquiries", count == n, f"{count} found")]
        for team in Team.objects.order_by("pk"):
            routed = Enquiry.objects.filter(team=team).count()
            assigned = Enquiry.objects.filter(team=team, assignee__isnull=False).count()
            want = min(routed, capacities[team.slug])
            per_adviser = list(
                Enquiry.objects.filter(team=team, assignee__isnull=False)
                .values("assignee").annotate(n=Count("pk")).values_list("n", flat=True)
            )  # fmt: skip
            checks.append(
                (
                    f"{team.name}: assigned = min(routed, capacity), nobody over {CAPACITY}",
                    assigned == want and all(x <= CAPACITY for x in per_adviser),
                    f"routed {routed}, assigned {assigned} ({'/'.join(map(str, sorted(per_adviser)))}), "
                    f"unassigned {routed - assigned}",
                )
            )
        checks.append(
            ("every enquiry has a team", not Enquiry.objects.filter(team__isnull=True).exists(), "")
        )
        messages = Message.objects.count()
        checks.append((f"{n} first messages", messages == n, f"{messages} found"))
        submitted = Event.objects.filter(kind="submitted").count()
        checks.append((f"{n} 'submitted' events", submitted == n, f"{submitted} found"))
        acks = OutboundEmail.objects.filter(kind="acknowledgement").count()
        notices = OutboundEmail.objects.filter(kind="adviser_notice").count()
        assigned_total = Enquiry.objects.filter(~Q(assignee=None)).count()
        checks.append(
            ("acknowledgements queued; one adviser notice per assigned enquiry",
             acks == n and notices == assigned_total, f"{acks} acknowledgements, {notices} notices")
        )  # fmt: skip

        load = os.getloadavg()
        print(
            f"Request-for-help form: {n} submissions, gunicorn {args.workers} sync workers "
            f"(bench_settings: production + dummy task backend), PostgreSQL, Redis cache, client pool "
            f"of {args.threads} threads (requests) on the same {os.cpu_count()} CPU cores; load average "
            f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
        )
        print(f"GET  /get-help/: {n} in {get_seconds:.2f} s = {n / get_seconds:.1f}/s; "
              f"p50 {percentile(get_ms, 0.5):.1f} ms, p95 {percentile(get_ms, 0.95):.1f} ms")  # fmt: skip
        print(f"POST /get-help/: {n} in {post_seconds:.2f} s = {n / post_seconds:.1f} submissions/s; "
              f"statuses {dict(sorted(statuses.items()))}")  # fmt: skip
        if latencies:
            print(
                f"POST latency (302s): p50 {percentile(latencies, 0.5):.1f} ms, p95 "
                f"{percentile(latencies, 0.95):.1f} ms, p99 {percentile(latencies, 0.99):.1f} ms, "
                f"mean {statistics.mean(latencies):.1f} ms, max {max(latencies):.1f} ms"
            )
        failed = False
        for label, ok, detail in checks:
            failed |= not ok
            print(f"  [{'ok' if ok else 'FAIL'}] {label}{': ' + detail if detail else ''}")
        if failed or statuses.get(302, 0) != n:
            sys.exit(1)
    finally:
        if gunicorn is not None and gunicorn.poll() is None:
            gunicorn.terminate()
            try:
                gunicorn.wait(timeout=15)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
                gunicorn.wait()
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if not args.keep:
            _drop(url, create=False)
            print("stopped gunicorn; dropped the benchmark database", file=sys.stderr)


if __name__ == "__main__":
    main()
