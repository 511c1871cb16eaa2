"""The demo content files in demo/ and their loader (portal/demo_data.py): every file reads and checks
without a database, and a mistake in a file is reported with the file and the entry, never a traceback
from deep inside Wagtail."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cms.blocks import BodyBlock
from portal import demo_data
from portal.demo_data import DEMO_DIR, DemoDataError


def test_every_demo_file_reads_and_every_page_has_a_known_type():
    pages = demo_data.read_pages()

    assert pages[0].type == "home" and pages[0].path == ""
    paths = [page.path for page in pages]
    assert len(paths) == len(set(paths)) >= 50
    for page in pages:
        assert page.parent_path is None or page.parent_path in paths[: paths.index(page.path)], (
            f"{page.file}: parent comes after it"
        )
    assert demo_data.read_resources() and demo_data.read_documents()
    assert set(demo_data.read_taxonomy()) == {"pathway", "nation", "audience", "topic"}


def test_guidance_and_news_end_with_one_sources_list_built_from_the_registry():
    registry = demo_data.read_sources()
    urls = {entry["url"] for entry in registry.values()}
    for page in demo_data.read_pages():
        if page.type not in ("guidance", "news"):
            continue
        kinds = [block["type"] for block in page.body]
        assert kinds.count("sources") == 1 and kinds[-1] == "sources", page.file
        for item in page.body[-1]["value"]["items"]:
            assert item["source_url"] in urls


def test_bodies_are_stream_data_of_the_body_block():
    stream_block = BodyBlock()
    for page in demo_data.read_pages():
        # to_python needs no database for blocks other than choosers, whose ids the seeder resolves.
        for block in page.body:
            assert block["type"] in stream_block.child_blocks, page.file


@pytest.fixture
def demo_copy(tmp_path) -> Path:
    root = tmp_path / "demo"
    shutil.copytree(DEMO_DIR, root)
    return root


PAGE = "pages/returning-to-practice/hcpc-updating-requirement.toml"


def _edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    "old, new, message",
    [
        ('type = "guidance"', 'type = "blog"', "type must be one of"),
        ('owner = "', 'writer = "', "missing owner"),
        ("[[body]]\nrich_text", "[[body]]\nquote", "body entry 1: unknown block 'quote'"),
        ('[body.callout]\nkind = "important"', '[body.callout]\ncolour = "red"', "unknown field colour"),
        ('source = "hcpc-updating"', 'source = "no-such-source"', "no source 'no-such-source'"),
        ('title = "The HCPC', "title = The HCPC", "not valid TOML"),
    ],
)
def test_a_mistake_in_a_page_file_names_the_file_and_the_entry(demo_copy, old, new, message):
    _edit(demo_copy, PAGE, old, new)

    with pytest.raises(DemoDataError) as exc_info:
        demo_data.read_pages(demo_copy)

    assert "demo/pages/returning-to-practice/hcpc-updating-requirement.toml" in str(exc_info.value)
    assert message in str(exc_info.value)


def test_a_source_placed_in_the_body_is_refused(demo_copy):
    _edit(
        demo_copy,
        PAGE,
        "[[body]]\nrich_text",
        '[[body]]\n[body.sources]\nheading = "Sources"\n\n[[body]]\nrich_text',
    )
    with pytest.raises(DemoDataError, match="list sources under"):
        demo_data.read_pages(demo_copy)


def test_an_insecure_source_address_is_refused(demo_copy):
    _edit(demo_copy, "sources.toml", 'url = "https://', 'url = "http://')
    with pytest.raises(DemoDataError, match="https"):
        demo_data.read_sources(demo_copy)


def test_a_resource_with_two_links_is_refused(demo_copy):
    _edit(
        demo_copy,
        "resources.toml",
        'doc = "updating-log"',
        'doc = "updating-log"\nurl = "https://a.example/"',
    )
    with pytest.raises(DemoDataError, match="exactly one of url, page or doc"):
        demo_data.read_resources(demo_copy)


@pytest.mark.django_db
def test_a_body_that_fails_the_editor_s_checks_is_reported_with_its_file():
    raw = [
        {
            "type": "step_by_step",
            "value": {"heading": "Steps", "steps": [{"title": "Only one", "body": "<p>x</p>"}]},
        }
    ]
    with pytest.raises(DemoDataError) as exc_info:
        demo_data.validate_stream(BodyBlock(), raw, "demo/pages/x.toml")
    assert str(exc_info.value).startswith("demo/pages/x.toml: the body does not pass the editor's checks")


def test_documents_and_illustrations_are_committed_files(demo_copy):
    for spec in demo_data.read_documents(demo_copy):
        assert spec["path"].is_file() and spec["path"].stat().st_size > 1000
    illustrated = [page for page in demo_data.read_pages(demo_copy) if page.type == "case_study"]
    assert illustrated and all(page.fields["illustration"].is_file() for page in illustrated)
    assert all(page.fields["illustration_alt"].strip() for page in illustrated)


def test_a_media_name_cannot_leave_the_media_folder(demo_copy):
    _edit(demo_copy, "documents.toml", 'filename = "updating-days-log.docx"', 'filename = "../../README.md"')
    with pytest.raises(DemoDataError, match="no file demo/media/documents/../../README.md"):
        demo_data.read_documents(demo_copy)
