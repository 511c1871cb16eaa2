"""The anonymous page cache: public Wagtail pages kept whole in the shared cache (Redis in production).

What it does
------------
``PageCacheMiddleware`` sits just inside WhiteNoise, before the session and everything that reads it.
A GET or HEAD without a session or messages cookie (so nobody signed in, and nobody with anything in
their session) is answered straight from the cache when the page is there: no session, no user, no
database query. Otherwise the request goes on, and the response is stored when all of these hold:

- a Wagtail page served it (``before_serve_page`` marks the request), not a preview, a GET, status 200;
- the reader is anonymous, sent no session cookie, and the response sets no cookie at all (no CSRF
  cookie, no session, no messages);
- the page did not ask for a CSRF token (no form that posts), and it does not say ``private``,
  ``no-store`` or ``no-cache``, nor vary on anything but Cookie and Accept-Encoding;
- the page type does not opt out (a page class with ``page_cache = False``; personal pages such as a
  pathway plan keep their state in the session, which already keeps them out).

Stored pages go out with ``Cache-Control: public, max-age=PAGE_CACHE_MAX_AGE,
stale-while-revalidate=...``, ``Vary: Cookie, Accept-Encoding`` and a weak ``ETag`` of their content,
and a matching ``If-None-Match`` gets a 304. Pages that are not stored keep what the views and
``portal.middleware`` gave them (signed-in: ``private, no-store``); an anonymous page that used a CSRF
token or set a cookie gets ``private, no-cache`` when it said nothing itself.

Compression: the stored body is gzipped once, when stored, and sent compressed to readers that accept
gzip. Only these pages are compressed in Django: they hold no CSRF token or other secret, so BREACH has
nothing to recover; pages with a token or personal data go out uncompressed (or are compressed by a
proxy in front, at the operator's choice).

Keys hold the content generation (``cms.content_cache``), the scheme, host and full path with query
string. Every change to public content moves the generation on (``connect_signals``), so the next
reader of any page gets a fresh render; that is simpler and safer than working out which addresses
show a changed page or snippet (see ``cms.content_cache``). A CDN in front can be purged per address
by Wagtail's ``wagtail.contrib.frontend_cache`` where one is configured; its short max-age bounds the
rest.

Why our own middleware: Django's cache middleware keys on the values of the headers in Vary (with
``Vary: Cookie`` every reader's CSRF cookie makes a new entry), caches by timeout only and cannot tell
a Wagtail page from any other view; wagtail-cache builds on it and purges by clearing the whole cache,
which in a shared Redis also drops sign-in rate limits and Wagtail's own caches. This module keeps
Django's pieces (``get_conditional_response``, ``patch_cache_control``, ``compress_string``) and adds
the rules above.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.text import compress_string

from wagtail import hooks
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.content_cache import bump_content_generation, content_generation

#: Headers of the stored response that are rebuilt for each answer.
_REBUILT_HEADERS = {"content-length", "content-encoding", "etag"}
#: What a cacheable page may vary on.
_ALLOWED_VARY = {"cookie", "accept-encoding"}
_MAX_QUERY_LENGTH = 256
_MARK = "_page_cache_page"

#: Models whose saves and deletions change what public pages show (besides every page, every
#: registered snippet and every site setting, which are found at start-up).
CONTENT_MODELS = {
    "wagtailcore.site",
    "wagtailcore.pageviewrestriction",
    "wagtailcore.collectionviewrestriction",
    "wagtailimages.image",
    "wagtaildocs.document",
    "wagtailredirects.redirect",
    "cms.pathway",
    "cms.nation",
    "cms.audience",
    "cms.topic",
    "cms.resource",
    "pathways.country",
    "pathways.nationsupport",
    "pathways.pathwaystep",
}


def page_cache_enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_ENABLED", False)


def _cache_key(generation: int, request) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"pagecache:{generation}:{hashlib.sha256(address.encode()).hexdigest()}"


def _may_answer_from_cache(request) -> bool:
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
        and len(request.META.get("QUERY_STRING", "")) <= _MAX_QUERY_LENGTH
    )


def _response_is_public(request, response) -> bool:
    page = getattr(request, _MARK, None)
    if page is None or request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if getattr(request, "is_preview", False) or getattr(page, "page_cache", True) is False:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    cache_control = response.headers.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {part.strip().lower() for part in response.headers.get("Vary", "").split(",") if part.strip()}
    return vary <= _ALLOWED_VARY


def _public_headers(response) -> None:
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_CACHE_MAX_AGE,
        stale_while_revalidate=settings.PAGE_CACHE_STALE_WHILE_REVALIDATE,
    )
    patch_vary_headers(response, ["Cookie", "Accept-Encoding"])


def _entry(response) -> dict:
    body = response.content
    return {
        "status": response.status_code,
        "headers": [(k, v) for k, v in response.headers.items() if k.lower() not in _REBUILT_HEADERS],
        "body": body,
        "gzip": compress_string(body),
        "etag": f'W/"{hashlib.sha256(body).hexdigest()[:32]}"',
    }


def _accepts_gzip(request) -> bool:
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "").lower()


def _answer(request, entry: dict) -> HttpResponse:
    gzipped = _accepts_gzip(request) and len(entry["gzip"]) < len(entry["body"])
    response = HttpResponse(entry["gzip"] if gzipped else entry["body"], status=entry["status"])
    for name, value in entry["headers"]:
        response.headers[name] = value
    response.headers["ETag"] = entry["etag"]
    response.headers["Content-Length"] = str(len(response.content))
    if gzipped:
        response.headers["Content-Encoding"] = "gzip"
    return get_conditional_response(request, etag=entry["etag"], response=response) or response


class PageCacheMiddleware:
    """Answers anonymous readers of public pages from the cache, and fills it (module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not page_cache_enabled() or not _may_answer_from_cache(request):
            return self._uncached(request)
        key = _cache_key(content_generation(), request)
        entry = cache.get(key)
        if entry is not None:
            return _answer(request, entry)
        response = self.get_response(request)
        if not _response_is_public(request, response):
            return self._mark_private(request, response)
        _public_headers(response)
        entry = _entry(response)
        cache.set(key, entry, timeout=settings.PAGE_CACHE_TIMEOUT)
        return _answer(request, entry)

    def _uncached(self, request):
        return self._mark_private(request, self.get_response(request))

    @staticmethod
    def _mark_private(request, response):
        touched_token = bool(response.cookies) or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        if touched_token and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_cache=True)
        return response


def mark_page_for_cache(page, request, serve_args, serve_kwargs):
    """``before_serve_page`` hook: this response comes from a Wagtail page (stored if it qualifies)."""
    setattr(request, _MARK, page)


def _content_changed(sender, **kwargs) -> None:
    bump_content_generation()


_content_model_answers: dict[type, bool] = {}


def _is_content_model(model) -> bool:
    if model not in _content_model_answers:
        _content_model_answers[model] = _looks_like_content(model)
    return _content_model_answers[model]


def _looks_like_content(model) -> bool:
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.models import Page
    from wagtail.snippets.models import get_snippet_models

    return (
        issubclass(model, Page | BaseSiteSetting | BaseGenericSetting)
        or model._meta.label_lower in CONTENT_MODELS
        or model in get_snippet_models()
    )


def _model_changed(sender, **kwargs) -> None:
    if _is_content_model(sender):
        bump_content_generation()


def connect_signals() -> None:
    """Wire the invalidation (called from PortalConfig.ready) and the page marker hook."""
    hooks.register("before_serve_page", mark_page_for_cache)
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_content_changed, dispatch_uid=f"page_cache_{id(signal)}")
    post_save.connect(_model_changed, dispatch_uid="page_cache_post_save")
    post_delete.connect(_model_changed, dispatch_uid="page_cache_post_delete")
