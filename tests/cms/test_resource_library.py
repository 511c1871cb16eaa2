"""The managers' resource library at /managers/: filters narrow, compose with search and pagination."""

from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

from cms.factories import ResourceFactory
from tests.conftest import link_hrefs, soup, visible_text

pytestmark = pytest.mark.django_db


def shown(response, titles):
    text = visible_text(response)
    return {title for title in titles if title in text}


@pytest.fixture
def resources(library, taxonomy):
    """A small library whose items differ on one facet at a time."""
    t = taxonomy
    return {
        "toolkit": ResourceFactory(
            title="Preceptorship toolkit",
            summary="Plan the first year for a new arrival.",
            resource_type="toolkit",
            audiences=[t.manager],
            topics=[t.supervision],
            nations=[t.england],
        ),
        "checklist": ResourceFactory(
            title="Induction checklist",
            summary="Everything to cover in week one.",
            resource_type="checklist",
            audiences=[t.manager, t.educator],
            topics=[t.supervision],
            nations=[t.scotland],
        ),
        "webinar": ResourceFactory(
            title="Recorded webinar on visas",
            summary="Sponsorship duties explained by an immigration lawyer.",
            resource_type="webinar",
            audiences=[t.manager],
            topics=[t.visas],
        ),
        "funding": ResourceFactory(
            title="Welsh bursary guide",
            summary="The HEIW bursary for returners' course fees.",
            resource_type="funding",
            audiences=[t.returnee],
            topics=[t.funding],
            nations=[t.wales],
        ),
        "elearning": ResourceFactory(
            title="IR(ME)R refresher module",
            summary="An e-learning module on radiation protection law.",
            resource_type="e-learning",
            audiences=[t.returnee, t.recruit],
            topics=[t.hcpc],
        ),
    }


ALL = {
    "Preceptorship toolkit",
    "Induction checklist",
    "Recorded webinar on visas",
    "Welsh bursary guide",
    "IR(ME)R refresher module",
}


def test_library_without_filters_lists_every_public_resource(client, resources):
    response = client.get("/managers/")
    assert response.status_code == 200
    assert shown(response, ALL) == ALL


def test_filter_by_type(client, resources):
    response = client.get("/managers/", {"resource_type": "toolkit"})
    assert shown(response, ALL) == {"Preceptorship toolkit"}


def test_filter_by_several_types_gives_either(client, resources):
    response = client.get("/managers/?resource_type=toolkit&resource_type=webinar")
    assert shown(response, ALL) == {"Preceptorship toolkit", "Recorded webinar on visas"}


def test_filter_by_audience(client, resources):
    response = client.get("/managers/", {"audience": "educator"})
    assert shown(response, ALL) == {"Induction checklist"}


def test_filter_by_topic(client, resources):
    response = client.get("/managers/", {"topic": "supervised-practice"})
    assert shown(response, ALL) == {"Preceptorship toolkit", "Induction checklist"}


def test_filter_by_nation_includes_uk_wide_resources(client, resources):
    response = client.get("/managers/", {"nation": "scotland"})
    # The webinar and the e-learning module have no nation: they apply UK-wide.
    assert shown(response, ALL) == {
        "Induction checklist",
        "Recorded webinar on visas",
        "IR(ME)R refresher module",
    }


def test_filter_by_a_nation_with_no_specific_resources_still_shows_uk_wide_ones(client, resources):
    response = client.get("/managers/", {"nation": "northern-ireland"})
    assert shown(response, ALL) == {"Recorded webinar on visas", "IR(ME)R refresher module"}


def test_filters_compose(client, resources):
    response = client.get(
        "/managers/", {"audience": "manager", "nation": "england", "topic": "supervised-practice"}
    )
    assert shown(response, ALL) == {"Preceptorship toolkit"}

    response = client.get(
        "/managers/", {"audience": "manager", "resource_type": "webinar", "nation": "wales"}
    )
    assert shown(response, ALL) == {"Recorded webinar on visas"}


def test_search_finds_words_in_title_and_summary(client, resources):
    assert shown(client.get("/managers/", {"q": "bursary"}), ALL) == {"Welsh bursary guide"}
    assert shown(client.get("/managers/", {"q": "sponsorship"}), ALL) == {"Recorded webinar on visas"}


def test_search_composes_with_filters(client, library, taxonomy):
    ResourceFactory(
        title="Supervision agreement template", resource_type="template", nations=[taxonomy.england]
    )
    ResourceFactory(title="Supervision log template", resource_type="template", nations=[taxonomy.wales])
    ResourceFactory(title="Supervision webinar", resource_type="webinar", nations=[taxonomy.england])
    titles = {"Supervision agreement template", "Supervision log template", "Supervision webinar"}

    response = client.get(
        "/managers/", {"q": "supervision", "resource_type": "template", "nation": "england"}
    )

    assert shown(response, titles) == {"Supervision agreement template"}


def test_search_shows_the_query_back_in_the_search_box(client, resources):
    response = client.get("/managers/", {"q": "bursary"})
    assert 'value="bursary"' in response.content.decode()


def test_a_search_with_no_matches_says_so(client, resources):
    response = client.get("/managers/", {"q": "xylophone"})
    assert response.status_code == 200
    assert shown(response, ALL) == set()


def test_unknown_filter_values_keep_the_valid_filters_and_show_the_error(client, resources):
    response = client.get(
        "/managers/", {"resource_type": "nope", "audience": "<script>alert(1)</script>", "topic": "visas"}
    )

    assert response.status_code == 200
    assert shown(response, ALL) == {"Recorded webinar on visas"}
    text = visible_text(response)
    assert "Select a valid choice" in text
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_an_unknown_nation_is_ignored_and_reported(client, resources):
    response = client.get("/managers/", {"nation": "atlantis", "resource_type": "funding"})
    assert response.status_code == 200
    assert shown(response, ALL) == {"Welsh bursary guide"}
    assert "Select a valid choice" in visible_text(response)


def test_long_search_text_is_cut_to_256_characters(client, resources):
    response = client.get("/managers/", {"q": "b" * 1000})
    assert response.status_code == 200
    assert "b" * 256 in [box.get("value") for box in soup(response).find_all("input", attrs={"name": "q"})]
    assert "b" * 257 not in visible_text(response)


@pytest.mark.parametrize(
    "query",
    ['"unbalanced quote', "it's", "<b>bold</b>", "'; DROP TABLE cms_resource; --", "放射線 ✓", "* ( ) ^ -"],
)
def test_odd_search_text_answers_200(client, resources, query):
    response = client.get("/managers/", {"q": query, "resource_type": "toolkit"})
    assert response.status_code == 200
    assert "<b>bold</b>" not in response.content.decode()


@pytest.fixture
def many_funding_resources(library, taxonomy):
    titles = [f"Funding resource {n:02d}" for n in range(1, 26)]
    for title in titles:
        ResourceFactory(title=title, resource_type="funding", topics=[taxonomy.funding])
    ResourceFactory(title="Visa toolkit for employers", resource_type="toolkit", topics=[taxonomy.visas])
    return titles


def test_library_paginates_twenty_a_page_and_keeps_filters_on_page_links(client, many_funding_resources):
    titles = set(many_funding_resources) | {"Visa toolkit for employers"}

    first = client.get("/managers/", {"topic": "funding"})

    assert len(shown(first, titles)) == 20
    assert "Visa toolkit for employers" not in shown(first, titles)
    page_two_links = [href for href in link_hrefs(first) if "page=2" in href]
    assert page_two_links, "no link to page 2"
    for href in page_two_links:
        query = parse_qs(urlsplit(href).query)
        assert query.get("topic") == ["funding"], f"page 2 link loses the filter: {href}"

    second = client.get(urljoin("/managers/", page_two_links[0]))

    assert second.status_code == 200
    assert len(shown(second, titles)) == 5
    assert shown(first, titles).isdisjoint(shown(second, titles))


@pytest.mark.parametrize("page", ["999", "3", "abc", "0", "-1", "2.5", "1e3"])
def test_out_of_range_or_non_numeric_pages_are_404(client, many_funding_resources, page):
    response = client.get("/managers/", {"topic": "funding", "page": page})
    assert response.status_code == 404


def test_library_page_two_without_filters(client, many_funding_resources):
    response = client.get("/managers/", {"page": "2"})
    assert response.status_code == 200
    assert len(shown(response, set(many_funding_resources) | {"Visa toolkit for employers"})) == 6
