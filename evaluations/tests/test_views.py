import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.models import RejectionReason
from candidates.tests.factories import ApplicationFactory
from evaluations import scheduling
from evaluations.models import Interview, Scorecard
from evaluations.tests.factories import rate_everything, schedule

H = datetime.timedelta(hours=1)


@pytest.fixture
def interview(reference_data, hr, interviewer, other_interviewer):
    return schedule(interviewers=[interviewer, other_interviewer], hr=hr, starts_in=-2 * H)


def test_my_interviews_lists_upcoming_due_and_overdue(client, hr, interviewer, interview):
    upcoming = schedule(interviewers=[interviewer], hr=hr, starts_in=2 * 24 * H)
    just_done = schedule(interviewers=[interviewer], hr=hr, starts_in=-datetime.timedelta(minutes=70))
    client.force_login(interviewer)
    response = client.get(reverse("evaluations:mine"))
    assert [s.interview for s in response.context["upcoming"]] == [upcoming]
    assert [s.interview for s in response.context["due"]] == [just_done]
    assert [s.interview for s in response.context["overdue"]] == [interview]


def test_my_interviews_requires_login(client, db):
    response = client.get(reverse("evaluations:mine"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_scorecard_page_shows_anchors_kit_and_saves_a_draft(client, interviewer, interview):
    card = interview.scorecards.get(interviewer=interviewer)
    client.force_login(interviewer)
    html = client.get(card.get_absolute_url()).content.decode()
    assert "Explains clearly and briefly" in html  # what a 4 looks like for communication
    assert "Interview kit" in html and "Record supplier invoices" in html
    assert "Tell me about a time" in html  # behavioural questions for the competencies
    rating = card.ratings.filter(criterion__startswith="competency:").first()
    response = client.post(
        card.get_absolute_url(),
        {f"score_{rating.criterion}": "4", f"note_{rating.criterion}": "Calm and courteous with the role-play client."},
        HTTP_HX_REQUEST="true",
    )
    assert "Draft saved" in response.content.decode()
    rating.refresh_from_db()
    assert rating.score == 4 and "courteous" in rating.note


def test_submitting_an_incomplete_scorecard_says_what_is_missing(client, interviewer, interview):
    card = interview.scorecards.get(interviewer=interviewer)
    client.force_login(interviewer)
    response = client.post(card.get_absolute_url(), {"action": "submit"})
    assert response.status_code == 200
    assert "Still missing: Accounts payable" in response.content.decode().replace("&quot;", "")
    card.refresh_from_db()
    assert card.status == Scorecard.Status.DRAFT


def test_tampered_posts_to_someone_elses_scorecard_are_404(client, interviewer, other_interviewer, interview):
    theirs = interview.scorecards.get(interviewer=other_interviewer)
    client.force_login(interviewer)
    assert client.get(theirs.get_absolute_url()).status_code == 404
    rating = theirs.ratings.first()
    response = client.post(theirs.get_absolute_url(), {f"score_{rating.criterion}": "1", "action": "submit"})
    assert response.status_code == 404
    rating.refresh_from_db()
    assert rating.score is None
    assert client.get(reverse("evaluations:scorecard", kwargs={"pk": 999999})).status_code == 404


def test_blind_until_own_scorecard_is_submitted(client, interviewer, other_interviewer, interview):
    rate_everything(interview.scorecards.get(interviewer=other_interviewer))
    url = reverse("evaluations:application_scorecards", kwargs={"application_pk": interview.application_id})
    client.force_login(interviewer)
    response = client.get(url, follow=True)
    assert "Submit your own scorecard first" in response.content.decode()
    assert "Solid." not in response.content.decode()
    rate_everything(interview.scorecards.get(interviewer=interviewer), score=2, recommendation="no")
    html = client.get(url).content.decode()
    assert "Sara Lombardi" in html and "Solid." in html


def test_interviewers_see_the_candidate_they_interview_but_not_others(client, interviewer, interview, reference_data):
    stranger = ApplicationFactory()
    client.force_login(interviewer)
    assert client.get(interview.application.get_absolute_url()).status_code == 200
    assert client.get(reverse("candidates:resume", kwargs={"pk": interview.application_id})).status_code == 200
    assert client.get(stranger.get_absolute_url()).status_code == 404
    # They may read, not act: HR-only actions stay closed.
    move = reverse("candidates:move", kwargs={"pk": interview.application_id})
    assert client.post(move, {"to_stage": "offer"}).status_code == 404


def test_hr_sees_the_summary_on_the_candidate_page(hr_client, interviewer, other_interviewer, interview):
    rate_everything(interview.scorecards.get(interviewer=other_interviewer), score=4, recommendation="strong_yes")
    html = hr_client.get(interview.application.get_absolute_url()).content.decode()
    assert "Interviews and scorecards" in html
    assert "Strong yes" in html
    assert "Still missing:" in html and "Marco Conti" in html


def test_schedule_view_for_hr_only(client, hr, interviewer, reference_data):
    application = ApplicationFactory()
    application.position.panel.add(interviewer)
    url = reverse("evaluations:schedule", kwargs={"application_pk": application.pk})
    client.force_login(interviewer)
    assert client.get(url).status_code == 404
    client.force_login(hr)
    assert client.get(url).status_code == 200
    when = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT10:00")
    response = client.post(url, {"kind": "role_play", "starts_at": when, "duration_minutes": "45",
                                 "location": "Meet link", "interviewers": [interviewer.pk]})
    interview = Interview.objects.get(application=application)
    assert response["Location"] == interview.get_absolute_url()
    past = (timezone.localtime() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT10:00")
    response = client.post(url, {"kind": "role_play", "starts_at": past, "duration_minutes": "45",
                                 "location": "Meet link", "interviewers": [interviewer.pk]})
    assert "Choose a time in the future." in response.content.decode()


@pytest.mark.parametrize("case, message", [
    ("hired", "This person has been hired; undo the hire on their page before scheduling an interview."),
    ("rejected", "This application is closed; reopen it before scheduling an interview."),
    ("anonymised", "This application has been anonymised: it can no longer change."),
    ("blind", "This position uses blind screening"),
])
def test_the_schedule_form_is_not_shown_for_an_application_the_service_would_refuse(hr_client, case, message):
    application = ApplicationFactory(
        stage={"hired": "hired", "rejected": "rejected"}.get(case, "screening"),
        anonymised_at=timezone.now() if case == "anonymised" else None,
        position__blind_screening=case == "blind",
        rejection_reason=RejectionReason.objects.filter(kind="we_rejected").first() if case == "rejected" else None,
    )
    response = hr_client.get(reverse("evaluations:schedule", kwargs={"application_pk": application.pk}), follow=True)
    assert response.redirect_chain == [(application.get_absolute_url(), 302)]
    assert [str(m) for m in response.context["messages"]][0].startswith(message)


def test_reschedule_and_cancel_views(hr_client, interview):
    url = reverse("evaluations:reschedule", kwargs={"pk": interview.pk})
    assert hr_client.get(url).status_code == 200
    hr_client.post(reverse("evaluations:cancel", kwargs={"pk": interview.pk}))
    interview.refresh_from_db()
    assert interview.is_cancelled and interview.sequence == 1


@pytest.mark.parametrize("cancelled", [False, True], ids=["scheduled", "cancelled"])
def test_a_cancelled_interviews_scorecard_is_shown_disabled_with_the_reason(client, hr, interviewer, interview, cancelled):
    if cancelled:
        scheduling.interview_cancel(interview=interview, user=hr)
    card = interview.scorecards.get(interviewer=interviewer)
    client.force_login(interviewer)
    html = client.get(card.get_absolute_url()).content.decode()
    assert ("<fieldset class=\"border-0 p-0 m-0\" disabled>" in html) is cancelled
    assert ("data-cancelled>This interview was cancelled; the scorecard can no longer be changed.</div>" in html) is cancelled
    assert ('value="save"' in html) is not cancelled
    assert ("data-autosave=" in html) is not cancelled
