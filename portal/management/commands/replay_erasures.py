"""Apply every logged erasure again: run this after restoring a database backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.privacy import ErasureLogError, erasure_log_location, replay_erasures


class Command(BaseCommand):
    help = (
        "Re-apply the erasures in the erasure log (settings.PRIVACY_ERASURE_LOG in the private bucket or "
        "folder) to the database: run it after every restore from backup. Only data that existed when "
        "each erasure was made is erased again; what an erased person has given since is kept. Safe to "
        "run at any time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--log",
            help="Read this file instead, one JSON entry a line (a log written before the log moved to the "
            "private storage, or the objects joined with cat)",
        )

    def handle(self, *args, log=None, **options):
        path = Path(log) if log else None
        if path is not None and not path.exists():
            raise CommandError(f"No erasure log at {path}.")
        try:
            result = replay_erasures(path)
        except ErasureLogError as error:
            raise CommandError(str(error)) from error
        where = path or erasure_log_location()
        self.stdout.write(f"Erasure log: {where}.")
        self.stdout.write(
            f"Read {result.entries} logged erasures: {result.erased} addresses were found again and "
            f"erased ({result.rows_changed} records changed); {result.records_restored} erasure records "
            "put back."
        )
        kept = result.found - result.erased
        if kept:
            self.stdout.write(
                f"{kept} erased addresses are in use again, in data given since their erasure: left alone."
            )
