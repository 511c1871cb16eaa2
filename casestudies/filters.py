"""Case study facets (django-filter). Filters compose with each other, with search and with pagination."""

import django_filters

from cms.filters import MAX_QUERY_LENGTH, LenientFilterSet
from cms.models import Nation, Pathway

from .models import CaseStudyPage

YEARS_OUT_BANDS = [
    ("under-2", "Under 2 years"),
    ("2-to-5", "2 to 5 years"),
    ("5-plus", "5 years or more"),
]


class CaseStudyFilter(LenientFilterSet):
    q = django_filters.CharFilter(label="Search case studies", method="search", max_length=MAX_QUERY_LENGTH)
    pathway = django_filters.ModelChoiceFilter(
        to_field_name="slug", queryset=Pathway.objects.all(), empty_label="Any pathway"
    )
    profession = django_filters.ChoiceFilter(
        choices=CaseStudyPage.PROFESSION_CHOICES, empty_label="Any profession"
    )
    nation = django_filters.ModelChoiceFilter(
        label="Works in", to_field_name="slug", queryset=Nation.objects.all(), empty_label="Any nation"
    )
    trained = django_filters.ChoiceFilter(
        label="Trained in",
        field_name="training_region",
        choices=CaseStudyPage.TRAINING_REGION_CHOICES,
        empty_label="Anywhere",
    )
    years_out = django_filters.ChoiceFilter(
        label="Time out of practice", choices=YEARS_OUT_BANDS, method="filter_years_out", empty_label="Any"
    )

    class Meta(LenientFilterSet.Meta):
        model = CaseStudyPage
        fields: list[str] = []

    def filter_years_out(self, queryset, name, value):
        if value == "under-2":
            return queryset.filter(years_out__lt=2)
        if value == "2-to-5":
            return queryset.filter(years_out__gte=2, years_out__lt=5)
        if value == "5-plus":
            return queryset.filter(years_out__gte=5)
        return queryset
