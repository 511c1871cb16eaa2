"""The updating log (signed in): its settings and activities."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from pathways import rules, services
from pathways.forms import ActivityForm, LogSetupForm
from pathways.models import UpdatingLog
from pathways.selectors import activity_for_user, log_for_user, log_settings_from_plan, log_summary

from .common import _today


def _log_crumbs():
    return [{"title": "Your updating log", "url": reverse("pathways:log")}]


@never_cache
@login_required
@require_http_methods(["GET"])
def log_view(request):
    log = _log_or_start_from_plan(request)
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


def _log_or_start_from_plan(request) -> UpdatingLog | None:
    """The user's log; or, when they have none but their saved plan knows when they last practised (or
    qualified), a log started from that date without asking again (they can change it in the
    settings). That log is not saved here: reading a page changes nothing, and it is kept when they
    first add to it (activity_add's POST). None when there is neither: then the settings page asks."""
    log = log_for_user(request.user)
    if log is not None:
        return log
    initial = log_settings_from_plan(request.user, today=_today())
    if not initial:
        return None
    if request.method == "GET":  # said on the page they read, not after they have added to it
        messages.info(
            request,
            f"Your log starts from the date in your plan: "
            f"{'you last practised in the UK on' if initial['basis'] == UpdatingLog.LAST_PRACTISED else 'you qualified on'} "
            f"{initial['basis_date'].day} {initial['basis_date']:%B %Y}. "
            "If that is wrong, or you know when you will apply, change your dates.",
        )
    return UpdatingLog(user=request.user, planned_application_date=None, **initial)


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
        form = LogSetupForm(
            instance=log, initial=None if log else log_settings_from_plan(request.user, today=_today())
        )
    return render(
        request,
        "pathways/log_settings.html",
        {"form": form, "log": log, "crumbs": _log_crumbs() if log else []},
    )


def _log_or_setup(request):
    log = _log_or_start_from_plan(request)
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
            services.activity_add(log=log, data=form.cleaned_data)  # keeps a log started from the plan
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
