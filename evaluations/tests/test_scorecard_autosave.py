"""Saving a draft scorecard as the interviewer types: what it answers, what it refuses, whom it lets in."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations import scheduling
from evaluations.models import Interview, Scorecard, ScorecardChange
from evaluations.tests.factories import rate_everything, schedule

ALL_TO_RATE = (
    "Still to rate: Accounts payable, SAP, Relevance of education, Relevance of experience to the duties, "
    "Communication, Teamwork, Overall recommendation"
)


@pytest.fixture
def interview(reference_data, hr, interviewer, other_interviewer):
    return schedule(interviewers=[interviewer, other_interviewer], hr=hr, starts_in=datetime.timedelta(days=2))


@pytest.fixture
def card(interview, interviewer):
    return interview.scorecards.get(interviewer=interviewer)


def _criteria(card):
    return {r.label: r.criterion for r in card.ratings.all()}


def _saved_message(card):
    card.refresh_from_db()
    return f"Draft saved at {timezone.localtime(card.updated_at):%H:%M} — all changes saved."


def test_autosave_keeps_a_note_and_says_what_is_left(client, interviewer, card):
    skill = _criteria(card)["Accounts payable"]
    client.force_login(interviewer)
    response = client.post(card.get_absolute_url(), {
        "action": "autosave", f"note_{skill}": "Explained the three-way match without notes.", f"score_{skill}": "3",
    })
    assert response.status_code == 200
    assert response.json() == {
        "state": "saved", "message": _saved_message(card), "saved_at": f"{timezone.localtime(card.updated_at):%H:%M}",
        "missing": ALL_TO_RATE.replace("Accounts payable, ", ""),
    }
    rating = card.ratings.get(criterion=skill)
    assert (rating.score, rating.note) == (3, "Explained the three-way match without notes.")


def test_autosave_never_submits_a_complete_scorecard(client, interviewer, interview, card):
    Interview.objects.filter(pk=interview.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=2))
    data = {f"score_{criterion}": "4" for criterion in _criteria(card).values()}
    client.force_login(interviewer)
    response = client.post(card.get_absolute_url(), {**data, "recommendation": "strong_yes", "action": "autosave"})
    assert response.json()["missing"] == ""
    card.refresh_from_db()
    assert (card.status, card.submitted_at, card.recommendation) == (Scorecard.Status.DRAFT, None, "strong_yes")


def test_autosave_twice_gives_the_same_draft(client, interviewer, card):
    skill = _criteria(card)["SAP"]
    data = {"action": "autosave", f"score_{skill}": "2", f"note_{skill}": "Knows the menus, not the month-end close.",
            "takeaways": "Careful; slow."}
    client.force_login(interviewer)
    first = client.post(card.get_absolute_url(), data)
    second = client.post(card.get_absolute_url(), data)
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json()["missing"] == second.json()["missing"] == ALL_TO_RATE.replace("SAP, ", "")
    card.refresh_from_db()
    assert (card.status, card.takeaways) == (Scorecard.Status.DRAFT, "Careful; slow.")
    assert list(card.ratings.exclude(score=None).values_list("score", "note")) == [
        (2, "Knows the menus, not the month-end close.")
    ]
    assert ScorecardChange.objects.count() == 0


@pytest.mark.parametrize("field, value, message", [
    ("score_{skill}", "7", "Not saved: Accounts payable: Select a valid choice. 7 is not one of the available choices. "
                           "Your answers are still on this page."),
    ("score_{skill}", "0", "Not saved: Accounts payable: Select a valid choice. 0 is not one of the available choices. "
                           "Your answers are still on this page."),
    ("note_{skill}", "x" * 2001, "Not saved: Note on Accounts payable: Ensure this value has at most 2000 characters "
                                 "(it has 2001). Your answers are still on this page."),
    ("takeaways", "y" * 5001, "Not saved: Key take-aways: Ensure this value has at most 5000 characters (it has 5001). "
                              "Your answers are still on this page."),
    ("recommendation", "maybe", "Not saved: Overall recommendation: Select a valid choice. maybe is not one of the "
                                "available choices. Your answers are still on this page."),
], ids=["score-7", "score-0", "note-2001-characters", "takeaways-5001-characters", "unknown-recommendation"])
def test_autosave_refuses_bad_input_and_changes_nothing(client, interviewer, card, field, value, message):
    skill = _criteria(card)["Accounts payable"]
    client.force_login(interviewer)
    response = client.post(card.get_absolute_url(), {"action": "autosave", field.format(skill=skill): value,
                                                     f"note_{skill}": "kept?" if "note" not in field else value})
    assert response.status_code == 400
    body = response.json()
    assert (body["state"], body["message"]) == ("invalid", message)
    assert list(card.ratings.exclude(note="").values_list("note", flat=True)) == []


def test_autosave_is_refused_once_submitted(client, interviewer, interview, card):
    Interview.objects.filter(pk=interview.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=2))
    rate_everything(card, score=3)
    skill = _criteria(card)["SAP"]
    client.force_login(interviewer)
    response = client.post(card.get_absolute_url(), {"action": "autosave", f"score_{skill}": "1", "recommendation": "no"})
    assert response.status_code == 409
    assert response.json() == {
        "state": "refused",
        "message": "This scorecard has been submitted, so it is no longer saved as you type. Reload the page to see it; "
                   "changes are then saved with “Save changes” and recorded with your name.",
    }
    card.refresh_from_db()
    assert (card.recommendation, card.ratings.get(criterion=skill).score) == ("yes", 3)
    assert ScorecardChange.objects.count() == 0


def test_autosave_is_refused_once_cancelled(client, hr, interviewer, interview, card):
    scheduling.interview_cancel(interview=interview, user=hr)
    skill = _criteria(card)["SAP"]
    client.force_login(interviewer)
    response = client.post(card.get_absolute_url(), {"action": "autosave", f"score_{skill}": "1"})
    assert response.status_code == 409
    assert response.json() == {
        "state": "refused", "message": "This interview was cancelled; the scorecard can no longer be changed.",
    }
    assert card.ratings.get(criterion=skill).score is None


@pytest.mark.parametrize("who, status", [
    ("other_interviewer", 404),
    ("hr", 404),
    ("visitor", 302),
], ids=["colleague-on-the-panel", "hr-manager", "signed-out"])
def test_autosave_only_for_the_scorecards_interviewer(client, request, card, who, status):
    if who != "visitor":
        client.force_login(request.getfixturevalue(who))
    skill = _criteria(card)["SAP"]
    response = client.post(card.get_absolute_url(), {"action": "autosave", f"score_{skill}": "1"})
    assert response.status_code == status
    assert card.ratings.get(criterion=skill).score is None


def test_autosave_of_an_unknown_scorecard_is_404(client, interviewer, card):
    client.force_login(interviewer)
    url = reverse("evaluations:scorecard", kwargs={"pk": card.pk + 1000})
    assert client.post(url, {"action": "autosave"}).status_code == 404


def test_the_draft_page_asks_for_autosave_and_a_submitted_one_does_not(client, interviewer, interview, card):
    client.force_login(interviewer)
    html = client.get(card.get_absolute_url()).content.decode()
    assert f'data-autosave="{card.get_absolute_url()}"' in html
    assert 'data-retrying="Not saved — retrying…"' in html and 'data-saving="Saving…"' in html
    Interview.objects.filter(pk=interview.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=2))
    rate_everything(card)
    assert "data-autosave" not in client.get(card.get_absolute_url()).content.decode()


@pytest.mark.parametrize("language, saved, retrying", [
    ("en", "Draft saved at {time} — all changes saved.", 'data-retrying="Not saved — retrying…"'),
    ("it", "Bozza salvata alle {time} — tutte le modifiche sono salvate.", 'data-retrying="Non salvato — nuovo tentativo…"'),
], ids=["english", "italian"])
def test_the_save_status_speaks_the_interviewers_language(client, interviewer, card, language, saved, retrying):
    client.force_login(interviewer)
    html = client.get(card.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert retrying in html
    skill = _criteria(card)["SAP"]
    response = client.post(card.get_absolute_url(), {"action": "autosave", f"score_{skill}": "2"},
                           HTTP_ACCEPT_LANGUAGE=language)
    card.refresh_from_db()
    assert response.json()["message"] == saved.format(time=f"{timezone.localtime(card.updated_at):%H:%M}")
