"""`python manage.py seed_demo`: realistic demo content and one demo user per role.

Idempotent: everything is looked up by slug, title or email first, so running it again creates nothing
new and leaves what editors have changed alone. Refuses to run unless DEBUG is on, because it creates
accounts with a published password. Built from the same factories as the tests (cms/factories.py,
casestudies/factories.py, wagtail_factories), with the words read from the files in demo/ by
portal/demo_data.py, and the images and documents committed in demo/media/.
Then it asks the pathways and enquiries apps for their own demo data (pathways/demo.py,
enquiries/demo/, playing the files in demo/casework/), which build on these pages and users.
"""

from __future__ import annotations

import logging
import os
import time
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from casestudies.models import CaseStudyPage
from cms.models import (
    GuidancePage,
    HomePage,
    NewsPage,
    Resource,
    StandardPage,
)
from portal.demo_data import DEFAULT_PASSWORD
from portal.demo_seeder import DemoSeeder
from portal.demo_users import DEMO_DOMAIN, DEMO_USERS


class _Collect(logging.Handler):
    """Keeps the records it is given, for the summary, instead of printing them as they happen."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


@contextmanager
def quiet_task_logging():
    """Wagtail logs each edit and publish, and django-tasks each index task, at INFO: hush them while seeding.

    The enquiries demo plays a bounced email and a complaint on purpose, and the mail tracking code
    warns about each ("the address is suppressed"). Printed mid-run those read as failures, so they are
    collected (yielded to the caller) and reported afterwards as the demo cases they are."""
    loggers = [logging.getLogger(name) for name in ("django_tasks", "wagtail")]
    previous = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    tracking = logging.getLogger("enquiries.mail.tracking")
    collect = _Collect()
    was_propagating = tracking.propagate
    tracking.addHandler(collect)
    tracking.propagate = False
    try:
        yield collect.records
    finally:
        tracking.removeHandler(collect)
        tracking.propagate = was_propagating
        for logger, level in zip(loggers, previous, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    help = (
        "Load realistic demo content (hubs, guidance, case studies, news, managers' resources, standard pages) "
        "and one demo user per role. Idempotent. Refuses to run unless DEBUG is on. The demo password comes "
        f"from DEMO_PASSWORD, or is {DEFAULT_PASSWORD!r}."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo refuses to run because DEBUG is off. It creates accounts with a published password, "
                "so it must never run against a real site. Use development settings (DEBUG=true)."
            )
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError("DEMO_PASSWORD is too weak: " + " ".join(exc.messages)) from exc

        started = time.monotonic()
        seeder = DemoSeeder(password=password)
        with quiet_task_logging() as demo_cases:
            with transaction.atomic():
                seeder.run()
            seeder.seed_other_apps()
        elapsed = time.monotonic() - started

        if options["verbosity"] >= 1:
            self._report(seeder, elapsed, password_from_env=bool(os.environ.get("DEMO_PASSWORD")))
            self._report_demo_cases(demo_cases)

    def _report_demo_cases(self, records: list[logging.LogRecord]) -> None:
        """The warnings the casework demo causes on purpose, said to be demo cases, not failures."""
        if not records:
            return
        self.stdout.write("")
        self.stdout.write(
            "Demo cases played on purpose (not errors): the casework demo includes delivery problems so "
            "advisers can see how the portal handles them."
        )
        for record in records:
            self.stdout.write(f"  - {record.getMessage()} (as scripted in demo/casework/)")

    def _report(self, seeder: DemoSeeder, elapsed: float, *, password_from_env: bool) -> None:
        created = seeder.tally.created
        write = self.stdout.write
        if created:
            write(self.style.SUCCESS(f"Demo content loaded in {elapsed:.1f} s."))
            write(
                "Created this run: " + ", ".join(f"{n} {kind}" for kind, n in sorted(created.items())) + "."
            )
        else:
            write(
                self.style.SUCCESS(f"Demo content already present: nothing new to create ({elapsed:.1f} s).")
            )
        counts = demo_counts()
        write("On the site now: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()) + ".")
        for label, made in (("Pathway finder", seeder.pathway_finder), ("Enquiries", seeder.enquiries)):
            if made:
                write(
                    f"{label}: "
                    + ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in made.items())
                    + "."
                )
        write("")
        write("Demo logins (sign in at /accounts/login/; staff use /admin/ after signing in):")
        for user in DEMO_USERS:
            write(f"  {user.email:<32} {user.role}")
        ours = {user.email for user in DEMO_USERS}
        others = (
            get_user_model()
            .objects.filter(email__endswith=f"@{DEMO_DOMAIN}")
            .exclude(email__in=ours)
            .order_by("email")
            .values_list("email", flat=True)
        )
        for email in others:
            write(f"  {email:<32} Adviser in another team (made by the enquiries demo)")
        if password_from_env:
            write("Password for all of them: the value of DEMO_PASSWORD.")
        else:
            write(f"Password for all of them: {DEFAULT_PASSWORD}   (set DEMO_PASSWORD to choose another)")
        if not getattr(settings, "PORTAL_ALLOW_STAFF_WITHOUT_MFA", False):
            write(
                "Staff accounts set up an authenticator app the first time they open /admin/ "
                "(on your own machine, PORTAL_ALLOW_STAFF_WITHOUT_MFA=true skips this)."
            )


def demo_counts() -> dict[str, int]:
    """The numbers the summary and the tests look at."""
    return {
        "RtP guidance pages": _guidance_count("returning-to-practice"),
        "IR guidance pages": _guidance_count("international-recruitment"),
        "managers' guidance pages": _guidance_count("managers"),
        "case studies": CaseStudyPage.objects.count(),
        "news items": NewsPage.objects.count(),
        "resources": Resource.objects.count(),
        "members-only resources": Resource.objects.filter(members_only=True).count(),
        "standard pages": StandardPage.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "demo users": get_user_model().objects.filter(email__endswith=f"@{DEMO_DOMAIN}").count(),
    }


def _guidance_count(hub_slug: str) -> int:
    home = HomePage.objects.first()
    hub = Page.objects.child_of(home).filter(slug=hub_slug).first() if home else None
    return GuidancePage.objects.child_of(hub).count() if hub else 0
