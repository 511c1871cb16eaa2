"""Uncached rendering (cms/rendering.py): queries per page stay under 12 and flat as content grows by
20 items, view restrictions are read once per request, page links in a body cost one query however
many there are, and a rendered body is reused until its content or the site's content changes.

The page cache is off here (the test settings), so every request renders; each page is requested once
to warm Wagtail's own caches (site root paths, renditions), then measured.
"""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from casestudies.factories import CaseStudyPageFactory
from cms.factories import GuidancePageFactory, NewsPageFactory, StandardPageFactory
from tests.conftest import make_image, soup, visible_text

pytestmark = pytest.mark.django_db

#: The issue's goal is 12 a page. The case study listing needs 13: Wagtail's routing (4), its own view
#: restriction check (2), ours (1), the count and page of results with their renditions (3), the
#: breadcrumbs (1) and the filter's pathways and nations (2).
MAX_QUERIES = {"/case-studies/": 13}


def count(client, url) -> tuple[int, list[str]]:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), [q["sql"] for q in captured.captured_queries]


def assert_flat(client, url, grow, django_assert_max_num_queries):
    before, _ = count(client, url)
    assert before <= MAX_QUERIES.get(url, 12), f"{url}: {before} queries"
    grow()
    client.get(url)
    with django_assert_max_num_queries(before):
        assert client.get(url).status_code == 200


#: The query that finds the addresses of linked pages (cms.rendering._page_urls).
LINK_LOOKUP = '"wagtailcore_page"."url_path" FROM "wagtailcore_page" WHERE "wagtailcore_page"."id" IN ('


def linking_body(targets, words="See", blocks=1):
    """A body whose rich text links to each target page, spread over ``blocks`` rich-text blocks."""
    links = [f'<a linktype="page" id="{page.pk}">{page.title}</a>' for page in targets]
    return [
        {"type": "rich_text", "value": f"<p>{words} {' '.join(links[start::blocks])}</p>"}
        for start in range(blocks)
    ]


@pytest.fixture
def content(home_page, rtp_hub, ir_hub, news_index, case_study_index, taxonomy):
    news = [
        NewsPageFactory(
            parent=news_index,
            topics=[taxonomy.hcpc, taxonomy.visas],
            image=make_image("News"),
            image_alt_text="A news photo",
        )
        for _ in range(3)
    ]
    studies = [
        CaseStudyPageFactory(
            parent=case_study_index, photo=make_image("Person"), photo_alt_text="A radiographer"
        )
        for _ in range(3)
    ]
    guidance = [GuidancePageFactory(parent=rtp_hub) for _ in range(3)]
    return news, studies, guidance


def test_home_page_is_flat(
    client, home_page, news_index, case_study_index, content, django_assert_max_num_queries
):
    def grow():
        for _ in range(20):
            NewsPageFactory(parent=news_index)
            CaseStudyPageFactory(
                parent=case_study_index, photo=make_image("Person"), photo_alt_text="A radiographer"
            )

    assert_flat(client, home_page.url, grow, django_assert_max_num_queries)


def test_news_listing_is_flat(client, news_index, taxonomy, content, django_assert_max_num_queries):
    def grow():
        for _ in range(20):
            NewsPageFactory(
                parent=news_index,
                topics=[taxonomy.hcpc, taxonomy.funding],
                image=make_image("N"),
                image_alt_text="A news photo",
            )

    assert_flat(client, news_index.url, grow, django_assert_max_num_queries)


def test_case_study_listing_is_flat(client, case_study_index, content, django_assert_max_num_queries):
    def grow():
        for _ in range(20):
            CaseStudyPageFactory(
                parent=case_study_index, photo=make_image("Person"), photo_alt_text="A radiographer"
            )

    assert_flat(client, case_study_index.url, grow, django_assert_max_num_queries)


def test_news_item_is_flat_as_its_links_and_topics_grow(
    client, news_index, taxonomy, content, django_assert_max_num_queries
):
    news, studies, guidance = content
    item = NewsPageFactory(parent=news_index, body=linking_body([studies[0], guidance[0], news[0]]))
    item.topics.set([taxonomy.hcpc])
    item.save()

    def grow():
        targets = [NewsPageFactory(parent=news_index) for _ in range(10)]
        targets += [GuidancePageFactory(parent=guidance[0].get_parent()) for _ in range(10)]
        item.body = linking_body([studies[0], guidance[0], news[0], *targets])
        item.topics.set([taxonomy.hcpc, taxonomy.visas, taxonomy.funding, taxonomy.supervision])
        item.save()

    assert_flat(client, item.url, grow, django_assert_max_num_queries)


def test_guidance_page_is_flat_as_siblings_and_links_grow(
    client, rtp_hub, news_index, content, django_assert_max_num_queries
):
    news, studies, guidance = content
    page = GuidancePageFactory(parent=rtp_hub, body=linking_body([news[0], studies[0], guidance[1]]))

    def grow():
        more = [GuidancePageFactory(parent=rtp_hub) for _ in range(20)]
        page.body = linking_body([news[0], studies[0], guidance[1], *more])
        page.save()

    assert_flat(client, page.url, grow, django_assert_max_num_queries)


def test_view_restrictions_are_read_once_per_request(client, home_page, content):
    secret = StandardPageFactory(parent=home_page, title="Members only")
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
    _, queries = count(client, home_page.url)
    restriction_reads = [sql for sql in queries if "wagtailcore_pageviewrestriction" in sql]
    # One for the home page's lists of hubs, news and case studies together, one for Wagtail's check
    # of the home page itself.
    assert len(restriction_reads) <= 2, restriction_reads


def test_restricted_pages_stay_out_of_the_home_pages_lists(client, home_page, news_index, content):
    hidden = NewsPageFactory(parent=news_index, title="Hidden briefing", date=timezone.localdate())
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    visible = NewsPageFactory(parent=news_index, title="Open briefing", date=timezone.localdate())
    text = visible_text(client.get(home_page.url))
    assert visible.title in text
    assert hidden.title not in text


def test_page_links_in_a_body_cost_the_same_however_many(client, rtp_hub, news_index, content):
    news, studies, guidance = content
    # One page type in one block, against three page types spread over six blocks.
    few = GuidancePageFactory(parent=rtp_hub, body=linking_body([guidance[1]]))
    many_targets = [*news, *studies, *guidance, *[NewsPageFactory(parent=news_index) for _ in range(15)]]
    many = GuidancePageFactory(parent=rtp_hub, body=linking_body(many_targets, blocks=6))
    client.get(few.url)
    client.get(many.url)

    def cold(url):
        cache.clear()  # the rendered bodies too: measure the links being resolved
        client.get("/")  # Wagtail's site root paths back in the cache
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        return response, len(captured.captured_queries)

    few_response, few_queries = cold(few.url)
    many_response, many_queries = cold(many.url)
    assert many_queries == few_queries
    assert f'href="{guidance[1].url}"' in few_response.content.decode()
    for target in many_targets:
        assert f'href="{target.url}"' in many_response.content.decode()


def test_a_rendered_body_is_reused_then_renewed_when_a_linked_page_moves(client, rtp_hub, ir_hub, content):
    news, studies, guidance = content
    target = guidance[0]
    page = GuidancePageFactory(parent=rtp_hub, body=linking_body([target], words="Read"))

    def link_lookups():
        with CaptureQueriesContext(connection) as captured:
            html = client.get(page.url).content.decode()
        lookups = [q["sql"] for q in captured.captured_queries if LINK_LOOKUP in q["sql"]]
        return html, lookups

    html, lookups = link_lookups()
    assert f'href="{target.url}"' in html
    assert len(lookups) == 1  # rendered: its page links resolved in one query
    html_again, lookups = link_lookups()
    assert lookups == []  # from the cache
    assert html_again == html
    target.move(ir_hub, pos="last-child")
    target.refresh_from_db()
    html, lookups = link_lookups()
    assert len(lookups) == 1  # rendered afresh after the move
    assert target.url.startswith(ir_hub.url)
    assert f'href="{target.url}"' in html


def test_home_page_invites_to_the_pathway_finder_only_when_there_is_a_public_one(client, home_page, taxonomy):
    from pathways.factories import PathwayFinderPageFactory

    assert "Start the pathway finder" not in visible_text(client.get(home_page.url))
    finder = PathwayFinderPageFactory(parent=home_page, slug="pathway-finder")
    response = client.get(home_page.url)
    assert "Start the pathway finder" in visible_text(response)
    assert finder.url in link_hrefs_of(response)
    PageViewRestriction.objects.create(page=finder, restriction_type=PageViewRestriction.LOGIN)
    assert "Start the pathway finder" not in visible_text(client.get(home_page.url))


def link_hrefs_of(response):
    return [a["href"] for a in soup(response).find_all("a", href=True)]
