"""The anonymous page cache (portal/page_cache.py): who is served from it, what fills it, and when it
is emptied. Each test turns the cache on (the test settings leave it off for the rest of the suite)."""

import gzip

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest

from cms.factories import GuidancePageFactory, NewsPageFactory, rich_text
from tests.conftest import PASSWORD, publish, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def anon():
    return Client(HTTP_HOST="localhost")


@pytest.fixture
def news_item(news_index, taxonomy):
    return NewsPageFactory(parent=news_index, title="Campaign day", topics=[taxonomy.hcpc])


def test_second_anonymous_request_is_answered_from_the_cache_without_a_query(
    anon, news_item, django_assert_num_queries
):
    first = anon.get(news_item.url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = anon.get(news_item.url)
    assert second.status_code == 200
    assert second.content == first.content
    assert "Campaign day" in visible_text(second)


def test_public_page_carries_public_cache_headers_and_an_etag(anon, news_item, settings):
    response = anon.get(news_item.url)
    cache_control = response.headers["Cache-Control"]
    assert "public" in cache_control
    assert f"max-age={settings.PAGE_CACHE_MAX_AGE}" in cache_control
    assert "stale-while-revalidate" in cache_control
    assert "cookie" in response.headers["Vary"].lower()
    assert response.headers["ETag"].startswith('W/"')
    assert not response.cookies


def test_matching_if_none_match_gets_304_and_a_changed_page_gets_200(anon, news_item, news_index):
    etag = anon.get(news_item.url).headers["ETag"]
    not_modified = anon.get(news_item.url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""

    news_item.title = "Campaign day, updated"
    publish(news_item)
    fresh = anon.get(news_item.url, HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200
    assert fresh.headers["ETag"] != etag
    assert "Campaign day, updated" in visible_text(fresh)


def test_cached_page_goes_gzipped_to_readers_that_accept_it(anon, news_item):
    plain = anon.get(news_item.url).content
    zipped = anon.get(news_item.url, HTTP_ACCEPT_ENCODING="gzip, br")
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain
    assert int(zipped.headers["Content-Length"]) == len(zipped.content)


def test_head_request_is_answered_from_the_cache(anon, news_item, django_assert_num_queries):
    anon.get(news_item.url)
    with django_assert_num_queries(0):
        response = anon.head(news_item.url)
    assert response.status_code == 200


def test_publishing_a_new_item_shows_it_on_the_listing_next_time(anon, news_item, news_index):
    assert "Second item" not in visible_text(anon.get(news_index.url))
    draft = NewsPageFactory.build(title="Second item", body=rich_text("More."), live=False)
    news_index.add_child(instance=draft)
    assert "Second item" not in visible_text(anon.get(news_index.url))
    publish(draft)
    assert "Second item" in visible_text(anon.get(news_index.url))


def test_unpublishing_a_page_takes_it_off_listing_and_address(anon, news_item, news_index):
    assert "Campaign day" in visible_text(anon.get(news_index.url))
    assert anon.get(news_item.url).status_code == 200
    news_item.unpublish()
    assert "Campaign day" not in visible_text(anon.get(news_index.url))
    assert anon.get(news_item.url).status_code == 404


def test_moving_a_page_moves_it_between_hub_listings(anon, rtp_hub, ir_hub):
    guidance = GuidancePageFactory(parent=rtp_hub, title="Moving guidance")
    assert "Moving guidance" in visible_text(anon.get(rtp_hub.url))
    assert "Moving guidance" not in visible_text(anon.get(ir_hub.url))
    guidance.move(ir_hub, pos="last-child")
    assert "Moving guidance" not in visible_text(anon.get(rtp_hub.url))
    assert "Moving guidance" in visible_text(anon.get(ir_hub.url))


def test_deleting_a_page_takes_it_off_the_listing(anon, news_item, news_index):
    assert "Campaign day" in visible_text(anon.get(news_index.url))
    news_item.delete()
    assert "Campaign day" not in visible_text(anon.get(news_index.url))


def test_editing_a_snippet_shown_on_a_page_shows_the_new_wording(anon, news_item, taxonomy):
    assert "HCPC registration" in visible_text(anon.get(news_item.url))
    taxonomy.hcpc.name = "Registering with the HCPC"
    taxonomy.hcpc.save()
    text = visible_text(anon.get(news_item.url))
    assert "Registering with the HCPC" in text
    assert "HCPC registration" not in text


def test_restricting_a_cached_page_stops_serving_it(anon, news_item):
    assert anon.get(news_item.url).status_code == 200
    PageViewRestriction.objects.create(page=news_item, restriction_type=PageViewRestriction.LOGIN)
    assert anon.get(news_item.url).status_code == 302


def test_signed_in_reader_is_never_served_the_cached_page(anon, news_item, user):
    anon.get(news_item.url)
    reader = Client(HTTP_HOST="localhost")
    reader.force_login(user)
    response = reader.get(news_item.url)
    assert "Sign out" in visible_text(response)
    assert "no-store" in response.headers["Cache-Control"]
    assert "public" not in response.headers["Cache-Control"]


def test_signed_in_reader_never_fills_the_cache(news_item, user):
    reader = Client(HTTP_HOST="localhost")
    reader.force_login(user)
    reader.get(news_item.url)
    reader.get(news_item.url)
    anon = Client(HTTP_HOST="localhost")
    with CaptureQueriesContext(connection) as rendered:
        first = anon.get(news_item.url)
    assert len(rendered.captured_queries) > 0
    assert "Sign out" not in visible_text(first)
    assert "public" in first.headers["Cache-Control"]


def test_signing_in_through_the_form_then_reading_bypasses_the_cache(anon, news_item, user):
    anon.get(news_item.url)
    anon.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert "Sign out" in visible_text(anon.get(news_item.url))


def test_page_with_a_csrf_form_is_not_cached(anon, news_item):
    PageViewRestriction.objects.create(
        page=news_item, restriction_type=PageViewRestriction.PASSWORD, password="letmein-2026"
    )
    first = anon.get(news_item.url)
    assert first.status_code == 200
    assert b"csrfmiddlewaretoken" in first.content
    with CaptureQueriesContext(connection) as rendered:
        second = anon.get(news_item.url)
    assert len(rendered.captured_queries) > 0
    assert b"csrfmiddlewaretoken" in second.content
    assert "public" not in second.headers.get("Cache-Control", "")
    assert "private" in second.headers["Cache-Control"]


def test_request_carrying_messages_is_not_served_from_the_cache(anon, news_item):
    anon.get(news_item.url)
    anon.cookies["messages"] = "anything"
    with CaptureQueriesContext(connection) as rendered:
        response = anon.get(news_item.url)
    assert len(rendered.captured_queries) > 0
    assert response.status_code == 200
    assert "public" not in response.headers.get("Cache-Control", "")


def test_non_page_views_are_not_cached(anon, home_page):
    anon.get("/accounts/login/")
    login = anon.get("/accounts/login/")
    assert b"csrfmiddlewaretoken" in login.content
    assert "public" not in login.headers.get("Cache-Control", "")
    assert "private" in login.headers["Cache-Control"]


def test_post_is_never_answered_from_the_cache(anon, news_item):
    anon.get(news_item.url)
    with CaptureQueriesContext(connection) as rendered:
        response = anon.post(news_item.url)
    assert len(rendered.captured_queries) > 0
    assert "ETag" not in response.headers
    assert "public" not in response.headers.get("Cache-Control", "")


def test_cache_off_means_every_request_renders(anon, news_item, settings):
    settings.PAGE_CACHE_ENABLED = False
    anon.get(news_item.url)
    with CaptureQueriesContext(connection) as rendered:
        response = anon.get(news_item.url)
    assert len(rendered.captured_queries) > 0
    assert "public" not in response.headers.get("Cache-Control", "")
