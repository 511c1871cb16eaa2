"""Less work per uncached page: view restrictions read once per request, the page links of a body
resolved in one query, and rendered bodies kept in the cache.

These matter for every request the page cache (portal/page_cache.py) does not answer: signed-in
readers, the first reader after a publish, and pages that cannot be cached.

Visibility once per request
    ``PageQuerySet.public()`` reads every view restriction each time it is called; the home page calls
    it three times (hubs, latest news, featured case studies). ``public_pages(queryset, request)``
    reads them once per request and keeps the condition on the request.

Page links in rich text
    Wagtail's page link handler loads the linked pages with ``.specific()`` (one query per content
    type, per rich-text value) only to read their URL, which the base page already knows.
    ``PageLinkHandler`` loads the base pages, and ``page_links_resolved`` resolves every page link of
    a whole body in one query before it renders.

Rendered bodies
    ``render_body_cached`` keeps a body's HTML in the cache under a hash of its stored data and the
    content generation (cms.content_cache): a new revision with a changed body has new data, hence a
    new key, and a change elsewhere that a body shows (a linked page's address, an image, a document,
    a snippet) moves the generation on. A hash of the data rather than the page id and revision id,
    because it is exact: a body is cached only for the data it was rendered from, whether it comes
    from the live page, a revision or a preview. Bodies are rendered from their blocks' templates
    and their value alone (none reads the request, the user or the page): a block whose template ever
    needs them must not be cached this way.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from wagtail.models import Page, PageViewRestriction
from wagtail.rich_text.pages import PageLinkHandler as WagtailPageLinkHandler

from cms.content_cache import content_generation

# --- Visibility -----------------------------------------------------------------------------------

_PRIVATE_Q = "_cms_private_q"


def private_q(request=None) -> Q:
    """The pages in a restricted section and below (Wagtail's ``private_q``), read once per request."""
    cached = getattr(request, _PRIVATE_Q, None) if request is not None else None
    if cached is not None:
        return cached
    q = Q()
    for path in PageViewRestriction.objects.values_list("page__path", flat=True):
        q |= Q(path__startswith=path)
    q = q if q else Q(pk__in=[])
    if request is not None:
        setattr(request, _PRIVATE_Q, q)
    return q


def public_pages(queryset, request=None):
    """``queryset.public()``, with the restrictions read once for the whole request."""
    return queryset.exclude(private_q(request))


# --- Page links -----------------------------------------------------------------------------------

_resolved_urls: contextvars.ContextVar[dict[str, str | None] | None] = contextvars.ContextVar(
    "cms_resolved_page_urls", default=None
)
_PAGE_LINK = re.compile(r"<a\b[^>]*>")
_PAGE_ID = re.compile(r'\bid="(\d+)"')


def _page_urls(ids) -> dict[str, str | None]:
    pages = Page.objects.filter(id__in=list(ids)).only("id", "url_path", "locale_id", "live")
    urls: dict[str, str | None] = {str(page.id): page.url for page in pages}
    return {str(id_): urls.get(str(id_)) for id_ in ids}


class PageLinkHandler(WagtailPageLinkHandler):
    """Wagtail's page link, resolved from the base pages (their URL needs no specific page), and from
    the addresses ``page_links_resolved`` found for the body being rendered when there are some."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        ids = [str(attrs.get("id")) for attrs in attrs_list]
        known = _resolved_urls.get() or {}
        missing = {id_ for id_ in ids if id_ not in known}
        urls = {**known, **(_page_urls(missing) if missing else {})}
        return [f'<a href="{escape(urls[id_])}">' if urls.get(id_) else "<a>" for id_ in ids]


def _strings(data) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for item in data.values():
            yield from _strings(item)
    elif isinstance(data, list | tuple):
        for item in data:
            yield from _strings(item)


def linked_page_ids(raw_data) -> set[str]:
    """The ids of the pages that rich text anywhere in a StreamField's stored data links to."""
    ids = set()
    for text in _strings(raw_data):
        if 'linktype="page"' not in text:
            continue
        for tag in _PAGE_LINK.findall(text):
            if 'linktype="page"' in tag and (found := _PAGE_ID.search(tag)):
                ids.add(found.group(1))
    return ids


@contextmanager
def page_links_resolved(raw_data):
    """Within the block, page links in rich text use addresses found in one query for all of
    ``raw_data``."""
    ids = linked_page_ids(raw_data)
    token = _resolved_urls.set({**(_resolved_urls.get() or {}), **_page_urls(ids)} if ids else None)
    try:
        yield
    finally:
        _resolved_urls.reset(token)


# --- Rendered bodies ------------------------------------------------------------------------------


def render_body_cached(value, context, render) -> str:
    """``render(value, context)``, kept in the cache under the body's data and the content generation;
    previews are rendered afresh and not stored."""
    raw_data = list(value.raw_data)
    request = context.get("request") if context else None
    if not raw_data or getattr(request, "is_preview", False):
        with page_links_resolved(raw_data):
            return render(value, context)
    data = json.dumps(raw_data, sort_keys=True, cls=DjangoJSONEncoder, default=str)
    key = f"cms:body:{content_generation()}:{hashlib.sha256(data.encode()).hexdigest()}"
    html = cache.get(key)
    if html is None:
        with page_links_resolved(raw_data):
            html = str(render(value, context))
        cache.set(key, html, timeout=settings.CMS_BODY_CACHE_TIMEOUT)
    return mark_safe(html)  # noqa: S308 - the output of the body's own templates, stored as rendered
