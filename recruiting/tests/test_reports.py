"""Each report's figures on a known data set, their query counts, and CSV exports."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.models import RejectionReason, StageChange
from candidates.tests.factories import ApplicationFactory
from evaluations.models import Scorecard
from evaluations.tests.factories import rate_everything, schedule
from positions.tests.factories import OpenPositionFactory
from recruiting import reports

D = datetime.timedelta(days=1)
H = datetime.timedelta(hours=1)


def _history(application, stages, start):
    """Rewrite the stage history: `stages` with days spent in each, from `start`."""
    StageChange.objects.filter(application=application).delete()
    at, previous = start, ""
    for stage, days in stages:
        change = StageChange.objects.create(application=application, from_stage=previous, to_stage=stage)
        StageChange.objects.filter(pk=change.pk).update(changed_at=at)
        at, previous = at + days * D, stage
    application.stage = stages[-1][0]
    kind = {"rejected": "we_rejected", "withdrawn": "they_withdrew"}.get(application.stage)
    application.rejection_reason = RejectionReason.objects.filter(kind=kind).first() if kind else None
    application.save(update_fields=["stage", "rejection_reason"])


@pytest.fixture
def data(reference_data, hr, interviewer, other_interviewer):
    position = OpenPositionFactory(title="Bookkeeper", function="accounting")
    other_position = OpenPositionFactory(title="Receptionist", function="office")
    start = timezone.now() - 60 * D
    hired = ApplicationFactory(position=position, source="referral")
    _history(hired, [("applied", 2), ("screening", 4), ("interview", 6), ("offer", 2), ("hired", 0)], start)
    interviewed = ApplicationFactory(position=position, source="linkedin")
    _history(interviewed, [("applied", 1), ("screening", 3), ("interview", 0)], start)
    rejected = ApplicationFactory(position=position, source="job_board")
    _history(rejected, [("applied", 5), ("rejected", 0)], start)
    ApplicationFactory(position=other_position, source="job_board")
    on_time = schedule(application=interviewed, interviewers=[interviewer, other_interviewer], hr=hr, starts_in=-3 * D)
    prompt = rate_everything(on_time.scorecards.get(interviewer=interviewer), score=4)
    Scorecard.objects.filter(pk=prompt.pk).update(submitted_at=on_time.ends_at + 2 * H)
    late = on_time.scorecards.get(interviewer=other_interviewer)
    rate_everything(late, score=2)
    Scorecard.objects.filter(pk=late.pk).update(submitted_at=on_time.ends_at + 2 * D)
    missing = ApplicationFactory(position=other_position)
    schedule(application=missing, interviewers=[interviewer], hr=hr, starts_in=-5 * H)  # still missing
    return {"position": position, "other": other_position}


def test_funnel_and_conversion(data):
    rows = {r["stage"]: r for r in reports.funnel(reports.Filters(position_id=data["position"].pk))}
    assert [rows[s]["count"] for s in ("applied", "screening", "interview", "offer", "hired")] == [3, 2, 2, 1, 1]
    assert rows["screening"]["conversion"] == 66.7 and rows["offer"]["conversion"] == 50.0
    overall = {r["stage"]: r["count"] for r in reports.funnel(reports.Filters())}
    assert overall["applied"] == 5
    by_position = {r["position"]: r["counts"] for r in reports.funnel_by_position(reports.Filters(function="accounting"))}
    assert by_position == {"Bookkeeper": [3, 2, 2, 1, 1]}


def test_speed(data):
    speed = reports.speed(reports.Filters(position_id=data["position"].pk))
    assert speed["time_to_hire"] == 14.0 and speed["hires"] == 1
    medians = {r["stage"]: r["median_days"] for r in speed["stages"]}
    assert medians["applied"] == 2.0  # 2, 1 and 5 days
    assert medians["offer"] == 2.0


def test_sources(data):
    rows = {r["source"]: r for r in reports.sources(reports.Filters(position_id=data["position"].pk))}
    assert (rows["referral"]["applications"], rows["referral"]["hires"]) == (1, 1)
    assert rows["job_board"]["applications"] == 1 and rows["indeed"]["applications"] == 0


def test_scorecard_completion_and_calibration(data):
    completion = {r["interviewer"]: r for r in reports.scorecard_completion(reports.Filters())}
    assert completion["Marco Conti"] == {"interviewer": "Marco Conti", "on_time": 1, "late": 0, "missing": 1}
    assert completion["Sara Lombardi"]["late"] == 1
    calibration = {r["interviewer"]: r for r in reports.calibration(reports.Filters())}
    assert calibration["Marco Conti"]["mean"] == 4.0 and calibration["Sara Lombardi"]["mean"] == 2.0
    assert calibration["Marco Conti"]["panel"] == 3.0 and calibration["Marco Conti"]["difference"] == 1.0


def test_reports_page_filters_and_csv(hr_client, data):
    url = reverse("staff:reports")
    response = hr_client.get(url, {"position": data["position"].pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "vendor/chartjs/chart.umd.min.js" in html and "funnel-data" in html
    csv_response = hr_client.get(url, {"position": data["position"].pk, "export": "funnel"})
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Stage", "Applications", "Conversion from the stage before (%)"]
    assert rows[1] == ["Applied", "3", ""]
    bad = hr_client.get(url, {"date_from": "2026-12-31", "date_to": "2026-01-01", "position": "nope"})
    assert bad.status_code == 200 and "The end date is before the start date." in bad.content.decode()


def test_reports_query_count_does_not_grow_with_rows(hr_client, data, django_assert_max_num_queries):
    url = reverse("staff:reports")
    with django_assert_max_num_queries(30) as few:
        hr_client.get(url)
    ApplicationFactory.create_batch(30, position=data["position"])
    with django_assert_max_num_queries(30) as many:
        hr_client.get(url)
    assert len(few.captured_queries) == len(many.captured_queries)


def test_reports_are_for_hr(client, interviewer, db):
    client.force_login(interviewer)
    assert client.get(reverse("staff:reports")).status_code == 404


@pytest.mark.parametrize(
    "history, hires, days_to_hire",
    [
        pytest.param([("applied", 2), ("screening", 3), ("offer", 4), ("hired", 0)], 1, 9.0, id="hired"),
        pytest.param([("applied", 2), ("screening", 3), ("offer", 4), ("hired", 5), ("offer", 0)], 0, None,
                     id="hire-undone"),
        pytest.param([("applied", 2), ("offer", 4), ("hired", 5), ("offer", 1), ("hired", 0)], 1, 12.0,
                     id="undone-then-hired-again-counts-once-to-the-last-hire"),
    ],
)
def test_a_hire_counts_only_while_it_stands(reference_data, history, hires, days_to_hire):
    position = OpenPositionFactory(title="Bookkeeper")
    application = ApplicationFactory(position=position)
    _history(application, history, timezone.now() - 60 * D)
    filters = reports.Filters(position_id=position.pk)
    assert {r["stage"]: r["count"] for r in reports.funnel(filters)}["hired"] == hires
    assert reports.funnel_by_position(filters)[0]["counts"][-1] == hires
    speed = reports.speed(filters)
    assert (speed["hires"], speed["time_to_hire"]) == (hires, days_to_hire)
