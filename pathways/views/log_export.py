"""The updating log as a CSV file and as the printable summary laid out like HCPC's form."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from pathways import rules
from pathways.models import UpdatingActivity
from pathways.selectors import log_for_user, log_summary
from portal.exports import csv_safe

from .common import _today


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
            "First day",
            "Last day",
            "Days",
            "Type",
            "Hours each day",
            "Total hours",
            "Days (7 hours a day)",
            "What you did",
            "Where, or who provided it",
            "Supervisor",
            "Supervisor's years on the HCPC Register",
            "Counted",
            "Hours counted",
            "Why not counted",
        ]
    )
    for activity in summary.activities:
        writer.writerow(
            [
                activity.date.isoformat(),
                activity.end_date.isoformat(),
                activity.day_count,
                activity.get_kind_display(),
                f"{activity.hours:f}",
                f"{activity.total_hours:f}",
                f"{rules.hours_as_days(activity.total_hours):f}",
                csv_safe(activity.description),
                csv_safe(activity.organisation),
                csv_safe(activity.supervisor_name),
                "" if activity.supervisor_years_registered is None else activity.supervisor_years_registered,
                _counted_label(activity),
                rules._fmt(activity.counted_hours),
                "; ".join(activity.flag_labels),
            ]
        )
    return response


def _counted_label(activity) -> str:
    if activity.counted_hours >= activity.total_hours:
        return "Yes"
    return "Partly" if activity.counted_hours else "No"


@never_cache
@login_required
@require_http_methods(["GET"])
def log_summary_view(request):
    log = log_for_user(request.user)
    if log is None:
        raise Http404("No updating log")
    summary = log_summary(log, today=_today())
    # The sections laid out like HCPC's form hold only what counts (an entry over several days with its
    # counted hours); whatever is not counted is listed apart, with why.
    counted = [a for a in summary.activities if a.counted_hours > 0]
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
            "not_counted": [a for a in summary.activities if a.counted_hours < a.total_hours],
            "rules": rules,
            "today": _today(),
        },
    )
