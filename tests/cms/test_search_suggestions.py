"""'Did you mean ...?' on site search (cms.suggest): a misspelt word that finds nothing is offered the
closest indexed word, as a link that searches for it; on PostgreSQL by trigram similarity (pg_trgm),
on SQLite by difflib over the indexed words."""

from django.db import connection

import pytest

from cms.factories import GuidancePageFactory, ResourceFactory, rich_text
from cms.suggest import closest_word, suggest
from tests.conftest import link_hrefs, soup, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def readmission_page(rtp_hub):
    return GuidancePageFactory(
        parent=rtp_hub,
        title="Applying to the HCPC",
        body=rich_text("The HCPC processes readmission applications within a few weeks."),
    )


def suggestion_text(response):
    paragraph = soup(response).find(class_="sor-search-suggestion")
    return " ".join(paragraph.get_text().split()) if paragraph else ""


def suggestion_links(response):
    paragraph = soup(response).find(class_="sor-search-suggestion")
    return [a["href"] for a in paragraph.find_all("a")] if paragraph else []


def test_a_misspelt_word_is_offered_the_indexed_word_as_a_search_link(client, readmission_page):
    response = client.get("/search/", {"q": "readmision"})

    assert response.status_code == 200
    assert suggestion_text(response) == "Did you mean readmission?"
    assert suggestion_links(response) == ["/search/?q=readmission"]
    followed = client.get(suggestion_links(response)[0])
    assert readmission_page.url in link_hrefs(followed, readmission_page.title)


def test_only_the_misspelt_word_of_several_is_corrected(client, readmission_page):
    response = client.get("/search/", {"q": "HCPC readmision"})
    assert suggestion_links(response) == ["/search/?q=HCPC%20readmission"]


def test_no_suggestion_when_the_search_finds_something(client, readmission_page):
    response = client.get("/search/", {"q": "readmission"})
    assert "Did you mean" not in visible_text(response)


def test_no_suggestion_for_a_word_like_nothing_indexed(client, readmission_page):
    response = client.get("/search/", {"q": "zzyzx"})
    assert "Did you mean" not in visible_text(response)
    assert "No results found" in visible_text(response)


def test_a_word_only_on_a_draft_or_restricted_page_is_never_suggested(client, rtp_hub):
    from wagtail.models import PageViewRestriction

    GuidancePageFactory(parent=rtp_hub, title="Draft", body=rich_text("embargoed tomosynthesis"), live=False)
    private = GuidancePageFactory(parent=rtp_hub, title="Private", body=rich_text("confidential angiography"))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    for typo in ("tomosynthesys", "angiograpy"):
        assert "Did you mean" not in visible_text(client.get("/search/", {"q": typo}))


def test_a_managers_only_resource_word_is_suggested_only_to_managers(
    client, library, manager_user, readmission_page
):
    ResourceFactory(title="Preceptorship workbook", members_only=True)

    assert "Did you mean" not in visible_text(
        client.get("/search/", {"q": "preceptorshp", "type": "resource"})
    )
    client.force_login(manager_user)
    response = client.get("/search/", {"q": "preceptorshp", "type": "resource"})
    assert suggestion_links(response) == ["/search/?q=preceptorship&type=resource"]


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert('readmision')</script>",
        '"readmision',
        "readmision " + "x" * 1000,
        "r" * 300,
        "readmision " * 40,
        "réadmision 放射線",
        "'; DROP TABLE wagtailsearch_indexentry; --",
    ],
)
def test_hostile_queries_answer_200_and_never_echo_markup(client, readmission_page, query):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    for href in suggestion_links(response):
        assert href.startswith("/search/?q=") and "<" not in href and '"' not in href


def test_suggest_leaves_short_and_known_words_alone(readmission_page):
    assert suggest("the readmision") == "the readmission"
    assert suggest("hcpc") is None
    assert suggest("") is None
    assert suggest(" ".join(["readmision"] * 7)) is None  # not a typo: too many words


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram similarity needs PostgreSQL")
def test_postgresql_finds_the_closest_word_with_trigrams(readmission_page):
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone(), "migration cms.0004 did not enable pg_trgm"
    assert closest_word("readmision") == "readmission"
    assert closest_word("aplications") == "applications"
    assert closest_word("zzyzx") is None


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the difflib fallback runs on SQLite")
def test_sqlite_finds_the_closest_word_in_the_cached_vocabulary(readmission_page, django_assert_num_queries):
    assert closest_word("readmision") == "readmission"
    with django_assert_num_queries(1):  # the index's size and last entry; the words come from the cache
        assert closest_word("aplications") == "applications"
