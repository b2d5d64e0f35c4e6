from celery import shared_task

from . import ranking, services
from .models import Scorecard


@shared_task(
    acks_late=True, autoretry_for=(OSError,), retry_backoff=30, retry_jitter=True, max_retries=4,
    time_limit=60, soft_time_limit=50,
)
def deliver_reminder(reminder_id: int) -> str:
    """Idempotent: the row lock and its status make a retry or a twin worker send nothing more."""
    return services.deliver(reminder_id)


@shared_task(time_limit=240, soft_time_limit=200)
def send_due_reminders() -> int:
    """The periodic scan: record what is due and enqueue everything still pending."""
    ids = services.queue_due_reminders()
    for reminder_id in ids:
        deliver_reminder.delay(reminder_id)
    return len(ids)


@shared_task(acks_late=True, time_limit=600, soft_time_limit=550)
def rescore_applications(application_ids: list[int]) -> int:
    """Idempotent: recomputing a score from the same inputs writes the same row."""
    return ranking.rescore(application_ids=application_ids)


@shared_task(acks_late=True, time_limit=1800, soft_time_limit=1750)
def rescore_position(position_id: int) -> int:
    return ranking.rescore(position_id=position_id)


@shared_task(acks_late=True, time_limit=1800, soft_time_limit=1750)
def rescore_interviewer(interviewer_id: int) -> int:
    """A new scorecard shifts the interviewer's calibration: rescore, in bulk, everything they rated."""
    ids = list(
        Scorecard.objects.filter(interviewer_id=interviewer_id, status=Scorecard.Status.SUBMITTED)
        .values_list("interview__application_id", flat=True)
        .distinct()
    )
    return ranking.rescore(application_ids=ids)
