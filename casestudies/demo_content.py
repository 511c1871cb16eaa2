"""Demo case studies: fictional radiographers (first names only) whose stories follow the real rules.

Loaded by `python manage.py seed_demo`. The people are invented; the steps they take, and the figures they
mention, follow the facts in /work/shared/domain/FACTS.md. Each gets a locally drawn illustration with
their initial, never a photograph.
"""

from __future__ import annotations

from cms.demo_content import (
    S_CLCH,
    S_HCPC_ENGLISH,
    S_HCPC_FEES,
    S_HCPC_INT_APPLY,
    S_HCPC_INT_OUTCOME,
    S_HCPC_READMISSION_DEF,
    S_HCPC_RTP_FORM,
    S_HCPC_UPDATING,
    S_HEIW,
    S_NHS_SCOT_SUPERVISED,
    S_RESIDENCE,
    S_SCOT_CODE_6,
    S_SOUTH_WEST_IR,
    callout,
    source,
    text,
)

INDEX = {
    "title": "Case studies",
    "slug": "case-studies",
    "introduction": (
        "Radiographers who came back to the profession, or came to the UK to practise, in their own words. "
        "Filter by pathway, profession, nation, where they trained and how long they were away."
    ),
    "search_description": (
        "Stories from diagnostic and therapeutic radiographers who returned to practice or were recruited "
        "internationally, across England, Scotland, Wales and Northern Ireland."
    ),
}

CASE_STUDIES = [
    {
        "slug": "helen-back-to-ct-after-seven-years",
        "title": "Helen: back to CT after seven years at home",
        "person_name": "Helen",
        "role": "Band 5 diagnostic radiographer, CT",
        "pathway": "return-to-practice",
        "profession": "diagnostic",
        "nation": "england",
        "region": "North West England",
        "training_region": "uk",
        "training_country": "United Kingdom",
        "years_out": 7,
        "employer_type": "nhs",
        "quote": "The hardest part was sending the first email. After that, every step had a name and a date.",
        "summary": "Helen left radiography to bring up three children. Seven years later she needed 60 days of updating, and a lot of nerve.",
        "story": [
            text(
                """
<p>Helen qualified in 2006 and spent nine years in a busy general department before her third child was
born. "I always meant to go back after a year," she says. "Then it was two, then five, and by then I'd
convinced myself the profession had moved on without me."</p>
<p>When her youngest started school she looked up the HCPC's rules. Having been away for seven years, she
needed 60 days of updating: 420 hours. "Seeing it written down as hours made it feel possible. It's a
number. You can plan a number."</p>
<h2>Planning the 60 days</h2>
<p>Helen began with what she could do from home. Over four months of school hours she completed national
e-learning on radiation protection, safeguarding and information governance, and an online short course in
CT, all of which she logged as formal study: 20 days in total. She added 10 days of private study, reading
current guidance and journal articles, which kept her private study well under the limit of half.</p>
<p>That left 30 days of supervised practice. She wrote to three departments near her home. Two did not
reply; the third, at a district general hospital, invited her in for a chat. "The manager said she'd been
hoping someone like me would write. She had a supervisor in mind before I'd finished my coffee."</p>
<h2>Back in the department</h2>
<p>Her supervisor, a senior CT radiographer, had been registered for well over the required three years.
They agreed a plan in writing: two weeks in general radiography to rebuild her confidence with patients
and digital systems, then four weeks in CT. "The equipment was different, the software was different, but
positioning a frightened patient is the same as it ever was. That came back on the first morning."</p>
<p>Through NHS England's programme in her region she received a payment towards childcare and travel while
she was on placement, which she says made the difference between doing the placement full time and
stretching it over a year.</p>
<h2>Now</h2>
<p>Helen was readmitted to the Register ten days after sending her application, and the department offered
her a post in CT. "If you're thinking about it, write the email today. The rules are clearer than you
think, and people really do want you back."</p>
"""
            ),
            source(S_HCPC_UPDATING, "60 days of updating after 5 years or more; 1 day = 7 hours"),
            source(S_CLCH, "NHS England support towards childcare, study and travel costs"),
        ],
    },
    {
        "slug": "callum-radiotherapy-after-a-career-in-it",
        "title": "Callum: from IT support back to radiotherapy",
        "person_name": "Callum",
        "role": "Therapeutic radiographer",
        "pathway": "return-to-practice",
        "profession": "therapeutic",
        "nation": "scotland",
        "region": "North East Scotland",
        "training_region": "uk",
        "training_country": "United Kingdom",
        "years_out": 3,
        "employer_type": "nhs",
        "quote": "I assumed the machines had moved on without me. They had, but so had the training.",
        "summary": "After three years working in IT, Callum missed patients. The health board's return to practice team found him a supervisor.",
        "story": [
            text(
                """
<p>Callum trained as a therapeutic radiographer and worked for six years in a cancer centre before he
left. "I was tired, and a friend offered me a job in IT support. It was fine. It just wasn't for anybody."</p>
<p>Three years later he decided to come back. Because he had been out of practice for between two and five
years, the HCPC asked him for 30 days of updating. He chose to do 20 days of supervised practice and 10 of
formal study.</p>
<h2>Asking the health board</h2>
<p>In Scotland returners send a supervised practice request form to the NHS board where they would like to
do their updating. Callum sent his to the board that runs his local cancer centre. Its return to practice
team came back within a fortnight with the name of a supervisor and a start date. "I had the NES escalation
route written on a sticky note in case I heard nothing after ten working days. I didn't need it."</p>
<h2>What had changed</h2>
<p>A lot, it turned out. His centre had new linear accelerators, more image-guided treatment and a different
record-and-verify system. His formal study, a university short course on image-guided radiotherapy, meant
that he understood the principles before he met the machines. "My supervisor said I asked better
questions than some of the students, which I think was meant as a compliment."</p>
<p>There was no national bursary for returning allied health professionals in Scotland, but the board paid
his course fee. "It's worth asking. The answer was yes because I asked before I started."</p>
<h2>Now</h2>
<p>Callum is back treating patients four days a week and has started mentoring students. His advice: "Take
your old skills seriously. I'd forgotten how much I knew about people, and that's the part nobody can
teach you on a course."</p>
"""
            ),
            callout(
                "info",
                "How Callum made up his 30 days",
                "<p>20 days of supervised practice and 10 days of formal study. Private study is allowed too, up to half "
                "of the total.</p>",
            ),
            source(
                S_NHS_SCOT_SUPERVISED,
                "Supervised practice request form; NES escalation after 10 working days",
            ),
            source(S_HCPC_RTP_FORM, "Any mix of supervised practice, formal and private study"),
        ],
    },
    {
        "slug": "rhian-mammography-and-the-heiw-bursary",
        "title": "Rhian: returning to mammography with the HEIW bursary",
        "person_name": "Rhian",
        "role": "Band 6 mammographer",
        "pathway": "return-to-practice",
        "profession": "diagnostic",
        "nation": "wales",
        "region": "South West Wales",
        "training_region": "uk",
        "training_country": "United Kingdom",
        "years_out": 4,
        "employer_type": "nhs",
        "quote": "Getting the bursary agreed before I started was the best advice anyone gave me.",
        "summary": "Rhian came back after four years caring for her father, and used the HEIW bursary to pay for a mammography module.",
        "story": [
            text(
                """
<p>Rhian had specialised in mammography before she left to care for her father. After he died she wanted
to go back, but four years away meant 30 days of updating, and she wanted to return to breast imaging, not
general radiography.</p>
<h2>The bursary</h2>
<p>A former colleague told her about HEIW's return to practice bursary for allied health professionals, worth
up to £1,000 towards course fees. The catch, she learned, is that it must be agreed with HEIW before any
updating starts, through the manager at the Health Board. "I was about to pay for the course myself. If I
had, I couldn't have claimed it back."</p>
<p>Her Health Board's breast screening manager agreed to supervise her placement and supported the bursary
application. HEIW paid the fees for a university module in mammographic practice, which she counted as 10
days of formal study.</p>
<h2>Finding the placement</h2>
<p>HEIW cannot arrange placements, so Rhian approached the breast unit herself. "I rang the unit, asked who
to talk to, and then wrote a proper letter saying exactly what I wanted and when I could do it. I think
being specific helped: they knew what they were saying yes to."</p>
<p>She did 15 days of supervised practice in the unit and 5 days of private study, reading the current
screening standards. Her supervisor signed her log at the end of each week, which made the final form easy.</p>
<h2>Now</h2>
<p>Rhian was readmitted and returned to the unit as a mammographer, first on a fixed-term contract and now
permanently. "The bursary didn't pay for everything, only the course. But it paid for the part I was most
nervous about, and that mattered."</p>
<p>She now supervises other returners herself. "I tell them to ring the unit before they write. A voice on the
phone gets you a name, and a name gets you a reply."</p>
"""
            ),
            source(
                S_HEIW,
                "Bursary up to £1,000 for course fees, agreed before updating starts; HEIW cannot arrange placements",
            ),
            source(S_HCPC_UPDATING, "30 days of updating after 2 to 5 years out of practice"),
        ],
    },
    {
        "slug": "siobhan-twelve-years-out-in-northern-ireland",
        "title": "Siobhan: twelve years out, and no scheme to follow",
        "person_name": "Siobhan",
        "role": "Diagnostic radiographer, part time",
        "pathway": "return-to-practice",
        "profession": "diagnostic",
        "nation": "northern-ireland",
        "region": "Belfast",
        "training_region": "uk",
        "training_country": "United Kingdom",
        "years_out": 12,
        "employer_type": "nhs",
        "quote": "There was no scheme, so I made a plan and took it to people. They said yes to the plan.",
        "summary": "With no return to practice scheme in Northern Ireland, Siobhan designed her own 60 days and found a trust to support her.",
        "story": [
            text(
                """
<p>Siobhan left radiography after twelve years to run the family shop. Twelve years later, with the shop
sold, she wanted her profession back. The HCPC's rule was clear: after five years or more, 60 days of
updating. What was less clear was how to do it in Northern Ireland.</p>
<h2>No scheme, so a plan</h2>
<p>"In England people talked about a national programme. Wales had a bursary. I couldn't find anything
for Northern Ireland." An SoR officer confirmed that there was no dedicated scheme for returning allied
health professionals there, and suggested she write to radiography managers at the Health and Social Care
trusts directly, with a plan already made.</p>
<p>So she made one: 30 days of supervised practice, 15 days of formal study and 15 of private study. She
completed her formal study first, through national e-learning and a two-day radiation protection course,
so that she could show a manager she was serious before asking for their time.</p>
<h2>The yes</h2>
<p>Her second letter led to a meeting. The department was short-staffed and the manager was frank: they
could not pay her during the placement, but they could offer an honorary contract, a supervisor, and an
interview at the end if it went well. "That was all I needed. I wasn't asking for a job, I was asking for a
chance to earn one."</p>
<p>The first fortnight was hard. Twelve years is a long time in digital imaging, and she kept a notebook of
every system shortcut. By the end of the 30 days she was running a list with her supervisor watching
rather than helping.</p>
<h2>Now</h2>
<p>Siobhan works three days a week in general radiography. "I'd like there to be a proper scheme here, so
the next person doesn't have to invent it. Until then: make a plan, do the study first, and knock on
doors."</p>
"""
            ),
            source(S_HCPC_UPDATING, "60 days after 5 years or more; private study at most half"),
            callout(
                "info",
                "Returning in Northern Ireland?",
                "<p>Read our page on funding and support in Northern Ireland, and ask us: we can suggest who to approach.</p>",
            ),
        ],
    },
    {
        "slug": "marek-back-to-radiotherapy-in-london",
        "title": "Marek: six years running a business, then back to radiotherapy",
        "person_name": "Marek",
        "role": "Therapeutic radiographer, independent cancer centre",
        "pathway": "return-to-practice",
        "profession": "therapeutic",
        "nation": "england",
        "region": "London",
        "training_region": "europe",
        "training_country": "Poland",
        "years_out": 6,
        "employer_type": "independent",
        "quote": "I was on the Register before, so I was a returner like anyone else. That surprised me.",
        "summary": "Marek trained in Poland and worked in the UK for six years before leaving to run a business. Coming back, he needed 60 days.",
        "story": [
            text(
                """
<p>Marek trained in Poland and came to London in his twenties. He joined the HCPC Register and worked for
six years as a therapeutic radiographer before leaving to run a catering business with his brother. When
they sold it, he wanted to go back to patients.</p>
<p>"I assumed that because I trained abroad, I'd have to start again as an international applicant," he
says. "I didn't. I had been registered, so I was a returner, like anyone else." Six years out of practice
meant 60 days of updating.</p>
<h2>The mix</h2>
<p>Marek did 40 days of supervised practice, 10 of formal study and 10 of private study. Because he had
been registered before and lived and planned to work in England, he could use NHS England's return to
practice programme, which helped him think through his plan and find a placement.</p>
<p>His placement was in an independent cancer centre, which he had approached because it was near his home.
"People think the independent sector doesn't do this. They were brilliant. My supervisor had been qualified
twenty years and she treated the placement like teaching a colleague, not a student."</p>
<h2>What was different</h2>
<p>Treatment had become more precise and more image-guided, and documentation was fully electronic. He
found the clinical side came back faster than he feared; the hardest part was the pace of change in
software. "I had a rule: one new thing a day, written down, explained back to my supervisor. Sixty days is
sixty new things."</p>
<h2>Now</h2>
<p>The centre offered Marek a job before his readmission came through, starting the day he was back on the
Register. He now works there full time and has joined the team that inducts new staff. "Every new starter
gets my notebook rule. And I tell returners: your first career was not wasted, and neither was your second.
Running a business taught me to talk to anybody."</p>
"""
            ),
            source(S_HCPC_UPDATING, "60 days of updating after 5 years or more"),
            source(S_HCPC_READMISSION_DEF, "Readmission for people previously on the Register"),
        ],
    },
    {
        "slug": "ruth-teaching-counts-as-practice",
        "title": "Ruth: five years teaching, and no updating needed",
        "person_name": "Ruth",
        "role": "Senior lecturer and diagnostic radiographer",
        "pathway": "return-to-practice",
        "profession": "diagnostic",
        "nation": "england",
        "region": "Yorkshire and the Humber",
        "training_region": "uk",
        "training_country": "United Kingdom",
        "years_out": 0,
        "employer_type": "university",
        "quote": "I thought I'd been out of practice for five years. I'd been practising all along, in a classroom.",
        "summary": "Ruth let her registration lapse when she moved into teaching. When she wanted it back, she found teaching counts as practising.",
        "story": [
            text(
                """
<p>Ruth moved from a hospital department into a university to teach diagnostic radiography. In a busy
year, her registration renewal slipped, and she let it go: she was not working clinically, so she did not
think she needed it.</p>
<p>Five years later she wanted to pick up some clinical sessions alongside her teaching, and assumed she
would need 60 days of updating. "I'd started planning it. I'd even asked a former colleague to supervise
me."</p>
<h2>What "practising" means</h2>
<p>An SoR adviser asked her a question she had not expected: what had she been doing for five years? The
HCPC defines practising your profession broadly. Teaching radiography, managing a service and research in
radiography can all count, as long as you are drawing on your professional knowledge and skills.</p>
<p>Ruth had been teaching image evaluation, radiation protection and patient care, supervising students on
placement visits and writing assessments. "I had been using my professional knowledge every single day. I
just hadn't been doing it in a department."</p>
<h2>Readmission</h2>
<p>She applied for readmission without a period of updating, describing her teaching role on the form. The
HCPC processed it within its usual time. She paid the readmission fee with her first year's registration.
"I'd budgeted for 60 days of unpaid placement. Instead I paid a fee and filled in a form. I wish I'd asked
years earlier."</p>
<h2>What she tells her students</h2>
<p>Ruth now tells every final-year cohort two things: keep your registration, and if it ever lapses, ask
before you assume. "The rules are more sensible than people think. But you have to read them, not guess
them."</p>
<p>She now works one day a week in a hospital department, which she says has improved her teaching. "The
students can tell when the examples are from last week. And I can tell them, from experience, what coming
back feels like."</p>
"""
            ),
            source(
                S_HCPC_READMISSION_DEF,
                "Practising your profession includes education, management and research",
            ),
            source(S_HCPC_FEES, "Readmission fee paid with the registration fee"),
        ],
    },
    {
        "slug": "priya-from-chennai-to-the-west-midlands",
        "title": "Priya: from Chennai to CT in the West Midlands",
        "person_name": "Priya",
        "role": "Band 6 CT radiographer",
        "pathway": "international-recruitment",
        "profession": "diagnostic",
        "nation": "england",
        "region": "West Midlands",
        "training_region": "south-asia",
        "training_country": "India",
        "years_out": None,
        "employer_type": "nhs",
        "quote": "Do things in order. I nearly booked my visa before the HCPC had even looked at my papers.",
        "summary": "Priya had eight years of CT experience in India. The HCPC, the visa and her first months in the UK took patience and a good plan.",
        "story": [
            text(
                """
<p>Priya had worked for eight years in CT at a large private hospital in Chennai when a colleague who had
moved to the UK encouraged her to apply. "She said the work was the same and the patients were the same.
The paperwork was not the same."</p>
<h2>English, then the HCPC</h2>
<p>Her first step was English. Under the HCPC's rules since January 2025 she could not simply declare her
English, so she took IELTS and scored above the 7.0 overall, with no element below 6.5, that radiographers
need. She also got a UK ENIC statement of comparability for her degree, which she later found recruiters
liked.</p>
<p>Her HCPC application went in with her university's course information form and references from senior
colleagues using their hospital email addresses. The HCPC says the process takes around 60 working days
from a complete application. Hers took longer, because the assessors asked for more detail about her
clinical placements. "I was impatient. But the questions were fair, and my university answered quickly."</p>
<h2>The job and the visa</h2>
<p>Only once she was registered did she apply for jobs. A trust in the West Midlands offered her a post,
sponsored her, and she applied for her Health and Care Worker visa. "I nearly booked my visa before the
HCPC had even looked at my papers. Do things in order."</p>
<h2>Arriving</h2>
<p>The trust met her at the airport and gave her accommodation for her first weeks. Her pastoral lead helped
with a bank account and registering with a GP. In the department, she worked under supervision until she
had been assessed and entitled under the trust's IR(ME)R procedures, task by task. "At home I was the senior
person. Here I had to be signed off for everything. It felt strange for a month, then it felt safe."</p>
<h2>Now</h2>
<p>Priya was promoted to Band 6 after eighteen months and now helps induct other international recruits.</p>
"""
            ),
            source(S_HCPC_ENGLISH, "English language rules from 29 January 2025"),
            source(S_HCPC_INT_APPLY, "About 60 working days from a complete application"),
        ],
    },
    {
        "slug": "joel-from-manila-to-glasgow",
        "title": "Joel: from Manila to a Glasgow winter",
        "person_name": "Joel",
        "role": "Diagnostic radiographer, general and fluoroscopy",
        "pathway": "international-recruitment",
        "profession": "diagnostic",
        "nation": "scotland",
        "region": "Glasgow and the West of Scotland",
        "training_region": "south-east-asia",
        "training_country": "Philippines",
        "years_out": None,
        "employer_type": "nhs",
        "quote": "The work I was ready for. The dark at four o'clock, nobody warned me about.",
        "summary": "Joel came to Scotland from the Philippines. Clinical work came easily; settling in took longer, and a good preceptor helped.",
        "story": [
            text(
                """
<p>Joel trained in Manila and worked for five years in a government hospital before he was recruited by a
Scottish health board. Scotland has its own code of practice for international recruitment, and the
Philippines is one of the countries the UK has a recruitment agreement with, so the board's recruitment
ran through an ethical agency that charged Joel nothing.</p>
<h2>Getting registered</h2>
<p>Joel chose the Occupational English Test, which the HCPC began accepting in 2025 alongside IELTS and
TOEFL. "OET uses healthcare situations. I was explaining a procedure to a patient, not writing about a
graph." His HCPC application was accepted after its assessment, and he paid his registration fee.</p>
<h2>The first winter</h2>
<p>He arrived in October. The health board's pastoral team met him and two other radiographers at the
airport and took them to furnished flats near the hospital. There were welcome sessions on everything from
council tax to the bus routes. "The work I was ready for. The dark at four o'clock, nobody warned me about."</p>
<p>His preceptor, an experienced radiographer who had herself come from abroad a decade earlier, met him
every week for the first three months. They worked through his IR(ME)R entitlement, modality by modality,
and talked about things that were not clinical at all. "She asked me every week if I had eaten with anyone
that week. The first two weeks the answer was no. She fixed that."</p>
<h2>Now</h2>
<p>Two years on, Joel works in general radiography and fluoroscopy, and has brought his wife and daughter to
Glasgow, as his dependants on his visa. He volunteers as a buddy for new international staff. "I tell them: the rules will make sense
quickly. The loneliness is the thing to plan for. Say yes to every invitation in the first month, even when
you are tired, and find the Filipino community early. They found me a barber, a football team and friends for Sunday lunch."</p>
"""
            ),
            source(S_HCPC_ENGLISH, "OET accepted alongside IELTS and TOEFL"),
            source(S_SCOT_CODE_6, "Scotland's own code of practice, revised March 2023"),
        ],
    },
    {
        "slug": "adaeze-a-direct-application-from-lagos",
        "title": "Adaeze: a direct application from Lagos to Cardiff",
        "person_name": "Adaeze",
        "role": "Therapeutic radiographer",
        "pathway": "international-recruitment",
        "profession": "therapeutic",
        "nation": "wales",
        "region": "South East Wales",
        "training_region": "africa",
        "training_country": "Nigeria",
        "years_out": None,
        "employer_type": "nhs",
        "quote": "Nobody recruited me. I found the job, I applied, and the rules let them say yes.",
        "summary": "Nigeria is on the UK's red list, so no one could recruit Adaeze. She applied directly, and her HCPC assessment included a test of competence.",
        "story": [
            text(
                """
<p>Adaeze trained and worked as a therapeutic radiographer in Lagos. Nigeria is on the UK's red list:
countries whose health workforce is under the most pressure, where UK employers and agencies must not
actively recruit. She knew that, and she also knew what it did not stop. "Nobody recruited me. I found the
job, I applied, and the rules let them say yes."</p>
<h2>A direct application</h2>
<p>The code of practice allows individuals from red-list countries to apply directly for jobs on their own
initiative. What counts is the country where the applicant lives. Adaeze found a radiotherapy post in Wales
advertised on a UK jobs site, and applied. The employer checked that they had not advertised or recruited
in Nigeria, and considered her application like any other.</p>
<h2>The test of competence</h2>
<p>Her HCPC assessment did not end in a straight acceptance. The assessors asked her to complete a test of
competence: in her case a structured interview about her training in treatment planning, which was
organised differently in her programme. "I was disappointed for a day. Then I prepared properly. They asked
exactly what they said they would ask." She passed and was registered.</p>
<h2>Wales</h2>
<p>The cancer centre gave her a structured preceptorship and a buddy, and her manager arranged her shifts so
that she could attend a Welsh language taster course, which she had asked for. "I wanted to be able to say
good morning to my patients in their language. It's a small thing, and it mattered to them."</p>
<h2>Now</h2>
<p>Adaeze has been in post for two years and is training in brachytherapy. She tells people at home who ask
her about the UK to look for jobs themselves and to be wary of anyone who offers to recruit them for a fee.
"If someone says they can recruit you from a red-list country, they are either wrong or lying."</p>
"""
            ),
            source(
                S_RESIDENCE,
                "Direct applications from red-list countries allowed; the country of residence counts",
            ),
            source(
                S_HCPC_INT_OUTCOME, "Outcomes include a test of competence, usually a structured interview"
            ),
        ],
    },
    {
        "slug": "liam-from-perth-to-the-north-west-of-northern-ireland",
        "title": "Liam: from Perth, Western Australia, to MRI in Northern Ireland",
        "person_name": "Liam",
        "role": "MRI radiographer, independent sector",
        "pathway": "international-recruitment",
        "profession": "diagnostic",
        "nation": "northern-ireland",
        "region": "West of Northern Ireland",
        "training_region": "oceania",
        "training_country": "Australia",
        "years_out": None,
        "employer_type": "independent",
        "quote": "Coming home to my grandparents' country still meant starting from the beginning with the regulator.",
        "summary": "Liam trained in Australia and moved to Northern Ireland for family. His English was easy to evidence; everything else took planning.",
        "story": [
            text(
                """
<p>Liam's grandparents emigrated from County Tyrone to Western Australia. He trained as a diagnostic
radiographer in Perth and specialised in MRI. When his partner got a job in Derry, they decided to move.
"Coming home to my grandparents' country still meant starting from the beginning with the regulator."</p>
<h2>Registration</h2>
<p>Because his degree was gained in a country on the HCPC's qualifying countries list for English, he did not
need to take a language test: his qualification was his evidence. Everything else was the same as for any
international applicant. He gathered certified copies of his documents, had his university complete the
course information form, and asked two senior colleagues to act as referees from their work email
addresses.</p>
<p>He paid the international scrutiny fee, which had risen to £678.38 in April 2025, and waited. "I'd say
budget for the fees and budget for the waiting. Both are bigger than you'd like."</p>
<h2>Finding work</h2>
<p>Liam joined an independent-sector imaging provider that runs MRI services for the local health and social
care trust. Because he holds Irish citizenship through his grandparents, he did not need a visa, which he
knows made his move simpler than most. MRI uses no ionising radiation, so IR(ME)R entitlement was not part
of his induction; instead his employer trained him on their scanners and their MR safety procedures, and he
was signed off for independent scanning after six weeks. He will need IR(ME)R training if he moves into CT,
which he is considering.</p>
<h2>What he'd tell others</h2>
<p>"Read the HCPC's pages yourself, not a forum. Get your university on side early, because the course
information form is the thing that slows people down. And ask the employer about induction before you
accept: a good one will tell you exactly what your first month looks like."</p>
<h2>Now</h2>
<p>Liam scans full time and has started a postgraduate certificate in MRI. He is also learning to love the
weather. "Mostly."</p>
"""
            ),
            source(
                S_HCPC_ENGLISH,
                "A primary qualification from a qualifying country counts as evidence of English",
            ),
            source(S_HCPC_FEES, "International scrutiny fee £678.38 from 29 April 2025"),
        ],
    },
    {
        "slug": "grace-recruited-in-dubai-to-the-south-west",
        "title": "Grace: recruited in Dubai, now in the South West",
        "person_name": "Grace",
        "role": "Band 6 diagnostic radiographer, interventional radiology",
        "pathway": "international-recruitment",
        "profession": "diagnostic",
        "nation": "england",
        "region": "South West England",
        "training_region": "africa",
        "training_country": "South Africa",
        "years_out": None,
        "employer_type": "nhs",
        "quote": "They didn't just offer me a job. They told me what my first year would look like, before I said yes.",
        "summary": "Grace trained in South Africa and was working in Dubai when a group of South West trusts came recruiting together.",
        "story": [
            text(
                """
<p>Grace trained in Johannesburg and had worked for six years in interventional radiology in Dubai when she
saw an advertisement for a recruitment event in the city run jointly by several NHS trusts from the South
West of England. "Usually a recruiter talks to you about money and visas. These people talked about
induction and housing and who would meet me at the airport."</p>
<h2>Recruiting together</h2>
<p>The trusts had pooled their recruitment: one campaign, one set of interviews, and an integration
programme for before, during and after arrival. A campaign of this kind in the South West led to job offers
for 58 radiographers. Grace was offered a post in interventional radiology the same week as her
interview.</p>
<h2>The long middle</h2>
<p>She had to register with the HCPC before she could start, which took months. The trust kept in touch
throughout: a monthly call with her future manager, an online welcome session with other recruits, and
help with her visa once she was registered. "The waiting is where people give up. They didn't let me feel
forgotten."</p>
<h2>Arriving</h2>
<p>The trust met her at the airport and gave her accommodation for her first weeks. Her first month was
induction, local rules and supervised practice; her IR(ME)R entitlement for interventional work came in
stages as she was assessed. "In Dubai I was trusted with a lot, very quickly. Here the trust was built more
slowly, but it was written down, and that made me feel safer, not less trusted."</p>
<h2>Now</h2>
<p>Grace was promoted to Band 6 and now works in the interventional suite. She has bought a house, which she
describes as "the moment I knew I'd stay", and mentors two radiographers from the next campaign. Her advice to managers: "Tell people what the first year looks
like before they say yes. That's what made me choose you."</p>
"""
            ),
            source(
                S_SOUTH_WEST_IR,
                "A South West collaborative campaign in Dubai led to job offers for 58 radiographers",
            ),
        ],
    },
]
