"""Pictures go out as AVIF and WebP with a JPEG fallback, each at two sizes, with the text alternative
on the img: news images, images in a page body, case study photos and their cards."""

from wagtail.images.rect import Rect

import pytest

from casestudies.factories import CaseStudyPageFactory
from cms.factories import NewsPageFactory
from tests.conftest import make_image, soup

pytestmark = pytest.mark.django_db


def assert_responsive_picture(picture, alt):
    sources = {source["type"]: source["srcset"] for source in picture.find_all("source")}
    assert set(sources) == {"image/avif", "image/webp"}
    for srcset in sources.values():
        assert len(srcset.split(",")) == 2
    img = picture.find("img")
    assert img["alt"] == alt
    assert len(img["srcset"].split(",")) == 2
    assert ".jpg" in img["src"] or ".jpeg" in img["src"]
    assert img.has_attr("sizes")


def test_news_image_is_a_picture_with_avif_webp_and_two_sizes(client, news_index):
    news = NewsPageFactory(
        parent=news_index, image=make_image("Crowd"), image_alt_text="Recruits at an open day"
    )
    page = soup(client.get(news.url))
    assert_responsive_picture(page.find("main").find("picture"), "Recruits at an open day")


def test_image_in_a_body_is_a_picture(client, news_index):
    image = make_image("Scanner")
    body = [
        {
            "type": "image",
            "value": {"image": image.pk, "alt_text": "A CT scanner", "decorative": False, "caption": ""},
        }
    ]
    news = NewsPageFactory(parent=news_index, body=body)
    page = soup(client.get(news.url))
    assert_responsive_picture(page.find(class_="sor-prose").find("picture"), "A CT scanner")


def test_case_study_photo_and_its_card_are_pictures(client, case_study_index):
    study = CaseStudyPageFactory(
        parent=case_study_index, photo=make_image("Asha"), photo_alt_text="Asha smiling"
    )
    assert_responsive_picture(soup(client.get(study.url)).find("main").find("picture"), "Asha smiling")
    card = soup(client.get(case_study_index.url)).find(class_="sor-case-card")
    assert_responsive_picture(card.find("picture"), "Asha smiling")


def test_a_cards_cached_picture_follows_a_new_focal_point(client, case_study_index):
    photo = make_image("Asha")
    CaseStudyPageFactory(parent=case_study_index, photo=photo, photo_alt_text="Asha smiling")
    before = soup(client.get(case_study_index.url)).find(class_="sor-case-card").find("img")["src"]
    assert soup(client.get(case_study_index.url)).find(class_="sor-case-card").find("img")["src"] == before
    photo.set_focal_point(Rect(0, 0, 4, 4))
    photo.save()
    after = soup(client.get(case_study_index.url)).find(class_="sor-case-card").find("img")["src"]
    assert after != before
