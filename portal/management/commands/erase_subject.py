"""Erase everything the portal holds about an email address, on its owner's request."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from portal.privacy import erase_subject, normalise_email, subject_summary


class Command(BaseCommand):
    help = (
        "Erasure on request: anonymise the person's enquiries and account and delete their plans, logs "
        "and addresses. Logged (as a keyed hash) so that `replay_erasures` can repeat it after a restore."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The person's email address")
        parser.add_argument("--reason", required=True, help="Why, e.g. the request's ticket number")
        parser.add_argument(
            "--no-input", action="store_true", dest="no_input", help="Do not ask for confirmation"
        )

    def handle(self, *args, email, reason, no_input, **options):
        email = normalise_email(email)
        if not reason.strip():
            raise CommandError("Give a reason, e.g. the request's ticket number.")
        summary = subject_summary(email)
        if not summary:
            self.stdout.write("Nothing is held about that address.")
            return
        for label, count in summary.items():
            self.stdout.write(f"  {label}: {count}")
        if not no_input:
            answer = input("Erase all of this? It cannot be undone. Type 'erase' to go ahead: ")
            if answer.strip().lower() != "erase":
                raise CommandError("Nothing was erased.")
        try:
            record = erase_subject(email, actor=None, reason=reason)
        except ValidationError as error:
            raise CommandError("Give an email address, like name@example.com.") from error
        self.stdout.write(
            f"Erased: {sum(record.counts.values())} records changed (erasure {record.erasure_id})."
        )
