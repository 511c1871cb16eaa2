"""Email each team lead the overdue enquiries of the teams they lead. Run once each morning (the
scheduler enqueues the `send_overdue_digest` task daily; this command runs the same work directly)."""

from django.core.management.base import BaseCommand

from enquiries.digest import overdue_digest_send


class Command(BaseCommand):
    help = (
        "Email each team lead a list of their teams' overdue enquiries. Skips weekends, English bank "
        "holidays and leads who have already had today's digest, unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Send even on a non-working day or if sent already today"
        )

    def handle(self, *args, force, **options):
        queued = overdue_digest_send(force=force)
        self.stdout.write(f"Overdue digests queued: {queued}")
