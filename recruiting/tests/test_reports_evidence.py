"""Reports: references (answer rate, median days, would work again) and assessments (completion, extra time, means)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.models import Referee, ReferenceRequest, Stage
from candidates.tests.factories import ApplicationFactory
from evaluations.models import AssessmentAttempt
from positions.tests.factories import OpenPositionFactory
from recruiting import reports

DAY = datetime.timedelta(days=1)


@pytest.fixture
def position(reference_data):
    return OpenPositionFactory(title="Bookkeeper")


def _referee(application, n, *, invited, answered=None, declined=None, cancelled=None, excluded=None, again=""):
    request = ReferenceRequest.objects.filter(application=application).first() or ReferenceRequest.objects.create(
        application=application, how_many=3, asked_at=invited)
    return Referee.objects.create(
        request=request, application=application, name=f"Referee {n}", email=f"ref{n}@example.invalid",
        relationship=Referee.Relationship.MANAGER, period="2020–2024", consent_at=invited, invited_at=invited,
        answered_at=answered, declined_at=declined, cancelled_at=cancelled, excluded_at=excluded,
        would_work_again=again,
    )


@pytest.mark.parametrize(
    "answers, expected",
    [
        pytest.param([], {"invited": 0, "answered": 0, "declined": 0, "waiting": 0, "rate": None, "median_days": None},
                     id="none"),
        pytest.param([{"answered": 1}, {"answered": 3}, {"declined": 2}, {}],
                     {"invited": 4, "answered": 2, "declined": 1, "waiting": 1, "rate": "50.0", "median_days": 2.0},
                     id="two-answered-one-declined-one-waiting"),
        pytest.param([{"answered": 1}, {"answered": 2}, {"answered": 6}],
                     {"invited": 3, "answered": 3, "declined": 0, "waiting": 0, "rate": "100.0", "median_days": 2.0},
                     id="median-of-three"),
        pytest.param([{"answered": 1}, {"cancelled": 1}],
                     {"invited": 1, "answered": 1, "declined": 0, "waiting": 0, "rate": "100.0", "median_days": 1.0},
                     id="cancelled-left-out"),
    ],
)
def test_references_report_counts_answers_and_the_median_days(position, answers, expected):
    application = ApplicationFactory(position=position, stage=Stage.INTERVIEW)
    start = timezone.now() - 30 * DAY
    for n, answer in enumerate(answers):
        _referee(application, n, invited=start, **{key: start + days * DAY for key, days in answer.items()})
    row = reports.references(reports.Filters())
    got = {key: row[key] for key in expected}
    got["rate"] = None if got["rate"] is None else str(got["rate"])
    assert got == expected


def test_references_report_counts_would_work_again_and_exclusions(position):
    application = ApplicationFactory(position=position, stage=Stage.INTERVIEW)
    start = timezone.now() - 10 * DAY
    _referee(application, 1, invited=start, answered=start + DAY, again=Referee.WorkAgain.YES)
    _referee(application, 2, invited=start, answered=start + DAY, again=Referee.WorkAgain.YES, excluded=start + 2 * DAY)
    _referee(application, 3, invited=start, answered=start + DAY, again=Referee.WorkAgain.NO)
    _referee(application, 4, invited=start, answered=start + DAY, again=Referee.WorkAgain.UNSURE)
    row = reports.references(reports.Filters())
    assert (row["again_yes"], row["again_no"], row["excluded"]) == (2, 1, 1)


def _attempt(application, *, status, excluded=False, extra_time=False, scores=None):
    now = timezone.now()
    started = None if status == AssessmentAttempt.Status.SENT else now - DAY
    return AssessmentAttempt.objects.create(
        application=application, status=status, time_limit_minutes=30, extra_time=extra_time, excluded=excluded,
        started_at=started, deadline_at=started and started + datetime.timedelta(minutes=30), scores=scores or {},
    )


def test_assessments_report_counts_and_means_over_what_counts(position):
    completed = AssessmentAttempt.Status.COMPLETED
    _attempt(ApplicationFactory(position=position), status=completed, extra_time=True,
             scores={"judgement": {"1": 80.0, "2": 60.0}, "exercises": [["entry", "Data entry", "Inserimento", 90.0]]})
    _attempt(ApplicationFactory(position=position), status=completed,
             scores={"judgement": {"1": 40.0}, "exercises": [["entry", "Data entry", "Inserimento", 50.0],
                                                             ["match", "Matching", "Abbinamento", 70.0]]})
    _attempt(ApplicationFactory(position=position), status=completed, excluded=True,
             scores={"judgement": {"1": 0.0}, "exercises": [["entry", "Data entry", "Inserimento", 0.0]]})
    _attempt(ApplicationFactory(position=position), status=AssessmentAttempt.Status.STARTED)
    _attempt(ApplicationFactory(position=position), status=AssessmentAttempt.Status.SENT)
    row = reports.assessments(reports.Filters())
    # Judgement: (80 + 60 + 40) / 3 = 60.0; exercises: (90 + 50 + 70) / 3 = 70.0; the excluded attempt left out.
    assert {k: (str(v) if k == "rate" else v) for k, v in row.items()} == {
        "sent": 5, "completed": 3, "excluded": 1, "extra_time": 1, "rate": "60.0", "judgement": 60.0, "exercises": 70.0}


def test_reports_page_shows_the_evidence_tables_in_italian(hr_client, position):
    application = ApplicationFactory(position=position, stage=Stage.INTERVIEW)
    start = timezone.now() - 10 * DAY
    _referee(application, 1, invited=start, answered=start + 2 * DAY, again=Referee.WorkAgain.YES)
    page = hr_client.get(reverse("staff:reports"), HTTP_ACCEPT_LANGUAGE="it").content.decode()
    references = page.split('id="references-report"')[1].split("</table>")[0]
    assert "Referenti interpellati" in references
    assert '<tr class="text-end"><td>1</td><td>1</td><td>0</td><td>0</td><td>100,0%</td><td>2,0</td><td>1 sì, 0 no</td><td>0</td></tr>' in references
