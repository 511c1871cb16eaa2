"""The taxonomy snippets every content type is tagged with: pathways, nations, audiences and topics."""

from __future__ import annotations

from django.db import models
from django.utils.text import slugify

from wagtail.admin.panels import FieldPanel
from wagtail.search import index
from wagtail.snippets.models import register_snippet

# --------------------------------------------------------------------------------------------------
# Taxonomy (snippets shared by every app)
# --------------------------------------------------------------------------------------------------


class TaxonomyTerm(index.Indexed, models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True, help_text="Used in addresses and filters")
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if not self.slug and self.name:
            self.slug = slugify(self.name)


@register_snippet
class Pathway(TaxonomyTerm):
    """Return to practice, or international recruitment."""

    short_name = models.CharField(max_length=20, blank=True, help_text="e.g. RtP, IR")
    panels = TaxonomyTerm.panels + [FieldPanel("short_name")]

    class Meta(TaxonomyTerm.Meta):
        verbose_name = "pathway"


@register_snippet
class Nation(TaxonomyTerm):
    """England, Scotland, Wales, Northern Ireland."""

    HOLIDAY_SUBDIVISIONS = [
        ("ENG", "England"),
        ("SCT", "Scotland"),
        ("WLS", "Wales"),
        ("NIR", "Northern Ireland"),
    ]
    holiday_subdivision = models.CharField(
        max_length=3, choices=HOLIDAY_SUBDIVISIONS, blank=True, help_text="Whose bank holidays apply"
    )
    panels = TaxonomyTerm.panels + [FieldPanel("holiday_subdivision")]

    class Meta(TaxonomyTerm.Meta):
        verbose_name = "nation"


@register_snippet
class Audience(TaxonomyTerm):
    """Returnee, international recruit, manager, educator."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = "audience"


@register_snippet
class Topic(TaxonomyTerm):
    description = models.TextField(blank=True)
    panels = TaxonomyTerm.panels + [FieldPanel("description")]

    class Meta(TaxonomyTerm.Meta):
        verbose_name = "topic"
