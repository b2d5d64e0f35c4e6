"""What an interviewer sees of a candidate: what they are assigned, and nothing HR keeps for itself."""

import datetime
from html import unescape

import pytest
from django.urls import reverse

from candidates import services as candidate_services
from candidates.models import CandidateEmail, Stage
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from evaluations import scorecards
from evaluations.tests.factories import rate_everything, schedule
from positions.tests.factories import OpenPositionFactory

H = datetime.timedelta(hours=1)


@pytest.fixture
def case(reference_data, hr, interviewer, other_interviewer):
    """Livia's application with everything HR and colleagues hold about it, and one interview Marco is on."""
    person = CandidateFactory(first_name="Livia", last_name="Russo")
    application = ApplicationFactory(candidate=person, stage=Stage.INTERVIEW)
    interview = schedule(interviewers=[interviewer, other_interviewer], application=application, hr=hr, starts_in=-2 * H)
    second_round = schedule(interviewers=[other_interviewer], application=application, hr=hr, starts_in=48 * H)
    candidate_services.note_add(application=application, author=hr, body="HR only: asks for 40k")
    candidate_services.application_move(application=application, to_stage=Stage.OFFER, user=hr,
                                        note="Called her about relocating")
    candidate_services.application_move(application=application, to_stage=Stage.INTERVIEW, user=hr)
    CandidateEmail.objects.create(application=application, kind="confirmation", key="confirmation:livia",
                                  to=person.email, language="it", subject="Grazie Livia, candidatura ricevuta", body="…")
    elsewhere = ApplicationFactory(candidate=person, position=OpenPositionFactory(title="Records clerk 77"))
    schedule(interviewers=[interviewer], application=elsewhere, hr=hr, starts_in=72 * H)
    theirs = interview.scorecards.get(interviewer=other_interviewer)
    criterion = theirs.ratings.first().criterion
    scorecards.scorecard_save(scorecard=theirs, scores={r.criterion: 4 for r in theirs.ratings.all()},
                            notes={criterion: "Sara's own impression"}, recommendation="strong_yes",
                            takeaways="Sara would hire today", user=other_interviewer)
    scorecards.scorecard_submit(scorecard=theirs, user=other_interviewer)
    return {"application": application, "interview": interview, "second_round": second_round, "elsewhere": elsewhere}


def _must_not_show(case):
    application = case["application"]
    return {
        "hr-notes": ["HR only: asks for 40k", reverse("candidates:add_note", kwargs={"pk": application.pk})],
        "stage-change-notes": ["Called her about relocating"],
        "move-controls": [reverse("candidates:move", kwargs={"pk": application.pk}), 'name="to_stage"'],
        "reject-controls": [reverse("candidates:reject", kwargs={"pk": application.pk})],
        "hire-controls": [reverse("candidates:confirm_hire", kwargs={"pk": application.pk})],
        "schedule-controls": [reverse("evaluations:schedule", kwargs={"application_pk": application.pk})],
        "other-applications": ["Other applications", "Records clerk 77", case["elsewhere"].get_absolute_url()],
        "emails-to-the-candidate": ["Grazie Livia, candidatura ricevuta", "Application received"],
        "colleagues-scorecards": ["Sara would hire today", "Sara's own impression", "Ratings per criterion",
                                  reverse("evaluations:application_scorecards", kwargs={"application_pk": application.pk})],
        "interviews-they-are-not-on": [case["second_round"].get_absolute_url()],
        "data-protection": [reverse("staff:candidate_privacy", kwargs={"pk": application.candidate_id})],
    }


WHAT = ["hr-notes", "stage-change-notes", "move-controls", "reject-controls", "hire-controls", "schedule-controls",
        "other-applications", "emails-to-the-candidate", "colleagues-scorecards", "interviews-they-are-not-on",
        "data-protection"]
PAGES = ["candidate-page", "scorecard-page", "interview-page"]


def _page(case, interviewer, name):
    return {
        "candidate-page": case["application"].get_absolute_url(),
        "scorecard-page": case["interview"].scorecards.get(interviewer=interviewer).get_absolute_url(),
        "interview-page": case["interview"].get_absolute_url(),
    }[name]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("what", WHAT)
def test_an_interviewer_before_their_own_scorecard_is_not_shown(client, interviewer, case, page, what):
    client.force_login(interviewer)
    response = client.get(_page(case, interviewer, page))
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert [text for text in _must_not_show(case)[what] if text in html] == []


def test_what_the_interviewer_does_see_and_colleagues_scorecards_after_their_own(client, interviewer, case):
    client.force_login(interviewer)
    url = case["application"].get_absolute_url()
    html = unescape(client.get(url).content.decode())
    assert "Livia Russo" in html
    assert reverse("candidates:resume", kwargs={"pk": case["application"].pk}) in html
    assert case["interview"].get_absolute_url() in html
    assert "Colleagues' scorecards appear here once you have submitted your own." in html
    rate_everything(case["interview"].scorecards.get(interviewer=interviewer), score=2, recommendation="no")
    html = unescape(client.get(url).content.decode())
    assert "Ratings per criterion" in html and "Strong yes" in html and "Sara Lombardi" in html
    # Still only what they are assigned and nothing HR keeps for itself.
    assert "HR only: asks for 40k" not in html and "Records clerk 77" not in html
    assert "Grazie Livia" not in html and case["second_round"].get_absolute_url() not in html


def test_hr_sees_notes_emails_other_applications_and_every_interview(hr_client, case):
    html = unescape(hr_client.get(case["application"].get_absolute_url()).content.decode())
    for text in ("HR only: asks for 40k", "Called her about relocating", "Grazie Livia, candidatura ricevuta",
                 "Records clerk 77", case["second_round"].get_absolute_url(), "Ratings per criterion"):
        assert text in html, text
