"""The date-input pattern: day, month and year in separate boxes, with the errors people expect."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from portal.forms import is_whole_number

EARLIEST_YEAR = 1950


class DatePartsWidget(forms.MultiWidget):
    def __init__(self, include_day: bool = True, attrs=None):
        numeric = {"inputmode": "numeric", "autocomplete": "off"}
        widgets = {}
        if include_day:
            widgets["day"] = forms.TextInput(attrs={**numeric, "maxlength": "2"})
        widgets["month"] = forms.TextInput(attrs={**numeric, "maxlength": "2"})
        widgets["year"] = forms.TextInput(attrs={**numeric, "maxlength": "4"})
        self.include_day = include_day
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            parts = [value.month, value.year]
            return [value.day, *parts] if self.include_day else parts
        if isinstance(value, str) and value:
            try:
                return self.decompress(datetime.date.fromisoformat(value))
            except ValueError:
                pass
        return [None] * len(self.widgets)


class DatePartsField(forms.MultiValueField):
    """A date typed as day, month and year (or month and year) with the error messages people expect.
    Its field template is the NHS.UK date input (templates/pathways/includes/date_input.html)."""

    def __init__(self, *, what: str, include_day: bool = True, allow_future: bool = False, **kwargs):
        kwargs.setdefault("template_name", "pathways/includes/date_input.html")
        self.what = what
        self.include_day = include_day
        self.allow_future = allow_future
        count = 3 if include_day else 2
        fields = tuple(forms.CharField(required=False, max_length=4) for _ in range(count))
        super().__init__(
            fields=fields,
            require_all_fields=False,
            widget=DatePartsWidget(include_day=include_day),
            **kwargs,
        )

    @property
    def part_names(self) -> list[str]:
        return ["day", "month", "year"] if self.include_day else ["month", "year"]

    def clean(self, value):
        value = list(value or [])
        value += [""] * (len(self.part_names) - len(value))
        parts = {
            name: (str(v).strip() if v is not None else "")
            for name, v in zip(self.part_names, value, strict=False)
        }
        what = self.what
        if not any(parts.values()):
            if self.required:
                raise forms.ValidationError(f"Enter {what}", code="required")
            return None
        missing = [name for name, v in parts.items() if not v]
        if missing:
            raise forms.ValidationError(f"{what[0].upper()}{what[1:]} must include a {' and '.join(missing)}")
        # ASCII digits only: "²" is a digit to str.isdigit() but not to int(), and "٣" is read as 3 by
        # int() though the boxes ask for numbers as people here write them.
        if not all(is_whole_number(v) for v in parts.values()):
            raise forms.ValidationError(f"{what[0].upper()}{what[1:]} must be a real date, in numbers")
        if len(parts["year"]) != 4:
            raise forms.ValidationError("Year must include 4 numbers")
        try:
            day = datetime.date(int(parts["year"]), int(parts["month"]), int(parts.get("day", "1")))
        except (ValueError, OverflowError) as exc:  # OverflowError: a day or month beyond a C long
            raise forms.ValidationError(f"{what[0].upper()}{what[1:]} must be a real date") from exc
        today = timezone.localdate()
        if not self.allow_future and day > today:
            raise forms.ValidationError(f"{what[0].upper()}{what[1:]} must be today or in the past")
        if day.year < EARLIEST_YEAR:
            raise forms.ValidationError(
                f"{what[0].upper()}{what[1:]} must be after {EARLIEST_YEAR}: check the year"
            )
        if self.allow_future and day > today + datetime.timedelta(days=366 * 3):
            raise forms.ValidationError(f"{what[0].upper()}{what[1:]} must be within the next 3 years")
        return day

    def compress(self, data_list):  # pragma: no cover - clean() is overridden
        return None
