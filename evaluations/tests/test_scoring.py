"""The scoring service as pure functions: tables of cases and properties."""

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from evaluations.scoring import (
    Inputs,
    SkillInput,
    Weights,
    calibrate,
    calibration_offsets,
    describe_evidence,
    explain,
    rank,
    score,
    skills_score,
    text_mentions,
)
from positions.requirements import EducationLevel as E
from positions.requirements import Requirement, Substitution

REQ = Requirement(
    education_min=E.UPPER_SECONDARY, education_preferred=E.BACHELOR, experience_min_years=2,
    experience_preferred_years=4, years_per_level=2, substitution=Substitution.BOTH_WAYS,
)


def test_text_matches_whole_words_ignoring_case_and_accents():
    text = "Contabilità generale, SAP e Excel avanzato. Esperienza in contabilita fornitori."
    assert text_mentions(text, ["sap", "Contabilità fornitori", "Excel", "SAPIENS", "AP"]) == {
        "sap", "Contabilità fornitori", "Excel",
    }


@pytest.mark.parametrize(
    "evidence, expected",
    [
        ({}, 0.0),
        ({"text_match": True}, 50.0),
        ({"declared": True}, 80.0),
        ({"declared": True, "text_match": True}, 80.0),
        ({"ratings": (4.0,)}, 100.0),
        ({"ratings": (1.0,), "declared": True}, 0.0),  # an interviewer's rating outweighs a declaration
        ({"ratings": (2.5, 3.5)}, 66.67),
    ],
)
def test_skill_evidence_table(evidence, expected):
    value, _lines = skills_score([SkillInput("SAP", required=True, weight=3, **evidence)])
    assert round(value, 2) == expected


def test_required_skills_weigh_more_than_preferred_ones():
    required_met, _ = skills_score([SkillInput("SAP", True, 3, declared=True), SkillInput("Excel", False, 3)])
    preferred_met, _ = skills_score([SkillInput("SAP", True, 3), SkillInput("Excel", False, 3, declared=True)])
    assert required_met > preferred_met


@pytest.mark.parametrize(
    "education, years, expected",
    [
        (E.BACHELOR, 4, 95.0),  # preferred education, preferred years
        (E.UPPER_SECONDARY, 2, 70.0),  # exactly the minimum
        (E.UPPER_SECONDARY, 0, 35.0),  # no experience
        (E.LOWER_SECONDARY, 4, 80.0),  # a missing level made up by two spare years
        (E.LOWER_SECONDARY, 2, 42.5),  # no spare years: the level is not made up
        (E.BACHELOR, 0, 85.0),  # a higher level makes up the two missing years
        (E.BACHELOR, 10, 99.38),  # diminishing returns beyond the preferred years
    ],
)
def test_background_table(education, years, expected):
    result = score(Inputs(requirement=REQ, education=education, years=years))
    assert result.background == expected


def test_background_ratings_refine_the_declared_profile():
    declared = score(Inputs(requirement=REQ, education=E.UPPER_SECONDARY, years=2)).background
    rated = score(Inputs(requirement=REQ, education=E.UPPER_SECONDARY, years=2, education_ratings=(4.0,), experience_ratings=(4.0,)))
    assert rated.background > declared
    # Education 0.7 and the rating 1.0 count half each: 17.5 + 25 of the background's points; alone, it is the total.
    assert ("education_rated", {"rating": 4.0, "count": 1, "part_points": 25.0, "total_points": 25.0}) in rated.lines


def test_no_interview_means_partial_never_zero():
    result = score(Inputs(requirement=REQ, education=E.BACHELOR, years=4, skills=[SkillInput("SAP", True, 3, declared=True)]))
    assert result.interpersonal is None and result.partial is True
    assert result.total == round((80 * 40 + 95 * 30) / 70, 2)
    with translation.override("en"):
        assert describe_evidence("interpersonal", result.evidence) == "not yet assessed"
        assert explain(*result.lines[-2]) == "Interpersonal: not yet assessed"


def test_explanations_quote_the_figures_in_both_languages():
    result = score(
        Inputs(
            requirement=REQ, education=E.BACHELOR, years=3,
            skills=[SkillInput("SAP", True, 3, ratings=(4.0, 4.0))],
            competencies={"Communication": (3.0, 4.0)}, scorecards=2,
        )
    )
    with translation.override("en"):
        lines = [explain(code, params) for code, params in result.lines]
        # Skills 100 × 40 % = 40, background 90 × 30 % = 27, interpersonal 83.33 × 30 % = 25: total 92.
        assert "SAP: rated 4.0/4 by 2 interviewers → 100.00 points to the part, 40.00 to the total" in lines
        assert ("Bachelor's degree (minimum Upper-secondary diploma, preferred Bachelor's degree): 50/50"
                " → 50.00 points to the part, 15.00 to the total") in lines
        assert "3 years vs 2 years required, 4 years preferred: 40/50 → 40.00 points to the part, 12.00 to the total" in lines
        assert "Communication: rated 3.5/4 by 2 interviewers → 83.33 points to the part, 25.00 to the total" in lines
        assert "Total: 40.00 + 27.00 + 25.00 = 92.00" in lines
        assert describe_evidence("interpersonal", result.evidence) == "2 scorecards"
    with translation.override("it"):
        italian = [explain(c, p) for c, p in result.lines]
        assert [line for line in italian if line.startswith("SAP: valutata 4,0/4 da 2 intervistatori → 100,00 ")] != []


def test_weights_must_add_up_to_100():
    with pytest.raises(ValueError):
        Weights(50, 30, 30)


def test_calibration_makes_a_harsh_and_a_lenient_interviewer_agree():
    history = {1: (2.0 * 30, 30), 2: (4.0 * 30, 30), 3: (3.0 * 30, 30)}  # harsh, lenient, average
    offsets = calibration_offsets(history)
    assert calibrate(2.0, offsets[1]) == calibrate(4.0, offsets[2]) == 3.0


def test_calibration_waits_for_enough_history():
    offsets = calibration_offsets({1: (2.0 * 5, 5), 2: (4.0 * 30, 30)})
    assert offsets[1] == 0.0


def test_it_never_uses_personal_attributes():
    import dataclasses

    fields = {f.name for f in dataclasses.fields(Inputs)}
    assert not fields & {"name", "age", "gender", "photo", "nationality", "postcode", "town", "email"}


def test_ranking_is_deterministic_with_ties():
    assert rank([(7, 80.0), (3, 90.0), (5, 80.0), (1, 80.0)]) == [3, 1, 5, 7]


skill_inputs = st.builds(
    SkillInput,
    name=st.sampled_from(["SAP", "Excel", "IVA", "Zucchetti"]),
    required=st.booleans(),
    weight=st.integers(1, 5),
    declared=st.booleans(),
    text_match=st.booleans(),
    ratings=st.lists(st.floats(1, 4), max_size=3).map(tuple),
)
ratings = st.lists(st.floats(1, 4), max_size=3).map(tuple)


@given(skills=st.lists(skill_inputs, min_size=1, max_size=4), index=st.integers(0, 3))
def test_adding_a_matching_skill_never_lowers_the_skills_score(skills, index):
    index %= len(skills)
    skill = skills[index]
    if skill.ratings:
        return  # a rating already decides this skill
    before, _ = skills_score(skills)
    better = list(skills)
    better[index] = SkillInput(skill.name, skill.required, skill.weight, declared=True, text_match=skill.text_match)
    after, _ = skills_score(better)
    assert after >= before - 1e-9


@given(education=st.integers(0, 6), years=st.integers(0, 30), extra=st.integers(1, 10),
       edu_ratings=ratings, exp_ratings=ratings)
def test_more_relevant_years_never_lower_the_background_score(education, years, extra, edu_ratings, exp_ratings):
    base = Inputs(requirement=REQ, education=education, years=years, education_ratings=edu_ratings, experience_ratings=exp_ratings)
    more = Inputs(requirement=REQ, education=education, years=years + extra, education_ratings=edu_ratings, experience_ratings=exp_ratings)
    assert score(more).background >= score(base).background - 1e-9


@given(current=st.floats(1, 3.9), increase=st.floats(0.01, 3), others=ratings)
def test_a_higher_rating_never_lowers_the_interpersonal_score(current, increase, others):
    low = score(Inputs(requirement=REQ, education=2, years=2, competencies={"A": (current,), "B": others}))
    high = score(Inputs(requirement=REQ, education=2, years=2, competencies={"A": (min(current + increase, 4.0),), "B": others}))
    assert high.interpersonal >= low.interpersonal - 1e-9


@given(
    skills=st.lists(skill_inputs, max_size=4), education=st.integers(0, 6), years=st.integers(0, 40),
    competencies=st.dictionaries(st.sampled_from(["A", "B", "C"]), ratings, max_size=3),
    split=st.tuples(st.integers(0, 100), st.integers(0, 100)),
)
def test_total_is_within_0_and_100_and_is_the_weighted_sum(skills, education, years, competencies, split):
    a, b = sorted(split)
    weights = Weights(a, b - a, 100 - b)
    result = score(Inputs(requirement=REQ, education=education, years=years, skills=skills,
                          competencies=competencies, weights=weights))
    assert 0 <= result.total <= 100
    parts = [(result.background, weights.background)]
    if skills:
        parts.append((result.skills, weights.skills))
    if result.interpersonal is not None:
        parts.append((result.interpersonal, weights.interpersonal))
    known = sum(w for _v, w in parts)
    expected = sum(v * w for v, w in parts) / known if known else 0
    assert abs(result.total - expected) < 0.02


@given(st.lists(st.tuples(st.integers(1, 1000), st.floats(0, 100)), unique_by=lambda t: t[0]))
def test_order_is_deterministic(rows):
    assert rank(rows) == rank(list(reversed(rows)))


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Contabilità", "contabilita"), ("ÀÉÎÕÜ", "aeiou"), ("Straße", "strasse"), ("ﬁle", "file"),
        ("a\u0301\u0327b", "ab"), ("İstanbul", "istanbul"), ("日本", "日本"), ("", ""),
        ("𝔘𝔫𝔦 é", "Uni e"), ("\U0001D165x é", "x e"), ("\ud800é", "\ud800e"),
    ],
    ids=["italian", "accents", "sharp-s", "ligature", "stacked-marks", "dotted-i", "cjk", "empty",
         "beyond-the-plane", "combining-beyond-the-plane", "lone-surrogate"],
)
def test_folding_drops_case_and_every_combining_mark(text, folded):
    from evaluations.scoring import _fold

    assert _fold(text) == folded
