import datetime

from django.utils import timezone

from candidates.tests.factories import ApplicationFactory
from evaluations import scheduling, scorecards
from evaluations.models import Interview


def schedule(
    *, interviewers, application=None, starts_in=datetime.timedelta(days=2), starts_at=None, duration=60, hr=None,
    **position_kwargs,
):
    """An interview through the real service; `starts_in` may be negative (moved after scheduling)."""
    application = application or ApplicationFactory(**position_kwargs)
    application.position.panel.add(*interviewers)
    if starts_at is not None:
        starts_in = starts_at - timezone.now()
    future = timezone.now() + max(starts_in, datetime.timedelta(hours=1))
    if starts_at is not None and starts_in >= datetime.timedelta(hours=1):
        future = starts_at
    interview = scheduling.interview_schedule(
        application=application, kind=Interview.Kind.COMPETENCY, starts_at=future, duration_minutes=duration,
        location="Sala riunioni 2, via Roma 1, Milano", interviewers=interviewers, user=hr,
    )
    if starts_in < datetime.timedelta(hours=1):
        Interview.objects.filter(pk=interview.pk).update(starts_at=timezone.now() + starts_in)
        interview.refresh_from_db()
    return interview


def rate_everything(scorecard, score=3, recommendation="yes"):
    scores = {rating.criterion: score for rating in scorecard.ratings.all()}
    scorecards.scorecard_save(
        scorecard=scorecard, scores=scores, notes={}, recommendation=recommendation, takeaways="Solid.",
        user=scorecard.interviewer,
    )
    return scorecards.scorecard_submit(scorecard=scorecard, user=scorecard.interviewer)
