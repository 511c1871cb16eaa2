"""pathways.demo.seed_pathways(): enough demo content, sourced, and safe to run twice."""

from __future__ import annotations

import pytest

from pathways import models
from pathways.demo import seed_pathways

pytestmark = pytest.mark.django_db


def test_seed_makes_the_finder_steps_countries_and_support_and_is_idempotent(home_page):
    first = seed_pathways()
    second = seed_pathways()
    assert first == second
    assert first["finder_page"] == 1
    assert models.PathwayFinderPage.objects.get().url == "/pathway-finder/"
    assert first["steps"] >= 15
    assert first["countries"] >= 30
    assert first["nation_support"] == 4
    assert models.PathwayStep.objects.filter(pathway="rtp").count() >= 5
    assert models.PathwayStep.objects.filter(pathway="ir").count() >= 5
    nation_slugs = set(models.PathwayStep.objects.values_list("nations__slug", flat=True)) - {None}
    assert {"england", "scotland", "wales", "northern-ireland"} <= nation_slugs


def test_seeded_countries_follow_the_facts(home_page):
    seed_pathways()
    status = dict(models.Country.objects.values_list("code", "recruitment_status"))
    assert [status[c] for c in ("NG", "GH", "AO", "CM")] == ["red"] * 4
    assert [status[c] for c in ("KE", "NP")] == ["amber"] * 2
    assert [status[c] for c in ("IN", "MY", "PH", "LK")] == ["green"] * 4
    assert (
        models.Country.objects.filter(
            code__in=["IN", "MY", "PH", "LK", "KE", "NP"], government_agreement=False
        ).count()
        == 0
    )
    assert models.Country.objects.get(code="ZA").status_needs_check
    for country in models.Country.objects.all():
        assert country.source_url.startswith("https://") and country.last_checked, country
        country.full_clean()


def test_seeded_content_has_sources_and_passes_validation(home_page):
    seed_pathways()
    for support in models.NationSupport.objects.all():
        support.full_clean()
        assert support.source_url.startswith("https://")
    assert "1,000" in models.NationSupport.objects.get(nation__slug="wales").returner_funding
    for step in models.PathwayStep.objects.all():
        step.full_clean()
        if "£" in step.cost:
            assert step.source_url and step.last_checked, step
