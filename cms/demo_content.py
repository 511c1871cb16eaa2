"""The demo site's words and data: taxonomy, guidance, news, standard pages, documents and resources.

Loaded by `python manage.py seed_demo`. Everything here is data; the command builds it with the
factories in `cms/factories.py`. Facts come from /work/shared/domain/FACTS.md, written in our own words;
every fee, figure or rule has a "source" block. Where the facts file marks a figure as one to check,
the text says so.

Two kinds of internal reference are resolved when the content is loaded:
- in rich text, `<a href="page:returning-to-practice/supervised-practice">` becomes a Wagtail page link
  (the path is below the home page) and `<a href="doc:updating-log">` a document link;
- a `document` block's `"document": "doc:updating-log"` becomes that document's id.
"""

from __future__ import annotations

import datetime
import re

from cms.factories import source_block

# When the facts were last checked against their sources (FACTS.md was gathered in late 2026).
LAST_CHECKED = datetime.date(2026, 11, 2)

# --------------------------------------------------------------------------------------------------
# Block helpers: StreamField raw data in the shapes cms/blocks.py defines
# --------------------------------------------------------------------------------------------------


def _html(value: str) -> str:
    """Rich text as Wagtail stores it: the line breaks in this file are only for reading."""
    return re.sub(r"\s+", " ", value).strip()


def text(html: str) -> dict:
    return {"type": "rich_text", "value": _html(html)}


def callout(kind: str, heading: str, body: str) -> dict:
    return {"type": "callout", "value": {"kind": kind, "heading": heading, "body": _html(body)}}


def steps(heading: str, items: list[tuple[str, str]]) -> dict:
    return {
        "type": "step_by_step",
        "value": {"heading": heading, "steps": [{"title": t, "body": _html(b)} for t, b in items]},
    }


def faq(heading: str, items: list[tuple[str, str]]) -> dict:
    return {
        "type": "accordion",
        "value": {"heading": heading, "items": [{"question": q, "answer": _html(a)} for q, a in items]},
    }


def source(src: tuple[str, str], statement: str = "") -> dict:
    title, url = src
    return source_block(title, url, LAST_CHECKED, statement=statement)


def document(key: str, title: str = "", description: str = "") -> dict:
    return {
        "type": "document",
        "value": {"document": f"doc:{key}", "title": title, "description": description},
    }


# --------------------------------------------------------------------------------------------------
# Taxonomy
# --------------------------------------------------------------------------------------------------

PATHWAYS = [
    {"name": "Return to practice", "slug": "return-to-practice", "short_name": "RtP", "sort_order": 1},
    {
        "name": "International recruitment",
        "slug": "international-recruitment",
        "short_name": "IR",
        "sort_order": 2,
    },
]
NATIONS = [
    {"name": "England", "slug": "england", "holiday_subdivision": "ENG", "sort_order": 1},
    {"name": "Scotland", "slug": "scotland", "holiday_subdivision": "SCT", "sort_order": 2},
    {"name": "Wales", "slug": "wales", "holiday_subdivision": "WLS", "sort_order": 3},
    {"name": "Northern Ireland", "slug": "northern-ireland", "holiday_subdivision": "NIR", "sort_order": 4},
]
AUDIENCES = [
    {"name": "Returnee", "slug": "returnee", "sort_order": 1},
    {"name": "International recruit", "slug": "international-recruit", "sort_order": 2},
    {"name": "Manager", "slug": "manager", "sort_order": 3},
    {"name": "Educator", "slug": "educator", "sort_order": 4},
]
TOPICS = [
    {
        "name": "HCPC registration",
        "slug": "hcpc-registration",
        "description": "Getting on, or back on, the Health and Care Professions Council Register.",
    },
    {
        "name": "Updating and CPD",
        "slug": "updating-and-cpd",
        "description": "The days of updating a returner needs, and keeping up continuing professional development.",
    },
    {
        "name": "Funding",
        "slug": "funding",
        "description": "Bursaries, programme funding and costs in each of the four nations.",
    },
    {
        "name": "Supervised practice",
        "slug": "supervised-practice",
        "description": "Working under a registered supervisor: finding, agreeing and recording a placement.",
    },
    {
        "name": "English language",
        "slug": "english-language",
        "description": "Evidence of English for HCPC registration and for the visa.",
    },
    {
        "name": "Visas and immigration",
        "slug": "visas-and-immigration",
        "description": "The Health and Care Worker visa, sponsorship and the costs involved.",
    },
    {
        "name": "Induction and pastoral care",
        "slug": "induction-and-pastoral-care",
        "description": "Arriving, settling in, preceptorship and support that keeps people in post.",
    },
    {
        "name": "IR(ME)R and radiation protection",
        "slug": "irmer-and-radiation-protection",
        "description": "Entitlement, training records and radiation safety under IR(ME)R.",
    },
    {
        "name": "Workforce and recruitment",
        "slug": "workforce-and-recruitment",
        "description": "Ethical recruitment, workforce numbers and what managers need to plan.",
    },
]
for _i, _topic in enumerate(TOPICS, start=1):
    _topic["sort_order"] = _i

# --------------------------------------------------------------------------------------------------
# Sources (title, https address), from FACTS.md
# --------------------------------------------------------------------------------------------------

S_HCPC_UPDATING = (
    "HCPC: Updating your knowledge and skills",
    "https://www.hcpc-uk.org/registration/returning-to-practice/updating-your-knowledge-and-skills/",
)
S_HCPC_RTP_FORM = (
    "HCPC: How to fill out the returning to practice form",
    "https://www.hcpc-uk.org/registration/returning-to-practice/how-to-fill-out-the-returning-to-practice-form/",
)
S_RWT = (
    "SoR: Updating skills and knowledge",
    "https://www.sor.org/learning-advice/learning/return-to-practice/updating-skills-and-knowledge",
)
S_HCPC_REQUIREMENTS = (
    "HCPC: Returning to practice, our requirements",
    "https://www.hcpc-uk.org/registration/returning-to-practice/our-requirements/",
)
S_SOR_UPDATING = (
    "SoR: Updating skills and knowledge",
    "https://www.sor.org/learning-advice/learning/return-to-practice/updating-skills-and-knowledge",
)
S_SOR_MUST_READ = (
    "SoR: Return to practice, must-read information",
    "https://www.sor.org/career-progression/return-practice/must-read-information",
)
S_HCPC_READMISSION_DEF = (
    "HCPC: Readmission (what counts as practising)",
    "https://www.hcpc-uk.org/registration/getting-on-the-register/readmission/",
)
S_HCPC_APPLY_READMISSION = (
    "HCPC: Readmission",
    "https://www.hcpc-uk.org/registration/getting-on-the-register/readmission/",
)
S_HCPC_READMISSION = (
    "HCPC: Readmission",
    "https://www.hcpc-uk.org/registration/getting-on-the-register/readmission/",
)
S_HCPC_FEES = (
    "HCPC: Changes to our registration fees",
    "https://www.hcpc-uk.org/registration/your-registration/fees-and-tax/changes-to-our-registration-fees",
)
S_SOR_CPD = (
    "SoR: HCPC renewal for radiographers opens in December",
    "https://www.sor.org/news/hcpc/hcpc-renewal-for-radiographers-opens-in-december",
)
S_SYNERGY_RENEWAL = (
    "HCPC: Renewals (information for employers)",
    "https://www.hcpc-uk.org/employers/registration/renewals/",
)
S_HCPC_INT_APPLY = (
    "HCPC: International applications, how to apply",
    "https://www.hcpc-uk.org/registration/getting-on-the-register/international-applications/how-to-apply/",
)
S_HCPC_INT_PROCESS = (
    "HCPC: International applications, how to apply",
    "https://www.hcpc-uk.org/registration/getting-on-the-register/international-applications/how-to-apply/",
)
S_HCPC_INT_OUTCOME = (
    "HCPC: Outcome of your assessment",
    "https://www.hcpc-uk.org/registration/getting-on-the-register/international-applications/what-to-expect/outcome-of-your-assessment/",
)
S_HCPC_INT_QUALIFICATION = (
    "HCPC: Your qualification (international applications)",
    "https://www.hcpc-uk.org/registration/getting-on-the-register/international-applications/how-to-apply/your-qualification/",
)
S_HCPC_CERTIFYING = (
    "HCPC: Documents you need to provide",
    "https://www.hcpc-uk.org/registration/getting-on-the-register/uk-applications/documents-you-need-to-provide/",
)
S_HCPC_ENGLISH = (
    "HCPC: New English language requirements for international applicants",
    "https://www.hcpc-uk.org/news-and-events/news/2024/new-english-language-requirements-for-international-applicants-to-come-into-effect-in-2025",
)
S_HCPC_INT_FORM = (
    "HCPC: New English language requirements for international applicants",
    "https://www.hcpc-uk.org/news-and-events/news/2024/new-english-language-requirements-for-international-applicants-to-come-into-effect-in-2025",
)
S_OET = (
    "OET: How to request a comparability statement for registration with the HCPC",
    "https://oet.com/post/how-to-request-a-comparability-statement-for-registration-with-the-hcpc",
)
S_UK_ENIC = ("UK ENIC: the UK national information centre for qualifications", "https://www.enic.org.uk/")
S_SOR_IRMER_TRAINING = (
    "legislation.gov.uk: The Ionising Radiation (Medical Exposure) Regulations 2017",
    "https://www.legislation.gov.uk/uksi/2017/1322/body/made",
)
S_HCPC_SNAPSHOT = (
    "HCPC: Registrant snapshot, January 2025",
    "https://www.hcpc-uk.org/resources/data/2025/registrant-snapshot-january-2025",
)
S_HCPC_RETENTION = (
    "HCPC: Retention rates of first-time international registrants, 2013 to 2018",
    "https://www.hcpc-uk.org/resources/reports/2024/retention-rates-of-first-time-hcpc-international-registrants-2013-to-2018/",
)
S_SOR_RETURN_OF_RAD = ("SoR: Return of the rad", "https://www.sor.org/news/careers/return-of-the-rad")
S_GOV_RTP_EVALUATION = (
    "GOV.UK: Return to practice programme evaluation",
    "https://www.gov.uk/government/publications/return-to-practice-evaluation-report/"
    "return-to-practice-programme-evaluation-html-version",
)
S_AHPNW = (
    "AHP North West: Return to practice for AHPs",
    "https://www.ahpnw.nhs.uk/latest-news/279-urgent-help-required-with-return-to-practice-for-ahps",
)
S_RCSLT_2020 = (
    "NHS Employers: Return to practice for healthcare professionals",
    "https://www.nhsemployers.org/articles/return-practice-healthcare-professionals",
)
S_HEE_RTP_PROGRAMME = (
    "NHS England (formerly HEE): Return to practice for allied health professionals and healthcare scientists",
    "https://www.hee.nhs.uk/our-work/return-practice-allied-health-professionals-healthcare-scientists",
)
S_CLCH = (
    "CLCH: Returning allied health professions",
    "https://clch.nhs.uk/job/return-practice/returning-allied-health-professions",
)
S_NHS_EMPLOYERS_RTP = (
    "NHS Employers: Return to practice for healthcare professionals",
    "https://www.nhsemployers.org/articles/return-practice-healthcare-professionals",
)
S_MEDWAY = (
    "Medway Community Healthcare: Return to practice for AHPs",
    "https://www.medwaycommunityhealthcare.nhs.uk/work-us/return-practice/return-practice-ahp",
)
S_HEIW = (
    "HEIW: Return to practice for allied health professionals and healthcare scientists",
    "https://heiw.nhs.wales/careers/education-and-training/return-to-practice/"
    "return-to-practice-for-allied-health-professionals-and-health-care-scientists",
)
S_NHS_SCOT_SUPERVISED = (
    "NHS Scotland Careers: How to arrange supervised practice (AHPs)",
    "https://www.careers.nhs.scot/shape-your-future/return-to-practice/allied-health-professions/how-to-arrange-supervised-practice",
)
S_NHS_SCOT_RTP = (
    "NHS Scotland Careers: Returning to practice",
    "https://www.careers.nhs.scot/careers/find-your-career/returning-to-practice/",
)
S_HEALTH_CAREERS_RETURN = (
    "Health Careers: Returning to a health career",
    "https://www.healthcareers.nhs.uk/career-planning/returning-health-career",
)
S_SOR_NI_PLACES = (
    "SoR: Northern Ireland cuts student radiography places",
    "https://www.sor.org/news/northern-ireland/northern-ireland-cuts-student-radiography-places-b",
)
S_SCOT_CODE_6 = (
    "Scottish Government: Code of practice for international recruitment (revised March 2023), part 6",
    "https://www.gov.scot/publications/"
    "scottish-code-practice-international-recruitment-health-social-care-personnel-march-2023-revised/pages/6/",
)
S_SCOT_CODE_7 = (
    "Scottish Government: Code of practice for international recruitment (revised March 2023), part 7",
    "https://www.gov.scot/publications/scottish-code-practice-international-recruitment-health-social-care-personnel-march-2023-revised/pages/7/",
)
S_CODE_ENGLAND = (
    "GOV.UK: Code of practice for the international recruitment of health and social care personnel in England",
    "https://www.gov.uk/government/publications/code-of-practice-for-the-international-recruitment-of-health-"
    "and-social-care-personnel/code-of-practice-for-the-international-recruitment-of-health-and-social-care-"
    "personnel-in-england",
)
S_RED_LIST_PRESS = (
    "GOV.UK: Code of practice for the international recruitment of health and social care personnel",
    "https://www.gov.uk/government/publications/code-of-practice-for-the-international-recruitment-of-health-and-social-care-personnel",
)
S_NAIRAMETRICS = (
    "NHS Employers: Code of practice list of developing countries (red and amber)",
    "https://www.nhsemployers.org/your-workforce/recruit/employer-led-recruitment/international-recruitment/uk-code-of-practice-for-international-recruitment/list-of-developing-countries",
)
S_RAG = (
    "NHS Employers: Code of practice list of developing countries (red and amber)",
    "https://www.nhsemployers.org/your-workforce/recruit/employer-led-recruitment/international-recruitment/uk-code-of-practice-for-international-recruitment/list-of-developing-countries",
)
S_RESIDENCE = (
    "NHS Employers: Code of practice frequently asked questions",
    "https://www.nhsemployers.org/articles/code-practice-frequently-asked-questions",
)
S_SOC = (
    "NHS Employers: Immigration policy changes, webinar with the Home Office",
    "https://www.nhsemployers.org/articles/immigration-policy-changes-webinar-home-office",
)
S_BIRKETTS = (
    "GOV.UK: Health and Care Worker visa, how much it costs",
    "https://www.gov.uk/health-care-worker-visa/how-much-it-costs",
)
S_VISA_FEE_LAW = (
    "legislation.gov.uk: Immigration and Nationality (Fees) (Amendment) Regulations 2025, regulation 3(5)",
    "https://www.legislation.gov.uk/id/uksi/2025/363/regulation/3/5",
)
S_RCN_IHS = (
    "NHS Employers: Impacts of changes to UK immigration policy",
    "https://www.nhsemployers.org/articles/impacts-changes-uk-immigration-policy",
)
S_SALARY = (
    "GOV.UK: Health and Care Worker visa, your job",
    "https://www.gov.uk/health-care-worker-visa/your-job",
)
S_DAVENPORT = (
    "GOV.UK: Health and Care Worker visa",
    "https://www.gov.uk/health-care-worker-visa",
)
S_VISA_EXPLAINED = (
    "GOV.UK: Health and Care Worker visa",
    "https://www.gov.uk/health-care-worker-visa",
)
S_SWLSTG = (
    "South West London and St George's: Pastoral Care Quality Award",
    "https://swlstg.nhs.uk/latest-news/trust-achieves-pastoral-care-quality-award-for-international-recruitment-1757",
)
S_RNOH = (
    "RNOH: NHS Pastoral Care Quality Award",
    "https://www.rnoh.nhs.uk/news/rnoh-win-nhs-pastoral-care-quality-award",
)
S_EPUT = (
    "Lancashire Teaching Hospitals: support for international staff",
    "https://lancsteachinghospitals.nhs.uk/news/article/596",
)
S_OUH = (
    "Medway NHS Foundation Trust: NHS Pastoral Care Quality Award",
    "https://medway.nhs.uk/news/trust-receives-nhs-pastoral-care-quality-award",
)
S_LANCS = (
    "Lancashire Teaching Hospitals: support for international staff",
    "https://lancsteachinghospitals.nhs.uk/news/article/596",
)
S_SOUTH_WEST_IR = (
    "HEE: Collaborative approaches to AHP international recruitment",
    "https://www.hee.nhs.uk/our-work/allied-health-professions/increase-capacity/supporting-international-recruitment-ahp%E2%80%99s/collaborative-approaches-ahp-international-recruitment",
)
S_NMC_COMPARISON = (
    "NMC: Returning to the register, checklist of requirements",
    "https://www.nmc.org.uk/registration/returning-to-the-register/checklist-of-requirements/",
)
S_MRPBA = (
    "Medical Radiation Practice Board of Australia: Recency of practice",
    "https://www.medicalradiationpracticeboard.gov.au/Registration/rop.aspx",
)
S_IRMER_2017 = (
    "legislation.gov.uk: The Ionising Radiation (Medical Exposure) Regulations 2017",
    "https://www.legislation.gov.uk/uksi/2017/1322/contents",
)

# --------------------------------------------------------------------------------------------------
# Home and hubs
# --------------------------------------------------------------------------------------------------

HOME = {
    "title": "Home",
    "hero_heading": "Return to radiography, or start your career in the UK",
    "hero_text": (
        "Guidance you can trust, stories from radiographers who have done it, resources for managers, "
        "and a person at the Society of Radiographers to ask when you are stuck."
    ),
    "search_description": (
        "Support from the Society of Radiographers for radiographers returning to practice, radiographers "
        "trained abroad, and the managers who welcome them."
    ),
    "body": [
        text(
            """
<h2>Where are you starting from?</h2>
<ul>
<li><a href="page:returning-to-practice">Returning to practice</a>: you were registered with the HCPC, or
trained in the UK, and have been away from radiography for a while.</li>
<li><a href="page:international-recruitment">International recruitment</a>: you trained outside the UK and
want to work here as a diagnostic or therapeutic radiographer.</li>
<li><a href="page:managers">Managers</a>: you lead a radiology or radiotherapy service and want to offer a
placement or recruit from abroad, well.</li>
</ul>
"""
        ),
        callout(
            "info",
            "Ask us",
            """
<p>If your situation does not fit the guidance, our advisers can help. See
<a href="/get-help/">get help</a> for how to reach them.</p>
""",
        ),
    ],
}

HUBS = [
    {
        "key": "rtp",
        "slug": "returning-to-practice",
        "title": "Returning to practice",
        "pathway": "return-to-practice",
        "audience": "returnee",
        "introduction": (
            "Coming back to diagnostic or therapeutic radiography after a break: what the HCPC asks of you, "
            "how to plan your updating, where the funding is, and how to get back on the Register."
        ),
        "search_description": (
            "How to return to radiography after time away: the HCPC updating requirement, supervised practice, "
            "study, funding in each nation and readmission."
        ),
        "body": [
            text(
                """
<p>Most radiographers who have been away for more than two years need a period of updating before they
can rejoin the HCPC Register. Start with <a href="page:returning-to-practice/hcpc-updating-requirement">the
HCPC updating requirement</a> to work out how many days you need, then read the guides below in order.</p>
"""
            ),
            steps(
                "Your return at a glance",
                [
                    (
                        "Work out what you need",
                        "<p>Your time away decides whether you need 0, 30 or 60 days of updating.</p>",
                    ),
                    (
                        "Plan and fund your updating",
                        "<p>Mix supervised practice with formal and private study, and check the funding for the nation you will work in.</p>",
                    ),
                    (
                        "Find a placement and a supervisor",
                        "<p>Most returners arrange their own; we explain how to ask.</p>",
                    ),
                    (
                        "Apply for readmission",
                        "<p>Send the HCPC form and fee once your updating is done.</p>",
                    ),
                ],
            ),
            source(S_HCPC_UPDATING, "None, 30 or 60 days of updating, depending on time out of practice"),
        ],
    },
    {
        "key": "ir",
        "slug": "international-recruitment",
        "title": "International recruitment",
        "pathway": "international-recruitment",
        "audience": "international-recruit",
        "introduction": (
            "Trained as a radiographer outside the UK? The steps from English language evidence to HCPC "
            "registration, the visa, your first weeks and your entitlement to work under IR(ME)R."
        ),
        "search_description": (
            "Guidance for radiographers trained abroad: HCPC international registration, English language, "
            "UK ENIC, the Health and Care Worker visa, ethical recruitment, induction and preceptorship."
        ),
        "body": [
            text(
                """
<p>Working as a radiographer in the UK means joining the HCPC Register first. The process takes months,
not weeks, so it helps to know the order of things before you start. Begin with
<a href="page:international-recruitment/your-steps-in-order">your steps in order</a>.</p>
"""
            ),
            callout(
                "warning",
                "Never pay a recruiter for a job",
                """
<p>Under the UK's codes of practice, recruitment agencies must not charge health workers fees for finding
them work. Read <a href="page:international-recruitment/ethical-recruitment-code">the ethical recruitment
code</a> before you sign anything.</p>
""",
            ),
        ],
    },
]

MANAGERS_HUB = {
    "slug": "managers",
    "title": "Managers",
    "audience": "manager",
    "introduction": (
        "For radiology and radiotherapy managers: guidance, checklists, templates, e-learning and toolkits "
        "for supporting returners and international recruits."
    ),
    "search_description": (
        "A library of resources for radiography managers who take returners on placement or recruit "
        "internationally, from the SoR, NHS Employers, NHS England, HCPC, HEIW and NHS Education for Scotland."
    ),
    "body": [
        text(
            """
<p>Filter the library by what you need and where you work. Resources marked "signed-in managers only"
appear once you sign in with an account in the managers' group.</p>
"""
        ),
    ],
}

# --------------------------------------------------------------------------------------------------
# Guidance: returning to practice
# --------------------------------------------------------------------------------------------------
# Each page: slug, title, summary, pathway, audiences, nations (empty = UK-wide), topics, owner,
# reviewed (days ago), review_due (days from today; negative = overdue), body.

RTP_GUIDANCE = [
    {
        "slug": "hcpc-updating-requirement",
        "title": "The HCPC updating requirement",
        "summary": (
            "How many days of updating you need before rejoining the HCPC Register: none under 2 years away, "
            "30 days for 2 to 5 years, 60 days for 5 years or more."
        ),
        "pathway": "return-to-practice",
        "audiences": ["returnee", "manager"],
        "nations": [],
        "topics": ["hcpc-registration", "updating-and-cpd"],
        "owner": "Professional Policy team",
        "reviewed": 40,
        "review_due": 325,
        "body": [
            text(
                """
<p>The Health and Care Professions Council (HCPC) wants to be sure that anyone coming back onto its
Register is still safe and effective. If you have been out of practice for a while, you show this by
completing a set amount of <b>updating</b> before you apply for readmission. How much depends only on how
long you have been away.</p>
<h2>How many days you need</h2>
<ul>
<li><b>Out of practice for less than 2 years</b>: no updating is required. You can apply for readmission
straight away.</li>
<li><b>Out of practice for 2 to 5 years</b>: 30 days of updating.</li>
<li><b>Out of practice for 5 years or more</b>: 60 days of updating.</li>
</ul>
<p>A day means <b>7 hours</b>. So 30 days is 210 hours and 60 days is 420 hours. You do not have to do the
hours in whole days: two half-days of 3.5 hours make one day.</p>
"""
            ),
            source(
                S_HCPC_UPDATING,
                "Updating needed by time out of practice (none, 30 days, 60 days) and 1 day = 7 hours",
            ),
            source(S_RWT, "The same 30 and 60 day requirement, as SoR explains it to returners"),
            text(
                """
<h2>What counts as updating</h2>
<p>You can make up your days from any mix of three kinds of activity:</p>
<ul>
<li><b>supervised practice</b>: working under the supervision of a registered radiographer (see
<a href="page:returning-to-practice/supervised-practice">supervised practice</a>);</li>
<li><b>formal study</b>: courses, study days, e-learning with an assessment, conferences;</li>
<li><b>private study</b>: reading journals, reviewing guidelines, self-directed learning.</li>
</ul>
<p>The only limit is that <b>private study must not be more than half</b> of your updating: at most 15 of
30 days, or 30 of 60 days. The HCPC gives examples of mixes it accepts for 30 days: all 30 days of
supervised practice; 10 days of each kind; or 15 days of private study with 15 of formal study. Read more in
<a href="page:returning-to-practice/formal-and-private-study">formal and private study</a>.</p>
"""
            ),
            source(
                S_HCPC_RTP_FORM,
                "Any mix of supervised practice, formal and private study; private study at most half",
            ),
            callout(
                "important",
                "Your employer may ask for more supervised practice",
                """
<p>The HCPC does not require any supervised practice: a 30-day update made entirely of formal study is
allowed. Some NHS trusts ask returners for at least half of their updating in practice. That is the
trust's own rule for its placements, not the HCPC's.</p>
""",
            ),
            text(
                """
<h2>The time window</h2>
<p>Updating should normally be completed in the <b>12 months</b> before you apply. During the COVID-19
pandemic the HCPC extended this to <b>24 months</b> as a temporary measure, and some pages (including NHS
Scotland's) still say 24 months. Check the HCPC's current page before you plan your timetable.</p>
"""
            ),
            source(
                S_HCPC_REQUIREMENTS,
                "Updating normally within 12 months; temporarily 24 months because of COVID-19",
            ),
            text(
                """
<h2>Who else the rules apply to</h2>
<ul>
<li><b>Never registered?</b> If you hold an approved UK qualification that is more than 5 years old and
you have never been on the Register, the same updating rules apply to you.</li>
<li><b>Practised abroad?</b> If you are UK-qualified and have been practising as a radiographer outside the
UK within the last 2 years, you do not need to update. You complete the readmission forms together with a
form about your practice abroad.</li>
<li><b>Teaching, managing or researching?</b> The HCPC defines "practising your profession" broadly. If
you have been working in radiography education, management or research, you may not be out of practice
at all.</li>
</ul>
"""
            ),
            source(
                S_SOR_UPDATING,
                "The rules also apply to people never registered whose approved qualification is over 5 years old",
            ),
            source(
                S_SOR_MUST_READ,
                "UK-qualified radiographers who practised abroad in the last 2 years do not need updating",
            ),
            source(
                S_HCPC_READMISSION_DEF,
                "Practising your profession includes education, management and research roles",
            ),
            faq(
                "Questions people ask",
                [
                    (
                        "I have been away for exactly 5 years. Is that 30 or 60 days?",
                        "<p>Five years or more means 60 days. If you are close to the boundary, count from the date you last "
                        "practised, and ask us if you are unsure.</p>",
                    ),
                    (
                        "Can I count study I did before I decided to return?",
                        "<p>Only if it falls inside the time window before your application. Keep dated evidence of everything "
                        "you count.</p>",
                    ),
                    (
                        "Do I need a course?",
                        "<p>No. There is no compulsory return-to-practice course for radiographers; you design your own updating "
                        "within the HCPC's rules.</p>",
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "supervised-practice",
        "title": "Supervised practice",
        "summary": (
            "What supervised practice is, who can supervise you, where it can take place and how to make the "
            "most of your placement."
        ),
        "pathway": "return-to-practice",
        "audiences": ["returnee", "manager"],
        "nations": [],
        "topics": ["supervised-practice", "updating-and-cpd"],
        "owner": "Professional Policy team",
        "reviewed": 60,
        "review_due": 305,
        "body": [
            text(
                """
<p>Supervised practice is time spent working as a radiographer under the supervision of someone who is
already registered. It is usually the most valuable part of your updating: it rebuilds hands-on
confidence with today's equipment, systems and protocols, and it gives you a reference for your next job.</p>
<h2>Who can supervise you</h2>
<p>Your supervisor must:</p>
<ul>
<li>have been on the radiographer part of the HCPC Register for <b>at least the previous 3 years</b>;</li>
<li>not be subject to fitness-to-practise proceedings or sanctions; and</li>
<li>supervise only within their own scope of practice.</li>
</ul>
<p>The person who signs the cover sheet of your returning-to-practice form (the counter-signatory) must
be HCPC-registered in the same profession as you.</p>
"""
            ),
            source(
                S_HCPC_UPDATING,
                "Supervisor on the relevant part of the Register for at least 3 years, with no fitness-to-practise sanctions",
            ),
            source(S_HCPC_RTP_FORM, "Counter-signatory from the same profession and HCPC-registered"),
            text(
                """
<h2>Where it can happen</h2>
<p>Most returners do their supervised practice in an imaging or radiotherapy department, but the HCPC also
accepts supervised practice in teaching, management or research, as long as it is supervised by a suitable
registrant. Think about what you will do next: if you plan to return to CT, a placement that includes CT
will serve you better.</p>
<h2>What kind of arrangement</h2>
<p>Placements are arranged in different ways:</p>
<ul>
<li>an <b>honorary contract</b> or volunteer agreement, unpaid, for the length of the placement;</li>
<li>a <b>paid support role</b> while you update: some employers have offered returners a Band 3 or Band 4
post during supervised practice, and paid their HCPC fees on completion;</li>
<li>a placement agreed through a national programme, such as NHS England's in England, or a health board's
return-to-practice team in Scotland.</li>
</ul>
"""
            ),
            source(S_CLCH, "A paid Band 4 role during supervised practice, with enhanced preceptorship"),
            source(S_MEDWAY, "A paid Band 3 role during supervised practice"),
            steps(
                "Making the most of your placement",
                [
                    (
                        "Agree a plan before you start",
                        "<p>Write down what you want to cover, your hours, who supervises you and how you will "
                        'record progress. Our <a href="doc:supervised-practice-agreement">supervised practice '
                        "agreement template</a> is a starting point.</p>",
                    ),
                    (
                        "Log every day",
                        '<p>Record dates, hours, what you did and who supervised you. Use the <a href="doc:updating-log">updating days log</a>.</p>',
                    ),
                    (
                        "Review halfway",
                        "<p>Meet your supervisor to check progress against your plan and adjust the second half.</p>",
                    ),
                    (
                        "Get the form signed",
                        "<p>At the end, your supervisor and counter-signatory complete their parts of the HCPC form.</p>",
                    ),
                ],
            ),
            callout(
                "info",
                "Radiation protection comes first",
                """
<p>During supervised practice you work under your supervisor's direction. Your placement department should
tell you how it applies IR(ME)R to returners, and what you may and may not do on your own.</p>
""",
            ),
        ],
    },
    {
        "slug": "formal-and-private-study",
        "title": "Formal and private study",
        "summary": (
            "How formal and private study count towards your updating, the rule that private study is at most "
            "half, and how to record it."
        ),
        "pathway": "return-to-practice",
        "audiences": ["returnee", "educator"],
        "nations": [],
        "topics": ["updating-and-cpd"],
        "owner": "Education and Learning team",
        "reviewed": 90,
        "review_due": 275,
        "body": [
            text(
                """
<p>Study lets you update your knowledge on your own timetable, often before you find a placement. It can
make up part or, for formal study, all of your updating.</p>
<h2>Formal study</h2>
<p>Formal study is structured learning that someone else has designed: a university module, a study day, a
conference, a webinar series, or e-learning with an assessment. Good choices for returners include
radiation protection and IR(ME)R, image evaluation, infection prevention, safeguarding, and the modality you
plan to work in.</p>
<h2>Private study</h2>
<p>Private study is learning you direct yourself: reading journal articles, reviewing departmental
protocols and national guidelines, or working through textbooks. It counts, but it <b>must not be more than
half</b> of your updating period: at most 15 days out of 30, or 30 days out of 60.</p>
"""
            ),
            source(S_HCPC_RTP_FORM, "Private study must not exceed half of the updating period"),
            steps(
                "Three ways to make up 30 days",
                [
                    ("All practice", "<p>30 days of supervised practice.</p>"),
                    (
                        "An even mix",
                        "<p>10 days of supervised practice, 10 of formal study and 10 of private study.</p>",
                    ),
                    ("Study only", "<p>15 days of formal study and 15 days of private study.</p>"),
                ],
            ),
            source(S_HCPC_RTP_FORM, "HCPC's own examples of valid 30-day mixes"),
            text(
                """
<h2>Keeping a record</h2>
<p>For each activity note the date, the hours, what you learned and how it applies to your practice. Count
7 hours as one day. Keep certificates and reading lists: the HCPC can ask to see your evidence. The
<a href="doc:updating-log">updating days log</a> adds up your hours and shows whether private study is
still within half.</p>
"""
            ),
            document(
                "updating-log",
                description="A Word template that adds up supervised, formal and private days.",
            ),
            faq(
                "Questions people ask",
                [
                    (
                        "Does unassessed e-learning count as formal or private study?",
                        "<p>If a course has set content, learning outcomes and some form of assessment or certificate, "
                        "record it as formal study. Reading around a topic on your own is private study.</p>",
                    ),
                    (
                        "My trust says at least half must be in practice. Who is right?",
                        "<p>Both. The HCPC sets no minimum for supervised practice, but an employer can set conditions for its "
                        "own placements.</p>",
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "funding-england",
        "title": "Funding and support in England",
        "summary": (
            "NHS England's return to practice programme for allied health professionals: who can use it, what "
            "it has paid, and how to register your interest."
        ),
        "pathway": "return-to-practice",
        "audiences": ["returnee", "manager"],
        "nations": ["england"],
        "topics": ["funding"],
        "owner": "Professional Policy team",
        "reviewed": 420,
        "review_due": -55,
        "body": [
            text(
                """
<p>In England, returners can get help through NHS England's national return to practice programme for
allied health professionals (AHPs), which began in 2017. By February 2022 more than 600 AHPs had returned to
the Register through it, including 100 radiographers: 79 diagnostic and 21 therapeutic.</p>
"""
            ),
            source(
                S_SOR_RETURN_OF_RAD,
                "Programme since 2017; 600+ AHPs returned by February 2022, including 100 radiographers",
            ),
            text(
                """
<h2>Who can use it</h2>
<p>The programme is for people who live in England and plan to work there, and who were previously
HCPC-registered or are UK-qualified. It does not cover radiographers trained overseas who have never been
on the HCPC Register, people who will work outside England, or anyone with fitness-to-practise issues.</p>
<h2>What it pays</h2>
<p>Register your interest with the programme before you start your updating. You then have one year to
finish, and the reference number you receive is what employers and universities ask for when you apply for a
returner post or a course.</p>
<p>NHS England funds national return to practice programmes, including one for allied health professionals
registered with the HCPC. <b>Check the current amount on the programme page before you plan around
it</b>.</p>
<ul>
<li>The funding can support your updating: clinical experience, courses and other learning.</li>
<li>Some employers pass it on directly. Central London Community Healthcare, for example, says it passes on
the £800 payment from NHS England towards childcare, study and travel costs.</li>
</ul>
"""
            ),
            source(
                S_RCSLT_2020, "NHS England funds national return to practice programmes, including for AHPs"
            ),
            source(S_HEE_RTP_PROGRAMME, "Register interest; one year to finish after registering"),
            source(S_CLCH, "CLCH passes on £800 from NHS England towards childcare, study and travel"),
            callout(
                "important",
                "Amounts to confirm",
                "<p>NHS England sets the current amount and process. Check them on the programme page before you "
                "rely on them.</p>",
            ),
            text(
                """
<h2>What else the programme offers</h2>
<p>Besides funding, returners in England have been offered a reference number when they register
interest, help finding a placement, a peer group, webinars and case studies. Regional AHP faculties in
integrated care systems can also help you find a placement near you.</p>
<h2>Why it matters</h2>
<p>When the programme was evaluated, returners said the hardest parts were getting started, finding a
placement and future job, and the cost. If that is you, you are not alone: <a href="/get-help/">ask us</a>.</p>
"""
            ),
            source(
                S_AHPNW,
                "Returners said the hardest parts were getting started, finding a placement and the cost",
            ),
            source(S_GOV_RTP_EVALUATION, "The programme's 2019 evaluation"),
        ],
    },
    {
        "slug": "funding-scotland",
        "title": "Funding and support in Scotland",
        "summary": (
            "How supervised practice is arranged through NHS boards in Scotland, and what financial help there "
            "is for returning radiographers."
        ),
        "pathway": "return-to-practice",
        "audiences": ["returnee", "manager"],
        "nations": ["scotland"],
        "topics": ["funding", "supervised-practice"],
        "owner": "SoR Scotland",
        "reviewed": 120,
        "review_due": 245,
        "body": [
            text(
                """
<p>In Scotland you design your own updating to the HCPC's rules, and NHS Scotland helps you arrange the
supervised practice part through the health boards.</p>
"""
            ),
            steps(
                "Arranging supervised practice in Scotland",
                [
                    (
                        "Choose a health board",
                        "<p>Pick the NHS board where you would like to do your supervised practice, ideally near where "
                        "you want to work.</p>",
                    ),
                    (
                        "Send the supervised practice request form",
                        "<p>Complete NHS Scotland's request form and send it to that board. The board's return to "
                        "practice team will look for a supervisor for you.</p>",
                    ),
                    (
                        "Chase after 10 working days",
                        "<p>If you have not heard back after 10 working days, NHS Education for Scotland (NES) can "
                        "escalate your request.</p>",
                    ),
                ],
            ),
            source(
                S_NHS_SCOT_SUPERVISED,
                "Request form to the chosen board; board teams assign a supervisor; NES escalation after 10 working days",
            ),
            text(
                """
<h2>Money</h2>
<p>We have not found a national bursary for returning AHPs in Scotland. NHS Scotland says that financial
help is sometimes available, depending on the NHS board, so ask the board when you send your request.
(Returning nurses in Scotland, by contrast, have their university fees paid.)</p>
"""
            ),
            source(S_NHS_SCOT_RTP, "Financial help sometimes available depending on the NHS board"),
            callout(
                "info",
                "The time window in Scotland",
                "<p>NHS Scotland's pages still describe a 24-month window for updating. The HCPC's normal rule is 12 "
                "months; confirm the current rule with the HCPC before you start.</p>",
            ),
            source(S_HCPC_REQUIREMENTS, "12-month window, temporarily extended to 24 months"),
            text(
                """
<h2>Planning the rest of your updating</h2>
<p>Supervised practice arranged through a board is only part of your updating. You can do formal study before
or alongside it: NHS Education for Scotland's learning platform has free modules on statutory and mandatory
topics, and universities in Scotland offer short courses in imaging and radiotherapy. Private study can make
up to half of your days. Keep a log as you go, with dates and hours, and ask your supervisor to sign off
your supervised practice each week, so that the HCPC form is easy to complete at the end.</p>
"""
            ),
            faq(
                "Questions people ask in Scotland",
                [
                    (
                        "Can I choose a board that is not near where I live?",
                        "<p>Yes. Choose the board where you would most like to work afterwards; travel costs are yours unless "
                        "the board offers help.</p>",
                    ),
                    (
                        "What if the board cannot find a supervisor?",
                        "<p>Ask the board whether another site could help, and contact NES if you have had no answer after 10 "
                        "working days. You can also approach departments directly.</p>",
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "funding-wales",
        "title": "Funding and support in Wales",
        "summary": (
            "The HEIW return to practice bursary of up to £1,000 for course fees, how to apply before you start, "
            "and what HEIW cannot do."
        ),
        "pathway": "return-to-practice",
        "audiences": ["returnee", "manager"],
        "nations": ["wales"],
        "topics": ["funding"],
        "owner": "SoR Wales",
        "reviewed": 75,
        "review_due": 290,
        "body": [
            text(
                """
<p>In Wales, Health Education and Improvement Wales (HEIW) offers returning allied health professionals a
<b>bursary of up to £1,000</b> for education agreed with the Head of Department who will supervise you.</p>
<h2>What the bursary covers</h2>
<ul>
<li>It pays for <b>course fees only</b>: not travel, childcare or your time.</li>
<li>It is paid through the Health Board or Trust where you do your updating.</li>
<li>It is not subject to tax or National Insurance, unless you are also employed by that NHS body.</li>
</ul>
"""
            ),
            source(
                S_HEIW, "HEIW bursary up to £1,000, course fees only, paid through the Health Board or Trust"
            ),
            callout(
                "warning",
                "Agree the funding before you start",
                "<p>HEIW must agree the funding <b>before</b> your updating begins, through the manager at the Health "
                "Board. Costs you have already paid cannot be claimed afterwards.</p>",
            ),
            source(S_HEIW, "Funding agreed with HEIW before updating starts, via the Health Board manager"),
            text(
                """
<h2>What HEIW cannot do</h2>
<p>HEIW <b>cannot arrange placements</b> for you, and there is no return to practice course for HCPC
registrants in Wales. You approach a department yourself; see
<a href="page:returning-to-practice/finding-a-placement">finding a placement</a> for how to ask.</p>
"""
            ),
            source(S_HEIW, "HEIW cannot arrange placements; no RtP course for HCPC registrants"),
            steps(
                "Applying for the bursary",
                [
                    (
                        "Find your placement first",
                        "<p>Agree a placement with a radiography department and a Head of Department willing to "
                        "supervise your return.</p>",
                    ),
                    (
                        "Agree the education you need",
                        "<p>With the Head of Department, choose the course or module that fills the gaps in your "
                        "knowledge, and find out what it costs.</p>",
                    ),
                    (
                        "Ask the Health Board manager to apply",
                        "<p>The manager at the Health Board or Trust applies to HEIW on your behalf. Wait for HEIW's "
                        "agreement before you enrol or pay anything.</p>",
                    ),
                    (
                        "Complete your updating",
                        "<p>HEIW pays the fees through the Health Board or Trust. Keep your updating log and course "
                        "certificate for your HCPC application.</p>",
                    ),
                ],
            ),
            text(
                """
<h2>Costs the bursary does not cover</h2>
<p>Travel, childcare, your time on placement and the HCPC's own fees are not covered. Plan for them before
you start, and ask the department whether any paid work is available while you update. If money is the
obstacle, <a href="/get-help/">talk to us</a>: we may know of local options.</p>
"""
            ),
        ],
    },
    {
        "slug": "funding-northern-ireland",
        "title": "Funding and support in Northern Ireland",
        "summary": (
            "What we know about support for returning radiographers in Northern Ireland, and who to ask while "
            "there is no dedicated scheme."
        ),
        "pathway": "return-to-practice",
        "audiences": ["returnee", "manager"],
        "nations": ["northern-ireland"],
        "topics": ["funding", "workforce-and-recruitment"],
        "owner": "SoR Northern Ireland",
        "reviewed": 400,
        "review_due": -20,
        "body": [
            text(
                """
<p>We have not found a return to practice scheme for radiographers or other allied health professionals
specific to Northern Ireland. NHS Health Careers points returners in Northern Ireland to the Department of
Health. The HCPC rules are the same across the UK, so the updating requirement does not change.</p>
"""
            ),
            source(
                S_HEALTH_CAREERS_RETURN,
                "Returners in Northern Ireland are signposted to the Department of Health",
            ),
            callout(
                "info",
                "Check locally",
                "<p>Support may exist at trust level or may have started since we last checked. Ask the Health and "
                "Social Care trust where you would like to work, and tell us what you find so we can update this page.</p>",
            ),
            text(
                """
<h2>Why departments may welcome you</h2>
<p>Northern Ireland cut its diagnostic radiography student places by 14% in 2023, when the vacancy rate was
12%. Departments short of staff may be glad to offer an experienced returner a placement, even without a
formal scheme.</p>
<h2>Making your case</h2>
<p>Without a scheme to point to, a clear plan does the persuading. Tell the manager how many days you need,
how much of it you have already done as study, what you would like to cover in practice, and which days you
are free. Offer to arrange your own checks and mandatory training. A short, specific request is much easier
to say yes to than an open question.</p>
"""
            ),
            source(
                S_SOR_NI_PLACES, "Diagnostic radiography student places cut by 14% in 2023; vacancy rate 12%"
            ),
            steps(
                "Getting started in Northern Ireland",
                [
                    (
                        "Work out your updating",
                        '<p>Read <a href="page:returning-to-practice/hcpc-updating-requirement">the HCPC updating requirement</a>.</p>',
                    ),
                    (
                        "Contact departments",
                        '<p>Write to radiography service managers at the trusts near you; our guide to <a href="page:returning-to-practice/finding-a-placement">finding a placement</a> has a template.</p>',
                    ),
                    (
                        "Talk to us",
                        "<p>Our officers in Northern Ireland know the services and can suggest who to approach.</p>",
                    ),
                ],
            ),
            faq(
                "Questions people ask in Northern Ireland",
                [
                    (
                        "Are the HCPC rules different in Northern Ireland?",
                        "<p>No. The HCPC regulates radiographers across the UK, so the 30 and 60 day requirement, the limit on "
                        "private study and the supervisor rules are the same.</p>",
                    ),
                    (
                        "Is IR(ME)R the same?",
                        "<p>Northern Ireland has its own medical exposure regulations, which closely follow those in Great "
                        "Britain. Your placement department will explain its procedures.</p>",
                    ),
                    (
                        "Which criminal record check will I need?",
                        "<p>An AccessNI check, arranged by the department that offers your placement.</p>",
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "applying-for-readmission",
        "title": "Applying for readmission",
        "summary": (
            "The three routes back onto the HCPC Register, the forms, the fees from 29 April 2025 and how long "
            "the HCPC takes to decide."
        ),
        "pathway": "return-to-practice",
        "audiences": ["returnee"],
        "nations": [],
        "topics": ["hcpc-registration"],
        "owner": "Professional Policy team",
        "reviewed": 30,
        "review_due": 335,
        "body": [
            text(
                """
<p>Once your updating is complete (or if you do not need any), you apply to the HCPC to be readmitted to
the Register. You cannot practise as a radiographer, or use the protected title, until you are back on.</p>
<h2>Which route is yours</h2>
<ul>
<li><b>Short readmission</b>: you left the Register less than a month ago. There is no readmission fee.</li>
<li><b>Readmission</b>: you left the Register more than a month ago, for example because you let your
registration lapse or chose to come off.</li>
<li><b>Restoration</b>: you were removed after fitness-to-practise proceedings. This is a separate process.</li>
</ul>
"""
            ),
            source(S_HCPC_READMISSION, "Short readmission, readmission and restoration routes"),
            steps(
                "How to apply",
                [
                    (
                        "Complete your updating",
                        '<p>Log your days as you go; see <a href="page:returning-to-practice/hcpc-updating-requirement">the updating requirement</a>.</p>',
                    ),
                    (
                        "Fill in the forms",
                        "<p>Complete the readmission application and the returning to practice form, signed by your "
                        "supervisor and counter-signatory. If you practised abroad, add the practising abroad form.</p>",
                    ),
                    (
                        "Pay the fees",
                        "<p>You pay the readmission fee together with the registration fee for your first year.</p>",
                    ),
                    (
                        "Wait for the decision",
                        "<p>The HCPC aims to process readmission applications within 10 working days.</p>",
                    ),
                ],
            ),
            source(S_HCPC_APPLY_READMISSION, "Readmission service level of 10 working days"),
            text(
                """
<h2>What it costs</h2>
<p>HCPC fees changed on <b>29 April 2025</b>. From that date:</p>
<ul>
<li>readmission fee: £185.01 (paid with the registration fee);</li>
<li>registration fee: £123.34 a year.</li>
</ul>
<p>That makes <b>£308.35</b> for readmission plus your first year. The HCPC's readmission FAQ quoted
£290.90, which is the same sum at the 2023 rates; the £308.35 total is our own addition, so confirm it on
the HCPC's fees page before you pay.</p>
"""
            ),
            source(S_HCPC_FEES, "Readmission £185.01 and registration £123.34 a year from 29 April 2025"),
            text(
                """
<h2>After you are back on</h2>
<p>Radiographers' professional year runs from 1 March to the end of February, and registration is renewed
at the end of each cycle. At renewal the HCPC audits the continuing professional development of a random
2.5% of the profession, so start your CPD record now.</p>
"""
            ),
            source(S_SOR_CPD, "HCPC audits 2.5% of the profession's CPD at renewal"),
            source(S_SYNERGY_RENEWAL, "Radiographers renew every two years, from 1 December to 28 February"),
            faq(
                "Questions people ask",
                [
                    (
                        "Can I start work while the HCPC considers my application?",
                        "<p>Not as a radiographer. You can accept a job offer, but you must not practise or use the title "
                        "until you are back on the Register.</p>",
                    ),
                    (
                        "What if the HCPC asks for more information?",
                        "<p>Reply as quickly as you can with exactly what it asks for. Keeping your updating log and evidence "
                        "together makes this easy.</p>",
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "finding-a-placement",
        "title": "Finding a placement",
        "summary": (
            "How to find a department willing to supervise your return: who to approach, what to offer and what "
            "they will ask of you."
        ),
        "pathway": "return-to-practice",
        "audiences": ["returnee", "manager"],
        "nations": [],
        "topics": ["supervised-practice"],
        "owner": "Workplace and Employment Relations team",
        "reviewed": 150,
        "review_due": 215,
        "body": [
            text(
                """
<p>Finding a placement is the step returners most often find hard. Neither the HCPC nor HEIW in Wales
arranges placements; NHS England and the Scottish health boards can help, but most returners still make
the first approach themselves. In a 2021 survey, returners asked for help finding supervised practice, more
flexible working and a single point of contact in each organisation.</p>
"""
            ),
            source(
                S_SOR_RETURN_OF_RAD,
                "Returners wanted help finding supervised practice, flexible working and a central contact",
            ),
            source(S_HEIW, "HEIW cannot arrange placements"),
            steps(
                "Approaching a department",
                [
                    (
                        "Make a short list",
                        "<p>List departments within reach, including independent-sector providers, and note which "
                        "modalities they offer.</p>",
                    ),
                    (
                        "Write to the service manager",
                        "<p>Say who you are, when you last practised, how many days you need, what you hope to cover and "
                        "when you are free. Attach a short CV.</p>",
                    ),
                    (
                        "Offer flexibility",
                        "<p>Part-time days, quieter sessions or a longer, slower placement are easier for a busy department "
                        "to say yes to.</p>",
                    ),
                    (
                        "Follow up",
                        "<p>If you hear nothing in two weeks, call the department office and ask who handles placements.</p>",
                    ),
                ],
            ),
            text(
                """
<h2>What the department will ask for</h2>
<ul>
<li>identity checks and a criminal record check (DBS in England and Wales, PVG in Scotland, AccessNI in
Northern Ireland);</li>
<li>occupational health clearance and, for clinical areas, evidence of immunisations;</li>
<li>statutory and mandatory training, often as e-learning before you start;</li>
<li>an honorary contract or agreement, and the department's local rules.</li>
</ul>
<p>Your supervisor will need to have been registered for at least 3 years. Agree your plan in writing using
our <a href="doc:supervised-practice-agreement">supervised practice agreement template</a>.</p>
"""
            ),
            source(S_HCPC_UPDATING, "Supervisors need at least 3 years on the Register"),
            text(
                """
<h2>If the answer is no</h2>
<p>A refusal is usually about timing or staffing, not about you. Ask whether the department could take you
later in the year, or whether a different site in the same organisation could help. Independent-sector
providers, university clinics and smaller community sites are often overlooked. You can also do your formal
and private study first, which shortens the placement you need and makes the request easier to agree.</p>
"""
            ),
            document(
                "placement-request-letter",
                description="A letter you can adapt to ask a department for a placement.",
            ),
        ],
    },
    {
        "slug": "preparing-to-return",
        "title": "Preparing to return",
        "summary": (
            "Getting ready in practical terms: refreshing your knowledge, arranging your life around a placement, "
            "and looking after your confidence."
        ),
        "pathway": "return-to-practice",
        "audiences": ["returnee"],
        "nations": [],
        "topics": ["updating-and-cpd", "irmer-and-radiation-protection"],
        "owner": "Education and Learning team",
        "reviewed": 380,
        "review_due": -15,
        "body": [
            text(
                """
<p>Radiography moves quickly. Depending on how long you have been away, you may meet new equipment, digital
systems that did not exist when you left, and changed protocols. Preparing before your placement means your
supervised days go further.</p>
<h2>Refresh the essentials</h2>
<ul>
<li><b>Radiation protection and IR(ME)R</b>: the Ionising Radiation (Medical Exposure) Regulations 2017
replaced the 2000 regulations in Great Britain. Read the current regulations and your placement's
employer's procedures.</li>
<li><b>Digital systems</b>: PACS, RIS and electronic requesting are universal; ask your placement for a
login and training early.</li>
<li><b>Your modality</b>: read current professional guidance and recent articles in the area you want to
return to.</li>
<li><b>Statutory and mandatory training</b>: safeguarding, information governance, infection prevention,
moving and handling, basic life support.</li>
</ul>
"""
            ),
            source(S_IRMER_2017, "The Ionising Radiation (Medical Exposure) Regulations 2017"),
            text(
                """
<h2>Arrange your life around it</h2>
<p>A 30-day update is six working weeks full time, or longer part time. Plan childcare, caring
responsibilities and travel before you commit to dates. In England, programme funding has been used for
childcare, study and travel costs; check what is available in your nation on our funding pages.</p>
<h2>Look after your confidence</h2>
<p>Many returners worry most about the first day back. It helps to visit the department before you start,
to agree with your supervisor how you will ask questions, and to talk to someone who has done it: read our
<a href="page:case-studies">case studies</a>.</p>
"""
            ),
            callout(
                "info",
                "Join the SoR",
                "<p>Membership gives you access to professional advice, learning resources and a workplace rep while you "
                "update and after you return.</p>",
            ),
            document(
                "returnee-checklist",
                description="A printable checklist from working out your updating to sending your application.",
            ),
            text(
                """
<h2>Keep a record from day one</h2>
<p>Start your updating log before your first study session, not after your placement. Note the date, the
hours, what you did and what you learned. It takes a few minutes each day and saves hours at the end, and it
becomes the start of the CPD record you will keep once you are back on the Register.</p>
"""
            ),
        ],
    },
    {
        "slug": "questions-people-ask",
        "title": "Questions people ask about returning",
        "summary": "Short answers to the questions returning radiographers ask us most often, with links to the detail.",
        "pathway": "return-to-practice",
        "audiences": ["returnee"],
        "nations": [],
        "topics": ["hcpc-registration", "updating-and-cpd", "funding"],
        "owner": "Professional Policy team",
        "reviewed": 20,
        "review_due": 345,
        "body": [
            faq(
                "Questions people ask",
                [
                    (
                        "How long can I be away before I need to update?",
                        "<p>Up to 2 years, no updating. From 2 to 5 years, 30 days. From 5 years, 60 days. A day is 7 "
                        'hours. See <a href="page:returning-to-practice/hcpc-updating-requirement">the HCPC updating '
                        "requirement</a>.</p>",
                    ),
                    (
                        "Can I do all of my updating as study?",
                        "<p>Yes, as long as private study is no more than half. Some employers ask for more practice for their "
                        "own placements.</p>",
                    ),
                    (
                        "Who can supervise me?",
                        "<p>A radiographer who has been registered for at least the previous 3 years and is not subject to "
                        "fitness-to-practise proceedings.</p>",
                    ),
                    (
                        "Will I be paid during supervised practice?",
                        "<p>Usually not, but some employers have offered paid support roles at Band 3 or Band 4 while returners "
                        "update.</p>",
                    ),
                    (
                        "How much does readmission cost?",
                        "<p>Since 29 April 2025, £185.01 plus £123.34 for your first year's registration. Confirm on the "
                        "HCPC's fees page before you pay.</p>",
                    ),
                    (
                        "Is there funding?",
                        "<p>It depends on the nation: NHS England's programme in England, an HEIW bursary of up to £1,000 in "
                        "Wales, board-by-board help in Scotland, and no dedicated scheme that we know of in Northern Ireland.</p>",
                    ),
                    (
                        "I trained in the UK but have been working abroad. Do I need to update?",
                        "<p>Not if you practised as a radiographer within the last 2 years. You complete the readmission forms "
                        "and a form about your practice abroad.</p>",
                    ),
                    (
                        "Does working as an assistant count towards my updating?",
                        "<p>Paid work in a department can count as supervised practice if a registered radiographer who meets "
                        "the supervisor requirements supervises you and you record it in the same way.</p>",
                    ),
                    (
                        "Can I do my updating part time?",
                        "<p>Yes. Count the hours: every 7 hours is a day, however you spread them, as long as you finish "
                        "inside the HCPC's time window.</p>",
                    ),
                    (
                        "How do other professions compare?",
                        "<p>Nurses and midwives returning to the NMC register need 450 practice hours in 3 years or 750 in 5, "
                        "plus 35 hours of CPD. In Australia, medical radiation practitioners need 450 hours in the previous 3 "
                        "years. Radiographers in the UK count updating days instead.</p>",
                    ),
                ],
            ),
            source(S_HCPC_UPDATING, "Updating by time out of practice; 7 hours a day; supervisor rules"),
            source(S_HCPC_FEES, "Fees from 29 April 2025"),
            source(S_NMC_COMPARISON, "NMC: 450 hours in 3 years or 750 in 5, plus 35 hours CPD"),
            source(S_MRPBA, "Australia: 450 hours in the previous 3 years"),
        ],
    },
]

# --------------------------------------------------------------------------------------------------
# Guidance: international recruitment
# --------------------------------------------------------------------------------------------------

IR_GUIDANCE = [
    {
        "slug": "your-steps-in-order",
        "title": "Your steps in order",
        "summary": (
            "The journey from abroad to your first UK radiography post, step by step: English, UK ENIC, HCPC, "
            "job offer, visa, arrival, IR(ME)R entitlement and preceptorship."
        ),
        "pathway": "international-recruitment",
        "audiences": ["international-recruit", "manager"],
        "nations": [],
        "topics": ["hcpc-registration", "visas-and-immigration", "english-language"],
        "owner": "International Recruitment lead",
        "reviewed": 25,
        "review_due": 340,
        "body": [
            text(
                """
<p>Every international radiographer's route is a little different, but the order of the main steps is
almost always the same. Doing them in order saves money: there is no point paying for a visa before the HCPC
has accepted you.</p>
"""
            ),
            steps(
                "From abroad to your first post",
                [
                    (
                        "Check your English",
                        '<p>Find out whether your qualification counts as evidence, or book an approved test. See <a href="page:international-recruitment/english-language">English language</a>.</p>',
                    ),
                    (
                        "Get a UK ENIC statement",
                        '<p>A statement of comparability explains your qualification to UK employers. See <a href="page:international-recruitment/uk-enic">UK ENIC</a>.</p>',
                    ),
                    (
                        "Apply to the HCPC",
                        '<p>Allow around 60 working days from a complete application. See <a href="page:international-recruitment/hcpc-international-registration">HCPC international registration</a>.</p>',
                    ),
                    (
                        "Find a job and a sponsor",
                        '<p>Your employer must hold a sponsor licence and give you a Certificate of Sponsorship. Check that they follow <a href="page:international-recruitment/ethical-recruitment-code">the ethical recruitment code</a>.</p>',
                    ),
                    (
                        "Apply for your visa",
                        '<p>Most radiographers use the Health and Care Worker visa. See <a href="page:international-recruitment/health-and-care-worker-visa">the visa</a>.</p>',
                    ),
                    (
                        "Arrive and settle in",
                        '<p>Induction, accommodation, a bank account and a GP. See <a href="page:international-recruitment/arriving-and-induction">arriving and induction</a>.</p>',
                    ),
                    (
                        "Be entitled under IR(ME)R",
                        '<p>Your employer trains you and records what you may do. See <a href="page:international-recruitment/irmer-entitlement">IR(ME)R entitlement</a>.</p>',
                    ),
                    (
                        "Preceptorship",
                        '<p>A structured first year with support. See <a href="page:international-recruitment/preceptorship-and-pastoral-support">preceptorship and pastoral support</a>.</p>',
                    ),
                ],
            ),
            source(S_HCPC_INT_APPLY, "About 60 working days from a complete application"),
            text(
                """
<h2>How long it all takes</h2>
<p>Allow several months from your English test to your first day. HCPC registration alone takes around 60
working days once your application is complete, and longer if the assessors need more information. The visa
is quicker: a decision usually comes within 3 weeks. Induction and entitlement then take your first weeks in
post.</p>
<h2>What to budget for</h2>
<ul>
<li>your English test, unless your qualification counts as evidence;</li>
<li>a UK ENIC statement of comparability;</li>
<li>the HCPC scrutiny fee (£678.38 since 29 April 2025) and then the registration fee;</li>
<li>the visa application fee, and travel.</li>
</ul>
"""
            ),
            source(S_HCPC_FEES, "International scrutiny fee £678.38 from 29 April 2025"),
            source(S_VISA_EXPLAINED, "Visa decision usually within 3 weeks"),
            text(
                """
<h2>You are in good company</h2>
<p>The HCPC's January 2025 snapshot counted 48,193 radiographers on its Register. Of those, 12,684 had
joined through the international route and 1,222 through EU mutual recognition: around 29% altogether (our
calculation: 13,906 of 48,193).</p>
"""
            ),
            source(
                S_HCPC_SNAPSHOT,
                "48,193 registered radiographers; 12,684 international route and 1,222 EU mutual recognition",
            ),
        ],
    },
    {
        "slug": "hcpc-international-registration",
        "title": "HCPC international registration",
        "summary": (
            "How the HCPC assesses radiographers trained abroad: the six stages, the documents you need, the "
            "scrutiny fee and the possible outcomes."
        ),
        "pathway": "international-recruitment",
        "audiences": ["international-recruit", "manager"],
        "nations": [],
        "topics": ["hcpc-registration"],
        "owner": "International Recruitment lead",
        "reviewed": 45,
        "review_due": 320,
        "body": [
            text(
                """
<p>To work as a radiographer in the UK you must be on the HCPC Register. If you trained outside the UK you
apply through the international route, and two radiographers who are on the Register assess your education
and training against the HCPC's Standards of Proficiency for radiographers.</p>
"""
            ),
            steps(
                "The six stages",
                [
                    (
                        "Submit your application",
                        "<p>Apply online. A paper form is available if you need it for accessibility reasons.</p>",
                    ),
                    (
                        "Pay the scrutiny fee",
                        "<p>You receive a card payment link, which is valid for 72 hours.</p>",
                    ),
                    (
                        "Initial review and checks",
                        "<p>Within about 4 weeks, the HCPC checks your documents and contacts your education provider, "
                        "regulators and referees.</p>",
                    ),
                    (
                        "Assessment",
                        "<p>Two assessors from the radiographer part of the Register compare your training with the "
                        "Standards of Proficiency.</p>",
                    ),
                    (
                        "Requests for more information",
                        "<p>If something is missing, you receive a Record of Assessment explaining what the assessors need.</p>",
                    ),
                    (
                        "Outcome and registration fee",
                        "<p>If you are accepted, you pay the registration fee and join the Register.</p>",
                    ),
                ],
            ),
            source(
                S_HCPC_INT_PROCESS,
                "Stages, initial checks within 4 weeks, two assessors from the radiographer part of the Register",
            ),
            text(
                """
<p>The whole process takes <b>approximately 60 working days</b> from the date the HCPC has your complete
application. The HCPC has said it is receiving more applications than usual, so build in extra time.</p>
"""
            ),
            source(
                S_HCPC_INT_APPLY, "Approximately 60 working days; higher than usual numbers of applications"
            ),
            text(
                """
<h2>What it costs</h2>
<p>Since <b>29 April 2025</b> the international scrutiny fee is <b>£678.38</b> (it was £639.98). If you are
accepted you then pay the registration fee, £123.34 a year. <b>Refugees do not pay the scrutiny fee.</b></p>
"""
            ),
            source(
                S_HCPC_FEES,
                "International scrutiny £678.38 and registration £123.34 a year from 29 April 2025",
            ),
            source(
                S_HCPC_INT_APPLY,
                "No scrutiny fee for refugee applications; payment link valid 72 hours; paper form",
            ),
            text(
                """
<h2>Documents you will need</h2>
<ul>
<li>certified proof of identity and of your address;</li>
<li>your qualification certificate, with a certified English translation if it is not in English;</li>
<li>a course information form, completed by your university;</li>
<li>references from referees who use an official email address of their organisation (not a free webmail
account, unless the HCPC can verify the link to the organisation);</li>
<li>evidence of your professional registration in the country where you practise;</li>
<li>evidence of your English language (see <a href="page:international-recruitment/english-language">English
language</a>).</li>
</ul>
"""
            ),
            source(S_HCPC_INT_QUALIFICATION, "Qualification, translation and course information form"),
            source(S_HCPC_CERTIFYING, "How documents must be certified"),
            text(
                """
<h2>The possible outcomes</h2>
<ul>
<li><b>Accepted</b>: you are invited to pay the registration fee.</li>
<li><b>Test of competence</b>: the assessors need to see more, usually through a structured interview with
them.</li>
<li><b>Refused</b>: you are told why, and you have a right of appeal.</li>
</ul>
"""
            ),
            source(
                S_HCPC_INT_OUTCOME,
                "Outcomes: accepted, test of competence (usually a structured interview), refused with a right of appeal",
            ),
        ],
    },
    {
        "slug": "english-language",
        "title": "English language requirements",
        "summary": (
            "The HCPC's English language rules since 29 January 2025: qualifying countries, IELTS 7.0 with no "
            "element below 6.5, OET, and the separate level for the visa."
        ),
        "pathway": "international-recruitment",
        "audiences": ["international-recruit", "manager"],
        "nations": [],
        "topics": ["english-language", "hcpc-registration"],
        "owner": "International Recruitment lead",
        "reviewed": 50,
        "review_due": 315,
        "body": [
            text(
                """
<p>You need to show your English twice: once to the HCPC for registration, and once to UK Visas and
Immigration for your visa. The levels are different.</p>
<h2>For the HCPC, since 29 January 2025</h2>
<p>The HCPC changed its rules for international applicants on <b>29 January 2025</b>:</p>
<ul>
<li>you can no longer simply declare that English is your first language;</li>
<li>if your qualification was gained in a country on the HCPC's <b>qualifying countries list</b>, that
counts as evidence;</li>
<li>otherwise you need an approved test. The Occupational English Test (OET) is now accepted alongside IELTS
and TOEFL.</li>
</ul>
"""
            ),
            source(
                S_HCPC_ENGLISH,
                "New rules from 29 January 2025: no self-declaration, qualifying countries list, OET added",
            ),
            text(
                """
<h2>The scores</h2>
<ul>
<li><b>IELTS</b>: 7.0 overall with no element below 6.5 (speech and language therapists need more: 8.0
with no element below 7.5). Check the current scores on the HCPC's English language page before you
book.</li>
<li><b>OET</b>: the HCPC sets the grade radiographers need; check it on the HCPC's English language page
before you book, and ask OET to send the HCPC a statement of comparability.</li>
<li><b>TOEFL</b>: the HCPC's form has said that TOEFL taken in the UK is not accepted; check before you book.</li>
</ul>
"""
            ),
            source(
                S_HCPC_INT_FORM, "IELTS 7.0 with no element below 6.5; TOEFL taken in the UK not accepted"
            ),
            source(S_OET, "HCPC applicants submit an OET statement of comparability"),
            text(
                """
<h2>For the visa</h2>
<p>The Health and Care Worker visa asks for English at level <b>B1</b> of the Common European Framework of
Reference, which is lower than the HCPC's requirement. Evidence that meets the HCPC's level will usually
meet the visa's, but check the Home Office guidance for what it accepts.</p>
"""
            ),
            source(S_DAVENPORT, "English at CEFR B1 for the Health and Care Worker visa"),
            callout(
                "important",
                "Test results expire",
                "<p>Test results are valid for a limited time. Time your test so that it is still valid when the HCPC "
                "assesses your application.</p>",
            ),
            faq(
                "Questions people ask",
                [
                    (
                        "I studied in English. Is that enough?",
                        "<p>Only if your qualification was gained in a country on the HCPC's qualifying countries list. "
                        "Otherwise you need a test, even if your course was taught in English.</p>",
                    ),
                    (
                        "Which test should I take?",
                        "<p>Any test the HCPC accepts. Many health professionals prefer OET because its tasks are set in "
                        "healthcare, but check the scores the HCPC asks for before you book.</p>",
                    ),
                    (
                        "Can I take the test again?",
                        "<p>Yes. Most people who narrowly miss one element retake the test rather than appeal.</p>",
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "uk-enic",
        "title": "UK ENIC and your qualification",
        "summary": (
            "What a UK ENIC statement of comparability is, why it helps radiographers trained abroad, and where it "
            "fits alongside HCPC registration."
        ),
        "pathway": "international-recruitment",
        "audiences": ["international-recruit", "manager"],
        "nations": [],
        "topics": ["hcpc-registration", "workforce-and-recruitment"],
        "owner": "International Recruitment lead",
        "reviewed": 410,
        "review_due": -40,
        "body": [
            text(
                """
<p>UK ENIC is the UK's national agency for recognising international qualifications. For a fee it issues a
<b>statement of comparability</b>, which says how your qualification compares with qualifications in the
UK, for example with a UK bachelor's degree.</p>
<h2>Why we recommend it</h2>
<p>We advise international radiographers to get a statement of comparability before they apply for
registration and jobs:</p>
<ul>
<li>recruiters and managers who do not know your university can see the level of your degree at a glance;</li>
<li>it can help with pay banding, further study and applications to UK universities;</li>
<li>it answers questions before they become delays.</li>
</ul>
<h2>What it does not do</h2>
<p>A UK ENIC statement is <b>not</b> registration. Only the HCPC decides whether you can practise as a
radiographer in the UK, and it makes its own assessment of your education and training. Nor does the
statement prove your English for the HCPC; that is separate.</p>
"""
            ),
            source(S_UK_ENIC, "UK ENIC statements of comparability"),
            source(S_HCPC_INT_PROCESS, "The HCPC makes its own assessment of education and training"),
            steps(
                "Getting a statement",
                [
                    (
                        "Gather your documents",
                        "<p>Your degree certificate and transcript, with certified translations if needed.</p>",
                    ),
                    (
                        "Apply online",
                        "<p>Choose the statement of comparability service on UK ENIC's website and pay the fee shown there.</p>",
                    ),
                    (
                        "Keep it with your HCPC papers",
                        "<p>Share it with employers when you apply for posts.</p>",
                    ),
                ],
            ),
            callout(
                "info",
                "Fees and timings",
                "<p>UK ENIC's fees and processing times change; check them on its website before you apply.</p>",
            ),
            faq(
                "Questions people ask",
                [
                    (
                        "Do I have to get a statement?",
                        "<p>No, the HCPC does not require one. We recommend it because it helps employers understand your "
                        "qualification and can prevent delays and misunderstandings over your pay band.</p>",
                    ),
                    (
                        "Will it tell me whether I can register?",
                        "<p>No. Only the HCPC's assessment decides that. A statement compares the academic level of your "
                        "qualification; the HCPC looks at what your training covered.</p>",
                    ),
                    (
                        "Should I get it before or after applying to the HCPC?",
                        "<p>Before, or at the same time, so that it is ready when you start applying for jobs.</p>",
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "health-and-care-worker-visa",
        "title": "The Health and Care Worker visa",
        "summary": (
            "The visa most international radiographers use: who qualifies, the fees from 9 April 2025, the "
            "salary rule and how long it takes."
        ),
        "pathway": "international-recruitment",
        "audiences": ["international-recruit", "manager"],
        "nations": [],
        "topics": ["visas-and-immigration"],
        "owner": "International Recruitment lead",
        "reviewed": 35,
        "review_due": 330,
        "body": [
            text(
                """
<p>The Health and Care Worker visa is a part of the Skilled Worker route for eligible health and care
professions. Medical radiographers are an eligible occupation. Published lists have used the occupation
code 2217 under the 2010 Standard Occupational Classification; the current SOC 2020 code should be
confirmed on GOV.UK.</p>
"""
            ),
            source(
                S_SOC,
                "Occupation codes for Certificates of Sponsorship changed from 4 April 2024",
            ),
            text(
                """
<h2>What it costs</h2>
<p>The Health and Care Worker visa has a lower application fee than other Skilled Worker visas, and the fee
depends on whether the visa is for up to 3 years or longer. The reduced fee was last amended from <b>9 April
2025</b>. Check the current fee on GOV.UK's "how much it costs" page before you apply. You and your
dependants are <b>exempt from the Immigration Health Surcharge</b>, which saves a large sum compared with
other work visas.</p>
<p>Your employer pays for your Certificate of Sponsorship.</p>
"""
            ),
            source(S_BIRKETTS, "Current application fees for the Health and Care Worker visa"),
            source(S_VISA_FEE_LAW, "Health and Care fee reduction amended from 9 April 2025"),
            source(
                S_RCN_IHS,
                "Health and Care Worker visa holders and dependants exempt from the Immigration Health Surcharge",
            ),
            callout(
                "important",
                "Fees change often",
                "<p>Visa fees are reviewed regularly. Check the current fees on GOV.UK before you apply.</p>",
            ),
            text(
                """
<h2>The main rules</h2>
<ul>
<li>A job offer from a UK employer with a sponsor licence, and a Certificate of Sponsorship.</li>
<li>A salary at least the national pay scale for the job or a set minimum, whichever is higher. From 4 April
2024 the minimum for NHS-band roles was <b>£23,200</b>; check the current rule on GOV.UK.</li>
<li>English at the level GOV.UK sets for the visa.</li>
<li>A tuberculosis test, if you are applying from a country where one is required.</li>
</ul>
"""
            ),
            source(S_SALARY, "Eligible jobs and salary rules"),
            source(S_RCN_IHS, "National pay scale or £23,200, whichever is higher, from 4 April 2024"),
            source(S_DAVENPORT, "English and tuberculosis test requirements"),
            text(
                """
<h2>Timing</h2>
<p>GOV.UK says how early you can apply before your start date, how long a decision usually takes and how long
the visa lasts. Check these before you book travel. After some years on the visa you may be able to apply to
settle in the UK.</p>
"""
            ),
            source(
                S_VISA_EXPLAINED,
                "When to apply, decision times, length of stay and settlement",
            ),
            text(
                """
<h2>Your family</h2>
<p>Your partner and children can usually apply to join you as your dependants, each paying their own
application fee. Like you, they do not pay the Immigration Health Surcharge on this visa.</p>
<h2>Changing jobs</h2>
<p>Your visa is tied to your sponsor. If you move to a new employer, the new employer must sponsor you and
you need to apply again before you start, so talk to them about timing early.</p>
"""
            ),
            source(S_RCN_IHS, "Dependants are also exempt from the Immigration Health Surcharge"),
        ],
    },
    {
        "slug": "ethical-recruitment-code",
        "title": "The ethical recruitment code",
        "summary": (
            "How the UK's codes of practice protect health workers and their home countries: the red, amber and "
            "green lists, direct applications and fair contracts."
        ),
        "pathway": "international-recruitment",
        "audiences": ["international-recruit", "manager"],
        "nations": [],
        "topics": ["workforce-and-recruitment"],
        "owner": "International Recruitment lead",
        "reviewed": 55,
        "review_due": 310,
        "body": [
            text(
                """
<p>Health workers are scarce worldwide: the code for England cites a projected global shortage of 10
million health workers by 2030. The UK's codes of practice set out how employers and agencies may recruit
from abroad without harming health systems that can least afford to lose staff, and without exploiting the
people they recruit.</p>
<p>The code for England was last updated on <b>2 September 2024</b>. It strengthened the benchmarks on fair
contracts, added principles on repayment clauses, and set out how to escalate exploitative practice.
Scotland has its own code, revised in March 2023, with the same red list and best-practice benchmarks.</p>
"""
            ),
            source(
                S_CODE_ENGLAND,
                "Code for England updated 2 September 2024; repayment clause principles; 10 million shortage by 2030",
            ),
            source(S_SCOT_CODE_6, "Scotland's own code, revised March 2023, with the same red list"),
            text(
                """
<h2>Red, amber and green</h2>
<ul>
<li><b>Red</b>: countries on the World Health Organization's Health Workforce Support and Safeguards List
2023. WHO's list has 55 countries, including Nigeria, Ghana, Zimbabwe,
Angola and Cameroon. These countries have a universal health coverage service index below 50 and fewer
doctors, nurses and midwives than the global median of 48.6 per 10,000 people. Employers and agencies must
not actively recruit from them unless there is a government-to-government agreement.</li>
<li><b>Amber</b>: red-list countries that have such an agreement with the UK, such as Kenya and Nepal.
Recruitment happens only on the agreement's terms.</li>
<li><b>Green</b>: all other countries. India, Malaysia, the Philippines and Sri Lanka are green and also have
agreements with the UK.</li>
</ul>
"""
            ),
            source(
                S_RED_LIST_PRESS,
                "The red list is the WHO Health Workforce Support and Safeguards List 2023",
            ),
            source(
                S_NAIRAMETRICS, "UHC index below 50 and density below the global median of 48.6 per 10,000"
            ),
            source(
                S_RAG,
                "Amber: Kenya and Nepal; green with agreements: India, Malaysia, Philippines, Sri Lanka",
            ),
            callout(
                "info",
                "Applying directly is allowed",
                "<p>If you live in a red-list country you may still apply directly for a UK job on your own initiative. "
                "What matters is the country where you <b>live</b>, not your nationality.</p>",
            ),
            source(
                S_RESIDENCE, "Direct applications allowed; the country of residence counts, not nationality"
            ),
            text(
                """
<h2>What this means for you</h2>
<ul>
<li>You should never pay a recruitment agency to find you a job.</li>
<li>Your contract should be clear, in a language you understand, and given to you before you travel.</li>
<li>Any repayment clause (for example for relocation costs) should be fair, proportionate and explained
in advance.</li>
<li>If something seems wrong, <a href="/get-help/">ask us</a>: we can tell you how to raise it.</li>
</ul>
<p>The NHS Employers toolkit's principles apply in all four nations of the UK.</p>
"""
            ),
            source(
                S_CODE_ENGLAND,
                "Recruiters must not charge health workers fees; fair contracts and repayment clauses",
            ),
            source(S_SCOT_CODE_7, "NHS Employers toolkit principles are applicable in all UK nations"),
        ],
    },
    {
        "slug": "arriving-and-induction",
        "title": "Arriving and induction",
        "summary": (
            "What good employers do in your first weeks, what to sort out when you land, and the challenges "
            "international radiographers describe."
        ),
        "pathway": "international-recruitment",
        "audiences": ["international-recruit", "manager"],
        "nations": [],
        "topics": ["induction-and-pastoral-care"],
        "owner": "International Recruitment lead",
        "reviewed": 100,
        "review_due": 265,
        "body": [
            text(
                """
<p>Your first weeks in the UK set the tone for everything after. The best employers plan them with you
before you travel.</p>
<h2>What good employers offer</h2>
<p>Trusts recognised for their pastoral care describe offering:</p>
<ul>
<li>a meet-and-greet at the airport;</li>
<li>funded accommodation for the first weeks (one trust offers 12 weeks);</li>
<li>help to open a bank account and register with a GP;</li>
<li>a local orientation and welcome sessions;</li>
<li>a named pastoral team and support through the first year.</li>
</ul>
"""
            ),
            source(S_OUH, "Help with flights, transport and accommodation; welcome pack and buddy scheme"),
            source(S_LANCS, "Recruits met on arrival; accommodation funded for 12 weeks"),
            steps(
                "Your first fortnight",
                [
                    (
                        "Check your immigration status online",
                        "<p>Follow your decision letter to access your eVisa, and keep a copy of the share code details for your employer.</p>",
                    ),
                    (
                        "Open a bank account",
                        "<p>Ask your employer for a letter confirming your address and job; banks often need one.</p>",
                    ),
                    (
                        "Register with a GP",
                        "<p>Register with a local GP practice as soon as you have an address.</p>",
                    ),
                    (
                        "Get your National Insurance number",
                        "<p>You need it for pay and tax; check your visa documents or apply online.</p>",
                    ),
                    (
                        "Start your induction",
                        "<p>Trust induction, mandatory training, and the department's local rules and systems.</p>",
                    ),
                ],
            ),
            text(
                """
<h2>What recruits say is hard</h2>
<p>When Health Education England asked international allied health professionals about their experience,
the challenges they named were: HCPC registration and professional standards; learning how the NHS works;
language; onboarding; cultural differences; continuing professional development; and a sense of belonging
and wellbeing. A good induction addresses all of them, not just the first.</p>
"""
            ),
            callout(
                "info",
                "Join a union",
                "<p>As an SoR member you have a workplace rep and access to our advisers from your first day.</p>",
            ),
            text(
                """
<h2>Money for the first month</h2>
<p>Your first salary may not arrive until the end of your first full month. Bring enough to cover food,
travel and deposits until then, and ask your employer whether it offers an advance of pay, help with
deposits or a loan for relocation costs. If a loan has a repayment clause, make sure you understand it
before you sign; see <a href="page:international-recruitment/ethical-recruitment-code">the ethical
recruitment code</a>.</p>
"""
            ),
        ],
    },
    {
        "slug": "irmer-entitlement",
        "title": "IR(ME)R entitlement",
        "summary": (
            "Why HCPC registration alone does not let you act as an operator or practitioner under IR(ME)R, and "
            "how your employer entitles you."
        ),
        "pathway": "international-recruitment",
        "audiences": ["international-recruit", "manager", "returnee"],
        "nations": [],
        "topics": ["irmer-and-radiation-protection"],
        "owner": "Professional Policy team",
        "reviewed": 70,
        "review_due": 295,
        "body": [
            text(
                """
<p>Medical exposures to ionising radiation in Great Britain are governed by the Ionising Radiation (Medical
Exposure) Regulations 2017, known as IR(ME)R. Northern Ireland has its own equivalent regulations.</p>
<h2>Registration is not entitlement</h2>
<p>Being on the HCPC Register does not, by itself, allow you to act as an IR(ME)R <b>operator</b> or
<b>practitioner</b>. Your <b>employer</b> decides what each person is entitled to do, through its written
procedures, and only after it is satisfied that you are adequately trained.</p>
<p>Employers must keep up-to-date records of the training of everyone they entitle. For an international
recruit, that means local training and a written record of your entitlement, for each modality and task,
before you work on your own.</p>
"""
            ),
            source(S_IRMER_2017, "The Ionising Radiation (Medical Exposure) Regulations 2017"),
            source(S_SOR_IRMER_TRAINING, "Employers keep training records for practitioners and operators"),
            steps(
                "How entitlement usually works",
                [
                    (
                        "Induction to the employer's procedures",
                        "<p>You read and sign the employer's IR(ME)R procedures and local rules.</p>",
                    ),
                    (
                        "Supervised practice",
                        "<p>You work alongside entitled colleagues until you are assessed as competent.</p>",
                    ),
                    (
                        "Assessment and sign-off",
                        "<p>A senior radiographer confirms your competence for each task.</p>",
                    ),
                    (
                        "Written entitlement",
                        "<p>Your scope of entitlement is recorded and reviewed, and extended as you train in more areas.</p>",
                    ),
                ],
            ),
            callout(
                "info",
                "For managers",
                '<p>Signed-in managers can download our <a href="doc:irmer-entitlement-record">IR(ME)R entitlement record '
                "template</a> to record training and scope for each new starter.</p>",
            ),
            text(
                """
<h2>Returners too</h2>
<p>The same applies to radiographers returning to practice. Your past entitlement belonged to your past
employer: your new employer will train and entitle you under its own procedures, often alongside your
supervised practice.</p>
"""
            ),
            faq(
                "Questions to ask your employer",
                [
                    (
                        "Which tasks will I be entitled for first?",
                        "<p>Usually the examinations you will do most often. Ask for the plan for the rest.</p>",
                    ),
                    (
                        "Who signs off my competence?",
                        "<p>A senior radiographer or named trainer, recorded in writing.</p>",
                    ),
                    (
                        "Can I see my entitlement record?",
                        "<p>You should be able to. It is a record of what you may do, so you need to know what it says.</p>",
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "preceptorship-and-pastoral-support",
        "title": "Preceptorship and pastoral support",
        "summary": (
            "Why the first years matter: what preceptorship offers international radiographers, the evidence on "
            "retention, and the NHS Pastoral Care Quality Award."
        ),
        "pathway": "international-recruitment",
        "audiences": ["international-recruit", "manager"],
        "nations": [],
        "topics": ["induction-and-pastoral-care", "workforce-and-recruitment"],
        "owner": "International Recruitment lead",
        "reviewed": 85,
        "review_due": 280,
        "body": [
            text(
                """
<p>Preceptorship is a structured period of support at the start of a new role, with a named preceptor, agreed
goals and protected time to learn. For international radiographers it covers not only clinical skills but
the UK's ways of working: consent, referral criteria, reporting systems, and professional expectations.</p>
<h2>Why it matters</h2>
<p>Of all first-time international registrants who joined the HCPC Register between 2013 and 2018,
<b>34.2% had left within 4 years</b>. Good preceptorship and pastoral care are how employers keep the people
they worked so hard to recruit. Support matters most in the first months, when people are learning a new
health system, often far from family, and deciding whether to stay.</p>
"""
            ),
            source(
                S_HCPC_RETENTION,
                "34.2% of first-time international registrants (2013 to 2018) left within 4 years",
            ),
            text(
                """
<h2>The NHS Pastoral Care Quality Award</h2>
<p>NHS England's international recruitment programme launched the Pastoral Care Quality Award in March 2022
to set a standard for the pastoral care of internationally educated <b>nurses and midwives</b>. Trusts are
reassessed every 3 years. No national source says the award covers allied health professionals, and there is no quality mark specific to radiography yet.</p>
"""
            ),
            source(S_SWLSTG, "Award launched March 2022 for internationally educated nurses and midwives"),
            source(S_RNOH, "Trusts reassessed every 3 years"),
            text(
                """
<h2>What good preceptorship includes</h2>
<ul>
<li>a named preceptor, who is not your line manager, with protected time to meet you;</li>
<li>written goals for the first months, reviewed together;</li>
<li>a plan for the modalities and tasks you will be trained and entitled in, and when;</li>
<li>regular conversations about wellbeing and belonging, not only about competence;</li>
<li>an introduction to your SoR workplace representative and to other international colleagues.</li>
</ul>
"""
            ),
            faq(
                "What to ask your employer",
                [
                    (
                        "Will I have a named preceptor?",
                        "<p>You should, with protected time to meet them regularly.</p>",
                    ),
                    ("How long is preceptorship?", "<p>Often up to a year; ask for the plan in writing.</p>"),
                    (
                        "Who do I talk to if I am struggling?",
                        "<p>Your preceptor, your manager, the pastoral team, and your SoR workplace rep. You can also "
                        '<a href="/get-help/">ask us</a>.</p>',
                    ),
                ],
            ),
            document(
                "preceptorship-plan",
                description="A template for a first-year plan, for preceptors and managers.",
            ),
        ],
    },
]

# --------------------------------------------------------------------------------------------------
# Guidance for managers (children of the managers' resource library)
# --------------------------------------------------------------------------------------------------

MANAGER_GUIDANCE = [
    {
        "slug": "supporting-a-returnee-on-placement",
        "title": "Supporting a returnee on placement",
        "summary": (
            "A manager's guide to offering supervised practice to a returning radiographer: before, during and "
            "after the placement, and what funding may help."
        ),
        "pathway": "return-to-practice",
        "audiences": ["manager", "educator"],
        "nations": [],
        "topics": ["supervised-practice", "workforce-and-recruitment"],
        "owner": "Workplace and Employment Relations team",
        "reviewed": 65,
        "review_due": 300,
        "body": [
            text(
                """
<p>A returner is an experienced radiographer who needs a structured way back. Offering a placement costs
some supervisor time; in return you often gain a colleague who already knows your department. Returners
have told surveys that what they most want is help finding supervised practice, flexibility, and a single
named contact in the organisation. You can offer all three.</p>
"""
            ),
            source(
                S_SOR_RETURN_OF_RAD,
                "Returners want help finding placements, flexible working and a named contact",
            ),
            steps(
                "Before the placement",
                [
                    (
                        "Name a contact",
                        "<p>One person who answers returners' enquiries and coordinates placements.</p>",
                    ),
                    (
                        "Choose a supervisor",
                        "<p>They must have been on the radiographer part of the HCPC Register for at least the previous 3 "
                        "years, with no fitness-to-practise sanctions, and supervise within their own scope.</p>",
                    ),
                    (
                        "Agree the arrangement",
                        "<p>An honorary contract or a paid support role; hours, days and modalities; and how the returner's "
                        'practice will be supervised under your IR(ME)R procedures. Use the <a href="doc:supervised-practice-agreement">'
                        "supervised practice agreement template</a>.</p>",
                    ),
                    (
                        "Complete the checks",
                        "<p>Identity, criminal record, occupational health and mandatory training.</p>",
                    ),
                ],
            ),
            source(S_HCPC_UPDATING, "Supervisor requirements"),
            steps(
                "During the placement",
                [
                    ("Induct", "<p>Local rules, systems access, emergency procedures and who to ask.</p>"),
                    (
                        "Agree a learning plan",
                        "<p>What the returner wants to cover and how progress will be judged.</p>",
                    ),
                    ("Review halfway", "<p>Meet to check progress and adjust the plan.</p>"),
                    (
                        "Keep the log signed",
                        "<p>Check the returner's updating log regularly so that the final sign-off is straightforward.</p>",
                    ),
                ],
            ),
            text(
                """
<h2>At the end</h2>
<p>The supervisor completes their part of the HCPC returning to practice form, and a registered radiographer
countersigns the cover sheet. If you have a vacancy, this is the moment to talk about it: some employers
have paid returners' HCPC fees once they completed, in return for joining the team.</p>
<h2>Money for placement providers</h2>
<ul>
<li><b>England</b>: NHS England funds the national return to practice programme for allied health
professionals; check the current amount and what it covers on the programme page.</li>
<li><b>Wales</b>: the HEIW bursary of up to £1,000 pays course fees only, agreed before the updating starts,
through the Health Board.</li>
<li>For comparison, employers who take returning nurses in England receive a placement fee of £500 to
£1,500.</li>
</ul>
"""
            ),
            source(
                S_RCSLT_2020, "NHS England funds national return to practice programmes, including for AHPs"
            ),
            source(S_HEIW, "HEIW bursary up to £1,000, course fees only"),
            source(
                S_NHS_EMPLOYERS_RTP, "Nursing: employers receive a £500 to £1,500 placement fee (August 2025)"
            ),
            document(
                "supervisor-handbook",
                description="For signed-in managers: a handbook for returner placement supervisors.",
            ),
        ],
    },
    {
        "slug": "first-90-days-checklist",
        "title": "An international recruit's first 90 days: a checklist",
        "summary": (
            "What to have done before an international radiographer arrives, in their first week, first month and "
            "first three months, with a printable checklist."
        ),
        "pathway": "international-recruitment",
        "audiences": ["manager"],
        "nations": [],
        "topics": ["induction-and-pastoral-care", "irmer-and-radiation-protection"],
        "owner": "International Recruitment lead",
        "reviewed": 95,
        "review_due": 270,
        "body": [
            text(
                """
<p>Of first-time international registrants who joined the HCPC Register between 2013 and 2018, 34.2% left
within 4 years. The first three months are where retention starts. Use this checklist with your pastoral
lead and the recruit's preceptor.</p>
"""
            ),
            source(S_HCPC_RETENTION, "34.2% left the Register within 4 years"),
            steps(
                "The first 90 days",
                [
                    (
                        "Before arrival",
                        "<p>Confirm the start date and travel; arrange an airport meet-and-greet and accommodation for the "
                        "first weeks; send a welcome pack with the rota, uniform and who to contact.</p>",
                    ),
                    (
                        "Week 1",
                        "<p>Help with a bank account, GP registration and the right-to-work check; corporate induction; "
                        "meet the preceptor and pastoral lead; a tour of the department.</p>",
                    ),
                    (
                        "Weeks 2 to 4",
                        "<p>Department induction, local rules and IR(ME)R procedures; systems access (RIS, PACS); supervised "
                        "practice in the first modality; an informal check-in each week.</p>",
                    ),
                    (
                        "Month 2",
                        "<p>Competency assessments and written IR(ME)R entitlement for the tasks signed off; agree the "
                        "preceptorship plan; introduce the SoR workplace rep.</p>",
                    ),
                    (
                        "Month 3",
                        "<p>A formal 90-day review of progress, wellbeing and belonging; plan the next modalities and CPD; "
                        "ask what the department could have done better.</p>",
                    ),
                ],
            ),
            source(S_OUH, "Help with flights, transport and accommodation; welcome pack and buddy scheme"),
            source(S_EPUT, "Recruits met on arrival; accommodation funded for 12 weeks"),
            source(S_SOR_IRMER_TRAINING, "Training records for entitled operators and practitioners"),
            document("first-90-days", description="A printable checklist to tick off with your recruit."),
            text(
                """
<h2>Who does what</h2>
<ul>
<li><b>The manager</b> owns the plan, agrees the rota and protects the preceptor's time.</li>
<li><b>The pastoral lead</b> helps with housing, money, registration with a GP and life outside work.</li>
<li><b>The preceptor</b> leads clinical learning, competency sign-off and the weekly check-ins.</li>
<li><b>The recruit</b> says what is and is not working; make it easy for them to do so.</li>
</ul>
<p>Agree these roles before the recruit arrives, and tell them who is who in their welcome pack. Review
the plan together at the end of each month, and adjust it: every recruit's first 90 days look a little
different.</p>
"""
            ),
            callout(
                "info",
                "Pastoral care recognised nationally",
                "<p>The NHS Pastoral Care Quality Award was set up for internationally educated nurses and midwives; some "
                "trusts have applied it to allied health professionals too. The checklist follows the same good "
                "practice.</p>",
            ),
            source(S_SWLSTG, "The Pastoral Care Quality Award, launched March 2022"),
        ],
    },
    {
        "slug": "ethical-recruitment-for-managers",
        "title": "Ethical recruitment for managers",
        "summary": (
            "Recruiting radiographers from abroad within the codes of practice: the country lists, agencies, "
            "contracts and repayment clauses, sponsorship costs and NHS England funding."
        ),
        "pathway": "international-recruitment",
        "audiences": ["manager"],
        "nations": [],
        "topics": ["workforce-and-recruitment", "visas-and-immigration"],
        "owner": "International Recruitment lead",
        "reviewed": 110,
        "review_due": 255,
        "body": [
            text(
                """
<p>International recruitment can fill hard-to-fill posts quickly, but it must be done within the code of
practice for your nation. In England that is the Department of Health and Social Care's code, updated on
2 September 2024; Scotland has its own code, revised in March 2023, with the same red list.</p>
"""
            ),
            source(S_CODE_ENGLAND, "The code for England, updated 2 September 2024"),
            source(S_SCOT_CODE_6, "Scotland's code, revised March 2023"),
            steps(
                "Recruiting within the code",
                [
                    (
                        "Check the country",
                        "<p>Do not actively recruit from red-list countries. Amber countries (such as Kenya and Nepal) only "
                        "under their government-to-government agreement. Green countries, including India, Malaysia, the "
                        "Philippines and Sri Lanka, are open.</p>",
                    ),
                    (
                        "Know what counts as a direct application",
                        "<p>A person living in a red-list country may apply to you directly, on their own initiative. The "
                        "test is the country of residence, not nationality. Do not advertise into red-list countries.</p>",
                    ),
                    (
                        "Use an ethical agency",
                        "<p>Use only agencies that follow the code and do not charge candidates any fee.</p>",
                    ),
                    (
                        "Write a fair contract",
                        "<p>Give the contract before the person travels, in plain language. Any repayment clause must be "
                        "fair, proportionate and explained in advance.</p>",
                    ),
                ],
            ),
            source(S_RAG, "Red, amber and green countries"),
            source(S_RESIDENCE, "Direct applications and the country of residence"),
            text(
                """
<h2>Costs to plan for</h2>
<ul>
<li>the Certificate of Sponsorship fee (check the current fee on GOV.UK);</li>
<li>a salary at least the national pay scale for the job or the Home Office minimum, whichever is higher;</li>
<li>relocation, accommodation and pastoral support;</li>
<li>supervisor and preceptor time while the recruit becomes entitled under IR(ME)R.</li>
</ul>
"""
            ),
            source(S_BIRKETTS, "Current visa and sponsorship fees"),
            source(S_SALARY, "Salary rules for eligible jobs"),
            text(
                """
<h2>Funding and collaboration</h2>
<p>NHS England (formerly Health Education England) has supported trusts that recruit allied health
professionals from abroad; ask your regional AHP workforce team what support is open to radiography.
Recruiting together can help too: a collaborative campaign by trusts in the South West led to job offers for
58 radiographers, supported by an integration package before, during and after arrival.</p>
"""
            ),
            source(S_SOUTH_WEST_IR, "South West collaborative campaign: 58 radiographers offered jobs"),
            document(
                "interview-guide",
                description="For signed-in managers: structured interview questions for international candidates.",
            ),
            faq(
                "Questions managers ask",
                [
                    (
                        "Can we interview someone who lives in a red-list country?",
                        "<p>Yes, if they applied to you directly and on their own initiative, and you did not target "
                        "recruitment there.</p>",
                    ),
                    (
                        "Can we recover relocation costs if someone leaves early?",
                        "<p>Only through a repayment clause that is fair, proportionate and explained before the person "
                        "travels, as the code sets out.</p>",
                    ),
                ],
            ),
        ],
    },
]

# --------------------------------------------------------------------------------------------------
# News (dated relative to the day the demo is loaded, spread over the past year)
# --------------------------------------------------------------------------------------------------

NEWS_INDEX = {
    "title": "News",
    "slug": "news",
    "introduction": "What has changed for returners, international recruits and their managers, newest first.",
    "search_description": "News about HCPC registration, English language rules, visas, funding and recruitment for radiographers.",
}

NEWS = [
    {
        "slug": "hcpc-fees-what-you-pay-now",
        "title": "HCPC fees: what radiographers pay now",
        "days_ago": 12,
        "summary": "A reminder of the HCPC fees that have applied since 29 April 2025, for returners, graduates and international applicants.",
        "topics": ["hcpc-registration", "funding"],
        "body": [
            text(
                """
<p>The HCPC's fees rose on 29 April 2025, and they are the fees you pay today. Whether you are coming back
after a break or applying from abroad, here is what to budget for.</p>
<ul>
<li>registration or renewal: <b>£123.34</b> a year;</li>
<li>new UK graduates, for their first two years: <b>£61.67</b> a year;</li>
<li>readmission, paid with the registration fee: <b>£185.01</b>;</li>
<li>scrutiny of an international application: <b>£678.38</b>;</li>
<li>scrutiny for graduates of approved UK programmes: <b>£86.34</b>.</li>
</ul>
<p>Returners: read <a href="page:returning-to-practice/applying-for-readmission">applying for readmission</a>.
International applicants: read <a href="page:international-recruitment/hcpc-international-registration">HCPC
international registration</a>.</p>
"""
            ),
            source(S_HCPC_FEES, "HCPC fees from 29 April 2025"),
        ],
    },
    {
        "slug": "pastoral-care-and-retention",
        "title": "A third of international registrants leave within four years",
        "days_ago": 38,
        "summary": "HCPC figures on retention make the case for better induction, preceptorship and pastoral care for international radiographers.",
        "topics": ["induction-and-pastoral-care", "workforce-and-recruitment"],
        "body": [
            text(
                """
<p>An HCPC report on people who joined its Register through the international route for the first time
between 2013 and 2018 found that <b>34.2%</b> had left the Register within four years.</p>
<p>The report covers all HCPC professions, not only radiography, but the message for radiography managers is
clear: the effort of recruiting is wasted if people leave. Trusts that hold the NHS Pastoral Care Quality
Award describe practical steps, from airport meet-and-greets to funded accommodation and a named pastoral
team. Our new <a href="page:managers/first-90-days-checklist">first 90 days checklist</a> brings these
together for radiography departments.</p>
"""
            ),
            source(
                S_HCPC_RETENTION,
                "34.2% of first-time international registrants (2013 to 2018) left within 4 years",
            ),
            source(S_SWLSTG, "The NHS Pastoral Care Quality Award"),
        ],
    },
    {
        "slug": "english-language-rules-reminder",
        "title": "English language evidence: the HCPC's rules explained",
        "days_ago": 75,
        "summary": "Since 29 January 2025, international applicants can no longer self-declare English as a first language. What that means in practice.",
        "topics": ["english-language", "hcpc-registration"],
        "body": [
            text(
                """
<p>We still receive questions about the HCPC's English language rules, which came into force on
<b>29 January 2025</b>. In short:</p>
<ul>
<li>self-declaration of English as a first language is no longer accepted;</li>
<li>a qualification gained in a country on the HCPC's qualifying countries list counts as evidence;</li>
<li>otherwise you need an approved test: IELTS (7.0 overall, no element below 6.5 for radiographers), TOEFL,
or now OET.</li>
</ul>
<p>OET is now accepted; the HCPC sets the grade radiographers need, so check its English language page
before booking. Full details are in our guide to
<a href="page:international-recruitment/english-language">English language requirements</a>.</p>
"""
            ),
            source(S_HCPC_ENGLISH, "New English language rules from 29 January 2025"),
            source(S_HCPC_INT_FORM, "IELTS 7.0 with no element below 6.5"),
        ],
    },
    {
        "slug": "visa-fees-april-2025",
        "title": "Health and Care Worker visa: the fees changed in April 2025",
        "days_ago": 118,
        "summary": "The reduced visa application fee for health and care workers was amended from 9 April 2025. The Immigration Health Surcharge exemption continues.",
        "topics": ["visas-and-immigration"],
        "body": [
            text(
                """
<p>The reduced application fee for the Health and Care Worker visa was amended from <b>9 April 2025</b>.
Check the current fees for visas of up to three years and for longer visas, and the Certificate of
Sponsorship fee employers pay, on GOV.UK.</p>
<p>Health and Care Worker visa holders and their dependants remain exempt from the Immigration Health
Surcharge. For NHS-band roles the salary must meet the national pay scale or the Home Office minimum,
whichever is higher (£23,200 from 4 April 2024); check the current minimum on GOV.UK.</p>
<p>Read our guide to <a href="page:international-recruitment/health-and-care-worker-visa">the visa</a>.</p>
"""
            ),
            source(S_VISA_FEE_LAW, "Health and Care fee reduction amended from 9 April 2025"),
            source(S_BIRKETTS, "Current Health and Care Worker visa fees"),
            source(
                S_RCN_IHS, "Immigration Health Surcharge exemption; £23,200 salary rule from 4 April 2024"
            ),
            source(S_SALARY, "Current salary rules"),
        ],
    },
    {
        "slug": "nhs-england-rtp-100-radiographers",
        "title": "NHS England's return to practice programme has brought back 100 radiographers",
        "days_ago": 160,
        "summary": "Figures from the national AHP programme show what returners achieved, and what they found hardest.",
        "topics": ["funding", "updating-and-cpd"],
        "body": [
            text(
                """
<p>Since NHS England's return to practice programme for allied health professionals began in 2017, more than
600 AHPs had returned to the HCPC Register by February 2022, among them <b>100 radiographers</b>: 79
diagnostic and 21 therapeutic.</p>
<p>NHS England funds the programme; check the current offer on its programme page. Returners told the programme that
the hardest parts were getting started, finding a placement and the cost. Our guides to
<a href="page:returning-to-practice/finding-a-placement">finding a placement</a> and
<a href="page:returning-to-practice/funding-england">funding in England</a> can help.</p>
"""
            ),
            source(S_SOR_RETURN_OF_RAD, "600+ AHPs returned by February 2022, including 100 radiographers"),
            source(
                S_RCSLT_2020, "NHS England funds national return to practice programmes, including for AHPs"
            ),
        ],
    },
    {
        "slug": "wales-heiw-bursary",
        "title": "Returning in Wales? Apply for the HEIW bursary before you start",
        "days_ago": 205,
        "summary": "HEIW offers up to £1,000 towards course fees for returning AHPs, but only if it is agreed before your updating begins.",
        "topics": ["funding"],
        "body": [
            text(
                """
<p>Radiographers returning to practice in Wales can apply to Health Education and Improvement Wales (HEIW)
for a bursary of <b>up to £1,000</b> towards the cost of education agreed with their supervising Head of
Department.</p>
<p>Two points catch people out. First, the bursary pays course fees only. Second, it must be agreed with
HEIW, through the Health Board manager, <b>before</b> your updating begins. HEIW cannot arrange a placement
for you. See <a href="page:returning-to-practice/funding-wales">funding and support in Wales</a>.</p>
"""
            ),
            source(S_HEIW, "HEIW bursary up to £1,000, course fees only, agreed in advance"),
        ],
    },
    {
        "slug": "scotland-supervised-practice-requests",
        "title": "Scotland: how health boards help returners find a supervisor",
        "days_ago": 248,
        "summary": "Returners in Scotland send a supervised practice request form to an NHS board, which looks for a supervisor.",
        "topics": ["supervised-practice"],
        "body": [
            text(
                """
<p>In Scotland, returning AHPs arrange their supervised practice through NHS boards. You send NHS
Scotland's supervised practice request form to the board of your choice, and its return to practice team
looks for a supervisor. If you have heard nothing after <b>10 working days</b>, NHS Education for Scotland
can escalate your request.</p>
<p>There is no national bursary for returning AHPs in Scotland, though some boards may help with costs.
Read <a href="page:returning-to-practice/funding-scotland">funding and support in Scotland</a>.</p>
"""
            ),
            source(
                S_NHS_SCOT_SUPERVISED,
                "Request form; board teams assign a supervisor; NES escalation after 10 working days",
            ),
            source(S_NHS_SCOT_RTP, "Financial help sometimes available depending on the board"),
        ],
    },
    {
        "slug": "ethical-recruitment-code-update",
        "title": "What the updated recruitment code means for radiography",
        "days_ago": 296,
        "summary": "The code of practice for international recruitment in England was updated in September 2024, with new principles on repayment clauses.",
        "topics": ["workforce-and-recruitment"],
        "body": [
            text(
                """
<p>The code of practice for the international recruitment of health and social care personnel in England
was updated on <b>2 September 2024</b>. For radiography departments that recruit from abroad, the main
changes are stronger benchmarks on fair contracts, new principles on repayment clauses, and clear routes for
escalating exploitative practice.</p>
<p>The red list is unchanged in principle: no active recruitment from countries on the WHO Health Workforce
Support and Safeguards List unless there is a government-to-government agreement. Individuals may still
apply directly. Our guide for managers, <a href="page:managers/ethical-recruitment-for-managers">ethical
recruitment for managers</a>, sets out what to check.</p>
"""
            ),
            source(S_CODE_ENGLAND, "Code updated 2 September 2024"),
            source(S_RED_LIST_PRESS, "The WHO safeguards list and the UK red list"),
        ],
    },
    {
        "slug": "northern-ireland-student-places",
        "title": "Northern Ireland: fewer student places make returners more important",
        "days_ago": 338,
        "summary": "With diagnostic radiography student places cut and a 12% vacancy rate, returners are a valuable source of experienced staff in Northern Ireland.",
        "topics": ["workforce-and-recruitment"],
        "body": [
            text(
                """
<p>Northern Ireland cut its diagnostic radiography student places by <b>14%</b> in 2023, at a time when the
vacancy rate stood at <b>12%</b>.</p>
<p>Returning radiographers can help close the gap, but Northern Ireland has no dedicated return to practice
scheme for allied health professionals that we know of. If you are a manager in Northern Ireland willing to
offer a placement, or a radiographer thinking of returning, <a href="/get-help/">get in touch</a>.</p>
"""
            ),
            source(S_SOR_NI_PLACES, "Student places cut by 14% in 2023; vacancy rate 12%"),
            source(
                S_HEALTH_CAREERS_RETURN, "Northern Ireland returners signposted to the Department of Health"
            ),
        ],
    },
]

# --------------------------------------------------------------------------------------------------
# Standard pages
# --------------------------------------------------------------------------------------------------

STANDARD_PAGES = [
    {
        "slug": "about",
        "title": "About this service",
        "summary": "Who runs this service, what it offers, and how we keep the guidance accurate.",
        "owner": "Digital team",
        "body": [
            text(
                """
<p>This service is run by the Society of Radiographers, the professional body and trade union for the
radiography workforce in the UK. It brings together what radiographers returning to practice,
radiographers trained abroad, and their managers need to know.</p>
<h2>What you will find here</h2>
<ul>
<li><b>Guidance</b> on <a href="page:returning-to-practice">returning to practice</a> and
<a href="page:international-recruitment">international recruitment</a>, for each of the four UK nations;</li>
<li><b>case studies</b> from radiographers who have made the journey;</li>
<li><b>news</b> about changes to rules, fees and funding;</li>
<li>a <b>resource library for managers</b>, including SoR templates and checklists and links to NHS
Employers, NHS England, the HCPC, HEIW and NHS Education for Scotland;</li>
<li>a way to <a href="/get-help/">ask our advisers</a> when your situation does not fit the guidance.</li>
</ul>
<h2>How we keep it accurate</h2>
<p>Every fee, figure and rule on our guidance pages shows its source and the date we last checked it. Each
page has a named owner and a review date, and we review pages before that date passes. Where sources
disagree or may be out of date, we say so and ask you to confirm with the organisation concerned.</p>
<p>People in our case studies chose how they are named. The pictures beside their stories are illustrations,
not photographs.</p>
"""
            ),
        ],
    },
    {
        "slug": "privacy-notice",
        "title": "Privacy notice",
        "summary": "What personal information this service collects, why, how long we keep it and your rights.",
        "owner": "Data Protection lead",
        "body": [
            text(
                """
<p>This notice explains how the Society and College of Radiographers ("we") uses personal information when
you use this service. We are the controller of that information.</p>
<h2>What we collect</h2>
<ul>
<li><b>Your account</b>: your name, email address, a secure scrambled form of your password, and your
two-factor authentication settings if you turn them on.</li>
<li><b>Your enquiries</b>: what you tell our advisers, any files you send, our replies, and a record of what
happened to the enquiry.</li>
<li><b>Technical information</b>: server logs of requests to the site (address, time, page), kept to keep
the service secure.</li>
</ul>
<h2>Why we use it</h2>
<ul>
<li>to let you sign in and to show resources meant for managers;</li>
<li>to answer your enquiries and keep a record of the advice given;</li>
<li>to understand, without naming anyone, which questions are common, so that we can improve the guidance;</li>
<li>to keep the service secure and prevent misuse.</li>
</ul>
<p>Our lawful basis is our legitimate interest in supporting radiographers and their employers, and, for SoR
members, our agreement with you as a member.</p>
<h2>Who we share it with</h2>
<p>We use a hosting provider and an email delivery service, who process information only on our
instructions. We do not sell personal information and we do not use advertising or tracking cookies.</p>
<h2>How long we keep it</h2>
<p>We keep your account until you close it. Enquiries are kept for a set period after they are closed and
are then anonymised, so that only statistics remain.</p>
<h2>Your rights</h2>
<p>You can ask for a copy of your information, ask us to correct or delete it, object to or restrict how we use
it, and ask for it in a portable format. Write to our data protection lead at
<a href="mailto:privacy@portal.sor.example">privacy@portal.sor.example</a>. If you are unhappy with how we
have handled your information, you can complain to the Information Commissioner's Office at
<a href="https://ico.org.uk/">ico.org.uk</a>.</p>
"""
            ),
        ],
    },
    {
        "slug": "accessibility-statement",
        "title": "Accessibility statement",
        "summary": "How accessible this service is, what to do if you have a problem, and how we test it.",
        "owner": "Digital team",
        "body": [
            text(
                """
<p>We want as many people as possible to be able to use this service. You should be able to:</p>
<ul>
<li>zoom in up to 400% without text spilling off the screen;</li>
<li>navigate the whole site using just a keyboard;</li>
<li>use every page, including forms and filters, without JavaScript;</li>
<li>use the site with a screen reader and speech recognition software;</li>
<li>change colours, contrast and fonts in your browser without losing content.</li>
</ul>
<h2>How accessible it is</h2>
<p>We aim to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA. We test each type of page
with automated tools and by hand, with a keyboard and a screen reader.</p>
<p>Our own documents (checklists and templates) are produced with real headings and lists, and our PDFs are
tagged. Some documents we link to on other organisations' sites may not be fully accessible.</p>
<h2>Reporting a problem</h2>
<p>If you find something you cannot use, or need information in a different format, email
<a href="mailto:help@portal.sor.example">help@portal.sor.example</a>. Tell us the address of the page and what
went wrong, and we will reply and fix what we can.</p>
<h2>If you are not happy with our response</h2>
<p>In England, Scotland and Wales you can contact the Equality Advisory and Support Service (EASS). In
Northern Ireland, contact the Equality Commission for Northern Ireland.</p>
"""
            ),
        ],
    },
    {
        "slug": "cookies",
        "title": "Cookies",
        "summary": "The few cookies this service uses, all of them needed to make it work. No tracking or advertising cookies.",
        "owner": "Digital team",
        "body": [
            text(
                """
<p>Cookies are small files saved on your device. This service uses only the cookies it needs to work, so we
do not ask for your consent to them. We do not use analytics, advertising or third-party cookies.</p>
<h2>The cookies we use</h2>
<ul>
<li><b>sessionid</b>: keeps you signed in as you move between pages. It expires when you close your browser,
or after two weeks if you choose to stay signed in.</li>
<li><b>csrftoken</b>: protects forms against a type of attack called cross-site request forgery. It expires
after a year.</li>
<li><b>messages</b>: briefly holds a confirmation message, such as "You have signed in", until the next page
shows it.</li>
</ul>
<h2>Turning cookies off</h2>
<p>You can block cookies in your browser settings. You will still be able to read the guidance, but you will
not be able to sign in or send a form.</p>
"""
            ),
        ],
    },
]

# --------------------------------------------------------------------------------------------------
# Documents made locally (portal/demo_media.py turns the sections into a PDF or a Word file)
# --------------------------------------------------------------------------------------------------
# Sections: ("h1" | "h2" | "p" | "bullet" | "check" | "field", text); Word files also take
# ("table", "Heading|Heading|...") for a table with a header row and blank rows to fill in.

DOCUMENTS = [
    {
        "key": "updating-log",
        "title": "Updating days log (Word template)",
        "filename": "updating-days-log.docx",
        "members_only": False,
        "sections": [
            ("h1", "Updating days log"),
            (
                "p",
                "Use this log to record the updating you do before applying to rejoin the HCPC Register. "
                "Keep it with your evidence: certificates, reading notes and your supervisor's comments.",
            ),
            ("h2", "About you"),
            ("field", "Your name"),
            ("field", "HCPC registration number (if you were registered before)"),
            ("field", "Date you last practised as a radiographer"),
            ("field", "Days of updating you need (30 or 60)"),
            ("h2", "How to use this log"),
            ("bullet", "Record each activity on its own row, with the date and the hours."),
            ("bullet", "Seven hours count as one day; you can add up shorter sessions."),
            ("bullet", "Private study must be no more than half of your total days."),
            (
                "bullet",
                "Complete your updating within the time window the HCPC currently allows before you apply.",
            ),
            ("h2", "Your activities"),
            ("table", "Date|Hours|Activity and what you learned|Supervised, formal or private|Evidence kept"),
            ("h2", "Totals"),
            ("field", "Supervised practice (hours and days)"),
            ("field", "Formal study (hours and days)"),
            ("field", "Private study (hours and days, no more than half)"),
            ("field", "Total days"),
        ],
    },
    {
        "key": "supervised-practice-agreement",
        "title": "Supervised practice agreement (Word template)",
        "filename": "supervised-practice-agreement.docx",
        "members_only": False,
        "sections": [
            ("h1", "Supervised practice agreement"),
            (
                "p",
                "An agreement between a returning radiographer, their supervisor and the placement department. "
                "Complete it together before the placement starts and keep a copy each.",
            ),
            ("h2", "The people"),
            ("field", "Returner's name"),
            ("field", "Supervisor's name and HCPC registration number"),
            ("field", "Years the supervisor has been on the radiographer part of the Register (at least 3)"),
            ("field", "Department and employer"),
            ("h2", "The placement"),
            ("field", "Start and end dates"),
            ("field", "Days and hours each week"),
            ("field", "Areas and modalities included"),
            ("field", "Type of arrangement (honorary contract, paid role, other)"),
            ("h2", "Learning goals"),
            ("field", "Goal 1"),
            ("field", "Goal 2"),
            ("field", "Goal 3"),
            ("h2", "Safety and supervision"),
            ("check", "The returner has read the department's local rules and IR(ME)R procedures."),
            (
                "check",
                "We have agreed what the returner may do with direct supervision and what needs the supervisor present.",
            ),
            ("check", "Identity, criminal record and occupational health checks are complete."),
            ("check", "Statutory and mandatory training is up to date."),
            ("h2", "Reviews"),
            ("field", "Halfway review date"),
            ("field", "Final review date"),
            ("h2", "Signatures"),
            ("field", "Returner"),
            ("field", "Supervisor"),
            ("field", "Department manager"),
        ],
    },
    {
        "key": "returnee-checklist",
        "title": "Returning to practice: your checklist (PDF)",
        "filename": "returning-to-practice-checklist.pdf",
        "members_only": False,
        "sections": [
            ("h1", "Returning to practice: your checklist"),
            (
                "p",
                "Tick off each step as you go. The guidance pages on the SoR return to practice portal explain each "
                "one, with sources and the date we last checked them.",
            ),
            ("h2", "Work out what you need"),
            ("check", "I know the date I last practised as a radiographer."),
            (
                "check",
                "I know whether I need 0, 30 or 60 days of updating (under 2 years, 2 to 5 years, 5 years or more).",
            ),
            ("check", "I have checked the HCPC's current time window for completing my updating."),
            ("h2", "Plan and fund it"),
            ("check", "I have planned my mix of supervised practice, formal study and private study."),
            ("check", "Private study is no more than half of my days."),
            (
                "check",
                "I have checked the funding for the nation where I will work, and applied before starting where that is required.",
            ),
            ("h2", "Find a placement"),
            ("check", "I have a supervisor who has been registered for at least the previous 3 years."),
            ("check", "We have signed a supervised practice agreement."),
            ("check", "My checks and mandatory training are complete."),
            ("h2", "Apply"),
            ("check", "My updating log is complete and signed."),
            ("check", "My counter-signatory is an HCPC-registered radiographer."),
            ("check", "I have checked the current readmission and registration fees on the HCPC website."),
            ("check", "I have sent my readmission application."),
        ],
    },
    {
        "key": "first-90-days",
        "title": "An international recruit's first 90 days: checklist (PDF)",
        "filename": "first-90-days-checklist.pdf",
        "members_only": False,
        "sections": [
            ("h1", "An international recruit's first 90 days"),
            (
                "p",
                "A checklist for radiography managers, pastoral leads and preceptors. Work through it with your "
                "new colleague and keep it with their induction record.",
            ),
            ("h2", "Before arrival"),
            ("check", "Start date, travel and airport meet-and-greet confirmed."),
            ("check", "Accommodation arranged for the first weeks."),
            ("check", "Welcome pack sent: rota, uniform, contacts, first-day instructions."),
            ("check", "Preceptor and pastoral lead named and introduced by email."),
            ("h2", "Week 1"),
            ("check", "Right-to-work check completed."),
            ("check", "Help given with a bank account and GP registration."),
            ("check", "Corporate induction booked and attended."),
            ("check", "Department tour and introductions."),
            ("h2", "Weeks 2 to 4"),
            ("check", "Local rules and IR(ME)R procedures read and signed."),
            ("check", "RIS, PACS and other system access working."),
            ("check", "Supervised practice under way in the first modality."),
            ("check", "Weekly informal check-ins held."),
            ("h2", "Month 2"),
            ("check", "Competency assessments completed for first tasks."),
            ("check", "Written IR(ME)R entitlement recorded for the tasks signed off."),
            ("check", "Preceptorship plan agreed."),
            ("check", "Introduced to the SoR workplace representative."),
            ("h2", "Month 3"),
            ("check", "Formal 90-day review: progress, wellbeing and belonging."),
            ("check", "Next modalities and CPD planned."),
            ("check", "Feedback asked for: what could the department have done better?"),
        ],
    },
    {
        "key": "preceptorship-plan",
        "title": "Preceptorship plan for the first year (Word template)",
        "filename": "preceptorship-plan.docx",
        "members_only": False,
        "sections": [
            ("h1", "Preceptorship plan"),
            (
                "p",
                "A plan for a radiographer's first year in a new post, agreed between the radiographer and their "
                "preceptor. Review it at each meeting.",
            ),
            ("h2", "About the preceptorship"),
            ("field", "Radiographer"),
            ("field", "Preceptor"),
            ("field", "Start date and planned length"),
            ("field", "Protected time for meetings (how often, how long)"),
            ("h2", "Goals"),
            ("table", "Goal|How we will know it is met|By when|Progress"),
            ("h2", "Wellbeing and belonging"),
            ("bullet", "How are you settling in, at work and outside it?"),
            ("bullet", "Is there anything about the way the department works that is unclear?"),
            ("bullet", "Who else would you like to meet or learn from?"),
            ("h2", "Review meetings"),
            ("table", "Date|What we discussed|Actions"),
        ],
    },
    {
        "key": "placement-request-letter",
        "title": "Asking for a placement: letter template (Word)",
        "filename": "placement-request-letter.docx",
        "members_only": False,
        "sections": [
            ("h1", "Asking for a supervised practice placement"),
            ("p", "Adapt this letter to your situation. Keep it to one page and attach a short CV."),
            ("h2", "The letter"),
            ("p", "Dear [service manager's name],"),
            (
                "p",
                "I am a diagnostic radiographer returning to practice after [number] years away, and I am looking "
                "for a supervised practice placement to complete the [30 or 60] days of updating the HCPC requires.",
            ),
            (
                "p",
                "Before my break I worked at [employer] in [areas and modalities]. Since deciding to return I have "
                "completed [study so far]. I would particularly value experience in [area].",
            ),
            (
                "p",
                "I am available [days and hours] from [date], and I am happy to fit around the department's busiest "
                "times. I will arrange my own checks and mandatory training if that helps.",
            ),
            (
                "p",
                "Could we talk about whether your department could offer a placement? I can be reached on [phone] "
                "or at [email].",
            ),
            ("p", "Yours sincerely, [your name]"),
        ],
    },
    {
        "key": "readiness-self-assessment",
        "title": "Department readiness self-assessment for international recruitment (PDF)",
        "filename": "international-recruitment-readiness.pdf",
        "members_only": True,
        "sections": [
            ("h1", "Is your department ready to recruit internationally?"),
            (
                "p",
                "A self-assessment for radiography managers before an international recruitment campaign. Any "
                "statement you cannot tick is an action for your plan.",
            ),
            ("h2", "Ethics and recruitment"),
            ("check", "We recruit only within the code of practice for our nation."),
            ("check", "We do not advertise into red-list countries, and we understand direct applications."),
            ("check", "Our agency does not charge candidates any fee."),
            ("check", "Our contract and any repayment clause are fair and explained before travel."),
            ("h2", "Sponsorship and costs"),
            (
                "check",
                "Our employer holds a sponsor licence and has budgeted for Certificates of Sponsorship.",
            ),
            ("check", "The salary meets the visa minimum or the going rate."),
            ("check", "We have budgeted for relocation, accommodation and supervisor time."),
            ("h2", "Induction and entitlement"),
            ("check", "We have a written induction programme for international staff."),
            ("check", "Our IR(ME)R procedures describe how new staff are trained and entitled."),
            ("check", "Each recruit will have a named preceptor with protected time."),
            ("h2", "Pastoral care and retention"),
            ("check", "A named pastoral lead will meet recruits on arrival and through the first year."),
            ("check", "We will review each recruit's progress and wellbeing at 90 days."),
            ("check", "We ask leavers why they leave, and act on what we hear."),
        ],
    },
    {
        "key": "irmer-entitlement-record",
        "title": "IR(ME)R entitlement record (Word template)",
        "filename": "irmer-entitlement-record.docx",
        "members_only": True,
        "sections": [
            ("h1", "IR(ME)R entitlement record"),
            (
                "p",
                "A record of the training, assessment and entitlement of a radiographer new to your employer, kept "
                "under your IR(ME)R employer's procedures. Review it when their scope changes.",
            ),
            ("h2", "The radiographer"),
            ("field", "Name"),
            ("field", "HCPC registration number"),
            ("field", "Start date"),
            ("h2", "Training and assessment"),
            ("table", "Task or modality|Training given (date)|Assessed by|Date competent"),
            ("h2", "Entitlement"),
            ("table", "Role (operator or practitioner)|Scope|Entitled by|Date|Review date"),
            ("h2", "Signatures"),
            ("field", "Radiographer"),
            ("field", "Manager entitling on the employer's behalf"),
        ],
    },
    {
        "key": "interview-guide",
        "title": "Structured interview guide for international candidates (PDF)",
        "filename": "international-interview-guide.pdf",
        "members_only": True,
        "sections": [
            ("h1", "Structured interview guide for international candidates"),
            (
                "p",
                "Questions for interviewing radiographers trained abroad, fairly and consistently. Ask every "
                "candidate the same core questions, and score answers against the person specification.",
            ),
            ("h2", "Before the interview"),
            (
                "bullet",
                "Check where the candidate lives: the code of practice looks at country of residence.",
            ),
            ("bullet", "Allow for time zones and for the quality of video connections."),
            ("bullet", "Tell the candidate who will be on the panel and how long it will take."),
            ("h2", "Core questions"),
            ("bullet", "Talk us through a typical shift in your current department."),
            ("bullet", "Which modalities and equipment do you use, and how independently?"),
            ("bullet", "How does your department justify and optimise exposures?"),
            ("bullet", "Tell us about a time you raised a concern about patient safety."),
            ("bullet", "How do you keep your practice up to date?"),
            ("bullet", "What support would help you most in your first three months?"),
            ("h2", "Questions the candidate should be able to ask"),
            ("bullet", "What does induction and preceptorship look like here?"),
            ("bullet", "What help is there with relocation and accommodation?"),
            ("bullet", "Is there a repayment clause, and what does it cover?"),
        ],
    },
    {
        "key": "supervisor-handbook",
        "title": "Handbook for supervisors of returning radiographers (PDF)",
        "filename": "returner-supervisor-handbook.pdf",
        "members_only": True,
        "sections": [
            ("h1", "Supervising a returning radiographer"),
            (
                "p",
                "For radiographers who supervise a colleague's return to practice. It complements the HCPC's "
                "requirements and your department's own procedures.",
            ),
            ("h2", "Are you eligible to supervise?"),
            (
                "check",
                "I have been on the radiographer part of the HCPC Register for at least the previous 3 years.",
            ),
            ("check", "I am not subject to fitness-to-practise proceedings or sanctions."),
            ("check", "I will supervise only within my own scope of practice."),
            ("h2", "Your role"),
            ("bullet", "Agree a learning plan with the returner at the start."),
            ("bullet", "Decide together what needs direct supervision, and review it as confidence grows."),
            ("bullet", "Give feedback often, and record it."),
            ("bullet", "Check and sign the returner's updating log."),
            ("bullet", "Complete your part of the HCPC returning to practice form at the end."),
            ("h2", "When to ask for help"),
            (
                "p",
                "If you have concerns about a returner's safety or progress, talk to them first, then to your "
                "manager. Record what was discussed and agreed.",
            ),
        ],
    },
]

# --------------------------------------------------------------------------------------------------
# Managers' resources
# --------------------------------------------------------------------------------------------------
# Exactly one of: "url" (external, https), "page" (path below the home page), "doc" (a DOCUMENTS key).

SOR = "Society of Radiographers"
NHSE_ELFH = "NHS England / e-Learning for Healthcare"
NHSE = "NHS England"
NHS_EMPLOYERS = "NHS Employers"
HCPC = "HCPC"
HEIW = "HEIW"
NES = "NHS Education for Scotland"

RESOURCES = [
    # SoR documents
    {
        "title": "Updating days log",
        "summary": "A Word template for returners to log supervised practice, formal and private study, with totals that show whether private study is within half.",
        "type": "template",
        "provider": SOR,
        "doc": "updating-log",
        "audiences": ["returnee", "manager"],
        "topics": ["updating-and-cpd"],
        "nations": [],
    },
    {
        "title": "Supervised practice agreement",
        "summary": "A template agreement between a returner, their supervisor and the placement department, covering goals, safety and reviews.",
        "type": "template",
        "provider": SOR,
        "doc": "supervised-practice-agreement",
        "audiences": ["manager", "returnee", "educator"],
        "topics": ["supervised-practice"],
        "nations": [],
    },
    {
        "title": "Returning to practice: a checklist",
        "summary": "A printable checklist that takes a returner from working out their updating to sending the readmission application.",
        "type": "checklist",
        "provider": SOR,
        "doc": "returnee-checklist",
        "audiences": ["returnee"],
        "topics": ["updating-and-cpd", "hcpc-registration"],
        "nations": [],
    },
    {
        "title": "An international recruit's first 90 days: checklist",
        "summary": "Before arrival to the 90-day review: what a department should have done for a new international radiographer.",
        "type": "checklist",
        "provider": SOR,
        "doc": "first-90-days",
        "audiences": ["manager"],
        "topics": ["induction-and-pastoral-care"],
        "nations": [],
    },
    {
        "title": "Preceptorship plan for the first year",
        "summary": "A Word template for agreeing first-year goals, meetings and wellbeing check-ins between a radiographer and their preceptor.",
        "type": "template",
        "provider": SOR,
        "doc": "preceptorship-plan",
        "audiences": ["manager", "international-recruit", "educator"],
        "topics": ["induction-and-pastoral-care"],
        "nations": [],
    },
    {
        "title": "Asking for a placement: letter template",
        "summary": "A one-page letter a returner can adapt to ask a service manager for a supervised practice placement.",
        "type": "template",
        "provider": SOR,
        "doc": "placement-request-letter",
        "audiences": ["returnee"],
        "topics": ["supervised-practice"],
        "nations": [],
    },
    {
        "title": "Department readiness self-assessment for international recruitment",
        "summary": "Check your department against the codes of practice, sponsorship, induction, entitlement and pastoral care before you recruit abroad.",
        "type": "checklist",
        "provider": SOR,
        "doc": "readiness-self-assessment",
        "members_only": True,
        "audiences": ["manager"],
        "topics": ["workforce-and-recruitment", "induction-and-pastoral-care"],
        "nations": [],
    },
    {
        "title": "IR(ME)R entitlement record",
        "summary": "A template for recording a new starter's training, competence and written IR(ME)R entitlement, task by task.",
        "type": "template",
        "provider": SOR,
        "doc": "irmer-entitlement-record",
        "members_only": True,
        "audiences": ["manager"],
        "topics": ["irmer-and-radiation-protection"],
        "nations": [],
    },
    {
        "title": "Structured interview guide for international candidates",
        "summary": "Core questions and good practice for interviewing radiographers trained abroad fairly and consistently.",
        "type": "guidance",
        "provider": SOR,
        "doc": "interview-guide",
        "members_only": True,
        "audiences": ["manager"],
        "topics": ["workforce-and-recruitment"],
        "nations": [],
    },
    {
        "title": "Handbook for supervisors of returning radiographers",
        "summary": "Who can supervise, what the role involves, and when to ask for help, for radiographers supervising a colleague's return.",
        "type": "guidance",
        "provider": SOR,
        "doc": "supervisor-handbook",
        "members_only": True,
        "audiences": ["manager", "educator"],
        "topics": ["supervised-practice"],
        "nations": [],
    },
    # SoR guidance pages on this site
    {
        "title": "Supporting a returnee on placement",
        "summary": "Our guide for managers offering supervised practice: before, during and after the placement, and funding for providers.",
        "type": "guidance",
        "provider": SOR,
        "page": "managers/supporting-a-returnee-on-placement",
        "audiences": ["manager"],
        "topics": ["supervised-practice"],
        "nations": [],
    },
    {
        "title": "Ethical recruitment for managers",
        "summary": "Recruiting within the codes of practice: country lists, direct applications, agencies, contracts and costs.",
        "type": "guidance",
        "provider": SOR,
        "page": "managers/ethical-recruitment-for-managers",
        "audiences": ["manager"],
        "topics": ["workforce-and-recruitment"],
        "nations": [],
    },
    {
        "title": "IR(ME)R entitlement for new starters",
        "summary": "Why registration is not entitlement, and how employers train, assess and entitle radiographers new to them.",
        "type": "guidance",
        "provider": SOR,
        "page": "international-recruitment/irmer-entitlement",
        "audiences": ["manager", "international-recruit"],
        "topics": ["irmer-and-radiation-protection"],
        "nations": [],
    },
    {
        "title": "Return to practice funding in England",
        "summary": "NHS England's AHP return to practice programme: eligibility and how its funding has been shared with placement providers.",
        "type": "funding",
        "provider": SOR,
        "page": "returning-to-practice/funding-england",
        "audiences": ["manager", "returnee"],
        "topics": ["funding"],
        "nations": ["england"],
    },
    {
        "title": "Return to practice support in Scotland",
        "summary": "How NHS boards arrange supervised practice for returners, and what financial help may be available.",
        "type": "funding",
        "provider": SOR,
        "page": "returning-to-practice/funding-scotland",
        "audiences": ["manager", "returnee"],
        "topics": ["funding", "supervised-practice"],
        "nations": ["scotland"],
    },
    {
        "title": "The HEIW bursary in Wales",
        "summary": "Our summary of the HEIW return to practice bursary of up to £1,000 for course fees, and the rule to agree it first.",
        "type": "funding",
        "provider": SOR,
        "page": "returning-to-practice/funding-wales",
        "audiences": ["manager", "returnee"],
        "topics": ["funding"],
        "nations": ["wales"],
    },
    {
        "title": "HCPC international registration explained",
        "summary": "The six stages of the HCPC's international assessment, the documents, the fee and the possible outcomes.",
        "type": "guidance",
        "provider": SOR,
        "page": "international-recruitment/hcpc-international-registration",
        "audiences": ["manager", "international-recruit"],
        "topics": ["hcpc-registration"],
        "nations": [],
    },
    # External resources
    {
        "title": "NHS Employers: international recruitment toolkit",
        "summary": "NHS Employers' guidance for employers recruiting health workers from abroad, from planning to pastoral care. Its principles apply across the UK.",
        "type": "toolkit",
        "provider": NHS_EMPLOYERS,
        "url": "https://www.nhsemployers.org/your-workforce/recruit/employer-led-recruitment/international-recruitment",
        "audiences": ["manager"],
        "topics": ["workforce-and-recruitment", "induction-and-pastoral-care"],
        "nations": [],
    },
    {
        "title": "NHS Employers: the ethical recruiter list",
        "summary": "Check whether a recruitment agency has committed to the code of practice before you use it.",
        "type": "toolkit",
        "provider": NHS_EMPLOYERS,
        "url": "https://www.nhsemployers.org/your-workforce/recruit/employer-led-recruitment/international-recruitment/uk-code-of-practice-for-international-recruitment",
        "audiences": ["manager"],
        "topics": ["workforce-and-recruitment"],
        "nations": ["england"],
    },
    {
        "title": "NHS Employers: return to practice for healthcare professionals",
        "summary": "An employer's view of return to practice across the professions, including placement fees for returning nurses.",
        "type": "guidance",
        "provider": NHS_EMPLOYERS,
        "url": "https://www.nhsemployers.org/articles/return-practice-healthcare-professionals",
        "audiences": ["manager"],
        "topics": ["supervised-practice", "workforce-and-recruitment"],
        "nations": ["england"],
    },
    {
        "title": "e-Learning for Healthcare: statutory and mandatory training",
        "summary": "Free national e-learning on safeguarding, information governance, infection prevention and more, for returners to complete before a placement.",
        "type": "e-learning",
        "provider": NHSE_ELFH,
        "url": "https://www.e-lfh.org.uk/programmes/statutory-and-mandatory-training/",
        "audiences": ["returnee", "international-recruit", "manager"],
        "topics": ["updating-and-cpd"],
        "nations": [],
    },
    {
        "title": "e-Learning for Healthcare: radiology and imaging programmes",
        "summary": "Modules on image interpretation, radiation protection and imaging practice that returners can count as formal study.",
        "type": "e-learning",
        "provider": NHSE_ELFH,
        "url": "https://www.e-lfh.org.uk/programmes/radiology/",
        "audiences": ["returnee", "educator"],
        "topics": ["updating-and-cpd", "irmer-and-radiation-protection"],
        "nations": [],
    },
    {
        "title": "NHS Learning Hub",
        "summary": "NHS England's learning platform, with resources shared by NHS organisations, including allied health professions content.",
        "type": "e-learning",
        "provider": NHSE_ELFH,
        "url": "https://learninghub.nhs.uk/",
        "audiences": ["returnee", "international-recruit", "educator"],
        "topics": ["updating-and-cpd"],
        "nations": [],
    },
    {
        "title": "NHS England (formerly HEE): AHP return to practice programme and information sessions",
        "summary": (
            "The national programme for returning allied health professionals in England, with the information "
            "sessions it runs for returners and the services that host them."
        ),
        "type": "webinar",
        "provider": NHSE,
        "url": "https://www.hee.nhs.uk/our-work/return-practice-allied-health-professionals-healthcare-scientists",
        "audiences": ["returnee", "manager"],
        "topics": ["funding", "supervised-practice"],
        "nations": ["england"],
    },
    {
        "title": "NHS England (formerly HEE): supporting international recruitment of AHPs",
        "summary": "How NHS regions have worked together to recruit allied health professionals from abroad, including a South West campaign for radiographers.",
        "type": "guidance",
        "provider": NHSE,
        "url": "https://www.hee.nhs.uk/our-work/allied-health-professions/increase-capacity/supporting-international-recruitment-ahp%E2%80%99s/collaborative-approaches-ahp-international-recruitment",
        "audiences": ["manager"],
        "topics": ["funding", "workforce-and-recruitment"],
        "nations": ["england"],
    },
    {
        "title": "SoR: return to practice news",
        "summary": "SoR news and updates for radiographers returning to practice and the departments that host them.",
        "type": "guidance",
        "provider": SOR,
        "url": "https://www.sor.org/career-progression/return-practice/return-practice-news",
        "audiences": ["manager", "educator"],
        "topics": ["workforce-and-recruitment", "induction-and-pastoral-care"],
        "nations": [],
    },
    {
        "title": "HCPC: standards of proficiency for radiographers",
        "summary": "What every registered radiographer must know and be able to do: the standard international applications are assessed against.",
        "type": "guidance",
        "provider": HCPC,
        "url": "https://www.hcpc-uk.org/standards/standards-of-proficiency/radiographers/",
        "audiences": ["manager", "international-recruit", "educator"],
        "topics": ["hcpc-registration"],
        "nations": [],
    },
    {
        "title": "HCPC: returning to practice",
        "summary": "The regulator's own pages on the updating requirement, the returning to practice form and readmission.",
        "type": "guidance",
        "provider": HCPC,
        "url": "https://www.hcpc-uk.org/registration/returning-to-practice/our-requirements/",
        "audiences": ["returnee", "manager"],
        "topics": ["hcpc-registration", "updating-and-cpd"],
        "nations": [],
    },
    {
        "title": "HCPC: fees",
        "summary": "The HCPC's current registration, readmission and scrutiny fees, which changed on 29 April 2025.",
        "type": "guidance",
        "provider": HCPC,
        "url": "https://www.hcpc-uk.org/registration/your-registration/fees-and-tax/changes-to-our-registration-fees",
        "audiences": ["returnee", "international-recruit", "manager"],
        "topics": ["hcpc-registration"],
        "nations": [],
    },
    {
        "title": "HEIW: return to practice for AHPs and healthcare scientists",
        "summary": "HEIW's own page on the bursary of up to £1,000 for returning allied health professionals in Wales.",
        "type": "funding",
        "provider": HEIW,
        "url": "https://heiw.nhs.wales/careers/education-and-training/return-to-practice/"
        "return-to-practice-for-allied-health-professionals-and-health-care-scientists",
        "audiences": ["returnee", "manager"],
        "topics": ["funding"],
        "nations": ["wales"],
    },
    {
        "title": "HEIW: education and training for the NHS in Wales",
        "summary": "Health Education and Improvement Wales: education, training and workforce development for NHS Wales.",
        "type": "guidance",
        "provider": HEIW,
        "url": "https://heiw.nhs.wales/",
        "audiences": ["manager", "educator"],
        "topics": ["workforce-and-recruitment"],
        "nations": ["wales"],
    },
    {
        "title": "Turas Learn",
        "summary": "NHS Education for Scotland's learning platform, with e-learning for health and care staff in Scotland.",
        "type": "e-learning",
        "provider": NES,
        "url": "https://learn.nes.nhs.scot/",
        "audiences": ["returnee", "international-recruit", "educator"],
        "topics": ["updating-and-cpd"],
        "nations": ["scotland"],
    },
    {
        "title": "NHS Scotland: arranging supervised practice for AHPs",
        "summary": "The supervised practice request form and how NHS boards' return to practice teams assign supervisors.",
        "type": "guidance",
        "provider": NES,
        "url": "https://www.careers.nhs.scot/shape-your-future/return-to-practice/allied-health-professions/how-to-arrange-supervised-practice",
        "audiences": ["returnee", "manager"],
        "topics": ["supervised-practice"],
        "nations": ["scotland"],
    },
    {
        "title": "Code of practice for international recruitment (England)",
        "summary": "The Department of Health and Social Care's code, updated 2 September 2024, with the red, amber and green country lists.",
        "type": "guidance",
        "provider": "Department of Health and Social Care",
        "url": "https://www.gov.uk/government/publications/"
        "code-of-practice-for-the-international-recruitment-of-health-and-social-care-personnel",
        "audiences": ["manager"],
        "topics": ["workforce-and-recruitment"],
        "nations": ["england"],
    },
    {
        "title": "Scottish code of practice for international recruitment",
        "summary": "Scotland's own code, revised in March 2023, with the same red list and best-practice benchmarks.",
        "type": "guidance",
        "provider": "Scottish Government",
        "url": "https://www.gov.scot/publications/"
        "scottish-code-practice-international-recruitment-health-social-care-personnel-march-2023-revised/pages/6/",
        "audiences": ["manager"],
        "topics": ["workforce-and-recruitment"],
        "nations": ["scotland"],
    },
    {
        "title": "SoR: working in the UK (UK ENIC statements of comparability)",
        "summary": "SoR's advice to get a UK ENIC statement of comparability before applying to the HCPC, useful to managers assessing applicants.",
        "type": "guidance",
        "provider": "UK ENIC",
        "url": "https://www.sor.org/learning-advice/career-development/international-recruitment/working-in-the-united-kingdom-(uk)",
        "audiences": ["manager", "international-recruit"],
        "topics": ["hcpc-registration", "workforce-and-recruitment"],
        "nations": [],
    },
]
