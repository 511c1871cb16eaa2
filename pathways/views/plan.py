"""The saved plan (signed in)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from pathways import services
from pathways.selectors import AnswersOutOfDate, live_step_or_404, plan_build, plan_for_user, plan_ticks

from .common import ANSWERS_KEY, TICKS_KEY, _finder_url, _today, finder_page
from .finder import _plan_context, _tick_value


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
