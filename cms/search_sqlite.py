"""Ranked search results on SQLite that cost the same whatever the number of matches (see
cms.search_backend for why). Imported only when the database is SQLite with FTS5: the FTS model
exists only there."""

from __future__ import annotations

import re

from django.db.models import Exists, OuterRef
from django.db.models.functions import Cast

from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry, SQLiteSearchResults
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks


class RankedSQLiteSearchResults(SQLiteSearchResults):
    """Wagtail's SQLite results, ranked and sliced inside one FTS5 query (see cms.search_backend)."""

    def _ranked_matches(self):
        """The FTS rows that match, restricted to the caller's queryset, with Wagtail's score; or None
        when the fast path does not apply (Wagtail's own code then answers)."""
        compiler = self.query_compiler
        if not compiler.order_by_relevance or self._score_field is not None:
            return None
        query = normalize(compiler.query)
        if isinstance(query, (MatchAll, Not)):
            return None
        config = compiler.get_config(self.backend)
        match = MatchExpression(
            compiler.fields or compiler.FTS_TABLE_FIELDS, compiler.build_search_query(query, config=config)
        )
        # One primary-key probe per match (EXISTS), not a list of every object in the queryset (IN):
        # the cost follows the matches, not the size of the site.
        pk_field = compiler.queryset.model._meta.pk
        pk_field = getattr(pk_field, "target_field", pk_field)
        wanted = compiler.queryset.order_by().filter(
            pk=Cast(OuterRef("index_entry__object_id"), output_field=pk_field.__class__())
        )
        return SQLiteFTSIndexEntry.objects.filter(match).filter(
            Exists(wanted),
            index_entry__content_type__in=get_descendants_content_types_pks(compiler.queryset.model),
        ), compiler._build_rank_expression(compiler.get_search_vectors(), config)

    def _do_search(self):
        ranked = self._ranked_matches()
        if ranked is None:
            return super()._do_search()
        matches, score = ranked
        rows = matches.annotate(score=score).order_by("score", "-index_entry__object_id")
        ids = list(rows.values_list("index_entry__object_id", flat=True)[self.start : self.stop])
        if not ids:
            return []
        objects = self.query_compiler.queryset.order_by().filter(pk__in=ids)
        if self.prefetch_related:
            objects = objects.prefetch_related(*self.prefetch_related)
        by_id = {str(obj.pk): obj for obj in objects}
        return [by_id[object_id] for object_id in ids if object_id in by_id]

    def _do_count(self):
        ranked = self._ranked_matches()
        if ranked is None:
            return super()._do_count()
        matches, _score = ranked
        # A sliced count (SELECT COUNT(*) FROM (... LIMIT stop)) stops reading matches at the slice's end.
        return max(0, matches.order_by()[: self.stop].count() - self.start)


#: What breaks an FTS5 MATCH when typed into a search box: Wagtail's SQLite backend puts each word
#: between double quotes without doubling a quote inside it ('say "hello' is "unterminated string"), and
#: a NUL or other control character makes the MATCH argument a blob ("datatype mismatch"). Both were a
#: 500 on the public API (/api/v2/pages/?search=%22). cms.search_backend blanks them for every caller.
FTS5_BREAKERS = re.compile(r'["\x00-\x1f\x7f]')
