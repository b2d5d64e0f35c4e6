from django.core.management.base import BaseCommand

from evaluations import services
from recruiting import mail


class Command(BaseCommand):
    help = "Send interview and overdue-scorecard reminders that are due (for cron instead of Celery beat)."

    def handle(self, *args, **options):
        counts = {"sent": 0, "skipped": 0, "retry later": 0, "failed": 0, "uncertain": 0}
        for reminder_id in services.queue_due_reminders():
            outcome = services.deliver(reminder_id)
            key = {mail.RETRY_LATER: "retry later"}.get(outcome, outcome)
            counts[key if key in counts else "skipped"] += 1
        self.stdout.write(", ".join(f"{count} {name}" for name, count in counts.items()))
