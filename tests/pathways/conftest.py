"""Fixtures for the pathway finder's tests.

finder          the PathwayFinderPage at /pathway-finder/ (under ``home_page``), with Code of Practice texts.
countries       Nigeria (red), Kenya (amber), India (green, agreement), Australia (green, English list).
support         NationSupport for all four nations.
steps           a small set of PathwayStep snippets covering both pathways (see the fixture).
pw_user, other_user  signed-up users with verified emails (make_user from tests/conftest.py).

Every test here runs with tests.pathways.urls, which includes pathways.urls at /my-plan/ if the
project's urls.py does not yet.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.utils import timezone

import pytest

from pathways import models, rules
from pathways.factories import (
    CountryFactory,
    NationSupportFactory,
    PathwayFinderPageFactory,
    PathwayStepFactory,
    UpdatingLogFactory,
)


@pytest.fixture(autouse=True)
def pathways_urls(settings):
    settings.ROOT_URLCONF = "tests.pathways.urls"


@pytest.fixture
def finder(home_page, taxonomy):
    return PathwayFinderPageFactory(
        parent=home_page,
        code_of_practice_intro="<p>The Code looks at where you live, not your nationality.</p>",
        red_explanation="<p>Red means no active recruitment. You can still apply directly.</p>",
        amber_explanation="<p>Amber means recruitment only under the agreement.</p>",
        green_explanation="<p>Green means employers may recruit.</p>",
        code_source_title="Code of Practice (England)",
        code_source_url="https://www.gov.uk/government/publications/code-of-practice",
        code_last_checked=datetime.date(2026, 11, 1),
    )


@pytest.fixture
def countries(db):
    return SimpleNamespace(
        nigeria=CountryFactory(
            name="Nigeria", code="NG", recruitment_status=models.RED, english_qualifying="no"
        ),
        kenya=CountryFactory(
            name="Kenya", code="KE", recruitment_status=models.AMBER, government_agreement=True
        ),
        india=CountryFactory(
            name="India", code="IN", recruitment_status=models.GREEN, government_agreement=True
        ),
        australia=CountryFactory(
            name="Australia", code="AU", recruitment_status=models.GREEN, english_qualifying="yes"
        ),
    )


@pytest.fixture
def support(taxonomy):
    return SimpleNamespace(
        england=NationSupportFactory(
            nation=taxonomy.england, returner_funding="<p>NHS England programme funding.</p>"
        ),
        wales=NationSupportFactory(
            nation=taxonomy.wales,
            returner_funding="<p>HEIW bursary of up to £1,000 towards course fees.</p>",
            contacts="<p>Your head of department.</p>",
        ),
        scotland=NationSupportFactory(
            nation=taxonomy.scotland,
            returner_funding="<p>Ask a health board for supervised practice.</p>",
            recruit_support="<p>Scotland has its own Code of Practice.</p>",
        ),
        northern_ireland=NationSupportFactory(
            nation=taxonomy.northern_ireland,
            returner_funding="<p>No scheme found in Northern Ireland.</p>",
            check_note="Ask the Department of Health whether a scheme exists now.",
        ),
    )


@pytest.fixture
def steps(taxonomy, rtp_hub):
    from cms.factories import GuidancePageFactory

    updating_page = GuidancePageFactory(
        parent=rtp_hub, title="The HCPC updating requirement", slug="updating"
    )
    return SimpleNamespace(
        updating=PathwayStepFactory(
            title="Work out your updating",
            sort_order=10,
            pathway=models.RTP,
            updating_required=models.YES,
            guidance_page=updating_page,
            time="30 or 60 days",
        ),
        heiw=PathwayStepFactory(
            title="Agree HEIW bursary funding",
            sort_order=20,
            pathway=models.RTP,
            updating_required=models.YES,
            nations=[taxonomy.wales],
            cost="Up to £1,000",
        ),
        nhse=PathwayStepFactory(
            title="Register with the NHS England programme",
            sort_order=20,
            pathway=models.RTP,
            updating_required=models.YES,
            nations=[taxonomy.england],
        ),
        five_plus=PathwayStepFactory(
            title="Consider a return to practice course",
            sort_order=25,
            pathway=models.RTP,
            years_out_min=5,
        ),
        abroad_form=PathwayStepFactory(
            title="Fill in the practising abroad form",
            sort_order=30,
            pathway=models.RTP,
            uk_qualified=models.YES,
            practised_abroad=models.YES,
        ),
        readmission=PathwayStepFactory(
            title="Apply for readmission", sort_order=40, pathway=models.RTP, ever_registered=models.YES
        ),
        english=PathwayStepFactory(title="Show your English", sort_order=10, pathway=models.IR),
        hcpc_ir=PathwayStepFactory(
            title="Apply to HCPC internationally", sort_order=20, pathway=models.IR, cost="£678.38"
        ),
        red_direct=PathwayStepFactory(
            title="Apply directly: red-list country",
            sort_order=30,
            pathway=models.IR,
            country_status=models.RED,
        ),
        amber=PathwayStepFactory(
            title="Apply through the agreement", sort_order=30, pathway=models.IR, country_status=models.AMBER
        ),
        scottish_code=PathwayStepFactory(
            title="Read Scotland's Code", sort_order=35, pathway=models.IR, nations=[taxonomy.scotland]
        ),
        visa=PathwayStepFactory(
            title="Apply for the Health and Care Worker visa",
            sort_order=50,
            pathway=models.IR,
            job_offer=models.YES,
        ),
        therapeutic=PathwayStepFactory(
            title="Radiotherapy induction", sort_order=60, profession=models.THERAPEUTIC
        ),
        join=PathwayStepFactory(title="Join the Society of Radiographers", sort_order=100),
        draft=PathwayStepFactory(title="A draft step nobody sees", sort_order=1, live=False),
    )


@pytest.fixture
def pw_user(make_user):
    return make_user("returnee@example.com", first_name="Rhian", last_name="Returner")


@pytest.fixture
def other_user(make_user):
    return make_user("someone.else@example.com")


@pytest.fixture
def log(pw_user):
    return UpdatingLogFactory(user=pw_user, basis_date=rules.add_years(timezone.localdate(), -6))


@pytest.fixture
def signed_in(client, pw_user):
    client.force_login(pw_user)
    return client
