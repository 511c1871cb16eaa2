"""One-off: dump the pathway finder demo's Python data (pathways/demo.py as it was) to demo/pathways/*.toml,
then check the round trip: what pathways.demo.read_pathways() reads back equals the Python data.

    .venv/bin/python scripts/convert_pathways_demo.py [--rev REV] [--check-only]

The old module is read from git (REV:pathways/demo.py; by default the last commit whose pathways/demo.py
still holds the data). Sources become keys of demo/sources.toml, found by their address: the round trip
compares the addresses, and lists the titles and dates that now come from the registry.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()

from pathways import models  # noqa: E402
from pathways.demo import CONDITION_FIELDS, read_pathways  # noqa: E402
from portal.demo_data import collapse_html, read_sources, read_taxonomy  # noqa: E402

OUT = ROOT / "demo" / "pathways"


def git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)  # noqa: S603, S607


def legacy_module(rev: str | None):
    if rev is None:
        # The last commit whose pathways/demo.py still has the data in Python.
        for candidate in git("rev-list", "HEAD", "--", "pathways/demo.py").stdout.split():
            if "COUNTRIES = [" in git("show", f"{candidate}:pathways/demo.py").stdout:
                rev = candidate
                break
    source = git("show", f"{rev}:pathways/demo.py")
    if source.returncode:
        raise SystemExit(source.stderr)
    spec = importlib.util.spec_from_loader("pathways.legacy_demo", loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "pathways"  # for its `from . import models`
    sys.modules[spec.name] = module
    exec(compile(source.stdout, f"{rev}:pathways/demo.py", "exec"), module.__dict__)  # noqa: S102 - our own old code
    print(f"read the Python data from {rev}:pathways/demo.py")
    return module


# --------------------------------------------------------------------------------------------------
# Writing TOML
# --------------------------------------------------------------------------------------------------


def q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def html(value: str) -> str:
    """Rich text, one paragraph or list a line (the line breaks are only there for reading)."""
    assert "'''" not in value and "\n" not in value
    for tag in ("</p><p>", "</p><ul>", "</ul><p>"):
        value = value.replace(tag, tag[: tag.index("><") + 1] + "\n" + tag[tag.index("><") + 1 :])
    return f"'''\n{value}\n'''"


def source_keys() -> dict[str, str]:
    return {entry["url"]: key for key, entry in read_sources().items()}


def key_for(url: str, keys: dict[str, str]) -> str:
    if url not in keys:
        raise SystemExit(f"{url} is not in demo/sources.toml: add it there (with its link-table ID) first")
    return keys[url]


def finder_toml(old, keys) -> str:
    out = [
        "# The pathway finder page (demo/README.md). Made once, below the home page; a finder page that",
        "# already exists is left as editors have it.",
        "",
        'title = "Pathway finder"',
        'slug = "pathway-finder"',
        "introduction = "
        + q(
            "Answer six short questions about your situation and we will show you the steps to take, in "
            "order, with costs, times, funding and who can help in your nation."
        ),
        'search_description = "Find the steps to return to radiography or to start work in the UK."',
        "",
        "# The Code of Practice box of a recruit's plan: what the red, amber and green list is, and what each",
        "# status means. Its source is a key of demo/sources.toml.",
        f"code_source = {q(key_for(old.CODE_URL, keys))}",
        f"code_of_practice_intro = {html(old.CODE_INTRO)}",
        f"red_explanation = {html(old.RED_TEXT)}",
        f"amber_explanation = {html(old.AMBER_TEXT)}",
        f"green_explanation = {html(old.GREEN_TEXT)}",
    ]
    return "\n".join(out) + "\n"


def countries_toml(old, keys) -> str:
    out = [
        "# Countries a person may have qualified or live in (demo/README.md): the status on the Code of",
        "# Practice list (status: red, amber or green; agreement = true for a government-to-government",
        "# agreement; needs_check = true when the source does not name the country, and the plan then says",
        '# to check it), and whether HCPC lists it as an English-language qualifying country (english: "yes",',
        '# "no" or "check" when not confirmed). source is a key of demo/sources.toml.',
    ]
    for name, code, status, agreement, english, needs_check, url, _title, notes in old.COUNTRIES:
        out += ["", "[[country]]", f"name = {q(name)}", f"code = {q(code)}", f"status = {q(status)}"]
        if agreement:
            out.append("agreement = true")
        if needs_check:
            out.append("needs_check = true")
        out.append(f"english = {q(english)}")
        out.append(f"source = {q(key_for(url, keys))}")
        if notes:
            out.append(f"notes = {q(notes)}")
    return "\n".join(out) + "\n"


def support_toml(old, keys) -> str:
    out = [
        "# Funding and support in each nation (demo/README.md). A returner's plan shows returner_funding,",
        "# contacts, check_note and source; a recruit's plan shows recruit_support, recruit_contacts and",
        "# recruit_source. Sources are keys of demo/sources.toml.",
    ]
    for slug, values in old.NATION_SUPPORT.items():
        out += ["", "[[support]]", f"nation = {q(slug)}", "", "# For returners"]
        out.append(f"returner_funding = {html(values['returner_funding'])}")
        out.append(f"contacts = {html(values['contacts'])}")
        if values["check_note"]:
            out.append(f"check_note = {q(values['check_note'])}")
        out.append(f"source = {q(key_for(values['source_url'], keys))}")
        out += ["", "# For international recruits"]
        out.append(f"recruit_support = {html(values['recruit_support'])}")
        out.append(f"recruit_contacts = {html(values['recruit_contacts'])}")
        out.append(f"recruit_source = {q(key_for(values['recruit_source_url'], keys))}")
    return "\n".join(out) + "\n"


def steps_toml(old, keys) -> str:
    out = [
        "# The steps of the finder's plans (demo/README.md), each looked up by its title. A step shows in a",
        "# plan when the person's answers match every condition it names; a condition left out matches",
        '# anyone. Conditions: pathway ("rtp" or "ir"), profession ("diagnostic" or "therapeutic"),',
        '# uk_qualified, ever_registered, updating_required, practised_abroad and job_offer ("yes" or "no"),',
        '# country_status ("red", "amber" or "green"); nations (none: every nation). Steps are shown in',
        "# `order`. guidance: words to find the guidance page the step links to (the first that matches a",
        "# live guidance page's title or slug). {days}, {hours} and {window_months} in the body, cost and",
        "# time are the person's own updating days and hours and HCPC's window. source is a key of",
        "# demo/sources.toml.",
    ]
    for spec in old.STEPS:
        out += ["", "[[step]]", f"title = {q(spec['title'])}", f"order = {spec['sort_order']}"]
        for name in CONDITION_FIELDS:
            if name in spec["conditions"]:
                out.append(f"{name} = {q(spec['conditions'][name])}")
        if spec["nations"]:
            out.append(f"nations = [{', '.join(q(n) for n in spec['nations'])}]")
        if spec["guidance"]:
            out.append(f"guidance = [{', '.join(q(g) for g in spec['guidance'])}]")
        for name in ("cost", "time"):
            if spec[name]:
                out.append(f"{name} = {q(spec[name])}")
        if spec["source_url"]:
            out.append(f"source = {q(key_for(spec['source_url'], keys))}")
        out.append(f"body = {html(spec['body'])}")
    return "\n".join(out) + "\n"


def write(old) -> None:
    keys = source_keys()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "finder.toml").write_text(finder_toml(old, keys))
    (OUT / "countries.toml").write_text(countries_toml(old, keys))
    (OUT / "support.toml").write_text(support_toml(old, keys))
    (OUT / "steps.toml").write_text(steps_toml(old, keys))


# --------------------------------------------------------------------------------------------------
# The round trip
# --------------------------------------------------------------------------------------------------


def same_html(value: str) -> str:
    """The old rich text as the loader stores it: paragraphs written one a line in the file end up one
    space apart, which HTML does not show."""
    for tag in ("</p><p>", "</p><ul>", "</ul><p>"):
        value = value.replace(tag, tag[: tag.index("><") + 1] + " " + tag[tag.index("><") + 1 :])
    return collapse_html(value)


def check(old) -> None:
    new = read_pathways()
    registry_titles = []

    def source(entry) -> str:
        if entry is None:
            return ""
        return entry["url"]

    def note_title(old_title: str, entry) -> None:
        if entry is not None and old_title != entry["title"]:
            registry_titles.append((old_title, entry["title"]))

    finder = new["finder"]
    for title, entry in [(old.CODE_TITLE, finder["code_source"])]:
        note_title(title, entry)
    pairs = {
        "NATIONS (now demo/taxonomy.toml)": (
            [
                (r["name"], r["slug"], r["holiday_subdivision"], r["sort_order"])
                for r in read_taxonomy()["nation"]
            ],
            list(old.NATIONS),
        ),
        "the finder page's Code of Practice texts (CODE_INTRO, RED_TEXT, AMBER_TEXT, GREEN_TEXT, CODE_URL)": (
            [
                collapse_html(finder[name])
                for name in (
                    "code_of_practice_intro",
                    "red_explanation",
                    "amber_explanation",
                    "green_explanation",
                )
            ]
            + [finder["code_source"]["url"]],
            [same_html(text) for text in (old.CODE_INTRO, old.RED_TEXT, old.AMBER_TEXT, old.GREEN_TEXT)]
            + [old.CODE_URL],
        ),
        "COUNTRIES (name, code, status, agreement, english, needs check, source address, notes)": (
            [
                (
                    c["name"],
                    c["code"],
                    c["status"],
                    c.get("agreement", False),
                    c["english"],
                    c.get("needs_check", False),
                    c["source"]["url"],
                    c.get("notes", ""),
                )
                for c in new["countries"]
            ],
            [(n, c, s, a, e, nc, url, notes) for n, c, s, a, e, nc, url, _t, notes in old.COUNTRIES],
        ),
        "NATION_SUPPORT (texts and source addresses)": (
            {
                s["nation"]: (
                    collapse_html(s["returner_funding"]),
                    collapse_html(s["contacts"]),
                    s.get("check_note", ""),
                    s["source"]["url"],
                    collapse_html(s["recruit_support"]),
                    collapse_html(s["recruit_contacts"]),
                    s["recruit_source"]["url"],
                )
                for s in new["support"]
            },
            {
                slug: (
                    same_html(v["returner_funding"]),
                    same_html(v["contacts"]),
                    v["check_note"],
                    v["source_url"],
                    same_html(v["recruit_support"]),
                    same_html(v["recruit_contacts"]),
                    v["recruit_source_url"],
                )
                for slug, v in old.NATION_SUPPORT.items()
            },
        ),
        "STEPS (title, body, order, guidance, cost, time, source address, nations, conditions)": (
            [
                (
                    s["title"],
                    collapse_html(s["body"]),
                    s["sort_order"],
                    s["guidance"],
                    s["cost"],
                    s["time"],
                    source(s["source"]),
                    s["nations"],
                    s["conditions"],
                )
                for s in new["steps"]
            ],
            [
                (
                    s["title"],
                    same_html(s["body"]),
                    s["sort_order"],
                    tuple(s["guidance"]),
                    s["cost"],
                    s["time"],
                    s["source_url"],
                    tuple(s["nations"]),
                    dict(s["conditions"]),
                )
                for s in old.STEPS
            ],
        ),
    }
    for country, (*_, title, _notes) in zip(new["countries"], old.COUNTRIES, strict=True):
        note_title(title, country["source"])
    for s in new["support"]:
        v = old.NATION_SUPPORT[s["nation"]]
        note_title(v["source_title"], s["source"])
        note_title(v["recruit_source_title"], s["recruit_source"])
    for s, o in zip(new["steps"], old.STEPS, strict=True):
        note_title(o["source_title"], s["source"])
    failed = [name for name, (loaded, python) in pairs.items() if loaded != python]
    for name, (_loaded, python) in pairs.items():
        print(f"  {'same' if name not in failed else 'DIFFERENT'}: {name} ({len(python)})")
    if registry_titles:
        print("  source titles now from demo/sources.toml (old -> registry):")
        for old_title, new_title in sorted(set(registry_titles)):
            print(f"    {old_title!r} -> {new_title!r}")
    print(f"  'last checked' dates now from demo/sources.toml (was {old.CHECKED} for all)")
    assert {name for name in CONDITION_FIELDS} == set(old.CONDITION_FIELDS)
    assert all(f.name for f in models.PathwayStep._meta.fields)
    if failed:
        raise SystemExit(f"round trip failed: {', '.join(failed)}")
    print("round trip: the files load back to the Python data")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", help="the git revision whose pathways/demo.py to read")
    parser.add_argument("--check-only", action="store_true", help="do not write the files, only compare")
    args = parser.parse_args()
    old = legacy_module(args.rev)
    if not args.check_only:
        write(old)
    check(old)


if __name__ == "__main__":
    main()
