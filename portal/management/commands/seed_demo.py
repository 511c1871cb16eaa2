"""`python manage.py seed_demo`: realistic demo content and one demo user per role.

Idempotent: everything is looked up by slug, title or email first, so running it again creates nothing
new and leaves what editors have changed alone. Refuses to run unless DEBUG is on, because it creates
accounts with a published password. Built from the same factories as the tests (cms/factories.py,
casestudies/factories.py, wagtail_factories), with the words read from the files in demo/ by
portal/demo_data.py and the images and documents made locally by portal/demo_media.py.
Then it asks the pathways and enquiries apps for their own demo data (pathways/demo.py,
enquiries/demo/, playing the files in demo/casework/), which build on these pages and users.
"""

from __future__ import annotations

import datetime
import logging
import os
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
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

from casestudies.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory
from casestudies.models import CaseStudyPage
from cms.factories import (
    AudienceFactory,
    GuidancePageFactory,
    HomePageFactory,
    HubPageFactory,
    NationFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    PathwayFactory,
    ResourceFactory,
    ResourceLibraryPageFactory,
    SiteFactory,
    StandardPageFactory,
    TopicFactory,
)
from cms.groups import ensure_editorial_groups
from cms.models import (
    Audience,
    GuidancePage,
    HomePage,
    Nation,
    NewsPage,
    Pathway,
    Resource,
    StandardPage,
    Topic,
)
from enquiries.selectors import ADVISERS_GROUP, TEAM_LEADS_GROUP
from enquiries.services import staff_groups_ensure
from portal import demo_data, demo_media

DEFAULT_PASSWORD = "sor-demo-2026!"  # noqa: S105 - a published demo password; the command refuses unless DEBUG
DEMO_DOMAIN = "demo.sor.example"
SITE_NAME = "SoR Return to Practice and International Recruitment"


@dataclass(frozen=True)
class DemoUser:
    local_part: str
    first_name: str
    last_name: str
    role: str
    groups: tuple[str, ...] = ()
    is_staff: bool = False
    is_superuser: bool = False

    @property
    def email(self) -> str:
        return f"{self.local_part}@{DEMO_DOMAIN}"


DEMO_USERS = [
    DemoUser("admin", "Alex", "Morgan", "Superuser (everything)", is_staff=True, is_superuser=True),
    DemoUser(
        "editor",
        "Eleanor",
        "Price",
        "Editor: writes pages, submits them for moderation",
        groups=("Editors",),
        is_staff=True,
    ),
    DemoUser(
        "moderator",
        "Mohammed",
        "Rahman",
        "Moderator: approves and publishes",
        groups=("Moderators",),
        is_staff=True,
    ),
    DemoUser(
        "adviser",
        "Aisha",
        "Okafor",
        "Adviser: answers enquiries (RtP England team)",
        groups=(ADVISERS_GROUP,),
        is_staff=True,
    ),
    DemoUser(
        "teamlead",
        "Tom",
        "Gallagher",
        "Team lead: leads the advice teams, escalations",
        groups=(ADVISERS_GROUP, TEAM_LEADS_GROUP),
        is_staff=True,
    ),
    DemoUser(
        "manager",
        "Morag",
        "Campbell",
        "Manager: sees members-only resources",
        groups=(settings.PORTAL_MANAGERS_GROUP,),
    ),
    DemoUser("returnee", "Rebecca", "Hughes", "Returnee: ordinary account"),
    DemoUser("recruit", "Ravi", "Menon", "International recruit: ordinary account"),
]

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
def quiet_task_logging():
    """Wagtail logs each edit and publish, and django-tasks each index task, at INFO: hush them while seeding."""
    loggers = [logging.getLogger(name) for name in ("django_tasks", "wagtail")]
    previous = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, previous, strict=True):
            logger.setLevel(level)


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


class Command(BaseCommand):
    help = (
        "Load realistic demo content (hubs, guidance, case studies, news, managers' resources, standard pages) "
        "and one demo user per role. Idempotent. Refuses to run unless DEBUG is on. The demo password comes "
        f"from DEMO_PASSWORD, or is {DEFAULT_PASSWORD!r}."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo refuses to run because DEBUG is off. It creates accounts with a published password, "
                "so it must never run against a real site. Use development settings (DEBUG=true)."
            )
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError("DEMO_PASSWORD is too weak: " + " ".join(exc.messages)) from exc

        started = time.monotonic()
        seeder = DemoSeeder(password=password)
        with quiet_task_logging():
            with transaction.atomic():
                seeder.run()
            seeder.seed_other_apps()
        elapsed = time.monotonic() - started

        if options["verbosity"] >= 1:
            self._report(seeder, elapsed, password_from_env=bool(os.environ.get("DEMO_PASSWORD")))

    def _report(self, seeder: DemoSeeder, elapsed: float, *, password_from_env: bool) -> None:
        created = seeder.tally.created
        write = self.stdout.write
        if created:
            write(self.style.SUCCESS(f"Demo content loaded in {elapsed:.1f} s."))
            write(
                "Created this run: " + ", ".join(f"{n} {kind}" for kind, n in sorted(created.items())) + "."
            )
        else:
            write(
                self.style.SUCCESS(f"Demo content already present: nothing new to create ({elapsed:.1f} s).")
            )
        counts = demo_counts()
        write("On the site now: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()) + ".")
        for label, made in (("Pathway finder", seeder.pathway_finder), ("Enquiries", seeder.enquiries)):
            if made:
                write(
                    f"{label}: "
                    + ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in made.items())
                    + "."
                )
        write("")
        write("Demo logins (sign in at /accounts/login/; staff use /admin/ after signing in):")
        for user in DEMO_USERS:
            write(f"  {user.email:<32} {user.role}")
        ours = {user.email for user in DEMO_USERS}
        others = (
            get_user_model()
            .objects.filter(email__endswith=f"@{DEMO_DOMAIN}")
            .exclude(email__in=ours)
            .order_by("email")
            .values_list("email", flat=True)
        )
        for email in others:
            write(f"  {email:<32} Adviser in another team (made by the enquiries demo)")
        if password_from_env:
            write("Password for all of them: the value of DEMO_PASSWORD.")
        else:
            write(f"Password for all of them: {DEFAULT_PASSWORD}   (set DEMO_PASSWORD to choose another)")
        if not getattr(settings, "PORTAL_ALLOW_STAFF_WITHOUT_MFA", False):
            write(
                "Staff accounts set up an authenticator app the first time they open /admin/ "
                "(on your own machine, PORTAL_ALLOW_STAFF_WITHOUT_MFA=true skips this)."
            )


def demo_counts() -> dict[str, int]:
    """The numbers the summary and the tests look at."""
    return {
        "RtP guidance pages": _guidance_count("returning-to-practice"),
        "IR guidance pages": _guidance_count("international-recruitment"),
        "managers' guidance pages": _guidance_count("managers"),
        "case studies": CaseStudyPage.objects.count(),
        "news items": NewsPage.objects.count(),
        "resources": Resource.objects.count(),
        "members-only resources": Resource.objects.filter(members_only=True).count(),
        "standard pages": StandardPage.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "demo users": get_user_model().objects.filter(email__endswith=f"@{DEMO_DOMAIN}").count(),
    }


def _guidance_count(hub_slug: str) -> int:
    home = HomePage.objects.first()
    hub = Page.objects.child_of(home).filter(slug=hub_slug).first() if home else None
    return GuidancePage.objects.child_of(hub).count() if hub else 0


class DemoSeeder:
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
                maker = (
                    demo_media.checklist_pdf
                    if spec["filename"].endswith(".pdf")
                    else demo_media.template_docx
                )
                data = maker(spec["title"].split(" (")[0], spec["sections"], created=self.today)
                doc = wagtail_factories.DocumentFactory(
                    title=spec["title"],
                    collection=collection,
                    file=ContentFile(data, name=spec["filename"]),
                    uploaded_by_user=self.editor,
                )
                doc._set_document_file_metadata()
                doc.save(update_fields=["file_size", "file_hash"])
                self.tally.add("documents", doc)
            self.documents[spec["key"]] = doc

    def _illustration(self, person: str, seed: int):
        Image = get_image_model()
        title = f"Illustration for {person}'s story"
        image = Image.objects.filter(title=title).first()
        if image is None:
            data = demo_media.initials_illustration(person[0], seed=seed)
            image = wagtail_factories.ImageFactory(
                title=title,
                description=self._alt_text(person, seed),
                collection=self._collection(IMAGES_COLLECTION),
                file=ContentFile(data, name=f"case-study-{person.lower()}.png"),
                uploaded_by_user=self.editor,
            )
            image._set_image_file_metadata()
            image.save(update_fields=["file_size", "file_hash"])
            self.tally.add("images", image)
        return image

    @staticmethod
    def _alt_text(person: str, seed: int) -> str:
        return (
            f"An abstract illustration: the letter {person[0]} in white on soft overlapping circles in "
            f"{demo_media.palette_name(seed)}."
        )

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

    def _build_hub(self, spec: demo_data.PageSpec, parent: Page) -> Page:
        return self._create_page(
            HubPageFactory,
            parent,
            slug=spec.slug,
            spec=spec,
            title=spec.fields["title"],
            introduction=spec.fields["introduction"],
            search_description=spec.fields["summary"],
            body=spec.body,
            pathway=self.pathways[spec.fields["pathway"]],
            audience=self.audiences[spec.fields["audience"]],
            show_in_menus=True,
        )

    def _build_resource_library(self, spec: demo_data.PageSpec, parent: Page) -> Page:
        return self._create_page(
            ResourceLibraryPageFactory,
            parent,
            slug=spec.slug,
            spec=spec,
            title=spec.fields["title"],
            introduction=spec.fields["introduction"],
            search_description=spec.fields["summary"],
            body=spec.body,
            audience=self.audiences[spec.fields["audience"]],
            show_in_menus=True,
        )

    def _build_index(self, factory, spec: demo_data.PageSpec, parent: Page) -> Page:
        return self._create_page(
            factory,
            parent,
            slug=spec.slug,
            spec=spec,
            title=spec.fields["title"],
            introduction=spec.fields["introduction"],
            search_description=spec.fields["summary"],
            show_in_menus=True,
        )

    def _build_case_study_index(self, spec: demo_data.PageSpec, parent: Page) -> Page:
        return self._build_index(CaseStudyIndexPageFactory, spec, parent)

    def _build_news_index(self, spec: demo_data.PageSpec, parent: Page) -> Page:
        return self._build_index(NewsIndexPageFactory, spec, parent)

    def _build_standard(self, spec: demo_data.PageSpec, parent: Page) -> Page:
        fields = spec.fields
        return self._create_page(
            StandardPageFactory,
            parent,
            slug=spec.slug,
            spec=spec,
            title=fields["title"],
            search_description=fields["summary"],
            body=spec.body,
            content_owner=fields["owner"],
            **self._review_dates(fields["reviewed_days_ago"], fields["review_due_in_days"]),
        )

    def _build_guidance(self, spec: demo_data.PageSpec, parent: Page) -> Page:
        fields = spec.fields
        return self._create_page(
            GuidancePageFactory,
            parent,
            slug=spec.slug,
            spec=spec,
            title=fields["title"],
            search_description=fields["summary"],
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
        seed = spec.order - 1
        photo = self._illustration(fields["person_name"], seed=seed)
        page = self._create_page(
            CaseStudyPageFactory,
            parent,
            slug=spec.slug,
            spec=spec,
            body_fields=("story",),
            title=fields["title"],
            search_description=fields["summary"],
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
            photo_alt_text=self._alt_text(fields["person_name"], seed),
        )
        if page.first_published_at is None:
            # Spread the stories over the past year, so "latest" listings have an order to show.
            page.first_published_at = timezone.now() - datetime.timedelta(days=fields["published_days_ago"])
        return page

    def _build_news(self, spec: demo_data.PageSpec, parent: Page) -> Page:
        fields = spec.fields
        date = self.today - datetime.timedelta(days=fields["published_days_ago"])
        page = self._create_page(
            NewsPageFactory,
            parent,
            slug=spec.slug,
            spec=spec,
            title=fields["title"],
            date=date,
            search_description=fields["summary"],
            body=spec.body,
            topics=[self.topics[s] for s in fields["topics"]],
        )
        if page.first_published_at is None:
            page.first_published_at = timezone.make_aware(
                datetime.datetime.combine(date, datetime.time(9, 0))
            )
        return page

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
