"""Writes on candidates and applications: applying, screening, moving through the pipeline, e-mails."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.db.models.functions import Now
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import mail
from core.tasking import enqueue_on_commit
from positions.models import Position, PositionSkill, ScreeningQuestion

from . import files, stages
from . import resume as resume_files
from .models import (
    Answer,
    Application,
    Candidate,
    CandidateEmail,
    EmailTemplate,
    Note,
    RejectionReason,
    Stage,
    StageChange,
)
from .screening import Screening, assess

logger = logging.getLogger(__name__)


class AlreadyApplied(Exception):
    def __init__(self, application: Application):
        super().__init__("already applied")
        self.application = application


@dataclass(frozen=True)
class ResumeUpload:
    name: str
    data: bytes
    kind: str  # one of resume.PDF / DOCX / ODT, already checked


@dataclass
class ApplicationData:
    first_name: str
    last_name: str
    email: str
    education_level: int
    years_experience: int
    phone: str = ""
    town: str = ""
    field_of_study: str = ""
    skill_ids: list[int] = field(default_factory=list)
    other_skills: str = ""
    cover_letter: str = ""
    answers: dict[int, str] = field(default_factory=dict)  # question id -> answer
    future_roles_consent: bool = False
    source: str = "job_board"


# ---------------------------------------------------------------------------
# Applying
# ---------------------------------------------------------------------------
def application_submit(
    *, position: Position, data: ApplicationData, resume: ResumeUpload, language: str, token: uuid.UUID
) -> tuple[Application, bool]:
    """Record an application; returns (application, created).

    The submission token makes a double click or a resent form return the first
    application instead of creating a second; applying again to the same position
    with a new token raises AlreadyApplied.
    """
    existing = Application.objects.filter(submission_token=token).first()
    if existing is not None:
        return existing, False
    try:
        application = _create_in_transaction(position=position, data=data, resume=resume, language=language, token=token)
    except AlreadyApplied as error:
        if error.application.submission_token == token:  # the other click of a double click won the race
            return error.application, False
        raise
    except IntegrityError:
        # Two requests raced: one of them created the application first.
        existing = Application.objects.filter(submission_token=token).first()
        if existing is not None:
            return existing, False
        candidate = Candidate.objects.filter(email_normalized=Candidate.normalize_email(data.email)).first()
        duplicate = Application.objects.filter(candidate=candidate, position=position).first()
        if duplicate is not None:
            raise AlreadyApplied(duplicate) from None
        raise
    return application, True


def _create_in_transaction(**kwargs) -> Application:
    written: list[str] = []
    committed: list[bool] = []
    try:
        with transaction.atomic():
            transaction.on_commit(lambda: committed.append(True))  # runs first of this block's callbacks
            return _create_application(written=written, **kwargs)
    except BaseException:
        # Nothing was saved, so the résumé file written for it goes too; once committed, the row keeps it.
        if not committed:
            for name in written:
                files.delete_quietly(name)
        raise


def _create_application(*, position, data, resume, language, token, written: list[str]) -> Application:
    if not position.accepts_applications:
        raise ValidationError(_("This position no longer takes applications."), code="closed")
    details = {"first_name": data.first_name, "last_name": data.last_name, "email": data.email.strip(),
               "phone": data.phone, "town": data.town, "language": language}
    # The form has checked each field; the database keeps e-mails unique (a race ends in IntegrityError, above).
    Candidate(email_normalized=Candidate.normalize_email(data.email), **details).full_clean(validate_unique=False)
    candidate, created = Candidate.objects.select_for_update().get_or_create(
        email_normalized=Candidate.normalize_email(data.email), defaults=details,
    )
    if not created:
        duplicate = Application.objects.filter(candidate=candidate, position=position).first()
        if duplicate is not None:
            raise AlreadyApplied(duplicate)
        # The latest contact details win: people move and change numbers.
        for field, value in details.items():
            setattr(candidate, field, value)
        candidate.save()

    now = timezone.now()
    application = Application(
        candidate=candidate,
        position=position,
        education_level=data.education_level,
        field_of_study=data.field_of_study,
        years_experience=data.years_experience,
        other_skills=data.other_skills,
        cover_letter=data.cover_letter,
        resume_name=resume.name[:200],
        source=data.source,
        privacy_acknowledged_at=now,
        privacy_notice_version=settings.PRIVACY_NOTICE_VERSION,
        future_roles_consent=data.future_roles_consent,
        submission_token=token,
    )
    application.resume.save(f"resume.{resume_files.EXTENSIONS[resume.kind]}", ContentFile(resume.data), save=False)
    written.append(application.resume.name)
    # Each field is checked; uniqueness (token; person and position) and the constraints are the database's,
    # and the candidate and position were just read, so no query re-reads them.
    application.full_clean(exclude=["declared_skills", "candidate", "position"], validate_unique=False,
                           validate_constraints=False)
    application.save()
    allowed_skills = {ps.skill_id for ps in position.position_skills.all()}
    application.declared_skills.set([pk for pk in data.skill_ids if pk in allowed_skills])

    questions = {q.pk: q for q in position.screening_questions.all()}
    Answer.objects.bulk_create(
        Answer(
            application=application,
            question=question,
            question_text=question.text,
            question_kind=question.kind,
            value=str(data.answers.get(pk, ""))[:500],
            is_knockout=question.is_knockout(str(data.answers.get(pk, ""))),
        )
        for pk, question in questions.items()
    )
    StageChange.objects.create(application=application, from_stage="", to_stage=Stage.APPLIED)
    _store_screening(application)

    email = _record_email(application, EmailTemplate.Kind.CONFIRMATION, key=f"confirmation:{application.pk}")
    enqueue_on_commit("candidates.tasks.send_candidate_email", email.pk)
    enqueue_on_commit("candidates.tasks.extract_resume_text", application.pk)
    enqueue_on_commit("candidates.tasks.notify_new_application", application.pk)  # HR and the hiring manager
    # Marked stale now; scored once the extraction (enqueued above) has read the résumé, which asks for it
    # whether it reads the text or not; beat drains the mark if that task is lost.
    request_rescore([application.pk], enqueue=False)
    return application


# ---------------------------------------------------------------------------
# Screening
# ---------------------------------------------------------------------------
def application_screening(application: Application) -> Screening:
    """The screening result in the active language; expects skills and answers to be cheap to read."""
    position = application.position
    required = [
        ps.skill.name for ps in position.position_skills.all() if ps.importance == PositionSkill.Importance.REQUIRED
    ]
    return assess(
        position.requirement,
        education=application.education_level,
        years=application.years_experience,
        declared_skills=[skill.name for skill in application.declared_skills.all()],
        required_skills=required,
        knockouts=[(a.question_text, display_answer(a.value)) for a in application.answers.all() if a.is_knockout],
    )


def display_answer(value: str) -> str:
    return {"yes": _("yes"), "no": _("no")}.get(value, value)


def application_rescreen(application: Application) -> None:
    """Re-judge one application after its own data changed (an admin edit)."""
    _store_screening(Application.objects.select_related("position").get(pk=application.pk))


def _store_screening(application: Application) -> None:
    application.meets_requirements = application_screening(application).meets
    Application.objects.filter(pk=application.pk).update(meets_requirements=application.meets_requirements)


def position_rescreen(*, position_id: int) -> int:
    """Recompute 'meets requirements' for every application to a position; returns how many changed."""
    position = Position.objects.get(pk=position_id)
    questions = {q.pk: q for q in ScreeningQuestion.objects.filter(position=position)}
    changed = 0
    applications = (
        Application.objects.filter(position=position)
        .select_related("position")
        .prefetch_related("declared_skills", "answers", "position__position_skills__skill")
    )
    for application in applications.iterator(chunk_size=500):
        for answer in application.answers.all():
            question = questions.get(answer.question_id)
            # An answer is judged only against the question it answered, asked the same way; a
            # question HR removed no longer knocks anyone out.
            asked = question is not None and question.kind == answer.question_kind
            knockout = question.is_knockout(answer.value) if asked else False
            if knockout != answer.is_knockout:
                Answer.objects.filter(pk=answer.pk).update(is_knockout=knockout)
                answer.is_knockout = knockout
        meets = application_screening(application).meets
        if meets != application.meets_requirements:
            Application.objects.filter(pk=application.pk).update(meets_requirements=meets)
            changed += 1
    return changed


def request_rescore(application_ids, *, enqueue: bool = True) -> None:
    """Record, in the caller's transaction, that these applications' ranking scores are stale, and (unless the
    caller knows another task will ask) enqueue the recompute after the commit.

    The mark is durable: the recompute task clears it once the score is written, and beat
    drains whatever a lost task left behind (see recruiting.recompute).
    """
    if not isinstance(application_ids, QuerySet):
        application_ids = list(application_ids)
    # The database's clock, the one the drain compares with (web and worker hosts may disagree).
    Application.objects.filter(pk__in=application_ids).update(rescore_requested_at=Now())
    if enqueue:
        enqueue_on_commit("recruiting.tasks.recompute_pending")


# ---------------------------------------------------------------------------
# Pipeline
# ---------------------------------------------------------------------------
_REASON_KINDS = {Stage.REJECTED: RejectionReason.Kind.WE_REJECTED, Stage.WITHDRAWN: RejectionReason.Kind.THEY_WITHDREW}


@transaction.atomic
def application_move(
    *,
    application: Application,
    to_stage: str,
    user,
    note: str = "",
    reason: RejectionReason | None = None,
    confirm_hire: bool = False,
) -> StageChange | None:
    """Move an application to a stage and record who, when, from, to and why.

    Which moves the pipeline allows, and which need a confirmation or a note, is the rule of
    candidates/stages.py. Rejected needs an active "we rejected" reason and withdrawn an active
    "they withdrew" one. An anonymised application no longer moves. Returns None when the
    application is already there (a double submit).
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    if to_stage not in stages.ALL:
        raise ValidationError(_("Unknown stage."), code="unknown_stage")
    if application.anonymised_at is not None:
        raise ValidationError(_("This application has been anonymised: it can no longer change."), code="anonymised")
    if to_stage == application.stage:
        return None
    if stages.is_closed(to_stage):
        _check_reason(reason, to_stage)
    _check_move(application.stage, to_stage, confirmed=confirm_hire, noted=bool(note.strip()))
    change = StageChange.objects.create(
        application=application,
        from_stage=application.stage,
        to_stage=to_stage,
        changed_by=user,
        note=note.strip(),
        rejection_reason=reason,
    )
    application.stage = to_stage
    application.rejection_reason = reason if stages.is_closed(to_stage) else None
    application.last_activity_at = timezone.now()
    application.save(update_fields=["stage", "rejection_reason", "last_activity_at", "updated_at"])
    return change


def _check_reason(reason: RejectionReason | None, to_stage: str) -> None:
    """Closing needs an active reason of the stage's kind (ours for rejected, theirs for withdrawn)."""
    if reason is None:
        raise ValidationError(_("Choose a reason."), code="reason_required")
    if reason.kind != _REASON_KINDS[to_stage]:
        raise ValidationError(
            _("“%(reason)s” is not a reason for this kind of decision.") % {"reason": reason.name}, code="reason_kind"
        )
    if not RejectionReason.objects.filter(pk=reason.pk, active=True).exists():
        raise ValidationError(
            _("“%(reason)s” is no longer in use: choose another reason.") % {"reason": reason.name},
            code="reason_inactive",
        )


def _check_move(current: str, to_stage: str, *, confirmed: bool, noted: bool) -> None:
    """The pipeline's rule (candidates/stages.py), refused with the message HR reads."""
    code = stages.refusal(current, to_stage, confirmed=confirmed, noted=noted)
    if code == "hired_final":
        raise ValidationError(_("A hired candidate cannot be rejected: undo the hire first, saying why."), code=code)
    if code == "bad_move":
        raise ValidationError(
            _("An application in %(current)s cannot move to %(new)s.")
            % {"current": stages.LABELS[current], "new": stages.LABELS[to_stage]},
            code=code,
        )
    if code == "confirm_hire":
        raise ValidationError(_("Confirm the hire before it is recorded."), code=code)
    if code == "undo_hire_note":
        raise ValidationError(_("Say why the hire is being undone."), code=code)


@transaction.atomic
def application_reject(
    *,
    application: Application,
    reason: RejectionReason,
    user,
    note: str = "",
    send_email: bool = False,
    email_subject: str = "",
    email_body: str = "",
) -> StageChange | None:
    """Reject (or record a withdrawal) and, only if HR asked, e-mail the text HR has read."""
    to_stage = Stage.REJECTED if reason.kind == RejectionReason.Kind.WE_REJECTED else Stage.WITHDRAWN
    change = application_move(application=application, to_stage=to_stage, user=user, note=note, reason=reason)
    if change is not None and send_email and to_stage == Stage.REJECTED:
        email = CandidateEmail.objects.create(
            application=application,
            kind=EmailTemplate.Kind.REJECTION,
            key=f"rejection:{application.pk}:{change.pk}",
            to=application.candidate.email,
            language=application.candidate.language,
            subject=mail.subject_line(email_subject)[:200],
            body=email_body.strip(),
            created_by=user,
        )
        enqueue_on_commit("candidates.tasks.send_candidate_email", email.pk)
    return change


def note_add(*, application: Application, author, body: str) -> Note:
    if Application.objects.filter(pk=application.pk, anonymised_at__isnull=False).exists():
        raise ValidationError(_("This application has been anonymised: it can no longer change."), code="anonymised")
    note = Note(application=application, author=author, body=body.strip())
    note.full_clean()
    note.save()
    Application.objects.filter(pk=application.pk).update(last_activity_at=timezone.now())
    return note


# ---------------------------------------------------------------------------
# E-mails
# ---------------------------------------------------------------------------
class _Blank(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def render_email(kind: str, application: Application, language: str | None = None) -> tuple[str, str]:
    """Subject and body from the editable template, in the candidate's language."""
    language = language or application.candidate.language
    template = EmailTemplate.objects.filter(kind=kind, language=language).first() or EmailTemplate.objects.filter(
        kind=kind
    ).first()
    values = _Blank(
        candidate_name=application.candidate.first_name,
        position_title=application.position.title,
        organization=settings.ORGANIZATION_NAME,
    )
    # Plain text: names and titles go in as typed (never HTML-escaped); the subject stays on one line.
    if template is None:
        with translation.override(language):
            subject = _("Your application for %(title)s") % {"title": application.position.title}
            body = _("Dear %(name)s,\n\nthank you for your application.\n\n%(organization)s") % {
                "name": values["candidate_name"], "organization": values["organization"],
            }
        return mail.subject_line(subject), body
    try:
        return mail.subject_line(template.subject.format_map(values)), template.body.format_map(values)
    except (ValueError, IndexError, KeyError, AttributeError):
        # A stray brace in an edited template must not stop applications: fall back to the plain text.
        logger.warning("e-mail template %s/%s cannot be filled in", kind, language)
        return mail.subject_line(template.subject), template.body


def _record_email(application: Application, kind: str, *, key: str, user=None) -> CandidateEmail:
    subject, body = render_email(kind, application)
    return CandidateEmail.objects.create(
        application=application,
        kind=kind,
        key=key,
        to=application.candidate.email,
        language=application.candidate.language,
        subject=subject[:200],
        body=body,
        created_by=user,
    )

