"""The one loader for the demo's content files in `demo/` (format: demo/README.md).

Reads TOML (Python's tomllib), checks each file's keys against what its page type takes, turns each
`[[body]]` entry (a table named after a block of cms.blocks.BodyBlock) into StreamField data following the
block definitions, and appends the page's `[[sources]]` as its one Sources list, looked up in
`demo/sources.toml`. Everything that can be checked without a database is checked here, with the file
and the entry named in the error; `validate_stream` runs the blocks' own `clean()` once references to
pages and documents are resolved (portal/management/commands/seed_demo.py).

Hand-written rather than a fixtures format (loaddata, wagtail-factories' YAML) because the files must
stay readable to editors: named blocks, rich text as HTML with `page:` and `doc:` references, and
sources by key, none of which a generic serialiser offers.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

from cms.blocks import BodyBlock
from cms.factories import source_item, sources_block

DEMO_DIR = Path(settings.BASE_DIR) / "demo"
#: The one published password of every demo account (seed_demo refuses to run unless DEBUG is on).
DEFAULT_PASSWORD = "sor-demo-2026!"  # noqa: S105 - published on purpose, for the demo only

COMMON_KEYS = {"type", "order", "title", "summary"}
# Per page type: the keys it requires and the keys it may have, besides COMMON_KEYS.
PAGE_TYPES: dict[str, tuple[set[str], set[str]]] = {
    "home": ({"hero_heading", "hero_text"}, {"body", "sources"}),
    "hub": ({"pathway", "audience", "introduction"}, {"body", "sources"}),
    "resource_library": ({"audience", "introduction"}, {"body", "sources"}),
    "case_study_index": ({"introduction"}, set()),
    "news_index": ({"introduction"}, set()),
    "standard": ({"owner", "reviewed_days_ago", "review_due_in_days"}, {"body", "sources"}),
    "guidance": (
        {
            "pathway",
            "audiences",
            "nations",
            "topics",
            "owner",
            "reviewed_days_ago",
            "review_due_in_days",
            "body",
        },
        {"sources"},
    ),
    "news": ({"published_days_ago", "topics", "body"}, {"sources"}),
    "case_study": (
        {
            "person_name",
            "role",
            "quote",
            "pathway",
            "profession",
            "nation",
            "region",
            "training_region",
            "training_country",
            "employer_type",
            "published_days_ago",
            "illustration",
            "illustration_alt",
            "body",
        },
        {"sources", "years_out"},
    ),
}
RESOURCE_KEYS = ({"title", "summary", "type", "provider", "audiences", "topics", "nations"}, {"members_only"})
RESOURCE_LINKS = ("url", "page", "doc")
DOCUMENT_KEYS = ({"key", "title", "filename"}, {"members_only"})
TAXONOMY_KINDS = ("pathway", "nation", "audience", "topic")


class DemoDataError(CommandError):
    """A demo file that cannot be loaded; the message names the file and the entry."""


@dataclass
class PageSpec:
    """One page file: where it goes, what type it is, its fields and its StreamField body."""

    path: str  # below the home page: "" for the home page, "news/some-item" for a news item
    file: Path
    type: str
    order: int
    fields: dict = field(default_factory=dict)
    body: list[dict] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.path.rsplit("/", 1)[-1] if self.path else "home"

    @property
    def parent_path(self) -> str | None:
        if not self.path:
            return None
        return self.path.rsplit("/", 1)[0] if "/" in self.path else ""


def file_name(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def read_toml(path: Path, root: Path = DEMO_DIR) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise DemoDataError(f"{file_name(path, root)}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise DemoDataError(f"{file_name(path, root)}: cannot be read: {exc.strerror}") from exc


def check_keys(data: dict, required: set[str], optional: set[str], where: str) -> None:
    missing = sorted(required - data.keys())
    if missing:
        raise DemoDataError(f"{where}: missing {', '.join(missing)}")
    unknown = sorted(data.keys() - required - optional)
    if unknown:
        allowed = ", ".join(sorted(required | optional))
        raise DemoDataError(f"{where}: unknown key {', '.join(unknown)} (this entry takes: {allowed})")


def collapse_html(value: str) -> str:
    """Rich text as Wagtail stores it: the line breaks in a file are only for reading."""
    return re.sub(r"\s+", " ", value).strip()


def raw_block_value(block: blocks.Block, value, where: str):
    """A file's value for `block`, as the StreamField raw data that block's `to_python` reads."""
    if isinstance(block, blocks.StructBlock):
        if not isinstance(value, dict):
            raise DemoDataError(f"{where}: expected a table of {', '.join(block.child_blocks)}")
        unknown = sorted(set(value) - set(block.child_blocks))
        if unknown:
            raise DemoDataError(
                f"{where}: unknown field {', '.join(unknown)} (it takes: {', '.join(block.child_blocks)})"
            )
        return {
            name: raw_block_value(child, value[name], f"{where}.{name}")
            for name, child in block.child_blocks.items()
            if name in value
        }
    if isinstance(block, blocks.ListBlock):
        if not isinstance(value, list):
            raise DemoDataError(f"{where}: expected a list")
        return [
            raw_block_value(block.child_block, item, f"{where}[{index}]")
            for index, item in enumerate(value, start=1)
        ]
    if isinstance(block, blocks.RichTextBlock):
        if not isinstance(value, str):
            raise DemoDataError(f"{where}: expected rich text (a string of HTML)")
        return collapse_html(value)
    if isinstance(block, DocumentChooserBlock):
        if not isinstance(value, str):
            raise DemoDataError(f"{where}: expected a document key from demo/documents.toml")
        return f"doc:{value}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def body_from_file(entries: list, where: str, stream_block: blocks.StreamBlock | None = None) -> list[dict]:
    """`[[body]]` entries, each a table with one key naming a block, as StreamField raw data."""
    stream_block = stream_block or BodyBlock()
    children = stream_block.child_blocks
    body = []
    for index, entry in enumerate(entries, start=1):
        here = f"{where}: body entry {index}"
        if not isinstance(entry, dict) or len(entry) != 1:
            raise DemoDataError(f"{here}: each [[body]] entry names exactly one block")
        ((name, value),) = entry.items()
        if name == "sources":
            raise DemoDataError(
                f"{here}: list sources under [[sources]] at the end of the file, not in the body"
            )
        if name not in children:
            choices = ", ".join(n for n in children if n != "sources")
            raise DemoDataError(f"{here}: unknown block {name!r} (blocks: {choices})")
        body.append({"type": name, "value": raw_block_value(children[name], value, f"{here} ({name})")})
    return body


def read_sources(root: Path = DEMO_DIR) -> dict[str, dict]:
    registry = read_toml(root / "sources.toml", root)
    for key, entry in registry.items():
        check_keys(entry, {"title", "url", "checked"}, set(), f"demo/sources.toml [{key}]")
        if not entry["url"].startswith("https://"):
            raise DemoDataError(f"demo/sources.toml [{key}]: use a secure (https) address")
        if not isinstance(entry["checked"], datetime.date):
            raise DemoDataError(f"demo/sources.toml [{key}]: checked must be a date, like 2026-11-02")
    return registry


def sources_from_file(entries: list, registry: dict[str, dict], where: str) -> dict:
    """A page's `[[sources]]` (each: source = a key of demo/sources.toml, supports = what it supports)."""
    items, seen = [], set()
    for index, entry in enumerate(entries, start=1):
        here = f"{where}: sources entry {index}"
        if not isinstance(entry, dict):
            raise DemoDataError(f"{here}: expected a table with source and supports")
        check_keys(entry, {"source"}, {"supports"}, here)
        key = entry["source"]
        if key not in registry:
            raise DemoDataError(f"{here}: no source {key!r} in demo/sources.toml")
        if key in seen:
            raise DemoDataError(f"{here}: {key!r} is listed twice")
        seen.add(key)
        found = registry[key]
        items.append(source_item(found["title"], found["url"], found["checked"], entry.get("supports", "")))
    return sources_block(*items)


def read_page(path: Path, page_path: str, registry: dict[str, dict], root: Path = DEMO_DIR) -> PageSpec:
    where = file_name(path, root)
    data = read_toml(path, root)
    kind = data.get("type")
    if kind not in PAGE_TYPES:
        raise DemoDataError(f"{where}: type must be one of {', '.join(PAGE_TYPES)}, not {kind!r}")
    required, optional = PAGE_TYPES[kind]
    check_keys(data, required | COMMON_KEYS, optional, where)
    body = body_from_file(data.pop("body", []), where)
    if data.get("sources"):
        body.append(sources_from_file(data.pop("sources"), registry, where))
    fields = {key: value for key, value in data.items() if key not in ("type", "order")}
    if "illustration" in fields:
        fields["illustration"] = media_file(root, "images", fields["illustration"], where)
    return PageSpec(path=page_path, file=path, type=kind, order=data["order"], fields=fields, body=body)


def read_pages(root: Path = DEMO_DIR) -> list[PageSpec]:
    """Every page under demo/pages, parents before children and siblings in `order`. A folder is a page
    with children: its own content is its index.toml."""
    registry = read_sources(root)
    pages_dir = root / "pages"

    def walk(folder: Path, prefix: str) -> list[PageSpec]:
        found = []
        for path in folder.iterdir():
            if path.is_dir():
                continue
            if path.suffix != ".toml" or path.name == "index.toml":
                continue
            found.append((read_page(path, f"{prefix}{path.stem}", registry, root), None))
        for sub in folder.iterdir():
            if sub.is_dir():
                index = sub / "index.toml"
                if not index.exists():
                    raise DemoDataError(f"{file_name(sub, root)}: a page folder needs an index.toml")
                found.append((read_page(index, f"{prefix}{sub.name}", registry, root), sub))
        found.sort(key=lambda pair: (pair[0].order, pair[0].slug))
        ordered = []
        for spec, sub in found:
            ordered.append(spec)
            if sub is not None:
                ordered.extend(walk(sub, f"{spec.path}/"))
        return ordered

    home = read_page(pages_dir / "index.toml", "", registry, root)
    if home.type != "home":
        raise DemoDataError('demo/pages/index.toml: the top page must have type = "home"')
    return [home, *walk(pages_dir, "")]


def read_taxonomy(root: Path = DEMO_DIR) -> dict[str, list[dict]]:
    data = read_toml(root / "taxonomy.toml", root)
    check_keys(data, set(TAXONOMY_KINDS), set(), "demo/taxonomy.toml")
    for kind in TAXONOMY_KINDS:
        for index, row in enumerate(data[kind], start=1):
            if not row.get("slug") or not row.get("name"):
                raise DemoDataError(f"demo/taxonomy.toml: {kind} {index} needs a name and a slug")
            row.setdefault("sort_order", index)
    return data


def read_documents(root: Path = DEMO_DIR) -> list[dict]:
    documents = read_toml(root / "documents.toml", root).get("document", [])
    for index, spec in enumerate(documents, start=1):
        where = f"demo/documents.toml: document {index}"
        check_keys(spec, *DOCUMENT_KEYS, where)
        spec.setdefault("members_only", False)
        spec["path"] = media_file(root, "documents", spec["filename"], where)
    return documents


def media_file(root: Path, kind: str, name: str, where: str) -> Path:
    """A committed demo file in demo/media/<kind>/, refusing names that would leave that folder."""
    folder = (root / "media" / kind).resolve()
    path = (folder / name).resolve()
    if path.parent != folder or not path.is_file():
        raise DemoDataError(f"{where}: no file demo/media/{kind}/{name}")
    return path


def read_resources(root: Path = DEMO_DIR) -> list[dict]:
    resources = read_toml(root / "resources.toml", root).get("resource", [])
    for index, spec in enumerate(resources, start=1):
        where = f"demo/resources.toml: resource {index} ({spec.get('title', 'no title')})"
        check_keys(spec, RESOURCE_KEYS[0], RESOURCE_KEYS[1] | set(RESOURCE_LINKS), where)
        links = [key for key in RESOURCE_LINKS if key in spec]
        if len(links) != 1:
            raise DemoDataError(f"{where}: link to exactly one of url, page or doc")
        if "url" in spec and not spec["url"].startswith("https://"):
            raise DemoDataError(f"{where}: use a secure (https) address")
    return resources


def validate_stream(stream_block: blocks.StreamBlock, raw: list[dict], where: str) -> None:
    """The blocks' own clean(), as the page editor runs it, on a body whose references are resolved."""
    try:
        stream_block.clean(stream_block.to_python(raw))
    except ValidationError as exc:
        detail = exc.as_json_data() if hasattr(exc, "as_json_data") else exc.messages
        raise DemoDataError(f"{where}: the body does not pass the editor's checks: {detail}") from exc
