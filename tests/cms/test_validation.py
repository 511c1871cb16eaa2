"""Content that would be wrong for readers is refused: blocks, review dates, resources and image alt text."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail.blocks import StructBlockValidationError
from wagtail.documents.models import Document

import pytest

from casestudies.factories import CaseStudyPageFactory
from cms.blocks import BodyBlock, ImageBlock, SourceItemBlock, StepByStepBlock
from cms.factories import GuidancePageFactory, NewsPageFactory, ResourceFactory
from cms.models import Resource
from tests.conftest import make_image

TODAY = timezone.localdate


def _block_error_messages(exc_info, field):
    errors = exc_info.value.block_errors[field]
    return " ".join(str(message) for error in errors for message in getattr(error, "messages", [error]))


# --------------------------------------------------------------------------------------------------
# Blocks
# --------------------------------------------------------------------------------------------------


def _source(**overrides):
    data = {
        "statement": "Updating required by time out of practice",
        "source_title": "HCPC: Returning to practice",
        "source_url": "https://www.hcpc-uk.org/registration/returning-to-practice/",
        "last_checked": (TODAY() - datetime.timedelta(days=3)).isoformat(),
    }
    data.update(overrides)
    block = SourceItemBlock()
    return block, block.to_python(data)


def test_source_block_accepts_an_https_source_checked_in_the_past():
    block, value = _source()
    cleaned = block.clean(value)
    assert cleaned["source_url"] == "https://www.hcpc-uk.org/registration/returning-to-practice/"


def test_source_block_accepts_a_source_checked_today():
    block, value = _source(last_checked=TODAY().isoformat())
    assert block.clean(value)["last_checked"] == TODAY()


def test_source_block_rejects_a_last_checked_date_in_the_future():
    block, value = _source(last_checked=(TODAY() + datetime.timedelta(days=1)).isoformat())
    with pytest.raises(StructBlockValidationError) as exc_info:
        block.clean(value)
    assert "future" in _block_error_messages(exc_info, "last_checked")


@pytest.mark.parametrize("url", ["http://www.hcpc-uk.org/registration/", "HTTP://www.hcpc-uk.org/"])
def test_source_block_rejects_an_address_that_is_not_https(url):
    block, value = _source(source_url=url)
    with pytest.raises(StructBlockValidationError) as exc_info:
        block.clean(value)
    assert "https" in _block_error_messages(exc_info, "source_url")


def test_source_block_rejects_a_non_web_address():
    block, value = _source(source_url="javascript:alert(1)")
    with pytest.raises((StructBlockValidationError, ValidationError)):
        block.clean(value)


@pytest.mark.django_db
def test_image_block_needs_alt_text_unless_decorative():
    image = make_image()
    block = ImageBlock()

    for alt_text in ("", "   "):
        value = block.to_python({"image": image.pk, "alt_text": alt_text, "decorative": False, "caption": ""})
        with pytest.raises(StructBlockValidationError) as exc_info:
            block.clean(value)
        assert "Describe the image" in _block_error_messages(exc_info, "alt_text")

    described = block.to_python(
        {"image": image.pk, "alt_text": "A chest X-ray on a light box", "decorative": False, "caption": ""}
    )
    assert block.clean(described)["alt_text"] == "A chest X-ray on a light box"

    decorative = block.to_python({"image": image.pk, "alt_text": "", "decorative": True, "caption": ""})
    assert block.clean(decorative)["decorative"] is True


def _steps(*titles):
    block = StepByStepBlock()
    value = block.to_python(
        {
            "heading": "How to apply for readmission",
            "steps": [{"title": title, "body": "<p>Do this.</p>"} for title in titles],
        }
    )
    return block, value


def test_step_by_step_block_accepts_distinct_step_titles():
    block, value = _steps("Work out your days", "Complete your updating", "Send the form")
    cleaned = block.clean(value)
    assert [step["title"] for step in cleaned["steps"]] == [
        "Work out your days",
        "Complete your updating",
        "Send the form",
    ]


@pytest.mark.parametrize(
    "titles",
    [
        ("Send the form", "Send the form"),
        ("Send the form", "Complete your updating", "send the form "),
    ],
)
def test_step_by_step_block_rejects_duplicate_step_titles(titles):
    block, value = _steps(*titles)
    with pytest.raises(StructBlockValidationError) as exc_info:
        block.clean(value)
    assert "same title" in _block_error_messages(exc_info, "steps")


def test_step_by_step_block_needs_at_least_two_steps():
    block, value = _steps("Only one step")
    with pytest.raises(ValidationError):
        block.clean(value)


# --------------------------------------------------------------------------------------------------
# Review dates (ReviewMixin, on guidance and standard pages)
# --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_last_reviewed_cannot_be_in_the_future(rtp_hub):
    page = GuidancePageFactory(parent=rtp_hub)
    page.last_reviewed = TODAY() + datetime.timedelta(days=1)
    page.next_review_due = TODAY() + datetime.timedelta(days=400)
    with pytest.raises(ValidationError) as exc_info:
        page.full_clean()
    assert "last_reviewed" in exc_info.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("days_after_review", [0, -1, -200])
def test_next_review_must_come_after_the_last_review(rtp_hub, days_after_review):
    page = GuidancePageFactory(parent=rtp_hub)
    page.last_reviewed = TODAY() - datetime.timedelta(days=30)
    page.next_review_due = page.last_reviewed + datetime.timedelta(days=days_after_review)
    with pytest.raises(ValidationError) as exc_info:
        page.full_clean()
    assert "next_review_due" in exc_info.value.message_dict


@pytest.mark.django_db
def test_a_review_today_with_a_later_due_date_is_accepted(rtp_hub):
    page = GuidancePageFactory(parent=rtp_hub)
    page.last_reviewed = TODAY()
    page.next_review_due = TODAY() + datetime.timedelta(days=1)
    page.full_clean()


@pytest.mark.django_db
def test_next_review_defaults_to_a_year_after_the_last_review(rtp_hub):
    page = GuidancePageFactory(parent=rtp_hub)
    page.last_reviewed = TODAY() - datetime.timedelta(days=10)
    page.next_review_due = None
    page.full_clean()
    assert page.next_review_due == page.last_reviewed + datetime.timedelta(days=365)


@pytest.mark.django_db
def test_saving_a_page_with_a_future_review_date_is_refused(rtp_hub):
    with pytest.raises(ValidationError):
        GuidancePageFactory(parent=rtp_hub, last_reviewed=TODAY() + datetime.timedelta(days=5))


# --------------------------------------------------------------------------------------------------
# Resources: exactly one place they live, and a secure address
# --------------------------------------------------------------------------------------------------


def _resource(**links):
    fields = {"title": "Induction checklist", "summary": "A checklist.", "resource_type": "checklist"}
    fields["provider"] = "SoR"
    return Resource(**fields, **links)


@pytest.mark.django_db
def test_resource_needs_a_page_a_document_or_an_address(home_page):
    with pytest.raises(ValidationError) as exc_info:
        _resource().full_clean()
    assert "Choose exactly one" in " ".join(exc_info.value.message_dict["link_url"])


@pytest.mark.django_db
def test_resource_refuses_more_than_one_place(home_page):
    document = Document.objects.create(title="Checklist")
    combinations = [
        {"link_page": home_page, "link_url": "https://www.sor.org/checklist"},
        {"link_document": document, "link_url": "https://www.sor.org/checklist"},
        {"link_page": home_page, "link_document": document},
    ]
    for links in combinations:
        with pytest.raises(ValidationError) as exc_info:
            _resource(**links).full_clean()
        assert "link_url" in exc_info.value.message_dict, links


@pytest.mark.django_db
def test_resource_accepts_exactly_one_place(home_page):
    document = Document.objects.create(title="Checklist")
    for links in (
        {"link_page": home_page},
        {"link_document": document},
        {"link_url": "https://www.sor.org/x"},
    ):
        _resource(**links).full_clean()


@pytest.mark.django_db
def test_resource_refuses_an_insecure_external_address():
    with pytest.raises(ValidationError) as exc_info:
        _resource(link_url="http://www.sor.org/checklist").full_clean()
    assert "https" in " ".join(exc_info.value.message_dict["link_url"])


@pytest.mark.django_db
def test_resource_href_follows_where_it_lives(home_page):
    assert ResourceFactory(link_url="https://www.sor.org/webinar").href == "https://www.sor.org/webinar"
    assert ResourceFactory(link_url="", link_page=home_page).href == "/"


# --------------------------------------------------------------------------------------------------
# Alt text on news and case study images
# --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("alt_text", ["", "   "])
def test_news_image_needs_alt_text(news_index, alt_text):
    page = NewsPageFactory(parent=news_index)
    page.image = make_image()
    page.image_alt_text = alt_text
    with pytest.raises(ValidationError) as exc_info:
        page.full_clean()
    assert "image_alt_text" in exc_info.value.message_dict


@pytest.mark.django_db
def test_news_without_image_needs_no_alt_text_and_with_alt_text_is_valid(news_index):
    page = NewsPageFactory(parent=news_index)
    page.full_clean()
    page.image = make_image()
    page.image_alt_text = "Delegates at the SoR annual conference"
    page.full_clean()


@pytest.mark.django_db
def test_saving_news_with_an_undescribed_image_is_refused(news_index):
    with pytest.raises(ValidationError):
        NewsPageFactory(parent=news_index, image=make_image(), image_alt_text="")


@pytest.mark.django_db
@pytest.mark.parametrize("alt_text", ["", "  "])
def test_case_study_photo_needs_alt_text(case_study_index, alt_text):
    page = CaseStudyPageFactory(parent=case_study_index)
    page.photo = make_image()
    page.photo_alt_text = alt_text
    with pytest.raises(ValidationError) as exc_info:
        page.full_clean()
    assert "photo_alt_text" in exc_info.value.message_dict

    page.photo_alt_text = "Kwame at the MRI scanner"
    page.full_clean()


@pytest.mark.django_db
def test_case_study_years_out_over_fifty_is_refused(case_study_index):
    page = CaseStudyPageFactory(parent=case_study_index)
    page.years_out = 51
    with pytest.raises(ValidationError) as exc_info:
        page.full_clean()
    assert "years_out" in exc_info.value.message_dict


def _item(url: str, title: str = "HCPC: Returning to practice") -> dict:
    return {
        "statement": "",
        "source_title": title,
        "source_url": url,
        "last_checked": (TODAY() - datetime.timedelta(days=3)).isoformat(),
    }


def _body(*blocks: dict):
    block = BodyBlock()
    return block, block.to_python(list(blocks))


TEXT = {"type": "rich_text", "value": "<p>Thirty days of updating.</p>"}


def _sources(*urls: str) -> dict:
    return {"type": "sources", "value": {"heading": "Sources", "items": [_item(url) for url in urls]}}


def test_a_body_takes_one_sources_list_at_its_end():
    block, value = _body(TEXT, _sources("https://www.hcpc-uk.org/a/", "https://www.gov.uk/b"))
    cleaned = block.clean(value)
    assert [child.block_type for child in cleaned] == ["rich_text", "sources"]
    assert [item["source_url"] for item in cleaned[1].value["items"]] == [
        "https://www.hcpc-uk.org/a/",
        "https://www.gov.uk/b",
    ]


def test_a_second_sources_list_is_refused_with_a_message_saying_what_to_do():
    block, value = _body(_sources("https://www.hcpc-uk.org/a/"), TEXT, _sources("https://www.gov.uk/b"))
    with pytest.raises(ValidationError) as exc_info:
        block.clean(value)
    assert "one Sources list" in str(exc_info.value.as_json_data())


def test_a_sources_list_that_is_not_last_is_refused():
    block, value = _body(_sources("https://www.hcpc-uk.org/a/"), TEXT)
    with pytest.raises(ValidationError) as exc_info:
        block.clean(value)
    assert "at the end of the page" in str(exc_info.value.as_json_data())


def test_the_same_address_twice_in_a_sources_list_is_refused():
    block, value = _body(TEXT, _sources("https://www.hcpc-uk.org/a/", "https://www.hcpc-uk.org/a"))
    with pytest.raises(ValidationError) as exc_info:
        block.clean(value)
    assert "listed twice" in str(exc_info.value.as_json_data())


def test_a_source_in_the_list_is_checked_like_any_source():
    block, value = _body(TEXT, _sources("http://www.hcpc-uk.org/a/"))
    with pytest.raises(ValidationError) as exc_info:
        block.clean(value)
    assert "https" in str(exc_info.value.as_json_data())
