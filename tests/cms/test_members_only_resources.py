"""Resources marked "signed-in managers only" reach Managers-group members and nobody else."""

import pytest

from cms.factories import ResourceFactory
from tests.conftest import visible_text

pytestmark = pytest.mark.django_db

PUBLIC = "Radiography workforce toolkit"
MEMBERS = "Confidential radiography staffing template"


@pytest.fixture
def two_resources(library):
    public = ResourceFactory(
        title=PUBLIC,
        summary="Radiography workforce planning for everyone.",
        link_url="https://www.sor.org/public-toolkit",
    )
    members = ResourceFactory(
        title=MEMBERS,
        summary="Radiography staffing figures for managers only.",
        link_url="https://www.sor.org/members-only-template",
        members_only=True,
    )
    return public, members


def _titles_in_library(client):
    response = client.get("/managers/")
    assert response.status_code == 200
    return visible_text(response)


def test_anonymous_reader_does_not_see_members_only_resources_in_the_library(client, two_resources):
    text = _titles_in_library(client)
    assert PUBLIC in text
    assert MEMBERS not in text


def test_ordinary_signed_in_user_does_not_see_members_only_resources(client, two_resources, user):
    client.force_login(user)
    text = _titles_in_library(client)
    assert PUBLIC in text
    assert MEMBERS not in text


def test_manager_sees_members_only_resources_in_the_library(client, two_resources, manager_user):
    client.force_login(manager_user)
    text = _titles_in_library(client)
    assert PUBLIC in text
    assert MEMBERS in text


def test_members_only_resources_cannot_be_found_by_filtering_or_searching_the_library(client, two_resources):
    response = client.get("/managers/", {"q": "staffing"})
    assert MEMBERS not in visible_text(response)
    response = client.get("/managers/", {"resource_type": "guidance"})
    assert MEMBERS not in visible_text(response)


@pytest.mark.parametrize("params", [{"q": "radiography"}, {"q": "radiography", "type": "resource"}])
def test_site_search_hides_members_only_resources_from_anonymous_readers(client, two_resources, params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    text = visible_text(response)
    assert PUBLIC in text
    assert MEMBERS not in text


@pytest.mark.parametrize("params", [{"q": "radiography"}, {"q": "radiography", "type": "resource"}])
def test_site_search_hides_members_only_resources_from_ordinary_users(client, two_resources, user, params):
    client.force_login(user)
    text = visible_text(client.get("/search/", params))
    assert PUBLIC in text
    assert MEMBERS not in text


@pytest.mark.parametrize("params", [{"q": "radiography"}, {"q": "radiography", "type": "resource"}])
def test_site_search_shows_members_only_resources_to_managers(client, two_resources, manager_user, params):
    client.force_login(manager_user)
    text = visible_text(client.get("/search/", params))
    assert PUBLIC in text
    assert MEMBERS in text


def test_resources_api_lists_only_public_live_resources(client, two_resources):
    ResourceFactory(title="Unpublished webinar recording", live=False)

    response = client.get("/api/v2/resources/")

    assert response.status_code == 200
    titles = [item["title"] for item in response.json()["items"]]
    assert titles == [PUBLIC]
    assert response.json()["meta"]["total_count"] == 1


def test_resources_api_detail_of_a_members_only_resource_is_404(client, two_resources):
    _, members = two_resources
    assert client.get(f"/api/v2/resources/{members.pk}/").status_code == 404


def test_resources_api_stays_public_only_for_a_signed_in_manager(client, two_resources, manager_user):
    client.force_login(manager_user)
    titles = [item["title"] for item in client.get("/api/v2/resources/").json()["items"]]
    assert MEMBERS not in titles


def test_sitemap_never_names_a_members_only_resource(client, two_resources):
    body = client.get("/sitemap.xml").content.decode()
    assert "members-only-template" not in body
    assert MEMBERS not in body
