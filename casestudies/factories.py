import factory
import wagtail_factories

from cms.factories import NationFactory, PathwayFactory, rich_text

from . import models


class CaseStudyIndexPageFactory(wagtail_factories.PageFactory):
    title = "Case studies"
    slug = "case-studies"
    introduction = "Radiographers who came back, or came to the UK, in their own words."

    class Meta:
        model = models.CaseStudyIndexPage


class CaseStudyPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Case study {n}")
    search_description = "How one radiographer made the move."
    pathway = factory.SubFactory(PathwayFactory, name="Return to practice", slug="return-to-practice")
    nation = factory.SubFactory(NationFactory, name="England", slug="england")
    profession = "diagnostic"
    training_region = "uk"
    person_name = factory.Sequence(lambda n: f"Person {n}")
    role = "Band 5 diagnostic radiographer"
    quote = "The hardest part was getting started."
    story = factory.LazyFunction(lambda: rich_text("My story."))

    class Meta:
        model = models.CaseStudyPage
