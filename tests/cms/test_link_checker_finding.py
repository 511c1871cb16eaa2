"""Which links the daily link check (cms/links.py) finds: every external address in published content,
wherever a block keeps it, and nothing from drafts, old revisions or unpublished pages.

Published content, for the checker: live pages (every StreamField block, nested struct, list and stream
blocks included, and rich-text fields), live resources of the managers' library, and the pathways'
reference snippets (nation support, steps, countries), whose text and sources are shown on the live
pathway finder and in people's plans. Finding links makes no request: nothing here is fetched."""

from __future__ import annotations

import datetime

import pytest

from cms.factories import GuidancePageFactory, ResourceFactory, rich_text, source_item, sources_block
from cms.links import collect_links
from pathways.factories import NationSupportFactory, PathwayStepFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 1)


def link(path: str) -> str:
    return f"https://links.example/{path}"


def a(path: str) -> str:
    return f'<p>See <a href="{link(path)}">{path}</a>.</p>'


def every_block_body() -> list[dict]:
    return [
        {"type": "rich_text", "value": a("rich-text")},
        {"type": "callout", "value": {"kind": "info", "heading": "Note", "body": a("callout")}},
        {
            "type": "step_by_step",
            "value": {
                "heading": "Steps",
                "steps": [
                    {"title": "One", "body": a("step-1")},
                    {"title": "Two", "body": a("step-2")},
                ],
            },
        },
        {
            "type": "accordion",
            "value": {"heading": "Questions", "items": [{"question": "Why?", "answer": a("accordion")}]},
        },
        {
            "type": "embed",
            "value": {"embed": link("video"), "title": "A video", "transcript": a("transcript")},
        },
        sources_block(
            source_item("First source", link("source-1"), DAY),
            source_item("Second source", link("source-2"), DAY),
        ),
    ]


def test_every_block_of_a_live_page_is_searched_for_links(rtp_hub):
    page = GuidancePageFactory(parent=rtp_hub, title="Every block", body=every_block_body())

    found = collect_links()

    expected = {
        link(p)
        for p in (
            "rich-text",
            "callout",
            "step-1",
            "step-2",
            "accordion",
            "video",
            "transcript",
            "source-1",
            "source-2",
        )
    }
    assert set(found) == expected
    assert all(found[url]["pages"] == {page.pk} for url in expected)


def test_drafts_old_revisions_and_unpublished_pages_are_left_out(rtp_hub):
    page = GuidancePageFactory(parent=rtp_hub, title="Published", body=rich_text(a("old")))
    page.save_revision().publish()
    page.body = rich_text(a("published"))
    page.save_revision().publish()
    page.body = rich_text(a("draft-only"))
    page.save_revision()  # a draft of the live page, not published
    GuidancePageFactory(parent=rtp_hub, title="Never published", live=False, body=rich_text(a("unpublished")))
    withdrawn = GuidancePageFactory(parent=rtp_hub, title="Withdrawn", body=rich_text(a("withdrawn")))
    withdrawn.unpublish()

    assert set(collect_links()) == {link("published")}


def test_resources_count_only_when_live(rtp_hub):
    ResourceFactory(title="Live resource", link_url=link("resource"))
    ResourceFactory(title="Draft resource", link_url=link("draft-resource"), live=False)

    found = collect_links()

    assert set(found) == {link("resource")}
    assert found[link("resource")]["used_in"][0]["title"] == "Live resource"


def test_the_pathways_reference_text_and_sources_are_searched(taxonomy):
    NationSupportFactory(
        nation=taxonomy.wales,
        returner_funding=a("funding"),
        contacts=a("contacts"),
        recruit_support=a("recruit-support"),
        recruit_contacts=a("recruit-contacts"),
        source_url=link("nation-source"),
        recruit_source_url=link("recruit-source"),
    )
    PathwayStepFactory(title="Live step", body=a("step-body"), source_url=link("step-source"))
    PathwayStepFactory(title="Draft step", body=a("draft-step"), live=False)

    assert set(collect_links()) == {
        link(p)
        for p in (
            "funding",
            "contacts",
            "recruit-support",
            "recruit-contacts",
            "nation-source",
            "recruit-source",
            "step-body",
            "step-source",
        )
    }


def test_only_web_addresses_are_links_to_check(rtp_hub):
    body = rich_text(
        '<a href="mailto:team@sor.example">email</a> <a href="tel:+441234">phone</a> '
        '<a href="#section">anchor</a> <a href="/relative/">relative</a> '
        '<a href="javascript:alert(1)">script</a> <a href="ftp://files.example/x">ftp</a> '
        f'<a href=" {link("spaced")} ">spaced</a>'
    )
    GuidancePageFactory(parent=rtp_hub, title="Odd links", body=body)

    assert set(collect_links()) == {link("spaced")}
