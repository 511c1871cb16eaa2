"""Small template helpers for the finder and the log."""

from decimal import Decimal

from django import template
from django.utils.safestring import SafeData, mark_safe

from pathways import rules

register = template.Library()

PART_LABELS = {"day": "Day", "month": "Month", "year": "Year"}


@register.simple_tag
def date_parts(field):
    """The boxes of a DatePartsField, each with its name, id, label, width and what was typed.

    The first box takes the field's own id, so that the error summary's link lands on it.
    """
    names = field.field.part_names
    value = field.value()
    if not isinstance(value, list | tuple):
        value = field.field.widget.decompress(value)
    parts = []
    for position, part in enumerate(names):
        typed = value[position] if position < len(value) else ""
        parts.append(
            {
                "name": f"{field.html_name}_{part}",
                "id": field.auto_id if position == 0 else f"{field.auto_id}_{part}",
                "label": PART_LABELS[part],
                "width": 4 if part == "year" else 2,
                "maxlength": 4 if part == "year" else 2,
                "value": "" if typed is None else typed,
            }
        )
    return parts


@register.filter
def hours(value) -> str:
    """7.50 → 7.5; 105.00 → 105."""
    if value is None or value == "":
        return ""
    return rules._fmt(Decimal(value))


@register.filter
def as_days(value) -> str:
    return rules._fmt(rules.hours_as_days(Decimal(value)))


@register.filter
def human_date(day) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


@register.filter
def flag_label(code: str) -> str:
    """Why an activity is not (fully) counted, in a few words (rules.FLAG_LABELS)."""
    return rules.FLAG_LABELS.get(code, code)


@register.filter
def for_person(text, requirement):
    """A step's words with the person's own figures: ``{days}`` and ``{hours}`` become their
    requirement ("60" and "420"), ``{window_months}`` HCPC's window. Editors write the tokens in a
    step's time or body; text without them is unchanged. Only numbers are put in, so HTML that was
    safe stays safe."""
    if not text or requirement is None:
        return text
    figures = {
        "{days}": str(requirement.days),
        "{hours}": str(requirement.hours),
        "{window_months}": str(rules.UPDATING_WINDOW_MONTHS.value),
    }
    result = str(text)
    for token, figure in figures.items():
        result = result.replace(token, figure)
    return mark_safe(result) if isinstance(text, SafeData) else result  # noqa: S308 - numbers only


@register.filter
def pathway_part(support, pathway: str) -> dict:
    """The part of a NationSupport shown on one pathway (NationSupport.for_pathway)."""
    return support.for_pathway(pathway)


@register.filter
def period(activity) -> str:
    """The days an entry covers, in words: "14 March 2026", "14 to 18 March 2026",
    "28 February to 3 March 2026" or "29 December 2025 to 2 January 2026"."""
    first, last = activity.date, activity.end_date or activity.date
    if last == first:
        return human_date(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day} to {human_date(last)}"
    if first.year == last.year:
        return f"{first.day} {first:%B} to {human_date(last)}"
    return f"{human_date(first)} to {human_date(last)}"


@register.filter
def subtract(value, other):
    """value - other, for hours (Decimal)."""
    return Decimal(value) - Decimal(other)
