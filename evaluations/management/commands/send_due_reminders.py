from django.core.management.base import BaseCommand

from evaluations import services
from recruiting import mail


class Command(BaseCommand):
    help = "Send interview and overdue-scorecard reminders that are due (for cron instead of Celery beat)."

    def handle(self, *args, **options):
        self.stdout.write(mail.summary(services.deliver(pk) for pk in services.queue_due_reminders()))
