"""A rescore of many batches outside a transaction stores each batch from a second thread (on its own connection)
while the next is scored: what it stores, the history it keeps, its progress and its failures are those of the
rescore that stores them one after the other."""

import datetime
import threading

import pytest
from django.db import connection

from candidates.tests.factories import ApplicationFactory
from evaluations import ranking
from evaluations.models import ApplicationScore, ScoreChange
from evaluations.tests.factories import rate_everything, schedule
from positions.tests.factories import OpenPositionFactory

FIGURES = ("skills", "background", "interpersonal", "total", "partial", "scorecards", "evidence", "lines")
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def world(reference_data, hr, interviewer):
    if connection.vendor != "postgresql":
        pytest.skip("the second connection is taken on PostgreSQL only")
    position = OpenPositionFactory(title="Clerk", skills=["SAP", "Excel"])
    apps = [
        ApplicationFactory(position=position, education_level=level, years_experience=years, resume_text=text)
        for level, years, text in [(3, 2, "SAP"), (3, 2, "SAP"), (4, 6, ""), (2, 0, "Excel, SAP"), (5, 9, "excel"),
                                   (1, 1, ""), (6, 12, "sap"), (3, 2, "SAP"), (2, 4, "Excel")]
    ]
    interview = schedule(application=apps[0], interviewers=[interviewer], hr=hr, starts_in=-datetime.timedelta(hours=2))
    rate_everything(interview.scorecards.get(), score=4)
    return position, apps


def _stored(position):
    return {
        row["application_id"]: tuple(row[f] for f in FIGURES)
        for row in ApplicationScore.objects.filter(position=position).values("application_id", *FIGURES)
    }


def _history(position):
    return sorted(
        ScoreChange.objects.filter(application__position=position)
        .values_list("application_id", "total_before", "total_after", "causes")
    )


def _writers():
    return [thread for thread in threading.enumerate() if thread.name == "rescore-writer"]


def _reweigh(position):
    position.score_weight_skills, position.score_weight_background = 60, 10
    position.save(update_fields=["score_weight_skills", "score_weight_background"])


def _sequential_then_alongside(position, monkeypatch, batch):
    """The stored rows and history of the same two rescores (first scoring, then after a weight edit), one after
    the other in batches of 1000, then in batches of ``batch`` alongside; the threads that wrote."""
    seen = []
    real = ranking._store_alongside
    monkeypatch.setattr(ranking, "_store_alongside",
                        lambda *args: seen.append(threading.get_ident()) or real(*args))
    results = []
    for size in (1000, batch):
        ApplicationScore.objects.all().delete()
        ScoreChange.objects.all().delete()
        position.score_weight_skills, position.score_weight_background = 40, 30
        position.save(update_fields=["score_weight_skills", "score_weight_background"])
        monkeypatch.setattr(ranking, "BATCH", size)
        assert ranking.rescore(position_id=position.pk) == 9
        first = _stored(position)
        _reweigh(position)
        assert ranking.rescore(position_id=position.pk) == 9
        results.append((first, _stored(position), _history(position)))
    return results, len(seen)


@pytest.mark.parametrize("batch", [1, 2, 4], ids=["batches-of-one", "batches-of-two", "batches-of-four"])
def test_stored_alongside_gives_the_rows_and_history_of_one_after_the_other(world, monkeypatch, batch):
    position, _apps = world
    (sequential, alongside), alongside_runs = _sequential_then_alongside(position, monkeypatch, batch)
    assert alongside == sequential
    assert alongside_runs == 2  # both rescores of the second round took the second thread
    assert len(sequential[2]) == 9  # every total moved with the weights, and each move was recorded
    assert _writers() == []


def test_one_batch_or_a_caller_transaction_stores_in_this_thread(world, monkeypatch):
    position, _apps = world
    from django.db import transaction

    monkeypatch.setattr(ranking, "_store_alongside", lambda *args: pytest.fail("no second thread expected"))
    assert ranking.rescore(position_id=position.pk) == 9  # one batch of 5,000
    monkeypatch.setattr(ranking, "BATCH", 2)
    with transaction.atomic():  # a second connection would not see this transaction's rows
        assert ranking.rescore(position_id=position.pk) == 9
    assert ApplicationScore.objects.filter(position=position).count() == 9


def test_progress_counts_each_stored_batch(world, monkeypatch):
    position, _apps = world
    monkeypatch.setattr(ranking, "BATCH", 4)
    reported = []
    ranking.rescore(position_id=position.pk, progress=lambda done, total: reported.append((done, total)))
    assert reported == [(4, 9), (8, 9), (9, 9)]


def test_a_failing_write_stops_the_run_keeps_the_batches_before_and_is_raised(world, monkeypatch):
    position, apps = world
    monkeypatch.setattr(ranking, "BATCH", 2)
    real = ranking._upsert
    calls = []

    def upsert(rows):
        calls.append(sorted(row.application_id for row in rows))
        if len(calls) == 2:
            raise RuntimeError("disk full")
        real(rows)

    monkeypatch.setattr(ranking, "_upsert", upsert)
    with pytest.raises(RuntimeError, match="disk full"):
        ranking.rescore(position_id=position.pk)
    ordered = sorted(a.pk for a in apps)
    assert calls == [ordered[0:2], ordered[2:4]]  # nothing written after the failure
    assert sorted(ApplicationScore.objects.values_list("application_id", flat=True)) == ordered[0:2]
    assert _writers() == []


def test_a_failing_scoring_stops_the_run_after_storing_what_was_scored(world, monkeypatch):
    position, apps = world
    monkeypatch.setattr(ranking, "BATCH", 2)
    real = ranking._score_batch
    calls = []

    def score_batch(ids, run):
        calls.append(list(ids))
        if len(calls) == 3:
            raise RuntimeError("bad input")
        return real(ids, run)

    monkeypatch.setattr(ranking, "_score_batch", score_batch)
    with pytest.raises(RuntimeError, match="bad input"):
        ranking.rescore(position_id=position.pk)
    ordered = sorted(a.pk for a in apps)
    assert sorted(ApplicationScore.objects.values_list("application_id", flat=True)) == ordered[0:4]
    assert _writers() == []
