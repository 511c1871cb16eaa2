"""Wagtail's database search backend, with ranked results that stay fast as the site grows.

``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "cms.search_backend"``. This returns the backend
``wagtail.search.backends.database`` picks for the database (PostgreSQL full-text search, or SQLite's
FTS5), with one change on SQLite, where the stock ranked search does not scale:

- **SQLite**: the stock compiler filters the pages by ``pk IN (FTS matches)`` and then orders them by a
  correlated subquery that runs the FTS5 ``MATCH`` again for every matching page, so a word on 3,000
  pages costs 3,000 full-text lookups per results page (335 ms for one query with 1,000 extra pages).
  Here the ranking happens inside one FTS5 query: the matches of the index, restricted to the caller's
  queryset (live, public pages, a page type) by an ``IN`` subquery, ordered by ``bm25`` and sliced with
  ``LIMIT``/``OFFSET`` in SQL; the objects of that slice are then fetched by primary key (two queries
  for a page of results, whatever the number of matches). The count is one ``COUNT`` over the same
  ``MATCH``. Scores and ranking expression are Wagtail's own (``_build_rank_expression``).
- **PostgreSQL**: Wagtail's ranked ``tsvector`` search as it is; the GIN index on the concatenated
  title and body vectors that its ``WHERE`` clause needs is added by the PostgreSQL-only migration
  ``cms.0004_search_indexes_postgresql``. Only the count changes: Wagtail counts its ranked, ordered
  query, so ``ts_rank`` runs for every match just to be counted; here the count drops the ordering.

Anything the fast path does not handle (no relevance ordering, negated queries, match-all, a score
field requested by the caller) goes to Wagtail's own code.
"""

from __future__ import annotations

import functools
import re

from wagtail.search.backends import database

#: Control characters never mean anything in a search, and a NUL is refused by PostgreSQL's text type
#: ("PostgreSQL text fields cannot contain NUL (0x00) bytes", a 500 on /api/v2/pages/?search=%00).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


def SearchBackend(params):  # noqa: N802 (Wagtail imports backends by this name)
    backend = database.SearchBackend(params)
    unusable = CONTROL_CHARACTERS
    if backend.__class__.__name__ == "SQLiteSearchBackend":
        from .search_sqlite import FTS5_BREAKERS, RankedSQLiteSearchResults

        backend.results_class = RankedSQLiteSearchResults
        unusable = FTS5_BREAKERS
    elif backend.__class__.__name__ == "PostgresSearchBackend":
        backend.results_class = _postgres_results_class()
    # Every caller (the API's ?search=, the admin's search boxes, choosers), not only the site's
    # search page, which cleans its query itself (cms.filters.clean_search_query).
    for name in ("search", "autocomplete"):
        setattr(backend, name, _blanking(unusable, getattr(backend, name)))
    return backend


def _blanking(pattern: re.Pattern, method):
    """``backend.search`` or ``backend.autocomplete``, with what ``pattern`` matches in a text query made
    spaces (a query with nothing left finds nothing, as "" does)."""

    @functools.wraps(method)
    def wrapper(query, *args, **kwargs):
        if isinstance(query, str):
            query = pattern.sub(" ", query).strip()
        return method(query, *args, **kwargs)

    return wrapper


def _postgres_results_class():
    from modelsearch.backends.database.postgres.postgres import PostgresSearchResults

    class UnorderedCountPostgresSearchResults(PostgresSearchResults):
        def _do_count(self):
            compiler = self.query_compiler
            matches = compiler.search(compiler.get_config(self.backend), None, None, backend=self.backend)
            return matches.order_by()[self.start : self.stop].count()

    return UnorderedCountPostgresSearchResults
