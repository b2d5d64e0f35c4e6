from django.core.management.base import BaseCommand

from candidates import emails
from core import mail


class Command(BaseCommand):
    help = (
        "Send e-mails to candidates that are still pending (recorded while the broker was down, or due for "
        "a retry); sends left unfinished by a stopped worker become uncertain. For cron instead of Celery beat."
    )

    def handle(self, *args, **options):
        self.stdout.write(mail.summary(emails.deliver(pk) for pk in emails.pending_emails()))
