"""Scorecards: what each interviewer rates, and the rules for saving and submitting.

- Each interviewer gets one scorecard per interview, with one rating per criterion: the position's
  skills, then education and experience, then its competencies (``scorecard_criteria``).
- Only the interviewer changes or submits their own scorecard; ratings go from 1 to 4.
- A scorecard is submitted once the interview has started (a logged interview already has) and every
  criterion and the overall recommendation are rated; the error names what is missing.
- Saving as the interviewer types (``draft_only``) never submits and stops once the scorecard is
  submitted: changes after submission are recorded, so they are saved on purpose, not by a keystroke.
- After submission every change is recorded with who and when, and nothing may be un-rated.
- A cancelled interview's scorecard stays as it was, for the record.
- Submitted ratings change this application's score and, through calibration, every score the
  interviewer gave: they are marked for a rescore in the same transaction.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from candidates.services import request_rescore
from positions.models import Position

from .models import Interview, Rating, Scorecard, ScorecardChange

# Also what the scorecard page says when it is posted after the cancellation.
CANCELLED_REFUSAL = gettext_lazy("This interview was cancelled; the scorecard can no longer be changed.")
# What saving as one types answers once the scorecard is submitted (in another tab, say).
SUBMITTED_REFUSAL = gettext_lazy(
    "This scorecard has been submitted, so it is no longer saved as you type. "
    "Reload the page to see it; changes are then saved with “Save changes” and recorded with your name."
)


def scorecard_criteria(position: Position) -> list[tuple[str, str, str]]:
    """(group, key, label) for each criterion: the position's skills, background, then its competencies."""
    criteria = [(Rating.Group.SKILLS, f"skill:{ps.skill_id}", ps.skill.name) for ps in position.position_skills.all()]
    criteria += [
        (Rating.Group.BACKGROUND, "background:education", _("Relevance of education")),
        (Rating.Group.BACKGROUND, "background:experience", _("Relevance of experience to the duties")),
    ]
    criteria += [(Rating.Group.INTERPERSONAL, f"competency:{c.pk}", c.name) for c in position.competencies.all()]
    return criteria


def sync_scorecards(interview: Interview) -> None:
    """A scorecard, with an empty rating per criterion, for each interviewer who has none yet."""
    position = Position.objects.prefetch_related("position_skills__skill", "competencies").get(
        pk=interview.application.position_id
    )
    criteria = scorecard_criteria(position)
    for person in interview.interviewers.all():
        scorecard, created = Scorecard.objects.get_or_create(interview=interview, interviewer=person)
        if created:
            Rating.objects.bulk_create(
                Rating(scorecard=scorecard, group=group, criterion=key, label=label[:150], order=order)
                for order, (group, key, label) in enumerate(criteria)
            )


@transaction.atomic
def scorecard_save(
    *, scorecard: Scorecard, scores: dict[str, int | None], notes: dict[str, str], recommendation: str,
    takeaways: str, user, draft_only: bool = False,
) -> Scorecard:
    """Save what the interviewer wrote; after submission every change is recorded with who and when.

    `draft_only`: saved as they type, so refused once the scorecard is submitted.
    """
    scorecard = Scorecard.objects.select_for_update().select_related("interview").get(pk=scorecard.pk)
    if scorecard.interviewer_id != user.pk:
        raise ValidationError(_("Only the interviewer can change their own scorecard."), code="not_owner")
    _check_not_cancelled(scorecard)
    if draft_only and scorecard.is_submitted:
        raise ValidationError(SUBMITTED_REFUSAL, code="submitted")
    changes = []
    for rating in scorecard.ratings.all():
        score = scores.get(rating.criterion, rating.score)
        note = notes.get(rating.criterion, rating.note).strip()
        if score not in (None, 1, 2, 3, 4):
            raise ValidationError(_("Ratings go from 1 to 4."), code="score_range")
        if score != rating.score or note != rating.note:
            if scorecard.is_submitted and score is None:
                raise ValidationError(
                    _("A submitted scorecard must keep a rating for “%(label)s”.") % {"label": rating.label},
                    code="unrated",
                )
            changes.append({"criterion": rating.criterion, "from": [rating.score, rating.note], "to": [score, note]})
            rating.score, rating.note = score, note
            rating.save(update_fields=["score", "note"])
    recommendation = recommendation or ""
    if recommendation != scorecard.recommendation or takeaways.strip() != scorecard.takeaways:
        if scorecard.is_submitted and not recommendation:
            raise ValidationError(_("A submitted scorecard must keep its recommendation."), code="no_recommendation")
        changes.append(
            {"criterion": "overall", "from": [scorecard.recommendation, scorecard.takeaways], "to": [recommendation, takeaways.strip()]}
        )
        scorecard.recommendation, scorecard.takeaways = recommendation, takeaways.strip()
    scorecard.full_clean()
    scorecard.save()
    if scorecard.is_submitted and changes:
        ScorecardChange.objects.create(scorecard=scorecard, changed_by=user, changes=changes)
        _request_rescore(scorecard)
    return scorecard


def _check_not_cancelled(scorecard: Scorecard) -> None:
    # The interview did not count: what was written stays as it was, for the record.
    if scorecard.interview.is_cancelled:
        raise ValidationError(CANCELLED_REFUSAL, code="cancelled")


def missing_criteria(scorecard: Scorecard, labels: dict[str, str] | None = None) -> list[str]:
    """What is still unrated, named in the reader's language when labels are given."""
    labels = labels or {}
    missing = [labels.get(r.criterion, r.label) for r in scorecard.ratings.all() if r.score is None]
    if not scorecard.recommendation:
        missing.append(_("Overall recommendation"))
    return missing


@transaction.atomic
def scorecard_submit(*, scorecard: Scorecard, user, labels: dict[str, str] | None = None) -> Scorecard:
    """Submit once every criterion is rated; the error names what is missing."""
    scorecard = Scorecard.objects.select_for_update().select_related("interview").get(pk=scorecard.pk)
    if scorecard.interviewer_id != user.pk:
        raise ValidationError(_("Only the interviewer can submit their own scorecard."), code="not_owner")
    if scorecard.is_submitted:
        return scorecard
    if scorecard.interview.is_cancelled:
        raise ValidationError(_("This interview was cancelled; the scorecard can no longer be submitted."), code="cancelled")
    if scorecard.interview.starts_at > timezone.now():
        raise ValidationError(
            _("The interview has not started yet. Save your notes as a draft and submit after it."), code="too_early"
        )
    missing = missing_criteria(scorecard, labels)
    if missing:
        raise ValidationError(
            _("Rate every criterion before submitting. Still missing: %(items)s.") % {"items": ", ".join(missing)},
            code="incomplete",
        )
    scorecard.status, scorecard.submitted_at = Scorecard.Status.SUBMITTED, timezone.now()
    scorecard.full_clean()
    scorecard.save(update_fields=["status", "submitted_at", "updated_at"])
    _request_rescore(scorecard)
    return scorecard


def _request_rescore(scorecard: Scorecard) -> None:
    """New ratings change this application's score and, through calibration, every score this interviewer rated.

    Marked in this transaction, so a lost task cannot leave the scores stale (see recruiting.recompute).
    """
    rated = Scorecard.objects.filter(interviewer_id=scorecard.interviewer_id, status=Scorecard.Status.SUBMITTED)
    request_rescore(rated.values("interview__application_id"))
