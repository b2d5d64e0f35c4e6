"""Hiring reports across the apps: funnel, speed, sources, scorecard completion, calibration.

Each report reads a fixed number of aggregate queries, whatever the number of rows, and
anonymised applications still count: the figures stay true after the retention clean-up.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from candidates.models import ACTIVE_STAGES, Application, Offer, Referee, Source, Stage, StageChange
from evaluations.models import AssessmentAttempt, Interview, Rating, Scorecard

ON_TIME = datetime.timedelta(hours=24)
FUNNEL = [s.value for s in ACTIVE_STAGES]


@dataclass(frozen=True)
class Filters:
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    function: str = ""
    position_id: int | None = None


def applications(filters: Filters) -> QuerySet:
    qs = Application.objects.all()
    if filters.date_from:
        qs = qs.filter(applied_at__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(applied_at__date__lte=filters.date_to)
    if filters.function:
        qs = qs.filter(position__function=filters.function)
    if filters.position_id:
        qs = qs.filter(position_id=filters.position_id)
    return qs


def _reached(filters: Filters):
    """The stage changes that count as reaching a stage: a hire counts only while the person is still hired
    (an undone hire was not one), like the hires of the sources table and of the speed figures."""
    return StageChange.objects.filter(application__in=applications(filters)).exclude(
        Q(to_stage=Stage.HIRED) & ~Q(application__stage=Stage.HIRED)
    )


def funnel(filters: Filters) -> list[dict]:
    """How many applications reached each stage, and the conversion from the stage before."""
    reached = {
        row["to_stage"]: row["n"]
        for row in _reached(filters)
        .values("to_stage")
        .annotate(n=Count("application", distinct=True))
        .order_by()
    }
    rows, previous = [], None
    for stage in FUNNEL:
        count = reached.get(stage, 0)
        conversion = round(100 * count / previous, 1) if previous else None
        rows.append({"stage": stage, "label": Stage(stage).label, "count": count, "conversion": conversion})
        previous = count
    return rows


def funnel_by_position(filters: Filters) -> list[dict]:
    counts = defaultdict(dict)
    titles = {}
    for row in (
        _reached(filters)
        .values("application__position_id", "application__position__title", "to_stage")
        .annotate(n=Count("application", distinct=True))
        .order_by()
    ):
        counts[row["application__position_id"]][row["to_stage"]] = row["n"]
        titles[row["application__position_id"]] = row["application__position__title"]
    return [
        {"position": titles[pk], "counts": [counts[pk].get(stage, 0) for stage in FUNNEL]}
        for pk in sorted(titles, key=lambda pk: titles[pk])
    ]


def speed(filters: Filters, *, now: datetime.datetime | None = None) -> dict:
    """Median days to hire, and median days spent in each stage (the current stay counts up to now)."""
    now = now or timezone.now()
    changes = defaultdict(list)
    hired_now = set()
    for application_id, stage, at, current in (
        StageChange.objects.filter(application__in=applications(filters))
        .order_by("application_id", "changed_at", "pk")
        .values_list("application_id", "to_stage", "changed_at", "application__stage")
    ):
        changes[application_id].append((stage, at))
        if current == Stage.HIRED:
            hired_now.add(application_id)
    durations = defaultdict(list)
    to_hire = []
    for application_id, history in changes.items():
        for (stage, start), following in zip(history, history[1:] + [(None, now)], strict=True):
            if stage in FUNNEL and stage != Stage.HIRED:
                durations[stage].append((following[1] - start).total_seconds() / 86400)
        last_hire = max((at for stage, at in history if stage == Stage.HIRED), default=None)
        if application_id in hired_now and last_hire is not None:  # the hire that stands; an undone one was none
            to_hire.append((last_hire - history[0][1]).total_seconds() / 86400)
    return {
        "time_to_hire": round(statistics.median(to_hire), 1) if to_hire else None,
        "hires": len(to_hire),
        "stages": [
            {"stage": stage, "label": Stage(stage).label,
             "median_days": round(statistics.median(durations[stage]), 1) if durations[stage] else None,
             "count": len(durations[stage])}
            for stage in FUNNEL if stage != Stage.HIRED
        ],
    }


def sources(filters: Filters) -> list[dict]:
    rows = {
        row["source"]: row
        for row in applications(filters).values("source").annotate(
            applications=Count("pk"), hires=Count("pk", filter=Q(stage=Stage.HIRED))
        ).order_by()
    }
    return [
        {"source": value, "label": label, "applications": rows.get(value, {}).get("applications", 0),
         "hires": rows.get(value, {}).get("hires", 0)}
        for value, label in Source.choices
    ]


def _interviewer_names() -> dict[int, str]:
    return {u.pk: (u.get_full_name() or u.get_username()) for u in get_user_model().objects.filter(scorecards__isnull=False).distinct()}


def scorecard_completion(filters: Filters, *, now: datetime.datetime | None = None) -> list[dict]:
    """Per interviewer, for interviews that have ended: submitted on time (within a day), late, missing."""
    now = now or timezone.now()
    per = defaultdict(lambda: {"on_time": 0, "late": 0, "missing": 0})
    scorecards = (
        Scorecard.objects.filter(interview__application__in=applications(filters), interview__status=Interview.Status.SCHEDULED)
        .select_related("interview")
        .only("interviewer_id", "status", "submitted_at", "interview__starts_at", "interview__duration_minutes")
    )
    for card in scorecards:
        interview = card.interview
        if interview.ends_at > now:
            continue
        if card.status != Scorecard.Status.SUBMITTED:
            per[card.interviewer_id]["missing"] += 1
        elif card.submitted_at <= interview.ends_at + ON_TIME:
            per[card.interviewer_id]["on_time"] += 1
        else:
            per[card.interviewer_id]["late"] += 1
    names = _interviewer_names()
    return [{"interviewer": names.get(pk, str(pk)), **counts} for pk, counts in sorted(per.items(), key=lambda i: names.get(i[0], ""))]


def calibration(filters: Filters) -> list[dict]:
    """Each interviewer's mean rating against the mean of the whole panel, to spot drift."""
    ratings = Rating.objects.filter(
        scorecard__interview__application__in=applications(filters),
        scorecard__status=Scorecard.Status.SUBMITTED,
        score__isnull=False,
    )
    panel = ratings.aggregate(mean=Avg("score"))["mean"]
    names = _interviewer_names()
    rows = []
    for row in ratings.values("scorecard__interviewer_id").annotate(mean=Avg("score"), n=Count("pk")).order_by():
        pk = row["scorecard__interviewer_id"]
        rows.append({"interviewer": names.get(pk, str(pk)), "mean": round(row["mean"], 2), "ratings": row["n"],
                     "panel": round(panel, 2), "difference": round(row["mean"] - panel, 2)})
    return sorted(rows, key=lambda r: r["interviewer"])


def offer_acceptance(filters: Filters) -> dict:
    """Offers sent in the period (by the day they were sent; function and position as for the rest) and how
    they were answered; the rate is accepted / (accepted + declined), None when none was answered."""
    offers = Offer.objects.filter(sent_at__isnull=False)
    if filters.date_from:
        offers = offers.filter(sent_at__date__gte=filters.date_from)
    if filters.date_to:
        offers = offers.filter(sent_at__date__lte=filters.date_to)
    if filters.function:
        offers = offers.filter(application__position__function=filters.function)
    if filters.position_id:
        offers = offers.filter(application__position_id=filters.position_id)
    counts = offers.aggregate(
        sent=Count("pk"),
        accepted=Count("pk", filter=Q(status=Offer.Status.ACCEPTED)),
        declined=Count("pk", filter=Q(status=Offer.Status.DECLINED)),
        withdrawn=Count("pk", filter=Q(status=Offer.Status.WITHDRAWN)),
        waiting=Count("pk", filter=Q(status=Offer.Status.SENT)),
    )
    answered = counts["accepted"] + counts["declined"]
    rate = (Decimal(100 * counts["accepted"]) / answered).quantize(Decimal("0.1"), ROUND_HALF_UP) if answered else None
    return {**counts, "answered": answered, "rate": rate}


def _percent(part: int, whole: int) -> Decimal | None:
    return (Decimal(100 * part) / whole).quantize(Decimal("0.1"), ROUND_HALF_UP) if whole else None


def references(filters: Filters) -> dict:
    """Referees of the period's applications (cancelled ones left out): how they answered, how fast, and whether
    they would work with the candidate again. Two queries."""
    referees = Referee.objects.filter(application__in=applications(filters), cancelled_at__isnull=True)
    counts = referees.aggregate(
        invited=Count("pk"),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
        declined=Count("pk", filter=Q(declined_at__isnull=False)),
        excluded=Count("pk", filter=Q(excluded_at__isnull=False)),
        again_yes=Count("pk", filter=Q(would_work_again=Referee.WorkAgain.YES)),
        again_no=Count("pk", filter=Q(would_work_again=Referee.WorkAgain.NO)),
    )
    days = [
        (answered - invited).total_seconds() / 86400
        for invited, answered in referees.filter(answered_at__isnull=False).values_list("invited_at", "answered_at")
    ]
    waiting = counts["invited"] - counts["answered"] - counts["declined"]
    return {**counts, "waiting": waiting, "rate": _percent(counts["answered"], counts["invited"]),
            "median_days": round(statistics.median(days), 1) if days else None}


def assessments(filters: Filters) -> dict:
    """Assessments sent to the period's applications: how many were taken, excluded, with extra time, and the mean
    of each evidence over those that count in the score. Two queries."""
    attempts = AssessmentAttempt.objects.filter(application__in=applications(filters))
    counts = attempts.aggregate(
        sent=Count("pk"),
        completed=Count("pk", filter=Q(status=AssessmentAttempt.Status.COMPLETED)),
        excluded=Count("pk", filter=Q(excluded=True)),
        extra_time=Count("pk", filter=Q(extra_time=True)),
    )
    judgement, exercises = [], []
    for scores in attempts.filter(status=AssessmentAttempt.Status.COMPLETED, excluded=False).values_list(
        "scores", flat=True
    ):
        judgement.extend(float(value) for value in (scores.get("judgement") or {}).values())
        exercises.extend(float(row[3]) for row in scores.get("exercises") or [])
    return {
        **counts, "rate": _percent(counts["completed"], counts["sent"]),
        "judgement": round(statistics.fmean(judgement), 1) if judgement else None,
        "exercises": round(statistics.fmean(exercises), 1) if exercises else None,
    }
