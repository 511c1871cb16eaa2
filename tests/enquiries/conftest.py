"""Fixtures for the enquiries core: taxonomy, teams with advisers, routing rules, a submit helper."""

import itertools

from django.test import Client

import pytest

from cms.factories import NationFactory, PathwayFactory, TopicFactory
from enquiries.factories import AdviserFactory, RoutingRuleFactory, TeamFactory

_keys = itertools.count(1)


@pytest.fixture
def nations(db):
    return {
        slug: NationFactory(name=name, slug=slug, holiday_subdivision=code)
        for slug, name, code in [
            ("england", "England", "ENG"),
            ("scotland", "Scotland", "SCT"),
            ("wales", "Wales", "WLS"),
            ("northern-ireland", "Northern Ireland", "NIR"),
        ]
    }


@pytest.fixture
def pathways(db):
    return {
        "rtp": PathwayFactory(name="Return to practice", slug="return-to-practice"),
        "ir": PathwayFactory(name="International recruitment", slug="international-recruitment"),
    }


@pytest.fixture
def topics(db):
    return {
        "funding": TopicFactory(name="Funding", slug="funding"),
        "hcpc": TopicFactory(name="HCPC registration", slug="hcpc-registration"),
    }


def make_adviser(email, team, *, capacity=20, is_lead=False, away=False, totp=False):
    """A member of staff of `team` in no workspace group (AdviserFactory, as tests of other apps have
    called it). With `totp`, they have an authenticator app, so that
    `tests.conftest.mfa_login(client, adviser)` gives a session with its second factor. New tests use
    enquiries.factories directly."""
    return AdviserFactory(
        email=email, team=team, capacity=capacity, is_lead=is_lead, away=away, totp=totp, groups=()
    )


@pytest.fixture
def teams(db, nations, pathways):
    rtp_england = TeamFactory(name="RtP England", slug="rtp-england")
    rtp_devolved = TeamFactory(name="RtP Scotland, Wales and NI", slug="rtp-devolved")
    ir = TeamFactory(name="International recruitment", slug="ir", is_fallback=True)
    RoutingRuleFactory(
        order=10, name="RtP England", pathway=pathways["rtp"], nation=nations["england"], team=rtp_england
    )
    for order, slug in enumerate(["scotland", "wales", "northern-ireland"], start=20):
        RoutingRuleFactory(
            order=order, name=f"RtP {slug}", pathway=pathways["rtp"], nation=nations[slug], team=rtp_devolved
        )
    RoutingRuleFactory(order=50, name="IR", pathway=pathways["ir"], team=ir)
    return {"rtp_england": rtp_england, "rtp_devolved": rtp_devolved, "ir": ir}


@pytest.fixture
def form_data(nations, pathways, topics):
    def build(**overrides):
        data = {
            "who": "returning",
            "pathway": pathways["rtp"],
            "nation": nations["england"],
            "profession": "diagnostic",
            "topic": topics["hcpc"],
            "hcpc_number": "",
            "subject": "How many updating days do I need?",
            "name": "Sam Returner",
            "email": "sam@example.org",
        }
        data.update(overrides)
        return data

    return build


@pytest.fixture
def submit(form_data, django_capture_on_commit_callbacks):
    from enquiries.services import enquiry_submit

    def do(key=None, body="I left the register in 2019.", files=(), **overrides):
        with django_capture_on_commit_callbacks(execute=True):
            enquiry, _ = enquiry_submit(
                **form_data(**overrides),
                body=body,
                submission_key=key or f"key-{next(_keys)}",
                files=files,
            )
        return enquiry

    return do


class WebhookClient(Client):
    """Posts as the provider does; what a webhook queues after its transaction commits runs at once."""

    def __init__(self, capture, **kwargs):
        super().__init__(**kwargs)
        self.capture = capture

    def post(self, *args, **kwargs):
        with self.capture(execute=True):
            return super().post(*args, **kwargs)
