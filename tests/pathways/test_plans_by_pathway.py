"""Every plan is personal (issue 11, part 2): for every pathway × nation, driven through the finder
with the demo content, a plan shows nothing of the other pathway: no step, contact, scheme or source.

The finding: a recruit trained in Nigeria who will work in England was sent to the NHS England AHP
return to practice team (a programme that excludes people qualified abroad and never registered); in
Wales to HEIW's returner bursary; in Scotland to the health board's return-to-practice team.
"""

from __future__ import annotations

import datetime

import pytest

from pathways import models
from pathways.demo import seed_pathways
from pathways.factories import ir_answers, rtp_answers
from pathways.views import ANSWERS_KEY
from tests.conftest import soup, visible_text

pytestmark = pytest.mark.django_db

NATIONS = ["england", "scotland", "wales", "northern-ireland"]
RETURNER_MARKERS = [
    "return to practice team",
    "bursary",
    "HEIW",
    "NHS England allied health professions return",
]


@pytest.fixture
def demo(home_page, taxonomy):
    seed_pathways()
    return {support.nation.slug: support for support in models.NationSupport.objects.select_related("nation")}


def plan_text_and_links(client, answers):
    session = client.session
    session[ANSWERS_KEY] = answers
    session.save()
    response = client.get("/pathway-finder/plan/")
    assert response.status_code == 200
    return visible_text(response), {a["href"] for a in soup(response).select("main a[href]")}


def other_pathway_steps(pathway: str) -> list[models.PathwayStep]:
    return list(models.PathwayStep.objects.live().exclude(pathway__in=[pathway, models.ANY]))


def own_text(html: str) -> str:
    return visible_text(f"<main>{html}</main>")


@pytest.mark.parametrize("nation", NATIONS)
def test_a_recruits_plan_shows_only_what_applies_to_recruits(client, demo, nation):
    support = demo[nation]
    text, links = plan_text_and_links(client, ir_answers(nation=nation))
    for step in other_pathway_steps(models.IR):
        assert step.title not in text, step.title
        if step.source_url:
            assert step.source_url not in links, step.source_url
    assert own_text(support.returner_funding) not in text
    assert own_text(support.contacts) not in text
    assert support.source_url not in links
    assert support.check_note not in text or not support.check_note
    for marker in RETURNER_MARKERS:
        assert marker.lower() not in text.lower(), marker
    assert own_text(support.recruit_contacts) in text
    assert support.recruit_source_url in links


@pytest.mark.parametrize("nation", NATIONS)
def test_a_returners_plan_shows_only_what_applies_to_returners(client, demo, nation):
    support = demo[nation]
    answers = rtp_answers(
        nation=nation, last_practised=datetime.date.today() - datetime.timedelta(days=6 * 366)
    )
    text, links = plan_text_and_links(client, answers)
    for step in other_pathway_steps(models.RTP):
        assert step.title not in text, step.title
        if step.source_url:
            assert step.source_url not in links, step.source_url
    assert own_text(support.recruit_support) not in text
    assert own_text(support.recruit_contacts) not in text
    assert support.recruit_source_url not in links
    assert own_text(support.contacts) in text
    assert support.source_url in links
