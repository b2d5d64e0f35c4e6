from django.core.management.base import BaseCommand

from candidates import tasks
from recruiting import mail


class Command(BaseCommand):
    help = (
        "Send e-mails to candidates that are still pending (recorded while the broker was down, or due for "
        "a retry); sends left unfinished by a stopped worker become uncertain. For cron instead of Celery beat."
    )

    def handle(self, *args, **options):
        counts = {"sent": 0, "skipped": 0, "retry later": 0, "failed": 0, "uncertain": 0}
        for email_id in tasks.pending_emails():
            outcome = tasks.send_candidate_email(email_id)
            key = {mail.RETRY_LATER: "retry later"}.get(outcome, outcome)
            counts[key if key in counts else "skipped"] += 1
        self.stdout.write(", ".join(f"{count} {name}" for name, count in counts.items()))
