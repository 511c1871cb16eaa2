"""Pages and snippets of the portal's content: taxonomy, hubs, guidance, news, resources, standard pages."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, PageChooserPanel, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, Page, PreviewableMixin, RevisionMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel

from .blocks import BodyBlock

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


# --------------------------------------------------------------------------------------------------
# Shared page parts
# --------------------------------------------------------------------------------------------------


class SocialMixin(models.Model):
    """An image for link previews (Open Graph); the summary doubles as the meta description."""

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared. Falls back to the site's default.",
    )

    promote_panels = Page.promote_panels + [FieldPanel("social_image")]

    class Meta:
        abstract = True


class ReviewMixin(models.Model):
    """Content governance: who owns a page and when it must be looked at again."""

    REVIEW_INTERVAL = datetime.timedelta(days=365)

    content_owner = models.CharField(
        max_length=120,
        blank=True,
        help_text="The SoR team or officer responsible, e.g. 'Professional Policy'",
    )
    last_reviewed = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)

    review_panels = [
        MultiFieldPanel(
            [FieldPanel("content_owner"), FieldPanel("last_reviewed"), FieldPanel("next_review_due")],
            heading="Review",
        )
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        today = timezone.localdate()
        if self.last_reviewed and self.last_reviewed > today:
            raise ValidationError({"last_reviewed": "The last review cannot be in the future."})
        if self.last_reviewed and self.next_review_due and self.next_review_due <= self.last_reviewed:
            raise ValidationError({"next_review_due": "The next review must come after the last one."})
        if self.last_reviewed and not self.next_review_due:
            self.next_review_due = self.last_reviewed + self.REVIEW_INTERVAL

    @property
    def review_overdue(self) -> bool:
        return bool(self.next_review_due and self.next_review_due < timezone.localdate())


SUMMARY_HELP = "One or two sentences. Shown in listings, search results and as the meta description."


def paginate(request, queryset, per_page):
    """Page a listing; a page number that is not a number or out of range is a 404, never a 500."""
    paginator = Paginator(queryset, per_page)
    raw = request.GET.get("page", "1")
    try:
        return paginator.page(raw)
    except (PageNotAnInteger, EmptyPage) as exc:
        raise Http404("No such page of results") from exc


# --------------------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------------------


class HomePage(SocialMixin, Page):
    hero_heading = models.CharField(max_length=120, default="Return to radiography, or start in the UK")
    hero_text = models.TextField(
        blank=True, help_text="A sentence under the heading that tells people what the site does"
    )
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [
        FieldPanel("hero_heading"),
        FieldPanel("hero_text"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("hero_text"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.HubPage",
        "cms.ResourceLibraryPage",
        "cms.NewsIndexPage",
        "cms.StandardPage",
        "casestudies.CaseStudyIndexPage",
        "pathways.PathwayFinderPage",
    ]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        # The featured case studies come from casestudies' template tag in the home page's template:
        # cms imports no other app of ours (cms/registry.py).
        context = super().get_context(request, *args, **kwargs)
        context["hubs"] = (
            HubPage.objects.child_of(self).live().public().specific().defer_streamfields().order_by("path")
        )
        context["latest_news"] = (
            NewsPage.objects.live().public().defer_streamfields().order_by("-date", "-pk")[:3]
        )
        return context


class HubPage(SocialMixin, Page):
    """A section front: return to practice, international recruitment, or managers."""

    pathway = models.ForeignKey(Pathway, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    audience = models.ForeignKey(Audience, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    introduction = models.TextField(help_text="What this section helps with, in a sentence or two")
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("pathway"), FieldPanel("audience")], heading="Classification"),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction"), index.SearchField("body")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.GuidancePage", "cms.StandardPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guidance_pages"] = (
            GuidancePage.objects.child_of(self).live().public().defer_streamfields().order_by("path")
        )
        return context


class GuidancePage(SocialMixin, ReviewMixin, Page):
    pathway = models.ForeignKey(Pathway, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    audiences = ParentalManyToManyField(Audience, blank=True, related_name="+")
    nations = ParentalManyToManyField(
        Nation, blank=True, related_name="+", help_text="Leave empty if it applies across the UK"
    )
    topics = ParentalManyToManyField(Topic, blank=True, related_name="+")
    body = StreamField(BodyBlock(), use_json_field=True)

    content_panels = Page.content_panels + [
        FieldPanel("search_description", heading="Summary", help_text=SUMMARY_HELP),
        FieldPanel("body"),
    ]
    classification_panels = [
        FieldPanel("pathway"),
        FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
        FieldPanel("nations", widget=forms.CheckboxSelectMultiple),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
    ]
    promote_panels = [
        MultiFieldPanel(
            [FieldPanel("slug"), FieldPanel("seo_title"), FieldPanel("show_in_menus")],
            heading="For search engines",
        ),
        FieldPanel("social_image"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(classification_panels, heading="Classification"),
            ObjectList(ReviewMixin.review_panels, heading="Review"),
            ObjectList(promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )
    search_fields = Page.search_fields + [
        index.SearchField("search_description"),
        index.SearchField("body"),
        index.FilterField("next_review_due"),
    ]

    parent_page_types = ["cms.HubPage", "cms.ResourceLibraryPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "guidance page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        parent = self.get_parent()
        context["siblings"] = (
            GuidancePage.objects.child_of(parent).live().public().defer_streamfields().order_by("path")
        )
        return context


class NewsIndexPage(RoutablePageMixin, SocialMixin, Page):
    introduction = models.TextField(blank=True)
    per_page = 10

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count = 1

    def news_items(self):
        return (
            NewsPage.objects.child_of(self)
            .live()
            .public()
            .defer_streamfields()
            .prefetch_related("topics")
            .order_by("-date", "-pk")
        )

    @path("")
    def index_route(self, request):
        items = self.news_items()
        topic_slug = request.GET.get("topic", "")
        topic = Topic.objects.filter(slug=topic_slug).first() if topic_slug else None
        if topic:
            items = items.filter(topics=topic)
        context = self.get_context(request)
        context.update(
            {"items": paginate(request, items, self.per_page), "topic": topic, "topics": Topic.objects.all()}
        )
        return render(request, self.get_template(request), context)

    @path("feed/", name="feed")
    def feed_route(self, request):
        from .feeds import NewsFeed

        return NewsFeed(self)(request)


class NewsPage(SocialMixin, Page):
    date = models.DateField("news date", default=datetime.date.today)
    topics = ParentalManyToManyField(Topic, blank=True, related_name="+")
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image_alt_text = models.CharField(max_length=250, blank=True)
    body = StreamField(BodyBlock(), use_json_field=True)

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("search_description", heading="Summary", help_text=SUMMARY_HELP),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt_text")], heading="Image"),
        FieldPanel("body"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("search_description"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "news item"

    def clean(self):
        super().clean()
        if self.image_id and not self.image_alt_text.strip():
            raise ValidationError({"image_alt_text": "Describe the image for people who cannot see it."})


class StandardPage(SocialMixin, ReviewMixin, Page):
    """About, privacy notice, accessibility statement, cookies and similar."""

    body = StreamField(BodyBlock(), use_json_field=True)

    content_panels = (
        Page.content_panels
        + [
            FieldPanel("search_description", heading="Summary", help_text=SUMMARY_HELP),
            FieldPanel("body"),
        ]
        + ReviewMixin.review_panels
    )
    search_fields = Page.search_fields + [index.SearchField("search_description"), index.SearchField("body")]
    parent_page_types = ["cms.HomePage", "cms.HubPage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]


# --------------------------------------------------------------------------------------------------
# Managers' resource library
# --------------------------------------------------------------------------------------------------


class ResourceQuerySet(models.QuerySet):
    def live(self):
        return self.filter(live=True)

    def visible_to(self, user):
        """Resources this user may see: members-only items need a signed-in manager or staff."""
        from .permissions import can_view_members_resources

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
        from .filters import ResourceFilter

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


# --------------------------------------------------------------------------------------------------
# Keeping content true: link checks and review reminders (README, "Keeping content true")
# --------------------------------------------------------------------------------------------------


class ExternalLink(models.Model):
    """One external address found in published content, with what the last daily check found
    (cms/links.py). `first_failed_at` is kept while the link keeps failing and cleared when it works."""

    url = models.URLField(max_length=2000, unique=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    ok = models.BooleanField(default=True, db_index=True)
    error = models.CharField(max_length=255, blank=True)
    first_failed_at = models.DateTimeField(null=True, blank=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    pages = models.ManyToManyField("wagtailcore.Page", blank=True, related_name="+")
    #: Where the link is used, pages and snippets alike: [{"model": "cms.resource", "id": 3, "title": "…"}]
    used_in = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["first_failed_at", "url"]
        verbose_name = "external link"

    def __str__(self):
        return self.url

    @property
    def used_on(self) -> str:
        return "; ".join(item["title"] for item in self.used_in)

    @property
    def result(self) -> str:
        return " ".join(part for part in (str(self.status_code or ""), self.error) if part) or "OK"


class ReviewReminder(models.Model):
    """A review reminder sent to a page's owner, remembered so that each is sent once per due date
    (portal/review_reminders.py sends them; cms stays free of the outbox)."""

    class Stage(models.TextChoices):
        FORTNIGHT = "fortnight", "Review due in a fortnight"
        DUE = "due", "Review due today"

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    due_date = models.DateField()
    stage = models.CharField(max_length=10, choices=Stage.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "due_date", "stage"], name="one_review_reminder_per_due_date"
            )
        ]

    def __str__(self):
        return f"{self.get_stage_display()}: page {self.page_id} ({self.due_date})"
