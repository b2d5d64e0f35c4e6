"""Celery tasks: thin wrappers that take ids, re-fetch, and do idempotent work."""

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import emails, files, notifications, services
from . import resume as resume_files
from .models import Application

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, time_limit=60, soft_time_limit=50)
def send_candidate_email(email_id: int) -> str:
    """Send one recorded e-mail at most once (candidates.emails): claimed and committed before SMTP."""
    return emails.deliver(email_id)


@shared_task(time_limit=60, soft_time_limit=50)
def send_fresh_links(email: str) -> str:
    """A visitor asked for fresh status links: if the address applied, record the e-mail (sent after commit).

    Looked up here, not in the request, so the request is the same whether the address applied or not.
    """
    from . import status

    return "recorded" if status.send_fresh_links(email=email) is not None else "no application"


@shared_task(time_limit=120, soft_time_limit=100)
def send_pending_emails() -> int:
    """Every minute (beat): abandoned sends become uncertain, then enqueue what is pending (candidates.emails)."""
    ids = emails.pending_emails()
    for pk in ids:
        send_candidate_email.delay(pk)
    return len(ids)


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100)
def extract_resume_text(application_id: int) -> str:
    """Extract the résumé's text for search and scoring; on failure the application stays, flagged.

    The text is read in a child process with a memory and a time limit (candidates.resume), so a
    hostile file costs that child, never this worker; a file past the limits is recorded as not
    extracted, like a damaged one, and is not tried again (the scan retries only pending ones).
    """
    application = Application.objects.filter(pk=application_id).first()
    if application is None or application.resume_text_status == Application.TextStatus.EXTRACTED:
        return "skipped"
    outcome = "failed"
    try:
        with application.resume.open("rb") as handle:
            data = handle.read()
        text = resume_files.extract_text_isolated(
            data, resume_files.kind_from_name(application.resume.name) or "",
            timeout=settings.RESUME_EXTRACTION_TIMEOUT, memory_bytes=settings.RESUME_EXTRACTION_MEMORY,
        )
        status = Application.TextStatus.EXTRACTED if text else Application.TextStatus.FAILED
    except resume_files.TooLarge as error:
        logger.warning("résumé text of application %s not extracted: too large (%s)", application_id, error)
        text, status, outcome = "", Application.TextStatus.FAILED, "too large"
    except Exception:  # a damaged file must not fail the application
        logger.warning("résumé text extraction failed for application %s", application_id, exc_info=True)
        text, status = "", Application.TextStatus.FAILED
    with transaction.atomic():
        Application.objects.filter(pk=application_id).update(resume_text=text, resume_text_status=status)
        services.request_rescore([application_id])  # résumé words count as evidence of skills
    return status if status == Application.TextStatus.EXTRACTED else outcome


@shared_task(time_limit=120, soft_time_limit=100)
def extract_pending_resumes() -> int:
    cutoff = timezone.now() - datetime.timedelta(minutes=10)
    ids = list(
        Application.objects.filter(resume_text_status=Application.TextStatus.PENDING, applied_at__lt=cutoff)
        .values_list("pk", flat=True)[:500]
    )
    for pk in ids:
        extract_resume_text.delay(pk)
    return len(ids)


@shared_task(time_limit=300, soft_time_limit=280)
def remove_abandoned_uploads() -> int:
    """Every 10 minutes (beat): delete résumés kept for a form that was never sent, once older than
    RESUME_STASH_MAX_AGE (an hour)."""
    return files.purge_stash()


@shared_task(time_limit=1800, soft_time_limit=1750)
def anonymise_expired() -> int:
    """Idempotent: an anonymised application is skipped the next time."""
    from . import privacy

    return privacy.anonymise_expired()


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100)
def notify_new_application(application_id: int) -> int:
    """After an application commits: record and send its instant notices; returns how many went out."""
    now = timezone.now()
    return sum(notifications.deliver(pk, now=now) == "sent" for pk in notifications.record_instant_notices(application_id))


@shared_task(acks_late=True, time_limit=60, soft_time_limit=50)
def send_staff_email(email_id: int) -> str:
    """Send one recorded e-mail to a staff member at most once (an admin's "Send again")."""
    return notifications.deliver(email_id)


@shared_task(time_limit=300, soft_time_limit=280)
def send_application_digests() -> int:
    """Beat: the day's digests, instant notices whose task was lost, and retries; returns how many went out."""
    now = timezone.now()
    notifications.catch_up_instant(now=now)
    notifications.record_digests(now=now)
    return sum(notifications.deliver(pk, now=now) == "sent" for pk in notifications.pending(now=now))


@shared_task(acks_late=True, time_limit=60, soft_time_limit=50)
def send_referee_email(email_id: int) -> str:
    """Send one recorded e-mail to a referee at most once (candidates.references): claimed and committed before SMTP."""
    from . import references

    return references.deliver(email_id)


@shared_task(time_limit=300, soft_time_limit=280)
def send_reference_emails() -> int:
    """Every minute (beat): record the referees' reminders now due (at most two each), then enqueue every referee
    e-mail still pending (those just recorded, and those recorded while the broker was down)."""
    from . import references

    references.queue_due_reminders()
    ids = references.pending_emails()
    for pk in ids:
        send_referee_email.delay(pk)
    return len(ids)
