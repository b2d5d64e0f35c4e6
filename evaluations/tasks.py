from celery import shared_task

from . import assessments, reminders


@shared_task(acks_late=True, time_limit=60, soft_time_limit=50)
def deliver_reminder(reminder_id: int) -> str:
    """At most once: the row is claimed ('sending', committed) before SMTP, so a retry, a twin worker
    or a redelivery after a crash sends nothing more; a crash mid-send leaves it for an admin."""
    return reminders.deliver(reminder_id)


@shared_task(time_limit=240, soft_time_limit=200)
def send_due_reminders() -> int:
    """The periodic scan: abandoned sends become uncertain, then record what is due and enqueue what is pending."""
    ids = reminders.queue_due_reminders()
    for reminder_id in ids:
        deliver_reminder.delay(reminder_id)
    return len(ids)


@shared_task(time_limit=240, soft_time_limit=200)
def close_expired_assessments() -> int:
    """Score every started assessment whose deadline has passed, though nobody opened it again (500 a run)."""
    return assessments.close_expired()
