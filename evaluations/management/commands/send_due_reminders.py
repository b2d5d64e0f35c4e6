from django.core.management.base import BaseCommand

from evaluations import services


class Command(BaseCommand):
    help = "Send interview and overdue-scorecard reminders that are due (for cron instead of Celery beat)."

    def handle(self, *args, **options):
        counts = {"sent": 0, "skipped": 0, "uncertain": 0, "failed": 0}
        for reminder_id in services.queue_due_reminders():
            try:
                outcome = services.deliver(reminder_id)
            except OSError as error:  # not taken by the mail server: still pending, the next run retries
                counts["failed"] += 1
                self.stderr.write(f"reminder {reminder_id}: {error}")
                continue
            key = outcome if outcome in counts else "skipped"
            counts[key] += 1
        self.stdout.write(
            f"{counts['sent']} sent, {counts['skipped']} skipped, {counts['failed']} failed, "
            f"{counts['uncertain']} uncertain"
        )
