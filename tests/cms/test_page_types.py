"""Each cms page type shows its content to a reader and lives only where the content model allows."""

import datetime

from django.utils import timezone

from wagtail.models import Page

import pytest

from casestudies.factories import CaseStudyPageFactory
from casestudies.models import CaseStudyIndexPage, CaseStudyPage
from cms.factories import (
    GuidancePageFactory,
    NewsPageFactory,
    ResourceFactory,
    StandardPageFactory,
    rich_text,
    source_item,
    sources_block,
)
from cms.models import (
    GuidancePage,
    HomePage,
    HubPage,
    NewsIndexPage,
    NewsPage,
    ResourceLibraryPage,
    StandardPage,
)
from tests.conftest import (
    assert_labelled_date,
    headings,
    human_dates,
    link_hrefs,
    make_image,
    soup,
    visible_text,
)

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------------


def test_home_page_shows_hero_body_sections_news_and_case_studies(
    client, home_page, rtp_hub, ir_hub, news_index, case_study_index
):
    home_page.hero_heading = "Come back to radiography"
    home_page.hero_text = "Guidance, real stories and an adviser to ask."
    home_page.body = rich_text("Our advisers answer within five working days.")
    home_page.save()
    news = NewsPageFactory(parent=news_index, title="HCPC fees rise in April")
    story = CaseStudyPageFactory(parent=case_study_index, title="Priya came back after six years")

    response = client.get("/")

    assert response.status_code == 200
    text = visible_text(response)
    assert "Come back to radiography" in headings(response, "h1")[0]
    assert "Guidance, real stories and an adviser to ask." in text
    assert "Our advisers answer within five working days." in text
    hrefs = link_hrefs(response)
    assert rtp_hub.url in hrefs
    assert ir_hub.url in hrefs
    assert "HCPC fees rise in April" in text
    assert news.url in hrefs
    assert "Priya came back after six years" in text
    assert story.url in hrefs


def test_hub_page_shows_introduction_body_and_links_to_its_live_guidance(client, rtp_hub):
    rtp_hub.body = rich_text("Most returners need between 30 and 60 days of updating.")
    rtp_hub.save()
    first = GuidancePageFactory(parent=rtp_hub, title="How many updating days you need")
    second = GuidancePageFactory(parent=rtp_hub, title="Finding a supervisor")
    GuidancePageFactory(parent=rtp_hub, title="Unpublished draft guidance", live=False)

    response = client.get("/returning-to-practice/")

    assert response.status_code == 200
    text = visible_text(response)
    assert headings(response)[0] == "Returning to practice"
    assert "Come back to radiography after time away" in text
    assert "Most returners need between 30 and 60 days of updating." in text
    hrefs = link_hrefs(response)
    assert first.url in link_hrefs(response, "How many updating days you need")
    assert second.url in hrefs
    assert "Unpublished draft guidance" not in text


def test_guidance_page_shows_body_review_dates_and_sources(client, rtp_hub):
    today = timezone.localdate()
    reviewed = today - datetime.timedelta(days=40)
    due = today + datetime.timedelta(days=325)
    checked = today - datetime.timedelta(days=10)
    page = GuidancePageFactory(
        parent=rtp_hub,
        title="How many updating days you need",
        search_description="The days of updating HCPC asks for, by time out of practice.",
        body=[
            *rich_text("Out of practice for two to five years: 30 days of updating."),
            sources_block(
                source_item(
                    "HCPC: Returning to practice",
                    "https://www.hcpc-uk.org/registration/returning-to-practice/",
                    checked,
                    statement="Updating required by time out of practice",
                )
            ),
        ],
        last_reviewed=reviewed,
        next_review_due=due,
    )

    response = client.get(page.url)

    assert response.status_code == 200
    text = visible_text(response)
    assert headings(response)[0] == "How many updating days you need"
    assert "Out of practice for two to five years: 30 days of updating." in text
    assert_labelled_date(text, "Page last reviewed", reviewed)
    assert_labelled_date(text, "Next review due", due)
    assert "https://www.hcpc-uk.org/registration/returning-to-practice/" in link_hrefs(
        response, "HCPC: Returning to practice"
    )
    assert any(variant in text for variant in human_dates(checked)), (
        "the source's last-checked date is not shown"
    )


def test_guidance_page_summary_is_its_meta_description_and_open_graph_title(client, rtp_hub):
    page = GuidancePageFactory(
        parent=rtp_hub, title="Finding a supervisor", search_description="Who can supervise your updating."
    )

    tree = soup(client.get(page.url))

    description = tree.find("meta", attrs={"name": "description"})
    assert description is not None and description["content"] == "Who can supervise your updating."
    og_title = tree.find("meta", attrs={"property": "og:title"})
    assert og_title is not None and "Finding a supervisor" in og_title["content"]


def test_guidance_page_lists_its_sibling_guidance(client, rtp_hub):
    page = GuidancePageFactory(parent=rtp_hub, title="How many updating days you need")
    sibling = GuidancePageFactory(parent=rtp_hub, title="Finding a supervisor")

    response = client.get(page.url)

    assert sibling.url in link_hrefs(response, "Finding a supervisor")


def test_news_index_shows_introduction_and_items(client, news_index):
    news_index.introduction = "What has changed for returners and recruits."
    news_index.save()
    item = NewsPageFactory(
        parent=news_index, title="New English language rules", date=datetime.date(2025, 1, 29)
    )

    response = client.get("/news/")

    assert response.status_code == 200
    text = visible_text(response)
    assert headings(response)[0] == "News"
    assert "What has changed for returners and recruits." in text
    assert item.url in link_hrefs(response, "New English language rules")
    assert any(variant in text for variant in human_dates(datetime.date(2025, 1, 29)))


def test_news_page_shows_date_body_topics_and_image_alt_text(client, news_index, taxonomy):
    image = make_image()
    page = NewsPageFactory(
        parent=news_index,
        title="HCPC registration fees change",
        date=datetime.date(2025, 4, 29),
        body=rich_text("International scrutiny now costs more."),
        topics=[taxonomy.hcpc],
        image=image,
        image_alt_text="A radiographer at a CT scanner console",
    )

    response = client.get(page.url)

    assert response.status_code == 200
    text = visible_text(response)
    assert headings(response)[0] == "HCPC registration fees change"
    assert any(variant in text for variant in human_dates(datetime.date(2025, 4, 29)))
    assert "International scrutiny now costs more." in text
    assert "HCPC registration" in text
    alts = [img.get("alt") for img in soup(response).find_all("img")]
    assert "A radiographer at a CT scanner console" in alts


def test_standard_page_shows_title_and_body(client, home_page):
    page = StandardPageFactory(
        parent=home_page, title="Accessibility statement", body=rich_text("We aim to meet WCAG 2.2 AA.")
    )

    response = client.get("/accessibility-statement/")

    assert response.status_code == 200
    assert headings(response)[0] == "Accessibility statement"
    assert "We aim to meet WCAG 2.2 AA." in visible_text(response)
    assert page.url == "/accessibility-statement/"


def test_resource_library_shows_introduction_and_resources_with_their_links(client, library, taxonomy):
    resource = ResourceFactory(
        title="Preceptorship toolkit for international recruits",
        summary="How to plan the first year for a newly arrived radiographer.",
        resource_type="toolkit",
        provider="NHS Employers",
        link_url="https://www.nhsemployers.org/preceptorship-toolkit",
        audiences=[taxonomy.manager],
    )
    ResourceFactory(title="Draft checklist nobody should see", live=False)

    response = client.get("/managers/")

    assert response.status_code == 200
    text = visible_text(response)
    assert headings(response)[0] == "Managers"
    assert "Resources for managers who support returners and international recruits." in text
    assert resource.link_url in link_hrefs(response, "Preceptorship toolkit for international recruits")
    assert "How to plan the first year for a newly arrived radiographer." in text
    assert "NHS Employers" in text
    assert "Toolkit" in text
    assert "Draft checklist nobody should see" not in text


def test_case_study_index_shows_introduction_and_case_studies(client, case_study_index, taxonomy):
    story = CaseStudyPageFactory(
        parent=case_study_index, title="From Lagos to Leeds", pathway=taxonomy.ir, nation=taxonomy.england
    )

    response = client.get("/case-studies/")

    assert response.status_code == 200
    text = visible_text(response)
    assert headings(response)[0] == "Case studies"
    assert "Radiographers who came back, or came to the UK, in their own words." in text
    assert story.url in link_hrefs(response, "From Lagos to Leeds")


def test_case_study_page_shows_quote_story_facets_and_photo_alt(client, case_study_index, taxonomy):
    page = CaseStudyPageFactory(
        parent=case_study_index,
        title="Back in CT after six years",
        pathway=taxonomy.rtp,
        profession="therapeutic",
        nation=taxonomy.scotland,
        region="Highlands",
        training_region="south-asia",
        training_country="India",
        years_out=6,
        employer_type="nhs",
        person_name="Priya",
        role="Band 6 therapeutic radiographer",
        quote="Asking for help early made all the difference.",
        story=rich_text("I found a supervisor through my old department."),
        photo=make_image(),
        photo_alt_text="Priya standing beside a linear accelerator",
    )

    response = client.get(page.url)

    assert response.status_code == 200
    text = visible_text(response)
    assert headings(response)[0] == "Back in CT after six years"
    assert "Asking for help early made all the difference." in text
    assert "I found a supervisor through my old department." in text
    assert "Priya" in text
    assert "Band 6 therapeutic radiographer" in text
    for facet in ("Return to practice", "Therapeutic radiography", "Scotland", "Highlands", "India"):
        assert facet in text, f"facet {facet!r} not shown"
    assert "6 years" in text
    alts = [img.get("alt") for img in soup(response).find_all("img")]
    assert "Priya standing beside a linear accelerator" in alts


def test_draft_pages_are_not_served_to_the_public(client, rtp_hub):
    draft = GuidancePageFactory(parent=rtp_hub, title="Not ready yet", slug="not-ready-yet", live=False)

    response = client.get("/returning-to-practice/not-ready-yet/")

    assert response.status_code == 404
    assert draft.title not in visible_text(response)


# --------------------------------------------------------------------------------------------------
# Where each page type may live
# --------------------------------------------------------------------------------------------------


def test_home_page_lives_only_at_the_root_and_only_once(home_page, rtp_hub):
    root = Page.get_first_root_node()
    assert HomePage.max_count == 1
    assert not HomePage.can_create_at(root), "a second home page can be created"
    assert not HomePage.can_exist_under(rtp_hub)


def test_hub_pages_live_only_under_home(home_page, rtp_hub, library, news_index):
    assert HubPage.can_create_at(home_page)
    assert not HubPage.can_create_at(rtp_hub)
    assert not HubPage.can_create_at(library)
    assert not HubPage.can_create_at(news_index)


def test_guidance_lives_under_hubs_and_the_library_only(
    home_page, rtp_hub, library, news_index, case_study_index
):
    assert GuidancePage.can_create_at(rtp_hub)
    assert GuidancePage.can_create_at(library)
    assert not GuidancePage.can_create_at(home_page)
    assert not GuidancePage.can_create_at(news_index)
    assert not GuidancePage.can_create_at(case_study_index)
    guidance = GuidancePageFactory(parent=rtp_hub)
    assert not GuidancePage.can_create_at(guidance)
    assert guidance.specific_class.allowed_subpage_models() == []


def test_news_lives_only_under_the_news_index(home_page, rtp_hub, news_index):
    assert NewsPage.can_create_at(news_index)
    assert not NewsPage.can_create_at(home_page)
    assert not NewsPage.can_create_at(rtp_hub)
    assert NewsIndexPage.allowed_subpage_models() == [NewsPage]
    assert not NewsPage.allowed_subpage_models()


def test_news_index_library_and_case_study_index_are_singletons(
    home_page, library, news_index, case_study_index
):
    for model in (NewsIndexPage, ResourceLibraryPage, CaseStudyIndexPage):
        assert model.max_count == 1
        assert model.can_exist_under(home_page)
        assert not model.can_create_at(home_page), f"a second {model.__name__} can be created"


def test_singletons_can_be_created_under_home_when_absent(home_page):
    for model in (NewsIndexPage, ResourceLibraryPage, CaseStudyIndexPage, HubPage, StandardPage):
        assert model.can_create_at(home_page), f"{model.__name__} cannot be created under home"


def test_standard_pages_live_under_home_hubs_and_each_other_only(
    home_page, rtp_hub, news_index, case_study_index
):
    page = StandardPageFactory(parent=home_page)
    assert StandardPage.can_create_at(home_page)
    assert StandardPage.can_create_at(rtp_hub)
    assert StandardPage.can_create_at(page)
    assert not StandardPage.can_create_at(news_index)
    assert not StandardPage.can_create_at(case_study_index)


def test_case_studies_live_only_under_the_case_study_index(home_page, rtp_hub, news_index, case_study_index):
    assert CaseStudyPage.can_create_at(case_study_index)
    assert not CaseStudyPage.can_create_at(home_page)
    assert not CaseStudyPage.can_create_at(rtp_hub)
    assert not CaseStudyPage.can_create_at(news_index)
    assert CaseStudyIndexPage.allowed_subpage_models() == [CaseStudyPage]
    assert not CaseStudyPage.allowed_subpage_models()
    assert not CaseStudyIndexPage.can_exist_under(rtp_hub)
