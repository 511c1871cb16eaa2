"""'Did you mean ...?' for a site search that found nothing: the indexed word closest to each word typed.

Wagtail's fuzzy search (``wagtail.search.query.Fuzzy``) returns the pages that nearly match, but not
the word they matched, and the reader needs a word to search for; so the words come from the search
index itself:

- **PostgreSQL**: pg_trgm. The index entries whose text holds something close to the word (the
  ``%>`` word-similarity operator, served by the trigram GIN indexes of migration
  ``cms.0004_search_indexes_postgresql``), at most ``CANDIDATE_ENTRIES`` of them, are split into words
  in SQL and the one with the highest ``similarity()`` wins. Cost: one query per word, bounded by the
  candidate limit, whatever the size of the site.
- **SQLite** (development, the demo): no trigram index, so ``difflib`` over the vocabulary of the index
  (every word of four letters or more in the indexed titles and bodies), built once and kept in the
  cache until the index changes (keyed by the index's size and last entry).

The caller checks that a suggestion finds something the reader may see before offering it, so a word
from a draft or a restricted page is never shown.
"""

from __future__ import annotations

import difflib
import re

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max

from wagtail.search.models import IndexEntry

#: Words shorter than this are left alone (too many near neighbours to guess well).
MIN_LENGTH = 4
#: Longer words are not real words; a query of more words is not a typo to correct.
MAX_LENGTH = 40
MAX_WORDS = 6
#: How close a suggestion must be (difflib ratio on SQLite, trigram similarity on PostgreSQL).
SQLITE_CUTOFF = 0.8
TRIGRAM_CUTOFF = 0.4
CANDIDATE_ENTRIES = 30
_WORD = re.compile(rf"[^\W\d_]{{{MIN_LENGTH},{MAX_LENGTH}}}")


def suggest(terms: str) -> str | None:
    """The query with each unknown word replaced by the closest indexed word (the others as typed), or
    None when no word changes. ``terms`` is an already cleaned query (cms.filters.clean_search_query)."""
    words = terms.split()
    if not words or len(words) > MAX_WORDS:
        return None
    out = []
    for word in words:
        better = closest_word(word.lower()) if _WORD.fullmatch(word) else None
        out.append(better if better and better != word.lower() else word)
    return " ".join(out) if out != words else None


def closest_word(word: str) -> str | None:
    """The indexed word closest to ``word`` (itself if it is indexed), or None."""
    if connection.vendor == "postgresql":
        return _closest_postgresql(word)
    vocabulary = _vocabulary()
    if word in vocabulary:
        return word
    matches = difflib.get_close_matches(word, vocabulary, n=1, cutoff=SQLITE_CUTOFF)
    return matches[0] if matches else None


def _closest_postgresql(word: str) -> str | None:
    table = connection.ops.quote_name(IndexEntry._meta.db_table)
    sql = f"""
        SELECT found.word FROM (
            SELECT DISTINCT lower(match[1]) AS word
            FROM (
                SELECT title_text || ' ' || body_text AS text FROM {table}
                WHERE title_text %%> %(word)s OR body_text %%> %(word)s
                LIMIT %(limit)s
            ) AS entries,
            regexp_matches(entries.text, %(pattern)s, 'g') AS match
        ) AS found
        WHERE similarity(found.word, %(word)s) >= %(cutoff)s
        ORDER BY found.word = %(word)s DESC, similarity(found.word, %(word)s) DESC, found.word
        LIMIT 1
    """  # noqa: S608 (the table name is the model's, every value is a parameter)
    params = {
        "word": word,
        "limit": CANDIDATE_ENTRIES,
        "pattern": f"([[:alpha:]]{{{MIN_LENGTH},{MAX_LENGTH}}})",
        "cutoff": TRIGRAM_CUTOFF,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return row[0] if row else None


def _vocabulary() -> tuple[str, ...]:
    """Every indexed word of MIN_LENGTH letters or more, cached until the index grows or shrinks."""
    state = IndexEntry.objects.aggregate(count=Count("id"), last=Max("id"))
    key = f"cms:search-vocabulary:{state['count']}:{state['last']}"
    words = cache.get(key)
    if words is None:
        words = set()
        for title, body in IndexEntry.objects.values_list("title", "body").iterator(chunk_size=500):
            words.update(match.lower() for match in _WORD.findall(f"{title} {body or ''}"))
        words = tuple(sorted(words))  # sorted, so that ties between equally close words break the same way
        cache.set(key, words, 60 * 60)
    return words
