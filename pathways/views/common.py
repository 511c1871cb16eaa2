"""What the finder, plan and log views share: the session keys, today, and the finder's URLs."""

from __future__ import annotations

import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from pathways.models import PathwayFinderPage

ANSWERS_KEY = "pathways_answers"
TICKS_KEY = "pathways_ticks"
#: Set when someone not signed in asks to save their plan: the plan is saved as soon as they are back.
SAVE_AFTER_SIGN_IN_KEY = "pathways_save_after_sign_in"
#: Set by the sign-in that saved the plan (pathways.views.finder.save_plan_on_sign_in), read once by the
#: page the person lands on, which says so.
SAVED_ON_SIGN_IN_KEY = "pathways_saved_on_sign_in"


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
