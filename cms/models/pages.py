"""The site's page types: home, hubs, guidance, news and standard pages, with their shared mixins."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from modelcluster.fields import ParentalManyToManyField

from cms.blocks import BodyBlock
from cms.models.taxonomy import Audience, Nation, Pathway, Topic
from cms.rendering import public_pages

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
            public_pages(HubPage.objects.child_of(self).live(), request)
            .specific()
            .defer_streamfields()
            .order_by("path")
        )
        context["latest_news"] = (
            public_pages(NewsPage.objects.live(), request).defer_streamfields().order_by("-date", "-pk")[:3]
        )
        # The pathway finder's teaser: pathways' page, found by its slug (cms imports no other app).
        context["pathway_finder"] = (
            public_pages(self.get_children().live(), request).filter(slug="pathway-finder").first()
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
            public_pages(GuidancePage.objects.child_of(self).live(), request)
            .defer_streamfields()
            .order_by("path")
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
            public_pages(GuidancePage.objects.child_of(parent).live(), request)
            .defer_streamfields()
            .order_by("path")
        )
        return context


class NewsIndexPage(RoutablePageMixin, SocialMixin, Page):
    introduction = models.TextField(blank=True)
    per_page = 10

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count = 1

    def news_items(self, request=None):
        return (
            public_pages(NewsPage.objects.child_of(self).live(), request)
            .defer_streamfields()
            .prefetch_related("topics")
            .order_by("-date", "-pk")
        )

    @path("")
    def index_route(self, request):
        items = self.news_items(request)
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
        from cms.feeds import NewsFeed

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
