"""Stored scores: load the inputs of many applications in a few queries, score them, upsert the rows."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone

from candidates import references as candidate_references
from candidates.models import Application
from positions.models import Position, PositionSkill

from . import assessments, score_history, scoring
from .models import ApplicationScore, Interview, Rating, Scorecard

logger = logging.getLogger(__name__)
BATCH = 2000
SCORE_FIELDS = [
    "position", "skills", "background", "interpersonal", "interpersonal_sort", "total", "partial", "scorecards",
    "evidence", "lines",
]


def rating_history() -> dict[int, tuple[float, int]]:
    """Per interviewer: the sum and count of every rating they have submitted (one aggregate query)."""
    return {
        row["interviewer"]: (float(row["total"]), row["count"])
        for row in Rating.objects.filter(scorecard__status=Scorecard.Status.SUBMITTED, score__isnull=False)
        .values(interviewer=F("scorecard__interviewer_id"))
        .annotate(total=Sum("score"), count=Count("pk"))
        .order_by()
    }


def calibration_offsets() -> dict[int, float]:
    """Each interviewer's leniency, from every rating they have submitted (one aggregate query)."""
    return scoring.calibration_offsets(rating_history())


def _calibration() -> dict[int, tuple[float, int]]:
    """Per interviewer: their offset and the count of ratings it rests on, as the explanation states them."""
    history = rating_history()
    offsets = scoring.calibration_offsets(history)
    return {who: (offsets[who], count) for who, (_total, count) in history.items()}


def weights_of(position: Position) -> scoring.Weights:
    """The position's part weights and evidence weights, as scoring takes them."""
    return scoring.Weights(
        position.score_weight_skills, position.score_weight_background, position.score_weight_interpersonal,
        references=position.evidence_weight_references, judgement=position.evidence_weight_judgement,
        exercises=position.evidence_weight_exercises,
    )


class _PositionInfo:
    def __init__(self, position: Position):
        self.requirement = position.requirement
        self.weights = weights_of(position)
        self.skills = [
            (ps.skill_id, ps.skill.name, ps.importance == PositionSkill.Importance.REQUIRED, ps.weight)
            for ps in position.position_skills.all()
        ]
        self.competencies = {c.pk: c.name_en for c in position.competencies.all()}
        self.patterns = scoring.skill_patterns([name for _pk, name, _r, _w in self.skills])


def _positions(position_ids: Iterable[int]) -> dict[int, _PositionInfo]:
    positions = Position.objects.filter(pk__in=set(position_ids)).prefetch_related("position_skills__skill", "competencies")
    return {p.pk: _PositionInfo(p) for p in positions}


def rescore(
    *, application_ids: Iterable[int] | None = None, position_id: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Recompute and store the scores of some applications, or of a whole position, in batches."""
    applications = Application.objects.all()
    if position_id is not None:
        applications = applications.filter(position_id=position_id)
    if application_ids is not None:
        applications = applications.filter(pk__in=list(application_ids))
    ids = list(applications.order_by("pk").values_list("pk", flat=True))
    calibration = _calibration()
    done = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        rows = _score_batch(chunk, calibration)
        with transaction.atomic():
            score_history.record(rows)  # old → new with the causes, whichever path asked for the rescore
            _upsert(rows)
        done += len(chunk)
        if progress:
            progress(done, len(ids))
    return done


def _upsert(rows: list[ApplicationScore]) -> None:
    """Insert or update in one statement per batch (PostgreSQL: execute_values, the fastest path)."""
    if connection.vendor != "postgresql":
        ApplicationScore.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["application"], update_fields=SCORE_FIELDS, batch_size=BATCH
        )
        return
    from psycopg2.extras import Json, execute_values

    now = timezone.now()
    values = [
        (r.application_id, r.position_id, r.skills, r.background, r.interpersonal, r.interpersonal_sort, r.total,
         r.partial, r.scorecards, Json(r.evidence), Json(r.lines), now)
        for r in rows
    ]
    table = ApplicationScore._meta.db_table
    columns = (
        "application_id, position_id, skills, background, interpersonal, interpersonal_sort, total, partial, "
        "scorecards, evidence, lines, computed_at"
    )
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns.split(", ")[1:])
    with connection.cursor() as cursor:
        execute_values(
            cursor.cursor if hasattr(cursor, "cursor") else cursor,
            f"INSERT INTO {table} ({columns}) VALUES %s ON CONFLICT (application_id) DO UPDATE SET {updates}",
            values,
            page_size=BATCH,
        )


def _interviewer_name(first_name: str, last_name: str, username: str) -> str:
    return f"{first_name} {last_name}".strip() or username


def _evidence(references: dict[int, list[tuple[str, int]]], assessed: assessments.AssessmentEvidence | None) -> dict:
    """References and the assessment as scoring takes them, keyed like the interview criteria."""
    return {
        "references": {f"competency:{pk}": tuple(score for _relationship, score in given)
                       for pk, given in references.items()},
        # Referees who rated anything: the most ratings any one competency has.
        "referees": max((len(given) for given in references.values()), default=0),
        "judgement": {f"competency:{pk}": percent for pk, percent in assessed.judgement.items()} if assessed else {},
        "exercises": assessed.exercises if assessed else (),
    }


def _score_batch(ids: list[int], calibration: dict[int, tuple[float, int]]) -> list[ApplicationScore]:
    """Score some applications; ratings go to scoring raw, with their interviewer's offset, which it applies."""
    apps = list(
        Application.objects.filter(pk__in=ids).values("pk", "position_id", "education_level", "years_experience", "resume_text")
    )
    positions = _positions(a["position_id"] for a in apps)
    declared = defaultdict(set)
    for application_id, skill_id in Application.declared_skills.through.objects.filter(
        application_id__in=ids
    ).values_list("application_id", "skill_id"):
        declared[application_id].add(skill_id)
    ratings = defaultdict(lambda: defaultdict(list))
    scorecard_counts = defaultdict(set)
    for row in (
        Rating.objects.filter(
            scorecard__interview__application_id__in=ids,
            scorecard__status=Scorecard.Status.SUBMITTED,
            scorecard__interview__status=Interview.Status.SCHEDULED,
            score__isnull=False,
        )
        .values_list(
            "scorecard__interview__application_id", "scorecard_id", "scorecard__interviewer_id", "criterion", "score",
            "scorecard__interviewer__first_name", "scorecard__interviewer__last_name", "scorecard__interviewer__username",
        )
        .order_by()
    ):
        application_id, scorecard_id, interviewer_id, criterion, value, *name = row
        offset, history = calibration.get(interviewer_id, (0.0, 0))
        ratings[application_id][criterion].append(
            scoring.Given(float(value), offset, interviewer=_interviewer_name(*name), history=history)
        )
        scorecard_counts[application_id].add(scorecard_id)

    references = candidate_references.competency_ratings(ids)
    assessed = assessments.evidence_for(ids)
    rows = []
    for app in apps:
        info = positions[app["position_id"]]
        rated = ratings.get(app["pk"], {})
        mentioned = scoring.text_mentions(app["resume_text"] or "", info.patterns) if info.patterns else set()
        skills = [
            scoring.SkillInput(
                name=name, required=required, weight=weight, declared=skill_id in declared.get(app["pk"], ()),
                text_match=name in mentioned, ratings=tuple(rated.get(f"skill:{skill_id}", ())),
            )
            for skill_id, name, required, weight in info.skills
        ]
        result = scoring.score(
            scoring.Inputs(
                requirement=info.requirement,
                education=app["education_level"],
                years=app["years_experience"],
                skills=skills,
                education_ratings=tuple(rated.get("background:education", ())),
                experience_ratings=tuple(rated.get("background:experience", ())),
                competencies={
                    f"competency:{pk}": tuple(rated.get(f"competency:{pk}", ())) for pk in info.competencies
                },
                scorecards=len(scorecard_counts.get(app["pk"], ())),
                weights=info.weights,
                **_evidence(references.get(app["pk"], {}), assessed.get(app["pk"])),
            )
        )
        rows.append(
            ApplicationScore(
                application_id=app["pk"], position_id=app["position_id"], skills=result.skills,
                background=result.background, interpersonal=result.interpersonal,
                interpersonal_sort=-1.0 if result.interpersonal is None else result.interpersonal, total=result.total,
                partial=result.partial, scorecards=len(scorecard_counts.get(app["pk"], ())),
                evidence=result.evidence, lines=result.lines,
            )
        )
    return rows
