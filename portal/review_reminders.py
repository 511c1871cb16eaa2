"""Review reminders: a page's owner is emailed a fortnight before its next review is due, and on the day.

Every page type with review dates (cms.models.ReviewMixin: guidance and standard pages) is covered. The
owner is the page's Wagtail owner (the account that created it, changeable under the page's settings);
a page with no owner, or an owner with no email address, gets no reminder (the review report still lists
it once overdue). Each reminder is remembered (cms.models.ReviewReminder) per page, due date and stage,
so running the job twice, or on a restarted clock, sends nothing more; moving the due date starts
afresh. A missed day is caught up: the fortnight reminder goes to any page due within the next 14 days
that has not had one, the due-day reminder to any page that fell due in the last week.

It lives in `portal`, not `cms`, because it sends through the enquiries outbox and `cms` imports no
other app. Enqueued daily by `manage.py run_scheduler`.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from wagtail.models import get_page_models

from django_tasks import task

from cms.models import ReviewMixin, ReviewReminder
from enquiries.mail.outbox import queue_review_reminder

logger = logging.getLogger(__name__)

FORTNIGHT = datetime.timedelta(days=14)
#: How far back a due-day reminder is still sent when the job missed the day itself.
CATCH_UP = datetime.timedelta(days=6)


def review_page_models():
    return [model for model in get_page_models() if issubclass(model, ReviewMixin)]


def _due_pages(today: datetime.date):
    """(page, stage) pairs whose reminder window is open today."""
    windows = [
        (
            ReviewReminder.Stage.FORTNIGHT,
            {"next_review_due__gt": today, "next_review_due__lte": today + FORTNIGHT},
        ),
        (ReviewReminder.Stage.DUE, {"next_review_due__gte": today - CATCH_UP, "next_review_due__lte": today}),
    ]
    for model in review_page_models():
        for stage, window in windows:
            pages = (
                model.objects.live()
                .exact_type(model)
                .filter(owner__isnull=False, **window)
                .exclude(owner__email="")
                .select_related("owner")
                .order_by("pk")
            )
            for page in pages:
                yield page, stage


def send_review_reminders(*, today: datetime.date | None = None) -> int:
    """Queue the review reminders due today that have not been sent; returns how many were queued."""
    today = today or timezone.localdate()
    sent = 0
    for page, stage in _due_pages(today):
        if ReviewReminder.objects.filter(page=page, due_date=page.next_review_due, stage=stage).exists():
            continue
        try:
            with transaction.atomic():
                ReviewReminder.objects.create(page=page, due_date=page.next_review_due, stage=stage)
                queue_review_reminder(
                    to=page.owner.email,
                    page_title=page.title,
                    due=page.next_review_due,
                    edit_url=settings.WAGTAILADMIN_BASE_URL
                    + reverse("wagtailadmin_pages:edit", args=[page.pk]),
                    today=today,
                )
        except IntegrityError:  # another run remembered it first
            continue
        sent += 1
    logger.info("Review reminders queued: %d", sent)
    return sent


@task()
def send_review_reminders_task() -> int:
    """The daily review reminders (enqueued by run_scheduler)."""
    return send_review_reminders()
