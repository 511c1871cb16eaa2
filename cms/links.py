"""The daily broken-link check: every external address in published content, checked politely.

What is checked (collect_links; nothing is fetched while finding them): the external links of live
pages, every URL and embed in their StreamFields (nested struct, list and stream blocks included: rich
text, callouts, steps, accordions, Sources lists, video embeds) and every `<a href>` of their rich text;
and the live objects of CONTENT_APPS' other models, their rich text and URL fields: the managers'
resources and the pathways' reference snippets (nation support, steps, countries), whose words and
sources are published on the live pathway finder and in people's plans. The page table holds each
page's live version, so drafts and old revisions are never read; unpublished pages are skipped.

How (check_urls): a thread pool of LINK_CHECK_WORKERS hosts at once; per host one request at a time
and each at least LINK_CHECK_HOST_INTERVAL seconds after the last (HostGate, shared by all workers, so
redirects into a host wait too); each request ends within LINK_CHECK_TIMEOUT seconds from connecting
to its last header (_Deadline shuts a trickling server's socket). HEAD first, GET when HEAD gets an
error. Redirects are followed here, at most MAX_REDIRECTS, and stored: the first redirect's status
(301/308: moved for good) and where they ended.

Never a private address: a host is resolved once and refused unless every address it resolves to is
public (no private networks, link-local/cloud metadata, shared, reserved or multicast addresses, in
any spelling: 127.1, 2130706433, ::ffff:127.0.0.1), and the connection goes to the address vetted; no
proxy; the same for every redirect. Loopback is allowed only with LINK_CHECK_ALLOW_LOOPBACK (the tests'
servers; no environment variable sets it and production.py pins it off).

The result of each address is stored in cms.models.ExternalLink; the "Broken links" report
(cms/reports.py) lists those failing, or moved. The task is enqueued daily by `manage.py run_scheduler`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import http.client
import ipaddress
import logging
import socket
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import DraftStateMixin, Page

from django_tasks import task

from .models import ExternalLink

logger = logging.getLogger(__name__)

USER_AGENT = "SoR-portal-link-checker/1.0"
#: The apps whose models (besides pages) hold published content: the managers' resources and the
#: pathways' reference snippets (nation support, steps, countries), shown on live pages and in plans.
CONTENT_APPS = ("cms", "pathways", "casestudies")


# --- Finding the links -----------------------------------------------------------------------------


class _HrefParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def hrefs_in_html(html: str) -> list[str]:
    """The raw `<a href>` values in rich text (Wagtail stores internal links as `linktype` tags, so
    what has an href is external)."""
    parser = _HrefParser()
    parser.feed(html or "")
    return parser.hrefs


def _urls_in_block(block, value):
    if value is None:
        return
    if isinstance(block, EmbedBlock):
        # Its value renders as the provider's embed HTML (a request to the provider): take the address.
        yield getattr(value, "url", "") or ""
    elif isinstance(block, blocks.URLBlock):
        yield str(value)
    elif isinstance(block, blocks.RichTextBlock):
        yield from hrefs_in_html(getattr(value, "source", str(value)))
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            yield from _urls_in_block(child, value.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from _urls_in_block(block.child_block, item)
    elif isinstance(block, blocks.StreamBlock):
        for child in value:
            yield from _urls_in_block(child.block, child.value)


def _link_fields(model) -> list:
    return [
        field
        for field in model._meta.get_fields()
        if isinstance(field, StreamField | RichTextField | models.URLField)
    ]


def urls_in_object(obj, fields=None) -> list[str]:
    """Every address in an object's StreamFields, rich-text fields and URL fields."""
    found = []
    for field in _link_fields(type(obj)) if fields is None else fields:
        value = getattr(obj, field.name)
        if isinstance(field, StreamField):
            found.extend(_urls_in_block(field.stream_block, value))
        elif isinstance(field, RichTextField):
            found.extend(hrefs_in_html(value))
        elif value:
            found.append(value)
    return found


def content_models():
    """The models other than pages whose text is published content: those of CONTENT_APPS with a
    rich-text, StreamField or URL field, the record of checked links aside."""
    for model in apps.get_models():
        if issubclass(model, Page) or model is ExternalLink or model._meta.app_label not in CONTENT_APPS:
            continue
        fields = _link_fields(model)
        if fields:
            yield model, fields


def is_external(url: str) -> bool:
    parts = urlsplit(url.strip())
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _add(links, url, *, obj, page_id=None):
    url = url.strip()
    if not is_external(url):
        return
    entry = links[url]
    ref = {"model": obj._meta.label_lower, "id": obj.pk, "title": str(obj)}
    if ref not in entry["used_in"]:
        entry["used_in"].append(ref)
    if page_id:
        entry["pages"].add(page_id)


def collect_links() -> dict[str, dict]:
    """{url: {"pages": {page ids}, "used_in": [{"model", "id", "title"}]}} for all published content."""
    links: dict[str, dict] = defaultdict(lambda: {"pages": set(), "used_in": []})
    for page in Page.objects.live().specific().iterator(chunk_size=200):
        for url in urls_in_object(page):
            _add(links, url, obj=page, page_id=page.pk)
    for model, fields in content_models():
        objects = model._default_manager.all()
        if issubclass(model, DraftStateMixin):
            objects = objects.filter(live=True)
        for obj in objects.iterator(chunk_size=200):
            for url in urls_in_object(obj, fields):
                _add(links, url, obj=obj)
    return dict(links)


# --- Checking them ---------------------------------------------------------------------------------

NOT_CHECKED = "Not checked: private or local address"
REDIRECTS = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 5


class Refused(Exception):
    """The address is one the checker must not visit (a private, loopback or link-local host)."""


def _allow_loopback() -> bool:
    return getattr(settings, "LINK_CHECK_ALLOW_LOOPBACK", False) is True


def address_allowed(address: str) -> bool:
    """A public (global unicast) address; loopback too only while LINK_CHECK_ALLOW_LOOPBACK is True
    (the tests). Private networks, link-local (cloud metadata), shared, reserved, multicast and
    unspecified addresses never."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return _allow_loopback()
    return ip.is_global and not ip.is_multicast


def open_socket(address: str, port: int, timeout: float) -> socket.socket:
    """A TCP connection to one vetted address."""
    return socket.create_connection((address, port), timeout=timeout)


class _Deadline:
    """One request's whole time limit: when it passes, the request's sockets are shut, so a server
    trickling its headers cannot hold the checker beyond it (a socket timeout bounds each read only)."""

    current = threading.local()

    def __init__(self, seconds: float):
        self.sockets: list[socket.socket] = []
        self.expired = False
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def _expire(self):
        with self._lock:
            self.expired = True
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def watch(self, sock: socket.socket):
        with self._lock:
            self.sockets.append(sock)
            if self.expired:
                raise TimeoutError

    def __enter__(self):
        _Deadline.current.value = self
        self._timer.start()
        return self

    def __exit__(self, *exc):
        self._timer.cancel()
        _Deadline.current.value = None


def _vetted_connection(address, timeout, source_address=None):
    """http.client's connection, resolving the host once, refusing it if any of its addresses is not
    allowed, and connecting to the address vetted (so a second lookup cannot swap it)."""
    host, port = address
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise urllib.error.URLError(exc) from exc
    addresses = [info[4][0] for info in infos]
    if not addresses or not all(address_allowed(a) for a in addresses):
        raise Refused(host)
    error: OSError | None = None
    for ip in dict.fromkeys(addresses):
        try:
            sock = open_socket(ip, port, timeout)
        except OSError as exc:
            error = exc
            continue
        deadline = getattr(_Deadline.current, "value", None)
        if deadline is not None:
            deadline.watch(sock)
        return sock
    raise error


class _HTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _vetted_connection  # http.client sets socket.create_connection


class _HTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = _vetted_connection


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_HTTPConnection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_HTTPSConnection, req, context=self._context)


def _opener() -> urllib.request.OpenerDirector:
    """http and https only, no proxy (the checker must see the address it connects to), and no
    redirect followed by urllib: check_url follows them itself, vetting and rate-limiting each."""
    opener = urllib.request.OpenerDirector()
    handlers = (
        _HTTPHandler(),
        _HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    )
    for handler in handlers:
        opener.add_handler(handler)
    return opener


class HostGate:
    """Per host: one request at a time, and each starting at least `interval` seconds after the one
    before. Shared by all the workers, so a redirect to a host another worker is checking waits too."""

    def __init__(self, interval: float):
        self.interval = interval
        self._lock = threading.Lock()
        self._hosts: dict[str, list] = {}

    @contextlib.contextmanager
    def request(self, host: str):
        with self._lock:
            entry = self._hosts.setdefault(host, [threading.Lock(), None])
        with entry[0]:
            if entry[1] is not None:
                delay = self.interval - (time.monotonic() - entry[1])
                if delay > 0:
                    time.sleep(delay)
            entry[1] = time.monotonic()
            yield


@dataclasses.dataclass
class Result:
    status: int | None = None
    error: str = ""
    redirect_status: int | None = None
    redirected_to: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300 and not self.error


def _request(url: str, method: str, timeout: float) -> tuple[int, str]:
    """(status, Location header) of one request, within `timeout` from connecting to the last header."""
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})  # noqa: S310
    with _Deadline(timeout) as deadline:
        try:
            with _opener().open(request, timeout=timeout) as response:
                answer = response.status, response.headers.get("Location", "")
        except urllib.error.HTTPError as exc:
            exc.close()
            answer = exc.code, exc.headers.get("Location", "") if exc.headers else ""
        except (OSError, http.client.HTTPException):
            if deadline.expired:
                raise TimeoutError from None
            raise
    if deadline.expired:  # the headers were cut short when the time ran out
        raise TimeoutError
    return answer


def _fetch(url: str, *, timeout: float, gate: HostGate) -> tuple[int, str]:
    """HEAD, then GET when the server refuses HEAD or answers it with an error (some do)."""
    host = (urlsplit(url).hostname or "").lower()
    with gate.request(host):
        status, location = _request(url, "HEAD", timeout)
    if status >= 400:
        with gate.request(host):
            status, location = _request(url, "GET", timeout)
    return status, location


def check_url(url: str, *, timeout: float, gate: HostGate) -> Result:
    """What one address gives, following up to MAX_REDIRECTS redirects (each vetted, each host
    rate-limited); a redirect is reported by its first status and the address it ends at."""
    result = Result()
    current = url
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            status, location = _fetch(current, timeout=timeout, gate=gate)
            if status not in REDIRECTS or not location:
                result.status = status
                return result
            following = urljoin(current, location.strip())
            result.redirect_status = result.redirect_status or status
            result.redirected_to = following
            if not is_external(following):
                result.error = "Redirects to an address that is not a web page"
                return result
            current = following
        result.error = "Too many redirects"
    except Refused:
        result.error = NOT_CHECKED
    except TimeoutError:
        result.error = "Timed out"
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            result.error = "Timed out"
        else:
            result.error = f"Could not connect: {exc.reason}"[:255]
    except (OSError, ValueError, http.client.HTTPException) as exc:
        result.error = f"Could not fetch: {exc}"[:255] or "Could not fetch"
    return result


def check_urls(urls, *, workers=None, interval=None, timeout=None) -> dict[str, Result]:
    """Each address's Result: a host's addresses one after another, LINK_CHECK_WORKERS hosts at once."""
    workers = workers or getattr(settings, "LINK_CHECK_WORKERS", 4)
    interval = getattr(settings, "LINK_CHECK_HOST_INTERVAL", 1.0) if interval is None else interval
    timeout = timeout or getattr(settings, "LINK_CHECK_TIMEOUT", 10)
    gate = HostGate(interval)
    results: dict[str, Result] = {}
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in urls:
        by_host[(urlsplit(url).hostname or "").lower()].append(url)
    lock = threading.Lock()

    def check_host(host_urls):
        for url in host_urls:
            outcome = check_url(url, timeout=timeout, gate=gate)
            with lock:
                results[url] = outcome

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(check_host, by_host.values()))
    return results


# --- Storing the results ---------------------------------------------------------------------------


def run_link_check(**options) -> dict[str, int]:
    """Check every external link in published content and store the results; forget links that
    content no longer holds. Returns counts."""
    links = collect_links()
    results = check_urls(links.keys(), **options)
    now = timezone.now()
    failing = 0
    with transaction.atomic():
        ExternalLink.objects.exclude(url__in=list(links)).delete()
        existing = {link.url: link for link in ExternalLink.objects.filter(url__in=list(links))}
        for url, usage in links.items():
            result = results[url]
            link = existing.get(url) or ExternalLink(url=url)
            link.status_code = result.status
            link.error = result.error
            link.redirect_status = result.redirect_status
            link.redirected_to = result.redirected_to[:2000]
            link.ok = result.ok
            link.last_checked_at = now
            link.used_in = usage["used_in"]
            if result.ok:
                link.first_failed_at = None
            else:
                failing += 1
                link.first_failed_at = link.first_failed_at or now
            link.save()
            link.pages.set(usage["pages"])
    logger.info("Link check: %d links, %d failing", len(links), failing)
    return {"checked": len(links), "failing": failing}


@task()
def check_external_links() -> dict[str, int]:
    """The daily broken-link check (enqueued by run_scheduler)."""
    return run_link_check()
