"""The journey scripts/cluster.sh runs across the two web nodes, each step on the node that matters.

    .venv/bin/python scripts/cluster_journey.py --balancer URL --node-a URL --node-b URL

1. /health/ is green on both nodes, and /health/all/ too once the clock has ticked and the worker has
   drained the queue; every page the load test will request answers 200 on both.
2. Someone asks for help on node A with a PDF attached; the confirmation (read from the session, kept
   in Redis) is shown by node B.
3. The adviser signs in on node B through allauth with password and authenticator code (staff need the
   second factor), finds the enquiry, downloads the attachment through node B and through node A (the
   file was stored by node A: S3, or a shared folder), and replies on node B; node A shows the reply and
   the task worker sends it (the file email backend writes it to EMAIL_FILE_PATH).
4. A news item is served (and may be cached) by each node and nginx; an editor's draft with a new title
   is saved (a revision, by a command) and shown nowhere; the superuser publishes it with Wagtail's
   bulk "Publish" action in the admin on node A; both nodes and nginx then show the new title.
5. /health/all/ is green on both nodes at the end.

Exits 1 at the first failure, naming it. Only the standard library and requests; CSRF tokens are read
from each form; production's Secure cookies are sent back over loopback's plain HTTP on purpose.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import os
import re
import struct
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = re.compile(r"SOR-[0-9A-Z]{4}-[0-9A-Z]{4}")
NEWS_SLUG = "hcpc-fees-what-you-pay-now"
# A minimal, well-formed PDF: the attachment checks sniff the content, not the name.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class JourneyFailed(Exception):
    pass


def check(condition, message: str) -> None:
    if not condition:
        raise JourneyFailed(message)


def say(message: str) -> None:
    print(f"  - {message}", flush=True)


def totp(secret_b32: str, at: float | None = None) -> str:
    """RFC 6238's code (SHA-1, 30 s, 6 digits), what the authenticator app would show."""
    counter = int((at or time.time()) // 30)
    digest = hmac.new(base64.b32decode(secret_b32), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


class Forms(HTMLParser):
    """Every <form> of a page with its fields as the browser would send them (submit buttons apart)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._textarea = None
        self._select = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action", ""), "id": a.get("id", ""), "fields": [], "buttons": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "image"):
                self._form["buttons"].append((name, a.get("value", "")))
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form["fields"].append((name, a.get("value", "on")))
            elif kind != "file":
                self._form["fields"].append((name, a.get("value", "")))
        elif tag == "button" and name:
            self._form["buttons"].append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = {"name": name, "chosen": [], "first": None}
        elif tag == "option" and self._select is not None:
            if self._select["first"] is None:
                self._select["first"] = a.get("value", "")
            if "selected" in a:
                self._select["chosen"].append(a.get("value", ""))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form["fields"].append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select is not None and self._form is not None:
            for value in self._select["chosen"]:
                self._form["fields"].append((self._select["name"], value))
            self._select = None
        elif tag == "form":
            self._form = None

    def find(self, predicate) -> dict:
        for form in self.forms:
            if predicate(form):
                return form
        raise JourneyFailed("no such form on the page")


def with_values(fields: list[tuple[str, str]], **values) -> list[tuple[str, str]]:
    """The form's fields with some replaced (or added)."""
    kept = [(name, value) for name, value in fields if name not in values]
    return kept + list(values.items())


class Browser:
    """One person's cookies, used against either node (the session is in Redis, shared by both)."""

    def __init__(self, name: str):
        self.name = name
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "cluster-journey"

    def request(self, method: str, url: str, *, expect=(200,), **kwargs) -> requests.Response:
        kwargs.setdefault("allow_redirects", False)
        kwargs.setdefault("timeout", 30)
        response = self.session.request(method, url, **kwargs)
        for cookie in self.session.cookies:
            cookie.secure = False  # production's cookies are Secure; this is plain HTTP on loopback
        check(
            response.status_code in expect,
            f"{self.name}: {method} {url} answered {response.status_code}, expected {expect}: {response.text[:300]}",
        )
        return response

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url, **kwargs):
        return self.request("POST", url, **kwargs)


def wait_for(what: str, probe, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not probe():
        check(time.monotonic() < deadline, f"{what}: not within {seconds} s")
        time.sleep(1)


def health(nodes: dict[str, str]) -> None:
    for name, base in nodes.items():
        response = requests.get(f"{base}/health/", timeout=30)
        check(
            response.status_code == 200 and response.json()["status"] == "ok",
            f"/health/ on {name}: {response.text}",
        )

    def all_green():
        answers = [requests.get(f"{base}/health/all/", timeout=30) for base in nodes.values()]
        return all(a.status_code == 200 for a in answers)

    wait_for("/health/all/ green on both nodes (clock ticked, queue drained)", all_green, 90)
    say(f"/health/ and /health/all/ green on {', '.join(nodes)}")


def pages_answer(nodes: dict[str, str]) -> None:
    paths = re.findall(r'^\s*"(/[^"]*)",?$', (ROOT / "scripts" / "cluster_wrk.lua").read_text(), re.M)
    check(paths, "no paths in scripts/cluster_wrk.lua")
    for base in nodes.values():
        for path in paths:
            response = requests.get(base + path, timeout=30)
            check(response.status_code == 200, f"{base}{path} answered {response.status_code}")
    say(f"the {len(paths)} pages of the load test answer 200 on both nodes")


def ask_for_help(a: str, b: str, marker: str) -> str:
    person = Browser("enquirer")
    page = person.get(f"{a}/get-help/")
    form = Forms(page.text).find(lambda f: any(name == "form_token" for name, _ in f["fields"]))
    topics = re.findall(
        r'<option value="([a-z0-9-]+)"', page.text.partition('name="topic"')[2].partition("</select>")[0]
    )
    check(topics, "no topics in the get-help form")
    time.sleep(3.5)  # the form refuses anything sent within 3 seconds of being shown
    data = with_values(
        form["fields"],
        who="returning",
        nation="england",
        profession="diagnostic",
        topic=topics[0],
        hcpc_number="",
        subject=f"Cluster check {marker}",
        question=f"I left the register in 2019. What do I need to do to come back? [{marker}]",
        name="Cluster Person",
        email=f"cluster-{marker.lower()}@example.org",
        consent="on",
        website="",
    )
    answer = person.post(
        f"{a}/get-help/",
        data=data,
        files=[("attachments", ("certificate.pdf", PDF, "application/pdf"))],
        headers={"Referer": f"{a}/get-help/"},
        expect=(302, 200),
    )
    if answer.status_code == 200:
        errors = re.findall(
            r"<li>(?:<a [^>]*>)?([^<]+)", answer.text.partition("nhsuk-error-summary__list")[2]
        )
        raise JourneyFailed(f"the get-help form was shown again: {errors[:5]}")
    check(
        answer.headers["Location"].rstrip("/").endswith("/get-help/sent"),
        f"sent to {answer.headers['Location']}",
    )
    confirmation = person.get(f"{b}/get-help/sent/")  # the other node, the same session (Redis)
    reference = REFERENCE.search(confirmation.text)
    check(reference, "no reference on the confirmation page served by node B")
    say(f"help asked on node A with a PDF; node B confirmed {reference.group(0)} from the shared session")
    return reference.group(0)


def staff_sign_in(base: str, email: str, password: str, secret: str) -> Browser:
    staff = Browser(email)
    page = staff.get(f"{base}/accounts/login/")
    form = Forms(page.text).find(lambda f: any(name == "login" for name, _ in f["fields"]))
    step = staff.post(
        f"{base}/accounts/login/",
        data=with_values(form["fields"], login=email, password=password),
        headers={"Referer": f"{base}/accounts/login/"},
        expect=(302,),
    )
    code_page_url = urljoin(f"{base}/", step.headers["Location"])
    check("/2fa/" in code_page_url, f"no authenticator step after the password: {code_page_url}")
    code_page = staff.get(code_page_url)
    form = Forms(code_page.text).find(lambda f: any(name == "code" for name, _ in f["fields"]))
    for attempt in range(2):
        if time.time() % 30 > 27:
            time.sleep(4)  # not at the very end of a code's 30 seconds
        answer = staff.post(
            code_page_url,
            data=with_values(form["fields"], code=totp(secret)),
            headers={"Referer": code_page_url},
            expect=(302, 200),
        )
        if answer.status_code == 302:
            break
        # A code is accepted once: this one was used moments ago (a second sign-in in the same 30 s).
        check(attempt == 0, f"{email}: the authenticator code was refused twice")
        form = Forms(answer.text).find(lambda f: any(name == "code" for name, _ in f["fields"]))
        time.sleep(30 - time.time() % 30 + 1)
    staff.get(f"{base}/admin/")
    return staff


def adviser_replies(a: str, b: str, reference: str, marker: str, secret: str, password: str) -> None:
    adviser = staff_sign_in(b, "adviser@demo.sor.example", password, secret)
    say("the adviser signed in on node B with password and authenticator code")
    inbox_url = f"{b}/admin/enquiries/all/"
    search = Forms(adviser.get(inbox_url).text).find(lambda f: any(name == "q" for name, _ in f["fields"]))
    searched = adviser.post(
        inbox_url,
        data=with_values(search["fields"], q=reference),
        headers={"Referer": inbox_url},
        expect=(302,),
    )  # the search is posted and kept in the session, not in the address
    inbox = adviser.get(urljoin(inbox_url, searched.headers["Location"]))
    links = set(re.findall(r'href="/admin/enquiries/(\d+)/"', inbox.text))
    check(
        len(links) == 1 and inbox.text.count(reference) >= 2,
        f"{reference} is not alone in the adviser's search",
    )
    workspace = f"/admin/enquiries/{links.pop()}/"
    page = adviser.get(b + workspace)
    attachment = re.search(r'href="(/attachments/\d+/)"', page.text)
    check(attachment, "no attachment link in the workspace")
    for node_name, base in (("B", b), ("A", a)):
        download = adviser.get(base + attachment.group(1), allow_redirects=True)
        check(
            download.content == PDF,
            f"the attachment downloaded through node {node_name} is not the file uploaded",
        )
    say("the attachment uploaded on node A downloads, byte for byte, through node B and node A")

    form = Forms(page.text).find(
        lambda f: ("action", "reply") in f["buttons"] or ("action", "reply") in f["fields"]
    )
    reply_text = f"Thank you for asking. Here is what to do next. [{marker}]"
    data = with_values(form["fields"], **{"reply-body": reply_text, "action": "reply"})
    if not any(name == "reply-then" for name, _ in data):
        data.append(("reply-then", "awaiting_enquirer"))
    answer = adviser.post(b + workspace, data=data, headers={"Referer": b + workspace}, expect=(302, 200))
    check(answer.status_code == 302, f"the reply was not accepted: {answer.text[:500]}")
    check(reply_text in adviser.get(a + workspace).text, "node A does not show the reply made on node B")
    say("the adviser replied on node B; node A shows the reply")

    mail_dir = Path(os.environ["EMAIL_FILE_PATH"])

    def reply_sent():
        return any(marker in path.read_text(errors="replace") for path in mail_dir.glob("*.log"))

    wait_for("the worker sending the reply email", reply_sent, 60)
    say("the task worker sent the reply by email")


DRAFT = """
import os
from wagtail.models import Page
page = Page.objects.get(pk=int(os.environ["CLUSTER_PAGE_ID"])).specific
page.title = os.environ["CLUSTER_NEW_TITLE"]
page.save_revision()
"""


def publish_on_a(a: str, b: str, balancer: str, marker: str, secret: str, password: str) -> None:
    listing = requests.get(f"{a}/api/v2/pages/", params={"slug": NEWS_SLUG}, timeout=30)
    items = listing.json().get("items", [])
    check(items, f"no news page {NEWS_SLUG} in the API")
    page_id, title = items[0]["id"], items[0]["title"]
    path = urlsplit(items[0]["meta"]["html_url"]).path
    for base in (a, b, balancer):  # each serves (and may cache) the live version first
        check(title in requests.get(base + path, timeout=30).text, f"{base}{path} does not show its title")

    # An editor's draft with a new title (saved as Wagtail's editor saves one: a revision, not live).
    new_title = f"{title} [{marker}]"
    env = {**os.environ, "CLUSTER_PAGE_ID": str(page_id), "CLUSTER_NEW_TITLE": new_title}
    subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "manage.py", "shell", "-c", DRAFT],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    for base in (a, b, balancer):
        check(
            marker not in requests.get(base + path, timeout=30).text,
            "a draft is shown before it is published",
        )

    # Published in Wagtail's admin on node A (its bulk "Publish" action: a plain form, no JavaScript).
    admin = staff_sign_in(a, "admin@demo.sor.example", password, secret)
    publish_url = f"{a}/admin/bulk/wagtailcore/page/publish/?id={page_id}"
    form = Forms(admin.get(publish_url).text).find(
        lambda f: any(n == "csrfmiddlewaretoken" for n, _ in f["fields"]) and "publish" in f["action"]
    )
    admin.post(
        urljoin(publish_url, form["action"]),
        data=form["fields"],
        headers={"Referer": publish_url},
        expect=(302,),
    )
    say(f"a draft of {path} was published in Wagtail's admin on node A")

    for name, base in (("node A", a), ("node B", b), ("nginx", balancer)):
        wait_for(
            f"the new title through {name}",
            lambda base=base: marker in requests.get(base + path, timeout=30).text,
            10,
        )
    say("node A, node B and nginx all show the new title")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--balancer", required=True)
    parser.add_argument("--node-a", required=True)
    parser.add_argument("--node-b", required=True)
    args = parser.parse_args()
    nodes = {"node A": args.node_a, "node B": args.node_b}
    secret = os.environ["CLUSTER_TOTP_SECRET"]
    password = os.environ.get("DEMO_PASSWORD", "sor-demo-2026!")
    marker = f"C{int(time.time())}"
    try:
        health(nodes)
        pages_answer(nodes)
        reference = ask_for_help(args.node_a, args.node_b, marker)
        adviser_replies(args.node_a, args.node_b, reference, marker, secret, password)
        publish_on_a(args.node_a, args.node_b, args.balancer, marker, secret, password)
        health(nodes)
    except (JourneyFailed, requests.RequestException, KeyError, json.JSONDecodeError) as exc:
        print(f"JOURNEY FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print("journey passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
