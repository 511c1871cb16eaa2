"""Small template helpers for the finder and the log."""

from decimal import Decimal

from django import template

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
