"""A stored score's history: old → new and the causes, whichever path asked for the rescore."""

import datetime

import pytest
from django.urls import reverse

from candidates import services as candidate_services
from candidates.tests.factories import ApplicationFactory
from evaluations import ranking
from evaluations.models import ScoreChange
from evaluations.score_history import causes, labels
from evaluations.scoring import Given, Inputs, SkillInput, Weights, score
from evaluations.tests.factories import rate_everything, schedule
from positions.requirements import EducationLevel as E
from positions.requirements import Requirement, Substitution
from positions.tests.factories import OpenPositionFactory

REQUIREMENT = Requirement(education_min=E.UPPER_SECONDARY, education_preferred=E.BACHELOR, experience_min_years=2,
                          experience_preferred_years=4, substitution=Substitution.NONE)
BASE = {"requirement": REQUIREMENT, "education": E.UPPER_SECONDARY, "years": 3,
        "skills": (SkillInput(name="SAP", required=True, weight=1, declared=True),),
        "competencies": {"competency:1": (Given(3.0, 0.0, "Marco", 5),)}}


def _lines(**changes):
    return score(Inputs(**{**BASE, **changes})).lines


@pytest.mark.parametrize(
    "changes, expected",
    [
        pytest.param({}, ["rules"], id="same-facts-the-rules"),
        pytest.param({"competencies": {"competency:1": (Given(3.0, 0.0, "Marco", 5), Given(4.0, 0.0, "Anna", 3))}},
                     ["scorecard"], id="another-scorecard"),
        pytest.param({"competencies": {"competency:1": (Given(3.0, 0.0, "Marco", 5), Given(3.0, 0.0, "Anna", 3))}},
                     ["scorecard"], id="another-scorecard-same-mean"),
        pytest.param({"competencies": {"competency:1": (Given(4.0, 0.0, "Marco", 5),)}}, ["scorecard"],
                     id="rating-changed-same-count"),
        pytest.param({"competencies": {"competency:1": (Given(3.0, 0.4, "Marco", 25),)}}, ["calibration"],
                     id="offset-from-0-to-0.4"),
        pytest.param({"competencies": {"competency:1": (Given(3.0, 0.0, "Marco", 6),)}}, ["rules"],
                     id="more-history-below-the-threshold-is-no-calibration"),
        pytest.param({"requirement": Requirement(education_min=E.UPPER_SECONDARY, education_preferred=E.BACHELOR,
                                                 experience_min_years=3, experience_preferred_years=4,
                                                 substitution=Substitution.NONE)}, ["position"], id="minimum-years-edited"),
        pytest.param({"weights": Weights(50, 20, 30)}, ["position"], id="weights-edited"),
        pytest.param({"years": 5}, ["application"], id="candidate-years-changed"),
        pytest.param({"education": E.BACHELOR}, ["application"], id="candidate-education-changed"),
        pytest.param({"requirement": Requirement(education_min=E.UPPER_SECONDARY, education_preferred=E.BACHELOR,
                                                 experience_min_years=2, experience_preferred_years=5,
                                                 substitution=Substitution.NONE)}, ["position"],
                     id="preferred-years-edited"),
        pytest.param({"requirement": None}, ["position"], id="requirement-removed-is-no-candidate-change"),
        pytest.param({"skills": (SkillInput(name="SAP", required=True, weight=1, text_match=True),)}, ["application"],
                     id="declared-to-found-in-resume"),
        pytest.param({"skills": (SkillInput(name="SAP", required=True, weight=1, declared=True,
                                            ratings=(Given(4.0),)),)}, ["scorecard"],
                     id="skill-rated-not-the-candidates-words"),
        pytest.param({"skills": (SkillInput(name="Excel", required=True, weight=1),)}, ["position", "application"],
                     id="skill-replaced"),
        pytest.param({"references": {"competency:1": (4,)}, "referees": 1}, ["reference"],
                     id="first-reference"),
        pytest.param({"judgement": {"competency:1": 50.0}}, ["assessment"], id="first-test"),
        pytest.param({"exercises": (("entry", "Data entry", "Inserimento dati", 80.0),)}, ["assessment"],
                     id="first-exercise"),
    ],
)
def test_causes_are_read_off_the_two_explanations(changes, expected):
    assert causes(_lines(), _lines(**changes)) == expected


@pytest.mark.parametrize(
    "before, after, expected",
    [
        pytest.param({"references": {"competency:1": (4,)}, "referees": 1},
                     {"references": {"competency:1": (4, 2)}, "referees": 2}, ["reference"], id="second-reference"),
        pytest.param({"references": {"competency:1": (4,)}, "referees": 1},
                     {"references": {"competency:1": (4,)}, "referees": 1, "weights": Weights(references=10)},
                     ["position"], id="reference-weight-edited"),
        pytest.param({"judgement": {"competency:1": 50.0}}, {"judgement": {"competency:1": 75.0}}, ["assessment"],
                     id="test-rescored"),
        pytest.param({"judgement": {"competency:1": 50.0}}, {}, ["assessment"], id="test-excluded"),
        pytest.param({"competencies": {}, "references": {"competency:1": (4,)}, "referees": 1},
                     {"competencies": {}, "references": {"competency:1": (4, 3)}, "referees": 2}, ["reference"],
                     id="second-reference-still-waiting-for-an-interview"),
        pytest.param({"requirement": None}, {"requirement": None, "years": 6}, ["rules"],
                     id="years-without-a-requirement-move-nothing"),
    ],
)
def test_causes_between_two_states_with_evidence(before, after, expected):
    assert causes(_lines(**before), _lines(**after)) == expected


def test_unknown_cause_codes_read_as_the_rules():
    assert labels(["scorecard", "from-a-later-release"]) == [
        "a scorecard was submitted or changed", "the scoring rules changed"]


@pytest.fixture
def position(reference_data):
    return OpenPositionFactory(title="Bookkeeper", skills=["SAP"])


def _history(application):
    return [(c.total_before, c.total_after, c.causes) for c in ScoreChange.objects.filter(application=application)
            .order_by("pk")]


def test_a_submitted_scorecard_is_recorded_old_to_new(position, hr, interviewer, django_capture_on_commit_callbacks):
    application = ApplicationFactory(position=position, resume_text="SAP", education_level=E.UPPER_SECONDARY,
                                     years_experience=3)
    ranking.rescore(application_ids=[application.pk])
    assert _history(application) == []  # the first score is no change
    ranking.rescore(application_ids=[application.pk])
    assert _history(application) == []  # nor is the same score again
    before = application.score.total
    with django_capture_on_commit_callbacks(execute=True):
        interview = schedule(application=application, interviewers=[interviewer], hr=hr,
                             starts_in=-datetime.timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        rate_everything(interview.scorecards.get(), score=4, recommendation="strong_yes")
    application.score.refresh_from_db()
    change = ScoreChange.objects.get(application=application)
    assert (change.total_before, change.total_after, change.causes) == (before, application.score.total, ["scorecard"])
    assert change.parts_before["interpersonal"] is None and change.parts_after["interpersonal"] == 100.0


def test_a_replaced_resume_is_recorded_as_the_candidates_change(position, django_capture_on_commit_callbacks):
    application = ApplicationFactory(position=position, resume_text="", education_level=E.UPPER_SECONDARY,
                                     years_experience=3)
    ranking.rescore(application_ids=[application.pk])
    application.resume_text = "Uso SAP ogni giorno"
    application.save(update_fields=["resume_text"])
    with django_capture_on_commit_callbacks(execute=True):
        candidate_services.request_rescore([application.pk])
    ranking.rescore(application_ids=[application.pk])
    assert [causes for *_totals, causes in _history(application)] == [["application"]]


def test_why_page_shows_the_history_with_causes_in_italian(hr_client, position, django_capture_on_commit_callbacks):
    application = ApplicationFactory(position=position, resume_text="", education_level=E.UPPER_SECONDARY,
                                     years_experience=3)
    ranking.rescore(application_ids=[application.pk])
    ScoreChange.objects.create(application=application, total_before=50.0, total_after=61.25,
                               parts_before={"skills": 0.0, "background": 50.0, "interpersonal": None},
                               parts_after={"skills": 50.0, "background": 50.0, "interpersonal": None},
                               causes=["application", "position"])
    url = reverse("evaluations:why", kwargs={"position_pk": position.pk, "application_pk": application.pk})
    page = hr_client.get(url, HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert "50,00 → <strong>61,25</strong>" in page
    assert "Competenze: 0,00 → 50,00" in page
    assert "Istruzione ed esperienza" not in page.split("Come è cambiato questo punteggio")[1]  # unchanged part left out
    assert "sono cambiati i dati o il curriculum del candidato; sono stati modificati requisiti, competenze o pesi della posizione" in page
