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
import datetime
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from common import admin_connection, percentile  # noqa: E402

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/portal_load"
FILL_WAIT = 3.5
SUBMISSIONS_PER_HOUR = 9
DEMO_ENQUIRERS = ["returnee@demo.sor.example", "recruit@demo.sor.example"]
REPLY_CLIENTS = 4
WEBHOOK_URL = "/anymail/postmark/inbound/"

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN_RE = re.compile(r'name="form_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="form_token"')
TOPIC_RE = re.compile(r'<option value="([a-z0-9-]+)"')  # the topic select's options (slugs)
ERROR_RE = re.compile(r"<li>(?:<a [^>]*>)?([^<]+)")  # the error summary's items
REF_RE = re.compile(r'href="/my-enquiries/(SOR-[0-9A-Z]{4}-[0-9A-Z]{4})/"')


# --------------------------------------------------------------------------------------------------
# Set-up and processes
# --------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fresh_database(url: str) -> None:
    if url.startswith("sqlite"):
        path = Path(url.split("sqlite:///", 1)[1])
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    from psycopg import sql

    name, conn = admin_connection(url)
    with conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(url: str) -> None:
    if url.startswith("sqlite"):
        return
    from psycopg import sql

    name, conn = admin_connection(url)
    with conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def stop(process: subprocess.Popen | None, name: str) -> None:
    """SIGTERM to the process group, SIGKILL after 20 s."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass
    print(f"stopped {name}", file=sys.stderr)


# --------------------------------------------------------------------------------------------------
# The simulated people
# --------------------------------------------------------------------------------------------------


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.rows: list[tuple[str, int, float, str]] = []  # kind, status (0 = no answer), ms, detail
        self.accepted_submissions: list[str] = []
        self.accepted_replies: list[str] = []
        self.accepted_webhooks: dict[str, int] = defaultdict(int)  # Message-ID -> 2xx answers
        self.rejected_webhooks: list[str] = []
        self.notes: list[str] = []  # what a request's status alone does not say

    def note(self, detail):
        with self.lock:
            self.notes.append(detail)

    def add(self, kind, status, ms, detail=""):
        with self.lock:
            self.rows.append((kind, status, ms, detail))


class Client:
    def __init__(self, number: int, base: str, args, run_id: str, urls: dict, rec: Recorder, deadline: float):
        import requests

        self.n = number
        self.base = base
        self.args = args
        self.run_id = run_id
        self.urls = urls
        self.rec = rec
        self.deadline = deadline
        self.rng = random.Random(number)
        self.session = requests.Session()
        self.session.headers["X-Forwarded-For"] = f"10.{number // 250}.{number % 250}.{7 + number % 200}"
        self.session.headers["User-Agent"] = "load_mixed"
        self.submissions: list[float] = []
        self.counter = 0
        self.signed_in = False
        self.open_refs: list[str] = []
        self.sent_webhooks: list[dict] = []

    # One request, recorded ---------------------------------------------------------------------------
    def request(self, kind, method, path, expect=(200,), **kw):
        import requests

        kw.setdefault("timeout", 60)
        kw.setdefault("allow_redirects", False)
        started = time.perf_counter()
        try:
            response = self.session.request(method, self.base + path, **kw)
        except requests.RequestException as exc:
            self.rec.add(
                kind, 0, (time.perf_counter() - started) * 1000, f"{method} {path}: {type(exc).__name__}"
            )
            return None
        ms = (time.perf_counter() - started) * 1000
        # Production sets Secure cookies and this is plain HTTP on loopback: send them back anyway
        # (a cookie policy on the session would not do, as requests copies the jar for each request).
        for cookie in self.session.cookies:
            cookie.secure = False
        detail = "" if response.status_code in expect else f"{method} {path} -> {response.status_code}"
        self.rec.add(kind, response.status_code, ms, detail)
        return response

    def token(self) -> str:
        self.counter += 1
        return f"LT{self.run_id}c{self.n}n{self.counter}"

    # Actions -----------------------------------------------------------------------------------------
    def pages(self):
        name, path = self.rng.choice(list(self.urls.items()))
        self.request(f"page {name}", "GET", path)

    def finder(self):
        start = self.urls["finder"]
        self.request("finder GET", "GET", start)
        answers = [
            ("nation", {"nation": self.rng.choice(["england", "scotland", "wales", "northern-ireland"])}),
            ("qualification", {"qualified_in": "uk"}),
            ("registration", {"ever_registered": "yes", "last_practised_day": "28", "last_practised_month": "2",
                              "last_practised_year": str(self.rng.choice([2015, 2019, 2022]))}),
            ("profession", {"profession": self.rng.choice(["diagnostic", "therapeutic"])}),
            ("practice-abroad", {"practised_abroad": "no"}),
            ("job-offer", {"job_offer": self.rng.choice(["yes", "no"])}),
        ]  # fmt: skip
        for slug, data in answers:
            path = f"{start}questions/{slug}/"
            page = self.request("finder GET", "GET", path)
            if page is None or page.status_code != 200:
                return
            csrf = CSRF_RE.search(page.text)
            data = {**data, "csrfmiddlewaretoken": csrf.group(1) if csrf else ""}
            answer = self.request("finder POST", "POST", path, expect=(302,), data=data)
            if answer is None or answer.status_code != 302:
                return
        page = self.request("finder GET", "GET", f"{start}check-your-answers/")
        if page is None or page.status_code != 200:
            return
        csrf = CSRF_RE.search(page.text)
        answer = self.request(
            "finder POST", "POST", f"{start}check-your-answers/", expect=(302,),
            data={"csrfmiddlewaretoken": csrf.group(1) if csrf else ""},
        )  # fmt: skip
        if answer is not None and answer.status_code == 302:
            self.request("finder GET", "GET", f"{start}plan/")

    def get_help(self):
        if self.signed_in:
            # Signed in, the form takes only the account's verified addresses, and the per-address
            # limit (5/h) would then be hit: the anonymous clients submit, the enquirers reply.
            return self.pages()
        now = time.monotonic()
        self.submissions = [t for t in self.submissions if now - t < 3600]
        if len(self.submissions) >= SUBMISSIONS_PER_HOUR:
            return self.pages()
        form = self.request("get-help GET", "GET", "/get-help/")
        if form is None or form.status_code != 200:
            return
        token = TOKEN_RE.search(form.text)
        csrf = CSRF_RE.search(form.text)
        if not token or not csrf:
            self.rec.note("no form_token or CSRF token in /get-help/")
            return
        time.sleep(FILL_WAIT + self.rng.random())
        mark = self.token()
        who, nation = self.rng.choice(
            [("returning", "england"), ("returning", "scotland"), ("overseas", "wales"), ("other", "england")]
        )
        data = {
            "csrfmiddlewaretoken": csrf.group(1),
            "form_token": token.group(1) or token.group(2),
            "who": who,
            "nation": nation,
            "profession": "diagnostic",
            "topic": self.rng.choice(TOPIC_RE.findall(form.text) or ["funding"]),
            "hcpc_number": "",
            "subject": f"Load check question {mark}",
            "question": f"I left the register in 2019 and want to come back. What do I need to do? [{mark}]",
            "name": f"Load Person {self.n}",
            "email": f"load-{mark.lower()}@example.org",
            "consent": "on",
            "website": "",
        }
        self.submissions.append(time.monotonic())
        answer = self.request("get-help POST", "POST", "/get-help/", expect=(302,), data=data)
        if answer is None:
            return
        if answer.status_code == 302:
            if answer.headers.get("Location", "").rstrip("/").endswith("/get-help/sent"):
                with self.rec.lock:
                    self.rec.accepted_submissions.append(mark)
                self.request("get-help sent", "GET", "/get-help/sent/")
            else:
                self.rec.note(f"get-help POST redirected to {answer.headers.get('Location')}")
        elif answer.status_code == 200:
            summary = answer.text.partition("nhsuk-error-summary__list")[2].partition("</ul>")[0]
            errors = ERROR_RE.findall(summary)
            self.rec.note("get-help form shown again: " + "; ".join(e.strip() for e in errors)[:200])

    def webhook(self):
        if self.sent_webhooks and self.rng.random() < 0.1:
            payload = self.rng.choice(self.sent_webhooks)  # the provider retrying the same event
            kind = "webhook replay"
        else:
            mark = self.token()
            message_id = f"<{mark.lower()}@mail.example.net>"
            sender = f"load-{mark.lower()}@example.net"
            text = f"Thank you, that answers my question. [{mark}]"
            payload = {
                "FromName": "Load Sender", "MessageStream": "inbound", "From": sender,
                "FromFull": {"Email": sender, "Name": "Load Sender", "MailboxHash": ""},
                "To": "reply@reply.portal.sor.example",
                "ToFull": [{"Email": "reply@reply.portal.sor.example", "Name": "", "MailboxHash": ""}],
                "Cc": "", "CcFull": [], "Bcc": "", "BccFull": [],
                "OriginalRecipient": "reply@reply.portal.sor.example",
                "Subject": f"Re: Your request for help {mark}", "MessageID": str(uuid.uuid4()),
                "ReplyTo": "", "MailboxHash": "", "Date": format_datetime(datetime.datetime.now(datetime.UTC)),
                "TextBody": text, "HtmlBody": "", "StrippedTextReply": "", "Tag": "",
                "Headers": [{"Name": "Return-Path", "Value": f"<{sender}>"}, {"Name": "Message-ID", "Value": message_id}],
                "Attachments": [],
            }  # fmt: skip
            kind = "webhook"
        message_id = next(h["Value"] for h in payload["Headers"] if h["Name"] == "Message-ID")
        response = self.request(
            kind, "POST", WEBHOOK_URL, expect=(200, 201, 202, 204),
            data=json.dumps(payload), headers={"Content-Type": "application/json", "Authorization": self.args.auth},
        )  # fmt: skip
        if response is not None and 200 <= response.status_code < 300:
            with self.rec.lock:
                self.rec.accepted_webhooks[message_id] += 1
            if kind == "webhook":
                self.sent_webhooks.append(payload)
        elif response is not None and kind == "webhook":
            with self.rec.lock:
                self.rec.rejected_webhooks.append(message_id)

    def sign_in(self) -> bool:
        email = DEMO_ENQUIRERS[self.n % len(DEMO_ENQUIRERS)]
        page = self.request("sign-in", "GET", "/accounts/login/")
        if page is None or page.status_code != 200:
            return False
        csrf = CSRF_RE.search(page.text)
        answer = self.request(
            "sign-in", "POST", "/accounts/login/", expect=(302,),
            data={"csrfmiddlewaretoken": csrf.group(1) if csrf else "", "login": email, "password": self.args.demo_password},
        )  # fmt: skip
        if answer is None or answer.status_code != 302:
            return False
        listing = self.request("my-enquiries GET", "GET", "/my-enquiries/")
        if listing is None or listing.status_code != 200:
            return False
        self.open_refs = sorted(set(REF_RE.findall(listing.text)))
        self.signed_in = True
        return True

    def reply(self):
        if not self.signed_in and not self.sign_in():
            return self.pages()
        if not self.open_refs:
            return self.pages()
        ref = self.rng.choice(self.open_refs)
        page = self.request("my-enquiry GET", "GET", f"/my-enquiries/{ref}/")
        if page is None or page.status_code != 200:
            return
        csrf = CSRF_RE.search(page.text)
        if 'name="body"' not in page.text or not csrf:
            self.open_refs.remove(ref)  # closed, withdrawn, ...: no reply form
            return
        mark = self.token()
        answer = self.request(
            "reply POST", "POST", f"/my-enquiries/{ref}/", expect=(302,),
            data={"csrfmiddlewaretoken": csrf.group(1), "body": f"Thanks, one more question about this. [{mark}]"},
        )  # fmt: skip
        if answer is not None and answer.status_code == 302:
            with self.rec.lock:
                self.rec.accepted_replies.append(mark)

    def run(self):
        actions = [(self.pages, 40), (self.finder, 12), (self.get_help, 18), (self.webhook, 20)]
        if self.n < REPLY_CLIENTS:
            actions.append((self.reply, 30))
        funcs, weights = zip(*actions, strict=True)
        time.sleep(self.rng.random() * 2)  # do not all start in the same instant
        while time.monotonic() < self.deadline:
            try:
                self.rng.choices(funcs, weights)[0]()
            except Exception as exc:  # a bug here must not stop the run silently
                self.rec.add("client error", 0, 0, f"{type(exc).__name__}: {exc}")
            time.sleep(
                min(max(0.0, self.deadline - time.monotonic()), self.rng.expovariate(1 / self.args.think))
            )


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
