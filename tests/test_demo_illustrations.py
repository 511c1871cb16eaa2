"""The demo's case study illustrations are pictures of the story's setting (a scanner, a flight, a
classroom), not letter placeholders, and their alt text says what is drawn."""

import tomllib
from pathlib import Path

from django.conf import settings

import pytest
from PIL import Image

DEMO = Path(settings.BASE_DIR) / "demo"
CASE_STUDIES = sorted(p for p in (DEMO / "pages" / "case-studies").glob("*.toml") if p.name != "index.toml")


def front_matter(path: Path) -> dict:
    return tomllib.loads(path.read_text())


@pytest.mark.parametrize("path", CASE_STUDIES, ids=lambda p: p.stem)
def test_each_case_study_has_a_drawn_illustration_with_alt_text_saying_what_it_shows(path):
    fields = front_matter(path)
    alt = fields["illustration_alt"]
    assert alt.startswith("An illustration of"), alt
    assert "letter" not in alt.lower()
    assert len(alt) <= 200

    image = Image.open(DEMO / "media" / "images" / fields["illustration"])
    assert image.size == (1200, 800)
    # A scene, not a single letter on circles: many colours in several distinct regions.
    small = image.convert("RGB").resize((120, 80))
    assert len(set(small.getdata())) > 200


def test_every_illustration_is_different():
    images = {front_matter(p)["illustration"] for p in CASE_STUDIES}
    assert len(images) == len(CASE_STUDIES)
    data = {name: (DEMO / "media" / "images" / name).read_bytes() for name in images}
    assert len(set(data.values())) == len(data)
