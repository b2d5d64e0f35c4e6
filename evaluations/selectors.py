"""Reads for interviews and scorecards, with access rules.

- Interviewers see only the interviews they are on; HR sees every interview.
- Blind feedback: an interviewer sees colleagues' scorecards of an application only after submitting
  their own for an interview that still counts (not cancelled). HR sees everything.
- 'My interviews' sorts an interviewer's scorecards into upcoming, due (the interview is over) and
  overdue (from the first overdue reminder on, see reminder_timing).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from positions.models import Competency, Position, PositionSkill

from .models import Interview, Rating, Scorecard
from .reminders import policy


def visible_interviews(user) -> QuerySet:
    interviews = Interview.objects.select_related("application__candidate", "application__position")
    if user.has_perm("evaluations.view_interview"):
        return interviews
    return interviews.filter(interviewers=user)


def own_scorecard(user, pk: int) -> Scorecard:
    """The user's own scorecard, or Scorecard.DoesNotExist: someone else's does not exist for them."""
    return (
        Scorecard.objects.select_related(
            "interview__application__candidate", "interview__application__position", "interviewer"
        )
        .prefetch_related(Prefetch("ratings", queryset=Rating.objects.order_by("order", "pk")))
        .get(pk=pk, interviewer=user)
    )


def may_see_others(user, application) -> bool:
    """Blind feedback: colleagues' scorecards only after submitting one's own. HR sees everything."""
    if user.has_perm("evaluations.view_scorecard"):
        return True
    return Scorecard.objects.filter(
        interview__application=application, interviewer=user, status=Scorecard.Status.SUBMITTED,
        interview__status=Interview.Status.SCHEDULED,
    ).exists()


def interviews_for(user, *, now=None) -> dict[str, Iterable]:
    """'My interviews': upcoming, scorecards due (draft, interview over) and overdue."""
    now = now or timezone.now()
    rules = policy()
    mine = (
        Scorecard.objects.filter(interviewer=user, interview__status=Interview.Status.SCHEDULED)
        .select_related("interview__application__candidate", "interview__application__position")
        .order_by("interview__starts_at")
    )
    upcoming, due, overdue = [], [], []
    for scorecard in mine:
        interview = scorecard.interview
        if interview.starts_at > now:
            upcoming.append(scorecard)
        elif not scorecard.is_submitted:
            (overdue if now >= interview.ends_at + rules.first_overdue_after else due).append(scorecard)
    return {"upcoming": upcoming, "due": due, "overdue": overdue}


def criterion_guide(position: Position) -> dict[str, dict]:
    """Label and anchors (what a 1 and a 4 look like) for each criterion, in the active language."""
    guide = {}
    skills = PositionSkill.objects.filter(position=position).select_related("skill")
    for ps in skills:
        guide[f"skill:{ps.skill_id}"] = {
            "label": ps.skill.name,
            "low": _("No evidence of this skill, or only from hearsay."),
            "high": _("Uses it confidently on real tasks and could teach it to a colleague."),
        }
    guide["background:education"] = {
        "label": _("Relevance of education"),
        "low": _("Education unrelated to the duties, and nothing learnt since makes up for it."),
        "high": _("Education prepares directly for the duties of this position."),
    }
    guide["background:experience"] = {
        "label": _("Relevance of experience to the duties"),
        "low": _("No experience with duties like these."),
        "high": _("Has carried out these duties independently, with results they can describe."),
    }
    for competency in position.competencies.all():
        guide[f"competency:{competency.pk}"] = {
            "label": competency.name,
            "low": competency.anchor_low,
            "high": competency.anchor_high,
            "questions": competency.questions,
        }
    return guide


def submitted_scorecards(application) -> list[Scorecard]:
    return list(
        Scorecard.objects.filter(interview__application=application, status=Scorecard.Status.SUBMITTED)
        .select_related("interviewer", "interview")
        .prefetch_related(Prefetch("ratings", queryset=Rating.objects.order_by("order", "pk")))
        .order_by("interview__starts_at", "interviewer__first_name")
    )


def scorecard_summary(application) -> dict:
    """Ratings per criterion across interviewers, recommendations, and who is still missing."""
    scorecards = list(
        Scorecard.objects.filter(interview__application=application)
        .exclude(interview__status=Interview.Status.CANCELLED)
        .select_related("interviewer", "interview")
        .prefetch_related(Prefetch("ratings", queryset=Rating.objects.order_by("order", "pk")))
        .order_by("interview__starts_at", "pk")
    )
    submitted = [s for s in scorecards if s.is_submitted]
    guide = criterion_guide(application.position)
    rows: dict[str, dict] = {}
    for scorecard in submitted:
        for rating in scorecard.ratings.all():
            row = rows.setdefault(
                rating.criterion,
                {"label": guide.get(rating.criterion, {}).get("label", rating.label), "group": rating.get_group_display(), "scores": {}},
            )
            row["scores"][scorecard.pk] = rating.score
    for row in rows.values():
        values = [v for v in row["scores"].values() if v]
        row["average"] = round(sum(values) / len(values), 1) if values else None
        row["cells"] = [row["scores"].get(s.pk) for s in submitted]
    return {
        "submitted": submitted,
        "rows": list(rows.values()),
        # Only interviews that have taken place can owe a scorecard.
        "missing": [s for s in scorecards if not s.is_submitted and s.interview.ends_at <= timezone.now()],
    }


RANKING_SORTS = {"total": "total", "skills": "skills", "background": "background", "interpersonal": "interpersonal_sort"}


def ranking(position, *, filters: dict) -> QuerySet:
    """Stored scores of a position, best first by the chosen part; ties broken by application id."""
    from django.db.models import F

    from .models import ApplicationScore

    scores = ApplicationScore.objects.filter(position=position, application__anonymised_at__isnull=True).select_related(
        "application__candidate", "application__position"
    )
    if meets := filters.get("meets"):
        scores = scores.filter(application__meets_requirements=(meets == "yes"))
    if stage := filters.get("stage"):
        scores = scores.filter(application__stage=stage)
    if assessed := filters.get("assessed"):
        scores = scores.filter(interpersonal__isnull=(assessed == "no"))
    field = RANKING_SORTS.get(filters.get("sort") or "total", "total")
    return scores.order_by(F(field).desc(), "application_id")


def criterion_names(position) -> dict[str, str]:
    """Every competency's name by its criterion key: references and the assessment may rate competencies that the
    position's interview list does not name (one query; the list is short)."""
    return {f"competency:{c.pk}": c.name for c in Competency.objects.all()}
