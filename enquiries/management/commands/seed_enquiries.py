"""Load the enquiries demo data on its own (seed_demo loads it too). Refuses to run unless DEBUG is on."""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from enquiries.demo import seed_enquiries


class Command(BaseCommand):
    help = (
        "Demo teams, routing rules, advisers, canned responses and the enquiries of demo/casework/, in "
        "every state. Idempotent. Refuses to run unless DEBUG is on (it makes accounts with a published password)."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_enquiries refuses to run because DEBUG is off: it makes demo accounts.")
        # The tasks (email delivery, search indexing) run inline in development and log every run.
        task_logger = logging.getLogger("django_tasks")
        level = task_logger.level
        task_logger.setLevel(logging.WARNING)
        try:
            made = seed_enquiries()
        finally:
            task_logger.setLevel(level)
        self.stdout.write(
            "Enquiries demo: {enquiries} new enquiries; {teams} teams, {rules} routing rules, "
            "{canned_responses} canned responses, {advisers} advisers.".format(**made)
        )
