"""Builds the demo site from the files in demo/ (read by portal.demo_data) with the project's factories:
users and groups, taxonomy, the home page and Site, documents and images, pages (published through
revisions), resources, then the search and reference indexes once. Run by `manage.py seed_demo`.
"""

from __future__ import annotations

import datetime
import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import CommandError
from django.db.models.signals import post_save
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, Page, ReferenceIndex, Site
from wagtail.search import index
from wagtail.search import signal_handlers as search_signal_handlers
from wagtail.signal_handlers import disable_reference_index_auto_update

import wagtail_factories
from allauth.account.models import EmailAddress

from cms.factories import (
    AudienceFactory,
    HomePageFactory,
    NationFactory,
    PathwayFactory,
    ResourceFactory,
    SiteFactory,
    TopicFactory,
)
from cms.groups import ensure_editorial_groups
from cms.models import (
    Audience,
    HomePage,
    Nation,
    Pathway,
    Resource,
    Topic,
)
from enquiries.services import staff_groups_ensure
from portal import demo_data
from portal.demo_pages import PageBuilders
from portal.demo_users import DEMO_USERS

SITE_NAME = "SoR Return to Practice and International Recruitment"


IMAGES_COLLECTION = "Case study illustrations"


DOCUMENTS_COLLECTION = "SoR templates and checklists"


MANAGERS_COLLECTION = "Managers only"


LINK_RE = re.compile(r'href="(page|doc):([^"]+)"')


@dataclass
class Tally:
    """What this run created, for the summary and for publishing and indexing at the end."""

    created: dict[str, int] = field(default_factory=dict)
    pages_to_publish: list[tuple[Page, dict[str, list]]] = field(default_factory=list)
    to_index: list = field(default_factory=list)

    def add(self, kind: str, obj=None) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1
        if obj is not None:
            self.to_index.append(obj)


@contextmanager
def deferred_indexing():
    """A bulk load: skip the search and reference index updates Wagtail makes on every save (a page is
    saved several times as it is built and published); `DemoSeeder.update_indexes` does each object once."""
    models = [model for model in index.get_indexed_models() if getattr(model, "search_auto_update", True)]
    for model in models:
        post_save.disconnect(search_signal_handlers.post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in models:
            post_save.connect(search_signal_handlers.post_save_signal_handler, sender=model)


class DemoSeeder(PageBuilders):
    def __init__(self, *, password: str):
        self.password = password
        self.today = timezone.localdate()
        self.tally = Tally()
        self.users: dict[str, object] = {}
        self.documents: dict[str, object] = {}
        self.pathways: dict[str, Pathway] = {}
        self.nations: dict[str, Nation] = {}
        self.audiences: dict[str, Audience] = {}
        self.topics: dict[str, Topic] = {}
        self.home: HomePage | None = None
        self.pathway_finder: dict[str, int] = {}
        self.page_specs = demo_data.read_pages()
        self.enquiries: dict[str, int] = {}

    # ---------------------------------------------------------------------------------------------
    def run(self) -> None:
        with deferred_indexing():
            self.seed_users()
            self.seed_taxonomy()
            self.seed_home_and_site()
            self.seed_media()
            self.seed_pages()
            self.publish_new_pages()
            self.seed_resources()
        self.update_indexes()

    # ---------------------------------------------------------------------------------------------
    # Users and groups
    # ---------------------------------------------------------------------------------------------
    def seed_users(self) -> None:
        # The apps make these groups after every migrate; making sure costs nothing and needs no migrate.
        ensure_editorial_groups()
        staff_groups_ensure()

        User = get_user_model()
        # Hashing is deliberately slow: hash the shared demo password once, and check each stored hash once.
        encoded = make_password(self.password)
        matches: dict[str, bool] = {}
        for spec in DEMO_USERS:
            user = User.objects.filter(email__iexact=spec.email).first()
            if user is None:
                user = User(email=spec.email, password=encoded)
                self.tally.add("users")
            else:
                if user.password not in matches:
                    matches[user.password] = check_password(self.password, user.password)
                if not matches[user.password]:
                    user.password = encoded
            user.first_name = user.first_name or spec.first_name
            user.last_name = user.last_name or spec.last_name
            user.is_active = True
            user.is_staff = spec.is_staff or user.is_staff
            user.is_superuser = spec.is_superuser or user.is_superuser
            user.save()
            if spec.groups:
                user.groups.add(*Group.objects.filter(name__in=spec.groups))
            address, _ = EmailAddress.objects.get_or_create(
                user=user, email=spec.email, defaults={"verified": True, "primary": True}
            )
            if not (address.verified and address.primary):
                address.verified = address.primary = True
                address.save(update_fields=["verified", "primary"])
            self.users[spec.local_part] = user

    @property
    def editor(self):
        return self.users["editor"]

    @property
    def moderator(self):
        return self.users["moderator"]

    # ---------------------------------------------------------------------------------------------
    # Taxonomy
    # ---------------------------------------------------------------------------------------------
    def seed_taxonomy(self) -> None:
        taxonomy = demo_data.read_taxonomy()
        for factory, model, rows, store in [
            (PathwayFactory, Pathway, taxonomy["pathway"], self.pathways),
            (NationFactory, Nation, taxonomy["nation"], self.nations),
            (AudienceFactory, Audience, taxonomy["audience"], self.audiences),
            (TopicFactory, Topic, taxonomy["topic"], self.topics),
        ]:
            for row in rows:
                existed = model.objects.filter(slug=row["slug"]).exists()
                term = factory(**row)  # get-or-create by slug
                if not existed:
                    self.tally.add("taxonomy terms", term)
                store[term.slug] = term

    # ---------------------------------------------------------------------------------------------
    # Home page and Site
    # ---------------------------------------------------------------------------------------------
    def seed_home_and_site(self) -> None:
        home = HomePage.objects.filter(depth=2).first()
        if home is None:
            root = Page.get_first_root_node()
            welcome = Page.objects.child_of(root).filter(slug="home").first()
            if welcome is not None:
                is_wagtail_default = welcome.content_type.model_class() is Page and welcome.numchild == 0
                if not is_wagtail_default:
                    raise CommandError(
                        f"A page with the slug 'home' already sits at the top of the tree ({welcome.title!r}, "
                        f"{welcome.content_type}). seed_demo replaces only Wagtail's empty welcome page: delete "
                        "or rename that page, then run again."
                    )
                # Move the welcome page aside so the new home can take its slug, keeping the Site row.
                welcome.slug = "wagtail-welcome-page"
                welcome.save(clean=False)
            spec = self.page_specs[0]
            home = self._create_page(
                HomePageFactory,
                root,
                slug="home",
                spec=spec,
                title=spec.fields["title"],
                hero_heading=spec.fields["hero_heading"],
                hero_text=spec.fields["hero_text"],
                search_description=spec.fields["summary"],
                body=spec.body,
            )
            self._point_default_site_at(home)
            if welcome is not None:
                welcome.delete()
        else:
            self._point_default_site_at(home)
        self.home = home

    def _point_default_site_at(self, home: HomePage) -> None:
        site = SiteFactory(root_page=home)  # get-or-create the default site
        changed = False
        if site.root_page_id != home.pk:
            site.root_page = home
            changed = True
        if not site.site_name:
            site.site_name = SITE_NAME
            changed = True
        if changed:
            site.save()
        Site.clear_site_root_paths_cache()

    # ---------------------------------------------------------------------------------------------
    # Images and documents
    # ---------------------------------------------------------------------------------------------
    def _collection(self, name: str) -> Collection:
        root = Collection.get_first_root_node()
        existing = root.get_children().filter(name=name).first()
        if existing:
            return existing
        collection = wagtail_factories.CollectionFactory(parent=root, name=name)
        self.tally.add("collections")
        return collection

    def seed_media(self) -> None:
        public = self._collection(DOCUMENTS_COLLECTION)
        restricted = self._collection(MANAGERS_COLLECTION)
        managers = Group.objects.get(name=settings.PORTAL_MANAGERS_GROUP)
        restriction, _ = CollectionViewRestriction.objects.get_or_create(
            collection=restricted, restriction_type=CollectionViewRestriction.GROUPS
        )
        # Editors and moderators see members-only resources in the library (cms.permissions counts staff),
        # so they may open the documents too.
        staff_groups = Group.objects.filter(name__in=["Editors", "Moderators"])
        restriction.groups.add(managers, *staff_groups)

        Document = get_document_model()
        for spec in demo_data.read_documents():
            collection = restricted if spec["members_only"] else public
            doc = Document.objects.filter(title=spec["title"]).first()
            if doc is None:
                doc = wagtail_factories.DocumentFactory(
                    title=spec["title"],
                    collection=collection,
                    file=ContentFile(spec["path"].read_bytes(), name=spec["filename"]),
                    uploaded_by_user=self.editor,
                )
                doc._set_document_file_metadata()
                doc.save(update_fields=["file_size", "file_hash"])
                self.tally.add("documents", doc)
            self.documents[spec["key"]] = doc

    def _illustration(self, spec: demo_data.PageSpec):
        """The case study's illustration, a committed file in demo/media/images/ with its alt text."""
        Image = get_image_model()
        person = spec.fields["person_name"]
        title = f"Illustration for {person}'s story"
        image = Image.objects.filter(title=title).first()
        if image is None:
            path = spec.fields["illustration"]
            image = wagtail_factories.ImageFactory(
                title=title,
                description=spec.fields["illustration_alt"],
                collection=self._collection(IMAGES_COLLECTION),
                file=ContentFile(path.read_bytes(), name=path.name),
                uploaded_by_user=self.editor,
            )
            image._set_image_file_metadata()
            image.save(update_fields=["file_size", "file_hash"])
            self.tally.add("images", image)
        return image

    # ---------------------------------------------------------------------------------------------
    # Pages
    # ---------------------------------------------------------------------------------------------
    def _create_page(
        self,
        factory,
        parent: Page,
        *,
        slug: str,
        spec: demo_data.PageSpec,
        body_fields: tuple[str, ...] = ("body",),
        **fields,
    ):
        """Find a child by slug, or create it with the factory and queue it to be published with a revision."""
        existing = Page.objects.child_of(parent).filter(slug=slug).first()
        if existing is not None:
            return existing.specific
        raw = {name: fields[name] for name in body_fields if name in fields}
        for name, value in raw.items():
            fields[name] = self._resolve(value, strict=False)
        page = factory(parent=parent, slug=slug, owner=self.editor, **fields)
        self.tally.pages_to_publish.append((page, raw, spec))
        self.tally.add("pages", page)
        return page

    def _review_dates(self, reviewed_days_ago: int, due_in_days: int) -> dict:
        return {
            "last_reviewed": self.today - datetime.timedelta(days=reviewed_days_ago),
            "next_review_due": self.today + datetime.timedelta(days=due_in_days),
        }

    def publish_new_pages(self) -> None:
        """Give each page made this run its real body (every link now resolvable) and publish it as a revision."""
        for page, raw, spec in self.tally.pages_to_publish:
            for name, value in raw.items():
                resolved = self._resolve(value, strict=True)
                demo_data.validate_stream(page._meta.get_field(name).stream_block, resolved, str(spec.file))
                setattr(page, name, resolved)
            revision = page.save_revision(user=self.editor, log_action=True)
            revision.publish(user=self.moderator)

    # ---------------------------------------------------------------------------------------------
    # Resources
    # ---------------------------------------------------------------------------------------------
    def seed_resources(self) -> None:
        for spec in demo_data.read_resources():
            if Resource.objects.filter(title=spec["title"]).exists():
                continue
            link = {}
            if "url" in spec:
                link["link_url"] = spec["url"]
            elif "page" in spec:
                link["link_url"] = ""
                link["link_page"] = self._page_at(spec["page"])
            else:
                link["link_url"] = ""
                link["link_document"] = self.documents[spec["doc"]]
            resource = ResourceFactory(
                title=spec["title"],
                summary=spec["summary"],
                resource_type=spec["type"],
                provider=spec["provider"],
                members_only=spec.get("members_only", False),
                audiences=[self.audiences[s] for s in spec["audiences"]],
                topics=[self.topics[s] for s in spec["topics"]],
                nations=[self.nations[s] for s in spec["nations"]],
                **link,
            )
            resource.full_clean()
            resource.save_revision(user=self.editor, log_action=True).publish(user=self.moderator)
            self.tally.add("resources", resource)

    # ---------------------------------------------------------------------------------------------
    # Other apps' demo content, which builds on the pages above
    # ---------------------------------------------------------------------------------------------
    def seed_other_apps(self) -> None:
        """The pathway finder (its steps link to the guidance above) and the enquiries casework (teams,
        routing, the demo adviser and team lead's work). Each app's own function, each idempotent; run
        after the content is committed, because enquiry services send their email on commit."""
        if apps.is_installed("pathways"):
            from pathways.demo import seed_pathways

            self.pathway_finder = seed_pathways()
        if apps.is_installed("enquiries"):
            from enquiries.demo import seed_enquiries

            self.enquiries = seed_enquiries(password=self.password)

    # ---------------------------------------------------------------------------------------------
    # Links inside StreamField data
    # ---------------------------------------------------------------------------------------------
    def _page_at(self, path: str) -> Page:
        url_path = f"{self.home.url_path}{path.strip('/')}/"
        page = Page.objects.filter(url_path=url_path).first()
        if page is None:
            raise CommandError(f"Demo content links to a page that does not exist: {path!r}")
        return page

    def _resolve(self, value, *, strict: bool):
        """Turn `page:` and `doc:` references into Wagtail's stored link forms, and keep dates in the past."""
        if isinstance(value, list):
            return [self._resolve(item, strict=strict) for item in value]
        if isinstance(value, dict):
            resolved = {}
            for key, item in value.items():
                if key == "document" and isinstance(item, str) and item.startswith("doc:"):
                    resolved[key] = self.documents[item.removeprefix("doc:")].pk
                elif key == "last_checked" and isinstance(item, str):
                    resolved[key] = min(datetime.date.fromisoformat(item), self.today).isoformat()
                else:
                    resolved[key] = self._resolve(item, strict=strict)
            return resolved
        if isinstance(value, str) and ('href="page:' in value or 'href="doc:' in value):
            return LINK_RE.sub(lambda match: self._link_attrs(match, strict=strict), value)
        return value

    def _link_attrs(self, match: re.Match, *, strict: bool) -> str:
        kind, target = match.groups()
        if kind == "doc":
            return f'linktype="document" id="{self.documents[target].pk}"'
        page = None
        if self.home is not None:
            url_path = f"{self.home.url_path}{target.strip('/')}/"
            page = Page.objects.filter(url_path=url_path).only("pk").first()
        if page is None:
            if strict:
                raise CommandError(f"Demo content links to a page that does not exist: {target!r}")
            return match.group(0)  # left as it is until every page exists; see publish_new_pages
        return f'linktype="page" id="{page.pk}"'

    # ---------------------------------------------------------------------------------------------
    def update_indexes(self) -> None:
        """Index the final state of everything made this run, once, in the search and reference indexes."""
        for obj in self.tally.to_index:
            fresh = type(obj).objects.get(pk=obj.pk)
            if isinstance(fresh, Page):
                fresh = fresh.specific
            if ReferenceIndex.is_indexed(type(fresh)):
                ReferenceIndex.create_or_update_for_object(fresh)
            if isinstance(fresh, index.Indexed):
                index.insert_or_update_object(fresh)
