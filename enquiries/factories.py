"""factory_boy factories for casework: teams, routing rules, advisers and team leads (users with their
profile, team membership, workspace group and, for the admin's second factor, an authenticator app),
canned responses, enquiries and their messages.

They live in the app, beside cms.factories and pathways.factories, so that tests of any app (and, in
time, the casework demo) build staff and enquiries one way. An EnquiryFactory row is made directly, with
no events, deadline or email: a test of the workflow submits through services.enquiry_submit (the
`submit` fixture in tests/enquiries/conftest.py) instead.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify

import factory
from factory.django import DjangoModelFactory

from cms.factories import NationFactory, TopicFactory

from . import models
from .selectors import ADVISERS_GROUP, TEAM_LEADS_GROUP

#: The password every factory-made member of staff has (tests sign in with it).
STAFF_PASSWORD = "x-long-password-1"  # noqa: S105 - a test and demo password, not a secret


class TeamFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))

    class Meta:
        model = models.Team
        django_get_or_create = ("slug",)


class RoutingRuleFactory(DjangoModelFactory):
    """A rule sending enquiries that match its pathway, nation and topic (any where empty) to its team."""

    order = factory.Sequence(lambda n: 10 + n)
    name = factory.LazyAttribute(lambda o: f"To {o.team.name}")
    team = factory.SubFactory(TeamFactory)

    class Meta:
        model = models.RoutingRule


class AdviserFactory(DjangoModelFactory):
    """A member of staff who takes enquiries for `team` (None: no team).

    Extra keyword arguments: `team`, `capacity` and `away` (their AdviserProfile), `is_lead` (team lead
    of `team`), `totp` (an authenticator app, which the Wagtail admin requires). `groups` names the
    workspace groups they are in: by default Advisers, or Team leads for a lead; `groups=()` for none
    (someone the workspace must refuse)."""

    email = factory.Sequence(lambda n: f"adviser{n}@sor.example")
    first_name = "Ada"
    is_staff = True
    password = factory.django.Password(STAFF_PASSWORD)

    @classmethod
    def _staff_defaults(cls) -> dict:
        """Defaults of the extra keyword arguments (a subclass changes them)."""
        return {"team": None, "capacity": 20, "away": False, "is_lead": False, "totp": True, "groups": None}

    class Meta:
        model = get_user_model()

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Not factory_boy Params: the profile, membership, groups and authenticator need them after the
        # user is saved, and post-generation hooks do not see Params.
        extra = {name: kwargs.pop(name, default) for name, default in cls._staff_defaults().items()}
        user = super()._create(model_class, *args, **kwargs)
        models.AdviserProfile.objects.create(user=user, capacity=extra["capacity"], is_away=extra["away"])
        if extra["team"] is not None:
            models.TeamMembership.objects.create(team=extra["team"], user=user, is_lead=extra["is_lead"])
        groups = extra["groups"]
        if groups is None:
            groups = (TEAM_LEADS_GROUP if extra["is_lead"] else ADVISERS_GROUP,)
        user.groups.add(*Group.objects.filter(name__in=groups))
        if extra["totp"]:
            from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

            TOTP.activate(user, generate_totp_secret())
        return user


class TeamLeadFactory(AdviserFactory):
    """A team lead: leads `team` and is in the Team leads group. Like any adviser they take enquiries
    unless given `capacity=0`."""

    @classmethod
    def _staff_defaults(cls) -> dict:
        return {**super()._staff_defaults(), "is_lead": True}


class CannedResponseFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Canned response {n}")
    body = "You need 30 updating days before you apply to rejoin the register."
    team = None

    class Meta:
        model = models.CannedResponse


class EnquiryFactory(DjangoModelFactory):
    """An enquiry row as stored, made directly (no events, deadline or email; see the module's note)."""

    who = models.Enquiry.Who.RETURNING
    nation = factory.SubFactory(NationFactory, name="England", slug="england")
    topic = factory.SubFactory(TopicFactory, name="HCPC registration", slug="hcpc-registration")
    profession = models.Enquiry.Profession.DIAGNOSTIC
    subject = "How many updating days do I need?"
    name = "Sam Returner"
    email = factory.Sequence(lambda n: f"enquirer{n}@example.org")
    consent_at = factory.LazyFunction(timezone.now)
    privacy_notice_version = factory.LazyFunction(
        lambda: getattr(settings, "PRIVACY_NOTICE_VERSION", "2026-11")
    )

    class Meta:
        model = models.Enquiry


class MessageFactory(DjangoModelFactory):
    enquiry = factory.SubFactory(EnquiryFactory)
    kind = models.Message.Kind.INBOUND
    body = "I left the register in 2019."

    class Meta:
        model = models.Message
