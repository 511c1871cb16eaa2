"""The daily broken-link check: every external address in published content, checked politely.

What is checked: the external links of live pages (every URL field in their StreamFields, and every
`<a href>` in their rich text, in StreamFields and rich-text fields alike), the managers' resources'
`link_url`, and every `*source_url` field of other models (snippets such as the pathways' nation
support and HCPC rules), live ones only where they have drafts. Nothing else: the checker only
visits addresses that content holds.

How: a small thread pool (LINK_CHECK_WORKERS, 4), one host's links one after another and at most one
request per host per LINK_CHECK_HOST_INTERVAL seconds (1), a timeout of LINK_CHECK_TIMEOUT seconds (10)
for the connection and for each read, HEAD first and GET when a server refuses HEAD (405, 501),
redirects followed. Addresses on private, loopback or link-local hosts are not fetched (recorded as
"Not checked"), unless LINK_CHECK_ALLOW_PRIVATE_HOSTS is on (the tests' loopback server).

The result of each address is stored in cms.models.ExternalLink; the "Broken links" report
(cms/reports.py) lists those failing. The task is enqueued daily by `manage.py run_scheduler`.
"""

from __future__ import annotations

import ipaddress
import logging
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import DraftStateMixin, Page

from django_tasks import task

from .models import ExternalLink, Resource

logger = logging.getLogger(__name__)

USER_AGENT = "SoR-portal-link-checker/1.0"
REFUSES_HEAD = {405, 501}


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
    if isinstance(block, blocks.URLBlock):
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


def urls_in_object(obj) -> list[str]:
    """Every address in an object's StreamFields and rich-text fields."""
    found = []
    for field in obj._meta.get_fields():
        if isinstance(field, StreamField):
            found.extend(_urls_in_block(field.stream_block, getattr(obj, field.name)))
        elif isinstance(field, RichTextField):
            found.extend(hrefs_in_html(getattr(obj, field.name)))
    return found


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
    for resource in Resource.objects.live().exclude(link_url=""):
        _add(links, resource.link_url, obj=resource)
    for model in apps.get_models():
        if model is Resource or issubclass(model, Page):
            continue
        fields = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.URLField) and f.name.endswith("source_url")
        ]
        if not fields:
            continue
        objects = model._default_manager.all()
        if issubclass(model, DraftStateMixin):
            objects = objects.filter(live=True)
        for obj in objects:
            for name in fields:
                if getattr(obj, name):
                    _add(links, getattr(obj, name), obj=obj)
    return dict(links)


# --- Checking them ---------------------------------------------------------------------------------


def _private_host(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local or address.is_reserved


class _HostThrottle:
    """At most one request per `interval` seconds; a host's links are checked by one thread in turn,
    so two requests to one host never overlap either."""

    def __init__(self, interval: float):
        self.interval = interval
        self.last = None

    def wait(self):
        if self.last is not None:
            delay = self.interval - (time.monotonic() - self.last)
            if delay > 0:
                time.sleep(delay)
        self.last = time.monotonic()


def _request(url: str, method: str, timeout: float) -> int:
    # Only http(s) addresses reach here (is_external), so urllib's file: and custom schemes cannot.
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as exc:
        exc.close()
        return exc.code


def check_url(url: str, *, timeout: float, throttle: _HostThrottle) -> tuple[int | None, str]:
    """(final status code, error text) for one address: HEAD, then GET if HEAD is refused."""
    try:
        throttle.wait()
        status = _request(url, "HEAD", timeout)
        if status in REFUSES_HEAD:
            throttle.wait()
            status = _request(url, "GET", timeout)
    except TimeoutError:
        return None, "Timed out"
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            return None, "Timed out"
        return None, f"Could not connect: {reason}"[:255]
    except (OSError, ValueError) as exc:
        return None, f"Could not fetch: {exc}"[:255]
    return status, ""


def check_urls(urls, *, workers=None, interval=None, timeout=None) -> dict[str, tuple[int | None, str]]:
    workers = workers or getattr(settings, "LINK_CHECK_WORKERS", 4)
    interval = getattr(settings, "LINK_CHECK_HOST_INTERVAL", 1.0) if interval is None else interval
    timeout = timeout or getattr(settings, "LINK_CHECK_TIMEOUT", 10)
    allow_private = getattr(settings, "LINK_CHECK_ALLOW_PRIVATE_HOSTS", False)
    results: dict[str, tuple[int | None, str]] = {}
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in urls:
        host = (urlsplit(url).hostname or "").lower()
        if not allow_private and _private_host(host):
            results[url] = (None, "Not checked: private or local address")
        else:
            by_host[host].append(url)
    lock = threading.Lock()

    def check_host(host_urls):
        throttle = _HostThrottle(interval)
        for url in host_urls:
            outcome = check_url(url, timeout=timeout, throttle=throttle)
            with lock:
                results[url] = outcome

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(check_host, by_host.values()))
    return results


def is_ok(status: int | None) -> bool:
    return status is not None and 200 <= status < 400


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
            status, error = results[url]
            ok = is_ok(status) and not error
            link = existing.get(url) or ExternalLink(url=url)
            link.status_code = status
            link.error = error
            link.ok = ok
            link.last_checked_at = now
            link.used_in = usage["used_in"]
            if ok:
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
