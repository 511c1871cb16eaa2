"""Database queries per page: under a ceiling for each page type, and flat as content grows.

Each page is requested once to warm caches (site root paths, image renditions), then measured. The
flat checks measure the same address with few, 10 and 50 items: the counts must be equal, or a
template or get_context is making a query per item.
"""

import re
from collections import Counter

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from casestudies.factories import CaseStudyPageFactory
from cms.factories import (
    GuidancePageFactory,
    NewsPageFactory,
    ResourceFactory,
    StandardPageFactory,
    rich_text,
)
from tests.conftest import make_image

pytestmark = pytest.mark.django_db

# Ceilings per page type for an anonymous reader: measured with the real templates (Nov 2026) plus two,
# so that a new query per page is noticed. Raise one only with a reason in the commit message.
MAX_QUERIES = {
    "home": 15,
    "hub": 11,
    "guidance": 14,
    "news_index": 14,
    "news": 13,
    "standard": 9,
    "library": 19,
    "case_study_index": 16,
    "case_study": 14,
    "search": 9,
}


def _normalise(sql):
    return re.sub(r"\b\d+\b", "N", re.sub(r"'[^']*'", "'S'", sql))


def measure(client, url, params=None):
    warm = client.get(url, params or {})
    assert warm.status_code == 200, f"{url} answered {warm.status_code}"
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return [query["sql"] for query in context.captured_queries]


def assert_flat(client, url, add_items, sizes=(3, 10, 50), params=None):
    """Measure ``url`` after growing its content to each size; the query counts must be equal."""
    runs = {}
    made = 0
    for size in sizes:
        add_items(made, size)
        made = size
        runs[size] = measure(client, url, params)
    counts = {size: len(queries) for size, queries in runs.items()}
    if len(set(counts.values())) != 1:
        small, large = Counter(map(_normalise, runs[sizes[0]])), Counter(map(_normalise, runs[sizes[-1]]))
        grown = "\n\n".join(
            f"{large[sql] - small[sql]} more: {sql}" for sql in large if large[sql] > small[sql]
        )
        pytest.fail(f"{url}: queries grow with items {counts}. Repeated queries:\n{grown}")
    return counts[sizes[0]]


def assert_under_ceiling(client, url, name, django_assert_max_num_queries, params=None):
    client.get(url, params or {})
    with django_assert_max_num_queries(MAX_QUERIES[name]):
        response = client.get(url, params or {})
    assert response.status_code == 200


# --------------------------------------------------------------------------------------------------
# Listings: flat as they grow
# --------------------------------------------------------------------------------------------------


def test_hub_page_queries_do_not_grow_with_its_guidance(
    client, rtp_hub, taxonomy, django_assert_max_num_queries
):
    def add(start, end):
        for n in range(start, end):
            GuidancePageFactory(
                parent=rtp_hub,
                title=f"Guidance {n:03d}",
                audiences=[taxonomy.returnee],
                nations=[taxonomy.england],
                topics=[taxonomy.hcpc],
            )

    assert_flat(client, rtp_hub.url, add)
    assert_under_ceiling(client, rtp_hub.url, "hub", django_assert_max_num_queries)


def test_guidance_page_queries_do_not_grow_with_its_siblings(
    client, rtp_hub, taxonomy, django_assert_max_num_queries
):
    page = GuidancePageFactory(
        parent=rtp_hub,
        title="The page measured",
        audiences=[taxonomy.returnee],
        nations=[taxonomy.england, taxonomy.wales],
        topics=[taxonomy.hcpc],
    )

    def add(start, end):
        for n in range(start, end):
            GuidancePageFactory(parent=rtp_hub, title=f"Sibling {n:03d}")

    assert_flat(client, page.url, add)
    assert_under_ceiling(client, page.url, "guidance", django_assert_max_num_queries)


def test_news_index_queries_do_not_grow_with_news(
    client, news_index, taxonomy, django_assert_max_num_queries
):
    def add(start, end):
        for n in range(start, end):
            NewsPageFactory(parent=news_index, title=f"News {n:03d}", topics=[taxonomy.visas, taxonomy.hcpc])

    assert_flat(client, "/news/", add)
    assert_under_ceiling(client, "/news/", "news_index", django_assert_max_num_queries, {"page": "2"})
    assert_under_ceiling(client, "/news/", "news_index", django_assert_max_num_queries)
    assert_under_ceiling(client, "/news/", "news_index", django_assert_max_num_queries, {"topic": "visas"})


def test_news_feed_queries_do_not_grow_with_news(client, news_index, taxonomy):
    def add(start, end):
        for n in range(start, end):
            NewsPageFactory(parent=news_index, title=f"News {n:03d}", topics=[taxonomy.visas])

    assert_flat(client, "/news/feed/", add)


def test_home_page_queries_do_not_grow_with_news_or_case_studies(
    client,
    home_page,
    rtp_hub,
    ir_hub,
    library,
    news_index,
    case_study_index,
    taxonomy,
    django_assert_max_num_queries,
):
    def add(start, end):
        for n in range(start, end):
            NewsPageFactory(parent=news_index, title=f"News {n:03d}", topics=[taxonomy.funding])
            CaseStudyPageFactory(
                parent=case_study_index,
                title=f"Story {n:03d}",
                photo=make_image(f"Photo {n}"),
                photo_alt_text="A radiographer at work",
            )

    assert_flat(client, "/", add)
    assert_under_ceiling(client, "/", "home", django_assert_max_num_queries)


def test_resource_library_queries_do_not_grow_with_resources(
    client, library, home_page, taxonomy, django_assert_max_num_queries
):
    from wagtail.documents.models import Document

    def add(start, end):
        for n in range(start, end):
            links = [
                {"link_url": f"https://www.sor.org/resource-{n}"},
                {"link_url": "", "link_page": home_page},
                {"link_url": "", "link_document": Document.objects.create(title=f"Document {n}")},
            ][n % 3]
            ResourceFactory(
                title=f"Resource {n:03d}",
                resource_type=["toolkit", "checklist", "webinar"][n % 3],
                audiences=[taxonomy.manager, taxonomy.educator],
                topics=[taxonomy.supervision],
                nations=[taxonomy.england] if n % 2 else [],
                **links,
            )

    assert_flat(client, "/managers/", add)
    assert_under_ceiling(client, "/managers/", "library", django_assert_max_num_queries)
    filtered = {"resource_type": ["toolkit", "checklist"], "audience": "manager", "nation": "england"}
    assert_under_ceiling(client, "/managers/", "library", django_assert_max_num_queries, filtered)


def test_resource_library_queries_do_not_grow_for_a_signed_in_manager(
    client, library, manager_user, taxonomy
):
    client.force_login(manager_user)

    def add(start, end):
        for n in range(start, end):
            ResourceFactory(
                title=f"Members resource {n:03d}", members_only=bool(n % 2), topics=[taxonomy.funding]
            )

    assert_flat(client, "/managers/", add)


def test_case_study_index_queries_do_not_grow_with_case_studies(
    client, case_study_index, taxonomy, django_assert_max_num_queries
):
    def add(start, end):
        for n in range(start, end):
            CaseStudyPageFactory(
                parent=case_study_index,
                title=f"Story {n:03d}",
                pathway=[taxonomy.rtp, taxonomy.ir][n % 2],
                nation=[taxonomy.england, taxonomy.scotland][n % 2],
                photo=make_image(f"Photo {n}"),
                photo_alt_text="A radiographer at work",
            )

    assert_flat(client, "/case-studies/", add)
    assert_under_ceiling(client, "/case-studies/", "case_study_index", django_assert_max_num_queries)
    params = {"pathway": "international-recruitment", "nation": "scotland", "q": "story"}
    assert_under_ceiling(client, "/case-studies/", "case_study_index", django_assert_max_num_queries, params)


def test_search_results_queries_do_not_grow_with_matches(client, rtp_hub, news_index, library):
    def add(start, end):
        for n in range(start, end):
            GuidancePageFactory(parent=rtp_hub, title=f"Collimation {n:03d}", body=rich_text("collimation"))
            NewsPageFactory(
                parent=news_index, title=f"Collimation news {n:03d}", body=rich_text("collimation")
            )
            ResourceFactory(title=f"Collimation resource {n:03d}")

    assert_flat(client, "/search/", add, params={"q": "collimation"})


def test_resource_search_queries_do_not_grow_with_matches(client, library, home_page, taxonomy):
    def add(start, end):
        for n in range(start, end):
            ResourceFactory(
                title=f"Collimation resource {n:03d}",
                link_url="" if n % 2 else f"https://www.sor.org/c-{n}",
                link_page=home_page if n % 2 else None,
                topics=[taxonomy.supervision],
            )

    assert_flat(client, "/search/", add, params={"q": "collimation", "type": "resource"})


# --------------------------------------------------------------------------------------------------
# Single pages: under a ceiling
# --------------------------------------------------------------------------------------------------


def test_news_page_query_ceiling(client, news_index, taxonomy, django_assert_max_num_queries):
    page = NewsPageFactory(
        parent=news_index,
        topics=[taxonomy.visas, taxonomy.hcpc, taxonomy.funding],
        image=make_image(),
        image_alt_text="Delegates at a conference",
    )
    assert_under_ceiling(client, page.url, "news", django_assert_max_num_queries)


def test_standard_page_query_ceiling(client, home_page, django_assert_max_num_queries):
    page = StandardPageFactory(parent=home_page, body=rich_text("About us.", "Contact us."))
    assert_under_ceiling(client, page.url, "standard", django_assert_max_num_queries)


def test_case_study_page_query_ceiling(client, case_study_index, django_assert_max_num_queries):
    page = CaseStudyPageFactory(
        parent=case_study_index, photo=make_image(), photo_alt_text="Kwame at the MRI scanner", years_out=3
    )
    assert_under_ceiling(client, page.url, "case_study", django_assert_max_num_queries)


def test_search_query_ceiling(client, rtp_hub, django_assert_max_num_queries):
    for n in range(12):
        GuidancePageFactory(parent=rtp_hub, title=f"Collimation {n:03d}", body=rich_text("collimation"))
    assert_under_ceiling(client, "/search/", "search", django_assert_max_num_queries, {"q": "collimation"})
