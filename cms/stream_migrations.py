"""StreamField data migrations used by this project's migrations (kept stable: migrations import them).

`SourceBoxesToSourcesList` is hand-written because none of Wagtail's operations merges a block type into
one struct with a list inside, de-duplicated by address; it runs through Wagtail's MigrateStreamData so
that page revisions are migrated as well as live content.
"""

from wagtail.blocks.migrations.operations import BaseBlockOperation


class SourceBoxesToSourcesList(BaseBlockOperation):
    """Collect every old `source` box of a body into one `sources` list at the end (same address once,
    statements joined), keeping every other block where it was."""

    def apply(self, block_value):
        kept, items, by_url = [], [], {}
        for child in block_value:
            if child.get("type") != "source":
                kept.append(child)
                continue
            value = dict(child.get("value") or {})
            key = (value.get("source_url") or "").strip().rstrip("/").lower()
            if key in by_url:
                earlier = by_url[key]["value"]
                statements = [s for s in (earlier.get("statement"), value.get("statement")) if s]
                earlier["statement"] = "; ".join(dict.fromkeys(statements))[:300]
                continue
            item = {"type": "item", "value": value, "id": child.get("id")}
            by_url[key] = item
            items.append(item)
        if not items:
            return block_value
        existing = [child for child in kept if child.get("type") == "sources"]
        if existing:
            existing[0]["value"].setdefault("items", []).extend(items)
            kept.remove(existing[0])
            kept.append(existing[0])
            return kept
        return [*kept, {"type": "sources", "value": {"heading": "Sources", "items": items}}]

    @property
    def operation_name_fragment(self):
        return "source_boxes_to_sources_list"
