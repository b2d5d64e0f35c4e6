"""The evaluations admin: every page opens with real rows, nothing is deleted, closed scorecards are read-only."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from evaluations import assessments, ranking, scheduling, scorecards, slots
from evaluations.models import (
    ApplicationScore,
    AssessmentAttempt,
    AssessmentExclusion,
    AssessmentExercise,
    AssessmentItem,
    Interview,
    Rating,
    Reminder,
    Scorecard,
    ScoreChange,
    SlotOffer,
)
from evaluations.tests.factories import rate_everything, schedule

pytestmark = pytest.mark.django_db
H = datetime.timedelta(hours=1)


@pytest.fixture
def root(client):
    user = get_user_model().objects.create_superuser("root", "root@example.invalid", "a-long-test-password")
    client.force_login(user)
    return user


@pytest.fixture
def rows(reference_data, hr, interviewer, other_interviewer):
    """A submitted, a draft and a cancelled scorecard, reminders in every status, a score."""
    done = schedule(interviewers=[interviewer, other_interviewer], hr=hr, starts_in=-3 * H)
    submitted = rate_everything(done.scorecards.get(interviewer=interviewer))
    draft = done.scorecards.get(interviewer=other_interviewer)
    scorecards.scorecard_save(scorecard=submitted, scores={}, notes={}, recommendation="strong_yes", takeaways="Better.",
                            user=interviewer)  # a recorded change after submission
    cancelled_interview = schedule(interviewers=[interviewer], hr=hr, starts_in=2 * H)
    scheduling.interview_cancel(interview=cancelled_interview, user=hr)
    slots.slot_offer_create(application=cancelled_interview.application, kind="phone", duration_minutes=30,
                            location="Room 1", interviewers=[interviewer],
                            starts=[timezone.now() + 120 * H, timezone.now() + 144 * H], user=hr)
    for status in ("pending", "sending", "sent", "uncertain", "failed"):
        Reminder.objects.create(key=f"test:{status}", kind="interview", interview=done, to="x@example.invalid",
                                status=status, sending_since=timezone.now(), payload={"sequence": 0})
    ranking.rescore()
    # A completed assessment excluded with a reason (candidate text in the answers), and a score change.
    attempt = AssessmentAttempt.objects.create(
        application=done.application, status=AssessmentAttempt.Status.COMPLETED, time_limit_minutes=30,
        started_at=timezone.now() - 2 * H, deadline_at=timezone.now() - H, finished_at=timezone.now() - H,
        answers={"1": {"fields": {"number": "<b>FT-1</b>"}}}, scores={"judgement": {}, "exercises": []},
        excluded=True,
    )
    AssessmentExclusion.objects.create(attempt=attempt, excluded=True, reason="<i>Help from someone</i>", by=hr)
    assessments.plan_save(position=done.application.position, enabled=True, time_limit_minutes=25,
                          judgement_counts={}, exercises=AssessmentExercise.objects.all())
    ScoreChange.objects.create(application=done.application, total_before=50.0, total_after=61.0,
                               parts_before={"skills": 50.0, "background": 50.0, "interpersonal": None},
                               parts_after={"skills": 50.0, "background": 50.0, "interpersonal": 72.0},
                               causes=["scorecard", "unknown-code"])
    return {
        "submitted": submitted, "draft": draft, "cancelled": cancelled_interview.scorecards.get(),
        "interview": done, "cancelled_interview": cancelled_interview,
    }


def _evaluations_admins():
    return [(model, model_admin) for model, model_admin in admin.site._registry.items() if model._meta.app_label == "evaluations"]


def test_every_changelist_and_change_page_opens(client, root, rows):
    opened = 0
    for model, _model_admin in _evaluations_admins():
        meta = model._meta
        assert model.objects.exists(), meta.label
        changelist = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        assert changelist.status_code == 200, meta.label
        for obj in model.objects.all():
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
            assert client.get(url).status_code == 200, url
            opened += 1
    assert {m._meta.model_name for m, _ in _evaluations_admins()} == {
        "interview", "scorecard", "reminder", "applicationscore", "slotoffer", "assessmentattempt", "scorechange",
        "assessmentitem", "assessmentexercise", "assessmentplan",
    }
    assert opened == (Interview.objects.count() + Scorecard.objects.count() + Reminder.objects.count()
                      + ApplicationScore.objects.count() + SlotOffer.objects.count()
                      + AssessmentAttempt.objects.count() + ScoreChange.objects.count()
                      + AssessmentItem.objects.count() + AssessmentExercise.objects.count() + 1)


def test_nothing_in_evaluations_can_be_deleted_from_the_admin(client, root, rows):
    for model, model_admin in _evaluations_admins():
        meta = model._meta
        obj = model.objects.first()
        assert not model_admin.has_delete_permission(type("R", (), {"user": root})(), obj), meta.label
        assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[obj.pk])).status_code == 403
        changelist = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")).content.decode()
        assert 'value="delete_selected"' not in changelist, meta.label
    for inline in (admin.site._registry[Scorecard].inlines + admin.site._registry[Interview].inlines
                   + admin.site._registry[SlotOffer].inlines):
        assert inline.can_delete is False


def test_submitted_and_cancelled_scorecards_are_read_only_in_the_admin(client, root, rows):
    for name in ("submitted", "cancelled"):
        scorecard = rows[name]
        scorecard.refresh_from_db()
        url = reverse("admin:evaluations_scorecard_change", args=[scorecard.pk])
        page = client.get(url).content.decode()
        assert 'name="recommendation"' not in page and 'name="ratings-0-score"' not in page, name
        before = (scorecard.recommendation, list(scorecard.ratings.values_list("score", flat=True)))
        response = client.post(url, {"recommendation": "no", "takeaways": "edited"})
        assert response.status_code == 403, name
        scorecard.refresh_from_db()
        assert (scorecard.recommendation, list(scorecard.ratings.values_list("score", flat=True))) == before


def test_a_draft_is_editable_in_the_admin_but_never_submitted_there(client, root, rows):
    draft = rows["draft"]
    url = reverse("admin:evaluations_scorecard_change", args=[draft.pk])
    page = client.get(url).content.decode()
    assert 'name="recommendation"' in page and 'name="status"' not in page
    ratings = list(draft.ratings.all())
    data = {"recommendation": "yes", "takeaways": "Draft note.", "status": "submitted",
            "ratings-TOTAL_FORMS": len(ratings), "ratings-INITIAL_FORMS": len(ratings),
            "ratings-MIN_NUM_FORMS": 0, "ratings-MAX_NUM_FORMS": 1000,
            "changes-TOTAL_FORMS": 0, "changes-INITIAL_FORMS": 0, "changes-MIN_NUM_FORMS": 0, "changes-MAX_NUM_FORMS": 0}
    for index, rating in enumerate(ratings):
        data |= {f"ratings-{index}-id": rating.pk, f"ratings-{index}-scorecard": draft.pk,
                 f"ratings-{index}-score": 2, f"ratings-{index}-note": ""}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    assert (draft.status, draft.submitted_at, draft.recommendation) == ("draft", None, "yes")
    assert set(Rating.objects.filter(scorecard=draft).values_list("score", flat=True)) == {2}
