"""Rules the database holds, not only the UI: history outlives people and applications, a submitted
scorecard is complete, a cancelled interview's scorecard is frozen."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from evaluations import scheduling, scorecards
from evaluations.models import Scorecard
from evaluations.tests.factories import rate_everything, schedule

pytestmark = pytest.mark.django_db
H = datetime.timedelta(hours=1)


@pytest.fixture
def submitted(reference_data, hr, interviewer):
    interview = schedule(interviewers=[interviewer], hr=hr, starts_in=-2 * H)
    return rate_everything(interview.scorecards.get())


def test_deleting_an_interviewer_with_scorecards_is_refused(submitted, interviewer):
    with pytest.raises(ProtectedError) as refused:
        interviewer.delete()
    assert submitted in refused.value.protected_objects
    assert Scorecard.objects.filter(pk=submitted.pk, status="submitted").exists()


def test_deleting_an_application_with_interviews_is_refused(submitted):
    application = submitted.interview.application
    with pytest.raises(ProtectedError):
        application.delete()
    assert Scorecard.objects.filter(pk=submitted.pk).exists()


@pytest.mark.parametrize(
    "change",
    [
        {"status": "submitted", "submitted_at": None},  # submitted without a time
        {"status": "submitted", "recommendation": ""},  # submitted without a recommendation
        {"status": "draft"},  # a draft that keeps its submission time
        {"status": "archived"},  # not a status at all
    ],
    ids=["no-time", "no-recommendation", "draft-with-time", "unknown-status"],
)
def test_the_database_refuses_an_incomplete_submitted_scorecard(submitted, change):
    if connection.vendor != "postgresql":
        pytest.skip("checked on PostgreSQL, where CI runs")
    with pytest.raises(IntegrityError, match="scorecard_submitted_is_complete"), transaction.atomic():
        Scorecard.objects.filter(pk=submitted.pk).update(**change)


def test_submitting_sets_both_halves_of_the_rule(submitted):
    assert submitted.status == "submitted" and submitted.submitted_at is not None and submitted.recommendation == "yes"


def test_the_migration_repairs_rows_that_break_the_rule(submitted, hr, interviewer, other_interviewer):
    if connection.vendor != "postgresql":
        pytest.skip("the constraint is dropped and restored inside the test's transaction (PostgreSQL DDL)")
    repair = importlib.import_module("evaluations.migrations.0005_scorecard_repair_submitted").repair
    interview = schedule(interviewers=[other_interviewer], hr=hr, starts_in=-2 * H)
    draft = interview.scorecards.get()
    constraint = next(c for c in Scorecard._meta.constraints if c.name == "scorecard_submitted_is_complete")
    with connection.cursor() as cursor:  # run the deferred foreign-key checks of the rows made above
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with connection.schema_editor() as editor:
        editor.remove_constraint(Scorecard, constraint)
    now = timezone.now()
    Scorecard.objects.filter(pk=submitted.pk).update(recommendation="")  # "submitted" without a recommendation
    Scorecard.objects.filter(pk=draft.pk).update(submitted_at=now)  # a draft with a submission time
    repair(apps, None)
    with connection.schema_editor() as editor:
        editor.add_constraint(Scorecard, constraint)  # would fail if a row still broke the rule
    assert Scorecard.objects.filter(pk=submitted.pk).values_list("status", "submitted_at").get() == ("draft", None)
    assert Scorecard.objects.filter(pk=draft.pk).values_list("status", "submitted_at").get() == ("draft", None)


def test_a_cancelled_interviews_scorecard_cannot_change(reference_data, hr, interviewer):
    interview = schedule(interviewers=[interviewer], hr=hr, starts_in=-2 * H)
    scorecard = interview.scorecards.get()
    scheduling.interview_cancel(interview=interview, user=hr)
    with pytest.raises(ValidationError) as refused:
        scorecards.scorecard_save(scorecard=scorecard, scores={}, notes={}, recommendation="yes", takeaways="x",
                                user=interviewer)
    assert refused.value.code == "cancelled"
    assert refused.value.messages == ["This interview was cancelled; the scorecard can no longer be changed."]
    with pytest.raises(ValidationError) as refused:
        scorecards.scorecard_submit(scorecard=scorecard, user=interviewer)
    assert refused.value.code == "cancelled"
    scorecard.refresh_from_db()
    assert (scorecard.status, scorecard.recommendation, scorecard.takeaways) == ("draft", "", "")


def test_the_view_says_so_for_a_cancelled_interview_never_a_500(reference_data, hr, interviewer, interviewer_client):
    interview = schedule(interviewers=[interviewer], hr=hr, starts_in=-2 * H)
    scorecard = interview.scorecards.get()
    scheduling.interview_cancel(interview=interview, user=hr)
    url = reverse("evaluations:scorecard", kwargs={"pk": scorecard.pk})
    response = interviewer_client.post(url, {"recommendation": "yes", "takeaways": "x"}, follow=True)
    assert response.status_code == 200
    assert "This interview was cancelled; the scorecard can no longer be changed." in [
        str(m) for m in response.context["messages"]
    ]
    autosave = interviewer_client.post(url, {"recommendation": "yes"}, HTTP_HX_REQUEST="true")
    assert autosave.status_code == 204 and autosave["HX-Redirect"] == url


def test_the_view_turns_a_cancellation_during_the_save_into_a_message(
    reference_data, hr, interviewer, interviewer_client, monkeypatch
):
    interview = schedule(interviewers=[interviewer], hr=hr, starts_in=-2 * H)
    scorecard = interview.scorecards.get()
    url = reverse("evaluations:scorecard", kwargs={"pk": scorecard.pk})
    real_save = scorecards.scorecard_save

    def cancelled_meanwhile(**kwargs):
        scheduling.interview_cancel(interview=interview, user=hr)  # HR cancels as the interviewer saves
        return real_save(**kwargs)

    monkeypatch.setattr(scorecards, "scorecard_save", cancelled_meanwhile)
    response = interviewer_client.post(url, {"recommendation": "yes", "takeaways": "x"}, follow=True)
    assert response.status_code == 200
    assert "This interview was cancelled; the scorecard can no longer be changed." in [
        str(m) for m in response.context["messages"]
    ]
    scorecard.refresh_from_db()
    assert scorecard.recommendation == ""
