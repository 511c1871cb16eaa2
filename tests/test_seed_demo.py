"""`manage.py seed_demo`: the demo site it builds, that it can run twice, and that it refuses without DEBUG.

The content is loaded once for the module (inside a transaction that is rolled back at the end, with
media written to a temporary folder); each test runs in its own savepoint on top of it.
"""

from __future__ import annotations

import datetime
import io
import os
import re
import zipfile
from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.html import strip_tags

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, Page, Revision, Site

import pytest
from allauth.account.models import EmailAddress
from defusedxml import ElementTree
from PIL import Image as PILImage

from casestudies.models import CaseStudyPage
from cms.models import (
    Audience,
    GuidancePage,
    HomePage,
    HubPage,
    Nation,
    NewsPage,
    Pathway,
    Resource,
    StandardPage,
    Topic,
)
from portal.demo_data import DEFAULT_PASSWORD
from portal.demo_users import DEMO_USERS
from tests.conftest import demo_seeded, link_hrefs, visible_text

pytestmark = pytest.mark.django_db

RTP_HUB = "/returning-to-practice/"
IR_HUB = "/international-recruitment/"
HCPC_PAGE = "/returning-to-practice/hcpc-updating-requirement/"
HCPC_ENGLISH_URL = (
    "https://www.hcpc-uk.org/news-and-events/news/2024/"
    "new-english-language-requirements-for-international-applicants-to-come-into-effect-in-2025"
)
VISA_FEES_URL = "https://www.gov.uk/health-care-worker-visa/how-much-it-costs"


def counts() -> dict[str, int]:
    """Everything the command makes, counted."""
    User = get_user_model()
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "resources": Resource.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "collections": Collection.objects.count(),
        "restrictions": CollectionViewRestriction.objects.count(),
        "users": User.objects.count(),
        "email addresses": EmailAddress.objects.count(),
        "groups": Group.objects.count(),
        "sites": Site.objects.count(),
        "taxonomy": Pathway.objects.count()
        + Nation.objects.count()
        + Audience.objects.count()
        + Topic.objects.count(),
    }


def words_outside_sources(stream_value) -> int:
    """Words a reader reads in a StreamField, not counting the source lines."""
    parts = []
    for block in stream_value:
        if block.block_type != "sources":
            parts.extend(block.block.get_searchable_content(block.value))
    return len(strip_tags(" ".join(parts)).split())


# The refusal test comes first, before the module's content is loaded, so "creates nothing" is checked
# against a database with no demo content at all.
def test_refuses_to_run_when_debug_is_off_and_creates_nothing(settings):
    settings.DEBUG = False
    before = counts()

    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo", stdout=StringIO())

    assert counts() == before
    assert not get_user_model().objects.filter(email__endswith="@demo.sor.example").exists()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_seeded(django_db_blocker, tmp_path_factory) as output:
        yield output


@pytest.fixture
def debug_on(settings, seeded):
    settings.DEBUG = True
    return seeded


def seeded_password() -> str:
    """The password seed_demo gives the demo accounts, read as its handle() reads it: DEMO_PASSWORD
    when it is set, else the published default. The tests must pass whatever DEMO_PASSWORD is set."""
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD


def hub(slug: str) -> Page:
    return Page.objects.get(url_path=f"/home/{slug}/")


def test_demo_content_meets_the_minimums(seeded):
    rtp = GuidancePage.objects.child_of(hub("returning-to-practice"))
    ir = GuidancePage.objects.child_of(hub("international-recruitment"))
    managers = GuidancePage.objects.child_of(hub("managers"))
    assert rtp.live().count() >= 8
    assert ir.live().count() >= 8
    assert managers.live().count() >= 3
    assert CaseStudyPage.objects.live().count() >= 8
    assert NewsPage.objects.live().count() >= 8
    assert Resource.objects.live().count() >= 25
    assert {p.slug for p in StandardPage.objects.live()} >= {
        "about",
        "privacy-notice",
        "accessibility-statement",
        "cookies",
    }
    # /get-help/ is the enquiries form (a Django view), not a content page.
    assert not Page.objects.filter(slug="get-help").exists()
    assert set(Resource.objects.values_list("resource_type", flat=True)) == {
        key for key, _ in Resource.TYPE_CHOICES
    }
    assert {
        "Society of Radiographers",
        "NHS England / e-Learning for Healthcare",
        "NHS Employers",
        "HCPC",
        "HEIW",
        "NHS Education for Scotland",
    } <= set(Resource.objects.values_list("provider", flat=True))
    assert "Demo content loaded" in seeded


def test_the_taxonomy_is_the_portal_s(seeded):
    assert dict(Pathway.objects.values_list("slug", "short_name")) == {
        "return-to-practice": "RtP",
        "international-recruitment": "IR",
    }
    assert dict(Nation.objects.values_list("slug", "holiday_subdivision")) == {
        "england": "ENG",
        "scotland": "SCT",
        "wales": "WLS",
        "northern-ireland": "NIR",
    }
    assert set(Audience.objects.values_list("name", flat=True)) == {
        "Returnee",
        "International recruit",
        "Manager",
        "Educator",
    }
    assert Topic.objects.count() >= 8


def test_home_replaces_the_wagtail_welcome_page_as_the_default_site_root(seeded):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 80)
    assert isinstance(site.root_page.specific, HomePage)
    assert (site.root_page.slug, site.root_page.depth) == ("home", 2)
    assert not Page.objects.filter(title__icontains="Welcome to your new Wagtail site").exists()
    children = {p.slug: type(p.specific).__name__ for p in site.root_page.get_children()}
    assert children["returning-to-practice"] == "HubPage"
    assert children["international-recruitment"] == "HubPage"
    assert children["managers"] == "ResourceLibraryPage"
    assert children["case-studies"] == "CaseStudyIndexPage"
    assert children["news"] == "NewsIndexPage"


def test_running_it_again_changes_nothing(debug_on):
    before = counts()

    output = StringIO()
    call_command("seed_demo", stdout=output)

    assert counts() == before
    assert "nothing new to create" in output.getvalue()


def test_every_demo_user_can_sign_in_with_the_demo_password(debug_on, client):
    for spec in DEMO_USERS:
        client.logout()
        response = client.post("/accounts/login/", {"login": spec.email, "password": seeded_password()})
        assert response.status_code == 302, f"{spec.email} could not sign in"
        assert client.session.get("_auth_user_id") == str(
            get_user_model().objects.get(email=spec.email).pk
        ), spec.email

    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "editor@demo.sor.example", "password": "not-the-password"}
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_demo_users_have_the_role_their_name_says(seeded):
    User = get_user_model()

    def groups(local_part):
        return set(
            User.objects.get(email=f"{local_part}@demo.sor.example").groups.values_list("name", flat=True)
        )

    assert "Editors" in groups("editor")
    assert "Moderators" in groups("moderator")
    assert "Advisers" in groups("adviser")
    assert "Team leads" in groups("teamlead")
    assert "Managers" in groups("manager")
    assert groups("returnee") == groups("recruit") == set()
    ours = {spec.email: spec for spec in DEMO_USERS}
    staff = {
        email for email in User.objects.filter(email__in=ours, is_staff=True).values_list("email", flat=True)
    }
    assert staff == {f"{n}@demo.sor.example" for n in ("admin", "editor", "moderator", "adviser", "teamlead")}
    assert User.objects.get(email="admin@demo.sor.example").is_superuser
    for spec in DEMO_USERS:
        user = User.objects.get(email=spec.email)
        assert user.first_name and user.last_name
        assert EmailAddress.objects.filter(user=user, email=spec.email, verified=True, primary=True).exists()


def test_the_password_comes_from_demo_password_when_set(debug_on, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "Another-demo-pass-77")
    output = StringIO()

    call_command("seed_demo", stdout=output)

    editor = get_user_model().objects.get(email="editor@demo.sor.example")
    assert editor.check_password("Another-demo-pass-77")
    assert not editor.check_password(DEFAULT_PASSWORD)
    assert "Another-demo-pass-77" not in output.getvalue()


def test_a_weak_demo_password_is_refused(debug_on, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "short")
    with pytest.raises(CommandError, match="DEMO_PASSWORD"):
        call_command("seed_demo", stdout=StringIO())


def test_the_hcpc_updating_page_is_two_clicks_from_home_and_shows_its_sources(debug_on, client):
    page = GuidancePage.objects.get(slug="hcpc-updating-requirement")
    assert page.get_parent().specific.slug == "returning-to-practice"
    assert isinstance(page.get_parent().specific, HubPage)

    home = client.get("/")
    assert home.status_code == 200
    assert RTP_HUB in link_hrefs(home)
    hub_response = client.get(RTP_HUB)
    assert HCPC_PAGE in link_hrefs(hub_response)

    response = client.get(HCPC_PAGE)
    assert response.status_code == 200
    text = visible_text(response)
    assert "30 days" in text
    assert "60 days" in text
    assert "7 hours" in text
    assert "Last checked" in text
    assert "https://www.hcpc-uk.org/registration/returning-to-practice/" in response.content.decode()


def test_members_only_resources_are_shown_and_served_to_managers_only(debug_on, client):
    members_only = Resource.objects.filter(members_only=True)
    assert members_only.count() >= 4
    managers_only = Collection.objects.get(name="Managers only")
    restriction = CollectionViewRestriction.objects.get(collection=managers_only)
    assert restriction.restriction_type == CollectionViewRestriction.GROUPS
    assert set(restriction.groups.values_list("name", flat=True)) == {"Managers", "Editors", "Moderators"}

    with_documents = members_only.exclude(link_document=None)
    assert with_documents.exists()
    for resource in with_documents:
        assert resource.link_document.collection == managers_only
    title = with_documents.first().title
    document_url = with_documents.first().link_document.url

    anonymous_library = client.get("/managers/")
    assert anonymous_library.status_code == 200
    assert title not in visible_text(anonymous_library)
    assert client.get(document_url).status_code != 200

    client.force_login(get_user_model().objects.get(email="manager@demo.sor.example"))
    assert title in visible_text(client.get("/managers/"))
    download = client.get(document_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content if download.streaming else [download.content])[:4] == b"%PDF"


def test_site_search_finds_a_guidance_page_by_a_word_in_its_body(debug_on, client):
    # "signatory" appears only in the bodies (not titles or summaries) of the RtP pages.
    response = client.get("/search/", {"q": "signatory"})
    assert response.status_code == 200
    assert "/returning-to-practice/supervised-practice/" in link_hrefs(response)


def test_every_page_is_published_through_a_revision_with_a_summary(seeded):
    home = HomePage.objects.get()
    editor = get_user_model().objects.get(email="editor@demo.sor.example")
    pages = home.get_descendants(inclusive=True).specific()
    assert pages.count() >= 50
    for page in pages:
        assert page.live and not page.has_unpublished_changes, page.url_path
        assert page.latest_revision is not None, page.url_path
        assert page.search_description.strip(), f"{page.url_path} has no summary"
    demo_pages = pages.exclude(url_path__startswith="/home/pathway-finder/")
    assert (
        Revision.page_revisions.filter(object_id__in=[str(p.pk) for p in demo_pages], user=editor).count()
        >= 50
    )


def test_bodies_are_valid_blocks_with_resolved_links_and_https_sources(seeded):
    today = timezone.localdate()
    checked = 0
    for model, field_name in [
        (GuidancePage, "body"),
        (NewsPage, "body"),
        (StandardPage, "body"),
        (HubPage, "body"),
        (CaseStudyPage, "story"),
        (HomePage, "body"),
    ]:
        for page in model.objects.all():
            value = getattr(page, field_name)
            stream_block = page._meta.get_field(field_name).stream_block
            stream_block.clean(value)  # what an editor saving the page would need to pass
            raw = str(value.raw_data)
            assert "page:" not in raw and "doc:" not in raw, f"unresolved link in {page.url_path}"
            for block in value:
                if block.block_type == "sources":
                    for item in block.value["items"]:
                        assert item["source_url"].startswith("https://")
                        assert item["last_checked"] <= today
            checked += 1
    assert checked >= 40


def test_figures_and_rules_carry_sources_and_checks_are_flagged(seeded):
    # FACTS.md's source rules: one Sources list per page, at its end, citing at least one source.
    for page in [*GuidancePage.objects.all(), *NewsPage.objects.all()]:
        kinds = [block.block_type for block in page.body]
        assert kinds.count("sources") == 1 and kinds[-1] == "sources", f"{page.title}: one Sources list, last"
        assert len(page.body[-1].value["items"]) >= 1
    for model, field_name in [(StandardPage, "body"), (HubPage, "body"), (CaseStudyPage, "story")]:
        for page in model.objects.all():
            kinds = [block.block_type for block in getattr(page, field_name)]
            assert kinds.count("sources") <= 1 and kinds[-1:] in (["sources"], []) or "sources" not in kinds
    # FACTS.md C2: HCPC's minimum IELTS and OET scores are unconfirmed, so the English page shows no score;
    # it states the dated rule, names countries on the qualifying list and links HCPC's page that holds it.
    english_html = str(GuidancePage.objects.get(slug="english-language").body)
    english = visible_text(english_html)
    assert "29 January 2025" in english and "qualifying countries list" in english
    assert "Australia" in english and "Canada" in english
    assert not re.search(r"\b(7\.0|6\.5|8\.0|7\.5)\b", english), "an unconfirmed IELTS score is shown"
    assert HCPC_ENGLISH_URL in link_hrefs(english_html, "qualifying countries list")
    # FACTS.md C5: the visa fee is unconfirmed, so the page shows no fee, only the dated change (9 April 2025)
    # and a link to GOV.UK's fee page. The only figure it shows is the confirmed salary floor of April 2024.
    visa_html = str(GuidancePage.objects.get(slug="health-and-care-worker-visa").body)
    visa = visible_text(visa_html)
    assert "9 April 2025" in visa and VISA_FEES_URL in link_hrefs(visa_html)
    assert set(re.findall(r"£\d[\d,.]*\d", visa)) == {"£23,200"}, "the visa page shows an unconfirmed figure"
    assert "check the current" not in visa.lower()


def test_guidance_and_stories_are_substantial(seeded):
    for page in GuidancePage.objects.all():
        assert words_outside_sources(page.body) >= 300, f"{page.title} is too short"
    for page in CaseStudyPage.objects.all():
        assert words_outside_sources(page.story) >= 300, f"{page.title}'s story is too short"


def test_case_studies_span_both_pathways_both_professions_and_all_four_nations(seeded):
    studies = CaseStudyPage.objects.select_related("pathway", "nation", "photo")
    assert {s.pathway.slug for s in studies} == {"return-to-practice", "international-recruitment"}
    assert {s.profession for s in studies} == {"diagnostic", "therapeutic"}
    for pathway in ("return-to-practice", "international-recruitment"):
        nations = {s.nation.slug for s in studies if s.pathway.slug == pathway}
        assert nations == {"england", "scotland", "wales", "northern-ireland"}, pathway
    assert len({s.training_region for s in studies}) >= 5
    assert len({s.years_out for s in studies if s.years_out is not None}) >= 4
    for study in studies:
        assert study.quote and study.person_name and " " not in study.person_name
        assert study.photo is not None and study.photo_alt_text.strip()
        assert study.photo.description == study.photo_alt_text


def test_nation_specific_funding_pages_carry_their_nation_and_some_guidance_is_overdue(seeded):
    for slug, nation in [
        ("funding-england", "england"),
        ("funding-scotland", "scotland"),
        ("funding-wales", "wales"),
        ("funding-northern-ireland", "northern-ireland"),
    ]:
        page = GuidancePage.objects.get(slug=slug)
        assert list(page.nations.values_list("slug", flat=True)) == [nation]
    assert GuidancePage.objects.get(slug="hcpc-updating-requirement").nations.count() == 0
    overdue = GuidancePage.objects.filter(next_review_due__lt=timezone.localdate())
    assert 2 <= overdue.count() <= 4
    for page in GuidancePage.objects.all():
        assert page.content_owner and page.last_reviewed <= timezone.localdate()
        assert page.next_review_due > page.last_reviewed


def test_news_is_dated_over_the_past_year_with_topics(seeded):
    today = timezone.localdate()
    for item in NewsPage.objects.all():
        assert today - datetime.timedelta(days=366) <= item.date <= today
        assert item.topics.exists()
    assert len({item.date for item in NewsPage.objects.all()}) == NewsPage.objects.count()


def test_resources_link_to_pages_documents_and_secure_external_sites(seeded):
    resources = Resource.objects.all()
    assert resources.exclude(link_page=None).exists()
    assert resources.exclude(link_document=None).exists()
    assert resources.exclude(link_url="").exists()
    for resource in resources:
        resource.full_clean()  # exactly one link, external links https
        assert resource.audiences.exists() and resource.topics.exists(), resource.title
        assert resource.href
    assert set(Resource.objects.values_list("nations__slug", flat=True)) >= {
        "england",
        "scotland",
        "wales",
        None,
    }


def _pdf_is_well_formed(data: bytes) -> None:
    assert data.startswith(b"%PDF-1.7")
    assert data.rstrip().endswith(b"%%EOF")
    startxref = int(re.search(rb"startxref\s+(\d+)", data).group(1))
    assert data[startxref : startxref + 4] == b"xref"
    entries = re.findall(rb"(\d{10}) 00000 n ", data[startxref:])
    assert entries
    for number, offset in enumerate(entries, start=1):
        assert data[int(offset) :].startswith(b"%d 0 obj" % number), f"object {number} is not at its offset"
    assert b"/StructTreeRoot" in data and b"/MarkInfo << /Marked true >>" in data and b"/Lang (en-GB)" in data


def test_documents_and_images_are_real_files(seeded):
    for document in get_document_model().objects.all():
        with document.open_file() as handle:
            data = handle.read()
        assert document.file_size == len(data) and document.file_hash
        if document.file_extension == "pdf":
            _pdf_is_well_formed(data)
        else:
            assert document.file_extension == "docx"
            archive = zipfile.ZipFile(io.BytesIO(data))
            assert archive.testzip() is None
            ElementTree.fromstring(archive.read("word/document.xml"))
            core = ElementTree.fromstring(archive.read("docProps/core.xml"))
            assert core.find("{http://purl.org/dc/elements/1.1/}title").text
    for image in get_image_model().objects.all():
        with image.open_file() as handle:
            picture = PILImage.open(handle)
            picture.verify()
        assert (image.width, image.height) == (1200, 800)
        assert image.description


def test_the_pathway_finder_and_the_enquiries_casework_are_seeded_too(seeded):
    from enquiries.models import Enquiry, InboundEmail, TeamMembership
    from enquiries.services import route
    from pathways.models import PathwayFinderPage, PathwayStep

    assert PathwayFinderPage.objects.live().exists()
    assert PathwayStep.objects.filter(guidance_page__isnull=False).exists()
    User = get_user_model()
    adviser = User.objects.get(email="adviser@demo.sor.example")
    lead = User.objects.get(email="teamlead@demo.sor.example")
    assert TeamMembership.objects.filter(user=adviser).exists()
    assert TeamMembership.objects.filter(user=lead, is_lead=True).exists()
    assert Enquiry.objects.exists()
    # Emails that came back by email are there too, processed even though no task ran (the seeding here
    # never commits); tests/enquiries/test_demo.py checks the rest of what the enquiries demo makes.
    held = InboundEmail.objects.filter(status=InboundEmail.Status.QUARANTINED)
    assert held.count() == 2 and InboundEmail.objects.filter(status=InboundEmail.Status.THREADED).exists()
    assert "4 inbound emails" in seeded
    rtp = Pathway.objects.get(slug="return-to-practice")
    england = Nation.objects.get(slug="england")
    team = route(pathway_id=rtp.pk, nation_id=england.pk, topic_id=None)
    assert team.memberships.filter(user=adviser).exists()
