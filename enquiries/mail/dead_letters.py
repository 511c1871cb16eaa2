"""Dead letters: emails that the provider refused or failed for 24 hours (OutboundEmail.Status.FAILED).

- `dead_letters_for(user)` is the one rule for who sees them and may send them again: superusers see
  every dead letter; a team lead sees those of the enquiries of the teams they lead. Anyone else sees
  none (the pages answer 404).
- `dead_letter_retry` puts one back in the queue ("Try again" in the admin list).
- `dead_letters_alert` (the `alert_dead_letters` task, run every minute by run_scheduler) tells the
  administrators, in one email, about the dead letters they have not been told about yet, and stamps
  them; at most one alert per ALERT_INTERVAL. If the alert cannot be sent (the provider is down), it
  logs an error and leaves them unstamped, so the next run tries again.
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone

from django_tasks import task

from enquiries.models import OutboundEmail, TeamMembership

logger = logging.getLogger(__name__)

FAILED = OutboundEmail.Status.FAILED
#: Dead letters are batched: after an alert, the next waits at least this long.
ALERT_INTERVAL = datetime.timedelta(minutes=15)
#: At most this many are listed in one alert (all of them are counted and stamped).
ALERT_LIST_LIMIT = 50
#: The admin list (a page of the enquiries viewset: /admin/enquiries/dead-letters/).
LIST_URL_NAME = "enquiry_workspace:dead_letters"
RETRY_URL_NAME = "enquiry_workspace:dead_letter_retry"


def _leads_teams(user):
    return TeamMembership.objects.filter(user=user, is_lead=True).values("team_id")


def can_see_dead_letters(user) -> bool:
    """Superusers, and active staff who lead at least one team."""
    if not (getattr(user, "is_authenticated", False) and user.is_active and user.is_staff):
        return False
    return user.is_superuser or TeamMembership.objects.filter(user=user, is_lead=True).exists()


def dead_letters_for(user) -> QuerySet[OutboundEmail]:
    """The dead letters a user may see and send again (see the module docstring)."""
    if not can_see_dead_letters(user):
        return OutboundEmail.objects.none()
    dead = OutboundEmail.objects.filter(status=FAILED)
    if user.is_superuser:
        return dead
    return dead.filter(enquiry__team_id__in=_leads_teams(user))


def dead_letter_retry(*, user, email_id: int) -> bool:
    """Queue a dead letter to be sent again, once, now. False if the user may not, or it is no longer a
    dead letter (sent again already, or never one).

    The email keeps its first queued time, so one more failure returns it to the list at once (its 24
    hours of retries are spent) instead of starting another day of silent retries: whoever pressed
    "Try again" sees the outcome straight away. It is not alerted about again."""
    from enquiries.mail.outbox import deliver_email

    with transaction.atomic():
        updated = (
            OutboundEmail.objects.filter(pk__in=dead_letters_for(user).filter(pk=email_id).values("pk"))
            .filter(status=FAILED)
            .update(status=OutboundEmail.Status.QUEUED, next_attempt_at=None)
        )
        if updated:
            transaction.on_commit(lambda: deliver_email.enqueue(email_id))
    if updated:
        logger.info("Dead letter %s queued again by user %s", email_id, user.pk)
    return bool(updated)


def dead_letters_list_url() -> str:
    from django.conf import settings

    return settings.WAGTAILADMIN_BASE_URL + reverse(LIST_URL_NAME)


def dead_letters_alert(*, now=None) -> int:
    """Alert the administrators about dead letters not yet alerted. Returns how many were reported."""
    from django.conf import settings

    from enquiries.mail.outbox import send_dead_letter_alert

    now = now or timezone.now()
    if not settings.ADMINS:
        if OutboundEmail.objects.filter(status=FAILED, dead_letter_alerted_at__isnull=True).exists():
            logger.warning("There are dead letters, but no ADMINS are set to alert")
        return 0
    with transaction.atomic():
        pending = OutboundEmail.objects.filter(status=FAILED, dead_letter_alerted_at__isnull=True)
        # Locked while the alert goes, so two workers never both send it.
        ids = list(
            pending.select_for_update(skip_locked=True)
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)
        )
        if not ids:
            return 0
        last = OutboundEmail.objects.filter(status=FAILED).aggregate(last=Max("dead_letter_alerted_at"))[
            "last"
        ]
        if last is not None and now - last < ALERT_INTERVAL:
            return 0
        shown = list(
            OutboundEmail.objects.filter(pk__in=ids[:ALERT_LIST_LIMIT])
            .select_related("enquiry")
            .only("pk", "kind", "attempts", "created_at", "enquiry_id", "enquiry__reference")
            .order_by("created_at", "pk")
        )
        try:
            send_dead_letter_alert(emails=shown, total=len(ids), list_url=dead_letters_list_url())
        except Exception as exc:  # noqa: BLE001 - whatever the provider raises, try again next run
            logger.error(
                "Could not alert the administrators about %s dead letter(s) (%s); will try again",
                len(ids),
                type(exc).__name__,
            )
            return 0
        OutboundEmail.objects.filter(pk__in=ids).update(dead_letter_alerted_at=now)
    logger.warning("Alerted the administrators about %s dead letter(s)", len(ids))
    return len(ids)


@task()
def alert_dead_letters() -> int:
    """Every minute (run_scheduler): see dead_letters_alert."""
    return dead_letters_alert()
