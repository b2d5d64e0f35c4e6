"""Writes on positions: saving with duties and skills, publishing, status changes, duplicating."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Lower, Now
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.tasking import enqueue_on_commit

from . import hooks, public_cache
from .models import Competency, Duty, Position, PositionSkill, ScreeningQuestion, Skill

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DutyData:
    description: str
    time_share: int | None = None
    essential: bool = True


@dataclass(frozen=True)
class QuestionData:
    text: str
    id: int | None = None  # an existing question of this position; None (or a foreign id) adds one
    kind: str = ScreeningQuestion.Kind.YES_NO
    required: bool = True
    knockout: str = ""


@dataclass(frozen=True)
class SkillData:
    name: str
    importance: str = PositionSkill.Importance.REQUIRED
    weight: int = 3


# Which status each status may move to. Opening always goes through the publish rule.
TRANSITIONS = {
    Position.Status.DRAFT: (Position.Status.OPEN,),
    Position.Status.OPEN: (Position.Status.ON_HOLD, Position.Status.CLOSED),
    Position.Status.ON_HOLD: (Position.Status.OPEN, Position.Status.CLOSED),
    Position.Status.CLOSED: (Position.Status.OPEN,),
}


def publish_problems(
    position: Position, *, today: datetime.date | None = None, check_closing_date: bool = True
) -> list[str]:
    """Everything that stops a position from being published, in words HR can act on."""
    problems = []
    if not position.duties.exists():
        problems.append(str(NO_DUTIES))
    if not position.position_skills.exists():
        problems.append(str(NO_SKILLS))
    if not position.competencies.exists():
        problems.append(str(NO_COMPETENCIES))
    return problems + field_problems(position, today=today, check_closing_date=check_closing_date)


NO_DUTIES = gettext_lazy("Add at least one duty: candidates need to know what the job involves.")
NO_SKILLS = gettext_lazy("Add at least one skill.")
NO_COMPETENCIES = gettext_lazy("Choose at least one interpersonal competency to assess.")


def field_problems(position: Position, *, today=None, check_closing_date: bool = True) -> list[str]:
    """The publish rule's checks on the position's own fields (the admin checks them before saving)."""
    today = today or timezone.localdate()
    problems = []
    if position.education_min is None:
        problems.append(_("Set the minimum education level."))
    if position.experience_min_years is None:
        problems.append(_("Set the minimum years of experience in a similar role (0 is allowed)."))
    if not position.has_pay_range:
        problems.append(_("Give the pay range (minimum and maximum): the law requires it to be shown to applicants."))
    if check_closing_date and position.closing_date and position.closing_date < today:
        problems.append(_("The closing date is in the past: move it forward or clear it."))
    return problems


def blind_screening_problem(position: Position, *, blind_screening: bool) -> str | None:
    """Why blind screening cannot be switched to `blind_screening` on this position now, in words; None if it can.

    Who is masked is the candidates app's rule, so the answer comes through positions.hooks
    (candidates/blind.py: switch_problem). Both the HR form and the admin ask here.
    """
    if position.pk is None:
        return None  # a new position has no applications yet
    stored = Position.objects.filter(pk=position.pk).values_list("blind_screening", flat=True).first()
    if stored is None or stored == blind_screening:
        return None
    problems = [p for p in hooks.blind_screening_switch(position, blind_screening=blind_screening) if p]
    return problems[0] if problems else None


def unique_slug(text: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(text.replace("/", " "))[:150] or "position"
    slug, n = base, 2
    taken = Position.objects.exclude(pk=exclude_pk) if exclude_pk else Position.objects.all()
    while taken.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


@transaction.atomic
def position_save(
    *,
    position: Position,
    duties: Sequence[DutyData],
    skills: Sequence[SkillData],
    competencies: Iterable[Competency],
    panel: Iterable,
    user,
    questions: Sequence[QuestionData] = (),
) -> Position:
    """Create or update a position with its duties, skills, competencies and panel.

    A position that is already published must still satisfy the publish rule after the edit.
    """
    if not position.slug:
        position.slug = unique_slug(position.title, exclude_pk=position.pk)
    if position.pk is None:
        position.created_by = user
    if position.substitution == "none":
        position.years_per_level = None
    problem = blind_screening_problem(position, blind_screening=position.blind_screening)
    if problem:
        raise ValidationError(problem, code="blind_screening")
    position.full_clean()
    position.save()
    _replace_questions(position, questions)

    position.duties.all().delete()
    Duty.objects.bulk_create(
        Duty(position=position, order=i, description=d.description, time_share=d.time_share, essential=d.essential)
        for i, d in enumerate(duties)
    )
    _replace_skills(position, skills)
    position.competencies.set(competencies)
    position.panel.set(panel)

    if position.status != Position.Status.DRAFT:
        # A closed position may keep a closing date in the past.
        problems = publish_problems(position, check_closing_date=position.status != Position.Status.CLOSED)
        if problems:
            raise ValidationError(problems, code="unpublishable")
    # Screening and ranking of existing applications depend on what was just saved.
    request_recompute(position)
    return position


def request_recompute(position: Position) -> None:
    """Record, in the caller's transaction, that the position's applications need re-screening and re-scoring.

    The mark is durable: the recompute task clears it when done, and beat drains what a lost
    task left behind, so a broker outage delays the work but never loses it.
    """
    Position.objects.filter(pk=position.pk).update(recompute_requested_at=Now())  # the database's clock
    enqueue_on_commit("recruiting.tasks.recompute_pending")


def _replace_questions(position: Position, questions: Sequence[QuestionData]) -> None:
    """Update questions by identity, so answers already given stay with the question they answered.

    A question whose answer type changes becomes a new question: answers given to the old one
    keep their own text and kind, and are no longer judged against the new knockout.
    """
    existing = {q.pk: q for q in position.screening_questions.all()}
    answered = set(
        ScreeningQuestion.objects.filter(pk__in=existing, answers__isnull=False).values_list("pk", flat=True).distinct()
    )
    keep = set()
    for order, data in enumerate(questions):
        question = existing.get(data.id) if data.id not in keep else None
        if question is not None and question.kind != data.kind and question.pk in answered:
            question = None
        question = question or ScreeningQuestion(position=position)
        question.order, question.text, question.kind = order, data.text, data.kind
        question.required, question.knockout = data.required, data.knockout
        question.full_clean(exclude=["position"])
        question.save()
        keep.add(question.pk)
    # Answers to removed questions keep what was asked (Answer.question is set to null).
    position.screening_questions.exclude(pk__in=keep).delete()


def _skill_named(name: str) -> Skill:
    """The existing skill with this name in any letter case, or a new one."""
    skill = Skill.objects.annotate(lname=Lower("name")).filter(lname=Lower(Value(name))).first()
    if skill is not None:
        return skill
    try:
        with transaction.atomic():
            return Skill.objects.create(name=name)
    except IntegrityError:  # created meanwhile, or case folding differs between Python and the database
        return Skill.objects.annotate(lname=Lower("name")).get(lname=Lower(Value(name)))


def _replace_skills(position: Position, skills: Sequence[SkillData]) -> None:
    """Update the position's skills in place, so rows others refer to keep their identity."""
    existing = {ps.skill_id: ps for ps in position.position_skills.all()}
    keep = set()
    for order, data in enumerate(skills):
        skill = _skill_named(data.name.strip())
        row = existing.get(skill.pk) or PositionSkill(position=position, skill=skill)
        row.importance, row.weight, row.order = data.importance, data.weight, order
        row.save()
        keep.add(skill.pk)
    position.position_skills.exclude(skill_id__in=keep).delete()


@transaction.atomic
def position_set_status(*, position: Position, status: str, user) -> Position:
    """Move a position to another status; opening it applies the publish rule."""
    position = Position.objects.select_for_update().get(pk=position.pk)
    if status == position.status:
        return position  # a double submit is harmless
    if status not in TRANSITIONS.get(position.status, ()):
        raise ValidationError(
            _("A position that is %(current)s cannot be set to %(new)s.")
            % {"current": position.get_status_display().lower(), "new": Position.Status(status).label.lower()},
            code="bad_transition",
        )
    if status == Position.Status.OPEN:
        problems = publish_problems(position)
        if problems:
            raise ValidationError(problems, code="unpublishable")
        if position.published_at is None:
            position.published_at = timezone.now()
    position.status = status
    position.save(update_fields=["status", "published_at", "updated_at"])
    logger.info("position %s set to %s by %s", position.pk, status, getattr(user, "pk", None))
    return position


def position_publish(*, position: Position, user) -> Position:
    return position_set_status(position=position, status=Position.Status.OPEN, user=user)


@transaction.atomic
def position_duplicate(*, position: Position, user) -> Position:
    """A draft copy with the same duties, requirements, skills, competencies and panel."""
    copy = Position.objects.get(pk=position.pk)
    copy.pk = None
    copy.id = None
    copy.title = _("Copy of %(title)s") % {"title": position.title}
    copy.title = copy.title[: Position._meta.get_field("title").max_length]
    copy.slug = unique_slug(position.title)
    copy.status = Position.Status.DRAFT
    copy.published_at = None
    copy.created_by = user
    copy.save()
    Duty.objects.bulk_create(
        Duty(position=copy, order=d.order, description=d.description, time_share=d.time_share, essential=d.essential)
        for d in position.duties.all()
    )
    PositionSkill.objects.bulk_create(
        PositionSkill(position=copy, skill_id=s.skill_id, importance=s.importance, weight=s.weight, order=s.order)
        for s in position.position_skills.all()
    )
    ScreeningQuestion.objects.bulk_create(
        ScreeningQuestion(
            position=copy, order=q.order, text=q.text, kind=q.kind, required=q.required, knockout=q.knockout
        )
        for q in position.screening_questions.all()
    )
    copy.competencies.set(position.competencies.all())
    copy.panel.set(position.panel.all())
    return copy


def positions_close_expired(*, today: datetime.date | None = None) -> int:
    """Close open or on-hold positions whose closing date has passed. Returns how many."""
    today = today or timezone.localdate()
    closed = Position.objects.filter(
        status__in=[Position.Status.OPEN, Position.Status.ON_HOLD], closing_date__lt=today
    ).update(status=Position.Status.CLOSED, updated_at=timezone.now())
    if closed:
        public_cache.bump()  # an update() sends no signal
    return closed
