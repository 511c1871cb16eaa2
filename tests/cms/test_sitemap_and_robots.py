"""sitemap.xml names every published public page and nothing else; robots.txt points at it."""

import xml.etree.ElementTree as ET  # noqa: S405  (parses the portal's own sitemap)
from urllib.parse import urlsplit

from wagtail.models import PageViewRestriction

import pytest

from cms.factories import GuidancePageFactory, NewsPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_paths(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314
    return [urlsplit(loc.text).path for loc in root.findall("sm:url/sm:loc", NS)]


def test_sitemap_lists_published_public_pages(
    client, home_page, rtp_hub, library, news_index, case_study_index
):
    guidance = GuidancePageFactory(parent=rtp_hub, title="Updating days", slug="updating-days")
    news = NewsPageFactory(parent=news_index, title="Fees change", slug="fees-change")

    paths = sitemap_paths(client)

    for expected in (
        "/",
        "/returning-to-practice/",
        "/returning-to-practice/updating-days/",
        "/managers/",
        "/news/",
        "/news/fees-change/",
        "/case-studies/",
    ):
        assert expected in paths, f"{expected} missing from the sitemap"
    assert guidance.url in paths and news.url in paths
    assert len(paths) == len(set(paths)), "a page is listed twice"


def test_sitemap_leaves_out_drafts_and_restricted_pages(client, home_page, rtp_hub):
    GuidancePageFactory(parent=rtp_hub, title="Draft", slug="draft-guidance", live=False)
    private = StandardPageFactory(parent=home_page, title="Staff only", slug="staff-only")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    under_private = StandardPageFactory(parent=private, title="Below staff only", slug="below")
    password = StandardPageFactory(parent=home_page, title="Password page", slug="password-page")
    PageViewRestriction.objects.create(
        page=password, restriction_type=PageViewRestriction.PASSWORD, password="letmein-please"
    )

    paths = sitemap_paths(client)

    assert "/returning-to-practice/draft-guidance/" not in paths
    assert "/staff-only/" not in paths
    assert under_private.url not in paths
    assert "/password-page/" not in paths
    assert "/returning-to-practice/" in paths


def test_sitemap_leaves_out_wagtails_welcome_page_and_the_tree_root(client, home_page):
    paths = sitemap_paths(client)
    assert paths == ["/"]


def test_robots_txt_disallows_admin_and_names_the_sitemap(client, home_page):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /" not in lines, "robots.txt shuts out the whole site"
