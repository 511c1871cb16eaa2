"""The site the browser journeys walk through, built from the project's factories.

Browser tests use `django_db(transaction=True)`: the database is flushed after each test, which also
removes what Wagtail's data migrations made (the locale, the root page and collection, the editors' page
permissions and the "Moderators approval" workflow). `ensure_wagtail_baseline` puts those back, and
`build_portal_site` then builds a small but complete portal on top: every page type, with text that
the journeys look for.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

from casestudies.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory
from cms import factories as f
from cms.groups import ensure_editorial_groups
from portal.models import User

PASSWORD = "journey-pass-2026!"
MODERATION_WORKFLOW = "Moderators approval"

# Page permissions as Wagtail's own data migrations grant them on the root page.
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
MODERATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]


def ensure_wagtail_baseline() -> Page:
    """Restore what Wagtail's data migrations make, if a flush removed it. Returns the root page."""
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    root = f.root_page()
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")

    ensure_editorial_groups()
    editors = Group.objects.get(name="Editors")
    moderators = Group.objects.get(name="Moderators")
    page_type = ContentType.objects.get_for_model(Page)
    for group, codenames in ((editors, EDITOR_PAGE_PERMISSIONS), (moderators, MODERATOR_PAGE_PERMISSIONS)):
        for codename in codenames:
            permission = Permission.objects.get(content_type=page_type, codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)

    workflow = Workflow.objects.filter(name=MODERATION_WORKFLOW, active=True).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=MODERATION_WORKFLOW, active=True)
        task = GroupApprovalTask.objects.create(name=MODERATION_WORKFLOW, active=True)
        task.groups.set([moderators])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.get_or_create(page=root, defaults={"workflow": workflow})
    return root


@dataclass
class PortalSite:
    """The pages and terms the journeys use (see `build_portal_site`)."""

    site: Site
    home: Page
    rtp_hub: Page
    ir_hub: Page
    library: Page
    hcpc_updating: Page
    supervised_practice: Page
    english_language: Page
    international_registration: Page
    news_index: Page
    news_item: Page
    case_study_index: Page
    rtp_case_study: Page
    ir_case_study: Page
    about: Page
    # Resources in the managers' library, by the role they play in the filter journey.
    elearning_for_recruits: list
    other_resources: list


def _reviewed(days_ago: int = 30) -> dict:
    today = timezone.localdate()
    return {
        "last_reviewed": today - datetime.timedelta(days=days_ago),
        "next_review_due": today + datetime.timedelta(days=365 - days_ago),
        "content_owner": "Professional Policy",
    }


def _source(title: str, url: str) -> dict:
    return f.sources_block(f.source_item(title, url, timezone.localdate() - datetime.timedelta(days=10)))


def build_portal_site(port: int) -> PortalSite:
    """A small portal: home, three hubs, guidance, news, case studies and the managers' library.

    Anything left under the root page (Wagtail's welcome page, or a previous test's site) is removed
    first. The Site is the default site, on the live server's port.
    """
    root = ensure_wagtail_baseline()
    Site.objects.all().delete()
    for child in root.get_children():
        child.delete()

    rtp = f.PathwayFactory(name="Return to practice", slug="return-to-practice", short_name="RtP")
    ir = f.PathwayFactory(name="International recruitment", slug="international-recruitment", short_name="IR")
    england = f.NationFactory(name="England", slug="england", holiday_subdivision="ENG")
    scotland = f.NationFactory(name="Scotland", slug="scotland", holiday_subdivision="SCT")
    f.NationFactory(name="Wales", slug="wales", holiday_subdivision="WLS")
    f.NationFactory(name="Northern Ireland", slug="northern-ireland", holiday_subdivision="NIR")
    returnee = f.AudienceFactory(name="Returnee", slug="returnee", sort_order=1)
    recruit = f.AudienceFactory(name="International recruit", slug="international-recruit", sort_order=2)
    manager = f.AudienceFactory(name="Manager", slug="manager", sort_order=3)
    hcpc = f.TopicFactory(name="HCPC registration", slug="hcpc-registration")
    english = f.TopicFactory(name="English language", slug="english-language")

    home = f.HomePageFactory(parent=root)
    site = Site.objects.create(
        hostname="localhost",
        port=port,
        root_page=home,
        is_default_site=True,
        site_name="SoR Return to Practice and International Recruitment",
    )

    rtp_hub = f.HubPageFactory(
        parent=home,
        title="Returning to practice",
        slug="returning-to-practice",
        pathway=rtp,
        audience=returnee,
        introduction="How to come back to radiography after time away, and what the HCPC asks of you.",
    )
    hcpc_updating = f.GuidancePageFactory(
        parent=rtp_hub,
        title="The HCPC updating requirement",
        slug="hcpc-updating-requirement",
        pathway=rtp,
        search_description="How many days of updating you need before you can be readmitted to the HCPC Register.",
        body=[
            *f.rich_text(
                "If you have been out of practice for less than two years, you do not need to do any updating.",
                "Between two and five years out of practice, you need 30 days of updating. "
                "After five years or more, you need 60 days of updating.",
                "A day is 7 hours. Private study can be at most half of your updating.",
            ),
            _source(
                "HCPC: updating your knowledge and skills",
                "https://www.hcpc-uk.org/registration/returning-to-practice/",
            ),
        ],
        audiences=[returnee],
        topics=[hcpc],
        **_reviewed(),
    )
    supervised_practice = f.GuidancePageFactory(
        parent=rtp_hub,
        title="Finding supervised practice",
        slug="supervised-practice",
        pathway=rtp,
        search_description="How to find a placement and a supervisor for your updating.",
        body=f.rich_text(
            "Your supervisor must have been on the relevant part of the Register for at least three years."
        ),
        audiences=[returnee],
        **_reviewed(),
    )

    ir_hub = f.HubPageFactory(
        parent=home,
        title="International recruitment",
        slug="international-recruitment",
        pathway=ir,
        audience=recruit,
        introduction="Moving to the UK to work as a radiographer: registration, English, visas and induction.",
    )
    english_language = f.GuidancePageFactory(
        parent=ir_hub,
        title="English language requirements",
        slug="english-language",
        pathway=ir,
        search_description="The evidence of English the HCPC accepts from international applicants.",
        body=[
            *f.rich_text(
                "Since 29 January 2025 you can no longer declare that English is your first language.",
                "With IELTS you need 7.0 overall, with no element below 6.5. OET is also accepted.",
            ),
            _source(
                "HCPC: new English language requirements",
                "https://www.hcpc-uk.org/news-and-events/news/2024/new-english-language-requirements/",
            ),
        ],
        audiences=[recruit],
        topics=[english],
        **_reviewed(),
    )
    international_registration = f.GuidancePageFactory(
        parent=ir_hub,
        title="HCPC international registration",
        slug="hcpc-international-registration",
        pathway=ir,
        search_description="The steps of the HCPC's international application and how long each takes.",
        body=f.rich_text("The HCPC says the whole process takes about 60 working days."),
        audiences=[recruit],
        topics=[hcpc],
        **_reviewed(),
    )

    library = f.ResourceLibraryPageFactory(parent=home, audience=manager)
    elearning_for_recruits = [
        f.ResourceFactory(
            title="Welcoming international recruits (e-learning)",
            resource_type="e-learning",
            audiences=[recruit, manager],
        ),
        f.ResourceFactory(
            title="IR(ME)R entitlement for new starters (e-learning)",
            resource_type="e-learning",
            audiences=[recruit],
        ),
    ]
    other_resources = [
        f.ResourceFactory(
            title="Return to practice refresher (e-learning)",
            resource_type="e-learning",
            audiences=[returnee],
        ),
        f.ResourceFactory(
            title="First 90 days checklist for international recruits",
            resource_type="checklist",
            audiences=[recruit],
        ),
        f.ResourceFactory(
            title="Supervising a returner on placement", resource_type="guidance", audiences=[manager]
        ),
    ]

    news_index = f.NewsIndexPageFactory(parent=home)
    news_item = f.NewsPageFactory(
        parent=news_index,
        title="HCPC fees change from 29 April 2025",
        search_description="New registration, readmission and international scrutiny fees.",
        topics=[hcpc],
    )
    f.NewsPageFactory(parent=news_index, title="English language rules change", topics=[english])

    case_study_index = CaseStudyIndexPageFactory(parent=home)
    rtp_case_study = CaseStudyPageFactory(
        parent=case_study_index,
        title="Back in CT after six years away",
        pathway=rtp,
        nation=england,
        person_name="Amira",
        role="Band 6 CT radiographer",
        years_out=6,
        quote="Getting started was the hardest part; my supervisor made it easy.",
    )
    ir_case_study = CaseStudyPageFactory(
        parent=case_study_index,
        title="From Manila to Aberdeen",
        pathway=ir,
        nation=scotland,
        profession="therapeutic",
        training_region="south-east-asia",
        training_country="Philippines",
        person_name="Joseph",
        role="Band 5 therapeutic radiographer",
        years_out=None,
        quote="The induction programme made the first month much less daunting.",
    )

    about = f.StandardPageFactory(parent=home, title="About this site", slug="about")

    return PortalSite(
        site=site,
        home=home,
        rtp_hub=rtp_hub,
        ir_hub=ir_hub,
        library=library,
        hcpc_updating=hcpc_updating,
        supervised_practice=supervised_practice,
        english_language=english_language,
        international_registration=international_registration,
        news_index=news_index,
        news_item=news_item,
        case_study_index=case_study_index,
        rtp_case_study=rtp_case_study,
        ir_case_study=ir_case_study,
        about=about,
        elearning_for_recruits=elearning_for_recruits,
        other_resources=other_resources,
    )


def make_user(email: str, *, groups: tuple[str, ...] = (), is_staff: bool = False, **extra) -> User:
    """A user who can sign in with `PASSWORD`: their email is verified and primary, as allauth needs."""
    user = User.objects.create_user(email=email, password=PASSWORD, is_staff=is_staff, **extra)
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def activate_totp(user: User) -> str:
    """Set up an authenticator app (TOTP) for the user, as staff must; returns the shared secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str, *, period: int = 30, margin: float = 5.0) -> str:
    """The code an authenticator app shows now. Waits for the next period when this one is about to
    end, so that the code is still valid when the form arrives (allauth allows no clock tolerance)."""
    left = period - time.time() % period
    if left < margin:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))
