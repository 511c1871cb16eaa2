"""Figures and rules in the demo pages against shared/domain/FACTS.md's source rules, read from the page files
in demo/pages/ (no database): derived numbers are labelled as calculated with their inputs (rule 6), the
readmission total FACTS.md marks unconfirmed is shown only as a labelled calculation (rule 4), a page that
promises funding "in each nation" covers all four, and a page that names Northern Ireland's own medical
exposure regulations cites them.
"""

from __future__ import annotations

import re
import tomllib

from portal.demo_data import DEMO_DIR

PAGES = DEMO_DIR / "pages"
NATIONS = ("England", "Wales", "Scotland", "Northern Ireland")


def strings(value) -> list[str]:
    """Every string in a page file's value, in order (bodies nest blocks in tables and lists)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return []


def words(value) -> str:
    return re.sub(r"\s+", " ", " ".join(strings(value)))


def page_files() -> list[tuple[str, dict, str]]:
    """(name, parsed file, page text with whitespace collapsed) for every page file."""
    found = []
    for path in sorted(PAGES.rglob("*.toml")):
        data = tomllib.loads(path.read_text())
        text = words(data.get("body", []))
        found.append((str(path.relative_to(DEMO_DIR)), data, text))
    return found


def cited(data: dict) -> set[str]:
    return {entry["source"] for entry in data.get("sources", [])}


def test_hours_derived_from_days_show_the_calculation():
    # FACTS.md C1 gives days and "1 day = 7 hours"; the hours are ours: "30 days x 7 hours = 210 hours".
    bare = [
        f"{name}: ...{text[max(0, match.start() - 40) : match.end()]}"
        for name, _data, text in page_files()
        for match in re.finditer(r"\b(\d+) hours", text)
        if int(match.group(1)) in (210, 420)
        and not re.search(r"\d+ days x 7 hours = $", text[max(0, match.start() - 25) : match.start()])
    ]
    assert not bare, (
        "derived hours without their inputs (write '30 days x 7 hours = 210 hours'):\n" + "\n".join(bare)
    )


def test_the_readmission_total_appears_only_as_a_labelled_calculation():
    # FACTS.md C1: £308.35 (£185.01 + £123.34) is derived and unconfirmed; HCPC's readmission FAQ has the figure.
    for name, data, text in page_files():
        for match in re.finditer(r"308\.35", text):
            sentence = text[max(0, match.start() - 200) : match.end() + 200]
            assert "calculated" in sentence and "£185.01 + £123.34" in sentence, name
            assert "hcpc-readmission" in cited(data), name


def test_the_returner_placement_guide_covers_money_in_every_nation():
    # Its summary promises "the funding in each nation": FACTS.md C4 has an entry for all four.
    data = tomllib.loads((PAGES / "managers" / "supporting-a-returnee-on-placement.toml").read_text())
    assert "each nation" in data["summary"]
    money = words(data["body"]).split("Money for placement providers", 1)[1]
    missing = [nation for nation in NATIONS if f"<b>{nation}</b>" not in money]
    assert not missing, f"no funding entry for {missing}"


def test_pages_naming_northern_ireland_s_medical_exposure_regulations_cite_them():
    naming = [
        (name, data)
        for name, data, text in page_files()
        if re.search(r"Northern Ireland (has|have) (its|their) own[^.]*regulations", text)
    ]
    assert naming
    uncited = [name for name, data in naming if "irmer-ni-2018" not in cited(data)]
    assert not uncited, f"pages that name Northern Ireland's regulations without citing them: {uncited}"
