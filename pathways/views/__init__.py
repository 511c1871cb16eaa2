"""Views of the pathway finder (served through PathwayFinderPage's routes), the saved plan and the
updating log. Thin: reads come from selectors, writes go through services.

The finder keeps answers in the session, so it works for anyone without an account or JavaScript.
Every page that shows a person's answers, plan or log is marked never-cache.
The views live in modules (common, finder, plan, log, log_export); the names that URLconfs, the
finder page's routes and tests use are re-exported here.
"""

from .common import ANSWERS_KEY, TICKS_KEY, finder_page
from .finder import (
    finder_check_answers,
    finder_plan,
    finder_plan_print,
    finder_plan_save,
    finder_plan_tick,
    finder_question,
    finder_start,
    finder_start_again,
)
from .log import activity_add, activity_delete, activity_edit, log_settings, log_view
from .log_export import log_csv, log_summary_view
from .plan import my_plan, my_plan_change, my_plan_delete, my_plan_email, my_plan_print, my_plan_tick

__all__ = [
    "ANSWERS_KEY",
    "TICKS_KEY",
    "activity_add",
    "activity_delete",
    "activity_edit",
    "finder_check_answers",
    "finder_page",
    "finder_plan",
    "finder_plan_print",
    "finder_plan_save",
    "finder_plan_tick",
    "finder_question",
    "finder_start",
    "finder_start_again",
    "log_csv",
    "log_settings",
    "log_summary_view",
    "log_view",
    "my_plan",
    "my_plan_change",
    "my_plan_delete",
    "my_plan_email",
    "my_plan_print",
    "my_plan_tick",
]
