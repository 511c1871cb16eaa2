"""Indexes site search needs on PostgreSQL (a no-op on other databases).

- A GIN index on ``title || body``: Wagtail's PostgreSQL backend matches a query against the two
  tsvectors concatenated, which the per-column GIN indexes Wagtail ships cannot serve; without this one
  every search reads every index entry (cms.search_backend).
- pg_trgm and trigram GIN indexes on the index entries' plain text, for "Did you mean ...?"
  (cms.suggest), which looks for the indexed words closest to a query word that found nothing.
"""

from django.db import migrations

TABLE = "wagtailsearch_indexentry"

FORWARDS = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX IF NOT EXISTS cms_search_title_body_gin ON {TABLE} USING gin ((title || body))",
    f"CREATE INDEX IF NOT EXISTS cms_search_title_text_trgm ON {TABLE} USING gin (title_text gin_trgm_ops)",
    f"CREATE INDEX IF NOT EXISTS cms_search_body_text_trgm ON {TABLE} USING gin (body_text gin_trgm_ops)",
]
BACKWARDS = [
    "DROP INDEX IF EXISTS cms_search_body_text_trgm",
    "DROP INDEX IF EXISTS cms_search_title_text_trgm",
    "DROP INDEX IF EXISTS cms_search_title_body_gin",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_sources_list"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(run(FORWARDS), run(BACKWARDS), elidable=False)]
