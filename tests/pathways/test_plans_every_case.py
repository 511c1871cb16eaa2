"""Every plan is personal (issue 11, part 2), checked as an outside reader would: the whole demo is seeded
(guidance pages included), the finder is walked with real form posts for each pathway x nation x
profession x job offer, and the plan page must show nothing of the other pathway: no step, contact,
scheme, source or guidance page. A returner's plan states their own figure, never "30 or 60".
"""

from __future__ import annotations

import datetime
import itertools
import re

import pytest

from pathways import models, rules, services
from pathways.views import ANSWERS_KEY
from tests.conftest import demo_seeded, soup, visible_text
from tests.pathways.helpers import today

pytestmark = pytest.mark.django_db

NATIONS = ["england", "scotland", "wales", "northern-ireland"]
PROFESSIONS = ["diagnostic", "therapeutic"]
JOB_OFFER = ["no", "yes"]
CASES = list(itertools.product(NATIONS, PROFESSIONS, JOB_OFFER))

# Words that belong to one pathway only, as a reader of the other would notice them.
RETURNER_ONLY = [
    "return to practice",
    "returner",
    "HEIW",
    "bursary",
    "readmission",
    "updating",
    "hee.nhs.uk/our-work/return-practice",
    "hee.nhs.uk/our-work/attracting-recruiting/helping-allied-health-professionals",
    "heiw.nhs.wales",
    "careers.nhs.scot",
    "/returning-to-practice/",
]
RECRUIT_ONLY = [
    "visa",
    "Certificate of Sponsorship",
    "UK ENIC",
    "scrutiny fee",
    "international",
    "red-list",
    "/international-recruitment/",
    "gov.uk/health-care-worker-visa",
]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_seeded(django_db_blocker, tmp_path_factory):
        yield models.PathwayFinderPage.objects.get().url


def dates(prefix: str, day: datetime.date, with_day: bool = True) -> dict:
    data = {f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}
    if with_day:
        data[f"{prefix}_day"] = str(day.day)
    return data


def walk(client, finder_url, *, pathway, nation, profession, job_offer, years_out=6):
    """The six questions answered through their forms, then the plan page."""
    url = finder_url + "questions/"
    if pathway == "rtp":
        qualification = {"qualified_in": "uk"}
        registration = {
            "ever_registered": "yes",
            **dates("last_practised", rules.add_years(today(), -years_out)),
        }
    else:
        qualification = {"qualified_in": "abroad", "qualification_country": "NG", "residence_country": "NG"}
        registration = {"ever_registered": "no", **dates("qualified_on", datetime.date(2016, 6, 1), False)}
    for slug, data in [
        ("nation", {"nation": nation}),
        ("qualification", qualification),
        ("registration", registration),
        ("profession", {"profession": profession}),
        ("practice-abroad", {"practised_abroad": "no" if pathway == "rtp" else "yes"}),
        ("job-offer", {"job_offer": job_offer}),
    ]:
        response = client.post(url + slug + "/", data)
        assert response.status_code == 302, (slug, visible_text(response))
    response = client.get(finder_url + "plan/")
    assert response.status_code == 200
    main = soup(response).select_one("main")
    return visible_text(str(main)), [a["href"] for a in main.select("a[href]")]


def found(words, text, links) -> list[str]:
    haystack = (text + " " + " ".join(links)).lower()
    return [word for word in words if word.lower() in haystack]


def support_for(nation: str) -> models.NationSupport:
    return models.NationSupport.objects.get(nation__slug=nation)


@pytest.mark.parametrize(("nation", "profession", "job_offer"), CASES)
def test_a_recruits_plan_shows_nothing_of_return_to_practice(client, seeded, nation, profession, job_offer):
    text, links = walk(
        client, seeded, pathway="ir", nation=nation, profession=profession, job_offer=job_offer
    )
    assert found(RETURNER_ONLY, text, links) == []
    for step in models.PathwayStep.objects.live().filter(pathway=models.RTP):
        assert step.title not in text
        assert not step.source_url or step.source_url not in links
    support = support_for(nation)
    assert support.source_url not in links
    assert visible_text(support.contacts) not in text
    assert visible_text(support.recruit_contacts) in text


@pytest.mark.parametrize(("nation", "profession", "job_offer"), CASES)
def test_a_returners_plan_shows_nothing_of_international_recruitment(
    client, seeded, nation, profession, job_offer
):
    text, links = walk(
        client, seeded, pathway="rtp", nation=nation, profession=profession, job_offer=job_offer
    )
    assert found(RECRUIT_ONLY, text, links) == []
    for step in models.PathwayStep.objects.live().filter(pathway=models.IR):
        assert step.title not in text
        assert not step.source_url or step.source_url not in links
    support = support_for(nation)
    assert support.recruit_source_url not in links
    assert visible_text(support.contacts) in text


@pytest.mark.parametrize(
    ("years_out", "own", "other"),
    [(6, "60 days (420 hours)", "30 days (210 hours)"), (3, "30 days (210 hours)", "60 days (420 hours)")],
)
def test_a_returners_plan_states_their_own_figure_and_no_other(client, seeded, years_out, own, other):
    text, _ = walk(
        client,
        seeded,
        pathway="rtp",
        nation="wales",
        profession="diagnostic",
        job_offer="no",
        years_out=years_out,
    )
    step_one = text.split("Step 1 ", 1)[1].split("Step 2 ", 1)[0]
    assert own in step_one
    assert other not in text
    assert "30 or 60" not in text
    if own.startswith("60"):
        assert "For 30 days" not in text and "HCPC asks for 30 days" not in text
    else:
        assert "60 days" not in text
    # Derived figures are labelled as calculated, with their inputs (FACTS.md source rule 6).
    days = own.split(" ")[0]
    assert f"calculated: {days} days × 7 hours" in text


def test_the_emailed_plan_gives_the_persons_own_figures(
    client, seeded, pw_user, mailoutbox, django_capture_on_commit_callbacks
):
    walk(client, seeded, pathway="rtp", nation="scotland", profession="diagnostic", job_offer="no")
    services.plan_save(user=pw_user, answers=client.session[ANSWERS_KEY], today=today())
    client.force_login(pw_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/my-plan/email/")
    email = mailoutbox[-1]
    for body in (email.body, email.alternatives[0][0]):
        assert "{" not in body, re.findall(r"\{\w+\}", body)
        assert "60 days (420 hours)" in body
        assert "within the 12 months before you apply" in body
