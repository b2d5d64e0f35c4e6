from django.core.management.base import BaseCommand

from core import mail
from evaluations import reminders


class Command(BaseCommand):
    help = "Send interview and overdue-scorecard reminders that are due (for cron instead of Celery beat)."

    def handle(self, *args, **options):
        self.stdout.write(mail.summary(reminders.deliver(pk) for pk in reminders.queue_due_reminders()))
