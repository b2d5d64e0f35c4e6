"""Celery tasks: thin wrappers that take ids, re-fetch, and do idempotent work."""

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from recruiting import mail
from recruiting.tasking import enqueue

from . import files, services
from . import resume as resume_files
from .models import Application, CandidateEmail

logger = logging.getLogger(__name__)
PENDING_AFTER = datetime.timedelta(minutes=1)


@shared_task(acks_late=True, time_limit=60, soft_time_limit=50)
def send_candidate_email(email_id: int) -> str:
    """Send one recorded e-mail at most once (see recruiting.mail): claimed and committed before SMTP."""
    now = timezone.now()
    email, outcome = mail.claim(
        CandidateEmail.objects.select_related("application"), email_id, now=now, obsolete=_obsolete
    )
    if outcome:
        return outcome

    def build() -> EmailMessage:
        return EmailMessage(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to])

    return mail.send_claimed(email, build, now=now)


def _obsolete(email: CandidateEmail) -> str:
    # An erased person is never written to again, whoever asks (a retry, the scan, "Send again").
    return "application anonymised" if email.application.anonymised_at is not None else ""


def pending_emails(*, now: datetime.datetime | None = None) -> list[int]:
    """The periodic scan: e-mails left 'sending' by a dead worker become uncertain (never resent
    automatically); e-mails still pending after a minute (for example, recorded while Redis was
    down, or waiting for a retry) are returned to be sent."""
    now = now or timezone.now()
    mail.mark_stale_uncertain(CandidateEmail, now=now)
    cutoff = now - PENDING_AFTER
    return list(
        CandidateEmail.objects.filter(mail.retry_due(now), created_at__lt=cutoff).order_by("pk").values_list("pk", flat=True)[:500]
    )


@shared_task(time_limit=120, soft_time_limit=100)
def send_pending_emails() -> int:
    """Every minute (beat): the scan above, then enqueue what is pending."""
    ids = pending_emails()
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


def emails_send_again(*, emails, user) -> tuple[list[int], int]:
    """An admin's resend of uncertain, failed or stuck pending e-mails (same Message-ID as before).

    Returns (ids queued, how many were left alone: sent or being sent). Commits, then enqueues.
    """
    ids, left = mail.send_again(emails, user=user)
    for pk in ids:
        enqueue("candidates.tasks.send_candidate_email", pk)
    return ids, left
