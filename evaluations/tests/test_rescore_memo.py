"""A rescore scores each shared input once and writes in bulk: the stored rows and their history are exactly what
scoring each application on its own gives, whatever the memo's bounds and the batch size."""

import datetime

import pytest

from candidates.tests.factories import ApplicationFactory
from evaluations import ranking, score_history
from evaluations.models import ApplicationScore, ScoreChange
from evaluations.tests.factories import rate_everything, schedule
from positions.tests.factories import OpenPositionFactory

FIGURES = ("skills", "background", "interpersonal", "interpersonal_sort", "total", "partial", "scorecards",
           "evidence", "lines")


@pytest.fixture
def world(reference_data, hr, interviewer, django_capture_on_commit_callbacks):
    """Twelve applicants: pairs with the same education, years and words, one declared skill, and one rated."""
    position = OpenPositionFactory(title="Clerk", skills=["SAP", "Excel"])
    apps = [
        ApplicationFactory(position=position, education_level=level, years_experience=years, resume_text=text)
        for level, years, text in [(3, 2, "SAP"), (3, 2, "SAP"), (4, 6, ""), (4, 6, ""), (2, 0, "Excel, SAP"),
                                   (2, 0, "Excel, SAP"), (5, 9, "excel"), (5, 9, "EXCEL"), (1, 1, ""), (6, 12, "sap"),
                                   (3, 2, "SAP"), (3, 2, "SAP")]
    ]
    apps[3].declared_skills.set([ps.skill for ps in position.position_skills.select_related("skill") if ps.skill.name == "Excel"])
    with django_capture_on_commit_callbacks(execute=True):
        interview = schedule(application=apps[0], interviewers=[interviewer], hr=hr,
                             starts_in=-datetime.timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        rate_everything(interview.scorecards.get(), score=4)
    return position, apps


def _stored(position):
    return {
        row["application_id"]: tuple(row[f] for f in FIGURES)
        for row in ApplicationScore.objects.filter(position=position).values("application_id", *FIGURES)
    }


def _one_by_one(position, apps):
    """Each application scored in its own rescore: no input shared with another."""
    for application in apps:
        ranking.rescore(application_ids=[application.pk])
    return _stored(position)


@pytest.mark.parametrize(("memo_max", "batch"), [(10000, 2000), (1, 2000), (2, 5), (10000, 1)],
                         ids=["shared", "memo-of-one", "memo-of-two-batches-of-five", "batches-of-one"])
def test_a_position_rescore_stores_what_scoring_each_alone_stores(world, monkeypatch, memo_max, batch):
    position, apps = world
    expected = _one_by_one(position, apps)
    ApplicationScore.objects.filter(position=position).delete()
    monkeypatch.setattr(ranking, "MEMO_MAX", memo_max)
    monkeypatch.setattr(ranking, "BATCH", batch)
    assert (ranking.rescore(position_id=position.pk), _stored(position)) == (12, expected)


def test_applicants_with_the_same_inputs_share_one_scoring_and_the_rated_one_is_scored_alone(world, monkeypatch):
    position, apps = world
    scored = []
    real = ranking._score_one
    monkeypatch.setattr(ranking, "_score_one", lambda *args: scored.append(args[1:3]) or real(*args))
    ranking.rescore(position_id=position.pk)
    # 12 applicants, 8 scorings: [0] is rated, so scored alone; [1], [10] and [11] share one; [5] shares [4]'s;
    # [7] shares [6]'s (the text is folded); [2] and [3] differ by a declared skill; [8] and [9] are their own.
    assert sorted(scored) == [(1, 1), (2, 0), (3, 2), (3, 2), (4, 6), (4, 6), (5, 9), (6, 12)]


@pytest.mark.parametrize("limit", [1, 2, 10000])
def test_the_history_of_a_reweighted_rescore_is_the_same_whatever_the_memo_keeps(world, monkeypatch, limit):
    position, apps = world
    ranking.rescore(position_id=position.pk)
    before = _stored(position)
    position.score_weight_skills, position.score_weight_background = 60, 10
    position.save(update_fields=["score_weight_skills", "score_weight_background"])
    monkeypatch.setattr(score_history.Memo, "LIMIT", limit)
    monkeypatch.setattr(ranking, "BATCH", 5)
    ranking.rescore(position_id=position.pk)
    after = _stored(position)
    changes = {c.application_id: c for c in ScoreChange.objects.filter(application__position=position)}
    assert {pk: (c.total_before, c.total_after, c.causes) for pk, c in changes.items()} == {
        pk: (before[pk][4], after[pk][4], ["position"]) for pk in before if before[pk][4] != after[pk][4]
    }
    assert len(changes) == 12


def test_rows_stored_before_fingerprints_get_the_same_history_and_a_fingerprint(world):
    position, apps = world
    ranking.rescore(position_id=position.pk)
    stored = dict(ApplicationScore.objects.filter(position=position).values_list("application_id", "digest"))
    ApplicationScore.objects.filter(position=position).update(digest="")  # as the release before left them
    before = _stored(position)
    position.score_weight_skills, position.score_weight_background = 60, 10
    position.save(update_fields=["score_weight_skills", "score_weight_background"])
    ranking.rescore(position_id=position.pk)
    after = _stored(position)
    changes = {c.application_id: (c.total_before, c.total_after, c.causes)
               for c in ScoreChange.objects.filter(application__position=position)}
    assert changes == {pk: (before[pk][4], after[pk][4], ["position"]) for pk in before}
    # The fingerprint is the MD5 of the lines as written; alike applicants share one, the weights changed them all.
    fresh = dict(ApplicationScore.objects.filter(position=position).values_list("application_id", "digest"))
    assert {pk: len(value) for pk, value in fresh.items()} == {pk: 32 for pk in before}
    assert (fresh[apps[1].pk] == fresh[apps[10].pk], fresh[apps[1].pk] == stored[apps[1].pk]) == (True, False)
