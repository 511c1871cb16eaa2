"""Site search at scale: ranked, paginated in the database, queries flat, counting capped.

cms.search_backend ranks and slices inside one full-text query (SQLite) or Wagtail's ranked tsvector
query (PostgreSQL); these tests hold the behaviour on whichever database the suite runs on. Speed at
10,000 pages is measured by benchmarks/search.py, not here.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from cms.factories import GuidancePageFactory, NewsPageFactory, rich_text
from tests.conftest import link_hrefs, visible_text

pytestmark = pytest.mark.django_db


def grow(rtp_hub, news_index, start, end):
    for n in range(start, end):
        GuidancePageFactory(parent=rtp_hub, title=f"Practice note {n:03d}", body=rich_text("gantry checks"))
        NewsPageFactory(parent=news_index, title=f"Service news {n:03d}", body=rich_text("gantry upgrades"))


def capture(client, params):
    client.get("/search/", params)  # warm the site-root and restriction caches
    with CaptureQueriesContext(connection) as context:
        response = client.get("/search/", params)
    assert response.status_code == 200
    return response, [query["sql"] for query in context.captured_queries]


@pytest.mark.parametrize(
    "params",
    [{"q": "gantry"}, {"q": "gantry", "page": "2"}, {"q": "gantry", "type": "news"}],
    ids=["first page", "second page", "one type"],
)
def test_queries_per_search_stay_flat_from_a_dozen_matches_to_over_a_hundred(
    client, rtp_hub, news_index, library, params
):
    grow(rtp_hub, news_index, 0, 12)
    _, small = capture(client, params)
    grow(rtp_hub, news_index, 12, 60)
    response, large = capture(client, params)

    assert len(large) == len(small), "\n\n".join(large)
    assert "Practice note" in visible_text(response) or "Service news" in visible_text(response)


def test_a_page_of_results_is_limited_in_the_database_not_in_python(client, rtp_hub, news_index, library):
    grow(rtp_hub, news_index, 0, 15)

    _, queries = capture(client, {"q": "gantry", "page": "2"})

    limited = [sql for sql in queries if "LIMIT 10 OFFSET 10" in sql]
    assert limited, "no query fetched the second page with LIMIT/OFFSET:\n\n" + "\n\n".join(queries)


def test_results_are_ranked_by_relevance_not_by_age(client, rtp_hub):
    """Pages that mention the word once in a long text come first by age; the page that is about the
    word (title and body) must still lead."""
    filler = " ".join(["Plan your supervised practice with your clinical educator."] * 8)
    GuidancePageFactory(
        parent=rtp_hub,
        title="Dosimeter badges explained",
        body=rich_text(
            "Your dosimeter records dose. Wear the dosimeter at chest height; return the dosimeter monthly."
        ),
    )
    for n in range(6):
        GuidancePageFactory(parent=rtp_hub, title=f"Note {n}", body=rich_text(f"{filler} Bring a dosimeter."))

    text = visible_text(client.get("/search/", {"q": "dosimeter"}))

    assert text.index("Dosimeter badges explained") < min(text.index(f"Note {n}") for n in range(6))


def test_the_count_stops_at_the_cap_and_says_so(client, rtp_hub, monkeypatch):
    monkeypatch.setattr("cms.views.MAX_RESULTS", 12)
    for n in range(15):
        GuidancePageFactory(parent=rtp_hub, title=f"Collimation note {n:02d}", body=rich_text("collimation"))

    first = client.get("/search/", {"q": "collimation", "type": "guidance"})
    second = client.get("/search/", {"q": "collimation", "type": "guidance", "page": "2"})

    assert "12 or more pages" in visible_text(first)
    assert not [href for href in link_hrefs(first) if "page=3" in href]
    assert sum(f"Collimation note {n:02d}" in visible_text(second) for n in range(15)) == 2
    assert client.get("/search/", {"q": "collimation", "type": "guidance", "page": "3"}).status_code == 404


def test_under_the_cap_the_exact_count_is_shown(client, rtp_hub):
    for n in range(3):
        GuidancePageFactory(parent=rtp_hub, title=f"Collimation note {n}", body=rich_text("collimation"))

    text = visible_text(client.get("/search/", {"q": "collimation"}))

    assert "3 pages" in text
    assert "or more" not in text
