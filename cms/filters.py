"""Listing filters (django-filter) for the resource library; the base is shared with case studies."""

import re

from django import forms
from django.db.models import Q

from wagtail.search.backends import get_search_backend

import django_filters

from portal.forms import FilterPanelForm

from .models import Audience, Nation, Resource, Topic

MAX_QUERY_LENGTH = 256
_NOT_WORDS = re.compile(r"[^\w\s'’-]+")


def clean_search_query(raw: str) -> str:
    """What a reader typed, made safe for every search backend: at most 256 characters, and only
    words (letters, digits, apostrophes and hyphens inside words). Quotes, brackets and other
    punctuation are search syntax on SQLite's FTS5 and would raise an error, so they become spaces."""
    text = _NOT_WORDS.sub(" ", (raw or "")[:MAX_QUERY_LENGTH])
    words = [word.strip("'’-") for word in text.split()]
    return " ".join(word for word in words if word)


class LenientFilterSet(django_filters.FilterSet):
    """A FilterSet for public listings.

    django-filter empties the whole result when any value is invalid; a stale bookmark or an edited
    address would then show nothing. Here an unknown value is dropped (and reported beside its field)
    while the valid filters still apply. A `q` value is trimmed and cut to 256 characters, and is
    matched through Wagtail search, so search composes with the other filters and with pagination.

    Its form is a `portal.forms.FilterPanelForm` (NHS.UK fields, small checkboxes and radios); a
    subclass's Meta inherits this one's (``class Meta(LenientFilterSet.Meta)``) to keep it.
    """

    class Meta:
        form = FilterPanelForm

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            if "q" in data:
                data["q"] = data["q"].strip()[:MAX_QUERY_LENGTH]
            data.pop("page", None)
            if not any(value for _, values in data.lists() for value in values):
                data = None
        super().__init__(data, *args, **kwargs)

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            qs = self.queryset.all()
            if self.is_bound:
                self.form.is_valid()
                for name, value in self.form.cleaned_data.items():
                    if name not in self.form.errors:
                        qs = self.filters[name].filter(qs, value)
            self._qs = qs
        return self._qs

    def search(self, queryset, name, value):
        terms = clean_search_query(value)
        if not terms:
            return queryset
        model = queryset.model
        matches = get_search_backend().search(terms, model.objects.all(), order_by_relevance=False)
        return queryset.filter(pk__in=[match.pk for match in matches])

    def active_count(self) -> int:
        if not self.is_bound:
            return 0
        self.form.is_valid()
        return sum(
            1
            for name, value in self.form.cleaned_data.items()
            if value and name != "q" and name not in self.form.errors
        )


class ResourceFilter(LenientFilterSet):
    q = django_filters.CharFilter(label="Search the library", method="search", max_length=MAX_QUERY_LENGTH)
    resource_type = django_filters.MultipleChoiceFilter(
        label="Type", choices=Resource.TYPE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    audience = django_filters.ModelMultipleChoiceFilter(
        label="For",
        field_name="audiences__slug",
        to_field_name="slug",
        queryset=Audience.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        distinct=True,
    )
    topic = django_filters.ModelMultipleChoiceFilter(
        label="Topic",
        field_name="topics__slug",
        to_field_name="slug",
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        distinct=True,
    )
    nation = django_filters.ModelChoiceFilter(
        label="Nation",
        to_field_name="slug",
        queryset=Nation.objects.all(),
        method="filter_nation",
        empty_label="Any nation",
    )

    class Meta(LenientFilterSet.Meta):
        model = Resource
        fields: list[str] = []

    def filter_nation(self, queryset, name, value):
        if not value:
            return queryset
        # A resource with no nation applies UK-wide, so it matches every nation.
        return queryset.filter(Q(nations=value) | Q(nations__isnull=True)).distinct()
