"""The simulated people of benchmarks/load_mixed.py: one Client thread per person (pages, the pathway
finder, get-help, inbound webhooks, replies) and the Recorder that collects every answer they get."""

from __future__ import annotations

import datetime
import json
import random
import re
import threading
import time
import uuid
from collections import defaultdict
from email.utils import format_datetime

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
