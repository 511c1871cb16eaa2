"""Write everything the portal holds about an email address to a ZIP (data.json plus files)."""

import os
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from portal.privacy import normalise_email, subject_export


class Command(BaseCommand):
    help = "Subject-access export: everything about an email address, as a ZIP of data.json and files."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The person's email address")
        parser.add_argument("--output", required=True, help="Where to write the ZIP (must not exist yet)")

    def handle(self, *args, email, output, **options):
        email = normalise_email(email)
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError("Give an email address, like name@example.com.") from error
        path = Path(output)
        if path.exists():
            raise CommandError(f"{path} already exists: choose a new file name.")
        # Readable by its owner only: it is a person's whole record.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as target:
                summary = subject_export(email, target)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        self.stdout.write(f"Wrote {summary['total']} records to {path}.")
        for label, count in summary["counts"].items():
            if count:
                self.stdout.write(f"  {label}: {count}")
