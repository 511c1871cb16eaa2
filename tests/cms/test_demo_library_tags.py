"""The demo content as readers meet it: the managers' library finds what a manager filters for, the
English-language page names HCPC's qualifying countries, and no page hedges (FACTS.md source rules 3-4).

The library and page tests run against the seeded demo (seeded once for the module, as
tests/test_seed_demo.py does: DEBUG on, inside a transaction rolled back at the end) and go through the
real pages, so the library's own filter (cms.filters.ResourceFilter) answers. The wording tests read the
files in demo/ directly.
"""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model

import pytest

from portal.demo_data import DEMO_DIR
from tests.conftest import demo_seeded, link_hrefs, soup, visible_text

LIBRARY = "/managers/"
ENGLISH_PAGE = "/international-recruitment/english-language/"
FIRST_90_DAYS = "An international recruit's first 90 days: checklist"
RETURNEE_CHECKLIST = "Returning to practice: a checklist"
READINESS = "Department readiness self-assessment for international recruitment"
# FACTS.md link table L16: HCPC's page with the qualifying countries list.
HCPC_ENGLISH_URL = (
    "https://www.hcpc-uk.org/news-and-events/news/2024/"
    "new-english-language-requirements-for-international-applicants-to-come-into-effect-in-2025"
)
# FACTS.md C2: the entries of HCPC's qualifying countries list that the checked copy shows.
QUALIFYING_COUNTRIES = (
    "American Samoa",
    "Anguilla",
    "Antigua and Barbuda",
    "Australia",
    "Bahamas",
    "Barbados",
    "Belize",
    "Bermuda",
    "British overseas territories",
    "British Virgin Islands",
    "Canada",
)
# Research hedges FACTS.md's rule 4 forbids in page text (compared in lower case, whitespace collapsed).
HEDGES = (
    "check the current",
    "confirm it on",
    "confirm on the",
    "should be confirmed",
    "our own addition",
    "since we last checked",
    "that we know of",
    "temporarily extended",
    "24-month",
)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_seeded(django_db_blocker, tmp_path_factory):
        yield


def result_titles(response) -> list[str]:
    """The titles of the resources the library lists, in order."""
    assert response.status_code == 200
    results = soup(response).select("ul.sor-resource-list .sor-resource__title a")
    titles = []
    for link in results:
        for note in link.select(".sor-resource__external"):
            note.decompose()
        titles.append(re.sub(r"\s+", " ", link.get_text(" ")).strip())
    return titles


@pytest.mark.django_db
def test_checklist_for_international_recruits_finds_the_first_90_days_checklist(demo, client):
    titles = result_titles(
        client.get(LIBRARY, {"resource_type": "checklist", "audience": "international-recruit"})
    )
    assert FIRST_90_DAYS in titles
    assert RETURNEE_CHECKLIST not in titles
    assert all(
        title != FIRST_90_DAYS for title in result_titles(client.get(LIBRARY, {"audience": "returnee"}))
    )


@pytest.mark.django_db
def test_a_signed_in_manager_also_finds_the_members_only_readiness_checklist(demo, client):
    client.force_login(get_user_model().objects.get(email="manager@demo.sor.example"))
    titles = result_titles(
        client.get(LIBRARY, {"resource_type": "checklist", "audience": "international-recruit"})
    )
    assert {FIRST_90_DAYS, READINESS} <= set(titles)
    assert RETURNEE_CHECKLIST not in titles


@pytest.mark.django_db
def test_checklist_for_returnees_finds_the_returnee_checklist_not_the_recruit_one(demo, client):
    titles = result_titles(client.get(LIBRARY, {"resource_type": "checklist", "audience": "returnee"}))
    assert RETURNEE_CHECKLIST in titles
    assert FIRST_90_DAYS not in titles


@pytest.mark.django_db
def test_the_english_language_page_names_the_qualifying_countries_and_links_hcpc_s_list(demo, client):
    response = client.get(ENGLISH_PAGE)
    assert response.status_code == 200
    text = visible_text(response)
    assert "29 January 2025" in text and "qualifying countries list" in text
    missing = [country for country in QUALIFYING_COUNTRIES if country not in text]
    assert not missing, f"qualifying countries not named: {missing}"
    assert HCPC_ENGLISH_URL in link_hrefs(response, "qualifying countries list")


def demo_files() -> list[tuple[str, str]]:
    """(path, text) of every file in demo/, whitespace collapsed."""
    return [
        (str(path.relative_to(DEMO_DIR.parent)), re.sub(r"\s+", " ", path.read_text()))
        for path in sorted(DEMO_DIR.rglob("*"))
        if path.is_file() and path.suffix in (".toml", ".md")
    ]


def test_no_demo_file_hedges():
    found = [f"{name}: {hedge!r}" for name, text in demo_files() for hedge in HEDGES if hedge in text.lower()]
    assert not found, "research hedges in the demo content:\n" + "\n".join(found)


def test_24_months_appears_once_only_as_hcpc_s_transitional_arrangements():
    # FACTS.md C1: the window is 12 months since 1 February 2025. The only mention of 24 months is the
    # one plain sentence that activity 12 to 24 months old may count only under HCPC's transitional
    # arrangements (what the updating-days log says too).
    sentences = [
        (name, sentence)
        for name, text in demo_files()
        for sentence in re.split(r"(?<=[.!?])\s", text)
        if re.search(r"24\s*months", sentence)
    ]
    assert len(sentences) == 1, sentences
    name, sentence = sentences[0]
    assert name == "demo/pages/returning-to-practice/hcpc-updating-requirement.toml"
    assert "transitional arrangements" in sentence and "12 to 24 months" in sentence


def test_the_philippines_is_always_the_philippines():
    bare = [
        f"{name}: ...{text[max(0, match.start() - 30) : match.end()]}"
        for name, text in demo_files()
        for match in re.finditer(r"Philippines", text)
        if not re.search(r"\bthe $", text[max(0, match.start() - 4) : match.start()], re.IGNORECASE)
    ]
    assert not bare, "write 'the Philippines':\n" + "\n".join(bare)
