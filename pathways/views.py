"""Views of the pathway finder (served through PathwayFinderPage's routes), the saved plan and the
updating log. Thin: reads come from selectors, writes go through services.

The finder keeps answers in the session, so it works for anyone without an account or JavaScript.
Every page that shows a person's answers, plan or log is marked never-cache.
"""

from __future__ import annotations

import csv
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from portal.exports import csv_safe

from . import rules, services
from .forms import QUESTIONS, QUESTIONS_BY_SLUG, UK_CODE, ActivityForm, LogSetupForm
from .models import PathwayFinderPage, UpdatingActivity, UpdatingLog
from .selectors import (
    AnswersOutOfDate,
    activity_for_user,
    facts_from_answers,
    first_unanswered,
    live_step_or_404,
    log_for_user,
    log_summary,
    plan_build,
    plan_for_user,
    plan_ticks,
)

ANSWERS_KEY = "pathways_answers"
TICKS_KEY = "pathways_ticks"


def _today() -> datetime.date:
    return timezone.localdate()


def _private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    return response


def _session_answers(request) -> dict:
    answers = request.session.get(ANSWERS_KEY)
    return dict(answers) if isinstance(answers, dict) else {}


def _session_ticks(request) -> set[int]:
    ticks = request.session.get(TICKS_KEY)
    return {int(t) for t in ticks if isinstance(t, int)} if isinstance(ticks, list) else set()


def _finder_url(page: PathwayFinderPage, route: str = "") -> str:
    return page.url + route


def finder_page() -> PathwayFinderPage | None:
    return PathwayFinderPage.objects.live().public().first()


def _question_url(page, slug: str, change: bool = False) -> str:
    return _finder_url(page, f"questions/{slug}/") + ("?change=1" if change else "")


# --------------------------------------------------------------------------------------------------
# The finder (routes of PathwayFinderPage)
# --------------------------------------------------------------------------------------------------


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


def finder_plan_save(request, page):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(_finder_url(page, "plan/save/"))
    plan, response = _session_plan_or_redirect(request, page)
    if response:
        return response
    if request.method == "POST":
        services.plan_save(
            user=request.user, answers=plan.facts.answers, ticked=_session_ticks(request), today=_today()
        )
        _clear_session(request)
        messages.success(request, "Your plan is saved to your account. You can come back to it at any time.")
        return redirect("pathways:my_plan")
    context = page.get_context(request)
    context.update({"has_saved_plan": plan_for_user(request.user) is not None, "plan": plan})
    return _private(render(request, "pathways/plan_save.html", context))


def finder_start_again(request, page):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    _clear_session(request)
    return redirect(page.url)


# --------------------------------------------------------------------------------------------------
# The saved plan (signed in)
# --------------------------------------------------------------------------------------------------


def _saved_plan_or_none(request):
    saved = plan_for_user(request.user)
    if saved is None:
        return None, None
    try:
        return saved, plan_build(saved.answers, today=_today(), ticked=plan_ticks(saved), saved=saved)
    except AnswersOutOfDate:
        return saved, None


@never_cache
@login_required
@require_http_methods(["GET"])
def my_plan(request):
    page = finder_page()
    saved, plan = _saved_plan_or_none(request)
    if saved is None or plan is None:
        return render(
            request,
            "pathways/my_plan_empty.html",
            {"finder": page, "out_of_date": saved is not None, "crumbs": []},
        )
    context = _plan_context(request, page, plan, saved=True)
    context["page"] = None
    context["crumbs"] = []
    return render(request, "pathways/plan.html", context)


@never_cache
@login_required
@require_POST
def my_plan_tick(request, step_id: int):
    saved, plan = _saved_plan_or_none(request)
    if plan is None or step_id not in plan.step_ids:
        raise Http404("That step is not in your plan")
    services.plan_tick(plan=saved, step=live_step_or_404(step_id), done=_tick_value(request))
    return HttpResponseRedirect(reverse("pathways:my_plan") + f"#step-{step_id}")


@never_cache
@login_required
@require_POST
def my_plan_change(request):
    saved = plan_for_user(request.user)
    page = finder_page()
    if saved is None or page is None:
        raise Http404("No saved plan")
    request.session[ANSWERS_KEY] = dict(saved.answers)
    request.session[TICKS_KEY] = []
    return redirect(_finder_url(page, "check-your-answers/"))


@never_cache
@login_required
@require_http_methods(["GET"])
def my_plan_print(request):
    saved, plan = _saved_plan_or_none(request)
    if plan is None:
        raise Http404("No saved plan")
    return render(
        request, "pathways/plan_print.html", _plan_context(request, finder_page(), plan, saved=True)
    )


@never_cache
@login_required
@require_POST
def my_plan_email(request):
    saved = plan_for_user(request.user)
    if saved is None:
        raise Http404("No saved plan")
    # Stored in the outbox now (sent after commit), so nobody is told an email is coming that was lost.
    if services.plan_email(plan=saved, base_url=request.build_absolute_uri("/")) is None:
        messages.error(request, "Your saved answers need checking before we can email your plan.")
    else:
        messages.success(
            request, f"We are emailing your plan to {request.user.email}. It should arrive in a few minutes."
        )
    return redirect("pathways:my_plan")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def my_plan_delete(request):
    saved = plan_for_user(request.user)
    if saved is None:
        raise Http404("No saved plan")
    if request.method == "POST":
        services.plan_delete(plan=saved)
        messages.success(request, "Your saved plan has been deleted.")
        return redirect("pathways:my_plan")
    return render(
        request,
        "pathways/plan_delete.html",
        {"crumbs": [{"title": "Your plan", "url": reverse("pathways:my_plan")}]},
    )


# --------------------------------------------------------------------------------------------------
# The updating log (signed in)
# --------------------------------------------------------------------------------------------------


def _log_crumbs():
    return [{"title": "Your updating log", "url": reverse("pathways:log")}]


@never_cache
@login_required
@require_http_methods(["GET"])
def log_view(request):
    log = log_for_user(request.user)
    if log is None:
        return redirect("pathways:log_settings")
    summary = log_summary(log, today=_today())
    return render(
        request,
        "pathways/log.html",
        {
            "summary": summary,
            "check": summary.check,
            "requirement": summary.requirement,
            "rules": rules,
            "crumbs": [],
        },
    )


def _initial_log_settings(user) -> dict:
    """Start the log from the saved plan's answers when there is one."""
    saved = plan_for_user(user)
    if saved is None:
        return {}
    answers = saved.answers
    if answers.get("ever_registered") and answers.get("last_practised"):
        return {"basis": UpdatingLog.LAST_PRACTISED, "basis_date": answers["last_practised"]}
    if (
        answers.get("ever_registered") is False
        and answers.get("uk_qualified")
        and answers.get("qualified_on")
    ):
        return {"basis": UpdatingLog.QUALIFIED, "basis_date": answers["qualified_on"]}
    return {}


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def log_settings(request):
    log = log_for_user(request.user)
    if request.method == "POST":
        form = LogSetupForm(request.POST, instance=log)
        if form.is_valid():
            services.log_setup(
                user=request.user,
                basis=form.cleaned_data["basis"],
                basis_date=form.cleaned_data["basis_date"],
                planned_application_date=form.cleaned_data["planned_application_date"],
            )
            messages.success(request, "Your updating log settings are saved.")
            return redirect("pathways:log")
    else:
        form = LogSetupForm(instance=log, initial=None if log else _initial_log_settings(request.user))
    return render(
        request,
        "pathways/log_settings.html",
        {"form": form, "log": log, "crumbs": _log_crumbs() if log else []},
    )


def _log_or_setup(request):
    log = log_for_user(request.user)
    if log is None:
        messages.info(request, "First tell us when you last practised, so we can work out your requirement.")
    return log


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def activity_add(request):
    log = _log_or_setup(request)
    if log is None:
        return redirect("pathways:log_settings")
    if request.method == "POST":
        form = ActivityForm(request.POST, log=log)
        if form.is_valid():
            services.activity_add(log=log, data=form.cleaned_data)
            messages.success(request, "Activity added to your log.")
            return redirect("pathways:log")
    else:
        form = ActivityForm(log=log)
    return render(
        request,
        "pathways/activity_form.html",
        {"form": form, "activity": None, "crumbs": _log_crumbs(), "rules": rules},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, activity_id: int):
    activity = activity_for_user(request.user, activity_id)
    if request.method == "POST":
        form = ActivityForm(request.POST, instance=activity, log=activity.log)
        if form.is_valid():
            services.activity_update(activity=activity, data=form.cleaned_data)
            messages.success(request, "Activity updated.")
            return redirect("pathways:log")
    else:
        form = ActivityForm(instance=activity, log=activity.log)
    return render(
        request,
        "pathways/activity_form.html",
        {"form": form, "activity": activity, "crumbs": _log_crumbs(), "rules": rules},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def activity_delete(request, activity_id: int):
    activity = activity_for_user(request.user, activity_id)
    if request.method == "POST":
        services.activity_delete(activity=activity)
        messages.success(request, "Activity deleted from your log.")
        return redirect("pathways:log")
    return render(request, "pathways/activity_delete.html", {"activity": activity, "crumbs": _log_crumbs()})


@never_cache
@login_required
@require_http_methods(["GET"])
def log_csv(request):
    log = log_for_user(request.user)
    if log is None:
        raise Http404("No updating log")
    summary = log_summary(log, today=_today())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="hcpc-updating-log.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [
            "Date",
            "Type",
            "Hours",
            "Days (7 hours a day)",
            "What you did",
            "Where, or who provided it",
            "Supervisor",
            "Supervisor's years on the HCPC Register",
            "Counted",
            "Why not counted",
        ]
    )
    for activity in summary.activities:
        writer.writerow(
            [
                activity.date.isoformat(),
                activity.get_kind_display(),
                f"{activity.hours:f}",
                f"{rules.hours_as_days(activity.hours):f}",
                csv_safe(activity.description),
                csv_safe(activity.organisation),
                csv_safe(activity.supervisor_name),
                "" if activity.supervisor_years_registered is None else activity.supervisor_years_registered,
                _counted_label(activity.flags),
                "; ".join(rules.FLAG_LABELS[code] for code in activity.flags),
            ]
        )
    return response


def _counted_label(flags) -> str:
    if not flags:
        return "Yes"
    return "Partly" if list(flags) == ["more_than_a_day"] else "No"


@never_cache
@login_required
@require_http_methods(["GET"])
def log_summary_view(request):
    log = log_for_user(request.user)
    if log is None:
        raise Http404("No updating log")
    summary = log_summary(log, today=_today())
    # The sections laid out like HCPC's form hold only what counts; the rest is listed apart, with why.
    counted = [a for a in summary.activities if not set(a.flags) - {"more_than_a_day"}]
    by_kind = {kind: [a for a in counted if a.kind == kind] for kind, _ in UpdatingActivity.KIND_CHOICES}
    return render(
        request,
        "pathways/log_summary.html",
        {
            "summary": summary,
            "check": summary.check,
            "requirement": summary.requirement,
            "supervised": by_kind[UpdatingActivity.SUPERVISED],
            "formal": by_kind[UpdatingActivity.FORMAL],
            "private": by_kind[UpdatingActivity.PRIVATE],
            "not_counted": [a for a in summary.activities if a not in counted],
            "rules": rules,
            "today": _today(),
        },
    )
