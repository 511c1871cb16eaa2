"""Case study filters at /case-studies/: each facet narrows, facets compose with search and pagination."""

from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

from casestudies.factories import CaseStudyPageFactory
from cms.factories import rich_text
from tests.conftest import link_hrefs, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(case_study_index, taxonomy):
    t = taxonomy

    def story(name, pathway, profession, nation, training_region, years_out, words):
        return CaseStudyPageFactory(
            parent=case_study_index,
            title=f"The story of {name}",
            person_name=name,
            pathway=pathway,
            profession=profession,
            nation=nation,
            training_region=training_region,
            years_out=years_out,
            story=rich_text(words),
        )

    story("Amara", t.ir, "diagnostic", t.england, "africa", None, "I sat the OET in Lagos.")
    story("Ben", t.rtp, "diagnostic", t.scotland, "uk", 0, "I left for a few months only.")
    story("Cara", t.rtp, "therapeutic", t.wales, "uk", 1, "A year raising my twins.")
    story("Dev", t.rtp, "diagnostic", t.england, "uk", 2, "Two years exactly in sales.")
    story("Eilidh", t.rtp, "therapeutic", t.scotland, "uk", 4, "Four years caring for my father.")
    story("Fola", t.rtp, "diagnostic", t.northern_ireland, "uk", 5, "Five years in research.")
    story("Grace", t.rtp, "diagnostic", t.england, "uk", 12, "Twelve years and a linac refresher.")
    story(
        "Hiro", t.ir, "therapeutic", t.scotland, "south-east-asia", None, "Planning on a new linac in Manila."
    )
    return NAMES


NAMES = ["Amara", "Ben", "Cara", "Dev", "Eilidh", "Fola", "Grace", "Hiro"]


def people(response):
    assert response.status_code == 200
    text = visible_text(response)
    return {name for name in NAMES if f"The story of {name}" in text}


def test_no_filters_lists_every_live_case_study(client, stories, case_study_index):
    CaseStudyPageFactory(parent=case_study_index, title="The story of Zed", live=False)
    response = client.get("/case-studies/")
    assert people(response) == set(NAMES)
    assert "The story of Zed" not in visible_text(response)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"pathway": "international-recruitment"}, {"Amara", "Hiro"}),
        ({"pathway": "return-to-practice"}, {"Ben", "Cara", "Dev", "Eilidh", "Fola", "Grace"}),
        ({"profession": "therapeutic"}, {"Cara", "Eilidh", "Hiro"}),
        ({"nation": "scotland"}, {"Ben", "Eilidh", "Hiro"}),
        ({"nation": "northern-ireland"}, {"Fola"}),
        ({"trained": "africa"}, {"Amara"}),
        ({"trained": "uk"}, {"Ben", "Cara", "Dev", "Eilidh", "Fola", "Grace"}),
        ({"trained": "europe"}, set()),
    ],
)
def test_each_facet_narrows(client, stories, params, expected):
    assert people(client.get("/case-studies/", params)) == expected


@pytest.mark.parametrize(
    ("band", "expected"),
    [
        # Boundaries: 2 years is in "2 to 5", 5 years is in "5 or more"; recruits (no value) in none.
        ("under-2", {"Ben", "Cara"}),
        ("2-to-5", {"Dev", "Eilidh"}),
        ("5-plus", {"Fola", "Grace"}),
    ],
)
def test_years_out_bands_and_their_boundaries(client, stories, band, expected):
    assert people(client.get("/case-studies/", {"years_out": band})) == expected


def test_facets_compose(client, stories):
    assert people(
        client.get("/case-studies/", {"pathway": "return-to-practice", "profession": "therapeutic"})
    ) == {
        "Cara",
        "Eilidh",
    }
    assert people(
        client.get(
            "/case-studies/",
            {"pathway": "return-to-practice", "profession": "therapeutic", "nation": "scotland"},
        )
    ) == {"Eilidh"}
    assert people(client.get("/case-studies/", {"years_out": "2-to-5", "nation": "england"})) == {"Dev"}
    assert people(client.get("/case-studies/", {"years_out": "5-plus", "profession": "therapeutic"})) == set()


def test_search_finds_words_in_the_story(client, stories):
    assert people(client.get("/case-studies/", {"q": "linac"})) == {"Grace", "Hiro"}


def test_search_composes_with_facets(client, stories):
    assert people(client.get("/case-studies/", {"q": "linac", "pathway": "international-recruitment"})) == {
        "Hiro"
    }
    assert people(client.get("/case-studies/", {"q": "linac", "years_out": "5-plus"})) == {"Grace"}
    assert people(client.get("/case-studies/", {"q": "linac", "nation": "wales"})) == set()


def test_unknown_values_keep_the_valid_filters_and_show_the_errors(client, stories):
    response = client.get(
        "/case-studies/", {"pathway": "nope", "profession": "<script>alert(1)</script>", "nation": "scotland"}
    )

    assert people(response) == {"Ben", "Eilidh", "Hiro"}
    text = visible_text(response)
    assert "Select a valid choice" in text
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize("params", [{"years_out": "forever"}, {"trained": "mars"}, {"nation": ""}, {"q": ""}])
def test_unknown_or_empty_single_values_give_the_full_list(client, stories, params):
    assert people(client.get("/case-studies/", params)) == set(NAMES)


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced quote',
        "it's",
        "<b>bold</b>",
        "'; DROP TABLE wagtailcore_page; --",
        "放射線 ✓",
        "q" * 1000,
    ],
)
def test_odd_search_text_answers_200(client, stories, query):
    response = client.get("/case-studies/", {"q": query, "nation": "scotland"})
    assert response.status_code == 200
    assert "<b>bold</b>" not in response.content.decode()
    assert "q" * 257 not in visible_text(response)


@pytest.fixture
def many_recruits(case_study_index, taxonomy):
    names = [f"Recruit {n:02d}" for n in range(1, 13)]
    for name in names:
        CaseStudyPageFactory(
            parent=case_study_index,
            title=f"Journey of {name}",
            pathway=taxonomy.ir,
            nation=taxonomy.england,
            training_region="south-asia",
        )
    CaseStudyPageFactory(parent=case_study_index, title="Journey of a returner", pathway=taxonomy.rtp)
    return [f"Journey of {name}" for name in names]


def _shown(response, titles):
    text = visible_text(response)
    return {title for title in titles if title in text}


def test_pagination_nine_a_page_keeps_the_filters(client, many_recruits):
    titles = set(many_recruits) | {"Journey of a returner"}

    first = client.get("/case-studies/", {"pathway": "international-recruitment", "trained": "south-asia"})

    assert len(_shown(first, titles)) == 9
    page_two_links = [href for href in link_hrefs(first) if "page=2" in href]
    assert page_two_links, "no link to page 2"
    for href in page_two_links:
        query = parse_qs(urlsplit(href).query)
        assert query.get("pathway") == ["international-recruitment"], href
        assert query.get("trained") == ["south-asia"], href

    second = client.get(urljoin("/case-studies/", page_two_links[0]))

    assert second.status_code == 200
    assert len(_shown(second, titles)) == 3
    assert "Journey of a returner" not in _shown(second, titles)
    assert _shown(first, titles).isdisjoint(_shown(second, titles))


@pytest.mark.parametrize("page", ["999", "3", "abc", "0", "-2", "%00"])
def test_out_of_range_and_non_numeric_pages_are_404(client, many_recruits, page):
    response = client.get("/case-studies/", {"pathway": "international-recruitment", "page": page})
    assert response.status_code == 404


def test_page_two_with_search_and_filters(client, case_study_index, taxonomy):
    for n in range(11):
        CaseStudyPageFactory(
            parent=case_study_index,
            title=f"Mammography return {n:02d}",
            story=rich_text("Back in breast screening."),
            nation=taxonomy.wales,
        )
    CaseStudyPageFactory(
        parent=case_study_index, title="Mammography in England", story=rich_text("Breast screening in Leeds.")
    )
    titles = {f"Mammography return {n:02d}" for n in range(11)} | {"Mammography in England"}

    second = client.get("/case-studies/", {"q": "screening", "nation": "wales", "page": "2"})

    assert second.status_code == 200
    assert len(_shown(second, titles)) == 2
    assert "Mammography in England" not in _shown(second, titles)
