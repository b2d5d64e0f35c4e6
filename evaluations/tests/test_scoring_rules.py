"""The documented rules of evaluations/scoring.py, one table per rule, with figures worked out by hand.

Every expectation below is computed from the module docstring and the rule constants
(declared 0.8, résumé match 0.5, rating 1–4 onto 0–1, education 0.3 below / 0.7 at the minimum /
1.0 at the preferred level, experience 0.6 below / 0.7 at the minimum / 0.9 at the preferred
years, then a bonus of 0.1 that halves every two years), never by calling the code under test.
"""

import pytest

from evaluations.scoring import Inputs, SkillInput, Weights, calibrate, calibration_offsets, score
from positions.requirements import EducationLevel as E
from positions.requirements import Requirement, Substitution

# Upper-secondary minimum, Bachelor preferred; 2 years minimum, 6 preferred; 2 years per level.
NO_SUBSTITUTION = Requirement(
    education_min=E.UPPER_SECONDARY, education_preferred=E.BACHELOR, experience_min_years=2,
    experience_preferred_years=6, years_per_level=2, substitution=Substitution.NONE,
)
ONE_WAY = Requirement(
    education_min=E.UPPER_SECONDARY, education_preferred=E.BACHELOR, experience_min_years=2,
    experience_preferred_years=6, years_per_level=2, substitution=Substitution.EXPERIENCE_FOR_EDUCATION,
)
BOTH_WAYS = Requirement(
    education_min=E.UPPER_SECONDARY, education_preferred=E.BACHELOR, experience_min_years=2,
    experience_preferred_years=6, years_per_level=2, substitution=Substitution.BOTH_WAYS,
)


# ---------------------------------------------------------------------------
# Calibration: an offset only from 20 submitted ratings
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "count, offset, calibrated",
    [
        # Interviewer 1 gave `count` ratings of 4; interviewer 2 gave 20 ratings of 2.
        pytest.param(19, 0.0, 4.0, id="calibration-19-ratings-no-offset"),
        pytest.param(20, 1.0, 3.0, id="calibration-exactly-20-ratings-offset-applied"),  # overall 120/40 = 3
        pytest.param(21, 0.9756, 3.0244, id="calibration-21-ratings-offset-applied"),  # overall 124/41, offset 40/41
    ],
)
def test_calibration_threshold_is_20_ratings(count, offset, calibrated):
    offsets = calibration_offsets({1: (4.0 * count, count), 2: (2.0 * 20, 20)})
    assert round(offsets[1], 4) == offset
    assert round(calibrate(4.0, offsets[1]), 4) == calibrated


@pytest.mark.parametrize(
    "rating, offset, expected",
    [
        pytest.param(1.5, 1.0, 1.0, id="calibration-kept-at-least-1"),
        pytest.param(3.5, -1.0, 4.0, id="calibration-kept-at-most-4"),
        pytest.param(3.0, -0.5, 3.5, id="calibration-harsh-rater-shifted-up"),
    ],
)
def test_calibrated_ratings_stay_within_1_and_4(rating, offset, expected):
    assert calibrate(rating, offset) == expected


# ---------------------------------------------------------------------------
# Background: education and experience, half each
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "education, expected",
    [
        # Experience fixed at the 2-year minimum: 0.7, i.e. 35 of the 50 points.
        pytest.param(E.NONE, 35.0, id="education-none-scores-0"),
        pytest.param(E.LOWER_SECONDARY, 42.5, id="education-below-minimum-0.3-times-fraction"),  # 0.3 * 1/2
        pytest.param(E.UPPER_SECONDARY, 70.0, id="education-exactly-minimum-0.7"),
        pytest.param(E.POST_SECONDARY, 77.5, id="education-strictly-between-minimum-and-preferred"),  # 0.7 + 0.3 * 1/2
        pytest.param(E.BACHELOR, 85.0, id="education-exactly-preferred-1.0"),
        pytest.param(E.MASTER, 85.0, id="education-above-preferred-capped-at-1.0"),
    ],
)
def test_education_points(education, expected):
    assert score(Inputs(requirement=NO_SUBSTITUTION, education=education, years=2)).background == expected


def test_education_at_a_minimum_with_no_preferred_level_scores_as_preferred():
    requirement = Requirement(education_min=E.UPPER_SECONDARY, experience_min_years=2)
    # Education 1.0 (the minimum is the preferred level); 2 years are also the preferred years: 0.9.
    assert score(Inputs(requirement=requirement, education=E.UPPER_SECONDARY, years=2)).background == 95.0


@pytest.mark.parametrize(
    "years, expected",
    [
        # Education fixed at the minimum: 0.7, i.e. 35 of the 50 points.
        pytest.param(0, 35.0, id="experience-none-scores-0"),
        pytest.param(1, 50.0, id="experience-below-minimum-0.6-times-fraction"),  # 0.6 * 1/2
        pytest.param(2, 70.0, id="experience-exactly-minimum-0.7"),
        pytest.param(4, 75.0, id="experience-strictly-between-minimum-and-preferred"),  # 0.7 + 0.2 * 2/4
        pytest.param(6, 80.0, id="experience-exactly-preferred-0.9"),
        pytest.param(8, 82.5, id="experience-2-years-beyond-preferred-half-the-bonus"),  # 0.9 + 0.1 * (1 - 1/2)
        pytest.param(10, 83.75, id="experience-4-years-beyond-preferred-bonus-halves-again"),  # 0.9 + 0.1 * 3/4
    ],
)
def test_experience_points(years, expected):
    assert score(Inputs(requirement=NO_SUBSTITUTION, education=E.UPPER_SECONDARY, years=years)).background == expected


@pytest.mark.parametrize(
    "requirement, education, years, expected",
    [
        # One missing level, 2 years per level, minimum 2 years: only years beyond 2 count.
        pytest.param(ONE_WAY, E.LOWER_SECONDARY, 2, 42.5, id="substitution-no-spare-years-nothing-made-up"),
        pytest.param(ONE_WAY, E.LOWER_SECONDARY, 3, 58.75, id="substitution-half-a-level-made-up"),  # edu 0.425, exp 0.75
        pytest.param(ONE_WAY, E.LOWER_SECONDARY, 4, 75.0, id="substitution-exactly-one-level-made-up-reaches-0.7"),
        pytest.param(ONE_WAY, E.LOWER_SECONDARY, 6, 80.0, id="substitution-capped-at-the-missing-levels"),
        pytest.param(ONE_WAY, E.NONE, 4, 57.5, id="substitution-one-of-two-missing-levels-made-up"),  # edu 0.35
        pytest.param(NO_SUBSTITUTION, E.LOWER_SECONDARY, 4, 47.5, id="substitution-none-years-do-not-replace-education"),
        pytest.param(ONE_WAY, E.BACHELOR, 0, 50.0, id="substitution-one-way-education-does-not-replace-years"),
        pytest.param(BOTH_WAYS, E.BACHELOR, 0, 85.0, id="substitution-both-ways-education-makes-up-years-to-minimum"),
    ],
)
def test_substitution_rule(requirement, education, years, expected):
    assert score(Inputs(requirement=requirement, education=education, years=years)).background == expected


@pytest.mark.parametrize(
    "education, years, education_ratings, experience_ratings, expected",
    [
        # Each rated half is the 50/50 average of the declared points and the rating (1–4 onto 0–1).
        pytest.param(E.UPPER_SECONDARY, 2, (4.0,), (), 77.5, id="background-50-50-education-rating-only"),  # (0.7+1)/2
        pytest.param(E.UPPER_SECONDARY, 2, (), (2.5,), 65.0, id="background-50-50-experience-rating-only"),  # (0.7+0.5)/2
        pytest.param(E.UPPER_SECONDARY, 2, (2.0, 4.0), (), 69.17, id="background-50-50-mean-of-several-ratings"),
        pytest.param(E.BACHELOR, 6, (1.0,), (1.0,), 47.5, id="background-50-50-lowest-ratings-halve-the-profile"),
        pytest.param(E.BACHELOR, 6, (4.0,), (4.0,), 97.5, id="background-50-50-top-ratings"),  # 1.0 and 0.95
        pytest.param(E.UPPER_SECONDARY, 2, (0.0,), (), 52.5, id="background-out-of-range-low-rating-counts-as-1"),  # (0.7+0)/2
        pytest.param(E.DOCTORATE, 40, (4.0,), (4.0,), 100.0, id="background-never-exceeds-100-with-top-ratings"),
        pytest.param(E.DOCTORATE, 40, (6.0,), (6.0,), 100.0, id="background-never-exceeds-100-with-out-of-range-ratings"),
    ],
)
def test_background_ratings_count_as_much_as_the_declared_profile(education, years, education_ratings, experience_ratings, expected):
    result = score(Inputs(requirement=NO_SUBSTITUTION, education=education, years=years,
                          education_ratings=education_ratings, experience_ratings=experience_ratings))
    assert result.background == expected


# ---------------------------------------------------------------------------
# Skills: required ×2, evidence rating > declaration > résumé
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "skills, expected",
    [
        pytest.param([SkillInput("SAP", True, 3, declared=True), SkillInput("Excel", False, 3)],
                     53.33, id="skills-required-counts-double-met"),  # 6 * 0.8 / 9
        pytest.param([SkillInput("SAP", True, 3), SkillInput("Excel", False, 3, declared=True)],
                     26.67, id="skills-preferred-counts-single-met"),  # 3 * 0.8 / 9
        pytest.param([SkillInput("SAP", True, 2, ratings=(4.0,)), SkillInput("Excel", True, 1, declared=True),
                      SkillInput("Word", False, 1, text_match=True), SkillInput("IVA", False, 2)],
                     67.78, id="skills-weighted-mix-of-all-evidence"),  # (4*1 + 2*0.8 + 1*0.5 + 2*0) / 9
    ],
)
def test_skills_weights(skills, expected):
    assert score(Inputs(requirement=None, education=0, years=0, skills=skills)).skills == expected


@pytest.mark.parametrize(
    "evidence, expected",
    [
        pytest.param({"ratings": (1.0,), "declared": True, "text_match": True}, 0.0, id="evidence-rating-overrides-declaration-and-resume"),
        pytest.param({"ratings": (3.0, 4.0), "declared": True}, 83.33, id="evidence-rating-mean-mapped-onto-0-1"),
        pytest.param({"declared": True, "text_match": True}, 80.0, id="evidence-declaration-overrides-resume"),
        pytest.param({"text_match": True}, 50.0, id="evidence-resume-match-0.5"),
        pytest.param({}, 0.0, id="evidence-none-scores-0"),
    ],
)
def test_skill_evidence_order(evidence, expected):
    result = score(Inputs(requirement=None, education=0, years=0, skills=[SkillInput("SAP", True, 1, **evidence)]))
    assert result.skills == expected


# ---------------------------------------------------------------------------
# Total: default 40/30/30, custom weights, parts left out when unknown
# ---------------------------------------------------------------------------
SAP_DECLARED = [SkillInput("SAP", True, 1, declared=True)]  # skills 80
TWO_COMPETENCIES = {"A": (4.0,), "B": (2.5,)}  # interpersonal (1 + 0.5) / 2 = 75


@pytest.mark.parametrize(
    "requirement, skills, competencies, weights, total, partial",
    [
        # Background 70 (minimum education and years) unless there is no requirement (50).
        pytest.param(NO_SUBSTITUTION, SAP_DECLARED, TWO_COMPETENCIES, Weights(), 75.5, False,
                     id="total-default-weights-40-30-30"),  # 0.4*80 + 0.3*70 + 0.3*75
        pytest.param(NO_SUBSTITUTION, SAP_DECLARED, TWO_COMPETENCIES, Weights(20, 30, 50), 74.5, False,
                     id="total-custom-weights-20-30-50"),
        pytest.param(NO_SUBSTITUTION, SAP_DECLARED, TWO_COMPETENCIES, Weights(60, 40, 0), 76.0, False,
                     id="total-custom-weights-60-40-0"),
        pytest.param(NO_SUBSTITUTION, SAP_DECLARED, {}, Weights(), 75.71, True,
                     id="total-not-yet-interviewed-over-known-parts"),  # (40*80 + 30*70) / 70
        pytest.param(NO_SUBSTITUTION, [], {}, Weights(), 70.0, True,
                     id="total-position-without-skills-leaves-skills-out"),
        pytest.param(NO_SUBSTITUTION, [], TWO_COMPETENCIES, Weights(), 72.5, False,
                     id="total-position-without-skills-with-interview"),  # (30*70 + 30*75) / 60
        pytest.param(None, SAP_DECLARED, {}, Weights(), 67.14, True,
                     id="total-position-without-requirement-background-50"),  # (40*80 + 30*50) / 70
        pytest.param(None, [], {}, Weights(), 50.0, True,
                     id="total-position-without-skills-or-requirement"),
    ],
)
def test_total(requirement, skills, competencies, weights, total, partial):
    result = score(Inputs(requirement=requirement, education=E.UPPER_SECONDARY, years=2, skills=skills,
                          competencies=competencies, weights=weights))
    assert (result.total, result.partial) == (total, partial)


@pytest.mark.parametrize(
    "competencies, expected",
    [
        pytest.param({"A": (4.0, 1.0), "B": (4.0,)}, 75.0, id="interpersonal-mean-per-competency-then-over-competencies"),
        pytest.param({"A": (2.5,), "B": ()}, 50.0, id="interpersonal-unrated-competency-left-out"),
    ],
)
def test_interpersonal(competencies, expected):
    assert score(Inputs(requirement=None, education=0, years=0, competencies=competencies)).interpersonal == expected
