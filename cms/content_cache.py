"""The content generation: one number in the shared cache that changes whenever public content does.

Everything rendered from content and kept in the cache (the page cache of ``portal.page_cache``, the
rendered bodies of ``cms.blocks.BodyBlock``) puts the current generation in its key. Publishing,
unpublishing, moving or deleting a page, or saving a snippet, an image, a document, a site, a redirect
or a view restriction moves the generation on (``portal.page_cache.connect_signals`` wires the
signals), and every key built before is never read again; the old entries expire by their timeout.

Why one site-wide number rather than purging the addresses a change touches: a page's title, date and
address show up on many other addresses (the home page's latest news, a hub's list of guidance, every
page of a listing and each of its filters, breadcrumbs, the links in other pages' rich text), and a
snippet (a topic, a resource) on pages nobody could list in advance. Working out the addresses would
be code that is wrong the day a template changes; a site-wide bump is always right. Editors publish a
few times a day, so the cost is one fresh render per page after each change.

The generation is a time in nanoseconds, never a counter: if Redis loses the key (eviction, a flush),
the new generation cannot coincide with an old one whose entries are still stored.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "content:generation"


def content_generation() -> int:
    """The current generation (one cache read; set on first use)."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def _bump() -> None:
    cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def bump_content_generation() -> None:
    """Move the generation on now, and again when the surrounding transaction commits.

    Now, so that this process stops serving what it had; after the commit, because a request that read
    the database between the change and the commit rendered the old content and may have stored it
    under the generation set a moment ago.
    """
    _bump()
    transaction.on_commit(_bump)
