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

Two or more clocks may run (one per machine, for failover): only the one holding the lease in
portal/scheduler.py enqueues; the others wait as standbys and take over within `--lease` seconds of
the holder stopping. Each round records the heartbeat that /health/ checks (the clock's last tick).
"""

import datetime
import signal
import time
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand

from portal import scheduler

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
    help = "Enqueue the periodic tasks until stopped (SIGTERM or Ctrl-C), while holding the clock's lease."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60, help="Seconds between minute-jobs")
        parser.add_argument("--once", action="store_true", help="Enqueue the minute-jobs once and exit")
        parser.add_argument(
            "--lease",
            type=int,
            default=0,
            help="Seconds a holder keeps the clock without renewing (default: 2.5 intervals, at least 30)",
        )

    def handle(self, *args, interval, once, lease, **options):
        self._running = True

        def stop(signum, frame):
            self._running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        holder = scheduler.holder_name()
        lease_for = datetime.timedelta(seconds=lease or max(30, int(interval * 2.5)))
        holding = None  # not yet known
        try:
            while self._running:
                if scheduler.lease_acquire(holder=holder, lease=lease_for):
                    if not holding:
                        self.stdout.write(f"Holding the clock as {holder}", ending="\n")
                        holding = True
                    self.run_round(holder, once)
                else:
                    if holding is not False:
                        self.stdout.write("Another clock holds the lease: standing by")
                    holding = False
                if once:
                    break
                slept = 0
                while self._running and slept < interval:
                    time.sleep(1)
                    slept += 1
        finally:
            if holding:
                scheduler.lease_release(holder=holder)
                self.stdout.write("Released the clock")

    def run_round(self, holder: str, once: bool) -> None:
        for job in every_minute_tasks():
            result = job.enqueue()
            self.stdout.write(f"Enqueued {job.name} ({result.id})")
        now = datetime.datetime.now(UK_TIME)
        state = scheduler.lease_state()
        daily_due = (
            not once and now.time() >= DIGEST_AT and (state is None or state.daily_done_on != now.date())
        )
        if daily_due:
            for job in daily_tasks():
                result = job.enqueue()
                self.stdout.write(f"Enqueued {job.name} ({result.id})")
        scheduler.lease_record_tick(holder=holder, daily_done_on=now.date() if daily_due else None)
