"""Editors manage steps, their conditions, countries and nation support in the Wagtail admin, without code."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from pathways import models
from pathways.factories import CountryFactory, PathwayStepFactory
from tests.conftest import mfa_login, visible_text

pytestmark = pytest.mark.django_db


def test_the_pathway_finder_menu_lists_steps_countries_and_nation_support(
    client, editor_user, steps, countries
):
    mfa_login(client, editor_user)
    dashboard = client.get("/admin/")
    assert "Pathway finder" in dashboard.content.decode()
    for model in ("pathwaystep", "country", "nationsupport"):
        response = client.get(reverse(f"wagtailsnippets_pathways_{model}:list"))
        assert response.status_code == 200, model
    assert "Work out your updating" in visible_text(
        client.get(reverse("wagtailsnippets_pathways_pathwaystep:list"))
    )
    assert "Nigeria" in visible_text(client.get(reverse("wagtailsnippets_pathways_country:list")))


@pytest.mark.parametrize(
    ("model", "query", "found"), [("pathwaystep", "IELTS", None), ("country", "Nigeria", "Nigeria")]
)
@pytest.mark.parametrize("ordering", ["", "name", "title", "sort_order", "-sort_order"])
def test_an_editor_can_search_the_steps_and_countries(
    client, editor_user, steps, countries, model, query, found, ordering
):
    """The admin's search box on these listings answered 500: it searched a field the search index does
    not hold (a country's code) or sorted by one it cannot sort on (a step's order)."""
    mfa_login(client, editor_user)
    for path in ("list", "list_results"):
        response = client.get(
            reverse(f"wagtailsnippets_pathways_{model}:{path}"), {"q": query, "ordering": ordering}
        )
        assert response.status_code == 200, path
        if found:
            assert found in visible_text(response)


STEP_FORM = {
    "title": "Book your IELTS test",
    "body": '{"blocks":[{"key":"a","text":"Book early.","type":"unstyled","depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
    "sort_order": "15",
    "pathway": "ir",
    "profession": "any",
    "uk_qualified": "no",
    "ever_registered": "any",
    "updating_required": "any",
    "practised_abroad": "any",
    "job_offer": "any",
    "country_status": "any",
}


def test_an_editor_drafts_a_step_with_conditions_and_a_moderator_publishes_it(
    client, editor_user, moderator_user, taxonomy
):
    mfa_login(client, editor_user)
    response = client.post(
        reverse("wagtailsnippets_pathways_pathwaystep:add"), {**STEP_FORM, "nations": [taxonomy.scotland.pk]}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    step = models.PathwayStep.objects.get(title="Book your IELTS test")
    assert not step.live  # editors draft; moderators publish
    assert (step.pathway, step.uk_qualified) == ("ir", "no")
    assert list(step.nations.all()) == [taxonomy.scotland]
    mfa_login(client, moderator_user)
    response = client.post(
        reverse("wagtailsnippets_pathways_pathwaystep:edit", args=[step.pk]),
        {**STEP_FORM, "nations": [taxonomy.scotland.pk], "action-publish": "publish"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    step.refresh_from_db()
    assert step.live


def test_an_ordinary_user_cannot_reach_the_snippets(client, pw_user):
    client.force_login(pw_user)
    response = client.get(reverse("wagtailsnippets_pathways_pathwaystep:list"))
    assert response.status_code in (302, 403)


def test_plans_and_logs_are_not_in_the_admin():
    from wagtail.snippets.models import get_snippet_models

    registered = set(get_snippet_models())
    assert {models.PathwayStep, models.Country, models.NationSupport} <= registered
    assert not registered & {models.SavedPlan, models.StepTick, models.UpdatingLog, models.UpdatingActivity}


def test_editors_and_moderators_have_the_finders_permissions():
    from django.contrib.auth.models import Group

    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    moderators = set(Group.objects.get(name="Moderators").permissions.values_list("codename", flat=True))
    assert {"add_pathwaystep", "change_pathwaystep", "change_country", "change_nationsupport"} <= editors
    assert "delete_pathwaystep" not in editors
    assert {"delete_pathwaystep", "publish_pathwaystep", "delete_country"} <= moderators
    assert not any("savedplan" in code or "updating" in code for code in editors | moderators)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"code": "gb"}, "code"),
        ({"code": "N1"}, "code"),
        ({"recruitment_status": "amber", "government_agreement": False}, "government_agreement"),
        ({"source_url": "http://example.org/"}, "source_url"),
    ],
)
def test_country_validation(db, values, field):
    country = CountryFactory.build(name="Testland", **{"code": "TL", **values})
    with pytest.raises(ValidationError) as error:
        country.full_clean()
    assert field in error.value.message_dict


def test_step_years_range_must_make_sense(db):
    step = PathwayStepFactory.build(years_out_min=5, years_out_below=2, pathway="rtp")
    with pytest.raises(ValidationError) as error:
        step.full_clean()
    assert "years_out_below" in error.value.message_dict
    step = PathwayStepFactory.build(years_out_min=2, pathway="ir")
    with pytest.raises(ValidationError):
        step.full_clean()


def test_finder_page_lives_under_the_home_page_only(home_page, finder):
    from cms.models import HubPage

    assert not models.PathwayFinderPage.can_create_at(home_page)  # max_count 1: it exists already
    assert models.PathwayFinderPage.parent_page_types == ["cms.HomePage"]
    assert not models.PathwayFinderPage.can_exist_under(HubPage())
