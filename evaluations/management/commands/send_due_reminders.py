from django.core.management.base import BaseCommand

from evaluations import services


class Command(BaseCommand):
    help = "Send interview and overdue-scorecard reminders that are due (for cron instead of Celery beat)."

    def handle(self, *args, **options):
        sent = skipped = failed = 0
        for reminder_id in services.queue_due_reminders():
            try:
                outcome = services.deliver(reminder_id)
            except OSError as error:
                failed += 1
                self.stderr.write(f"reminder {reminder_id}: {error}")
                continue
            sent += outcome == "sent"
            skipped += outcome != "sent"
        self.stdout.write(f"{sent} sent, {skipped} skipped, {failed} failed")
