"""Site search at /search/: finds body text, narrows by type, and survives anything typed into it."""

import pytest

from casestudies.factories import CaseStudyPageFactory
from cms.factories import (
    GuidancePageFactory,
    NewsPageFactory,
    ResourceFactory,
    StandardPageFactory,
    rich_text,
)
from tests.conftest import link_hrefs, soup, visible_text

pytestmark = pytest.mark.django_db

WORD = "fluoroscopy"


@pytest.fixture
def one_of_each(rtp_hub, news_index, case_study_index, library, home_page):
    """One page of every searchable kind, each mentioning WORD only in its body."""
    return {
        "guidance": GuidancePageFactory(
            parent=rtp_hub, title="Updating your skills", body=rich_text(f"Book a {WORD} session early.")
        ),
        "news": NewsPageFactory(
            parent=news_index,
            title="Training places announced",
            body=rich_text(f"New {WORD} courses this spring."),
        ),
        "case-study": CaseStudyPageFactory(
            parent=case_study_index, title="Amara's first year", story=rich_text(f"I shadowed {WORD} lists.")
        ),
        "page": StandardPageFactory(
            parent=home_page, title="About the advisers", body=rich_text(f"Ask us about {WORD} rotas.")
        ),
        "resource": ResourceFactory(
            title=f"{WORD.capitalize()} competency checklist", resource_type="checklist"
        ),
    }


TITLES = {
    "guidance": "Updating your skills",
    "news": "Training places announced",
    "case-study": "Amara's first year",
    "page": "About the advisers",
    "resource": "Fluoroscopy competency checklist",
}


def found(response):
    text = visible_text(response)
    return {kind for kind, title in TITLES.items() if title in text}


def test_search_finds_a_page_by_a_word_only_in_its_streamfield_body(client, rtp_hub):
    page = GuidancePageFactory(
        parent=rtp_hub,
        title="Keeping a portfolio",
        search_description="How to record what you did.",
        body=rich_text("Record every supervised session in your zygomatic logbook."),
    )

    response = client.get("/search/", {"q": "zygomatic"})

    assert response.status_code == 200
    assert page.url in link_hrefs(response, "Keeping a portfolio")


def test_search_without_type_finds_pages_of_every_kind_and_resources(client, one_of_each):
    response = client.get("/search/", {"q": WORD})
    assert found(response) == set(TITLES)


@pytest.mark.parametrize("kind", ["guidance", "news", "case-study", "page", "resource"])
def test_type_filter_narrows_results(client, one_of_each, kind):
    response = client.get("/search/", {"q": WORD, "type": kind})
    assert response.status_code == 200
    assert found(response) == {kind}


def test_unknown_type_is_ignored(client, one_of_each):
    response = client.get("/search/", {"q": WORD, "type": "everything-please"})
    assert response.status_code == 200
    assert found(response) == set(TITLES)


def test_search_does_not_show_drafts_or_restricted_pages(client, rtp_hub):
    from wagtail.models import PageViewRestriction

    GuidancePageFactory(parent=rtp_hub, title="Draft about gantries", body=rich_text("gantry"), live=False)
    private = GuidancePageFactory(parent=rtp_hub, title="Private note on gantries", body=rich_text("gantry"))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    public = GuidancePageFactory(parent=rtp_hub, title="Public note on gantries", body=rich_text("gantry"))

    text = visible_text(client.get("/search/", {"q": "gantry"}))

    assert public.title in text
    assert "Draft about gantries" not in text
    assert "Private note on gantries" not in text


def test_empty_query_shows_the_search_form_and_no_results(client, one_of_each):
    response = client.get("/search/", {"q": "   "})

    assert response.status_code == 200
    form = soup(response).find("form", attrs={"action": lambda a: a in ("/search/", "", None)})
    assert form is not None, "no search form"
    assert form.find("input", attrs={"name": "q"}) is not None
    assert found(response) == set()


def test_search_with_no_parameters_shows_the_form(client, home_page):
    response = client.get("/search/")
    assert response.status_code == 200
    assert soup(response).find("input", attrs={"name": "q"}) is not None


def test_a_1000_character_query_is_trimmed_to_256_and_answers_200(client, one_of_each):
    response = client.get("/search/", {"q": "q" * 1000})
    assert response.status_code == 200
    assert "q" * 256 in [box.get("value") for box in soup(response).find_all("input", attrs={"name": "q"})]
    text = visible_text(response)
    assert "q" * 257 not in text


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced quote',
        "it's o'clock",
        "<script>alert('x')</script>",
        "'; DROP TABLE wagtailcore_page; --",
        "1 OR 1=1",
        "fluoroscopy AND OR NOT",
        "NEAR(a b)",
        "* ^ : ( ) -",
        "radiografía 放射線 ✓ Ωμέγα",
        "\u200b\u202e reversed",
        "a" * 300,
        "%",
        "_",
        "\\",
    ],
)
@pytest.mark.parametrize("kind", ["", "guidance", "resource"])
def test_odd_queries_answer_200_and_are_escaped(client, one_of_each, query, kind):
    response = client.get("/search/", {"q": query, "type": kind})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert('x')</script>" not in html


def test_the_query_and_type_are_shown_back_to_the_reader(client, one_of_each):
    response = client.get("/search/", {"q": WORD, "type": "news"})
    tree = soup(response)
    assert WORD in [box.get("value") for box in tree.find_all("input", attrs={"name": "q"})]
    checked = [
        choice.get("value")
        for choice in tree.find_all("input", attrs={"name": "type"})
        if choice.has_attr("checked")
    ]
    assert checked == ["news"]


def test_search_results_page_two_and_bad_page_numbers(client, rtp_hub):
    for n in range(12):
        GuidancePageFactory(parent=rtp_hub, title=f"Collimation note {n:02d}", body=rich_text("collimation"))

    first = client.get("/search/", {"q": "collimation", "type": "guidance"})
    second = client.get("/search/", {"q": "collimation", "type": "guidance", "page": "2"})

    titles = [f"Collimation note {n:02d}" for n in range(12)]
    on_first = {t for t in titles if t in visible_text(first)}
    on_second = {t for t in titles if t in visible_text(second)}
    assert len(on_first) == 10
    assert len(on_second) == 2
    assert on_first.isdisjoint(on_second)
    page_two_links = [href for href in link_hrefs(first) if "page=2" in href]
    assert page_two_links and all(
        "q=collimation" in href and "type=guidance" in href for href in page_two_links
    )
    for page in ("abc", "99", "0"):
        assert client.get("/search/", {"q": "collimation", "page": page}).status_code == 404


def test_the_type_choices_are_shown_in_order_with_case_studies_from_their_own_app(client, home_page):
    """cms registers its own page types; casestudies adds "Case studies" from its ready()."""
    tree = soup(client.get("/search/"))
    values = [choice.get("value") for choice in tree.find_all("input", attrs={"name": "type"})]
    assert values == ["", "guidance", "case-study", "news", "page", "resource"]


def test_a_second_search_type_under_a_taken_key_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    from casestudies.models import CaseStudyPage
    from cms.models import NewsPage
    from cms.registry import register_search_page_type

    register_search_page_type("news", "News", NewsPage, order=30)  # the same again: harmless
    with pytest.raises(ImproperlyConfigured, match="already registered"):
        register_search_page_type("news", "Stories", CaseStudyPage, order=30)
    with pytest.raises(ImproperlyConfigured, match="keeps the key"):
        register_search_page_type("resource", "Resources", NewsPage, order=5)
