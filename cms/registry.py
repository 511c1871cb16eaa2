"""How the apps that build on cms add to its pages without cms importing them.

cms is the base content app: it imports no other app of ours (tests/test_layering.py). An app that adds
to what cms shows registers it here, in its AppConfig.ready():

- ``register_search_page_type(key, label, *page_models, order=...)``: a choice under "Show" in site
  search (cms.views.search), e.g. casestudies' "Case studies". cms registers its own (guidance, news,
  other pages) in CmsConfig.ready().

The home page's featured case studies come from casestudies' template tag instead
(``{% featured_case_studies %}`` in templates/cms/home_page.html).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

#: Search choices the view handles itself: everything, and the managers' resources.
RESERVED_SEARCH_KEYS = frozenset({"", "resource"})


@dataclass(frozen=True)
class SearchPageType:
    """A choice under "Show" in site search: the pages of these models."""

    key: str
    label: str
    models: tuple[type, ...]
    order: int


_search_page_types: dict[str, SearchPageType] = {}


def register_search_page_type(key: str, label: str, *page_models: type, order: int) -> None:
    """Offer ``page_models`` as one choice in site search, shown as ``label``, in ``order`` (lowest first).

    Registering the same choice again is harmless; another choice under a key already taken is an error.
    """
    if key in RESERVED_SEARCH_KEYS:
        raise ImproperlyConfigured(f"Site search keeps the key {key!r} for itself")
    if not page_models:
        raise ImproperlyConfigured(f"Site search type {key!r} needs at least one page model")
    page_type = SearchPageType(key=key, label=label, models=tuple(page_models), order=order)
    existing = _search_page_types.get(key)
    if existing is not None and existing != page_type:
        raise ImproperlyConfigured(f"Site search type {key!r} is already registered as {existing}")
    _search_page_types[key] = page_type


def search_page_types() -> dict[str, SearchPageType]:
    """The page types a reader can pick from in site search, by key, in the order shown."""
    return {t.key: t for t in sorted(_search_page_types.values(), key=lambda t: (t.order, t.key))}
