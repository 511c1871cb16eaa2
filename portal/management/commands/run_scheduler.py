"""A small clock process: enqueues the portal's periodic tasks for the task worker.

django-tasks has no periodic scheduler of its own, and the portal needs only a few regular jobs, so
this loop is kept deliberately small rather than adding a scheduling service. Run exactly one of it
(Procfile `clock`); the worker (`db_worker`) does the work.

- every minute: scheduled publishing (Wagtail's publish_scheduled) and email retries that are due,
  and one alert to the admins about new dead letters (batched: at most one per 15 minutes, see
  enquiries/mail/dead_letters.py);
- every day at 08:00 UK time: the overdue digest to team leads (the digest itself records what it has
  sent, so a restart of this process does not send it twice in a day), and the retention job that
  anonymises enquiries past ENQUIRY_RETENTION_MONTHS (running it twice changes nothing), and
  housekeeping (portal/tasks.py: expired sessions, finished task results after 14 days), the review
  reminders to page owners (portal/review_reminders.py: each remembered, so never sent twice) and the
  broken-link check of published content (cms/links.py; it rewrites the same results if run twice).
"""

import datetime
import signal
import time
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand

UK_TIME = ZoneInfo("Europe/London")
DIGEST_AT = datetime.time(8, 0)


def every_minute_tasks():
    from cms.tasks import publish_scheduled_pages
    from enquiries.mail.dead_letters import alert_dead_letters
    from enquiries.mail.inbound import process_pending_inbound
    from enquiries.mail.outbox import deliver_due_retries_task as deliver_due_retries

    return [publish_scheduled_pages, deliver_due_retries, process_pending_inbound, alert_dead_letters]


def daily_tasks():
    from cms.links import check_external_links
    from enquiries.retention import anonymise_expired_enquiries
    from enquiries.services import send_overdue_digest
    from portal.review_reminders import send_review_reminders_task
    from portal.tasks import housekeeping

    return [
        send_overdue_digest,
        anonymise_expired_enquiries,
        housekeeping,
        send_review_reminders_task,
        check_external_links,
    ]


class Command(BaseCommand):
    help = "Enqueue the periodic tasks until stopped (SIGTERM or Ctrl-C)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="Seconds between minute-jobs")
        parser.add_argument("--once", action="store_true", help="Enqueue the minute-jobs once and exit")

    def handle(self, *args, interval, once, **options):
        self._running = True

        def stop(signum, frame):
            self._running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        last_daily = None
        while self._running:
            for job in every_minute_tasks():
                result = job.enqueue()
                self.stdout.write(f"Enqueued {job.name} ({result.id})")
            now = datetime.datetime.now(UK_TIME)
            if now.time() >= DIGEST_AT and last_daily != now.date() and not once:
                for job in daily_tasks():
                    result = job.enqueue()
                    self.stdout.write(f"Enqueued {job.name} ({result.id})")
                last_daily = now.date()
            if once:
                break
            slept = 0
            while self._running and slept < interval:
                time.sleep(1)
                slept += 1
