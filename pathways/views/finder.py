"""The finder's pages, served through PathwayFinderPage's routes. Answers and ticks live in the
session, so it works for anyone without an account or JavaScript."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse

from pathways import rules, services
from pathways.forms import QUESTIONS, QUESTIONS_BY_SLUG, UK_CODE
from pathways.selectors import (
    AnswersOutOfDate,
    facts_from_answers,
    first_unanswered,
    plan_build,
    plan_for_user,
)

from .common import (
    ANSWERS_KEY,
    SAVE_AFTER_SIGN_IN_KEY,
    SAVED_ON_SIGN_IN_KEY,
    TICKS_KEY,
    _finder_url,
    _private,
    _question_url,
    _session_answers,
    _session_ticks,
    _today,
)


def finder_start(request, page):
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    answers = _session_answers(request)
    resume_url = ""
    if answers:
        slug = first_unanswered(answers)
        resume_url = _question_url(page, slug) if slug else _finder_url(page, "check-your-answers/")
    context = page.get_context(request)
    context.update(
        {
            "start_url": _question_url(page, QUESTIONS[0].slug),
            "resume_url": resume_url,
            "has_saved_plan": plan_for_user(request.user) is not None,
            "question_count": len(QUESTIONS),
        }
    )
    return _private(render(request, "pathways/pathway_finder_page.html", context))


def finder_question(request, page, slug):
    question = QUESTIONS_BY_SLUG.get(slug)
    if question is None:
        raise Http404("No such question")
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    answers = _session_answers(request)
    index = QUESTIONS.index(question)
    # Questions are answered in order: jumping ahead lands on the first one still unanswered.
    for earlier in QUESTIONS[:index]:
        if any(key not in answers for key in earlier.keys):
            return redirect(_question_url(page, earlier.slug))
    change = request.GET.get("change") == "1"

    if request.method == "POST":
        form = question.form_class(request.POST)
        if form.is_valid():
            answers.update(question.form_class.to_answers(form.cleaned_data))
            request.session[ANSWERS_KEY] = answers
            if change:
                missing = first_unanswered(answers)
                return redirect(
                    _question_url(page, missing, change=True)
                    if missing
                    else _finder_url(page, "check-your-answers/")
                )
            if index + 1 < len(QUESTIONS):
                return redirect(_question_url(page, QUESTIONS[index + 1].slug))
            return redirect(_finder_url(page, "check-your-answers/"))
    else:
        form = question.form_class(initial=question.form_class.initial_from(answers))

    if change:
        back_url = _finder_url(page, "check-your-answers/")
    elif index:
        back_url = _question_url(page, QUESTIONS[index - 1].slug)
    else:
        back_url = page.url
    context = page.get_context(request)
    context.update(
        {
            "question": question,
            "form": form,
            "number": index + 1,
            "total": len(QUESTIONS),
            "back_url": back_url,
            "action_url": _question_url(page, slug, change=change),
        }
    )
    return _private(render(request, f"pathways/questions/{question.slug}.html", context))


def _answer_rows(page, facts) -> list[dict]:
    """Rows for the check-your-answers summary list, in question order."""
    answers = facts.answers
    if facts.uk_qualified:
        qualified = "In the UK"
    else:
        residence = "the UK" if answers.get("residence_country") == UK_CODE else facts.residence_country.name
        qualified = f"{facts.qualification_country.name}. You live in {residence}."
    if facts.ever_registered:
        registration = f"Yes. Last practised in the UK on {_human(facts.last_practised)}"
    else:
        registration = f"No, never. Qualified in {facts.qualified_on:%B %Y}"
    values = {
        "nation": facts.nation.name,
        "qualification": qualified,
        "registration": registration,
        "profession": dict(QUESTIONS_BY_SLUG["profession"].form_class.base_fields["profession"].choices)[
            facts.profession
        ],
        "practice-abroad": "Yes" if facts.practised_abroad else "No",
        "job-offer": "Yes" if facts.job_offer else "No",
    }
    return [
        {"question": q, "value": values[q.slug], "change_url": _question_url(page, q.slug, change=True)}
        for q in QUESTIONS
    ]


def _human(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def finder_check_answers(request, page):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    answers = _session_answers(request)
    try:
        facts = facts_from_answers(answers, today=_today())
    except AnswersOutOfDate as exc:
        if answers:
            messages.info(
                request, "Please answer this question again: the choices have changed since you answered."
            )
        return redirect(_question_url(page, exc.slug))

    if request.method == "POST":
        saved = plan_for_user(request.user)
        if saved is not None:
            services.plan_save(
                user=request.user, answers=answers, ticked=_session_ticks(request), today=_today()
            )
            _clear_session(request)
            messages.success(
                request, "Your plan has been updated. Steps you had ticked that still apply are still ticked."
            )
            return redirect("pathways:my_plan")
        return redirect(_finder_url(page, "plan/"))

    context = page.get_context(request)
    context.update(
        {
            "rows": _answer_rows(page, facts),
            "back_url": _question_url(page, QUESTIONS[-1].slug),
            "updates_saved_plan": plan_for_user(request.user) is not None,
        }
    )
    return _private(render(request, "pathways/check_answers.html", context))


def _clear_session(request) -> None:
    request.session.pop(SAVE_AFTER_SIGN_IN_KEY, None)
    request.session.pop(ANSWERS_KEY, None)
    request.session.pop(TICKS_KEY, None)


def _session_plan_or_redirect(request, page):
    answers = _session_answers(request)
    try:
        return plan_build(answers, today=_today(), ticked=_session_ticks(request)), None
    except AnswersOutOfDate as exc:
        if not answers and plan_for_user(request.user) is not None:
            return None, redirect("pathways:my_plan")
        if not answers:
            return None, redirect(page.url)
        return None, redirect(_question_url(page, exc.slug))


def _plan_context(request, page, plan, *, saved: bool) -> dict:
    context = page.get_context(request) if page else {"page": None}
    if saved:
        tick_url = lambda step: reverse("pathways:tick", args=[step.pk])  # noqa: E731
    else:
        tick_url = lambda step: _finder_url(page, f"plan/steps/{step.pk}/")  # noqa: E731
    for item in plan.steps:
        item.tick_url = tick_url(item.step)
    context.update(
        {
            "plan": plan,
            "facts": plan.facts,
            "requirement": plan.facts.requirement,
            "saved": saved,
            "finder": page,
            "rules": rules,
            "status_explanation": page.status_explanation(plan.facts.country_status) if page else "",
        }
    )
    return context


def finder_plan(request, page):
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    plan, response = _session_plan_or_redirect(request, page)
    if response:
        return response
    context = _plan_context(request, page, plan, saved=False)
    context["has_saved_plan"] = plan_for_user(request.user) is not None
    return _private(render(request, "pathways/plan.html", context))


def finder_plan_print(request, page):
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    plan, response = _session_plan_or_redirect(request, page)
    if response:
        return response
    return _private(
        render(request, "pathways/plan_print.html", _plan_context(request, page, plan, saved=False))
    )


def _tick_value(request) -> bool:
    return request.POST.get("done") == "1"


def finder_plan_tick(request, page, step_id):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    plan, response = _session_plan_or_redirect(request, page)
    if response:
        return response
    if step_id not in plan.step_ids:
        raise Http404("That step is not in your plan")
    ticks = _session_ticks(request)
    if _tick_value(request):
        ticks.add(step_id)
    else:
        ticks.discard(step_id)
    request.session[TICKS_KEY] = sorted(ticks)
    return HttpResponseRedirect(_finder_url(page, "plan/") + f"#step-{step_id}")


def save_plan_on_sign_in(sender, request, user, **kwargs):
    """Receiver of ``user_logged_in``: the sign-in (a POST, with its CSRF token) saves the plan the person
    asked to save before signing in, so no GET has to. Only a first plan is saved here; replacing an
    earlier one is asked on the save page, and saved by its POST."""
    session = getattr(request, "session", None)
    if session is None or session.get(SAVE_AFTER_SIGN_IN_KEY) is not True:
        return
    answers = _session_answers(request)
    try:
        plan_build(answers, today=_today())
    except AnswersOutOfDate:
        session.pop(SAVE_AFTER_SIGN_IN_KEY, None)
        return
    if plan_for_user(user) is not None:
        return  # the save page asks before replacing it
    services.plan_save(user=user, answers=answers, ticked=_session_ticks(request), today=_today())
    _clear_session(request)
    session[SAVED_ON_SIGN_IN_KEY] = True
    messages.success(
        request,
        "You are signed in and your plan is saved to your account. You can come back to it at any time.",
        fail_silently=True,  # a sign-in outside a request (the test client's force_login) has no messages
    )


def finder_plan_save(request, page):
    """GET shows what saving would do; only POST saves. A plan asked to be saved before signing in was
    saved by the sign-in itself (save_plan_on_sign_in): the GET after it only says so."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    save_url = _finder_url(page, "plan/save/")
    if not request.user.is_authenticated:
        if request.method == "POST":
            # "Sign in (or create an account) to save this plan", pressed: remembered in the session, so
            # the sign-in saves the plan, with no second "Save" to press.
            # A POST (with its CSRF token), so no link elsewhere can set it.
            request.session[SAVE_AFTER_SIGN_IN_KEY] = True
            if request.POST.get("then") == "sign-up":
                return redirect(f"{reverse('account_signup')}?{urlencode({'next': save_url})}")
        return redirect_to_login(save_url)
    if request.method == "GET" and request.session.pop(SAVED_ON_SIGN_IN_KEY, False) is True:
        return redirect("pathways:my_plan")  # the sign-in saved it, and said so
    plan, response = _session_plan_or_redirect(request, page)
    if response:
        request.session.pop(SAVE_AFTER_SIGN_IN_KEY, None)
        return response
    has_saved_plan = plan_for_user(request.user) is not None
    if request.method == "POST":
        services.plan_save(
            user=request.user, answers=plan.facts.answers, ticked=_session_ticks(request), today=_today()
        )
        _clear_session(request)
        messages.success(request, "Your plan is saved to your account. You can come back to it at any time.")
        return redirect("pathways:my_plan")
    # Asked before signing in, but the sign-in did not save: an earlier plan would be replaced, so ask.
    asked_before_sign_in = request.session.pop(SAVE_AFTER_SIGN_IN_KEY, False) is True
    context = page.get_context(request)
    context.update(
        {
            "has_saved_plan": has_saved_plan,
            "plan": plan,
            "signed_in_to_save": asked_before_sign_in and has_saved_plan,
        }
    )
    return _private(render(request, "pathways/plan_save.html", context))


def finder_start_again(request, page):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    _clear_session(request)
    return redirect(page.url)
