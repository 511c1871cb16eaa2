"""Snippet choosers answer only those who may see the model's own admin listing.

Wagtail registers a chooser (/admin/snippets/choose/<app>/<model>/: the modal, its results, the
"chosen" answer for one or several ids, and the creation form) for every snippet. Out of the box
those views check no permission, so any member of staff (an editor) could list the suppressed
addresses, the team members or the advisers' capacity through them. Each enquiries model's chooser
now asks for the same permission as its listing; the content apps' choosers (taxonomy, resources,
pathway finder content) hold no personal data and stay open to every editor.
"""

from __future__ import annotations

import json

from django.test import Client

from wagtail.admin.viewsets import viewsets
from wagtail.snippets.views.chooser import SnippetChooserViewSet

import pytest

from enquiries.models import (
    AdviserProfile,
    CannedResponse,
    ReportingLead,
    RoutingRule,
    Suppression,
    TeamMembership,
)
from enquiries.selectors import TEAM_LEADS_GROUP
from portal import privacy
from portal.models import User
from tests.conftest import mfa_login
from tests.enquiries import conftest as enquiry_fixtures
from tests.enquiries.conftest import make_adviser
from tests.enquiries.test_workspace import staff

pytestmark = pytest.mark.django_db

nations, pathways, topics, teams = (
    enquiry_fixtures.nations,
    enquiry_fixtures.pathways,
    enquiry_fixtures.topics,
    enquiry_fixtures.teams,
)

SECRET_ADDRESS = "hidden.person@example.org"

#: Every enquiries model with a snippet chooser -> who may use it (as its listing allows).
ALLOWED = {
    "cannedresponse": "adviser",  # advisers read canned responses
    "team": "lead",
    "routingrule": "lead",
    "teammembership": "lead",
    "adviserprofile": "lead",
    "suppression": "lead",
    "reportinglead": "superuser",  # no group has these permissions
}
#: Who may not, for each of them (an editor never may).
REFUSED = {
    "cannedresponse": ["editor", "moderator"],
    "team": ["editor", "moderator", "adviser"],
    "routingrule": ["editor", "moderator", "adviser"],
    "teammembership": ["editor", "moderator", "adviser"],
    "adviserprofile": ["editor", "moderator", "adviser"],
    "suppression": ["editor", "moderator", "adviser"],
    "reportinglead": ["editor", "moderator", "adviser", "lead"],
}


@pytest.fixture
def people(teams, editor_user, moderator_user):
    adviser = make_adviser("adviser@sor.example", teams["rtp_england"])
    adviser.first_name, adviser.last_name = "Hidden", "Adviser"
    adviser.save()
    lead = make_adviser("lead@sor.example", teams["rtp_england"], is_lead=True, capacity=0)
    boss = User.objects.create_superuser(email="boss@sor.example", password="x-long-password-1")
    return {
        "editor": editor_user,
        "moderator": moderator_user,
        "adviser": staff(adviser),
        "lead": staff(lead, TEAM_LEADS_GROUP),
        "superuser": staff(boss),
    }


@pytest.fixture
def objects(people, teams):
    """One row of each model, and text of it that the chooser would show."""
    adviser = people["adviser"]
    canned = CannedResponse.objects.create(title="Hidden canned reply", body="Dear enquirer")
    suppression = Suppression.objects.create(email=SECRET_ADDRESS, reason=Suppression.Reason.BOUNCED)
    lead = ReportingLead.objects.create(user=adviser)
    return {
        "cannedresponse": (canned.pk, "Hidden canned reply"),
        "team": (teams["rtp_england"].pk, "RtP England"),
        "routingrule": (RoutingRule.objects.get(name="IR").pk, "IR"),
        "teammembership": (TeamMembership.objects.get(user=adviser).pk, "Hidden Adviser"),
        "adviserprofile": (AdviserProfile.objects.get(user=adviser).pk, "Hidden Adviser"),
        "suppression": (suppression.pk, SECRET_ADDRESS),
        "reportinglead": (lead.pk, "Hidden Adviser"),
    }


def chooser_urls(model: str, pk) -> list[str]:
    base = f"/admin/snippets/choose/enquiries/{model}/"
    return [base, f"{base}results/", f"{base}chosen/{pk}/", f"{base}chosen-multiple/?id={pk}"]


def body(response) -> str:
    """The HTML of a chooser response: the modal's JSON carries it under "html"."""
    text = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        return json.loads(text).get("html") or text
    return text


@pytest.mark.parametrize(("model", "role"), [(m, r) for m, roles in REFUSED.items() for r in roles])
def test_a_chooser_refuses_staff_who_may_not_see_the_models_listing(people, objects, model, role):
    pk, shown = objects[model]
    client = mfa_login(Client(), people[role])
    listing = client.get(f"/admin/snippets/enquiries/{model}/")
    assert listing.status_code == 302 and listing["Location"] == "/admin/"  # the listing refuses them
    for url in chooser_urls(model, pk):
        page = client.get(url)  # opened as a page: Wagtail's permission-denied redirect
        assert page.status_code == 302 and page["Location"] == "/admin/", (url, page.status_code)
        modal = client.get(url, headers={"x-requested-with": "XMLHttpRequest"})  # as the modal asks
        assert modal.status_code == 403, (url, modal.status_code)
        assert shown not in body(page) + body(modal), url
    created = client.post(
        f"/admin/snippets/choose/enquiries/{model}/create/", {"email": "new@example.org", "title": "x"}
    )
    assert created.status_code in (302, 403)
    assert not Suppression.objects.filter(email="new@example.org").exists()


@pytest.mark.parametrize("model", sorted(ALLOWED))
def test_a_chooser_answers_staff_who_may_see_the_models_listing(people, objects, model):
    pk, shown = objects[model]
    client = mfa_login(Client(), people[ALLOWED[model]])
    assert client.get(f"/admin/snippets/enquiries/{model}/").status_code == 200
    choose, results, chosen, chosen_multiple = chooser_urls(model, pk)
    xhr = {"x-requested-with": "XMLHttpRequest"}
    for url in [choose, results]:
        response = client.get(url, headers=xhr)
        assert response.status_code == 200, url
        assert shown in body(response), url
    one = client.get(chosen, headers=xhr)
    assert one.status_code == 200 and shown in json.loads(body(one))["result"]["string"]
    several = client.get(chosen_multiple, headers=xhr)
    assert several.status_code == 200 and shown in json.loads(body(several))["result"][0]["string"]


def test_every_enquiries_chooser_and_every_chooser_of_personal_data_is_covered_above():
    """A new snippet in enquiries, or a new snippet holding personal data anywhere, must be added to
    ALLOWED and REFUSED (and so be checked) here."""
    viewsets.populate()
    personal = {declaration.model for declaration in privacy.declarations()}
    choosers = [v for v in viewsets.viewsets if isinstance(v, SnippetChooserViewSet)]
    needing_checks = {
        v.model._meta.label_lower
        for v in choosers
        if v.model._meta.app_label == "enquiries" or v.model in personal
    }
    assert needing_checks == {f"enquiries.{model}" for model in ALLOWED}
    assert set(ALLOWED) == set(REFUSED)
    assert all("editor" in roles for roles in REFUSED.values())


@pytest.mark.parametrize(
    "url", ["/admin/snippets/choose/cms/topic/", "/admin/snippets/choose/pathways/country/results/"]
)
def test_the_content_choosers_hold_no_personal_data_and_stay_open_to_editors(editor_user, url):
    response = mfa_login(Client(), editor_user).get(url, headers={"x-requested-with": "XMLHttpRequest"})
    assert response.status_code == 200
