"""Demo data for individual assistance: teams, routing rules, advisers, canned responses and about 55
enquiries in every state, with threads that read like real casework, spread over the past year (so the
reports have figures to show), and some enquirers' ratings.

`seed_enquiries()` is idempotent (run it as often as you like) and is called by `manage.py seed_demo`
(and by `manage.py seed_enquiries` on its own). It works through the services, so every enquiry has
its real audit events, deadlines and queued emails; the emails are delivered to Django's in-memory
backend while seeding, so nothing leaves the machine whatever EMAIL_BACKEND says. The people and
their questions are invented; the answers follow /work/shared/domain/FACTS.md.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import os
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.mail.backends import locmem
from django.db import transaction
from django.db.models import F, Max
from django.test.utils import override_settings
from django.utils import timezone

from allauth.account.models import EmailAddress
from anymail.exceptions import AnymailRecipientsRefused
from anymail.inbound import AnymailInboundMessage
from anymail.signals import AnymailTrackingEvent, EventType, RejectReason

from cms.models import Nation, Pathway, Topic
from enquiries import deadlines, services, states
from enquiries.mail import inbound, outbox, tracking
from enquiries.models import (
    AdviserProfile,
    CannedResponse,
    DeliveryEvent,
    Enquiry,
    Event,
    InboundEmail,
    Message,
    OutboundEmail,
    RoutingRule,
    SatisfactionRating,
    Suppression,
    Team,
    TeamMembership,
)
from enquiries.selectors import ADVISERS_GROUP, TEAM_LEADS_GROUP

S = Enquiry.Status
DEMO_DOMAIN = "demo.sor.example"
DEFAULT_PASSWORD = "sor-demo-2026!"  # noqa: S105 - the published demo password (seed_demo's default too)
SUBMISSION_PREFIX = "demo-enquiry-"

# --------------------------------------------------------------------------------------------------
# Teams, rules, advisers
# --------------------------------------------------------------------------------------------------

TEAMS = [
    {
        "slug": "rtp-england",
        "name": "RtP England",
        "email": f"rtp-england@{DEMO_DOMAIN}",
        "is_fallback": False,
    },
    {
        "slug": "rtp-devolved",
        "name": "RtP Scotland, Wales and Northern Ireland",
        "email": f"rtp-devolved@{DEMO_DOMAIN}",
        "is_fallback": False,
    },
    {"slug": "ir", "name": "International recruitment", "email": f"ir@{DEMO_DOMAIN}", "is_fallback": True},
]

# (order, name, pathway slug, nation slug, topic slug, team slug). Anything unmatched goes to the
# fallback team (International recruitment), which also answers managers and everyone else.
RULES = [
    (10, "Return to practice in England", "return-to-practice", "england", None, "rtp-england"),
    (20, "Return to practice in Scotland", "return-to-practice", "scotland", None, "rtp-devolved"),
    (21, "Return to practice in Wales", "return-to-practice", "wales", None, "rtp-devolved"),
    (
        22,
        "Return to practice in Northern Ireland",
        "return-to-practice",
        "northern-ireland",
        None,
        "rtp-devolved",
    ),
    (30, "International recruitment, any nation", "international-recruitment", None, None, "ir"),
]


@dataclass(frozen=True)
class DemoAdviser:
    local_part: str
    first_name: str
    last_name: str
    teams: tuple[str, ...]
    is_lead: bool = False
    capacity: int = 20

    @property
    def email(self) -> str:
        return f"{self.local_part}@{DEMO_DOMAIN}"


ADVISERS = [
    # adviser@ and teamlead@ are also made by seed_demo, with these names.
    DemoAdviser("adviser", "Aisha", "Okafor", ("rtp-england",)),
    DemoAdviser("adviser2", "Rhys", "Powell", ("rtp-devolved",)),
    DemoAdviser("adviser3", "Grace", "Mensah", ("ir",)),
    # The team lead leads all three teams and takes no enquiries of their own (no adviser profile), so
    # each team's enquiries go to its adviser and the replies below are signed by the right person.
    DemoAdviser(
        "teamlead", "Tom", "Gallagher", ("rtp-england", "rtp-devolved", "ir"), is_lead=True, capacity=0
    ),
]

# --------------------------------------------------------------------------------------------------
# Canned responses
# --------------------------------------------------------------------------------------------------

CANNED = [
    {
        "title": "Thanks, and please send your HCPC number",
        "team": None,
        "body": (
            "Dear {first_name},\n\n"
            "Thank you for getting in touch (your reference is {reference}). So that I can check the right "
            "part of the Register, could you send me your HCPC registration number, if you have one, and the "
            "date you were last registered?\n\n"
            "Best wishes,\n{adviser_name}\nSociety of Radiographers"
        ),
    },
    {
        "title": "Updating days: how many you need",
        "team": None,
        "body": (
            "Dear {first_name},\n\n"
            "The HCPC sets the updating you need by how long you have been out of practice: under two years, "
            "none; two to five years, 30 days; five years or more, 60 days. A day is 7 hours. You can mix "
            "supervised practice, formal study and private study, as long as private study is no more than "
            "half of the total.\n\n"
            "Our guidance page on the HCPC updating requirement has the details and the HCPC's own page.\n\n"
            "Best wishes,\n{adviser_name}\nSociety of Radiographers (ref. {reference})"
        ),
    },
    {
        "title": "Finding a supervisor",
        "team": None,
        "body": (
            "Dear {first_name},\n\n"
            "Your supervisor must have been on the relevant part of the HCPC Register for at least the "
            "previous three years, must not be subject to fitness-to-practise proceedings, and may only "
            "supervise within their own scope of practice. Supervised practice can include teaching, "
            "management or research roles.\n\n"
            "Best wishes,\n{adviser_name}\nSociety of Radiographers (ref. {reference})"
        ),
    },
    {
        "title": "Funding for returners in England",
        "team": "rtp-england",
        "body": (
            "Dear {first_name},\n\n"
            "In England, NHS England's return to practice programme for allied health professionals gives "
            "you a reference number, help to find a placement and funding towards your return. The programme "
            "tells you the amount when you register your interest, and you have a year to finish once you "
            "have registered.\n\n"
            "Best wishes,\n{adviser_name}\nSociety of Radiographers (ref. {reference})"
        ),
    },
    {
        "title": "Funding for returners in Wales (HEIW bursary)",
        "team": "rtp-devolved",
        "body": (
            "Dear {first_name},\n\n"
            "HEIW offers a bursary of up to £1,000 towards education you agree with your supervising head of "
            "department. It pays course fees only, and it must be agreed with HEIW, through your health "
            "board manager, before your updating starts. HEIW cannot arrange placements.\n\n"
            "Best wishes,\n{adviser_name}\nSociety of Radiographers (ref. {reference})"
        ),
    },
    {
        "title": "English language evidence for the HCPC",
        "team": "ir",
        "body": (
            "Dear {first_name},\n\n"
            "Since 29 January 2025 the HCPC no longer accepts a declaration that English is your first "
            "language. If your qualification is not from a country on the HCPC's qualifying countries list, "
            "you need an approved test: IELTS, TOEFL or, since that date, OET. The HCPC's English language "
            "page for international applicants gives the scores it asks for; look them up there before you "
            "book.\n\n"
            "Best wishes,\n{adviser_name}\nSociety of Radiographers (ref. {reference})"
        ),
    },
    {
        "title": "HCPC international application: what to expect",
        "team": "ir",
        "body": (
            "Dear {first_name},\n\n"
            "The HCPC says its international assessment takes about 60 working days from a complete "
            "application. The scrutiny fee has been £678.38 since 29 April 2025. Two assessors from the "
            "radiographer part of the Register compare your education and training with its standards. They "
            "decide on what your application contains, so send everything with it; the outcome is acceptance, "
            "a test of competence, or a refusal you can appeal.\n\n"
            "Best wishes,\n{adviser_name}\nSociety of Radiographers (ref. {reference})"
        ),
    },
    {
        "title": "Glad we could help",
        "team": None,
        "body": (
            "Dear {first_name},\n\n"
            "I'm glad that helped. I'll mark your enquiry {reference} as resolved; if anything else comes up, "
            "just reply to this email and it will come straight back to us.\n\n"
            "Best wishes,\n{adviser_name}\nSociety of Radiographers"
        ),
    },
]

# --------------------------------------------------------------------------------------------------
# Enquiries: who asked what, and what happened next
# --------------------------------------------------------------------------------------------------

WHO_PATHWAY = {"returning": "return-to-practice", "overseas": "international-recruitment"}


@dataclass
class Scenario:
    """One enquiry. `steps` are (hours after it arrived, action, *arguments):
    ("reply", text, then) · ("enquirer", text) · ("note", text) · ("status", to) ·
    ("assign", adviser local part or None) · ("merge", other scenario key)."""

    key: str
    who: str
    nation: str
    topic: str
    name: str
    email: str
    subject: str
    body: str
    hours_ago: float
    steps: list = field(default_factory=list)
    profession: str = "diagnostic"
    hcpc_number: str = ""
    due: str = ""  # "overdue" or "soon": set the deadline so that the inboxes show both


def _e(local: str) -> str:
    return f"{local}@example.org"


SCENARIOS = [
    # ---- Return to practice, England -----------------------------------------------------------------
    Scenario(
        "e01",
        "returning",
        "england",
        "updating-and-cpd",
        "Rebecca Hughes",
        f"returnee@{DEMO_DOMAIN}",
        "How many updating days will I need after six years out?",
        "I was a diagnostic radiographer until 2019 and let my registration lapse when I moved abroad for "
        "my partner's job. We're back now and I'd like to return next year. How many days of updating will "
        "I need, and can some of it be online study?",
        hours_ago=2,
    ),
    Scenario(
        "e02",
        "returning",
        "england",
        "supervised-practice",
        "Daniel Price",
        _e("daniel.price"),
        "Can my supervised practice all be in CT?",
        "A local trust has offered me a placement, but only in their CT department. I used to work in "
        "general X-ray. Does the HCPC mind which modality my supervised practice is in?",
        hours_ago=5 * 24,
        due="overdue",
    ),
    Scenario(
        "e03",
        "returning",
        "england",
        "hcpc-registration",
        "Leanne O'Connor",
        _e("leanne.oconnor"),
        "Who can countersign my return to practice form?",
        "My old manager has retired and is no longer registered. Who else can sign the cover sheet of my "
        "HCPC return to practice form?",
        hours_ago=60,
        due="soon",
        hcpc_number="RA54321",
    ),
    Scenario(
        "e04",
        "returning",
        "england",
        "funding",
        "Mark Sutton",
        _e("mark.sutton"),
        "Is there any funding for returners in England?",
        "I've been out for four years looking after my dad. Money is tight: is there any funding to help "
        "with course costs or travel while I do my updating?",
        hours_ago=6 * 24,
        steps=[
            (
                20,
                "reply",
                "Dear Mark,\n\nYes: NHS England's return to practice programme can help with "
                "funding and with finding a placement. The amount has changed over time, so please confirm it "
                "when you register your interest. Have you registered with them yet?\n\nBest wishes,\nAisha",
                S.AWAITING_ENQUIRER,
            ),
            (
                6 * 24 - 10,
                "enquirer",
                "Thanks Aisha. I registered last week and got a reference number, "
                "but nobody has contacted me about a placement. Is that normal?",
            ),
        ],
    ),
    Scenario(
        "e05",
        "returning",
        "england",
        "updating-and-cpd",
        "Fatima Begum",
        _e("fatima.begum"),
        "Does reading journals count as private study?",
        "I'm planning my 30 days. Can reading journal articles count as private study, and how do I "
        "record it?",
        hours_ago=3 * 24,
        steps=[
            (
                26,
                "reply",
                "Dear Fatima,\n\nYes, reading journals counts as private study. Keep a log with "
                "the date, what you read, the hours and what you learned. Remember private study can be at most "
                "half of your 30 days: 15 days, or 105 hours.\n\nBest wishes,\nAisha",
                S.AWAITING_ENQUIRER,
            ),
        ],
    ),
    Scenario(
        "e06",
        "returning",
        "england",
        "hcpc-registration",
        "Gareth Lewis",
        _e("gareth.lewis"),
        "My readmission application seems stuck",
        "I sent my readmission application to the HCPC five weeks ago and haven't heard anything. Can the "
        "SoR find out what is happening?",
        hours_ago=8 * 24,
        hcpc_number="RA11223",
        steps=[
            (
                22,
                "note",
                "HCPC's service level for readmission is 10 working days. Asked our HCPC contact "
                "to look up the application.",
            ),
            (
                23,
                "reply",
                "Dear Gareth,\n\nThe HCPC aims to process readmission applications within 10 "
                "working days, so yours is overdue. I've asked our contact there to look into it and will come "
                "back to you as soon as I hear.\n\nBest wishes,\nAisha",
                S.ON_HOLD,
            ),
        ],
    ),
    Scenario(
        "e07",
        "returning",
        "england",
        "hcpc-registration",
        "Claire Dunn",
        _e("claire.dunn"),
        "Does my time as a lecturer count as practising?",
        "I left clinical work in 2020 to lecture on a radiography degree. Am I out of practice, or does "
        "teaching count?",
        hours_ago=10 * 24,
        steps=[
            (
                30,
                "reply",
                "Dear Claire,\n\nThe HCPC defines practising your profession broadly, so "
                "education, management and research roles count. If you stayed registered while lecturing, you "
                "are not out of practice.\n\nBest wishes,\nAisha",
                S.RESOLVED,
            ),
        ],
    ),
    Scenario(
        "e08",
        "returning",
        "england",
        "supervised-practice",
        "Peter Walsh",
        _e("peter.walsh"),
        "My supervisor has only been registered for two years",
        "A friend offered to supervise me but she qualified two years ago. Is that allowed?",
        hours_ago=30 * 24,
        steps=[
            (
                18,
                "reply",
                "Dear Peter,\n\nUnfortunately not: your supervisor must have been on the "
                "relevant part of the Register for at least the previous three years.\n\nBest wishes,\nAisha",
                S.RESOLVED,
            ),
            (20 * 24, "status", S.CLOSED),
        ],
    ),
    Scenario(
        "e09",
        "returning",
        "england",
        "updating-and-cpd",
        "Sophie Turner",
        _e("sophie.turner"),
        "Planning my return for next spring",
        "I'd like to plan my updating so I can return next spring. Where should I start?",
        hours_ago=12 * 24,
        steps=[
            (
                25,
                "reply",
                "Dear Sophie,\n\nA good first step is to work out how long you have been out of "
                "practice, which sets the days you need. How long has it been?\n\nBest wishes,\nAisha",
                S.AWAITING_ENQUIRER,
            ),
            (5 * 24, "enquirer", "Thank you, but my plans have changed and I won't be returning this year."),
            (5 * 24 + 1, "status", S.WITHDRAWN),
        ],
    ),
    Scenario(
        "e10",
        "returning",
        "england",
        "updating-and-cpd",
        "Hannah Ali",
        _e("hannah.ali"),
        "Coming back after a career break for my children",
        "I've been at home with my children for seven years. I'd love to return part-time. Where do I start?",
        hours_ago=20,
        steps=[(1, "assign", None)],  # the team lead took it off the rota to share out at the morning huddle
    ),
    Scenario(
        "e11",
        "returning",
        "england",
        "updating-and-cpd",
        "Fatima Begum",
        _e("fatima.begum"),
        "Re: private study question",
        "Sorry, I'm not sure my first message arrived. Can journal reading count towards my updating?",
        hours_ago=40,
        steps=[(2, "merge", "e05")],
    ),
    Scenario(
        "e12",
        "returning",
        "england",
        "supervised-practice",
        "Oliver Grant",
        _e("oliver.grant"),
        "The trust wants a DBS check before my placement",
        "My placement trust says I need an enhanced DBS check before I start. Who pays, and how long does "
        "it take?",
        hours_ago=7 * 24,
        due="overdue",
        steps=[
            (4, "note", "Check with NHS England whether programme funding covers the DBS fee."),
        ],
    ),
    Scenario(
        "e13",
        "other",
        "england",
        "workforce-and-recruitment",
        "Top Rank SEO",
        "offers@seo-promo.example",
        "Guaranteed first page on Google for your website!!!",
        "Dear sir/madam, we can put your website on the first page of Google in 7 days. Reply for our "
        "special price.",
        hours_ago=26,
        steps=[(1, "status", S.SPAM)],
    ),
    Scenario(
        "e14",
        "returning",
        "england",
        "updating-and-cpd",
        "Nadia Hussain",
        _e("nadia.hussain"),
        "Can I do my updating part-time while working as an HCA?",
        "I'm working as a healthcare assistant at the moment. Can I do my supervised practice part-time "
        "around my shifts?",
        hours_ago=4 * 24,
        steps=[
            (
                28,
                "reply",
                "Dear Nadia,\n\nYes: the HCPC doesn't set a pattern, only the total. All of "
                "your updating must fall within the 12 months before you apply, the HCPC's rule since 1 February "
                "2025. Would you like help planning it?\n\nBest wishes,\nAisha",
                S.AWAITING_ENQUIRER,
            ),
        ],
    ),
    # ---- Return to practice, Scotland, Wales and Northern Ireland -----------------------------------
    Scenario(
        "s01",
        "returning",
        "scotland",
        "supervised-practice",
        "Iain MacLeod",
        _e("iain.macleod"),
        "Which health board do I send the supervised practice form to?",
        "I live in Perth but could travel to Dundee. Which board's return to practice team should get my "
        "supervised practice request form?",
        hours_ago=12,
    ),
    Scenario(
        "s02",
        "returning",
        "wales",
        "funding",
        "Cerys Davies",
        _e("cerys.davies"),
        "Can the HEIW bursary pay for a CT course?",
        "I want to do a short CT course as part of my updating. Could the HEIW bursary cover it?",
        hours_ago=3 * 24,
        steps=[
            (
                20,
                "reply",
                "Dear Cerys,\n\nIt can, if your supervising head of department agrees the course "
                "and HEIW approves it, through your health board manager, before you start. The bursary is up "
                "to £1,000 and covers course fees only. Have you found a department yet?\n\nBest wishes,\nRhys",
                S.AWAITING_ENQUIRER,
            ),
        ],
    ),
    Scenario(
        "s03",
        "returning",
        "northern-ireland",
        "funding",
        "Ciaran Byrne",
        _e("ciaran.byrne"),
        "Is there a return to practice scheme in Northern Ireland?",
        "I can't find any return to practice programme for radiographers in Northern Ireland. Is there one, "
        "and is there funding?",
        hours_ago=6 * 24,
        due="overdue",
        steps=[
            (
                22,
                "reply",
                "Dear Ciaran,\n\nWe have not found a Northern Ireland scheme for radiographers. "
                "Health Careers points returners there to the Department of Health. Could you tell me which "
                "trust you'd like to work for?\n\nBest wishes,\nRhys",
                S.AWAITING_ENQUIRER,
            ),
            (3 * 24, "enquirer", "Belfast Trust ideally, or the Northern Trust. Thanks for checking."),
        ],
    ),
    Scenario(
        "s04",
        "returning",
        "scotland",
        "supervised-practice",
        "Morven Fraser",
        _e("morven.fraser"),
        "Nobody has replied to my supervised practice request",
        "I sent the request form to my health board three weeks ago and have heard nothing. What can I do?",
        hours_ago=9 * 24,
        steps=[
            (
                21,
                "reply",
                "Dear Morven,\n\nIf a board hasn't responded within 10 working days, you can ask "
                "NHS Education for Scotland to escalate it. I'd suggest doing that now.\n\nBest wishes,\nRhys",
                S.AWAITING_ENQUIRER,
            ),
            (3 * 24, "enquirer", "NES got me an answer within two days. Thank you!"),
            (
                3 * 24 + 2,
                "reply",
                "Dear Morven,\n\nThat's great news. I'll mark this as resolved.\n\nBest wishes,\nRhys",
                S.RESOLVED,
            ),
        ],
    ),
    Scenario(
        "s05",
        "returning",
        "wales",
        "funding",
        "Owain Jones",
        _e("owain.jones"),
        "Do I pay tax on the HEIW bursary?",
        "Is the HEIW return to practice bursary taxable?",
        hours_ago=25 * 24,
        steps=[
            (
                19,
                "reply",
                "Dear Owain,\n\nNo tax or National Insurance is due on it unless you are also "
                "employed by the NHS body paying it.\n\nBest wishes,\nRhys",
                S.RESOLVED,
            ),
            (15 * 24, "status", S.CLOSED),
        ],
    ),
    Scenario(
        "s06",
        "returning",
        "wales",
        "hcpc-registration",
        "Bethan Rees",
        _e("bethan.rees"),
        "Returning to therapeutic radiography in Cardiff",
        "I'm a therapeutic radiographer, out for three years. Is the process any different from diagnostic?",
        hours_ago=62,
        due="soon",
        profession="therapeutic",
    ),
    Scenario(
        "s07",
        "returning",
        "scotland",
        "supervised-practice",
        "Ewan Stewart",
        _e("ewan.stewart"),
        "Waiting for the board to assign a supervisor",
        "NHS Tayside has accepted my request but is still looking for a supervisor. Should I do anything "
        "meanwhile?",
        hours_ago=5 * 24,
        steps=[
            (
                23,
                "reply",
                "Dear Ewan,\n\nWhile you wait, you could start your formal or private study; "
                "just keep private study to no more than half. I'll keep this open until the board confirms "
                "your supervisor.\n\nBest wishes,\nRhys",
                S.ON_HOLD,
            ),
        ],
    ),
    # ---- International recruitment ------------------------------------------------------------------
    Scenario(
        "i01",
        "overseas",
        "england",
        "english-language",
        "Ravi Menon",
        f"recruit@{DEMO_DOMAIN}",
        "IELTS 6.5 in writing and 7.5 overall: is that enough?",
        "I trained in Kerala and my IELTS result is 7.5 overall but 6.5 in writing. Is that enough for HCPC "
        "registration?",
        hours_ago=3,
    ),
    Scenario(
        "i02",
        "overseas",
        "scotland",
        "hcpc-registration",
        "Joseph Santos",
        _e("joseph.santos"),
        "How long does the HCPC international assessment take?",
        "I submitted my application two months ago. How long does the assessment usually take?",
        hours_ago=6 * 24,
        due="overdue",
    ),
    Scenario(
        "i03",
        "overseas",
        "england",
        "hcpc-registration",
        "Chidinma Okeke",
        _e("chidinma.okeke"),
        "Who completes the course information form?",
        "The HCPC asks for a course information form. Do I fill it in or does my university?",
        hours_ago=4 * 24,
        steps=[
            (
                24,
                "reply",
                "Dear Chidinma,\n\nYour university completes the course information form. Your "
                "referees also need official organisational email addresses. Has your university agreed to "
                "complete it?\n\nBest wishes,\nGrace",
                S.AWAITING_ENQUIRER,
            ),
        ],
    ),
    Scenario(
        "i04",
        "overseas",
        "england",
        "hcpc-registration",
        "Arjun Sharma",
        _e("arjun.sharma"),
        "What happens in a test of competence?",
        "The HCPC says I need a test of competence. What does it involve?",
        hours_ago=5 * 24,
        steps=[
            (
                26,
                "reply",
                "Dear Arjun,\n\nIt is usually a structured interview with the assessors about "
                "the areas they could not confirm from your documents. Did the HCPC tell you which standards "
                "they want to explore?\n\nBest wishes,\nGrace",
                S.AWAITING_ENQUIRER,
            ),
            (5 * 24 - 8, "enquirer", "Yes: CT and radiation protection. How should I prepare?"),
        ],
    ),
    Scenario(
        "i05",
        "overseas",
        "england",
        "visas-and-immigration",
        "Maria Reyes",
        _e("maria.reyes"),
        "How much is the Health and Care Worker visa?",
        "What will the visa cost me for a three-year contract?",
        hours_ago=14 * 24,
        steps=[
            (
                22,
                "reply",
                "Dear Maria,\n\nThe application fee is on GOV.UK's page on what the Health and "
                "Care Worker visa costs: it is lower than for other Skilled Worker visas. Health and Care "
                "Worker visa holders do not pay the Immigration Health Surcharge.\n\nBest wishes,\nGrace",
                S.RESOLVED,
            ),
        ],
    ),
    Scenario(
        "i06",
        "overseas",
        "wales",
        "visas-and-immigration",
        "Kwame Boateng",
        _e("kwame.boateng"),
        "Does the health surcharge apply to my family?",
        "My wife and son will come with me. Do they pay the Immigration Health Surcharge?",
        hours_ago=28 * 24,
        steps=[
            (
                20,
                "reply",
                "Dear Kwame,\n\nNo: Health and Care Worker visa holders and their dependants are "
                "exempt from the surcharge.\n\nBest wishes,\nGrace",
                S.RESOLVED,
            ),
            (14 * 24, "status", S.CLOSED),
        ],
    ),
    Scenario(
        "i07",
        "overseas",
        "england",
        "english-language",
        "Liza Mendoza",
        _e("liza.mendoza"),
        "Is OET accepted for radiographers?",
        "I find OET easier than IELTS. Does the HCPC accept it for radiographers?",
        hours_ago=50,
        steps=[
            (
                6,
                "reply",
                "Dear Liza,\n\nYes, the HCPC added OET to the tests it accepts. Please check the "
                "grades for radiographers on the HCPC's English language page before you book. Which test date "
                "are you aiming for?\n\nBest wishes,\nGrace",
                S.AWAITING_ENQUIRER,
            ),
        ],
    ),
    Scenario(
        "i08",
        "overseas",
        "northern-ireland",
        "hcpc-registration",
        "Samuel Adeyemi",
        _e("samuel.adeyemi"),
        "My referee only has a Gmail address",
        "My former head of department uses Gmail. Will the HCPC accept that?",
        hours_ago=58,
        due="soon",
    ),
    Scenario(
        "i09",
        "overseas",
        "england",
        "hcpc-registration",
        "Priya Raman",
        _e("priya.raman"),
        "Waiting for my UK ENIC statement",
        "Should I wait for my UK ENIC statement of comparability before applying to the HCPC?",
        hours_ago=6 * 24,
        steps=[
            (
                21,
                "reply",
                "Dear Priya,\n\nWe do advise getting the statement first. I'll keep this open "
                "until it arrives; let me know when it does.\n\nBest wishes,\nGrace",
                S.ON_HOLD,
            ),
        ],
    ),
    Scenario(
        "i10",
        "overseas",
        "england",
        "hcpc-registration",
        "Chidinma Okeke",
        _e("chidinma.okeke"),
        "Course information form (again)",
        "Sending this again in case my first message got lost: who completes the course information form?",
        hours_ago=30,
        steps=[(3, "merge", "i03")],
    ),
    Scenario(
        "i11",
        "overseas",
        "england",
        "visas-and-immigration",
        "Tendai Moyo",
        _e("tendai.moyo"),
        "Sponsorship question",
        "Does my employer pay for the certificate of sponsorship?",
        hours_ago=16 * 24,
        steps=[
            (
                22,
                "reply",
                "Dear Tendai,\n\nThe certificate of sponsorship comes from your employer, who "
                "holds the sponsor licence; GOV.UK's Health and Care Worker visa pages set out the costs. Have "
                "you had an offer yet?\n\nBest wishes,\nGrace",
                S.AWAITING_ENQUIRER,
            ),
            (
                6 * 24,
                "enquirer",
                "I've accepted a job in Australia instead, so please close this. Thank you.",
            ),
            (6 * 24 + 1, "status", S.WITHDRAWN),
        ],
    ),
    Scenario(
        "i12",
        "overseas",
        "england",
        "irmer-and-radiation-protection",
        "Ana Ferreira",
        _e("ana.ferreira"),
        "IR(ME)R entitlement at my new trust",
        "I'm now HCPC registered. Can I start working as an IR(ME)R operator straight away?",
        hours_ago=30,
        steps=[
            (3, "note", "Common question: worth adding to the IR guidance page's FAQ."),
            (
                4,
                "reply",
                "Dear Ana,\n\nHCPC registration alone does not entitle you: your employer decides "
                "IR(ME)R entitlement and must keep your training records. Ask your radiation protection lead "
                "about the local training.\n\nBest wishes,\nGrace",
                S.OPEN,
            ),
        ],
    ),
    Scenario(
        "i13",
        "overseas",
        "england",
        "visas-and-immigration",
        "Emeka Nwosu",
        _e("emeka.nwosu"),
        "Can I apply directly from a red-list country?",
        "I live in Nigeria. I read that UK employers can't recruit from Nigeria. Can I still apply for jobs?",
        hours_ago=11 * 24,
        steps=[
            (
                24,
                "reply",
                "Dear Emeka,\n\nYes. Nigeria is on the red list (the WHO's 2023 list, which NHS "
                "Employers published on 23 March 2023), so UK employers and agencies must not recruit there "
                "actively. The Code of Practice (updated 27 March 2025) allows direct applications: you can "
                "apply to an employer yourself. The Code's definitions on GOV.UK say whom it covers.\n\n"
                "Best wishes,\nGrace",
                S.RESOLVED,
            ),
        ],
    ),
    Scenario(
        "i14",
        "other",
        "england",
        "workforce-and-recruitment",
        "Easy Money Jobs",
        "jobs@fast-cash.example",
        "Work from home and earn £500 a day",
        "Click here to start earning today. No experience needed.",
        hours_ago=50,
        steps=[(1, "status", S.SPAM)],
    ),
    # ---- Managers and others (the fallback team answers them) ---------------------------------------
    Scenario(
        "m01",
        "manager",
        "england",
        "induction-and-pastoral-care",
        "Morag Campbell",
        f"manager@{DEMO_DOMAIN}",
        "Pastoral support for six new international recruits",
        "We have six radiographers arriving from India in March. What should our pastoral support include?",
        hours_ago=22,
    ),
    Scenario(
        "m02",
        "manager",
        "england",
        "workforce-and-recruitment",
        "Jason Reid",
        _e("jason.reid"),
        "Can we recruit from Ghana?",
        "An agency has offered us radiographers from Ghana. Is that allowed under the Code of Practice?",
        hours_ago=3 * 24,
        steps=[
            (
                27,
                "reply",
                "Dear Jason,\n\nGhana is on the red list, so the Code of Practice does not allow "
                "active recruitment, including through agencies. Individuals may still apply to you directly. "
                "Is the agency approaching people, or are these direct applications?\n\nBest wishes,\nGrace",
                S.AWAITING_ENQUIRER,
            ),
        ],
    ),
    Scenario(
        "m03",
        "manager",
        "scotland",
        "induction-and-pastoral-care",
        "Fiona Burns",
        _e("fiona.burns"),
        "Preceptorship for international radiographers",
        "Do you have examples of preceptorship for international radiographers in their first year?",
        hours_ago=13 * 24,
        steps=[
            (
                26,
                "reply",
                "Dear Fiona,\n\nThe case studies on our site include trusts that offer airport "
                "pick-up, funded accommodation, help with bank accounts and GP registration, and first-year "
                "support. I've listed three you could contact.\n\nBest wishes,\nGrace",
                S.RESOLVED,
            ),
        ],
    ),
    Scenario(
        "m04",
        "manager",
        "england",
        "supervised-practice",
        "Karen Holt",
        _e("karen.holt"),
        "An honorary contract for a returner's placement",
        "A returner has asked to do supervised practice with us. Do we need an honorary contract, and who "
        "covers indemnity?",
        hours_ago=8 * 24,
        due="overdue",
        steps=[
            (
                30,
                "reply",
                "Dear Karen,\n\nThank you for supporting a returner. Could you tell me whether "
                "they will be employed by you during the placement, or unpaid?\n\nBest wishes,\nGrace",
                S.AWAITING_ENQUIRER,
            ),
            (4 * 24, "enquirer", "Unpaid, two days a week for about four months."),
        ],
    ),
    Scenario(
        "o01",
        "other",
        "england",
        "workforce-and-recruitment",
        "Lily Chen",
        _e("lily.chen"),
        "How do I become a radiographer?",
        "I'm in year 12. What should I study to become a radiographer?",
        hours_ago=21 * 24,
        steps=[
            (
                24,
                "reply",
                "Dear Lily,\n\nThis portal is for people returning to radiography or trained "
                "abroad, but the Society of Radiographers' careers pages explain the degree routes and "
                "apprenticeships. Good luck!\n\nBest wishes,\nGrace",
                S.RESOLVED,
            ),
            (10 * 24, "status", S.CLOSED),
        ],
    ),
    # ---- Acknowledgements the email provider refused outright: the dead letters (see REFUSED) ----------
    Scenario(
        "e15",
        "returning",
        "england",
        "hcpc-registration",
        "Kate Morris",
        _e("kate.morris"),
        "Do I finish my updating before I apply for readmission?",
        "I came off the Register in 2021 to look after my children and would like to come back next year. "
        "Do I have to finish all of my updating before I apply to the HCPC, or can I apply first?",
        hours_ago=30,
    ),
    Scenario(
        "i15",
        "overseas",
        "england",
        "english-language",
        "Tomasz Kowalski",
        _e("tomasz.kowalski"),
        "Which English test does the HCPC accept?",
        "I trained in Poland and have worked in CT in Kraków for eight years. Which English language tests "
        "does the HCPC accept, and what scores do I need?",
        hours_ago=40,
    ),
]


# ---- The year before: answered and closed, so that the reports have a history to show ----------------


def _answered(
    key, who, nation, topic, name, email, subject, body, *, days_ago, reply_after, reply, close=True
):
    """An enquiry answered `reply_after` hours after it arrived, resolved by that reply and, with
    `close`, closed ten days later."""
    steps = [(reply_after, "reply", reply, S.RESOLVED)]
    if close:
        steps.append((reply_after + 10 * 24, "status", S.CLOSED))
    return Scenario(key, who, nation, topic, name, email, subject, body, hours_ago=days_ago * 24, steps=steps)


HISTORY = [
    _answered(
        "h01",
        "returning",
        "england",
        "updating-and-cpd",
        "Joanne Whitfield",
        _e("joanne.whitfield"),
        "Can a conference count towards my updating days?",
        "I'm planning my return after three years out. Does a two-day imaging conference count as formal "
        "study?",
        days_ago=45,
        reply_after=5,
        reply="Dear Joanne,\n\nYes: a structured conference or study day counts as formal study. Keep the "
        "programme and your certificate of attendance, and note the hours in your log. After three years out "
        "you need 30 days in all, and private study can be no more than half of them.\n\nBest wishes,\nAisha",
    ),
    _answered(
        "h02",
        "overseas",
        "england",
        "english-language",
        "Nimmi Perera",
        _e("nimmi.perera"),
        "Which IELTS scores does the HCPC accept?",
        "I trained in Sri Lanka and I'm booking my English test. What overall and element scores do I need "
        "as a radiographer?",
        days_ago=60,
        reply_after=20,
        reply="Dear Nimmi,\n\nThe HCPC accepts IELTS, TOEFL and OET. The scores it asks of radiographers are "
        "on its English language page for international applicants: look them up there before you book."
        "\n\nBest wishes,\nGrace",
    ),
    _answered(
        "h03",
        "returning",
        "scotland",
        "funding",
        "Alasdair Ross",
        _e("alasdair.ross"),
        "Is there any funding for returners in Scotland?",
        "I've been out of practice for six years. Is there any help in Scotland with the cost of updating?",
        days_ago=75,
        reply_after=28,
        reply="Dear Alasdair,\n\nThe support on offer in Scotland changes from year to year, so please ask NHS "
        "Education for Scotland and your health board's radiography lead what is available now. After six years "
        "out you will need 60 days of updating.\n\nBest wishes,\nRhys",
    ),
    _answered(
        "h04",
        "overseas",
        "wales",
        "hcpc-registration",
        "Oluwaseun Adebayo",
        _e("oluwaseun.adebayo"),
        "How long does the HCPC international assessment take?",
        "I sent my HCPC application last month. How long should I expect to wait for a decision?",
        days_ago=95,
        reply_after=6 * 24,
        reply="Dear Oluwaseun,\n\nThe HCPC says about 60 working days from a complete application. Two "
        "assessors from the radiographer part of the Register compare your education and training with its "
        "standards.\n\nBest wishes,\nGrace",
    ),
    _answered(
        "h05",
        "manager",
        "england",
        "induction-and-pastoral-care",
        "Helen Marsh",
        _e("helen.marsh"),
        "An induction checklist for international recruits",
        "Four radiographers from India start with us in the autumn. Do you have a checklist for their first "
        "weeks?",
        days_ago=110,
        reply_after=26,
        reply="Dear Helen,\n\nThe managers' resource library has an induction checklist for international "
        "recruits, from the first day to the end of preceptorship. Pastoral support matters as much as the "
        "clinical side: a named buddy and help with housing and a bank account make a real difference.\n\n"
        "Best wishes,\nGrace",
    ),
    _answered(
        "h06",
        "returning",
        "wales",
        "supervised-practice",
        "Rhian Evans",
        _e("rhian.evans"),
        "Can a radiographer who now works in ultrasound supervise me?",
        "A colleague who works in ultrasound has offered to supervise me. She is on the HCPC Register as a "
        "radiographer. Is that allowed?",
        days_ago=130,
        reply_after=5 * 24,
        reply="Dear Rhian,\n\nYes, if she has been on the radiographer part of the Register for at least the "
        "previous three years, is not subject to fitness-to-practise proceedings, and supervises only within "
        "her own scope of practice.\n\nBest wishes,\nRhys",
    ),
    _answered(
        "h07",
        "returning",
        "england",
        "hcpc-registration",
        "Stephen Clarke",
        _e("stephen.clarke"),
        "When do I pay the readmission fee?",
        "My HCPC registration lapsed in 2020. Do I pay the readmission fee now, or once I've finished my "
        "updating?",
        days_ago=150,
        reply_after=3,
        reply="Dear Stephen,\n\nYou pay when you apply for readmission, once your updating is done: the "
        "readmission fee together with your first year's registration fee. The HCPC's fees page has the "
        "current amounts.\n\nBest wishes,\nAisha",
    ),
    _answered(
        "h08",
        "overseas",
        "england",
        "visas-and-immigration",
        "Faith Mutua",
        _e("faith.mutua"),
        "Can my family come with me on a Health and Care Worker visa?",
        "I've been offered a band 5 post in Leeds. Can my husband and our two children come with me?",
        days_ago=170,
        reply_after=22,
        reply="Dear Faith,\n\nFamily members can usually apply as your dependants, and they are exempt from the "
        "Immigration Health Surcharge. The rules change, so please check the Health and Care Worker visa pages "
        "on GOV.UK, and ask your employer's international recruitment team for help.\n\nBest wishes,\nGrace",
    ),
    _answered(
        "h09",
        "returning",
        "northern-ireland",
        "updating-and-cpd",
        "Declan Murphy",
        _e("declan.murphy"),
        "Is e-learning formal study or private study?",
        "I'm doing some online modules for my updating. Do they count as formal study or private study?",
        days_ago=190,
        reply_after=4,
        reply="Dear Declan,\n\nA structured course with set learning outcomes counts as formal study; reading "
        "and other learning you direct yourself is private study. Private study can be at most half of your "
        "updating.\n\nBest wishes,\nRhys",
    ),
    _answered(
        "h10",
        "returning",
        "england",
        "supervised-practice",
        "Amanda Lowe",
        _e("amanda.lowe"),
        "How do I find a placement for supervised practice?",
        "I've applied to three hospitals near me and heard nothing back. How do other returners find a "
        "placement?",
        days_ago=215,
        reply_after=4 * 24,
        reply="Dear Amanda,\n\nNHS England's return to practice programme can help you find a placement, so "
        "register your interest with them if you haven't yet. Writing to the radiology service manager by name "
        "often works better than a general application.\n\nBest wishes,\nAisha",
    ),
    _answered(
        "h11",
        "overseas",
        "scotland",
        "hcpc-registration",
        "Mateo Garcia",
        _e("mateo.garcia"),
        "The HCPC has asked me for more information",
        "I've had a Record of Assessment asking for more detail about my clinical placements. What should I "
        "send?",
        days_ago=240,
        reply_after=25,
        reply="Dear Mateo,\n\nAnswer each point the assessors raise, with evidence such as your placement "
        "records or a letter from your university describing the hours and the equipment you used. They may "
        "then decide, or ask you to take a test of competence.\n\nBest wishes,\nGrace",
    ),
    _answered(
        "h12",
        "manager",
        "wales",
        "workforce-and-recruitment",
        "Gareth Pugh",
        _e("gareth.pugh"),
        "Can we employ a returner as a support worker while they update?",
        "A returner would like to work for us as an imaging support worker while she does her updating. Is "
        "that allowed?",
        days_ago=265,
        reply_after=30,
        reply="Dear Gareth,\n\nYes: she can work in a role that does not need registration, and the time can "
        "support her learning, but she must not practise as a radiographer until the HCPC has readmitted her."
        "\n\nBest wishes,\nGrace",
    ),
    _answered(
        "h13",
        "overseas",
        "england",
        "english-language",
        "Hassan Ali",
        _e("hassan.ali"),
        "Does the HCPC accept OET?",
        "I find the OET easier than IELTS. Will the HCPC accept it for radiography?",
        days_ago=290,
        reply_after=6,
        reply="Dear Hassan,\n\nYes: since 29 January 2025 the HCPC accepts OET alongside IELTS and TOEFL. "
        "Please check the grades it asks for on its own page before you book.\n\nBest wishes,\nGrace",
    ),
    _answered(
        "h14",
        "returning",
        "scotland",
        "hcpc-registration",
        "Kirsty Reid",
        _e("kirsty.reid"),
        "I've been working in Australia: do I need updating?",
        "I trained in Glasgow, left the HCPC Register and have worked as a radiographer in Australia until "
        "this year. Do I need to do updating days?",
        days_ago=310,
        reply_after=26,
        reply="Dear Kirsty,\n\nNo: if you have practised abroad within the last two years you don't need "
        "updating. You complete the readmission forms and the HCPC's form about practising abroad.\n\n"
        "Best wishes,\nRhys",
    ),
    _answered(
        "h15",
        "returning",
        "england",
        "updating-and-cpd",
        "Paul Fletcher",
        _e("paul.fletcher"),
        "How should I record my updating days?",
        "What does the HCPC expect me to keep as a record of my updating?",
        days_ago=330,
        reply_after=5 * 24,
        reply="Dear Paul,\n\nKeep a log with the date, what you did, the hours and what you learned, with "
        "certificates for any formal study. A day is 7 hours. The updating-days log on this portal keeps "
        "track for you.\n\nBest wishes,\nAisha",
    ),
    _answered(
        "h16",
        "overseas",
        "northern-ireland",
        "hcpc-registration",
        "Joy Okonkwo",
        _e("joy.okonkwo"),
        "How much is the HCPC scrutiny fee for international applicants?",
        "I'm getting ready to apply to the HCPC from Nigeria. How much is the fee?",
        days_ago=350,
        reply_after=24,
        reply="Dear Joy,\n\nThe international scrutiny fee has been £678.38 since 29 April 2025. When you are "
        "accepted, you then pay the registration fee.\n\nBest wishes,\nGrace",
    ),
]
SCENARIOS += HISTORY

# Enquirers' ratings of resolved enquiries: scenario key -> (score 1 to 5, comment, hours after resolution).
RATINGS = {
    "e07": (5, "Clear and quick. Thank you.", 3),
    "e08": (4, "", 20),
    "s05": (5, "Exactly what I needed to know about the bursary.", 6),
    "i05": (3, "Helpful, although I had to wait a while for the answer.", 30),
    "i06": (4, "", 2),
    "m03": (5, "", 48),
    "h01": (5, "Quick and clear.", 4),
    "h02": (4, "", 10),
    "h03": (3, "I hoped for a clearer answer about funding.", 24),
    "h04": (2, "It took a long time to hear back.", 5),
    "h05": (5, "The checklist was just what we needed.", 30),
    "h07": (4, "", 12),
    "h09": (5, "", 3),
    "h11": (4, "Good advice, thank you.", 20),
    "h14": (5, "", 2),
    "h15": (3, "", 48),
}

# --------------------------------------------------------------------------------------------------
# Email that came back: replies by email, the provider's delivery reports, refusals
# --------------------------------------------------------------------------------------------------

#: The email provider the demo's inbound emails and delivery reports come from, as its webhooks name it.
PROVIDER = "postmark"

#: Addresses the email provider refuses outright, as Postmark refuses a recipient it has marked inactive
#: (anymail then raises AnymailRecipientsRefused). deliver() retries for 24 hours and then gives up, so
#: the acknowledgements to these enquirers (scenarios e15 and i15) are the demo's dead letters.
REFUSED = frozenset({_e("kate.morris"), _e("tomasz.kowalski")})
POSTMARK_REFUSAL = (
    "All message recipients were rejected or invalid. Postmark API response 422 (Unprocessable Entity): "
    "ErrorCode 406, You tried to send to recipient(s) that have been marked as inactive. Found inactive "
    "addresses: {addresses}. Inactive recipients are ones that have generated a hard bounce, a spam "
    "complaint, or a manual suppression."
)

#: Emails that came in (see seed_inbound): each key makes the email's Message-ID, so it arrives once.
NADIA_REPLY = (
    "Hi Aisha,\n\n"
    "Yes please, that would be a great help. I work three long days a week as an HCA (Monday, Tuesday and "
    "Thursday), so I could do my supervised practice on Wednesdays and Fridays. The imaging manager at my "
    "trust says they could take me on those days from next month.\n\n"
    "Would two days a week for about four months be enough, with some private study on top?\n\n"
    "Thanks again,\nNadia\n\n"
    "--\nNadia Hussain\nSent from my phone"
)
DANIEL_CHASE = (
    "Hello,\n\n"
    "Sorry to chase. I'm writing from my work email because I can't get into my personal one at work. "
    "The trust needs to know by Friday whether I'm taking the CT placement, and I'm still not sure whether "
    "the HCPC minds that it would all be in CT.\n\n"
    "Could someone get back to me, please? My reference is {reference}.\n\n"
    "Many thanks,\nDaniel Price\nImaging department assistant, Northfield Hospital"
)
GARETH_AWAY = (
    "Thank you for your email. I'm on annual leave with limited access to email and will reply when I'm "
    "back.\n\nGareth Lewis"
)
STRAY_EMAIL = (
    "Hello,\n\n"
    "I was given this address at a careers event. I'm a therapeutic radiographer and left work in 2019 "
    "when my family moved abroad. We're back in the north east now and I'd like to return to practice. Is "
    "there someone I could talk to about what I'd need to do?\n\n"
    "Best wishes,\nSandra Okoye"
)

#: The provider's bad news, by scenario and email: (scenario key, email kind, report, delay after sending).
#: Every other email the demo sent is reported delivered, except the notices about held emails, which
#: stay at "Sent" (no report yet), so that the workspace shows every delivery state.
DELIVERY_PROBLEMS = [
    ("s01", OutboundEmail.Kind.ACKNOWLEDGEMENT, "soft_bounce", datetime.timedelta(minutes=4)),
    ("s06", OutboundEmail.Kind.ACKNOWLEDGEMENT, "hard_bounce", datetime.timedelta(seconds=40)),
    ("i13", OutboundEmail.Kind.RATING_REQUEST, "complaint", datetime.timedelta(hours=26)),
]
#: Postmark's reports as anymail's Postmark webhook reads them: (anymail event type, reject reason,
#: Postmark RecordType and Type, Description, Details).
POSTMARK_REPORTS = {
    "delivered": (EventType.DELIVERED, None, "Delivery", "", "", "smtp;250 2.0.0 OK"),
    "soft_bounce": (
        EventType.BOUNCED,
        RejectReason.BOUNCED,
        "Bounce",
        "SoftBounce",
        "The server was unable to temporarily deliver your message (ex: Mailbox full, account disabled, "
        "exceeds quota, out of disk space).",
        "smtp;452 4.2.2 The email account that you tried to reach is over quota.",
    ),
    "hard_bounce": (
        EventType.BOUNCED,
        RejectReason.BOUNCED,
        "Bounce",
        "HardBounce",
        "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
        "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
    ),
    "complaint": (
        EventType.COMPLAINED,
        RejectReason.SPAM,
        "SpamComplaint",
        "SpamComplaint",
        "The subscriber explicitly marked this message as spam.",
        "",
    ),
}

# --------------------------------------------------------------------------------------------------
# Building it
# --------------------------------------------------------------------------------------------------


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD


def _ensure_taxonomy() -> None:
    """The pathways, nations and topics the rules and enquiries use, if seed_demo has not made them."""
    from portal.demo_data import read_taxonomy

    taxonomy = read_taxonomy()
    for model, rows in (
        (Pathway, taxonomy["pathway"]),
        (Nation, taxonomy["nation"]),
        (Topic, taxonomy["topic"]),
    ):
        for row in rows:
            model.objects.get_or_create(
                slug=row["slug"], defaults={k: v for k, v in row.items() if k != "slug"}
            )


def _ensure_user(spec: DemoAdviser, password: str):
    User = get_user_model()
    user = User.objects.filter(email__iexact=spec.email).first()
    if user is None:
        user = User.objects.create_user(
            email=spec.email, password=password, first_name=spec.first_name, last_name=spec.last_name
        )
    user.is_staff = True
    user.is_active = True
    user.first_name = user.first_name or spec.first_name
    user.last_name = user.last_name or spec.last_name
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=spec.email, defaults={"verified": True, "primary": True}
    )
    groups = [ADVISERS_GROUP] + ([TEAM_LEADS_GROUP] if spec.is_lead else [])
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def seed_teams(password: str) -> dict:
    services.staff_groups_ensure()
    _ensure_taxonomy()
    teams = {}
    for row in TEAMS:
        team, _ = Team.objects.update_or_create(
            slug=row["slug"], defaults={k: v for k, v in row.items() if k != "slug"}
        )
        teams[team.slug] = team
    for order, name, pathway, nation, topic, team in RULES:
        RoutingRule.objects.update_or_create(
            name=name,
            defaults={
                "order": order,
                "pathway": Pathway.objects.get(slug=pathway) if pathway else None,
                "nation": Nation.objects.get(slug=nation) if nation else None,
                "topic": Topic.objects.get(slug=topic) if topic else None,
                "team": teams[team],
                "is_active": True,
            },
        )
    advisers = {}
    for spec in ADVISERS:
        user = _ensure_user(spec, password)
        if spec.capacity:
            AdviserProfile.objects.get_or_create(user=user, defaults={"capacity": spec.capacity})
        for slug in spec.teams:
            TeamMembership.objects.update_or_create(
                team=teams[slug], user=user, defaults={"is_lead": spec.is_lead}
            )
        advisers[spec.local_part] = user
    for row in CANNED:
        CannedResponse.objects.update_or_create(
            title=row["title"],
            defaults={
                "body": row["body"],
                "team": teams[row["team"]] if row["team"] else None,
                "is_active": True,
            },
        )
    return {"teams": teams, "advisers": advisers}


def _marks() -> dict[str, int]:
    return {
        "message": Message.objects.aggregate(m=Max("pk"))["m"] or 0,
        "event": Event.objects.aggregate(m=Max("pk"))["m"] or 0,
        "email": OutboundEmail.objects.aggregate(m=Max("pk"))["m"] or 0,
    }


def _stamp(enquiry: Enquiry, marks: dict, when) -> None:
    """Date what one step made as if it had happened at `when` (the services stamp the real time)."""
    Message.objects.filter(enquiry=enquiry, pk__gt=marks["message"]).update(created_at=when)
    Event.objects.filter(enquiry=enquiry, pk__gt=marks["event"]).update(created_at=when)
    emails = OutboundEmail.objects.filter(enquiry=enquiry, pk__gt=marks["email"])
    emails.update(created_at=when)
    emails.filter(sent_at__isnull=False).update(sent_at=when)


def _play(scenario: Scenario, *, now, advisers, created: dict) -> Enquiry:
    arrived = now - datetime.timedelta(hours=scenario.hours_ago)
    marks = _marks()
    enquiry, _ = services.enquiry_submit(
        cleaned_data={
            "who": scenario.who,
            "pathway": Pathway.objects.filter(slug=WHO_PATHWAY.get(scenario.who, "")).first(),
            "nation": Nation.objects.get(slug=scenario.nation),
            "profession": scenario.profession,
            "topic": Topic.objects.get(slug=scenario.topic),
            "hcpc_number": scenario.hcpc_number,
            "subject": scenario.subject,
            "name": scenario.name,
            "email": scenario.email,
        },
        body=scenario.body,
        submission_key=f"{SUBMISSION_PREFIX}{scenario.key}",
    )
    _stamp(enquiry, marks, arrived)
    lead = advisers["teamlead"]
    clock_started = arrived
    times = {}
    previous = arrived
    for hours, action, *args in scenario.steps:
        when = arrived + datetime.timedelta(hours=hours)
        if action != "enquirer":
            # Advisers work office hours: move their actions into working time when that is still past,
            # and, for one that lands at the start of the day, a while into it (the inbox first).
            at_work = deadlines.add_working_seconds(when, 0)
            if at_work != when:
                settle = 1800 + zlib.crc32(f"{scenario.key}{hours}".encode()) % 5400
                at_work = deadlines.add_working_seconds(when, settle)
            when = at_work if at_work < now else when
        when = previous = max(when, previous + datetime.timedelta(minutes=1))
        enquiry.refresh_from_db()
        before = enquiry.status
        marks = _marks()
        if action == "reply":
            text, then = args
            services.adviser_reply(enquiry=enquiry, author=enquiry.assignee or lead, body=text, then=then)
        elif action == "enquirer":
            services.enquirer_reply(enquiry=enquiry, user=None, body=args[0])
        elif action == "note":
            services.note_add(enquiry=enquiry, author=enquiry.assignee or lead, body=args[0])
        elif action == "status":
            services.enquiry_transition(enquiry=enquiry, to=args[0], actor=enquiry.assignee or lead)
        elif action == "assign":
            services.enquiry_assign(
                enquiry=enquiry, assignee=advisers[args[0]] if args[0] else None, actor=lead
            )
        elif action == "merge":
            services.enquiry_merge(enquiry=enquiry, into=created[args[0]], actor=enquiry.assignee or lead)
        else:
            raise ValueError(f"Unknown demo step {action!r}")
        _stamp(enquiry, marks, when)
        enquiry.refresh_from_db()
        times[enquiry.status] = when
        if enquiry.status in (S.NEW, S.OPEN) and before not in (S.NEW, S.OPEN):
            clock_started = when
    _date_the_enquiry(enquiry, scenario, now=now, arrived=arrived, clock_started=clock_started, times=times)
    return enquiry


def _date_the_enquiry(enquiry: Enquiry, scenario: Scenario, *, now, arrived, clock_started, times) -> None:
    """The services set today's dates; move the enquiry's own dates to when its story happened.

    Deadlines are worked out again from the backdated times, as the services would have; "overdue"
    and "due soon" scenarios get a deadline chosen so that the inboxes show both, whatever day the
    demo is loaded.
    """
    updates = {"created_at": arrived, "consent_at": arrived}
    first_reply = enquiry.messages.filter(kind=Message.Kind.OUTBOUND).order_by("created_at").first()
    updates["first_responded_at"] = first_reply.created_at if first_reply else None
    if enquiry.status in (S.RESOLVED, S.CLOSED):
        updates["resolved_at"] = times.get(S.RESOLVED, enquiry.resolved_at)
    if enquiry.status == S.CLOSED:
        updates["closed_at"] = times.get(S.CLOSED, enquiry.closed_at)
    updates.update(
        _report_figures(
            enquiry,
            arrived=arrived,
            first_reply_at=updates["first_responded_at"],
            resolved_at=updates.get("resolved_at") if enquiry.status in (S.RESOLVED, S.CLOSED) else None,
        )
    )
    if enquiry.status in (S.NEW, S.OPEN):
        if scenario.due == "overdue":
            updates["due_at"] = now - datetime.timedelta(hours=5 + scenario.hours_ago % 40)
        elif scenario.due == "soon":
            updates["due_at"] = now + datetime.timedelta(hours=2 + scenario.hours_ago % 3)
        else:
            updates["due_at"] = deadlines.add_working_days(
                clock_started, services.response_working_days(), enquiry.holiday_subdivision
            )
    Enquiry.objects.filter(pk=enquiry.pk).update(**updates)


def _report_figures(enquiry: Enquiry, *, arrived, first_reply_at, resolved_at) -> dict:
    """The figures the reports read, worked out from the story's own (backdated) times as the services
    work them out at the moment itself: working seconds from arrival to the first reply and to
    resolution, and whether the first reply came before the response deadline ran out (the deadline
    moves on by the working time spent waiting on the enquirer or on hold before that reply)."""
    subdivision = enquiry.holiday_subdivision
    figures = {"first_response_seconds": None, "responded_within_deadline": None, "resolution_seconds": None}
    if first_reply_at is not None:
        figures["first_response_seconds"] = max(
            deadlines.working_seconds_between(arrived, first_reply_at, subdivision), 0
        )
        paused, paused_since = 0, None
        changes = enquiry.events.filter(kind=Event.Kind.STATUS, created_at__lt=first_reply_at).order_by(
            "created_at", "pk"
        )
        for change in changes:
            if change.to_status in states.PAUSED_STATUSES and paused_since is None:
                paused_since = change.created_at
            elif change.to_status not in states.PAUSED_STATUSES and paused_since is not None:
                paused += deadlines.working_seconds_between(paused_since, change.created_at, subdivision)
                paused_since = None
        if paused_since is not None:
            paused += deadlines.working_seconds_between(paused_since, first_reply_at, subdivision)
        allowed = services.response_working_days() * deadlines.WORKING_DAY_SECONDS
        figures["responded_within_deadline"] = figures["first_response_seconds"] - paused <= allowed
    if resolved_at is not None:
        figures["resolution_seconds"] = max(
            deadlines.working_seconds_between(arrived, resolved_at, subdivision), 0
        )
    return figures


def seed_ratings(created: dict[str, Enquiry], *, now) -> int:
    """The enquirers' ratings in RATINGS, through ratings.rating_record, dated some hours after each
    enquiry was resolved. Enquiries already rated are left alone. Returns how many were made."""
    from enquiries.ratings.service import rating_record

    made = 0
    for key, (score, comment, hours_after) in RATINGS.items():
        enquiry = Enquiry.objects.filter(pk=created[key].pk).first() if key in created else None
        if (
            enquiry is None
            or enquiry.resolved_at is None
            or SatisfactionRating.objects.filter(enquiry=enquiry).exists()
        ):
            continue
        rating, is_new = rating_record(enquiry=enquiry, score=score, comment=comment)
        if not is_new:
            continue
        when = min(enquiry.resolved_at + datetime.timedelta(hours=hours_after), now)
        SatisfactionRating.objects.filter(pk=rating.pk).update(created_at=when)
        Event.objects.filter(enquiry=enquiry, kind=Event.Kind.RATED).update(created_at=when)
        made += 1
    return made


@contextmanager
def _logs_at(level: int, *modules):
    """Raise these modules' loggers to `level` while seeding, so that routine lines do not bury the
    command's own report."""
    loggers = [logging.getLogger(module.__name__) for module in modules]
    levels = [log.level for log in loggers]
    for log in loggers:
        log.setLevel(level)
    try:
        yield
    finally:
        for log, previous in zip(loggers, levels, strict=True):
            log.setLevel(previous)


class DemoEmailBackend(locmem.EmailBackend):
    """Where the demo's emails go while seeding: Django's in-memory outbox (nothing leaves the machine),
    except that emails to REFUSED addresses are refused, as the provider refuses them."""

    def send_messages(self, messages):
        for message in messages:
            refused = sorted({address.lower() for address in message.recipients()} & REFUSED)
            if refused:
                raise AnymailRecipientsRefused(POSTMARK_REFUSAL.format(addresses=", ".join(refused)))
        return super().send_messages(messages)


def seed_dead_letters(new: list[Enquiry]) -> int:
    """How many dead letters this run made: the provider refuses the REFUSED addresses outright
    (AnymailRecipientsRefused), so deliver() puts their acknowledgements straight on the dead-letter
    list at the first attempt, as it would in production (no day of retries for an address that will
    not start working)."""
    return OutboundEmail.objects.filter(
        enquiry__in=[enquiry.pk for enquiry in new],
        to__in=sorted(REFUSED),
        status=OutboundEmail.Status.FAILED,
    ).count()


def _quoted(email: OutboundEmail) -> str:
    """An email of ours as a mail program quotes it under a reply."""
    sent = timezone.localtime(email.sent_at or email.created_at)
    intro = f"On {sent:%a} {sent.day} {sent:%b %Y at %H:%M}, {settings.DEFAULT_FROM_EMAIL} wrote:"
    return "\n".join([intro, *(f"> {line}".rstrip() for line in email.body_text.splitlines())])


def _mime(*, key: str, sender: str, to: str, subject: str, body: str, when, headers=()) -> bytes:
    """An email as the sender's mail program would send it, with a stable Message-ID made from `key`."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(when)
    message["Message-ID"] = f"<demo-{key}@mail.example.org>"
    for name, value in headers:
        message[name] = value
    message.set_content(body)
    return message.as_bytes()


def _inbound_emails(created: dict[str, Enquiry], *, now) -> list[tuple[str, datetime.datetime, bytes]]:
    """The emails that came in, as (key, when it arrived, raw message): a reply that threads (quoted
    history and signature hidden), the same enquirer writing from work (held: not the enquirer's address),
    an out-of-office (kept under automatic replies) and an email that matches nothing (held)."""
    hour = datetime.timedelta(hours=1)
    emails = []

    def latest_reply(key: str) -> OutboundEmail | None:
        if key not in created:
            return None
        replies = OutboundEmail.objects.filter(enquiry=created[key], kind=OutboundEmail.Kind.REPLY)
        return replies.order_by("-created_at").first()

    answer = latest_reply("e14")
    if answer is not None:
        enquiry = answer.enquiry
        when = max(now - 3 * hour, answer.created_at + hour)
        raw = _mime(
            key="e14-reply",
            sender=f"{enquiry.name} <{enquiry.email}>",
            to=outbox.reply_address(enquiry),
            subject=answer.subject if answer.subject.lower().startswith("re:") else f"Re: {answer.subject}",
            body=f"{NADIA_REPLY}\n\n{_quoted(answer)}\n",
            when=when,
            headers=[("In-Reply-To", answer.header_message_id), ("References", answer.header_message_id)],
        )
        emails.append(("e14-reply", when, raw))
    if "e02" in created:
        enquiry = created["e02"]
        when = now - 20 * hour
        raw = _mime(
            key="e02-from-work",
            sender="Daniel Price <d.price@northfield-hospital.example.org>",
            to=f"enquiries@{settings.INBOUND_EMAIL_DOMAIN}",
            subject=f"Chasing my enquiry {enquiry.reference}: supervised practice in CT",
            body=DANIEL_CHASE.format(reference=enquiry.reference),
            when=when,
        )
        emails.append(("e02-from-work", when, raw))
    answer = latest_reply("e06")
    if answer is not None:
        enquiry = answer.enquiry
        when = answer.created_at + datetime.timedelta(minutes=2)
        raw = _mime(
            key="e06-out-of-office",
            sender=f"{enquiry.name} <{enquiry.email}>",
            to=outbox.reply_address(enquiry),
            subject=f"Automatic reply: {answer.subject}",
            body=GARETH_AWAY,
            when=when,
            headers=[
                ("Auto-Submitted", "auto-replied"),
                ("X-Auto-Response-Suppress", "All"),
                ("In-Reply-To", answer.header_message_id),
            ],
        )
        emails.append(("e06-out-of-office", when, raw))
    when = now - 5 * hour
    raw = _mime(
        key="stray",
        sender="Sandra Okoye <sandra.okoye@example.net>",
        to=f"enquiries@{settings.INBOUND_EMAIL_DOMAIN}",
        subject="Returning to therapeutic radiography",
        body=STRAY_EMAIL,
        when=when,
    )
    emails.append(("stray", when, raw))
    return emails


def seed_inbound(created: dict[str, Enquiry], *, now) -> int:
    """The emails of _inbound_emails, through the inbound webhook's own code: saved by inbound_save
    (which de-duplicates by Message-ID, so each arrives once however often this runs) and processed by
    inbound_process (at once, unless the task backend already ran it), then dated when they arrived,
    with what they caused. Returns how many arrived this run."""
    made = 0
    for key, when, raw in _inbound_emails(created, now=now):
        marks = _marks()
        record, is_new = inbound.inbound_save(
            message=AnymailInboundMessage.parse_raw_mime_bytes(raw),
            provider=PROVIDER,
            event_id=f"demo-inbound-{key}",
        )
        if not is_new:
            continue
        record.refresh_from_db()
        if record.status == InboundEmail.Status.RECEIVED:
            inbound.inbound_process(record.pk)
            record.refresh_from_db()
        InboundEmail.objects.filter(pk=record.pk).update(
            received_at=when, processed_at=when + datetime.timedelta(seconds=5)
        )
        if record.enquiry_id:
            _stamp(record.enquiry, marks, when)
        made += 1
    return made


def _report_id(email: OutboundEmail, report: str) -> str:
    """A stable Postmark-like numeric id for a report about one email."""
    return str(int(hashlib.sha256(f"{report}:{email.header_message_id}".encode()).hexdigest()[:12], 16))


def _postmark_report(email: OutboundEmail, report: str, at) -> AnymailTrackingEvent:
    """The tracking event anymail's Postmark webhook would send for this report about one of our emails.
    It names the email by our Message-ID, which tracking.find_email matches (the demo's emails went to
    memory, so there is no provider message id). Postmark gives a Delivery report no id; tracking then
    derives one from the report itself, as it would in production."""
    event_type, reject_reason, record_type, bounce_type, description, details = POSTMARK_REPORTS[report]
    event_id = None if report == "delivered" else _report_id(email, report)
    esp_event = {
        "RecordType": record_type,
        "MessageID": email.header_message_id,
        "Recipient": email.to,
        "Details": details,
    }
    if bounce_type:
        esp_event.update(ID=int(event_id), Type=bounce_type, Description=description)
    return AnymailTrackingEvent(
        event_type=event_type,
        timestamp=at,
        event_id=event_id,
        esp_event=esp_event,
        message_id=email.header_message_id,
        recipient=email.to,
        reject_reason=reject_reason,
        description=description or None,
        mta_response=details or None,
    )


def seed_delivery_reports(created: dict[str, Enquiry]) -> int:
    """The provider's delivery reports, through tracking.delivery_event_record (which de-duplicates by
    event id, so each is recorded once however often this runs): DELIVERY_PROBLEMS first (a hard bounce or
    a complaint suppresses the address and tells the adviser, whose notice is dated with the report), then
    "delivered" for every other email sent about the demo enquiries. Returns how many were recorded."""
    first_mark = DeliveryEvent.objects.aggregate(m=Max("pk"))["m"] or 0
    sent = OutboundEmail.objects.filter(
        enquiry__in=[enquiry.pk for enquiry in created.values()], status=OutboundEmail.Status.SENT
    ).select_related("enquiry")
    made, not_delivered = 0, set()
    for key, kind, report, delay in DELIVERY_PROBLEMS:
        email = (
            sent.filter(enquiry=created[key], kind=kind).order_by("pk").first() if key in created else None
        )
        if email is None:
            continue
        if report != "complaint":  # a complaint comes after delivery; a bounce instead of it
            not_delivered.add(email.pk)
        at = (email.sent_at or email.created_at) + delay
        marks = _marks()
        if tracking.delivery_event_record(event=_postmark_report(email, report, at), provider=PROVIDER) != (
            "recorded"
        ):
            continue
        made += 1
        _stamp(email.enquiry, marks, at + datetime.timedelta(minutes=1))
        Suppression.objects.filter(email=email.to.strip().lower(), created_at__gt=at).update(created_at=at)
    delivered = sent.exclude(pk__in=not_delivered).exclude(kind=OutboundEmail.Kind.QUARANTINED)
    for email in delivered.order_by("pk"):
        at = (email.sent_at or email.created_at) + datetime.timedelta(seconds=3 + email.pk % 40)
        result = tracking.delivery_event_record(
            event=_postmark_report(email, "delivered", at), provider=PROVIDER
        )
        made += result == "recorded"
    # Received when they happened (the webhook answers within seconds).
    DeliveryEvent.objects.filter(pk__gt=first_mark, provider=PROVIDER).update(received_at=F("occurred_at"))
    return made


def seed_enquiries(*, password: str | None = None) -> dict[str, int]:
    """Teams, rules, advisers, canned responses and the demo enquiries. Safe to run again: enquiries
    already made (known by their submission key) are left as they are. Returns what it made."""
    password = password or demo_password()
    made = {"enquiries": 0}
    # Whatever EMAIL_BACKEND says, the demo's emails (acknowledgements, replies, notices) stay in memory;
    # those to REFUSED addresses are refused, as the provider would.
    with override_settings(EMAIL_BACKEND="enquiries.demo.DemoEmailBackend"):
        with transaction.atomic():
            context = seed_teams(password)
        now = timezone.now()
        digests = {services.submission_digest(f"{SUBMISSION_PREFIX}{s.key}"): s.key for s in SCENARIOS}
        created = {
            digests[enquiry.submission_key]: enquiry
            for enquiry in Enquiry.objects.filter(submission_key__in=list(digests))
        }
        new: list[Enquiry] = []
        for scenario in SCENARIOS:
            if scenario.key in created:
                continue
            # Not one transaction per enquiry: each service commits, so its emails are sent (to memory)
            # during the step that caused them and are dated with it.
            with _logs_at(logging.CRITICAL, outbox):  # the two refusals are the demo, not news
                created[scenario.key] = _play(
                    scenario, now=now, advisers=context["advisers"], created=created
                )
            new.append(created[scenario.key])
            made["enquiries"] += 1
        made["ratings"] = seed_ratings(created, now=now)
        made["dead_letters"] = seed_dead_letters(new)
        with _logs_at(logging.WARNING, inbound, tracking):  # no line for each of 200 routine events
            made["inbound_emails"] = seed_inbound(created, now=now)
            made["delivery_reports"] = seed_delivery_reports(created)
    made.update(
        teams=Team.objects.count(),
        rules=RoutingRule.objects.count(),
        canned_responses=CannedResponse.objects.count(),
        advisers=len(ADVISERS),
    )
    return made
