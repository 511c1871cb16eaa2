"""Helpers for the pathways tests."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone

from tests.conftest import soup


def field_error_text(response_or_html, name: str) -> str:
    """The error a reader hears for a field: what its aria-describedby names, or its fieldset's (radios,
    date boxes: the NHS pattern describes the group, not each input)."""
    tree = soup(response_or_html)
    field = tree.find(["input", "select", "textarea"], attrs={"name": name})
    assert field is not None, f"no form field named {name!r} on the page"
    ids = (field.get("aria-describedby") or "").split()
    fieldset = field.find_parent("fieldset")
    if fieldset is not None:
        ids += (fieldset.get("aria-describedby") or "").split()
    texts = [
        tree.find(id=element_id).get_text(" ") for element_id in ids if tree.find(id=element_id) is not None
    ]
    return re.sub(r"\s+", " ", " ".join(texts)).strip()


def step_titles(response_or_html, done_only: bool = False) -> list[str]:
    """The titles of the plan's steps in order (without their "Step n" caption)."""
    titles = []
    for item in soup(response_or_html).select(".sor-plan-step"):
        if done_only and "sor-plan-step--done" not in item.get("class", []):
            continue
        heading = item.select_one("h3")
        for caption in heading.select(".nhsuk-caption-m"):
            caption.extract()
        titles.append(re.sub(r"\s+", " ", heading.get_text(" ")).strip())
    return titles


def today():
    return timezone.localdate()


def parts(prefix, day):
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def activity_data(**overrides):
    """A valid updating-log entry as the add-activity form posts it: 7 hours of supervised practice
    3 days ago under a supervisor with 8 years on the Register."""
    data = {
        **parts("date", today() - datetime.timedelta(days=3)),
        "kind": "supervised",
        "hours": "7",
        "description": "CT head scanning under supervision.",
        "organisation": "Cardiff radiology",
        "supervisor_name": "Dr Sam Jones",
        "supervisor_years_registered": "8",
    }
    data.update(overrides)
    return data
