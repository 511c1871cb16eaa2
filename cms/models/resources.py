"""The managers' resource library: Resource snippets (draft, revisions, preview) and the library page."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.models import DraftStateMixin, PreviewableMixin, RevisionMixin
from wagtail.search import index

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel

from cms.models.pages import HubPage, paginate
from cms.models.taxonomy import Audience, Nation, Topic

# --------------------------------------------------------------------------------------------------
# Managers' resource library
# --------------------------------------------------------------------------------------------------


class ResourceQuerySet(models.QuerySet):
    def live(self):
        return self.filter(live=True)

    def visible_to(self, user):
        """Resources this user may see: members-only items need a signed-in manager or staff."""
        from cms.permissions import can_view_members_resources

        qs = self.live()
        if not can_view_members_resources(user):
            qs = qs.filter(members_only=False)
        return qs


class Resource(PreviewableMixin, DraftStateMixin, RevisionMixin, index.Indexed, ClusterableModel):
    """One item in the managers' library: an internal page, a document or an external link."""

    TYPE_CHOICES = [
        ("guidance", "Guidance"),
        ("e-learning", "E-learning"),
        ("toolkit", "Toolkit"),
        ("template", "Template"),
        ("checklist", "Checklist"),
        ("webinar", "Webinar"),
        ("funding", "Funding"),
    ]
    title = models.CharField(max_length=200)
    summary = models.TextField(max_length=600, help_text="What it is and who it helps, in a sentence or two")
    resource_type = models.CharField("type", max_length=20, choices=TYPE_CHOICES)
    provider = models.CharField(max_length=120, help_text="Who publishes it, e.g. SoR, NHS Employers")
    link_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    link_document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    link_url = models.URLField("external address", blank=True)
    audiences = ParentalManyToManyField(Audience, blank=True, related_name="+")
    topics = ParentalManyToManyField(Topic, blank=True, related_name="+")
    nations = ParentalManyToManyField(Nation, blank=True, related_name="+", help_text="Empty means UK-wide")
    members_only = models.BooleanField(
        "signed-in managers only", default=False, help_text="Hide from the public; show to signed-in managers"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResourceQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("resource_type"),
        FieldPanel("provider"),
        MultiFieldPanel(
            [PageChooserPanel("link_page"), FieldPanel("link_document"), FieldPanel("link_url")],
            heading="Where it lives (choose exactly one)",
        ),
        FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("nations", widget=forms.CheckboxSelectMultiple),
        FieldPanel("members_only"),
    ]
    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("summary"),
        index.SearchField("provider"),
        index.FilterField("resource_type"),
        index.FilterField("members_only"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["title"]
        verbose_name = "resource"

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        chosen = [bool(self.link_page_id), bool(self.link_document_id), bool(self.link_url)]
        if sum(chosen) != 1:
            raise ValidationError(
                {"link_url": "Choose exactly one: a page, a document or an external address."}
            )
        if self.link_url and not self.link_url.startswith("https://"):
            raise ValidationError({"link_url": "Use a secure (https) address."})

    @property
    def href(self) -> str:
        if self.link_page_id:
            return self.link_page.url or ""
        if self.link_document_id:
            return self.link_document.url
        return self.link_url

    @property
    def is_external(self) -> bool:
        return bool(self.link_url)

    def get_preview_template(self, request, mode_name):
        return "cms/resource_preview.html"


class ResourceLibraryPage(HubPage):
    """The managers' hub: a HubPage whose main content is the filterable resource library."""

    per_page = 20

    content_panels = HubPage.content_panels
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.GuidancePage", "cms.StandardPage"]
    max_count = 1

    class Meta:
        verbose_name = "resource library page"

    def get_context(self, request, *args, **kwargs):
        from cms.filters import ResourceFilter

        context = super().get_context(request, *args, **kwargs)
        base = (
            Resource.objects.visible_to(request.user)
            .select_related("link_page", "link_document")
            .prefetch_related("audiences", "topics", "nations")
        )
        resource_filter = ResourceFilter(request.GET or None, queryset=base, request=request)
        results = resource_filter.qs if resource_filter.is_bound else base
        context.update(
            {
                "filter": resource_filter,
                "resources": paginate(request, results, self.per_page),
                "query": resource_filter.form.cleaned_data.get("q", "") if resource_filter.is_bound else "",
                "active_filter_count": resource_filter.active_count(),
            }
        )
        return context
