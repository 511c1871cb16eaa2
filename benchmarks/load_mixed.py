"""Mixed load check ("prove it"): N simulated people for D seconds against gunicorn and the task worker,
then a check of the database that nothing was lost or doubled.

Usage (from the project root):
    .venv/bin/python benchmarks/load_mixed.py [--db sqlite|postgres] [--clients 50] [--duration 600]
        [--workers 2] [--think 1.0] [--drain 60] [--keep]
    (or benchmarks/load_mixed.sh, which runs it on SQLite and then PostgreSQL)

Set-up: a fresh database (SQLite: a new file in the run's folder; PostgreSQL: DATABASE_URL when set,
else postgres://postgres@127.0.0.1:5432/portal_load, dropped and created again), seeded as
benchmarks/pages.py --setup-only does (migrate, seed_demo, update_index with the development
settings), collectstatic. Then gunicorn (portal.wsgi, production settings on plain HTTP on loopback as
benchmarks/load.sh runs it; --workers, default WEB_CONCURRENCY or 2 sync workers) on a free
127.0.0.1 port with TRUSTED_PROXY_COUNT=1, and one `manage.py db_worker`; production uses the database
task queue, so the acknowledgements really are sent, here by Django's file-based email backend into
the run's folder. REDIS_URL is honoured when set (else the local-memory cache). ANYMAIL_ESP=postmark
with a random ANYMAIL_WEBHOOK_SECRET. Everything a run writes (database file, media, private files,
mail, gunicorn and worker logs, results.json) is under var/load_mixed/<db>-<time>/.

Each client is a thread with its own cookies and its own X-Forwarded-For address (so per-IP rate
limits count per client), looping with a random think time (mean --think seconds) over:
  page      GET home, a guidance page, case studies, news, search
  finder    the pathway finder: GET start, GET/POST the six questions, check your answers, the plan
  get-help  (clients not signed in) GET /get-help/ (CSRF cookie, form_token), wait 3.5 s (the form
            refuses anything sent within 3 s), POST valid data with a unique token in subject and
            question; 302 to /get-help/sent/ is accepted. At most 9 per client per hour (the form
            allows 10/h per IP).
  webhook   POST an inbound email as Postmark's JSON to /anymail/postmark/inbound/ with basic auth and
            a unique Message-ID; one in ten re-posts an earlier one (a provider's retry).
  reply     (clients 0-3 only) sign in as the demo enquirers (returnee@, recruit@demo.sor.example with
            DEMO_PASSWORD) and reply on one of their open enquiries at /my-enquiries/<ref>/.
Errors are any 5xx, connection error or timeout; 429s are counted apart; other unexpected answers
(403, 400, a form shown again) are listed as "unexpected". After the run the worker gets up to --drain
seconds to send, then the database is checked through the Django ORM: every accepted submission is
exactly one enquiry with its acknowledgement sent; every accepted reply one message; every accepted
webhook exactly one InboundEmail (by Message-ID). Exits 1 when anything failed. gunicorn and the worker
(each in its own process group) are stopped however the script ends. Loopback only.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from common import percentile  # noqa: E402

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/portal_load"

from load_people import Client, Recorder  # noqa: E402
from processes import drop_database, free_port, fresh_database, stop  # noqa: E402

# --------------------------------------------------------------------------------------------------
# Reconciliation and report
# --------------------------------------------------------------------------------------------------


def reconcile(rec: Recorder, drain: float) -> list[tuple[str, bool, str]]:
    from django.db.models import Count

    from enquiries.models import Enquiry, InboundEmail, Message, OutboundEmail

    marks = rec.accepted_submissions
    prefix = "Load check question "

    def ack_state():
        enquiries = {}
        for pk, subject in Enquiry.objects.filter(subject__startswith=prefix).values_list("pk", "subject"):
            enquiries.setdefault(subject.removeprefix(prefix), []).append(pk)
        sent = set(
            OutboundEmail.objects.filter(
                kind=OutboundEmail.Kind.ACKNOWLEDGEMENT, status=OutboundEmail.Status.SENT,
                enquiry__subject__startswith=prefix,
            ).values_list("enquiry_id", flat=True)
        )  # fmt: skip
        return enquiries, sent

    started = time.monotonic()
    while True:
        enquiries, sent = ack_state()
        waiting = [m for m in marks if not (len(enquiries.get(m, [])) == 1 and enquiries[m][0] in sent)]
        if not waiting or time.monotonic() - started > drain:
            break
        time.sleep(2)
    drained = time.monotonic() - started
    checks = []
    missing = [m for m in marks if m not in enquiries]
    doubled = {m: pks for m, pks in enquiries.items() if len(pks) > 1}
    unexpected = [m for m in enquiries if m not in set(marks)]
    checks.append((
        f"{len(marks)} accepted submissions = {len(marks)} enquiries, one each",
        not missing and not doubled,
        f"{sum(len(v) for v in enquiries.values())} load enquiries; missing {len(missing)} {missing[:5]}; "
        f"duplicated {len(doubled)} {list(doubled)[:5]}; not accepted by the client but stored {len(unexpected)}",
    ))  # fmt: skip
    acks = OutboundEmail.objects.filter(
        kind=OutboundEmail.Kind.ACKNOWLEDGEMENT, enquiry__subject__startswith=prefix
    )
    per_enquiry = acks.values("enquiry_id").annotate(n=Count("pk")).filter(n__gt=1).count()
    statuses = dict(acks.values_list("status").annotate(n=Count("pk")).order_by())
    checks.append((
        "each has its acknowledgement sent, one per enquiry",
        not waiting and per_enquiry == 0,
        f"acknowledgements by status {statuses}; not sent after {drained:.0f} s of draining: {len(waiting)}; "
        f"enquiries with more than one: {per_enquiry}",
    ))  # fmt: skip
    others = dict(
        OutboundEmail.objects.exclude(status=OutboundEmail.Status.SENT)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    checks.append(
        ("all other outgoing email sent too (informational)", True, f"not sent by status: {others or 0}")
    )
    reply_marks = rec.accepted_replies
    found = defaultdict(int)
    for body in Message.objects.filter(body__contains="[LT").values_list("body", flat=True):
        found_mark = re.search(r"\[(LT[^\]]+)\]", body)
        if found_mark:
            found[found_mark.group(1)] += 1
    bad_replies = [m for m in reply_marks if found.get(m) != 1]
    checks.append((
        f"{len(reply_marks)} accepted replies = one message each",
        not bad_replies,
        f"missing or doubled: {len(bad_replies)} {bad_replies[:5]}",
    ))  # fmt: skip
    ids = list(rec.accepted_webhooks)
    rows = defaultdict(int)
    for header in InboundEmail.objects.filter(header_message_id__in=ids).values_list(
        "header_message_id", flat=True
    ):
        rows[header] += 1
    missing_in = [i for i in ids if rows.get(i, 0) == 0]
    doubled_in = [i for i in ids if rows.get(i, 0) > 1]
    replays = sum(n - 1 for n in rec.accepted_webhooks.values())
    stored_rejected = InboundEmail.objects.filter(header_message_id__in=rec.rejected_webhooks).count()
    processed = dict(
        InboundEmail.objects.filter(header_message_id__in=ids)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    checks.append((
        f"{len(ids)} accepted webhook emails ({replays} replays also 2xx) = one InboundEmail each",
        not missing_in and not doubled_in and stored_rejected == 0,
        f"missing {len(missing_in)} {missing_in[:3]}; duplicated {len(doubled_in)}; rejected but stored "
        f"{stored_rejected}; by status now {processed}",
    ))  # fmt: skip
    return checks


def report(rec: Recorder, checks, args, meta: dict) -> bool:
    by_kind = defaultdict(list)
    for row in rec.rows:
        by_kind[row[0]].append(row)
    print(
        f"\nMixed load: {args.clients} clients, {args.duration} s, think {args.think} s; gunicorn {args.workers} sync "
        f"workers + 1 db_worker, production settings; {meta['db']}; {meta['cache']}; {os.cpu_count()} CPU cores shared "
        f"by server, worker and clients; load average at the end {meta['load']}"
    )
    header = f"{'kind':<24} {'requests':>8} {'req/s':>7} {'errors':>6} {'429':>5} {'other':>5} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}"
    print(header)
    print("-" * len(header))
    total = defaultdict(int)
    for kind in sorted(by_kind):
        events = by_kind[kind]
        errors = sum(1 for r in events if r[1] == 0 or r[1] >= 500)
        limited = sum(1 for r in events if r[1] == 429)
        other = sum(1 for r in events if r[3] and r[1] not in (0, 429) and r[1] < 500)
        times = [r[2] for r in events if r[1] != 0] or [0.0]
        total["requests"] += len(events)
        total["errors"] += errors
        total["429"] += limited
        total["other"] += other
        print(
            f"{kind:<24} {len(events):>8} {len(events) / args.duration:>7.2f} {errors:>6} {limited:>5} {other:>5} "
            f"{percentile(times, 0.5):>8.0f} {percentile(times, 0.99):>8.0f} {max(times):>8.0f}"
        )
    print(
        f"{'all':<24} {total['requests']:>8} {total['requests'] / args.duration:>7.2f} {total['errors']:>6} "
        f"{total['429']:>5} {total['other']:>5}"
    )
    details = defaultdict(int)
    for row in rec.rows:
        if row[3]:
            details[f"{row[0]}: {row[3]}"] += 1
    for note in rec.notes:
        details[note] += 1
    if details:
        print("\nNot as expected (count, what):")
        for what, n in sorted(details.items(), key=lambda x: -x[1])[:25]:
            print(f"  {n:>5}  {what}")
    print("\nReconciliation:")
    ok = True
    for label, passed, detail in checks:
        ok &= passed
        print(f"  [{'ok' if passed else 'FAIL'}] {label}: {detail}")
    ok &= total["errors"] == 0 and total["429"] == 0 and total["other"] == 0
    print(
        f"\n{'PASS' if ok else 'FAIL'}: {total['errors']} errors, {total['429']} rate-limited, {total['other']} other unexpected answers"
    )
    return ok


def log_problems(path: Path, limit: int = 3) -> None:
    if not path.exists():
        return
    text = path.read_text(errors="replace")
    blocks = [b for b in re.split(r"\n(?=\S)", text) if "Traceback" in b or "Error" in b or "CRITICAL" in b]
    if blocks:
        print(f"\n{path.name}: {len(blocks)} error entries; the first {min(limit, len(blocks))}:")
        for block in blocks[:limit]:
            print("  " + block[-3000:].replace("\n", "\n  "))


# --------------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--clients", "-c", type=int, default=50)
    parser.add_argument("--duration", "-d", type=int, default=600, help="seconds of load (default 600)")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY") or 2))
    parser.add_argument("--think", type=float, default=1.0, help="mean think time between actions, s")
    parser.add_argument("--drain", type=float, default=60, help="seconds the worker gets after the load")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database afterwards")
    args = parser.parse_args()
    import requests  # noqa: F401

    stamp = time.strftime("%Y%m%d-%H%M%S")
    run_dir = ROOT / "var" / "load_mixed" / f"{args.db}-{stamp}"
    run_dir.mkdir(parents=True)
    if args.db == "sqlite":
        url = f"sqlite:///{run_dir / 'load.sqlite3'}"
    else:
        url = (
            os.environ.get("DATABASE_URL", "")
            if os.environ.get("DATABASE_URL", "").startswith("postgres")
            else DEFAULT_PG
        )
    secret = f"load:{secrets.token_urlsafe(18)}"
    args.auth = "Basic " + base64.b64encode(secret.encode()).decode()
    args.demo_password = os.environ.get("DEMO_PASSWORD") or f"Load-{secrets.token_urlsafe(12)}!"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(run_dir / "media"),
        "PRIVATE_MEDIA_ROOT": str(run_dir / "private"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(run_dir / "mail"),
        "DEMO_PASSWORD": args.demo_password,
        "PRIVACY_ERASURE_LOG": str(run_dir / "erasure-log.jsonl"),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    print(f"==> run folder {run_dir.relative_to(ROOT)}; database {url}", file=sys.stderr)
    gunicorn = worker = None
    gunicorn_log = worker_log = None
    try:
        fresh_database(url)
        started = time.monotonic()
        subprocess.run(
            [sys.executable, str(BENCH / "pages.py"), "--setup-only"], cwd=ROOT, env=env, check=True
        )
        lines = subprocess.run(
            [sys.executable, str(BENCH / "pages.py"), "--print-urls"], cwd=ROOT, env=env, check=True,
            capture_output=True, text=True,
        ).stdout.splitlines()  # fmt: skip
        found = dict(line.split("\t", 1) for line in lines if "\t" in line)
        urls = {
            "home": found["home"],
            "guidance": found["guidance"],
            "case studies": found["case study index, filtered"],
            "news": found["news index"],
            "search": "/search/?q=HCPC",
        }
        prod = {
            **env,
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "LOG_LEVEL": "WARNING",
            "TRUSTED_PROXY_COUNT": "1",
            "ANYMAIL_ESP": "postmark",
            "ANYMAIL_WEBHOOK_SECRET": secret,
        }
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=prod, check=True
        )
        print(f"==> set-up took {time.monotonic() - started:.0f} s", file=sys.stderr)

        os.environ.update(prod)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from pathways.models import PathwayFinderPage

        finder = PathwayFinderPage.objects.live().public().first()
        if finder is None:
            raise SystemExit("no live PathwayFinderPage: did seed_demo run?")
        urls["finder"] = finder.url
        from django.db import connections

        connections.close_all()

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        gunicorn_log = open(run_dir / "gunicorn.log", "w")  # noqa: SIM115
        worker_log = open(run_dir / "worker.log", "w")  # noqa: SIM115
        gunicorn = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "portal.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", str(args.workers), "--timeout", "60", "--log-level", "warning",
             "--access-logfile", str(run_dir / "access.log")],
            cwd=ROOT, env=prod, stdout=gunicorn_log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker"],
            cwd=ROOT, env=prod, stdout=worker_log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        import requests

        limit = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{base}/health/", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if gunicorn.poll() is not None or time.monotonic() > limit:
                raise SystemExit("gunicorn did not start; see gunicorn.log")
            time.sleep(0.3)
        for name, path in urls.items():
            status = requests.get(base + path, timeout=30).status_code
            if status != 200:
                raise SystemExit(f"{name} ({path}) answered {status}, not 200")
        print(f"==> {args.clients} clients for {args.duration} s against {base}", file=sys.stderr)

        rec = Recorder()
        run_id = secrets.token_hex(3)
        deadline = time.monotonic() + args.duration
        clients = [Client(i, base, args, run_id, urls, rec, deadline) for i in range(args.clients)]
        threads = [threading.Thread(target=c.run, daemon=True) for c in clients]
        for thread in threads:
            thread.start()
        while any(t.is_alive() for t in threads) and time.monotonic() < deadline + 120:
            time.sleep(1)
            if gunicorn.poll() is not None or worker.poll() is not None:
                print("gunicorn or the worker exited during the run", file=sys.stderr)
        stuck = sum(t.is_alive() for t in threads)
        if stuck:
            rec.add("client error", 0, 0, f"{stuck} clients still busy 120 s after the end")
        print("==> load over; draining the task queue and reconciling", file=sys.stderr)
        checks = reconcile(rec, args.drain)
        if worker.poll() is not None:
            checks.append(("db_worker still running", False, f"exited with {worker.returncode}"))
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        cache = "Redis cache" if os.environ.get("REDIS_URL") else "local-memory cache (per process)"
        db = (
            f"SQLite ({run_dir.name}/load.sqlite3)"
            if args.db == "sqlite"
            else f"PostgreSQL ({url.rsplit('/', 1)[-1]})"
        )
        ok = report(rec, checks, args, {"db": db, "cache": cache, "load": load})
        log_problems(run_dir / "gunicorn.log")
        log_problems(run_dir / "worker.log")
        (run_dir / "results.json").write_text(
            json.dumps(
                {
                    "args": {k: v for k, v in vars(args).items() if k not in ("auth", "demo_password")},
                    "db": db, "cache": cache, "load": load,
                    "rows": rec.rows, "checks": checks,
                    "accepted_submissions": rec.accepted_submissions,
                    "accepted_replies": rec.accepted_replies,
                    "accepted_webhooks": rec.accepted_webhooks,
                },
                indent=1,
            )
        )  # fmt: skip
        print(f"\nresults and logs in {run_dir.relative_to(ROOT)}/", file=sys.stderr)
        if not ok:
            sys.exit(1)
    finally:
        stop(worker, "db_worker")
        stop(gunicorn, "gunicorn")
        for handle in (gunicorn_log, worker_log):
            if handle:
                handle.close()
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        for sub in ("media", "private"):  # demo images and raw emails: large, and rebuilt every run
            shutil.rmtree(run_dir / sub, ignore_errors=True)
        if args.db == "postgres" and not args.keep:
            try:
                drop_database(url)
            except Exception as exc:  # noqa: BLE001
                print(f"could not drop the database: {exc}", file=sys.stderr)


if __name__ == "__main__":
    main()
