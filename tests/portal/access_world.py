"""One small but complete world for the access matrix (tests/portal/test_access_matrix.py).

Every role of the README's table has a user here, and every kind of object a URL can name exists at
least once, so that URL patterns with arguments can be filled with real objects:

- pages: home, two hubs, a guidance page (published through a revision, so it has revisions), a
  standard page, a page restricted to the Managers group, a draft page, news index and item, case
  study index and page, the managers' library (with a public and a members-only resource) and the
  pathway finder;
- a public document and one in a collection restricted to the Managers group, an image, a redirect,
  a search promotion;
- two enquiry teams, A (RtP England) and B (International recruitment), with routing rules, canned
  responses, and one enquiry each: team A's belongs to the returnee and has an attachment on its first
  message; team B's belongs to the recruit. An inbound email is held on team A's enquiry and another
  matches nothing; team A's acknowledgement is a dead letter; one address is suppressed;
- the returnee's saved plan and updating log with one activity; pathway steps, a country and a
  nation's support text.

``build_world()`` returns a ``World``; it needs the database and makes everything in the current
transaction (the matrix test rolls it back at the end). ``remove_world_files(world)`` deletes the files
it stored (documents, the image, the attachment), which a rollback leaves behind.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone

from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupApprovalTask,
    PageViewRestriction,
    Site,
    Task,
    Workflow,
)

import wagtail_factories
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from casestudies.factories import CaseStudyIndexPageFactory, CaseStudyPageFactory
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
    StandardPageFactory,
    TopicFactory,
    root_page,
)
from cms.groups import ensure_editorial_groups
from enquiries.models import (
    AdviserProfile,
    CannedResponse,
    InboundEmail,
    OutboundEmail,
    ReportingLead,
    RoutingRule,
    Suppression,
    Team,
    TeamMembership,
)
from enquiries.ratings import service as ratings_service
from enquiries.selectors import ADVISERS_GROUP, TEAM_LEADS_GROUP
from enquiries.services import enquiry_submit, staff_groups_ensure
from pathways import models as pathway_models
from pathways.factories import (
    CountryFactory,
    NationSupportFactory,
    PathwayFinderPageFactory,
    PathwayStepFactory,
    rtp_answers,
)
from portal.models import User
from tests.conftest import PASSWORD, SITE_NAME, make_image, publish

#: The roles of the matrix, in the order of the table's columns. Every staff role but the last signs in
#: with its second factor recorded (tests.conftest.mfa_login); the last is an adviser of team A with an
#: authenticator app whose session has no second factor (client.force_login only).
ROLES = (
    "anonymous",
    "returnee",
    "recruit",
    "manager",
    "editor",
    "moderator",
    "adviser_team_a",
    "adviser_team_b",
    "team_lead",
    "reporting_lead",
    "privacy_officer",
    "superuser",
    "staff_without_second_factor",
)
#: Roles signed in with client.force_login only (no second factor in the session).
PASSWORD_ONLY_ROLES = frozenset({"returnee", "recruit", "manager", "staff_without_second_factor"})


@dataclass
class World:
    users: dict[str, User | None]
    pages: SimpleNamespace
    objects: SimpleNamespace
    #: (model class) -> an instance, for the snippet URLs and anything else found by model.
    by_model: dict[type, object] = field(default_factory=dict)


def _user(email, *groups, staff=False, superuser=False, totp=False, **extra) -> User:
    user = User.objects.create_user(
        email=email, password=PASSWORD, is_staff=staff or superuser, is_superuser=superuser, **extra
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    for group in groups:
        user.groups.add(group)
    if totp:
        TOTP.activate(user, generate_totp_secret())
    return user


def _adviser(email, team, *groups, capacity=20, is_lead=False) -> User:
    user = _user(email, *groups, staff=True, totp=True, first_name="Ada", last_name="Adviser")
    AdviserProfile.objects.create(user=user, capacity=capacity)
    TeamMembership.objects.create(team=team, user=user, is_lead=is_lead)
    return user


def _group_with(name: str, *codenames: str) -> Group:
    group, _ = Group.objects.get_or_create(name=name)
    for codename in codenames:
        app_label, _, code = codename.partition(".")
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=code))
    return group


def build_world() -> World:
    ensure_editorial_groups()
    staff_groups_ensure()
    cache.clear()

    # ---------------------------------------------------------------------------------------------
    # Taxonomy
    # ---------------------------------------------------------------------------------------------
    tax = SimpleNamespace(
        rtp=PathwayFactory(name="Return to practice", slug="return-to-practice", short_name="RtP"),
        ir=PathwayFactory(
            name="International recruitment", slug="international-recruitment", short_name="IR"
        ),
        england=NationFactory(name="England", slug="england", holiday_subdivision="ENG", sort_order=1),
        scotland=NationFactory(name="Scotland", slug="scotland", holiday_subdivision="SCT", sort_order=2),
        wales=NationFactory(name="Wales", slug="wales", holiday_subdivision="WLS", sort_order=3),
        northern_ireland=NationFactory(
            name="Northern Ireland", slug="northern-ireland", holiday_subdivision="NIR", sort_order=4
        ),
        returnee=AudienceFactory(name="Returnee", slug="returnee"),
        recruit=AudienceFactory(name="International recruit", slug="international-recruit"),
        manager=AudienceFactory(name="Manager", slug="manager"),
        hcpc=TopicFactory(name="HCPC registration", slug="hcpc-registration"),
    )

    # ---------------------------------------------------------------------------------------------
    # People
    # ---------------------------------------------------------------------------------------------
    editors = Group.objects.get(name="Editors")
    moderators = Group.objects.get(name="Moderators")
    advisers = Group.objects.get(name=ADVISERS_GROUP)
    leads = Group.objects.get(name=TEAM_LEADS_GROUP)
    managers = _group_with(settings.PORTAL_MANAGERS_GROUP)
    reporting = _group_with("Reporting leads", "wagtailadmin.access_admin")
    data_protection = _group_with(
        "Data protection", "wagtailadmin.access_admin", "portal.manage_personal_data"
    )

    team_a = Team.objects.create(name="RtP England", slug="rtp-england")
    team_b = Team.objects.create(name="International recruitment", slug="ir", is_fallback=True)
    RoutingRule.objects.create(order=10, name="RtP England", pathway=tax.rtp, nation=tax.england, team=team_a)
    RoutingRule.objects.create(order=50, name="IR", pathway=tax.ir, team=team_b)

    users: dict[str, User | None] = {
        "anonymous": None,
        "returnee": _user("returnee@example.org", first_name="Rhian", last_name="Returner"),
        "recruit": _user("recruit@example.org", first_name="Ravi", last_name="Recruit"),
        "manager": _user("manager@example.org", managers, first_name="Mo", last_name="Manager"),
        "editor": _user("editor@sor.example", editors, staff=True, totp=True, first_name="Ed"),
        "moderator": _user("moderator@sor.example", moderators, staff=True, totp=True, first_name="Mia"),
        "adviser_team_a": _adviser("adviser.a@sor.example", team_a, advisers),
        "adviser_team_b": _adviser("adviser.b@sor.example", team_b, advisers),
        "team_lead": _adviser("lead.a@sor.example", team_a, advisers, leads, capacity=0, is_lead=True),
        "reporting_lead": _user("reporting@sor.example", reporting, staff=True, totp=True, first_name="Rae"),
        "privacy_officer": _user("dpo@sor.example", data_protection, staff=True, totp=True, first_name="Dee"),
        "superuser": _user("root@sor.example", superuser=True, totp=True, first_name="Sam"),
        "staff_without_second_factor": _adviser("adviser.nomfa@sor.example", team_a, advisers, capacity=0),
    }
    assert tuple(users) == ROLES
    ReportingLead.objects.create(user=users["reporting_lead"]).nations.set([tax.england])

    # ---------------------------------------------------------------------------------------------
    # Pages (as tests.conftest.home_page: Wagtail's welcome page and its Site go first)
    # ---------------------------------------------------------------------------------------------
    root = root_page()
    for child in root.get_children():
        child.delete()
    Site.objects.all().delete()
    editor = users["editor"]
    home = HomePageFactory(parent=root, owner=editor)
    site = Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=SITE_NAME
    )
    rtp_hub = HubPageFactory(
        parent=home,
        title="Returning to practice",
        slug="returning-to-practice",
        pathway=tax.rtp,
        owner=editor,
    )
    ir_hub = HubPageFactory(
        parent=home, title="International recruitment", slug="international-recruitment", pathway=tax.ir
    )
    guidance = GuidancePageFactory(
        parent=rtp_hub, title="Updating your skills", slug="updating", owner=editor
    )
    publish(guidance)
    standard = StandardPageFactory(parent=home, title="About us", slug="about")
    members_page = StandardPageFactory(parent=home, title="For managers only", slug="managers-only")
    restriction = PageViewRestriction.objects.create(
        page=members_page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(managers, editors, moderators)
    draft = StandardPageFactory(parent=home, title="Not yet published", slug="draft", live=False)
    news_index = NewsIndexPageFactory(parent=home)
    news = NewsPageFactory(parent=news_index, title="New HCPC fees", slug="new-hcpc-fees")
    case_index = CaseStudyIndexPageFactory(parent=home)
    case_study = CaseStudyPageFactory(
        parent=case_index,
        title="Back after ten years",
        slug="back-after-ten-years",
        pathway=tax.rtp,
        nation=tax.england,
    )
    library = ResourceLibraryPageFactory(parent=home, audience=tax.manager)
    finder = PathwayFinderPageFactory(
        parent=home,
        code_of_practice_intro="<p>The Code looks at where you live.</p>",
        red_explanation="<p>Red.</p>",
        amber_explanation="<p>Amber.</p>",
        green_explanation="<p>Green.</p>",
        code_source_title="Code of Practice",
        code_source_url="https://www.gov.uk/code-of-practice",
        code_last_checked=datetime.date(2026, 1, 5),
    )
    pages = SimpleNamespace(
        home=home,
        rtp_hub=rtp_hub,
        ir_hub=ir_hub,
        guidance=guidance,
        standard=standard,
        members_page=members_page,
        draft=draft,
        news_index=news_index,
        news=news,
        case_index=case_index,
        case_study=case_study,
        library=library,
        finder=finder,
    )

    # ---------------------------------------------------------------------------------------------
    # Media, resources, redirects, search promotions, workflows
    # ---------------------------------------------------------------------------------------------
    root_collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    restricted_collection = root_collection.add_child(name="Managers only")
    collection_restriction = CollectionViewRestriction.objects.create(
        collection=restricted_collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    collection_restriction.groups.add(managers, editors, moderators)
    public_document = wagtail_factories.DocumentFactory(
        title="Returner checklist",
        collection=root_collection,
        file=ContentFile(b"%PDF-1.4 checklist", name="returner-checklist.pdf"),
    )
    restricted_document = wagtail_factories.DocumentFactory(
        title="Staffing template",
        collection=restricted_collection,
        file=ContentFile(b"%PDF-1.4 staffing", name="staffing-template.pdf"),
    )
    image = make_image("Radiographer at work")
    public_resource = ResourceFactory(title="Workforce toolkit", link_url="https://www.sor.org/toolkit")
    members_resource = ResourceFactory(
        title="Staffing template", link_document=restricted_document, link_url="", members_only=True
    )
    redirect = Redirect.objects.create(old_path="/old-guidance", redirect_page=guidance, site=site)
    query = Query.get("hcpc")
    SearchPromotion.objects.create(query=query, page=guidance, sort_order=0)
    # Wagtail's migrations make a workflow and its task; a test that flushed the database removes them.
    task = Task.objects.order_by("pk").first() or GroupApprovalTask.objects.create(name="Moderators approval")
    workflow = Workflow.objects.order_by("pk").first() or Workflow.objects.create(name="Moderators approval")

    # ---------------------------------------------------------------------------------------------
    # Pathways: steps, a country, support, the returnee's plan and log
    # ---------------------------------------------------------------------------------------------
    step = PathwayStepFactory(title="Work out your updating", sort_order=10, pathway=pathway_models.RTP)
    country = CountryFactory(name="Nigeria", code="NG", recruitment_status=pathway_models.RED)
    nation_support = NationSupportFactory(nation=tax.england, returner_funding="<p>Funding.</p>")
    plan = pathway_models.SavedPlan.objects.create(
        user=users["returnee"], answers=rtp_answers(nation="england")
    )
    log = pathway_models.UpdatingLog.objects.create(
        user=users["returnee"], basis_date=datetime.date(2020, 1, 31)
    )
    activity = pathway_models.UpdatingActivity.objects.create(
        log=log,
        date=timezone.localdate() - datetime.timedelta(days=10),
        kind=pathway_models.UpdatingActivity.FORMAL,
        hours=7,
        description="Read the department's CT protocols.",
    )

    # ---------------------------------------------------------------------------------------------
    # Enquiries: one per team, a held email, a dead letter, a suppressed address
    # ---------------------------------------------------------------------------------------------
    def submit(key, user, **data):
        cleaned = {
            "who": "returning",
            "pathway": tax.rtp,
            "nation": tax.england,
            "profession": "diagnostic",
            "topic": tax.hcpc,
            "hcpc_number": "",
            "subject": "How many updating days do I need?",
            "name": user.get_full_name(),
            "email": user.email,
            **data,
        }
        files = cleaned.pop("files", ())
        with TestCase.captureOnCommitCallbacks(execute=True):
            enquiry, _ = enquiry_submit(
                **cleaned,
                body="I left the register in 2019.",
                submission_key=key,
                user=user,
                files=files,
            )
        return enquiry

    pdf = SimpleUploadedFile("my cv.pdf", b"%PDF-1.4 access matrix", "application/pdf")
    enquiry_a = submit("access-matrix-a", users["returnee"], files=[pdf])
    enquiry_b = submit(
        "access-matrix-b", users["recruit"], who="overseas", pathway=tax.ir, subject="Which visa do I need?"
    )
    assert enquiry_a.team == team_a and enquiry_b.team == team_b
    attachment = enquiry_a.messages.get().attachments.get()
    canned_a = CannedResponse.objects.create(
        title="Updating days explained", body="Hello {first_name}", team=team_a
    )
    CannedResponse.objects.create(title="Visa routes", body="Hello {first_name}", team=team_b)
    held = InboundEmail.objects.create(
        provider="postmark",
        dedupe_key="access-matrix-held",
        from_address="someone.else@example.org",
        subject=f"Re: {enquiry_a.reference}",
        status=InboundEmail.Status.QUARANTINED,
        reason="The sender is not the enquirer",
        enquiry=enquiry_a,
    )
    unmatched = InboundEmail.objects.create(
        provider="postmark",
        dedupe_key="access-matrix-unmatched",
        from_address="stranger@example.org",
        subject="Hello",
        status=InboundEmail.Status.QUARANTINED,
        reason="Matches no enquiry",
    )
    dead_letter = enquiry_a.emails.get(kind=OutboundEmail.Kind.ACKNOWLEDGEMENT)
    OutboundEmail.objects.filter(pk=dead_letter.pk).update(
        status=OutboundEmail.Status.FAILED, attempts=9, last_error="550 unknown user", next_attempt_at=None
    )
    suppression = Suppression.objects.create(email="bounced@example.org", reason=Suppression.Reason.BOUNCED)

    objects = SimpleNamespace(
        site=site,
        taxonomy=tax,
        team_a=team_a,
        team_b=team_b,
        root_collection=root_collection,
        restricted_collection=restricted_collection,
        collection_restriction=collection_restriction,
        page_restriction=restriction,
        public_document=public_document,
        restricted_document=restricted_document,
        image=image,
        public_resource=public_resource,
        members_resource=members_resource,
        redirect=redirect,
        query=query,
        workflow=workflow,
        task=task,
        step=step,
        country=country,
        nation_support=nation_support,
        plan=plan,
        log=log,
        activity=activity,
        enquiry_a=enquiry_a,
        enquiry_b=enquiry_b,
        attachment=attachment,
        rating_token_a=ratings_service.rating_token(enquiry_a),
        canned_a=canned_a,
        held=held,
        unmatched=unmatched,
        dead_letter=dead_letter,
        suppression=suppression,
        group=advisers,
    )
    by_model = {
        type(obj): obj
        for obj in [
            canned_a,
            team_a,
            suppression,
            country,
            nation_support,
            step,
            members_resource,
            tax.rtp,
            tax.england,
            tax.returnee,
            tax.hcpc,
            ReportingLead.objects.get(),
            TeamMembership.objects.get(user=users["adviser_team_a"]),
            AdviserProfile.objects.get(user=users["adviser_team_a"]),
            RoutingRule.objects.get(team=team_a),
        ]
    }
    cache.clear()
    return World(users=users, pages=pages, objects=objects, by_model=by_model)


def remove_world_files(world: World) -> None:
    o = world.objects
    for field_file in (o.public_document.file, o.restricted_document.file, o.image.file, o.attachment.file):
        if field_file.name:
            field_file.storage.delete(field_file.name)
