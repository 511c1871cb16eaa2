"""Review reminders: a page's owner is emailed a fortnight before its next review is due, and on the day.

Every page type with review dates (cms.models.ReviewMixin: guidance and standard pages) is covered. The
owner is the page's Wagtail owner (the account that created it, changeable under the page's settings).
When the owner cannot be reached (no owner, an owner without an email address, or an account switched
off) the moderators (Wagtail's Moderators group, active accounts with an address), who publish content,
are emailed instead, each told why. Each reminder is remembered (cms.models.ReviewReminder) per page, due date and stage,
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
from django.contrib.auth import get_user_model
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
#: Wagtail's group of those who review and publish content: told when a page's owner cannot be.
MODERATORS = "Moderators"


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
                model.objects.live().exact_type(model).filter(**window).select_related("owner").order_by("pk")
            )
            for page in pages:
                yield page, stage


def moderators_emails() -> list[str]:
    User = get_user_model()  # noqa: N806
    return list(
        User.objects.filter(groups__name=MODERATORS, is_active=True)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


def recipients(page, moderators: list[str]) -> tuple[list[str], str]:
    """Who is told about `page`, and why if it is not its owner."""
    owner = page.owner
    if owner is not None and owner.is_active and owner.email:
        return [owner.email], ""
    if owner is None:
        reason = "the page has no owner"
    elif not owner.is_active:
        reason = f"its owner, {owner}, no longer has an active account"
    else:
        reason = f"its owner, {owner}, has no email address"
    note = (
        f"You are receiving this as a moderator because {reason}. Please review it, or give it an "
        "owner under the page's Settings tab."
    )
    return moderators, note


def send_review_reminders(*, today: datetime.date | None = None) -> int:
    """Queue the review reminders due today that have not been sent; returns for how many pages."""
    today = today or timezone.localdate()
    sent = 0
    moderators = None
    for page, stage in _due_pages(today):
        if ReviewReminder.objects.filter(page=page, due_date=page.next_review_due, stage=stage).exists():
            continue
        if moderators is None and not (page.owner and page.owner.is_active and page.owner.email):
            moderators = moderators_emails()
        to, note = recipients(page, moderators or [])
        if not to:
            logger.warning("Review reminder for page %s: no owner or moderator to email", page.pk)
            continue
        try:
            with transaction.atomic():
                ReviewReminder.objects.create(page=page, due_date=page.next_review_due, stage=stage)
                for address in to:
                    queue_review_reminder(
                        to=address,
                        page_title=page.title,
                        due=page.next_review_due,
                        edit_url=settings.WAGTAILADMIN_BASE_URL
                        + reverse("wagtailadmin_pages:edit", args=[page.pk]),
                        today=today,
                        note=note,
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
