"""A small clock process: enqueues periodic tasks for the worker.

django-tasks has no periodic scheduler of its own, and one clock process per deployment is all the
portal needs (scheduled publishing every minute), so this loop is kept deliberately small rather than
adding a scheduling service. Run exactly one of it (Procfile `clock`).
"""

import signal
import time

from django.core.management.base import BaseCommand

from cms.tasks import publish_scheduled_pages


class Command(BaseCommand):
    help = "Enqueue scheduled publishing every INTERVAL seconds until stopped (SIGTERM or Ctrl-C)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60)
        parser.add_argument("--once", action="store_true", help="Enqueue once and exit")

    def handle(self, *args, interval, once, **options):
        self._running = True

        def stop(signum, frame):
            self._running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while self._running:
            result = publish_scheduled_pages.enqueue()
            self.stdout.write(f"Enqueued scheduled publishing ({result.id})")
            if once:
                break
            slept = 0
            while self._running and slept < interval:
                time.sleep(1)
                slept += 1
