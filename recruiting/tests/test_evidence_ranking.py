"""References and assessments reach the stored ranking through the real services, with the score history's causes:
a reference answered, then excluded; an assessment completed (and closed by the periodic task once its time is up).
Figures: every rating 3 by the interviewer (66.67 per competency); the referee rates 4 (100); the assessment's best
answers (100) — worked by hand from the rules in evaluations/scoring.py and evaluations/assessments.py.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from candidates import references
from candidates.models import Stage
from candidates.tests.factories import ApplicationFactory
from evaluations import assessments, ranking
from evaluations.models import ApplicationScore, AssessmentExercise, AssessmentItem, ScoreChange
from evaluations.tasks import close_expired_assessments
from evaluations.tests.factories import rate_everything, schedule
from positions.models import Competency
from positions.tests.factories import OpenPositionFactory

H = datetime.timedelta(hours=1)


@pytest.fixture
def application(reference_data, hr, interviewer, django_capture_on_commit_callbacks):
    communication = Competency.objects.get(pk=AssessmentItem.objects.filter(active=True).values("competency")[:1])
    position = OpenPositionFactory(title="Bookkeeper", skills=[])
    position.competencies.set([communication])
    application = ApplicationFactory(position=position, stage=Stage.INTERVIEW, resume_text="")
    with django_capture_on_commit_callbacks(execute=True):
        interview = schedule(application=application, interviewers=[interviewer], hr=hr, starts_in=-2 * H)
    with django_capture_on_commit_callbacks(execute=True):
        rate_everything(interview.scorecards.get(), score=3, recommendation="yes")
    ranking.rescore(application_ids=[application.pk])
    return application


def _score(application):
    return ApplicationScore.objects.get(pk=application.pk)


def _codes(score):
    return [code for code, _params in score.lines]


def test_an_answered_reference_joins_the_interviews_then_leaves_when_excluded(
        application, hr, django_capture_on_commit_callbacks):
    assert _score(application).interpersonal == 66.67
    with django_capture_on_commit_callbacks(execute=True):
        references.reference_ask(application=application, user=hr, how_many=1)
        [referee] = references.referees_name(application=application, consent=True, referees=[references.RefereeData(
            name="Paola Neri", email="paola@studio-neri.example", relationship="manager", period="2019–2024",
            language="en")])
    with django_capture_on_commit_callbacks(execute=True):
        references.reference_answer(referee=referee, answer=references.Answer(
            scores={pk: (4, "Explained a missing invoice calmly to a supplier") for pk in
                    application.position.competencies.values_list("pk", flat=True)},
            would_work_again="yes"), address="203.0.113.7")
    ranking.rescore(application_ids=[application.pk])  # what the pending-rescore task does after commit
    score = _score(application)
    # Interviews 66.667 × 60/80 + references 100 × 20/80 (the judgement test weighs nothing without a test) = 75.
    assert (score.interpersonal, "reference_rated" in _codes(score)) == (75.0, True)
    assert ScoreChange.objects.filter(application=application).latest("pk").causes == ["reference"]
    hr_client = Client()
    hr_client.force_login(hr)
    why = hr_client.get(reverse("evaluations:why", kwargs={"position_pk": application.position_id,
                                                         "application_pk": application.pk})).content.decode()
    name = application.position.competencies.get().name  # no skills: interpersonal counts 30/60 of the total
    assert '<li class="list-unstyled fst-italic mt-1">References: 100.00 × 20/80 = 25.00 points to the part</li>' in why
    assert f'<li class="ms-3">{name}: rated 4.0/4 by 1 referee → 25.00 points to the part, 12.50 to the total</li>' in why
    assert "a reference was answered or excluded" in why.split('id="score-history"')[1]
    with django_capture_on_commit_callbacks(execute=True):
        references.reference_exclude(referee=referee, user=hr, reason="Works in the same family business")
    ranking.rescore(application_ids=[application.pk])
    score = _score(application)
    assert (score.interpersonal, "reference_rated" in _codes(score)) == (66.67, False)
    change = ScoreChange.objects.filter(application=application).latest("pk")
    assert (change.total_before > change.total_after, change.causes) == (True, ["reference"])


def _plan(application):
    item = AssessmentItem.objects.filter(active=True, competency__in=application.position.competencies.all()).first()
    assessments.plan_save(position=application.position, enabled=True, time_limit_minutes=30,
                          judgement_counts={item.competency_id: 1},
                          exercises=[AssessmentExercise.objects.get(kind=AssessmentExercise.Kind.PAYROLL_ERRORS)])


def test_a_completed_assessment_feeds_both_parts_with_its_own_weights(application, hr,
                                                                     django_capture_on_commit_callbacks):
    _plan(application)
    with django_capture_on_commit_callbacks(execute=True):
        attempt = assessments.assessment_send(application=application, user=hr)
    attempt = assessments.assessment_start(attempt=attempt, extra_time=False)
    for number, page in enumerate(attempt.pages):
        if page["kind"] == "judgement":
            answer = {i["code"]: next(n for n, o in enumerate(i["options"]) if o["rank"] == 0) for i in page["items"]}
        else:
            answer = {"ticked": list(page["content"]["errors"])}
        with django_capture_on_commit_callbacks(execute=True):
            assessments.page_submit(attempt=attempt, page=number, answer=answer)
    ranking.rescore(application_ids=[application.pk])
    score = _score(application)
    # Interpersonal: interviews 66.667 × 60/80 + test 100 × 20/80 = 75; skills: the exercise alone (no skills) = 100.
    assert (score.interpersonal, score.skills) == (75.0, 100.0)
    assert {"judgement", "exercise"} <= set(_codes(score))
    assert ScoreChange.objects.filter(application=application).latest("pk").causes == ["assessment"]


def test_the_periodic_task_scores_an_assessment_left_open_past_its_deadline(application, hr,
                                                                          django_capture_on_commit_callbacks):
    _plan(application)
    with django_capture_on_commit_callbacks(execute=True):
        attempt = assessments.assessment_send(application=application, user=hr)
    assessments.assessment_start(attempt=attempt, extra_time=False, now=timezone.now() - 31 * datetime.timedelta(
        minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert close_expired_assessments() == 1
    attempt.refresh_from_db()
    assert (attempt.status, attempt.scores["exercises"][0][3]) == ("completed", 0.0)
    assert close_expired_assessments() == 0
