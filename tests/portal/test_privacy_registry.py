"""Every model says whether it holds personal data, and how that data is exported and anonymised.

Every model of every installed app is checked: the project's, Django's, Wagtail's, allauth's and any
other third party's. A new model anywhere (a new app included) fails here until it is declared: either
registered as holding personal data (in its app's privacy.py, or for a third-party app in
portal/privacy/declared/), or declared to hold none, with a reason. The "holds none" list cannot be used to
hide an email field, a link to an account or a field named like personal data (without a reason for
that field).
"""

from __future__ import annotations

import inspect

from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps

from wagtail.models import RevisionMixin

import pytest
from django_tasks.base import Task

from enquiries.models import Enquiry, Message, OutboundEmail, Team
from pathways.models import UpdatingActivity
from portal import privacy


def test_every_installed_model_is_declared_one_way_or_the_other():
    missing = privacy.undeclared_models()
    assert missing == [], (
        "Declare how these models' personal data is exported and anonymised (or that they hold none, and "
        f"why): in their app's privacy.py, or in portal/privacy/declared/ for a third-party app: {missing}"
    )
    declared = {d.model for d in privacy.declarations()}
    assert declared & set(privacy.exemptions()) == set()
    concrete = {m for m in apps.get_models() if not m._meta.proxy}
    assert declared | set(privacy.exemptions()) <= concrete  # nothing stale is declared


def test_a_new_model_in_any_app_fails_the_check():
    """A model added to the project, or arriving with a third-party app (or a new version of one), is
    reported until it is declared."""
    with isolate_apps("portal", "taggit") as isolated:

        class Newsletter(models.Model):
            email = models.EmailField()

            class Meta:
                app_label = "portal"

        class TagFollower(models.Model):
            note = models.TextField()

            class Meta:
                app_label = "taggit"

        class NewsletterProxy(Newsletter):
            class Meta:
                app_label = "portal"
                proxy = True

        assert privacy.undeclared_models(isolated.get_models()) == [
            "portal.Newsletter",
            "taggit.TagFollower",
        ]


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
        "sessions.Session",
        "wagtailcore.ModelLogEntry",
        "wagtailcore.PageLogEntry",
        "wagtailcore.Revision",
        "wagtailcore.Comment",
        "wagtailcore.CommentReply",
        "wagtailcore.Page",
        "wagtailcore.TaskState",
        "wagtailusers.UserProfile",
        "wagtailadmin.FormState",
        "wagtailsearch.IndexEntry",
        "django_tasks_database.DBTaskResult",
    } <= declared


def test_every_model_linked_to_an_account_is_registered():
    """Whatever links to the user model (Wagtail's, allauth's, ours) is someone's: it must say how it is
    exported and erased."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    linked = {
        model._meta.label
        for model in apps.get_models()
        for model_field in model._meta.concrete_fields
        if model_field.is_relation and model_field.related_model is User and model_field.model is model
    }
    assert linked and linked <= {d.label for d in privacy.declarations()}


def test_no_model_declared_free_of_personal_data_has_a_personal_looking_field():
    problems = {m._meta.label: privacy.exemption_problems(m) for m in privacy.exemptions()}
    assert {label: p for label, p in problems.items() if p} == {}


def test_form_submissions_are_exempt_only_while_no_page_type_is_a_form():
    """wagtailforms.FormSubmission holds no personal data only because nothing can be submitted."""
    from wagtail.contrib.forms.models import FormMixin, FormSubmission

    assert not [m for m in apps.get_models() if issubclass(m, FormMixin)]
    assert FormSubmission in privacy.exemptions()


def test_no_model_with_personal_data_keeps_revisions():
    """A revision is a full copy of its object (wagtailcore.Revision.content), kept by Wagtail after
    the object is anonymised: revisions are only for editorial content."""
    personal = [
        d.label
        for d in privacy.declarations()
        if issubclass(d.model, RevisionMixin) and not isinstance(d, privacy.StaffWorkData)
    ]
    assert personal == []


def test_background_tasks_are_given_ids_only():
    """Task arguments are stored with their results (django_tasks_database.DBTaskResult.args_kwargs),
    which is why task results are not found by address: every task takes ids (or the site's URL)."""
    tasks = [
        obj
        for config in apps.get_app_configs()
        if config.name in {"portal", "cms", "casestudies", "enquiries", "pathways"}
        for module_name in ("tasks", "dead_letters")
        if (module := _module(f"{config.name}.{module_name}"))
        for obj in vars(module).values()
        if isinstance(obj, Task)
    ]
    assert tasks
    for task in tasks:
        for name, parameter in inspect.signature(task.func).parameters.items():
            assert name.endswith("_id") or name == "base_url", f"{task.name}({name})"
            assert parameter.annotation in (int, str, "int", "str"), f"{task.name}({name})"


def _module(name):
    import importlib

    try:
        return importlib.import_module(name)
    except ModuleNotFoundError:
        return None


def test_a_declaration_that_redacts_mentions_says_when_each_row_was_made():
    """A replayed erasure only takes addresses out of text written before the erasure."""
    for declaration in privacy.declarations():
        if declaration.mention_fields:
            assert declaration.created_field, declaration.label
            declaration.model._meta.get_field(declaration.created_field)


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
    """One query each (sessions: one to read them all, then the rows found). Declarations that look
    through the others (admin history, search index) do it with subqueries in that one query."""
    subject = privacy.Subject(
        email="x@example.org", emails=frozenset({"x@example.org"}), user_ids=frozenset({1})
    )
    for declaration in privacy.declarations():
        # prefetch_related adds one query per relation, only when there are rows
        with django_assert_max_num_queries(declaration.rows_queries):
            list(declaration.rows(subject))


def test_a_model_cannot_be_declared_twice():
    privacy.declarations()  # the declarations load on first use; this test may run first
    with pytest.raises(ValueError, match="declared twice"):
        privacy.no_personal_data(Enquiry, reason="It is already declared as holding personal data.")
