"""Celery tasks: thin wrappers that take ids, re-fetch, and do idempotent work."""

import datetime
import logging
import os
import time

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from . import resume as resume_files
from . import services
from .models import Application, CandidateEmail
from .signals import application_inputs_changed

logger = logging.getLogger(__name__)
MAX_EMAIL_ATTEMPTS = 5


@shared_task(
    bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=30, retry_jitter=True, max_retries=4,
    time_limit=60, soft_time_limit=50,
)
def send_candidate_email(self, email_id: int) -> str:
    """Send one recorded e-mail exactly once: the row lock and its status guard against retries and twins."""
    failure = None
    with transaction.atomic():
        email = CandidateEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status == CandidateEmail.Status.SENT:
            return "skipped"
        email.attempts += 1
        try:
            EmailMessage(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to]).send()
        except OSError as error:  # SMTP trouble: record the attempt, then let Celery retry
            failure = error
            email.status = (
                CandidateEmail.Status.FAILED if email.attempts >= MAX_EMAIL_ATTEMPTS else CandidateEmail.Status.PENDING
            )
        except Exception:  # for example a line break in a subject: retrying would not help
            logger.exception("candidate e-mail %s cannot be sent", email.pk)
            email.status = CandidateEmail.Status.FAILED
        else:
            email.status, email.sent_at = CandidateEmail.Status.SENT, timezone.now()
        email.save(update_fields=["attempts", "status", "sent_at"])
    if failure is not None:
        raise failure
    return "sent"


@shared_task(time_limit=120, soft_time_limit=100)
def send_pending_emails() -> int:
    """Re-enqueue e-mails still pending after two minutes (for example, recorded while Redis was down)."""
    cutoff = timezone.now() - datetime.timedelta(minutes=2)
    ids = list(
        CandidateEmail.objects.filter(
            status=CandidateEmail.Status.PENDING, created_at__lt=cutoff, attempts__lt=MAX_EMAIL_ATTEMPTS
        ).values_list("pk", flat=True)[:500]
    )
    for pk in ids:
        send_candidate_email.delay(pk)
    return len(ids)


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100)
def extract_resume_text(application_id: int) -> str:
    """Extract the résumé's text for search and scoring; on failure the application stays, flagged."""
    application = Application.objects.filter(pk=application_id).first()
    if application is None or application.resume_text_status == Application.TextStatus.EXTRACTED:
        return "skipped"
    try:
        with application.resume.open("rb") as handle:
            data = handle.read()
        text = resume_files.extract_text(data, resume_files.kind_from_name(application.resume.name))
        status = Application.TextStatus.EXTRACTED if text else Application.TextStatus.FAILED
    except Exception:  # a damaged file must not fail the application
        logger.warning("résumé text extraction failed for application %s", application_id, exc_info=True)
        text, status = "", Application.TextStatus.FAILED
    Application.objects.filter(pk=application_id).update(resume_text=text, resume_text_status=status)
    application_inputs_changed.send(sender=Application, application_id=application_id)
    return status


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
def rescreen_position(position_id: int) -> int:
    return services.position_rescreen(position_id=position_id)


@shared_task(time_limit=300, soft_time_limit=280)
def remove_abandoned_uploads(max_age_hours: int = 24) -> int:
    """Delete résumés kept for a form that was never completed."""
    folder = os.path.join(settings.PRIVATE_MEDIA_ROOT, "pending")
    if not os.path.isdir(folder):
        return 0
    cutoff = time.time() - max_age_hours * 3600
    removed = 0
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if os.path.isfile(path) and os.path.getmtime(path) < cutoff:
            os.remove(path)
            removed += 1
    return removed


@shared_task(time_limit=1800, soft_time_limit=1750)
def anonymise_expired() -> int:
    """Idempotent: an anonymised application is skipped the next time."""
    from . import privacy

    return privacy.anonymise_expired()
