"""News: the index (newest first, 10 a page, topic filter) and its RSS 2.0 feed."""

import datetime
import xml.etree.ElementTree as ET  # noqa: S405  (parses the portal's own feed)
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

from cms.factories import NewsPageFactory
from tests.conftest import link_hrefs, publish, visible_text

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 3, 1)


@pytest.fixture
def twelve_news_items(news_index, taxonomy):
    """Twelve published news items, made oldest date last so creation order differs from date order."""
    items = []
    for n in range(12):
        items.append(
            publish(
                NewsPageFactory(
                    parent=news_index,
                    title=f"News story {n + 1:02d}",
                    date=START - datetime.timedelta(days=n),
                    topics=[taxonomy.visas] if n % 3 == 0 else [taxonomy.hcpc],
                )
            )
        )
    return items


def titles_in_order(response, candidates):
    text = visible_text(response)
    found = [(text.find(title), title) for title in candidates if title in text]
    return [title for _, title in sorted(found)]


def test_index_lists_newest_first_ten_a_page(client, twelve_news_items):
    titles = [item.title for item in twelve_news_items]

    first = client.get("/news/")

    assert first.status_code == 200
    assert titles_in_order(first, titles) == titles[:10]


def test_index_page_two_holds_the_rest_and_page_three_is_404(client, twelve_news_items):
    titles = [item.title for item in twelve_news_items]
    first = client.get("/news/")
    page_two_links = [href for href in link_hrefs(first) if "page=2" in href]
    assert page_two_links, "no link to page 2"

    second = client.get(urljoin("/news/", page_two_links[0]))

    assert second.status_code == 200
    assert titles_in_order(second, titles) == titles[10:]
    assert client.get("/news/", {"page": "3"}).status_code == 404
    assert client.get("/news/", {"page": "abc"}).status_code == 404


def test_topic_filter_narrows_the_index(client, twelve_news_items):
    visas = [item.title for n, item in enumerate(twelve_news_items) if n % 3 == 0]
    all_titles = [item.title for item in twelve_news_items]

    response = client.get("/news/", {"topic": "visas"})

    assert response.status_code == 200
    assert titles_in_order(response, all_titles) == visas


def test_topic_filter_is_kept_on_page_links(client, news_index, taxonomy):
    for n in range(14):
        NewsPageFactory(parent=news_index, title=f"Fees item {n:02d}", topics=[taxonomy.hcpc])
    NewsPageFactory(parent=news_index, title="Visa item", topics=[taxonomy.visas])

    response = client.get("/news/", {"topic": "hcpc-registration"})

    page_two_links = [href for href in link_hrefs(response) if "page=2" in href]
    assert page_two_links
    for href in page_two_links:
        assert parse_qs(urlsplit(href).query).get("topic") == ["hcpc-registration"], href
    second = client.get(urljoin("/news/", page_two_links[0]))
    assert "Visa item" not in visible_text(second)
    assert len([n for n in range(14) if f"Fees item {n:02d}" in visible_text(second)]) == 4


def test_unknown_topic_shows_all_news(client, twelve_news_items):
    response = client.get("/news/", {"topic": "<script>x</script>"})
    assert response.status_code == 200
    assert len(titles_in_order(response, [item.title for item in twelve_news_items])) == 10
    assert "<script>x</script>" not in response.content.decode()


def test_unpublished_news_is_absent_from_index_and_feed(client, twelve_news_items, news_index):
    NewsPageFactory(
        parent=news_index, title="Embargoed announcement", date=START + datetime.timedelta(days=5), live=False
    )

    assert "Embargoed announcement" not in visible_text(client.get("/news/"))
    assert "Embargoed announcement" not in client.get("/news/feed/").content.decode()
    assert client.get("/news/embargoed-announcement/").status_code == 404


def _feed(client):
    response = client.get("/news/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(("application/rss+xml", "application/xml", "text/xml"))
    return ET.fromstring(response.content)  # noqa: S314  (the portal's own feed)


def test_feed_is_valid_rss_2_newest_first(client, twelve_news_items):
    rss = _feed(client)

    assert rss.tag == "rss"
    assert rss.get("version") == "2.0"
    channel = rss.find("channel")
    assert channel is not None
    assert channel.findtext("title")
    assert channel.findtext("link", "").startswith("http://testserver/news/")
    assert channel.findtext("description")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [news.title for news in twelve_news_items]
    for item, news in zip(items, twelve_news_items, strict=True):
        assert item.findtext("link") == f"http://testserver{news.url}"
        assert item.findtext("description") == news.search_description
        assert item.findtext("pubDate"), f"{news.title} has no pubDate"
    assert [c.text for c in items[0].findall("category")] == ["Visas"]


def test_feed_dates_are_the_news_dates_so_readers_sort_as_the_site_does(client, twelve_news_items):
    items = _feed(client).find("channel").findall("item")

    published = [parsedate_to_datetime(item.findtext("pubDate")) for item in items]
    assert published == sorted(published, reverse=True), "pubDate runs against the feed's order"
    for when, news in zip(published, twelve_news_items, strict=True):
        assert when.date() == news.date, f"{news.title}: pubDate {when} is not its news date {news.date}"


def test_feed_filters_by_nothing_and_caps_at_twenty(client, news_index):
    for n in range(23):
        NewsPageFactory(parent=news_index, title=f"Bulletin {n:02d}")

    items = _feed(client).find("channel").findall("item")

    assert len(items) == 20
