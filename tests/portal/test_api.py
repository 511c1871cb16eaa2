"""The read-only Wagtail API v2: live public pages only, filterable by type."""

from wagtail.models import PageViewRestriction

import pytest

from cms.factories import GuidancePageFactory, NewsPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def titles(response):
    assert response.status_code == 200
    return {item["title"] for item in response.json()["items"]}


def test_pages_endpoint_lists_live_public_pages(client, home_page, rtp_hub, news_index):
    GuidancePageFactory(parent=rtp_hub, title="Updating days")
    NewsPageFactory(parent=news_index, title="Fees change")

    found = titles(client.get("/api/v2/pages/", {"limit": 50}))

    assert {"Home", "Returning to practice", "Updating days", "News", "Fees change"} <= found


def test_pages_endpoint_leaves_out_drafts_and_restricted_pages(client, home_page, rtp_hub):
    GuidancePageFactory(parent=rtp_hub, title="Draft guidance", live=False)
    private = StandardPageFactory(parent=home_page, title="Staff handbook")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    StandardPageFactory(parent=private, title="Handbook chapter")
    GuidancePageFactory(parent=rtp_hub, title="Public guidance")

    found = titles(client.get("/api/v2/pages/", {"limit": 50}))

    assert "Public guidance" in found
    assert "Draft guidance" not in found
    assert "Staff handbook" not in found
    assert "Handbook chapter" not in found


def test_pages_endpoint_leaves_out_wagtails_tree_root_and_welcome_page(client, home_page):
    found = titles(client.get("/api/v2/pages/"))
    assert found == {"Home"}


def test_pages_endpoint_detail_of_a_draft_is_404(client, rtp_hub):
    draft = GuidancePageFactory(parent=rtp_hub, title="Draft guidance", live=False)
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404


def test_pages_endpoint_filters_by_type(client, home_page, rtp_hub, news_index):
    first = GuidancePageFactory(parent=rtp_hub, title="Updating days", search_description="Days you need.")
    GuidancePageFactory(parent=rtp_hub, title="Finding a supervisor")
    NewsPageFactory(parent=news_index, title="Fees change")

    response = client.get("/api/v2/pages/", {"type": "cms.GuidancePage", "fields": "search_description"})

    assert titles(response) == {"Updating days", "Finding a supervisor"}
    items = {item["title"]: item for item in response.json()["items"]}
    assert items["Updating days"]["meta"]["type"] == "cms.GuidancePage"
    assert items["Updating days"]["meta"]["html_url"] == f"http://localhost{first.url}"
    assert items["Updating days"]["meta"]["search_description"] == "Days you need."


def test_pages_endpoint_rejects_an_unknown_type_with_400(client, home_page):
    response = client.get("/api/v2/pages/", {"type": "cms.NoSuchPage"})
    assert response.status_code == 400


def test_api_is_read_only(client, home_page):
    assert client.post("/api/v2/pages/", {"title": "Injected"}).status_code == 405


def test_api_caps_the_page_size(client, home_page):
    response = client.get("/api/v2/pages/", {"limit": 500})
    assert response.status_code == 400


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents", "resources"])
@pytest.mark.parametrize("search", ['"', 'say "hello', "nul\x00byte", "'", "(", "a:b", "*"])
def test_api_search_with_search_syntax_or_a_nul_byte_is_not_a_server_error(
    client, home_page, endpoint, search
):
    """A double quote ended SQLite's FTS5 phrase early ("unterminated string") and a NUL byte broke the
    MATCH ("datatype mismatch"): both answered 500 on the public API."""
    GuidancePageFactory(parent=home_page, title="Say hello to updating days")
    response = client.get(f"/api/v2/{endpoint}/", {"search": search})
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents", "resources"])
def test_api_refuses_an_offset_too_large_for_the_database_with_400(client, home_page, endpoint):
    response = client.get(f"/api/v2/{endpoint}/", {"offset": "9" * 25})
    assert response.status_code == 400
    assert client.get(f"/api/v2/{endpoint}/", {"offset": "1000"}).status_code == 200


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents", "resources"])
@pytest.mark.parametrize("odd", ["²", "1.5", "x", "\x00", "-1"])
def test_api_find_with_an_id_that_is_not_a_number_is_a_400(client, home_page, endpoint, odd):
    """Wagtail's find view looked the id up as given: anything but digits was a ValueError, a 500."""
    assert client.get(f"/api/v2/{endpoint}/find/", {"id": odd}).status_code == 400
    assert client.get(f"/api/v2/{endpoint}/find/", {"id": "999999"}).status_code == 404
