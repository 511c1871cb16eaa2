"""factory_boy factories for content. The tests and `seed_demo` both build from these."""

import datetime

from django.utils import timezone
from django.utils.text import slugify

from wagtail.models import Page, Site

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from . import models


def rich_text(*paragraphs: str) -> list[dict]:
    """A StreamField value holding one rich-text block of the given paragraphs."""
    return [{"type": "rich_text", "value": "".join(f"<p>{p}</p>" for p in paragraphs)}]


def source_item(source_title: str, source_url: str, last_checked: datetime.date, statement: str = "") -> dict:
    """One entry of a Sources list, as StreamField raw data."""
    return {
        "statement": statement,
        "source_title": source_title,
        "source_url": source_url,
        "last_checked": last_checked.isoformat(),
    }


def sources_block(*items: dict, heading: str = "Sources") -> dict:
    """A page's one Sources list (cms.blocks.SourcesBlock) holding `source_item`s."""
    return {"type": "sources", "value": {"heading": heading, "items": list(items)}}


class TaxonomyFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Term {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))

    class Meta:
        abstract = True
        django_get_or_create = ("slug",)


class PathwayFactory(TaxonomyFactory):
    class Meta:
        model = models.Pathway
        django_get_or_create = ("slug",)


class NationFactory(TaxonomyFactory):
    class Meta:
        model = models.Nation
        django_get_or_create = ("slug",)


class AudienceFactory(TaxonomyFactory):
    class Meta:
        model = models.Audience
        django_get_or_create = ("slug",)


class TopicFactory(TaxonomyFactory):
    class Meta:
        model = models.Topic
        django_get_or_create = ("slug",)


def root_page() -> Page:
    return Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    slug = "home"
    hero_heading = "Return to radiography, or start your career in the UK"
    hero_text = "Guidance, stories and a person to ask, from the Society of Radiographers."
    parent = factory.LazyFunction(root_page)

    class Meta:
        model = models.HomePage


class HubPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Hub {n}")
    introduction = "Everything you need in one place."
    body = factory.LazyFunction(lambda: rich_text("Start with the guidance below."))

    class Meta:
        model = models.HubPage


class GuidancePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Guidance {n}")
    search_description = "What you need to know."
    body = factory.LazyFunction(lambda: rich_text("Guidance text."))
    last_reviewed = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    next_review_due = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=335))
    content_owner = "Professional Policy"

    class Meta:
        model = models.GuidancePage
        skip_postgeneration_save = True

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if create and extracted:
            self.audiences.set(extracted)
            self.save()

    @factory.post_generation
    def nations(self, create, extracted, **kwargs):
        if create and extracted:
            self.nations.set(extracted)
            self.save()

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)
            self.save()


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "News"
    slug = "news"
    introduction = "What has changed for returners and international recruits."

    class Meta:
        model = models.NewsIndexPage


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"News item {n}")
    date = factory.Sequence(lambda n: timezone.localdate() - datetime.timedelta(days=n))
    search_description = "A short summary of the news."
    body = factory.LazyFunction(lambda: rich_text("News text."))

    class Meta:
        model = models.NewsPage
        skip_postgeneration_save = True

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)
            self.save()


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Page {n}")
    search_description = "About this page."
    body = factory.LazyFunction(lambda: rich_text("Page text."))

    class Meta:
        model = models.StandardPage


class ResourceLibraryPageFactory(wagtail_factories.PageFactory):
    title = "Managers"
    slug = "managers"
    introduction = "Resources for managers who support returners and international recruits."

    class Meta:
        model = models.ResourceLibraryPage


class ResourceFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Resource {n}")
    summary = "A useful resource for managers."
    resource_type = "guidance"
    provider = "Society of Radiographers"
    link_url = factory.Sequence(lambda n: f"https://www.sor.org/resource-{n}")
    live = True

    class Meta:
        model = models.Resource
        skip_postgeneration_save = True

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if create and extracted:
            self.audiences.set(extracted)
            self.save()

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)
            self.save()

    @factory.post_generation
    def nations(self, create, extracted, **kwargs):
        if create and extracted:
            self.nations.set(extracted)
            self.save()


class SiteFactory(DjangoModelFactory):
    hostname = "localhost"
    port = 80
    site_name = "SoR Return to Practice and International Recruitment"
    is_default_site = True

    class Meta:
        model = Site
        django_get_or_create = ("is_default_site",)
