"""Stored scores: load the inputs of many applications in a few queries, score them, upsert the rows."""

from __future__ import annotations

import hashlib
import json
import logging
import queue
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import NamedTuple

from django.db import connection, connections, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone

from candidates import references as candidate_references
from candidates.models import Application
from core.queries import copy_csv, id_array
from positions.models import Position, PositionSkill

from . import assessments, score_history, scoring
from .models import ApplicationScore, Interview, Rating, Scorecard

logger = logging.getLogger(__name__)
BATCH = 5000  # applications per transaction: about 10 MB in memory; 9 % faster than 2,000
MEMO_MAX = 10000  # distinct shared inputs one rescore keeps (docs/deployment.md: the memory it costs, measured)
SCORE_FIELDS = [
    "position", "skills", "background", "interpersonal", "interpersonal_sort", "total", "partial", "scorecards",
    "digest", "evidence", "lines",
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
    """Recompute and store the scores of some applications, or of a whole position, in batches (each its own
    transaction: a failure stops the run, and the batches stored before it stay)."""
    applications = Application.objects.all()
    if position_id is not None:
        applications = applications.filter(position_id=position_id)
    if application_ids is not None:
        applications = applications.filter(pk__any_of=application_ids)
    ids = list(applications.order_by("pk").values_list("pk", flat=True))
    run = _Run(_calibration())
    chunks = [ids[start : start + BATCH] for start in range(0, len(ids), BATCH)]
    if len(chunks) > 1 and connection.vendor == "postgresql" and not connection.in_atomic_block:
        _store_alongside(chunks, run, progress, len(ids))
        return len(ids)
    done = 0
    for chunk in chunks:
        _store(_score_batch(chunk, run), run)
        done += len(chunk)
        if progress:
            progress(done, len(ids))
    return done


def _store(rows: list[Scored], run: _Run, changes: str | None = None) -> None:
    """One batch in one transaction: its score history (old → new with the causes, whichever path asked for the
    rescore; ``changes`` when already worked out by score_history.pending), then the scores."""
    with transaction.atomic():
        if changes is None:
            score_history.record(rows, run.history)
        else:
            score_history.write(changes)
        _upsert(rows)


def _store_alongside(chunks: list[list[int]], run: _Run, progress: Callable[[int, int], None] | None, total: int) -> None:
    """Each batch stored by a second thread, on its own database connection, while the next one is scored and its
    changes worked out: the database writes on one core while Python scores on the other. At most one scored batch
    waits. Only outside a transaction (a second connection would not see the caller's uncommitted rows) and on
    PostgreSQL."""
    scored: queue.Queue[tuple[list[Scored], str] | None] = queue.Queue(maxsize=1)
    failed: list[BaseException] = []

    def write() -> None:
        done = 0
        try:
            while (batch := scored.get()) is not None:
                if not failed:
                    rows, changes = batch
                    _store(rows, run, changes)
                    done += len(rows)
                    if progress:
                        progress(done, total)
        except BaseException as error:  # handed to the scoring thread, which raises it
            failed.append(error)
            while scored.get() is not None:  # let the scoring thread finish its put and stop
                pass
        finally:
            connections.close_all()  # this thread's own connection

    writer = threading.Thread(target=write, name="rescore-writer", daemon=True)
    writer.start()
    try:
        for chunk in chunks:
            if failed:
                break
            rows = _score_batch(chunk, run)
            # Read before this batch is written: the writer is busy with the one before, other applications.
            scored.put((rows, score_history.pending(rows, run.history)[1]))
    finally:
        scored.put(None)
        writer.join()
    if failed:
        raise failed[0]


class Scored(NamedTuple):
    """One application's score as stored; ``row`` is its figures and ``explained`` its explanation, as CSV for
    PostgreSQL's COPY (one string object between the applicants scored alike, so it is written once a batch)."""

    application_id: int
    position_id: int
    skills: float
    background: float
    interpersonal: float | None
    total: float
    partial: bool
    scorecards: int
    evidence: dict
    lines: list
    row: str
    explained: str
    shared: bool = False  # scored once for several applicants: ``lines`` is one object between them

    @property
    def digest(self) -> str:
        return self.row.rsplit(",", 1)[1]

    @property
    def interpersonal_sort(self) -> float:
        # The ranking's sort key: -1 when not yet assessed, so those come last.
        return -1.0 if self.interpersonal is None else self.interpersonal


class _Run:
    """What one rescore keeps between its batches: the calibration, the positions read, and each distinct
    input's score with its stored form (scoring is a pure function of its inputs, and many applicants share
    theirs: the same education, years and skills, no ratings yet), bounded to ``MEMO_MAX`` inputs."""

    def __init__(self, calibration: dict[int, tuple[float, int]]):
        self.calibration = calibration
        self.positions: dict[int, _PositionInfo] = {}
        self.memo: dict[tuple, tuple] = {}
        self.history = score_history.Memo()

    def position(self, position_ids: Iterable[int]) -> dict[int, _PositionInfo]:
        missing = set(position_ids) - self.positions.keys()
        if missing:
            self.positions.update(_positions(missing))
        return self.positions

    def keep(self, key: tuple, result: scoring.Result, scorecards: int) -> tuple[scoring.Result, str, str]:
        """Remember an input's result with its stored form; returns both."""
        if len(self.memo) >= MEMO_MAX:
            self.memo.clear()
        found = self.memo[key] = self.stored(result, scorecards)
        return found

    @staticmethod
    def stored(result: scoring.Result, scorecards: int) -> tuple[scoring.Result, str, str]:
        """A result with its CSV columns: the figures after the ids, and the explanation (evidence and lines)."""
        interpersonal = "" if result.interpersonal is None else repr(result.interpersonal)  # empty: NULL
        lines = json.dumps(result.lines)
        return result, (
            f"{result.skills!r},{result.background!r},{interpersonal},{interpersonal or '-1.0'},{result.total!r},"
            f"{'t' if result.partial else 'f'},{scorecards},{digest(lines)}"
        ), f"{_quoted(json.dumps(result.evidence))},{_quoted(lines)}\n"


def digest(lines: str) -> str:
    """An explanation's fingerprint, as ApplicationScore.digest keeps it."""
    return hashlib.md5(lines.encode(), usedforsecurity=False).hexdigest()


def _quoted(text: str) -> str:
    """A CSV field for COPY: quoted, its quotes doubled."""
    return '"' + text.replace('"', '""') + '"'


def _upsert(rows: list[Scored]) -> None:
    """Insert or update the rows (PostgreSQL: one COPY into a temporary table and one INSERT … ON CONFLICT)."""
    if connection.vendor != "postgresql":
        ApplicationScore.objects.bulk_create(
            [ApplicationScore(**{field: getattr(r, field) for field in ("application_id", "position_id", *SCORE_FIELDS[1:])})
             for r in rows],
            update_conflicts=True, unique_fields=["application"], update_fields=SCORE_FIELDS, batch_size=BATCH,
        )
        return
    table = ApplicationScore._meta.db_table
    figures = (
        "application_id", "position_id", "skills", "background", "interpersonal", "interpersonal_sort", "total",
        "partial", "scorecards", "digest",
    )
    columns = (*figures, "evidence", "lines")
    listed = ", ".join(columns)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in [*columns[1:], "computed_at"])
    # Each distinct explanation once (applicants scored alike share one), the rows with its number.
    numbers: dict[int, int] = {}
    explanations, lines = [], []
    for r in rows:
        number = numbers.get(id(r.explained))
        if number is None:
            number = numbers[id(r.explained)] = len(numbers)
            explanations.append(f"{number},{r.explained}")
        lines.append(f"{r.application_id},{r.position_id},{r.row},{number}\n")
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE score_upsert ON COMMIT DROP AS SELECT {', '.join(figures)}, 0 AS explained "
            f"FROM {table} WITH NO DATA"
        )
        cursor.execute(
            f"CREATE TEMPORARY TABLE score_explained ON COMMIT DROP AS SELECT 0 AS explained, evidence, lines "
            f"FROM {table} WITH NO DATA"
        )
        copy_csv("score_explained", ("explained", "evidence", "lines"), "".join(explanations))
        copy_csv("score_upsert", (*figures, "explained"), "".join(lines))
        cursor.execute(
            f"INSERT INTO {table} ({listed}, computed_at) SELECT {listed}, %s "
            f"FROM score_upsert JOIN score_explained USING (explained) "
            f"ON CONFLICT (application_id) DO UPDATE SET {updates}",
            [timezone.now()],
        )
        cursor.execute("DROP TABLE score_upsert, score_explained")


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


def _ratings(ids: Iterable[int], calibration: dict[int, tuple[float, int]]) -> tuple[dict, dict[int, int]]:
    """Per application: criterion → submitted ratings (raw, with the interviewer's offset); and scorecard counts."""
    ratings: dict[int, dict[str, list[scoring.Given]]] = defaultdict(lambda: defaultdict(list))
    scorecards: dict[int, set[int]] = defaultdict(set)
    for row in (
        Rating.objects.filter(
            scorecard__interview__application_id__any_of=ids,
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
        scorecards[application_id].add(scorecard_id)
    return ratings, {pk: len(cards) for pk, cards in scorecards.items()}


def _score_batch(ids: Iterable[int], run: _Run) -> list[Scored]:
    """Score some applications; ratings go to scoring raw, with their interviewer's offset, which it applies."""
    ids = id_array(ids)
    apps = list(
        Application.objects.filter(pk__any_of=ids).values_list(
            "pk", "position_id", "education_level", "years_experience", "resume_text"
        )
    )
    positions = run.position(position_id for _pk, position_id, *_rest in apps)
    declared = defaultdict(set)
    for application_id, skill_id in Application.declared_skills.through.objects.filter(
        application_id__any_of=ids
    ).values_list("application_id", "skill_id"):
        declared[application_id].add(skill_id)
    ratings, scorecard_counts = _ratings(ids, run.calibration)
    references = candidate_references.competency_ratings(ids)
    assessed = assessments.evidence_for(ids)
    rows = []
    for pk, position_id, education, years, resume_text in apps:
        info = positions[position_id]
        rated = ratings.get(pk, {})
        mentioned = scoring.text_mentions(resume_text, info.patterns) if info.patterns and resume_text else ()
        mine = declared.get(pk, ())
        scorecards = scorecard_counts.get(pk, 0)
        given = references.get(pk, {})
        attempt = assessed.get(pk)
        # Per skill: declared, mentioned, ratings. The text is read only where neither of the others speaks, so it
        # is left out of the key elsewhere (more applicants share one).
        if not (rated or given or attempt):
            # Most applicants: nothing rated, referenced or assessed yet. Their inputs are few and shared, so each
            # is scored once per run (the text is read only for a skill neither declared nor rated).
            skills = tuple([
                (True, False, ()) if skill_id in mine else (False, name in mentioned, ())
                for skill_id, name, _required, _weight in info.skills
            ])
            key = (position_id, education, years, skills)
            found = run.memo.get(key)
            if found is None:
                found = run.keep(key, _score_one(info, education, years, skills, rated, 0, given, attempt), 0)
            shared = True
        else:  # evidence of their own: scored as they are
            skills = tuple(
                (skill_id in mine, not ratings and skill_id not in mine and name in mentioned, ratings)
                for skill_id, name, _required, _weight in info.skills
                for ratings in (tuple(rated.get(f"skill:{skill_id}", ())),)
            )
            found = run.stored(_score_one(info, education, years, skills, rated, scorecards, given, attempt), scorecards)
            shared = False
        result, row, explained = found
        rows.append(Scored(pk, position_id, result.skills, result.background, result.interpersonal, result.total,
                           result.partial, scorecards, result.evidence, result.lines, row, explained, shared))
    return rows


def _score_one(info: _PositionInfo, education: int, years: int, skills: tuple, rated: dict, scorecards: int,
               given: dict, attempt: assessments.AssessmentEvidence | None) -> scoring.Result:
    return scoring.score(
        scoring.Inputs(
            requirement=info.requirement,
            education=education,
            years=years,
            skills=[
                scoring.SkillInput(name=name, required=required, weight=weight, declared=is_declared,
                                   text_match=is_mentioned, ratings=skill_ratings)
                for (_skill_id, name, required, weight), (is_declared, is_mentioned, skill_ratings)
                in zip(info.skills, skills, strict=True)
            ],
            education_ratings=tuple(rated.get("background:education", ())),
            experience_ratings=tuple(rated.get("background:experience", ())),
            competencies={f"competency:{pk}": tuple(rated.get(f"competency:{pk}", ())) for pk in info.competencies},
            scorecards=scorecards,
            weights=info.weights,
            **_evidence(given, attempt),
        )
    )
