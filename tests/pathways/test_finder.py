"""The pathway finder: one question a page, check your answers, and the plan it builds."""

from __future__ import annotations

import datetime

from django.utils import timezone

import pytest

from pathways import models, rules
from pathways.factories import PathwayStepFactory, ir_answers, rtp_answers
from pathways.views import ANSWERS_KEY, TICKS_KEY
from tests.conftest import error_summary_text, headings, link_hrefs, soup, visible_text
from tests.pathways.helpers import field_error_text, step_titles

pytestmark = pytest.mark.django_db


def set_answers(client, answers, ticks=None):
    session = client.session
    session[ANSWERS_KEY] = answers
    if ticks is not None:
        session[TICKS_KEY] = ticks
    session.save()


def years_ago(years: int, days: int = 0) -> datetime.date:
    return rules.add_years(timezone.localdate(), -years) - datetime.timedelta(days=days)


def date_parts(prefix, day: datetime.date, with_day=True):
    parts = {f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}
    if with_day:
        parts[f"{prefix}_day"] = str(day.day)
    return parts


def answer_all(client, finder, steps):
    """Walk the six questions as a returnee six years out who will work in Wales."""
    url = finder.url + "questions/"
    responses = [
        client.post(url + "nation/", {"nation": "wales"}),
        client.post(url + "qualification/", {"qualified_in": "uk"}),
        client.post(
            url + "registration/", {"ever_registered": "yes", **date_parts("last_practised", years_ago(6))}
        ),
        client.post(url + "profession/", {"profession": "diagnostic"}),
        client.post(url + "practice-abroad/", {"practised_abroad": "no"}),
        client.post(url + "job-offer/", {"job_offer": "no"}),
    ]
    return responses


# --------------------------------------------------------------------------------------------------
# Question pages
# --------------------------------------------------------------------------------------------------


def test_start_page_explains_the_questions_and_links_to_the_first(client, finder):
    response = client.get(finder.url)
    assert response.status_code == 200
    assert headings(response) == ["Pathway finder"]
    assert finder.url + "questions/nation/" in link_hrefs(response, "Start now")
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_each_question_is_its_own_page_with_the_question_as_its_heading(client, finder, taxonomy, countries):
    response = client.get(finder.url + "questions/nation/")
    assert response.status_code == 200
    assert headings(response) == ["Question 1 of 6 Which UK nation will you work in?"]
    assert link_hrefs(response, "Back") == [finder.url]
    labels = [label.get_text(strip=True) for label in soup(response).select("label.nhsuk-radios__label")]
    assert labels == ["England", "Scotland", "Wales", "Northern Ireland"]


def test_walking_the_questions_leads_to_check_your_answers(client, finder, steps):
    responses = answer_all(client, finder, steps)
    targets = [response["Location"] for response in responses]
    assert targets == [
        finder.url + "questions/qualification/",
        finder.url + "questions/registration/",
        finder.url + "questions/profession/",
        finder.url + "questions/practice-abroad/",
        finder.url + "questions/job-offer/",
        finder.url + "check-your-answers/",
    ]
    page = client.get(finder.url + "check-your-answers/")
    text = visible_text(page)
    assert "Check your answers" in headings(page)
    assert "Nation you will work in Wales" in text
    assert "Where you qualified In the UK" in text
    assert f"Last practised in the UK on {years_ago(6).day} {years_ago(6):%B %Y}" in text
    change_links = link_hrefs(page, "Change")
    assert finder.url + "questions/registration/?change=1" in change_links
    assert len(change_links) == 6
    # Each link names its answer as written, so a screen reader says "HCPC", not "hcpc".
    names = [a.get_text(" ", strip=True) for a in soup(page).select(".nhsuk-summary-list__actions a")]
    assert "Change HCPC registration" in names and "Change UK job offer" in names


def test_back_links_go_to_the_previous_question(client, finder, steps):
    answer_all(client, finder, steps)
    response = client.get(finder.url + "questions/profession/")
    assert link_hrefs(response, "Back") == [finder.url + "questions/registration/"]
    assert soup(response).find("input", attrs={"value": "diagnostic"}).has_attr("checked")


def test_changing_an_answer_returns_to_check_your_answers(client, finder, steps):
    answer_all(client, finder, steps)
    response = client.get(finder.url + "questions/nation/?change=1")
    assert link_hrefs(response, "Back") == [finder.url + "check-your-answers/"]
    response = client.post(finder.url + "questions/nation/?change=1", {"nation": "scotland"})
    assert response["Location"] == finder.url + "check-your-answers/"
    assert "Nation you will work in Scotland" in visible_text(client.get(response["Location"]))


def test_jumping_ahead_lands_on_the_first_unanswered_question(client, finder, taxonomy):
    response = client.get(finder.url + "questions/job-offer/")
    assert response.status_code == 302
    assert response["Location"] == finder.url + "questions/nation/"
    assert client.get(finder.url + "check-your-answers/")["Location"] == finder.url + "questions/nation/"
    assert client.get(finder.url + "plan/")["Location"] == finder.url


def test_an_unknown_question_is_a_404(client, finder):
    assert client.get(finder.url + "questions/shoe-size/").status_code == 404


# --------------------------------------------------------------------------------------------------
# Odd answers: clear errors, never a 500
# --------------------------------------------------------------------------------------------------


def test_no_answer_shows_an_error_in_the_summary_and_by_the_field(client, finder, taxonomy):
    response = client.post(finder.url + "questions/nation/", {})
    assert response.status_code == 200
    assert "Select the nation you will work in" in error_summary_text(response)
    assert "Select the nation you will work in" in field_error_text(response, "nation")
    assert response.content.decode().count("<title>Error:") == 1


def test_an_unknown_nation_is_refused(client, finder, taxonomy):
    response = client.post(finder.url + "questions/nation/", {"nation": "atlantis"})
    assert response.status_code == 200
    assert "Select one of the four nations" in error_summary_text(response)


def answer_first_two(client, finder, countries=None):
    client.post(finder.url + "questions/nation/", {"nation": "scotland"})
    client.post(finder.url + "questions/qualification/", {"qualified_in": "uk"})


def test_a_future_date_is_refused_and_what_was_typed_is_kept(client, finder, taxonomy):
    answer_first_two(client, finder)
    future = timezone.localdate() + datetime.timedelta(days=40)
    response = client.post(
        finder.url + "questions/registration/",
        {"ever_registered": "yes", **date_parts("last_practised", future)},
    )
    assert response.status_code == 200
    message = "The date you last practised in the UK must be today or in the past"
    assert message in error_summary_text(response)
    assert message in field_error_text(response, "last_practised_day")
    tree = soup(response)
    assert tree.find("input", attrs={"name": "last_practised_year"})["value"] == str(future.year)
    assert tree.find("input", attrs={"value": "yes", "name": "ever_registered"}).has_attr("checked")
    # The summary's link lands on the first box of the date.
    assert tree.select_one(".nhsuk-error-summary a")["href"] == "#id_last_practised"
    assert tree.find(id="id_last_practised")["name"] == "last_practised_day"


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (
            {"last_practised_day": "31", "last_practised_month": "2", "last_practised_year": "2019"},
            "must be a real date",
        ),
        (
            {"last_practised_day": "1", "last_practised_month": "2", "last_practised_year": "19"},
            "Year must include 4 numbers",
        ),
        (
            {"last_practised_day": "", "last_practised_month": "2", "last_practised_year": "2019"},
            "must include a day",
        ),
        (
            {"last_practised_day": "-1", "last_practised_month": "2", "last_practised_year": "2019"},
            "in numbers",
        ),
        (
            {"last_practised_day": "1", "last_practised_month": "2", "last_practised_year": "1066"},
            "check the year",
        ),
        ({}, "Enter the date you last practised in the UK"),
        # A month or day too large for the C date type raised OverflowError (a 500), not ValueError.
        (
            {"last_practised_day": "1", "last_practised_month": "9" * 20, "last_practised_year": "2019"},
            "must be a real date",
        ),
        (
            {"last_practised_day": "9" * 20, "last_practised_month": "1", "last_practised_year": "2019"},
            "must be a real date",
        ),
        # Digits of other scripts: "²" is a digit to str.isdigit() but not to int(); "٣" is to both.
        (
            {"last_practised_day": "²", "last_practised_month": "1", "last_practised_year": "2019"},
            "in numbers",
        ),
        (
            {"last_practised_day": "٣", "last_practised_month": "1", "last_practised_year": "٢٠١٩"},
            "in numbers",
        ),
    ],
)
def test_odd_dates_get_clear_errors(client, finder, taxonomy, parts, message):
    answer_first_two(client, finder)
    response = client.post(finder.url + "questions/registration/", {"ever_registered": "yes", **parts})
    assert response.status_code == 200
    assert message in error_summary_text(response)


def test_a_never_registered_person_must_say_when_they_qualified(client, finder, taxonomy):
    answer_first_two(client, finder)
    response = client.post(finder.url + "questions/registration/", {"ever_registered": "no"})
    assert "Enter the date you qualified" in error_summary_text(response)
    response = client.post(
        finder.url + "questions/registration/",
        {"ever_registered": "no", **date_parts("qualified_on", datetime.date(2016, 6, 1), with_day=False)},
    )
    assert response.status_code == 302


def test_an_unknown_country_code_is_refused(client, finder, taxonomy, countries):
    client.post(finder.url + "questions/nation/", {"nation": "scotland"})
    response = client.post(
        finder.url + "questions/qualification/",
        {"qualified_in": "abroad", "qualification_country": "XX", "residence_country": "NG"},
    )
    assert response.status_code == 200
    assert "Choose the country where you qualified from the list" in error_summary_text(response)
    assert "Choose the country where you qualified from the list" in field_error_text(
        response, "qualification_country"
    )


def test_abroad_needs_both_countries(client, finder, taxonomy, countries):
    client.post(finder.url + "questions/nation/", {"nation": "scotland"})
    response = client.post(finder.url + "questions/qualification/", {"qualified_in": "abroad"})
    summary = error_summary_text(response)
    assert "Choose the country where you qualified" in summary
    assert "Choose the country you live in" in summary


def test_hostile_input_is_escaped_and_never_a_500(client, finder, taxonomy):
    answer_first_two(client, finder)
    hostile = '<script>alert("x")</script>'
    response = client.post(
        finder.url + "questions/registration/",
        {
            "ever_registered": hostile,
            "last_practised_day": hostile,
            "last_practised_month": "\x00",
            "last_practised_year": "9" * 5000,
        },
    )
    assert response.status_code == 200
    assert hostile not in response.content.decode()
    assert "Select yes or no" in error_summary_text(response)


def test_answers_in_the_session_that_no_longer_fit_send_the_person_back_to_the_question(
    client, finder, steps, countries
):
    set_answers(client, ir_answers(qualification_country="ZZ"))
    response = client.get(finder.url + "check-your-answers/")
    assert response["Location"] == finder.url + "questions/qualification/"
    set_answers(client, {**rtp_answers(), "last_practised": "not-a-date"})
    assert client.get(finder.url + "plan/")["Location"] == finder.url + "questions/registration/"


# --------------------------------------------------------------------------------------------------
# The plan
# --------------------------------------------------------------------------------------------------


def test_returnee_six_years_out_in_wales_gets_sixty_days_and_the_wales_steps(client, finder, steps, support):
    answer_all(client, finder, steps)
    assert client.post(finder.url + "check-your-answers/")["Location"] == finder.url + "plan/"
    response = client.get(finder.url + "plan/")
    assert response.status_code == 200
    text = visible_text(response)
    assert "60 days of updating" in text
    assert "That is 420 hours" in text
    assert "Private study can be at most half of your updating: 210 hours, which is 30 days" in text
    assert "at least the previous 3 years" in text
    assert "12 months" in text and "24 months" not in text  # FACTS.md C1: 12 months since 1 Feb 2025
    assert rules.HCPC_UPDATING_PAGE.url in link_hrefs(response)
    assert step_titles(response) == [
        "Work out your updating",
        "Agree HEIW bursary funding",
        "Consider a return to practice course",
        "Apply for readmission",
        "Join the Society of Radiographers",
    ]
    assert "Up to £1,000" in text
    assert "Funding and support for returners in Wales" in text
    assert "HEIW bursary of up to £1,000" in text
    assert steps.updating.guidance_page.url in link_hrefs(response, "Read the guidance")
    assert "A draft step nobody sees" not in text
    assert "0 of 5 steps done" in text


def test_returnee_exactly_two_years_out_needs_thirty_days(client, finder, steps, support):
    set_answers(client, rtp_answers(last_practised=years_ago(2), nation="england"))
    text = visible_text(client.get(finder.url + "plan/"))
    assert "30 days of updating" in text
    assert "Register with the NHS England programme" in text
    assert "Consider a return to practice course" not in text


def test_returnee_a_day_under_two_years_needs_no_updating_and_gets_no_updating_steps(
    client, finder, steps, support
):
    set_answers(client, rtp_answers(last_practised=years_ago(2) + datetime.timedelta(days=1)))
    response = client.get(finder.url + "plan/")
    assert "No updating needed" in visible_text(response)
    assert step_titles(response) == ["Apply for readmission", "Join the Society of Radiographers"]


def test_uk_qualified_returnee_who_practised_abroad_is_told_about_the_practising_abroad_form(
    client, finder, steps
):
    set_answers(client, rtp_answers(last_practised=years_ago(8), practised_abroad=True))
    response = client.get(finder.url + "plan/")
    text = visible_text(response)
    assert "No updating needed" in text
    assert "practising abroad" in text
    assert "Fill in the practising abroad form" in step_titles(response)
    assert "Work out your updating" not in step_titles(response)


def test_recruit_from_a_red_list_country_to_scotland_is_told_what_red_means(
    client, finder, steps, countries, support
):
    set_answers(client, ir_answers(nation="scotland", residence_country="NG", qualification_country="NG"))
    response = client.get(finder.url + "plan/")
    text = visible_text(response)
    assert "You live in Nigeria" in text
    assert "Nigeria is red on the Code of Practice list" in text
    assert "You can still apply directly" in text
    assert "not on HCPC's list of English-language qualifying countries" in text
    assert "HCPC updating requirement" not in text
    assert step_titles(response) == [
        "Show your English",
        "Apply to HCPC internationally",
        "Apply directly: red-list country",
        "Read Scotland's Code",
        "Join the Society of Radiographers",
    ]
    assert "Scotland has its own Code of Practice" in text


def test_a_recruit_from_a_country_not_confirmed_on_hcpcs_list_is_told_to_plan_an_english_test(
    client, finder, steps, countries, support
):
    # FACTS C2: Nigeria is not confirmed either way on HCPC's qualifying countries list, and the rule
    # is "approved English test needed unless a country is confirmed on HCPC's list". The plan says so
    # plainly, without a research hedge ("We have not confirmed ...", FACTS source rule 4).
    countries.nigeria.english_qualifying = "check"
    countries.nigeria.save()
    set_answers(client, ir_answers(nation="scotland", residence_country="NG", qualification_country="NG"))
    text = visible_text(client.get(finder.url + "plan/"))
    assert "Plan to take an approved English test (IELTS, OET or TOEFL) at the score HCPC sets" in text
    assert "Nigeria is not confirmed on HCPC's list of English-language qualifying countries" in text
    assert "We have not confirmed" not in text


def test_the_code_of_practice_looks_at_residence_not_where_you_qualified(client, finder, steps, countries):
    set_answers(client, ir_answers(nation="england", qualification_country="NG", residence_country="AU"))
    response = client.get(finder.url + "plan/")
    text = visible_text(response)
    assert "You live in Australia" in text
    assert "Apply directly: red-list country" not in step_titles(response)


def test_recruit_living_in_an_amber_country_with_a_job_offer(client, finder, steps, countries):
    set_answers(
        client,
        ir_answers(nation="england", residence_country="KE", qualification_country="KE", job_offer=True),
    )
    response = client.get(finder.url + "plan/")
    titles = step_titles(response)
    assert "Apply through the agreement" in titles
    assert "Apply for the Health and Care Worker visa" in titles
    assert "Read Scotland's Code" not in titles


def test_profession_conditions_select_steps(client, finder, steps):
    set_answers(client, rtp_answers(profession=models.THERAPEUTIC))
    assert "Radiotherapy induction" in step_titles(client.get(finder.url + "plan/"))
    set_answers(client, rtp_answers(profession=models.DIAGNOSTIC))
    assert "Radiotherapy induction" not in step_titles(client.get(finder.url + "plan/"))


def test_ticks_in_the_session_mark_steps_done_and_move_the_progress_bar(client, finder, steps):
    set_answers(client, rtp_answers())
    response = client.post(finder.url + f"plan/steps/{steps.updating.pk}/", {"done": "1"})
    assert response.status_code == 302
    assert response["Location"] == finder.url + f"plan/#step-{steps.updating.pk}"
    page = client.get(finder.url + "plan/")
    assert "1 of 5 steps done" in visible_text(page)
    progress = soup(page).find("progress")
    assert (progress["value"], progress["max"]) == ("1", "5")
    client.post(finder.url + f"plan/steps/{steps.updating.pk}/", {"done": "0"})
    assert "0 of 5 steps done" in visible_text(client.get(finder.url + "plan/"))


def test_ticking_needs_a_post_and_a_step_in_the_plan(client, finder, steps):
    set_answers(client, rtp_answers())
    assert client.get(finder.url + f"plan/steps/{steps.updating.pk}/").status_code == 405
    assert client.post(finder.url + f"plan/steps/{steps.visa.pk}/", {"done": "1"}).status_code == 404
    assert client.post(finder.url + "plan/steps/99999/", {"done": "1"}).status_code == 404


def test_ticking_is_protected_against_cross_site_requests(finder, steps):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    session = csrf_client.session
    session[ANSWERS_KEY] = rtp_answers()
    session.save()
    assert csrf_client.post(finder.url + f"plan/steps/{steps.updating.pk}/", {"done": "1"}).status_code == 403


def test_start_again_forgets_the_answers(client, finder, steps):
    set_answers(client, rtp_answers())
    assert client.get(finder.url + "start-again/").status_code == 405
    client.post(finder.url + "start-again/")
    assert client.get(finder.url + "plan/")["Location"] == finder.url


def test_printable_plan_has_the_steps_and_no_tick_buttons(client, finder, steps):
    set_answers(client, rtp_answers())
    response = client.get(finder.url + "plan/print/")
    assert response.status_code == 200
    assert "Work out your updating" in visible_text(response)
    assert not soup(response).select("form[data-pathways-tick]")


@pytest.mark.parametrize("count", [5, 50])
def test_plan_page_queries_stay_flat_as_steps_grow(
    client, finder, steps, countries, support, taxonomy, django_assert_max_num_queries, count
):
    for n in range(count):
        PathwayStepFactory(
            title=f"Extra step {n}", pathway=models.IR, nations=[taxonomy.scotland, taxonomy.wales]
        )
    set_answers(client, ir_answers(nation="scotland"))
    client.get(finder.url + "plan/")  # warm Wagtail's site-root cache, as any earlier request would
    with django_assert_max_num_queries(15) as captured:
        response = client.get(finder.url + "plan/")
    assert response.status_code == 200
    assert f"Extra step {count - 1}" in visible_text(response)
    print(f"plan page with {count} extra steps: {len(captured)} queries")


def test_plan_page_query_count_is_the_same_for_5_and_50_steps(
    client, finder, steps, countries, support, taxonomy, rtp_hub, pw_user
):
    """Each step links its own guidance page and has a tick: the count must still not grow."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cms.factories import GuidancePageFactory
    from pathways import services

    client.force_login(pw_user)
    answers = rtp_answers(nation="wales")
    services.plan_save(user=pw_user, answers=answers, today=timezone.localdate())
    plan = models.SavedPlan.objects.get(user=pw_user)
    counts = []
    for total in (5, 50):
        while models.PathwayStep.objects.filter(title__startswith="Grown").count() < total:
            n = models.PathwayStep.objects.count()
            step = PathwayStepFactory(
                title=f"Grown {n}",
                nations=[taxonomy.wales],
                guidance_page=GuidancePageFactory(parent=rtp_hub, title=f"Guide {n}", slug=f"guide-{n}"),
            )
            services.plan_tick(plan=plan, step=step, done=True)
        set_answers(client, answers)
        client.get(finder.url + "plan/")
        with CaptureQueriesContext(connection) as captured:
            session_page = client.get(finder.url + "plan/")
        counts.append(len(captured))
        assert "Grown" in visible_text(session_page)
        assert len(link_hrefs(session_page, "Read the guidance")) == total + 1
        client.get("/my-plan/")
        with CaptureQueriesContext(connection) as captured:
            saved_page = client.get("/my-plan/")
        counts.append(len(captured))
        assert f"{total} of" in visible_text(saved_page)
    print("plan page queries (session 5, saved 5, session 50, saved 50):", counts)
    assert counts[0] == counts[2], counts
    assert counts[1] == counts[3], counts


@pytest.mark.parametrize(("years", "figure"), [(3, "30 days (210 hours)"), (6, "60 days (420 hours)")])
def test_the_plan_states_the_persons_own_updating_figure(client, finder, steps, years, figure):
    steps.updating.time = "{days} days ({hours} hours)"
    steps.updating.body = "<p>You need {days} days of updating: {hours} hours.</p>"
    steps.updating.save()
    set_answers(client, rtp_answers(last_practised=years_ago(years)))
    text = visible_text(client.get(finder.url + "plan/"))
    assert f"Time {figure}" in text
    days, hours = figure.split(" days (")
    assert f"You need {days} days of updating: {hours.split()[0]} hours." in text
    assert "{days}" not in text and "30 or 60" not in text


def test_country_lists_file_a_name_that_starts_with_the_under_its_own_letter(db):
    """A country named as it reads in a sentence ("the Philippines") is listed under P, with a capital,
    not after Sri Lanka."""
    from pathways.factories import CountryFactory

    for name, code in [("Sri Lanka", "LK"), ("the Philippines", "PH"), ("Pakistan", "PK"), ("Qatar", "QA")]:
        CountryFactory(name=name, code=code)
    assert [name for _code, name in models.Country.objects.choices()] == [
        "Pakistan",
        "The Philippines",
        "Qatar",
        "Sri Lanka",
    ]


def test_a_status_to_check_and_a_qualifying_country_are_said_without_hedges_or_added_conditions(
    client, finder, steps, countries, support
):
    # FACTS source rule 4: no research hedge; FACTS C2: a primary qualification gained in a country on
    # HCPC's list counts, with no condition added (nothing about the language it was taught in).
    countries.nigeria.status_needs_check = True
    countries.nigeria.english_qualifying = "yes"
    countries.nigeria.save()
    set_answers(client, ir_answers(nation="england", residence_country="NG", qualification_country="NG"))
    text = visible_text(client.get(finder.url + "plan/"))
    assert "We have not confirmed" not in text
    assert "Check Nigeria's status on the current list in the Code of Practice before you rely on it." in text
    assert "Your qualification is your evidence of English." in text
    assert "taught in English" not in text
