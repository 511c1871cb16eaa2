"""pathways.demo: the files in demo/pathways/ read and checked, and seed_pathways() makes enough demo content,
sourced, and is safe to run twice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pathways import models
from pathways.demo import read_pathways, seed_pathways
from portal.demo_data import DEMO_DIR, DemoDataError, read_sources

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


# --------------------------------------------------------------------------------------------------
# The files in demo/pathways/ (read without a database)
# --------------------------------------------------------------------------------------------------


@pytest.fixture
def demo_copy(tmp_path) -> Path:
    root = tmp_path / "demo"
    shutil.copytree(DEMO_DIR, root)
    return root


@pytest.mark.parametrize(
    "relative, old, new, message",
    [
        ("steps.toml", 'source = "hcpc-updating"', 'source = "hcpc-home"', "step 1 (Work out how much"),
        (
            "steps.toml",
            'updating_required = "yes"',
            'updating_required = "maybe"',
            "updating_required must be",
        ),
        ("steps.toml", 'nations = ["england"]', 'nations = ["cornwall"]', "unknown nation 'cornwall'"),
        ("steps.toml", "order = 10", "order = 10\ncolour = 'red'", "unknown key colour"),
        ("countries.toml", 'status = "red"', 'status = "purple"', "country 1 (Nigeria): recruitment_status"),
        ("support.toml", 'recruit_source = "code-england"', 'recruit_source = "x"', "no source 'x'"),
    ],
)
@pytest.mark.django_db(databases=[])
def test_a_mistake_in_a_pathways_file_names_the_file_and_the_entry(demo_copy, relative, old, new, message):
    path = demo_copy / "pathways" / relative
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))

    with pytest.raises(DemoDataError) as exc_info:
        read_pathways(demo_copy)

    assert str(exc_info.value).startswith(f"demo/pathways/{relative}: "), str(exc_info.value)
    assert message in str(exc_info.value)


@pytest.mark.django_db(databases=[])
def test_every_pathways_source_is_in_the_registry_and_no_step_is_both_pathways_own():
    content = read_pathways()
    urls = {entry["url"] for entry in read_sources().values()}
    for step in content["steps"]:
        assert step["source"] is None or step["source"]["url"] in urls
    rtp = {
        s["source"]["url"]
        for s in content["steps"]
        if s["source"] and s["conditions"].get("pathway") == "rtp"
    }
    ir = {
        s["source"]["url"] for s in content["steps"] if s["source"] and s["conditions"].get("pathway") == "ir"
    }
    assert (
        not rtp & ir
    )  # a plan shows no source of the other pathway (tests/pathways/test_plans_by_pathway.py)
