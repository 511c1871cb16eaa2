"""Demo content for the pathway finder: the finder page, steps, countries and support in each nation.

``seed_pathways()`` is idempotent (everything is looked up by slug, code, nation or title) and is
called by ``manage.py seed_demo`` after the content pages exist, so that steps can link to guidance.
Facts come from /work/shared/domain/FACTS.md, in our own words, each with its source and the date it
was checked; where a figure needs checking, the text says so.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q

from wagtail.models import Page

from cms.models import GuidancePage, HomePage, Nation

from . import models

CHECKED = datetime.date(2026, 11, 1)

CODE_URL = (
    "https://www.gov.uk/government/publications/code-of-practice-for-the-international-recruitment-of-health-"
    "and-social-care-personnel/code-of-practice-for-the-international-recruitment-of-health-and-social-care-"
    "personnel-in-england"
)
CODE_TITLE = (
    "Code of practice for the international recruitment of health and social care personnel in England"
)
RED_LIST_URL = (
    "https://www.gov.uk/government/publications/"
    "code-of-practice-for-the-international-recruitment-of-health-and-social-care-personnel"
)
RED_LIST_TITLE = (
    "GOV.UK: Code of practice for international recruitment (red list = WHO list; update history)"
)
FACTS_RED_URL = (
    "https://www.nhsemployers.org/your-workforce/recruit/employer-led-recruitment/international-recruitment/"
    "uk-code-of-practice-for-international-recruitment/list-of-developing-countries"
)
AGREEMENTS_URL = FACTS_RED_URL
ENGLISH_URL = (
    "https://www.hcpc-uk.org/news-and-events/news/2024/"
    "new-english-language-requirements-for-international-applicants-to-come-into-effect-in-2025"
)
HCPC_FEES_URL = (
    "https://www.hcpc-uk.org/registration/your-registration/fees-and-tax/changes-to-our-registration-fees"
)
HCPC_INTERNATIONAL_URL = (
    "https://www.hcpc-uk.org/registration/getting-on-the-register/international-applications/how-to-apply/"
)
HCPC_UPDATING_URL = (
    "https://www.hcpc-uk.org/registration/returning-to-practice/updating-your-knowledge-and-skills/"
)
HCPC_READMISSION_URL = "https://www.hcpc-uk.org/registration/getting-on-the-register/readmission/"
HCPC_FORM_TIPS_URL = "https://www.hcpc-uk.org/registration/returning-to-practice/how-to-fill-out-the-returning-to-practice-form/"
VISA_FEES_URL = "https://www.gov.uk/health-care-worker-visa/how-much-it-costs"
NHSE_RTP_URL = (
    "https://www.hee.nhs.uk/our-work/return-practice-allied-health-professionals-healthcare-scientists"
)
NHSE_RTP_ELIGIBILITY_URL = (
    "https://www.hee.nhs.uk/our-work/attracting-recruiting/"
    "helping-allied-health-professionals-healthcare-scientists-return-practice"
)
HEIW_URL = (
    "https://heiw.nhs.wales/careers/education-and-training/return-to-practice/"
    "return-to-practice-for-allied-health-professionals-and-health-care-scientists"
)
SCOTLAND_URL = (
    "https://www.careers.nhs.scot/shape-your-future/return-to-practice/allied-health-professions/"
    "how-to-arrange-supervised-practice"
)
NI_URL = "https://www.healthcareers.nhs.uk/career-planning/returning-health-career"
SCOTTISH_CODE_URL = (
    "https://www.gov.scot/publications/scottish-code-practice-international-recruitment-health-social-care-"
    "personnel-march-2023-revised/pages/6/"
)
NHSE_IR_FUNDING_URL = (
    "https://www.hee.nhs.uk/our-work/allied-health-professions/increase-capacity/"
    "supporting-international-recruitment-ahp%E2%80%99s/collaborative-approaches-ahp-international-recruitment"
)

NATIONS = [
    ("England", "england", "ENG", 1),
    ("Scotland", "scotland", "SCT", 2),
    ("Wales", "wales", "WLS", 3),
    ("Northern Ireland", "northern-ireland", "NIR", 4),
]

# name, code, status, agreement, english ("yes"/"no"/"check"), needs check, source url, source title, notes
RED_FACTS = (FACTS_RED_URL, "NHS Employers: list of developing countries (red and amber), 23 March 2023")
RED_PRESS = (RED_LIST_URL, RED_LIST_TITLE)
AGREEMENT = (AGREEMENTS_URL, "NHS Employers: list of developing countries (red and amber), 23 March 2023")
CODE = (CODE_URL, CODE_TITLE + " (updated 27 March 2025)")
NOT_LISTED = "Not on the red or amber list of 23 March 2023."
LIST = (FACTS_RED_URL, "NHS Employers: list of developing countries (red and amber), 23 March 2023")
MOU = "The UK has a memorandum of understanding on health workers with this country (Code of Practice, 2024)."
COUNTRIES = [
    ("Nigeria", "NG", "red", False, "check", False, *RED_FACTS, ""),
    ("Ghana", "GH", "red", False, "check", False, *RED_FACTS, ""),
    ("Angola", "AO", "red", False, "no", False, *RED_FACTS, ""),
    ("Cameroon", "CM", "red", False, "no", False, *RED_FACTS, ""),
    ("Zimbabwe", "ZW", "red", False, "check", False, *RED_FACTS, ""),
    ("Pakistan", "PK", "red", False, "check", True, *RED_PRESS, ""),
    ("Bangladesh", "BD", "red", False, "no", True, *RED_PRESS, ""),
    ("Uganda", "UG", "red", False, "check", True, *RED_PRESS, ""),
    ("Zambia", "ZM", "red", False, "check", True, *RED_PRESS, ""),
    ("Ethiopia", "ET", "red", False, "check", True, *RED_PRESS, ""),
    (
        "Kenya",
        "KE",
        "amber",
        True,
        "check",
        False,
        *AGREEMENT,
        "Amber since 11 November 2021: recruitment only on the terms of the UK-Kenya agreement.",
    ),
    (
        "Nepal",
        "NP",
        "amber",
        True,
        "check",
        False,
        *RED_PRESS,
        "Amber since the UK-Nepal agreement of 22 August 2022: recruitment only on its terms.",
    ),
    ("India", "IN", "green", True, "check", False, *CODE, MOU),
    ("Malaysia", "MY", "green", True, "check", False, *CODE, MOU),
    ("the Philippines", "PH", "green", True, "check", False, *CODE, MOU),
    ("Sri Lanka", "LK", "green", True, "check", False, *CODE, MOU),
    ("Australia", "AU", "green", False, "yes", False, *LIST, NOT_LISTED),
    ("New Zealand", "NZ", "green", False, "check", False, *LIST, NOT_LISTED),
    (
        "South Africa",
        "ZA",
        "green",
        False,
        "check",
        True,
        *LIST,
        NOT_LISTED,
    ),
    ("United Arab Emirates", "AE", "green", False, "check", False, *LIST, NOT_LISTED),
    ("Ireland", "IE", "green", False, "check", False, *LIST, NOT_LISTED),
    ("Portugal", "PT", "green", False, "check", False, *LIST, NOT_LISTED),
    ("Spain", "ES", "green", False, "check", False, *LIST, NOT_LISTED),
    ("Italy", "IT", "green", False, "check", False, *LIST, NOT_LISTED),
    ("Greece", "GR", "green", False, "check", False, *LIST, NOT_LISTED),
    ("Poland", "PL", "green", False, "check", False, *LIST, NOT_LISTED),
    ("Romania", "RO", "green", False, "check", False, *LIST, NOT_LISTED),
    ("Canada", "CA", "green", False, "yes", False, *LIST, NOT_LISTED),
    ("United States", "US", "green", False, "check", False, *LIST, NOT_LISTED),
    (
        "Jamaica",
        "JM",
        "green",
        False,
        "check",
        True,
        *LIST,
        NOT_LISTED,
    ),
    ("Egypt", "EG", "green", False, "check", True, *LIST, NOT_LISTED),
    ("Saudi Arabia", "SA", "green", False, "check", False, *LIST, NOT_LISTED),
    ("Singapore", "SG", "green", False, "check", False, *LIST, NOT_LISTED),
    ("Hong Kong", "HK", "green", False, "check", False, *LIST, NOT_LISTED),
]

NATION_SUPPORT = {
    "england": dict(
        returner_funding=(
            "<p>NHS England runs a national return to practice programme for allied health professionals, "
            "radiographers included. Register your interest to get a reference number, help to find a "
            "placement and funding towards your return; the programme tells you the amount when you "
            "register. The programme is for people who live and plan to work in England and were on the "
            "HCPC Register or qualified in the UK, and you have a year to finish once you register.</p>"
        ),
        recruit_support=(
            "<p>In England, employers and agencies follow the Department of Health and Social Care's Code of "
            "Practice on international recruitment: no active recruitment from red-list countries, no fees "
            "charged to you for a job, and clear contracts before you travel. Your employer arranges your "
            "Health and Care Worker visa sponsorship, induction and pastoral support.</p>"
        ),
        recruit_contacts=(
            "<p>The international recruitment lead at the NHS trust that offers you a job; HCPC's "
            "international registration team for your application; a Society of Radiographers adviser, "
            "through this site.</p>"
        ),
        recruit_source_title=CODE_TITLE,
        recruit_source_url=CODE_URL,
        contacts=(
            "<p>The NHS England allied health professions return to practice team, through its interest form; "
            "your local Integrated Care System's AHP faculty; the radiology or radiotherapy services manager "
            "where you would like to work.</p>"
        ),
        check_note="NHS England gives the amount of funding when you register your interest.",
        source_title="Health Education England: Helping AHPs and healthcare scientists return to practice",
        source_url=NHSE_RTP_ELIGIBILITY_URL,
    ),
    "wales": dict(
        returner_funding=(
            "<p>Health Education and Improvement Wales (HEIW) offers a bursary of up to £1,000 towards the "
            "course fees of education you agree with the head of department who will supervise you. It is paid "
            "through the health board or trust, and is not taxed unless you are also employed by that NHS "
            "body. Agree the funding with HEIW <strong>before</strong> you start your updating. HEIW cannot "
            "arrange placements for you.</p>"
        ),
        recruit_support=(
            "<p>Employers in Wales follow the UK principles on ethical international recruitment. Ask the "
            "health board that offers you a job about its induction and pastoral support.</p>"
        ),
        recruit_contacts=(
            "<p>The international recruitment or workforce team of the health board that offers you a job; "
            "HCPC's international registration team for your application; a Society of Radiographers "
            "adviser, through this site.</p>"
        ),
        recruit_source_title="HCPC: International applications, how to apply",
        recruit_source_url=HCPC_INTERNATIONAL_URL,
        contacts=(
            "<p>The radiology or radiotherapy head of department at the health board where you want to work, "
            "who asks HEIW for the bursary on your behalf.</p>"
        ),
        check_note="",
        source_title="HEIW: Return to practice for allied health professionals",
        source_url=HEIW_URL,
    ),
    "scotland": dict(
        returner_funding=(
            "<p>In Scotland you design your updating to HCPC's rules yourself. Send the supervised practice "
            "request form to the health board you choose: its return to practice team finds you a supervisor, "
            "and NHS Education for Scotland (NES) steps in if nothing happens within 10 working days. We found "
            "no national bursary for radiographers; some boards can help with costs.</p>"
        ),
        recruit_support=(
            "<p>Scotland has its own Code of Practice on international recruitment (revised March 2023), with "
            "the same red, amber and green lists. Ask your health board about relocation and pastoral support.</p>"
        ),
        recruit_contacts=(
            "<p>The international recruitment team of the health board that offers you a job; HCPC's "
            "international registration team for your application; a Society of Radiographers adviser, "
            "through this site.</p>"
        ),
        recruit_source_title="Scottish Government: Code of Practice for international recruitment (March 2023, revised)",
        recruit_source_url=SCOTTISH_CODE_URL,
        contacts=(
            "<p>The return to practice team of the health board where you want to work; NHS Education for "
            "Scotland if your request is not answered within 10 working days.</p>"
        ),
        check_note="Financial help depends on the health board: ask yours before you start.",
        source_title="NHS Scotland careers: How to arrange supervised practice",
        source_url=SCOTLAND_URL,
    ),
    "northern-ireland": dict(
        returner_funding=(
            "<p>We have not found a return to practice scheme for radiographers in Northern Ireland. Health "
            "Careers points returners in Northern Ireland to the Department of Health. Ask the HSC trust where "
            "you would like to work about supervised practice, and ask us for help.</p>"
        ),
        recruit_support=(
            "<p>Ask the HSC trust that offers you a job about its international recruitment, induction and "
            "pastoral support.</p>"
        ),
        recruit_contacts=(
            "<p>The international recruitment team of the HSC trust that offers you a job; HCPC's "
            "international registration team for your application; a Society of Radiographers adviser, "
            "through this site.</p>"
        ),
        recruit_source_title="HCPC: International applications, how to apply",
        recruit_source_url=HCPC_INTERNATIONAL_URL,
        contacts=(
            "<p>The Department of Health (Northern Ireland); the radiography services manager at the HSC trust "
            "where you would like to work; a Society of Radiographers adviser.</p>"
        ),
        check_note="No Northern Ireland scheme was found when we checked: ask the Department of Health whether one exists now.",
        source_title="Health Careers: Returning to a health career",
        source_url=NI_URL,
    ),
}

RED_TEXT = (
    "<p>Red countries are on the World Health Organization's Health Workforce Support and Safeguards List "
    "2023: 55 countries that most need their own health workers. UK employers and agencies must not "
    "actively recruit from them, unless a government-to-government agreement allows it.</p>"
    "<p><strong>You can still apply directly.</strong> If you find a job and apply on your own initiative, "
    "without being targeted by an employer or agency, the employer may consider you. An agency must not "
    "approach you or charge you for a UK job.</p>"
)
AMBER_TEXT = (
    "<p>Amber countries are on the red list but have a government-to-government agreement with the UK. "
    "Employers may recruit there only on the terms of that agreement. You can also apply directly.</p>"
)
GREEN_TEXT = (
    "<p>Green countries are not on the red list: employers and agencies may recruit there, following the "
    "Code of Practice's rules on fair contracts and repayment clauses. No one may charge you a fee for a "
    "UK job.</p>"
)
CODE_INTRO = (
    "<p>The Code of Practice for the international recruitment of health and social care personnel in "
    "England (updated 27 March 2025) sorts countries into red, amber and green. The red list is the World "
    "Health Organization's list of 2023; amber countries are red-list countries with a "
    "government-to-government agreement with the UK (Kenya since 11 November 2021, Nepal since 22 August "
    "2022). The Code's definitions say which applicants it covers: read them in the Code.</p>"
)


def _step(
    title,
    body,
    *,
    order,
    guidance=(),
    cost="",
    time="",
    source=("", ""),
    nations=(),
    **conditions,
):
    return {
        "title": title,
        "body": body,
        "sort_order": order,
        "guidance": guidance,
        "cost": cost,
        "time": time,
        "source_title": source[0],
        "source_url": source[1],
        "nations": nations,
        "conditions": conditions,
    }


YES, NO, RTP, IR = models.YES, models.NO, models.RTP, models.IR

STEPS = [
    _step(
        "Work out how much updating HCPC needs from you",
        "<p>From your answers, you need {days} days ({hours} hours) of updating. HCPC counts a day as 7 "
        "hours, and private study can be no more than half of it.</p>",
        order=10,
        guidance=("updating requirement", "updating"),
        time="{days} days ({hours} hours)",
        source=("HCPC: Updating your knowledge and skills", HCPC_UPDATING_URL),
        pathway=RTP,
        updating_required=YES,
    ),
    _step(
        "Register your interest with the NHS England return to practice programme",
        "<p>Fill in the programme's interest form. You get a reference number, help to find a placement and "
        "funding towards your updating. You have a year to complete once you register.</p>",
        order=20,
        guidance=("funding in england", "funding"),
        cost="Free to join; funding towards costs (NHS England gives the amount when you register)",
        source=(
            "Health Education England: Return to practice for AHPs and healthcare scientists",
            NHSE_RTP_URL,
        ),
        nations=("england",),
        pathway=RTP,
        updating_required=YES,
    ),
    _step(
        "Agree HEIW bursary funding before you start",
        "<p>Talk to the head of department who will supervise you. They ask Health Education and Improvement "
        "Wales for a bursary towards your course fees. It must be agreed before your updating starts.</p>",
        order=20,
        guidance=("funding in wales", "wales"),
        cost="Bursary of up to £1,000 towards course fees",
        source=("HEIW: Return to practice for AHPs", HEIW_URL),
        nations=("wales",),
        pathway=RTP,
        updating_required=YES,
    ),
    _step(
        "Send the supervised practice request form to a health board",
        "<p>Choose the health board where you want to update and send its return to practice team the "
        "request form. They find you a supervisor. If you hear nothing in 10 working days, contact NHS "
        "Education for Scotland.</p>",
        order=20,
        guidance=("funding in scotland", "scotland"),
        time="An answer within 10 working days",
        source=("NHS Scotland careers: How to arrange supervised practice", SCOTLAND_URL),
        nations=("scotland",),
        pathway=RTP,
        updating_required=YES,
    ),
    _step(
        "Ask an HSC trust about supervised practice",
        "<p>We found no return to practice scheme for radiographers in Northern Ireland. "
        "Contact the radiography services manager at the trust where you would like to work, and ask one of "
        "our advisers to help you plan.</p>",
        order=20,
        guidance=("northern ireland",),
        source=("Health Careers: Returning to a health career", NI_URL),
        nations=("northern-ireland",),
        pathway=RTP,
        updating_required=YES,
    ),
    _step(
        "Find a supervisor and a place to update",
        "<p>Your supervisor must have been on the relevant part of the HCPC Register for at least the "
        "previous 3 years and must not be subject to fitness to practise action. Supervised practice can be "
        "in clinical work, teaching, management or research. HCPC cannot arrange placements.</p>",
        order=30,
        guidance=("supervised practice", "placement"),
        source=("HCPC: Updating your knowledge and skills", HCPC_UPDATING_URL),
        pathway=RTP,
        updating_required=YES,
    ),
    _step(
        "Plan your mix of supervised practice, formal study and private study",
        "<p>Any mix works, as long as private study is no more than half. For 30 days you could do 30 days "
        "of supervised practice; or 10 days of each kind; or 15 days of formal and 15 of private study.</p>",
        order=40,
        guidance=("formal and private study", "study"),
        source=("HCPC: Updating your knowledge and skills", HCPC_UPDATING_URL),
        pathway=RTP,
        updating_required=YES,
    ),
    _step(
        "Keep a record of every day of updating",
        "<p>Log each activity as you do it, with the date, hours and what you learned, and your supervisor's "
        "details for supervised practice. The updating log on this site adds it up and checks it for you.</p>",
        order=50,
        time="Do all of it within the {window_months} months before you apply",
        pathway=RTP,
        updating_required=YES,
    ),
    _step(
        "Fill in HCPC's practising abroad form",
        "<p>You qualified in the UK and have practised abroad in the last 2 years, so you do not need a "
        "period of updating. Send HCPC's practising abroad form with your readmission application.</p>",
        order=55,
        guidance=("readmission",),
        source=("HCPC: Readmission", HCPC_READMISSION_URL),
        pathway=RTP,
        uk_qualified=YES,
        ever_registered=YES,
        practised_abroad=YES,
    ),
    _step(
        "Ask a counter-signatory to sign your cover sheet",
        "<p>The person who signs the cover sheet of your return to practice form must be a radiographer "
        "registered with HCPC. Choose them early and show them your log.</p>",
        order=60,
        source=("HCPC: How to fill out the returning to practice form", HCPC_FORM_TIPS_URL),
        pathway=RTP,
        updating_required=YES,
    ),
    _step(
        "Apply for readmission to the HCPC Register",
        "<p>Apply online with certified copies of your identity documents and, if you needed updating, your "
        "return to practice form. Left under a month ago? You may be able to use short readmission, with no "
        "readmission fee.</p>",
        order=70,
        guidance=("readmission",),
        cost="£185.01 readmission fee plus £123.34 registration fee (from 29 April 2025)",
        time="HCPC aims to decide within 10 working days",
        source=("HCPC: Changes to our registration fees", HCPC_FEES_URL),
        pathway=RTP,
        ever_registered=YES,
    ),
    _step(
        "Apply to join the HCPC Register as a UK graduate",
        "<p>You qualified in the UK on an approved programme and have not been registered, so you apply "
        "through the UK route. If your qualification is more than 5 years old, you need updating first.</p>",
        order=70,
        cost="£86.34 scrutiny fee, then £61.67 a year for your first 2 years (from 29 April 2025)",
        source=("HCPC: Changes to our registration fees", HCPC_FEES_URL),
        pathway=RTP,
        ever_registered=NO,
        uk_qualified=YES,
    ),
    _step(
        "Talk to radiography managers about a return to practice post",
        "<p>Some employers pay returners in a Band 3 or Band 4 post during supervised practice and pay HCPC "
        "fees when you finish. Ask the services you would like to work for.</p>",
        order=80,
        guidance=("preparing to return",),
        pathway=RTP,
        job_offer=NO,
    ),
    _step(
        "Get a statement of comparability from UK ENIC",
        "<p>A statement of comparability shows UK employers how your qualification compares with UK "
        "qualifications. The Society of Radiographers advises getting one before you apply to HCPC.</p>",
        order=10,
        guidance=("uk enic", "enic"),
        cost="UK ENIC charges a fee: check its website",
        pathway=IR,
    ),
    _step(
        "Show HCPC that you speak English well enough",
        "<p>From 29 January 2025 HCPC no longer accepts a statement that English is your first language. "
        "If you qualified in a country on its qualifying countries list, your qualification is your evidence; "
        "otherwise take an approved test: IELTS, OET or TOEFL, at the scores on HCPC's English language "
        "page for international applicants.</p>",
        order=20,
        guidance=("english language", "english"),
        cost="The test provider's fee",
        source=("HCPC: New English language requirements", ENGLISH_URL),
        pathway=IR,
    ),
    _step(
        "Apply to HCPC through the international route",
        "<p>Apply online, pay the scrutiny fee, and ask your university to complete the course information "
        "form. Two radiographer assessors compare your training with HCPC's standards; some applicants are "
        "asked to take a test of competence. Refugees pay no scrutiny fee.</p>",
        order=30,
        guidance=("hcpc international registration", "international registration"),
        cost="£678.38 scrutiny fee, then £123.34 a year registration (from 29 April 2025)",
        time="About 60 working days from a complete application",
        source=("HCPC: How to apply (international)", HCPC_INTERNATIONAL_URL),
        pathway=IR,
    ),
    _step(
        "Apply for jobs directly: you live in a red-list country",
        "<p>UK employers and agencies must not actively recruit from your country, but you may apply for "
        "jobs you find yourself. Apply to the employer directly and be wary of any agency that contacts you "
        "or asks for a fee.</p>",
        order=40,
        guidance=("ethical recruitment", "code of practice"),
        source=("Code of Practice (England)", CODE_URL),
        pathway=IR,
        country_status=models.RED,
    ),
    _step(
        "Apply through your country's agreement with the UK",
        "<p>Your country has a government-to-government agreement with the UK. Employers may recruit there "
        "only on its terms: ask the employer or your government's programme how to apply.</p>",
        order=40,
        guidance=("ethical recruitment", "code of practice"),
        source=("Code of Practice (England)", CODE_URL),
        pathway=IR,
        country_status=models.AMBER,
    ),
    _step(
        "Find an employer who can sponsor your visa",
        "<p>Look for radiographer posts with employers that hold a sponsor licence. Most NHS trusts and "
        "health boards do. Your employer issues a Certificate of Sponsorship when they offer you a post.</p>",
        order=50,
        pathway=IR,
        job_offer=NO,
    ),
    _step(
        "Apply for the Health and Care Worker visa",
        "<p>With your Certificate of Sponsorship, apply before your start date. GOV.UK sets the English level "
        "you need and whether you need a tuberculosis test. Health and Care Worker visa holders do not pay "
        "the Immigration Health Surcharge.</p>",
        order=60,
        guidance=("visa",),
        cost="Application fee: on GOV.UK's Health and Care Worker visa fees page",
        time="Check current decision times on GOV.UK",
        source=("GOV.UK: Health and Care Worker visa, how much it costs", VISA_FEES_URL),
        pathway=IR,
        job_offer=YES,
    ),
    _step(
        "Read Scotland's own Code of Practice",
        "<p>Scotland has its own Code of Practice on international recruitment, revised in March 2023, with "
        "the same red list (the World Health Organization's list of 2023). Health boards follow it when they "
        "recruit.</p>",
        order=45,
        source=("Scottish Code of Practice (March 2023)", SCOTTISH_CODE_URL),
        nations=("scotland",),
        pathway=IR,
    ),
    _step(
        "Ask about NHS England's support for recruiting therapeutic radiographers",
        "<p>NHS England (formerly Health Education England) has supported trusts that recruit allied health "
        "professionals from abroad. Ask radiotherapy services what support they have for recruiting "
        "therapeutic radiographers.</p>",
        order=55,
        source=("HEE: Collaborative approaches to AHP international recruitment", NHSE_IR_FUNDING_URL),
        nations=("england",),
        pathway=IR,
        profession=models.THERAPEUTIC,
    ),
    _step(
        "Plan your arrival, induction and IR(ME)R entitlement",
        "<p>HCPC registration alone does not make you an IR(ME)R operator: your employer trains you and "
        "records what you are entitled to do. Ask about accommodation, a named buddy and first-year support.</p>",
        order=70,
        guidance=("arriving", "induction", "ir(me)r"),
        pathway=IR,
        job_offer=YES,
    ),
    _step(
        "Agree your start date and preceptorship",
        "<p>Agree a start date, an induction plan and a period of preceptorship or enhanced support with "
        "your new manager, so your first months build your confidence.</p>",
        order=90,
        guidance=("preceptorship",),
        job_offer=YES,
    ),
    _step(
        "Join the Society of Radiographers",
        "<p>Members get professional advice, indemnity insurance, learning resources and a local "
        "representative. Ask an adviser about support for returners and international members.</p>",
        order=100,
    ),
]


def _ensure_nations() -> dict[str, Nation]:
    nations = {}
    for name, slug, subdivision, order in NATIONS:
        nation, _ = Nation.objects.get_or_create(
            slug=slug, defaults={"name": name, "holiday_subdivision": subdivision, "sort_order": order}
        )
        nations[slug] = nation
    return nations


def _guidance_page(keywords) -> Page | None:
    for keyword in keywords:
        page = (
            GuidancePage.objects.live()
            .filter(Q(title__icontains=keyword) | Q(slug__icontains=keyword))
            .first()
        )
        if page is not None:
            return page
    return None


def _finder_page() -> models.PathwayFinderPage | None:
    existing = models.PathwayFinderPage.objects.first()
    if existing is not None:
        return existing
    home = HomePage.objects.first()
    if home is None:
        return None
    page = models.PathwayFinderPage(
        title="Pathway finder",
        slug="pathway-finder",
        introduction=(
            "Answer six short questions about your situation and we will show you the steps to take, in "
            "order, with costs, times, funding and who can help in your nation."
        ),
        search_description="Find the steps to return to radiography or to start work in the UK.",
        code_of_practice_intro=CODE_INTRO,
        red_explanation=RED_TEXT,
        amber_explanation=AMBER_TEXT,
        green_explanation=GREEN_TEXT,
        code_source_title=CODE_TITLE,
        code_source_url=CODE_URL,
        code_last_checked=CHECKED,
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def seed_pathways() -> dict[str, int]:
    """Create or update the finder's demo content. Safe to run again: nothing is duplicated."""
    nations = _ensure_nations()
    page = _finder_page()

    for name, code, status, agreement, english, needs_check, url, source_title, notes in COUNTRIES:
        models.Country.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "recruitment_status": status,
                "government_agreement": agreement,
                "english_qualifying": english,
                "status_needs_check": needs_check,
                "notes": notes,
                "source_title": source_title,
                "source_url": url,
                "last_checked": CHECKED,
            },
        )

    for slug, values in NATION_SUPPORT.items():
        models.NationSupport.objects.update_or_create(
            nation=nations[slug],
            defaults={**values, "last_checked": CHECKED, "recruit_last_checked": CHECKED},
        )

    for spec in STEPS:
        defaults = {
            "body": spec["body"],
            "sort_order": spec["sort_order"],
            "cost": spec["cost"],
            "time": spec["time"],
            "source_title": spec["source_title"],
            "source_url": spec["source_url"],
            "last_checked": CHECKED if spec["source_url"] else None,
            "guidance_page": _guidance_page(spec["guidance"]),
            "live": True,
            **{name: models.ANY for name in CONDITION_FIELDS},
            **spec["conditions"],
        }
        step, _ = models.PathwayStep.objects.update_or_create(title=spec["title"], defaults=defaults)
        step.nations.set([nations[slug] for slug in spec["nations"]])
        step.save()

    return {
        "finder_page": 1 if page else 0,
        "steps": models.PathwayStep.objects.count(),
        "countries": models.Country.objects.count(),
        "nation_support": models.NationSupport.objects.count(),
    }


CONDITION_FIELDS = (
    "pathway",
    "profession",
    "uk_qualified",
    "ever_registered",
    "updating_required",
    "practised_abroad",
    "job_offer",
    "country_status",
)
