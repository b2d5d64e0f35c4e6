"""The evidence sources beside interviews: references and the situational judgement test in the interpersonal part,
practical exercises in the skills part, each by the position's evidence weight. Figures worked out by hand from the
rules in evaluations/scoring.py (a rating r counts (r - 1) / 3; a source's share is its weight over the weights of
the sources present), never by calling the code under test.
"""

import pytest
from django.utils import translation

from evaluations.scoring import Given, Inputs, SkillInput, Weights, describe_evidence, explain, score

A, B = "competency:1", "competency:2"
NAMES = {A: "Communication", B: "Teamwork"}
SAP = SkillInput(name="SAP", required=True, weight=1, declared=True)  # 0.8: 80 for the skill lines


def _inputs(**values) -> Inputs:
    return Inputs(requirement=None, education=0, years=0, **values)  # background 50, so totals stay easy to follow


@pytest.mark.parametrize(
    "values, interpersonal, partial",
    [
        pytest.param({"competencies": {A: (Given(3.0),)}}, 66.67, False, id="interviews-only"),
        pytest.param({"competencies": {A: (Given(3.0),)}, "references": {A: (4, 3)}, "referees": 2},
                     70.83, False, id="interviews-60-references-20-of-80"),
        pytest.param({"references": {A: (4, 3)}, "referees": 2}, None, True, id="references-alone-never-count"),
        pytest.param({"judgement": {A: 75.0, B: 50.0}}, 62.5, False, id="judgement-alone-is-the-part"),
        pytest.param({"competencies": {A: (Given(3.0),)}, "references": {A: (4, 3)}, "referees": 2,
                      "judgement": {A: 75.0, B: 50.0}}, 69.17, False, id="all-three-60-20-20"),
        pytest.param({"references": {A: (4,)}, "referees": 1, "judgement": {A: 50.0}}, 50.0, False,
                     id="references-wait-beside-the-test-without-interviews"),
        pytest.param({"competencies": {A: (Given(3.0),)}, "references": {A: ()}, "referees": 1}, 66.67, False,
                     id="a-reference-with-no-ratings-adds-nothing"),
    ],
)
def test_interpersonal_weighs_each_present_source(values, interpersonal, partial):
    result = score(_inputs(**values))
    assert (result.interpersonal, result.partial) == (interpersonal, partial)


@pytest.mark.parametrize(
    "weights, interpersonal",
    [
        pytest.param(Weights(references=0), 65.83, id="references-weight-0-interviews-80-test-20"),
        pytest.param(Weights(references=20, judgement=0), 70.0, id="judgement-weight-0-interviews-80-references-20"),
        pytest.param(Weights(references=39, judgement=20), 72.33, id="references-39-interviews-41-test-20"),
        pytest.param(Weights(references=10, judgement=40), 66.67, id="references-10-test-40-interviews-50"),
    ],
)
def test_evidence_weights_set_each_sources_share(weights, interpersonal):
    # Interviews 66.667, references 83.333, test 62.5, each times its weight over 100:
    # 80/0/20 = 53.333 + 12.5; 80/20/0 = 53.333 + 16.667; 41/39/20 = 27.333 + 32.5 + 12.5; 50/10/40 = 33.333 + 8.333 + 25.
    result = score(_inputs(competencies={A: (Given(3.0),)}, references={A: (4, 3)}, referees=2,
                           judgement={A: 75.0, B: 50.0}, weights=weights))
    assert result.interpersonal == interpersonal


@pytest.mark.parametrize(
    "references, judgement, valid",
    [
        pytest.param(39, 20, True, id="39-below-41"),
        pytest.param(40, 19, True, id="40-below-41"),
        pytest.param(40, 20, False, id="40-equal-40"),
        pytest.param(30, 40, False, id="30-equal-30"),
        pytest.param(0, 0, True, id="none"),
    ],
)
def test_references_must_weigh_less_than_the_interviews(references, judgement, valid):
    if valid:
        assert Weights(references=references, judgement=judgement).interviews == 100 - references - judgement
    else:
        with pytest.raises(ValueError, match="references must weigh less than the interviews"):
            Weights(references=references, judgement=judgement)


@pytest.mark.parametrize(
    "values, skills, total",
    [
        pytest.param({"skills": [SAP]}, 80.0, 67.14, id="skill-lines-only"),
        pytest.param({"skills": [SAP], "exercises": (("entry", "Data entry", "Inserimento dati", 90.0),
                                                     ("match", "Matching", "Abbinamento", 60.0))},
                     78.5, 66.29, id="lines-70-exercises-30"),
        pytest.param({"exercises": (("entry", "Data entry", "Inserimento dati", 90.0),
                                    ("match", "Matching", "Abbinamento", 60.0))}, 75.0, 64.29, id="exercises-alone"),
        pytest.param({"skills": [SAP], "exercises": (("entry", "Data entry", "Inserimento dati", 90.0),),
                      "weights": Weights(exercises=0)}, 80.0, 67.14, id="exercise-weight-0-leaves-them-out"),
        pytest.param({"skills": [SAP], "exercises": (("entry", "Data entry", "Inserimento dati", 0.0),),
                      "weights": Weights(exercises=60)}, 32.0, 39.71, id="exercises-60-at-zero"),
    ],
)
def test_skills_part_mixes_skill_lines_and_exercises(values, skills, total):
    # Totals over skills (40) and background (50 × 30), the interpersonal part unknown: (s × 40 + 1500) / 70.
    result = score(_inputs(**values))
    assert (result.skills, result.total) == (skills, total)


def test_all_three_sources_explained_line_by_line_adding_up():
    result = score(_inputs(skills=[SAP], competencies={A: (Given(3.0),)}, references={A: (4, 3)}, referees=2,
                           judgement={A: 75.0, B: 50.0}))
    # Skills 80 × 40 % = 32; background 50 × 30 % = 15; interpersonal 69.167 × 30 % = 20.75; total 67.75.
    assert [explain(code, params, NAMES) for code, params in result.lines] == [
        "Skills: 80.00 × 40 % = 32.00 points",
        "SAP: declared by the candidate → 80.00 points to the part, 32.00 to the total",
        "Education and experience: 50.00 × 30 % = 15.00 points",
        "No education and experience requirement set → 50.00 points to the part, 15.00 to the total",
        "Interpersonal: 69.17 × 30 % = 20.75 points",
        "Interviews: 66.67 × 60/100 = 40.00 points to the part",
        "Communication: rated 3.0/4 by 1 interviewer → 40.00 points to the part, 12.00 to the total",
        "References: 83.33 × 20/100 = 16.67 points to the part",
        "Communication: rated 3.5/4 by 2 referees → 16.67 points to the part, 5.00 to the total",
        "Situational judgement test: 62.50 × 20/100 = 12.50 points to the part",
        "Communication: 75.00/100 on the situational judgement test → 7.50 points to the part, 2.25 to the total",
        "Teamwork: 50.00/100 on the situational judgement test → 5.00 points to the part, 1.50 to the total",
        "Total: 32.00 + 15.00 + 20.75 = 67.75",
    ]
    assert result.total == 67.75


def test_references_waiting_for_an_interview_are_explained_and_add_nothing():
    result = score(_inputs(references={A: (4,)}, referees=1))
    assert [explain(code, params, NAMES) for code, params in result.lines][-3:] == [
        "Interpersonal: not yet assessed",
        "References: 1 referee answered; they count only beside an interviewer's ratings, so not yet",
        "Total: 50.00 = 50.00, over the parts known: their weights add up to 30 of 100, so each counts as its "
        "weight out of 30",
    ]


def test_exercise_lines_name_the_exercise_in_the_readers_language():
    result = score(_inputs(exercises=(("entry", "Data entry", "Inserimento dati", 90.0),)))
    code, params = result.lines[1]
    assert code == "source"
    code, params = result.lines[2]
    with translation.override("en"):
        assert explain(code, params).startswith("Data entry: 90.00/100 → ")
    with translation.override("it"):
        assert explain(code, params).startswith("Inserimento dati: 90,00/100 → ")


@pytest.mark.parametrize(
    "values, interpersonal, skills",
    [
        pytest.param({}, "not yet assessed", "0 of 0 rated, 0 declared", id="nothing"),
        pytest.param({"competencies": {A: (Given(3.0),)}, "scorecards": 1, "references": {A: (4,)}, "referees": 1,
                      "judgement": {A: 50.0}}, "1 scorecard, 1 reference, judgement test", "0 of 0 rated, 0 declared",
                     id="all-sources"),
        pytest.param({"references": {A: (4,)}, "referees": 2}, "not yet assessed", "0 of 0 rated, 0 declared",
                     id="references-not-counted-not-listed"),
        pytest.param({"skills": [SAP], "exercises": (("entry", "Data entry", "Inserimento dati", 90.0),)},
                     "not yet assessed", "0 of 1 rated, 1 declared, 1 exercise", id="exercises-listed"),
    ],
)
def test_evidence_summary_lists_each_source_that_counted(values, interpersonal, skills):
    result = score(_inputs(**values))
    assert (describe_evidence("interpersonal", result.evidence), describe_evidence("skills", result.evidence)) == (
        interpersonal, skills)


@pytest.mark.parametrize(
    "weights, message",
    [
        pytest.param({"references": -1}, "evidence weights must be non-negative", id="references-negative"),
        pytest.param({"judgement": -1}, "evidence weights must be non-negative", id="judgement-negative"),
        pytest.param({"exercises": -1}, "evidence weights must be non-negative", id="exercises-negative"),
        pytest.param({"exercises": 101}, "evidence weights must be non-negative", id="exercises-over-100"),
        pytest.param({"exercises": 100}, None, id="exercises-100-allowed"),
        pytest.param({"references": 0, "judgement": 0, "exercises": 0}, None, id="all-0-allowed"),
    ],
)
def test_evidence_weights_are_checked(weights, message):
    if message is None:
        assert Weights(**weights).exercises == weights["exercises"]
    else:
        with pytest.raises(ValueError) as raised:
            Weights(**weights)
        assert str(raised.value) == message


def test_two_exercises_and_skill_lines_explained_in_order_adding_up():
    result = score(_inputs(skills=[SAP], exercises=(("entry", "Data entry", "Inserimento dati", 83.333),
                                                    ("match", "Matching", "Abbinamento", 60.0))))
    # Skill lines 80 × 70/100 = 56; exercises (83.333 + 60) / 2 = 71.667 × 30/100 = 21.5; skills 77.5 × 40/70
    # = 44.286 and background 50 × 30/70 = 21.429 make 65.71: the cent goes to the larger remainder (background).
    assert [explain(code, params, NAMES) for code, params in result.lines][:6] == [
        "Skills: 77.50 × 40/70 = 44.28 points",
        "Skills from the résumé, the application and interviews: 80.00 × 70/100 = 56.00 points to the part",
        "SAP: declared by the candidate → 56.00 points to the part, 32.00 to the total",
        "Practical exercises: 71.67 × 30/100 = 21.50 points to the part",
        "Data entry: 83.33/100 → 12.50 points to the part, 7.14 to the total",
        "Matching: 60.00/100 → 9.00 points to the part, 5.14 to the total",
    ]


def test_references_over_two_competencies_explained_with_their_means():
    result = score(_inputs(competencies={A: (Given(3.0),), B: (Given(3.0),)},
                           references={A: (4, 3, 3), B: (2,)}, referees=3, judgement={A: 66.667}))
    lines = [explain(code, params, NAMES) for code, params in result.lines]
    # References: A 3.333 → 77.78, B 2 → 33.33; mean 55.56, × 20/100 = 11.11 to the part, split 7.78 + 3.33; with
    # no skills the part counts 30/60, so half of each goes to the total (3.889 and 1.667: the cents that add up
    # to 32.22 go to the largest remainders, 3.89 and 6.67).
    assert [line for line in lines if "referee" in line or "References" in line or "judgement" in line] == [
        "References: 55.56 × 20/100 = 11.11 points to the part",
        "Communication: rated 3.3/4 by 3 referees → 7.78 points to the part, 3.89 to the total",
        "Teamwork: rated 2.0/4 by 1 referee → 3.33 points to the part, 1.66 to the total",
        "Situational judgement test: 66.67 × 20/100 = 13.33 points to the part",
        "Communication: 66.67/100 on the situational judgement test → 13.33 points to the part, 6.67 to the total",
    ]


@pytest.mark.parametrize(
    "weights",
    [
        pytest.param(Weights(references=0, judgement=0, exercises=0), id="all-0"),
    ],
)
def test_a_source_weighted_0_leaves_no_line(weights):
    result = score(_inputs(skills=[SAP], competencies={A: (Given(3.0),)}, references={A: (4,)}, referees=1,
                           judgement={A: 50.0}, exercises=(("entry", "Data entry", "Inserimento dati", 90.0),),
                           weights=weights))
    assert [code for code, _params in result.lines if code in ("source", "reference_rated", "judgement", "exercise")] == []
    assert (result.skills, result.interpersonal) == (80.0, 66.67)
