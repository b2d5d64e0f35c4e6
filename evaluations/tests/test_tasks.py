"""A reminder delivered by a real Celery worker on the real Redis broker."""

import datetime

import pytest
from django.core import mail

from conftest import wait_for
from evaluations import tasks
from evaluations.models import Reminder
from evaluations.tests.factories import schedule

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_periodic_scan_delivers_an_overdue_reminder_through_the_worker(celery_worker, reference_data, hr, interviewer):
    schedule(interviewers=[interviewer], hr=hr, starts_in=-datetime.timedelta(hours=3))
    tasks.send_due_reminders.delay()
    assert wait_for(lambda: Reminder.objects.filter(kind="overdue", status="sent").exists())
    assert wait_for(lambda: not Reminder.objects.filter(status="pending").exists())
    overdue = [m for m in mail.outbox if m.to == [interviewer.email] and m.subject.startswith("Scheda di valutazione da compilare")]
    assert len(overdue) == 1
    # A second scan (here run in-process, as cron would) sends nothing new.
    sent_before = len(mail.outbox)
    tasks.send_due_reminders.apply()
    assert len(mail.outbox) == sent_before
    assert Reminder.objects.filter(kind="overdue").count() == 1
