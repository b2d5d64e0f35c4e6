"""Data protection for candidates: retention, anonymisation and erasure.

Anonymising keeps what the reports count (position, stage history, dates, source,
education level, years, scores) and removes what identifies or describes the person:
contact details, résumé file and text, cover letter, free-text answers, notes and the
e-mails' contents, and the referees' names, addresses and words (their scores stay). A person is anonymised once none of their applications is kept.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from positions.models import ScreeningQuestion

from . import files, references
from .models import Answer, Application, Candidate, CandidateEmail, ErasureRecord, Note, StageChange
from .signals import application_anonymised


def _months(months: int) -> datetime.timedelta:
    return datetime.timedelta(days=round(months * 365.25 / 12))


def expires_at(application: Application) -> datetime.datetime:
    months = settings.RETENTION_MONTHS_WITH_CONSENT if application.future_roles_consent else settings.RETENTION_MONTHS
    return application.last_activity_at + _months(months)


def expired(*, now: datetime.datetime) -> QuerySet:
    """Applications whose retention period is over and that still hold personal data."""
    short = now - _months(settings.RETENTION_MONTHS)
    long = now - _months(settings.RETENTION_MONTHS_WITH_CONSENT)
    return Application.objects.filter(anonymised_at__isnull=True).filter(
        Q(future_roles_consent=False, last_activity_at__lt=short) | Q(future_roles_consent=True, last_activity_at__lt=long)
    )


def expiring(*, now: datetime.datetime, days: int = 30) -> QuerySet:
    """What will be anonymised within `days`, for HR to see in advance."""
    return expired(now=now + datetime.timedelta(days=days)).exclude(pk__in=expired(now=now).values("pk"))


@transaction.atomic
def application_anonymise(application: Application, *, now: datetime.datetime | None = None) -> bool:
    """Scrub one application's personal data; returns False if it was already anonymous."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.anonymised_at is not None:
        return False
    if application.resume:
        # The file goes only once the row no longer points at it: a rollback keeps both.
        files.delete_after_commit(application.resume.name)
    application.resume = ""
    application.resume_name = ""
    application.resume_text = ""
    application.cover_letter = ""
    application.other_skills = ""
    application.field_of_study = ""
    application.anonymised_at = now or timezone.now()
    application.save()
    # Each answer by the kind it was given as: only yes/no and numbers carry nothing personal.
    Answer.objects.filter(application=application).exclude(
        question_kind__in=[ScreeningQuestion.Kind.YES_NO, ScreeningQuestion.Kind.NUMBER]
    ).update(value="")
    Note.objects.filter(application=application).delete()
    StageChange.objects.filter(application=application).update(note="")
    CandidateEmail.objects.filter(application=application).update(to="anonymised@invalid", subject="", body="")
    references.scrub(application.pk)  # referees' names, addresses and words; their scores stay
    application_anonymised.send(sender=Application, application_id=application.pk)
    _anonymise_candidate_if_done(application.candidate_id)
    return True


def _anonymise_candidate_if_done(candidate_id: int) -> None:
    if Application.objects.filter(candidate_id=candidate_id, anonymised_at__isnull=True).exists():
        return
    token = uuid.uuid4().hex
    Candidate.objects.filter(pk=candidate_id).update(
        first_name=Candidate.ANONYMOUS, last_name="", email=f"{token}@anonymised.invalid",
        email_normalized=f"{token}@anonymised.invalid", phone="", town="",
    )


@transaction.atomic
def candidate_erase(*, candidate: Candidate, user) -> ErasureRecord:
    """Erase a person on request: every application anonymised, a record kept that it happened."""
    count = sum(application_anonymise(a) for a in candidate.applications.all())
    _anonymise_candidate_if_done(candidate.pk)
    return ErasureRecord.objects.create(erased_by=user, reason=ErasureRecord.Reason.REQUEST, applications=count)


def anonymise_expired(*, now: datetime.datetime | None = None) -> int:
    """The periodic clean-up: anonymise every application past its retention period."""
    now = now or timezone.now()
    count = 0
    for application in expired(now=now).only("pk", "candidate_id").iterator(chunk_size=200):
        count += application_anonymise(application, now=now)
    if count:
        ErasureRecord.objects.create(reason=ErasureRecord.Reason.RETENTION, applications=count)
    return count
