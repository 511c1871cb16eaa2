"""Demo content for the pathway finder: the finder page, steps, countries and support in each nation.

The words are in demo/pathways/ (demo/README.md), read and checked here with the demo's one loader
(portal.demo_data: read_toml, check_keys, DemoDataError naming the file and the entry); every source is
a key of demo/sources.toml, so a step, a country or a nation's support shows that source's title, deep
link and "last checked" date. ``seed_pathways()`` is idempotent (everything is looked up by slug, code,
nation or title) and is called by ``manage.py seed_demo`` after the content pages exist, so that steps
can link to guidance.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.db.models import Q

from wagtail.models import Page

from cms.models import GuidancePage, HomePage, Nation
from portal.demo_data import (
    DEMO_DIR,
    DemoDataError,
    check_keys,
    collapse_html,
    file_name,
    read_sources,
    read_taxonomy,
    read_toml,
)

from . import models

CONDITION_FIELDS = (
    "pathway",
    "profession",
    "uk_qualified",
    "ever_registered",
    "updating_required",
    "practised_abroad",
    "job_offer",
    "country_status",
)
FINDER_KEYS = (
    {
        "title",
        "slug",
        "introduction",
        "search_description",
        "code_of_practice_intro",
        "red_explanation",
        "amber_explanation",
        "green_explanation",
        "code_source",
    },
    set(),
)
COUNTRY_KEYS = ({"name", "code", "status", "english", "source"}, {"agreement", "needs_check", "notes"})
SUPPORT_KEYS = (
    {
        "nation",
        "returner_funding",
        "contacts",
        "source",
        "recruit_support",
        "recruit_contacts",
        "recruit_source",
    },
    {"check_note"},
)
STEP_KEYS = ({"title", "order", "body"}, {"guidance", "cost", "time", "source", "nations", *CONDITION_FIELDS})


def _source(key, registry: dict, where: str) -> dict:
    if key not in registry:
        raise DemoDataError(f"{where}: no source {key!r} in demo/sources.toml")
    return registry[key]


def _choice(value, field: str, model, where: str) -> str:
    choices = [choice for choice, _label in model._meta.get_field(field).choices]
    if value not in choices:
        raise DemoDataError(f"{where}: {field} must be one of {', '.join(choices)}, not {value!r}")
    return value


def _entries(data: dict, name: str, where: str) -> list[dict]:
    entries = data.get(name, [])
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise DemoDataError(f"{where}: [[{name}]] must be a list of tables")
    return entries


def read_pathways(root: Path = DEMO_DIR) -> dict:
    """demo/pathways/: finder.toml, countries.toml, support.toml and steps.toml, checked, with every
    source looked up in demo/sources.toml. Needs no database."""
    registry = read_sources(root)
    nations = [row["slug"] for row in read_taxonomy(root)["nation"]]
    folder = root / "pathways"

    path = folder / "finder.toml"
    where = file_name(path, root)
    finder = read_toml(path, root)
    check_keys(finder, *FINDER_KEYS, where)
    finder["code_source"] = _source(finder["code_source"], registry, where)

    path = folder / "countries.toml"
    where = file_name(path, root)
    data = read_toml(path, root)
    check_keys(data, {"country"}, set(), where)
    countries = []
    for index, entry in enumerate(_entries(data, "country", where), start=1):
        here = f"{where}: country {index} ({entry.get('name', 'no name')})"
        check_keys(entry, *COUNTRY_KEYS, here)
        _choice(entry["status"], "recruitment_status", models.Country, here)
        _choice(entry["english"], "english_qualifying", models.Country, here)
        countries.append({**entry, "source": _source(entry["source"], registry, here)})
    codes = [country["code"] for country in countries]
    if len(codes) != len(set(codes)):
        raise DemoDataError(f"{where}: a country code is used twice")

    path = folder / "support.toml"
    where = file_name(path, root)
    data = read_toml(path, root)
    check_keys(data, {"support"}, set(), where)
    support = []
    for index, entry in enumerate(_entries(data, "support", where), start=1):
        here = f"{where}: support {index} ({entry.get('nation', 'no nation')})"
        check_keys(entry, *SUPPORT_KEYS, here)
        if entry["nation"] not in nations:
            raise DemoDataError(f"{here}: unknown nation {entry['nation']!r} (nations: {', '.join(nations)})")
        support.append(
            {
                **entry,
                "source": _source(entry["source"], registry, here),
                "recruit_source": _source(entry["recruit_source"], registry, here),
            }
        )

    path = folder / "steps.toml"
    where = file_name(path, root)
    data = read_toml(path, root)
    check_keys(data, {"step"}, set(), where)
    steps = []
    for index, entry in enumerate(_entries(data, "step", where), start=1):
        here = f"{where}: step {index} ({entry.get('title', 'no title')})"
        check_keys(entry, *STEP_KEYS, here)
        for slug in entry.get("nations", []):
            if slug not in nations:
                raise DemoDataError(f"{here}: unknown nation {slug!r} (nations: {', '.join(nations)})")
        conditions = {
            name: _choice(entry[name], name, models.PathwayStep, here)
            for name in CONDITION_FIELDS
            if name in entry
        }
        source = _source(entry["source"], registry, here) if "source" in entry else None
        steps.append(
            {
                "title": entry["title"],
                "body": entry["body"].strip(),
                "sort_order": entry["order"],
                "guidance": tuple(entry.get("guidance", ())),
                "cost": entry.get("cost", ""),
                "time": entry.get("time", ""),
                "source": source,
                "nations": tuple(entry.get("nations", ())),
                "conditions": conditions,
            }
        )
    return {"finder": finder, "countries": countries, "support": support, "steps": steps}


def _nations() -> dict[str, Nation]:
    """The nations of demo/taxonomy.toml, made if seed_demo has not made them."""
    nations = {}
    for row in read_taxonomy()["nation"]:
        nation, _ = Nation.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "holiday_subdivision": row["holiday_subdivision"],
                "sort_order": row["sort_order"],
            },
        )
        nations[nation.slug] = nation
    return nations


def _guidance_page(keywords) -> Page | None:
    for keyword in keywords:
        page = (
            GuidancePage.objects.live()
            .filter(Q(title__icontains=keyword) | Q(slug__icontains=keyword))
            .first()
        )
        if page is not None:
            return page
    return None


def _finder_page(finder: dict) -> models.PathwayFinderPage | None:
    existing = models.PathwayFinderPage.objects.first()
    if existing is not None:
        return existing
    home = HomePage.objects.first()
    if home is None:
        return None
    source = finder["code_source"]
    page = models.PathwayFinderPage(
        title=finder["title"],
        slug=finder["slug"],
        introduction=finder["introduction"].strip(),
        search_description=finder["search_description"],
        code_of_practice_intro=collapse_html(finder["code_of_practice_intro"]),
        red_explanation=collapse_html(finder["red_explanation"]),
        amber_explanation=collapse_html(finder["amber_explanation"]),
        green_explanation=collapse_html(finder["green_explanation"]),
        code_source_title=source["title"],
        code_source_url=source["url"],
        code_last_checked=source["checked"],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def seed_pathways() -> dict[str, int]:
    """Create or update the finder's demo content from demo/pathways/. Safe to run again: nothing is
    duplicated."""
    content = read_pathways()
    nations = _nations()
    page = _finder_page(content["finder"])

    for country in content["countries"]:
        source = country["source"]
        models.Country.objects.update_or_create(
            code=country["code"],
            defaults={
                "name": country["name"],
                "recruitment_status": country["status"],
                "government_agreement": country.get("agreement", False),
                "english_qualifying": country["english"],
                "status_needs_check": country.get("needs_check", False),
                "notes": country.get("notes", ""),
                "source_title": source["title"],
                "source_url": source["url"],
                "last_checked": source["checked"],
            },
        )

    for support in content["support"]:
        source, recruit = support["source"], support["recruit_source"]
        models.NationSupport.objects.update_or_create(
            nation=nations[support["nation"]],
            defaults={
                "returner_funding": collapse_html(support["returner_funding"]),
                "contacts": collapse_html(support["contacts"]),
                "check_note": support.get("check_note", ""),
                "source_title": source["title"],
                "source_url": source["url"],
                "last_checked": source["checked"],
                "recruit_support": collapse_html(support["recruit_support"]),
                "recruit_contacts": collapse_html(support["recruit_contacts"]),
                "recruit_source_title": recruit["title"],
                "recruit_source_url": recruit["url"],
                "recruit_last_checked": recruit["checked"],
            },
        )

    for spec in content["steps"]:
        source = spec["source"] or {"title": "", "url": "", "checked": None}
        defaults = {
            "body": collapse_html(spec["body"]),
            "sort_order": spec["sort_order"],
            "cost": spec["cost"],
            "time": spec["time"],
            "source_title": source["title"],
            "source_url": source["url"],
            "last_checked": source["checked"],
            "guidance_page": _guidance_page(spec["guidance"]),
            "live": True,
            **{name: models.ANY for name in CONDITION_FIELDS},
            **spec["conditions"],
        }
        step, _ = models.PathwayStep.objects.update_or_create(title=spec["title"], defaults=defaults)
        step.nations.set([nations[slug] for slug in spec["nations"]])
        step.save()

    return {
        "finder_page": 1 if page else 0,
        "steps": models.PathwayStep.objects.count(),
        "countries": models.Country.objects.count(),
        "nation_support": models.NationSupport.objects.count(),
    }
