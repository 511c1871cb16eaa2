"""Every model says whether it holds personal data, and how that data is exported and anonymised.

A new model in one of the project's apps (or a new allauth model) fails here until it is declared in
its app's privacy.py: either registered as holding personal data, or declared to hold none, with a
reason. The "holds none" list cannot be used to hide an email field, a link to an account or a field
named like personal data (without a reason for that field).
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

import pytest

from enquiries.models import Enquiry, Message, OutboundEmail, Team
from pathways.models import UpdatingActivity
from portal import privacy

PROJECT_APPS = ["portal", "cms", "casestudies", "enquiries", "pathways"]
ALLAUTH_APPS = ["account", "mfa"]


def models_to_cover() -> set[type[models.Model]]:
    found = {get_user_model()}
    for label in PROJECT_APPS + ALLAUTH_APPS:
        found |= {m for m in apps.get_app_config(label).get_models() if not m._meta.abstract}
    return {m for m in found if not m._meta.proxy}


def test_every_model_is_declared_one_way_or_the_other():
    declared = {d.model for d in privacy.declarations()}
    exempt = set(privacy.exemptions())
    missing = sorted(m._meta.label for m in models_to_cover() - declared - exempt)
    assert missing == [], (
        f"Declare how these models' personal data is exported and anonymised (or that they hold none) in "
        f"their app's privacy.py: {missing}"
    )
    assert declared & exempt == set()


def test_the_models_known_to_hold_personal_data_are_registered():
    declared = {d.label for d in privacy.declarations()}
    assert {
        "portal.User",
        "account.EmailAddress",
        "mfa.Authenticator",
        "enquiries.Enquiry",
        "enquiries.Message",
        "enquiries.Attachment",
        "enquiries.Event",
        "enquiries.OutboundEmail",
        "enquiries.DeliveryEvent",
        "enquiries.Suppression",
        "enquiries.InboundEmail",
        "enquiries.SatisfactionRating",
        "enquiries.TeamMembership",
        "enquiries.AdviserProfile",
        "enquiries.ReportingLead",
        "pathways.SavedPlan",
        "pathways.StepTick",
        "pathways.UpdatingLog",
        "pathways.UpdatingActivity",
    } <= declared


def test_no_model_declared_free_of_personal_data_has_a_personal_looking_field():
    problems = {m._meta.label: privacy.exemption_problems(m) for m in privacy.exemptions()}
    assert {label: p for label, p in problems.items() if p} == {}


@pytest.mark.parametrize(
    "model, expected",
    [
        (
            Enquiry,
            ["enquiries.Enquiry.email is an email field", "enquiries.Enquiry.user links to the user model"],
        ),
        (Team, ["enquiries.Team.email is an email field"]),
        (OutboundEmail, ["enquiries.OutboundEmail.to is an email field"]),
        (
            Message,
            ["enquiries.Message.author links to the user model", "enquiries.Message.body looks personal"],
        ),
        (UpdatingActivity, ["pathways.UpdatingActivity.description looks personal"]),
    ],
)
def test_the_exemption_check_catches_a_model_that_holds_personal_data(model, expected):
    """Were any of these declared "no personal data", the check above would fail, and a field reason
    cannot excuse an email field or a link to an account."""
    pretend = privacy.NoPersonalData(
        model=model,
        reason="Pretending that this model holds no personal data at all.",
        fields={"email": "a reason that cannot excuse an email field", "user": "nor a link to an account"}
        if model is Enquiry
        else {},
    )
    problems = " | ".join(privacy.exemption_problems(model, pretend))
    for problem in expected:
        assert problem in problems


def test_a_reason_must_be_given_in_words_and_name_real_fields():
    from cms.models import Topic

    lazy = privacy.NoPersonalData(model=Topic, reason="Fine.", fields={"name": "ok", "nickname": "x y z w"})
    problems = " | ".join(privacy.exemption_problems(Topic, lazy))
    assert "say in a sentence why" in problems
    assert "cms.Topic.name looks personal" in problems
    assert "cms.Topic.description looks personal" in problems
    assert "names 'nickname', which it does not have" in problems


def test_each_declaration_finds_rows_with_one_query(db, django_assert_max_num_queries):
    subject = privacy.Subject(
        email="x@example.org", emails=frozenset({"x@example.org"}), user_ids=frozenset({1})
    )
    for declaration in privacy.declarations():
        # prefetch_related adds one query per relation, only when there are rows
        with django_assert_max_num_queries(1):
            list(declaration.rows(subject))


def test_a_model_cannot_be_declared_twice():
    with pytest.raises(ValueError, match="declared twice"):
        privacy.no_personal_data(Enquiry, reason="It is already declared as holding personal data.")
