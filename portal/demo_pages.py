"""The demo's page builders, one per page type of demo/pages (portal/demo_data.PAGE_TYPES), as a mixin of
portal.demo_seeder.DemoSeeder: each finds its page by slug below its parent or makes it with the
project's factory, and queues it to be published through a revision (DemoSeeder._create_page)."""

from __future__ import annotations

import datetime

from django.core.management.base import CommandError
from django.utils import timezone

from wagtail.models import Page

from casestudies.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory
from cms.factories import (
    GuidancePageFactory,
    HubPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    ResourceLibraryPageFactory,
    StandardPageFactory,
)
from portal import demo_data


class PageBuilders:
    def seed_pages(self) -> None:
        """Every page file under demo/pages, parents first (portal/demo_data.py reads and checks them)."""
        built: dict[str, Page] = {"": self.home}
        for spec in self.page_specs[1:]:
            parent = built.get(spec.parent_path)
            if parent is None:
                raise CommandError(f"{spec.file}: its parent page {spec.parent_path!r} was not built")
            builder = getattr(self, f"_build_{spec.type}", None)
            if builder is None:
                raise CommandError(f"{spec.file}: pages of type {spec.type!r} cannot sit below another page")
            built[spec.path] = builder(spec, parent)

    def _build(self, factory, parent: Page, spec: demo_data.PageSpec, **fields) -> Page:
        """Every page's slug, title and summary from its file, and the type's own fields."""
        return self._create_page(
            factory,
            parent,
            slug=spec.slug,
            spec=spec,
            title=spec.fields["title"],
            search_description=spec.fields["summary"],
            **fields,
        )

    def _build_hub(self, spec: demo_data.PageSpec, parent: Page) -> Page:
        return self._build(
            HubPageFactory,
            parent,
            spec,
            introduction=spec.fields["introduction"],
            body=spec.body,
            pathway=self.pathways[spec.fields["pathway"]],
            audience=self.audiences[spec.fields["audience"]],
            show_in_menus=True,
        )

    def _build_resource_library(self, spec: demo_data.PageSpec, parent: Page) -> Page:
        return self._build(
            ResourceLibraryPageFactory,
            parent,
            spec,
            introduction=spec.fields["introduction"],
            body=spec.body,
            audience=self.audiences[spec.fields["audience"]],
            show_in_menus=True,
        )

    def _build_index(self, factory, spec: demo_data.PageSpec, parent: Page) -> Page:
        return self._build(
            factory,
            parent,
            spec,
            introduction=spec.fields["introduction"],
            show_in_menus=True,
        )

    def _build_case_study_index(self, spec: demo_data.PageSpec, parent: Page) -> Page:
        return self._build_index(CaseStudyIndexPageFactory, spec, parent)

    def _build_news_index(self, spec: demo_data.PageSpec, parent: Page) -> Page:
        return self._build_index(NewsIndexPageFactory, spec, parent)

    def _build_standard(self, spec: demo_data.PageSpec, parent: Page) -> Page:
        fields = spec.fields
        return self._build(
            StandardPageFactory,
            parent,
            spec,
            body=spec.body,
            content_owner=fields["owner"],
            **self._review_dates(fields["reviewed_days_ago"], fields["review_due_in_days"]),
        )

    def _build_guidance(self, spec: demo_data.PageSpec, parent: Page) -> Page:
        fields = spec.fields
        return self._build(
            GuidancePageFactory,
            parent,
            spec,
            body=spec.body,
            pathway=self.pathways[fields["pathway"]],
            audiences=[self.audiences[s] for s in fields["audiences"]],
            nations=[self.nations[s] for s in fields["nations"]],
            topics=[self.topics[s] for s in fields["topics"]],
            content_owner=fields["owner"],
            **self._review_dates(fields["reviewed_days_ago"], fields["review_due_in_days"]),
        )

    def _build_case_study(self, spec: demo_data.PageSpec, parent: Page) -> Page:
        fields = spec.fields
        photo = self._illustration(spec)
        page = self._build(
            CaseStudyPageFactory,
            parent,
            spec,
            body_fields=("story",),
            person_name=fields["person_name"],
            role=fields["role"],
            quote=fields["quote"],
            story=spec.body,
            pathway=self.pathways[fields["pathway"]],
            profession=fields["profession"],
            nation=self.nations[fields["nation"]],
            region=fields["region"],
            training_region=fields["training_region"],
            training_country=fields["training_country"],
            years_out=fields.get("years_out"),
            employer_type=fields["employer_type"],
            photo=photo,
            photo_alt_text=fields["illustration_alt"],
        )
        if page.first_published_at is None:
            # Spread the stories over the past year, so "latest" listings have an order to show.
            page.first_published_at = timezone.now() - datetime.timedelta(days=fields["published_days_ago"])
        return page

    def _build_news(self, spec: demo_data.PageSpec, parent: Page) -> Page:
        fields = spec.fields
        date = self.today - datetime.timedelta(days=fields["published_days_ago"])
        page = self._build(
            NewsPageFactory,
            parent,
            spec,
            date=date,
            body=spec.body,
            topics=[self.topics[s] for s in fields["topics"]],
        )
        if page.first_published_at is None:
            page.first_published_at = timezone.make_aware(
                datetime.datetime.combine(date, datetime.time(9, 0))
            )
        return page
