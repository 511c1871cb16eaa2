"""The data migration that turns a page's old "Source · Last checked" boxes into its one Sources list."""

from cms.stream_migrations import SourceBoxesToSourcesList


def box(url: str, statement: str = "", block_id: str = "") -> dict:
    return {
        "type": "source",
        "id": block_id or url,
        "value": {
            "statement": statement,
            "source_title": f"Title of {url}",
            "source_url": url,
            "last_checked": "2026-11-02",
        },
    }


TEXT_A = {"type": "rich_text", "id": "a", "value": "<p>A</p>"}
TEXT_B = {"type": "rich_text", "id": "b", "value": "<p>B</p>"}


def test_boxes_scattered_through_a_body_become_one_list_at_the_end_in_order():
    body = [
        TEXT_A,
        box("https://www.hcpc-uk.org/one/", "first"),
        TEXT_B,
        box("https://www.gov.uk/two", "second"),
    ]

    migrated = SourceBoxesToSourcesList().apply(body)

    assert [child["type"] for child in migrated] == ["rich_text", "rich_text", "sources"]
    items = migrated[-1]["value"]["items"]
    assert [item["value"]["source_url"] for item in items] == [
        "https://www.hcpc-uk.org/one/",
        "https://www.gov.uk/two",
    ]
    assert [item["value"]["statement"] for item in items] == ["first", "second"]
    assert migrated[-1]["value"]["heading"] == "Sources"


def test_the_same_address_cited_twice_is_listed_once_with_both_statements():
    body = [
        box("https://www.hcpc-uk.org/one/", "fees", "x"),
        TEXT_A,
        box("https://www.hcpc-uk.org/one", "dates", "y"),
    ]

    items = SourceBoxesToSourcesList().apply(body)[-1]["value"]["items"]

    assert len(items) == 1
    assert items[0]["value"]["statement"] == "fees; dates"


def test_a_body_without_boxes_is_left_as_it_was():
    body = [TEXT_A, TEXT_B]
    assert SourceBoxesToSourcesList().apply(body) == body


def test_boxes_join_a_sources_list_the_page_already_has_and_it_moves_to_the_end():
    existing = {
        "type": "sources",
        "id": "s",
        "value": {
            "heading": "Sources",
            "items": [{"type": "item", "id": "i", "value": box("https://a.example/")["value"]}],
        },
    }
    migrated = SourceBoxesToSourcesList().apply([existing, TEXT_A, box("https://b.example/")])

    assert [child["type"] for child in migrated] == ["rich_text", "sources"]
    assert [item["value"]["source_url"] for item in migrated[-1]["value"]["items"]] == [
        "https://a.example/",
        "https://b.example/",
    ]
