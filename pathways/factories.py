"""factory_boy factories for the pathway finder. The tests and pathways.demo both build from these."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from . import models


class CountryFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Country {n}")
    code = factory.Sequence(lambda n: f"{chr(65 + (n // 26) % 26)}{chr(65 + n % 26)}")
    recruitment_status = models.GREEN
    english_qualifying = "check"
    source_title = (
        "Code of practice for the international recruitment of health and social care personnel in England"
    )
    source_url = (
        "https://www.gov.uk/government/publications/code-of-practice-for-the-international-recruitment-of-health-"
        "and-social-care-personnel"
    )
    last_checked = datetime.date(2026, 11, 1)

    class Meta:
        model = models.Country
        django_get_or_create = ("code",)


class NationSupportFactory(DjangoModelFactory):
    returner_funding = "<p>Funding for returners in this nation.</p>"
    recruit_support = "<p>Support for international recruits in this nation.</p>"
    contacts = "<p>Contact the return to practice team.</p>"
    source_title = "Nation support page"
    source_url = "https://example.org/support"
    last_checked = datetime.date(2026, 11, 1)

    class Meta:
        model = models.NationSupport
        django_get_or_create = ("nation",)


class PathwayStepFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Step {n}")
    body = "<p>What to do, and why.</p>"
    sort_order = factory.Sequence(lambda n: n)
    live = True

    class Meta:
        model = models.PathwayStep
        skip_postgeneration_save = True

    @factory.post_generation
    def nations(self, create, extracted, **kwargs):
        if create and extracted:
            # A ParentalManyToManyField keeps the choice in memory until the step is saved.
            self.nations.set(extracted)
            self.save()


class PathwayFinderPageFactory(wagtail_factories.PageFactory):
    title = "Pathway finder"
    slug = "pathway-finder"

    class Meta:
        model = models.PathwayFinderPage


class UserFactory(DjangoModelFactory):
    email = factory.Sequence(lambda n: f"person{n}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "not-a-real-password-1")

    class Meta:
        model = settings.AUTH_USER_MODEL
        django_get_or_create = ("email",)
        skip_postgeneration_save = True


class SavedPlanFactory(DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    answers = factory.LazyFunction(dict)

    class Meta:
        model = models.SavedPlan


class UpdatingLogFactory(DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    basis = models.UpdatingLog.LAST_PRACTISED
    basis_date = datetime.date(2020, 1, 31)

    class Meta:
        model = models.UpdatingLog


class UpdatingActivityFactory(DjangoModelFactory):
    log = factory.SubFactory(UpdatingLogFactory)
    date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    end_date = factory.LazyAttribute(lambda activity: activity.date)
    kind = models.UpdatingActivity.FORMAL
    hours = Decimal("7.00")
    description = "Read and discussed the department's CT protocols."

    class Meta:
        model = models.UpdatingActivity


def rtp_answers(
    *,
    nation: str = "wales",
    last_practised: datetime.date | None = datetime.date(2020, 1, 31),
    profession: str = models.DIAGNOSTIC,
    practised_abroad: bool = False,
    job_offer: bool = False,
) -> dict:
    """Finder answers of a UK-qualified returner, as the session and SavedPlan store them."""
    return {
        "nation": nation,
        "uk_qualified": True,
        "qualification_country": "",
        "residence_country": "GB",
        "ever_registered": True,
        "last_practised": last_practised.isoformat() if last_practised else None,
        "qualified_on": None,
        "profession": profession,
        "practised_abroad": practised_abroad,
        "job_offer": job_offer,
    }


def ir_answers(
    *,
    nation: str = "scotland",
    qualification_country: str = "NG",
    residence_country: str = "NG",
    qualified_on: datetime.date = datetime.date(2016, 6, 1),
    profession: str = models.DIAGNOSTIC,
    practised_abroad: bool = True,
    job_offer: bool = False,
) -> dict:
    """Finder answers of an overseas-qualified recruit who was never on the HCPC Register."""
    return {
        "nation": nation,
        "uk_qualified": False,
        "qualification_country": qualification_country,
        "residence_country": residence_country,
        "ever_registered": False,
        "last_practised": None,
        "qualified_on": qualified_on.isoformat(),
        "profession": profession,
        "practised_abroad": practised_abroad,
        "job_offer": job_offer,
    }
