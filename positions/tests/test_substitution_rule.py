"""The education/experience substitution rule (Requirement.fit), once, at its boundaries; screening and scoring read it.

Pure values, no database. Every figure is worked out by hand from the rule in positions/requirements.py:
years needed = minimum years + k a missing level (none without a rule), or, "both ways" only, minimum years
- k a level above the minimum (never below 0); levels made up = min(years beyond the minimum / k, levels
missing); years made up = min(k × levels above, years missing), "both ways" only.
"""

import pytest

from candidates.screening import assess, assess_background
from evaluations.scoring import Inputs, score
from positions.requirements import EducationLevel as E
from positions.requirements import Requirement, Route
from positions.requirements import Substitution as S

DIRECT, THROUGH_EXPERIENCE, THROUGH_EDUCATION = Route.DIRECT, Route.EXPERIENCE_FOR_EDUCATION, Route.EDUCATION_FOR_EXPERIENCE


def diploma_3y(substitution, k):
    """Upper-secondary diploma (level 2) and 3 years; k years per level."""
    return Requirement(education_min=E.UPPER_SECONDARY, experience_min_years=3, years_per_level=k, substitution=substitution)


# requirement, education, years -> route, years needed, levels missing, levels made up, years made up
RULE_TABLE = [
    # Directly, whatever the mode.
    pytest.param(diploma_3y(S.NONE, None), E.UPPER_SECONDARY, 3, DIRECT, 3, 0, 0.0, 0, id="none-exactly-the-minimum"),
    pytest.param(diploma_3y(S.NONE, None), E.UPPER_SECONDARY, 2, None, 3, 0, 0.0, 0, id="none-one-year-short"),
    pytest.param(diploma_3y(S.EXPERIENCE_FOR_EDUCATION, 2), E.DOCTORATE, 3, DIRECT, 3, 0, 0.0, 0,
                 id="one-way-doctorate-with-the-minimum-years"),
    pytest.param(diploma_3y(S.BOTH_WAYS, 2), E.BACHELOR, 5, DIRECT, 0, 0, 0.0, 0,
                 id="both-ways-years-not-missing-nothing-made-up"),
    # No rule: nothing stands in for anything.
    pytest.param(diploma_3y(S.NONE, None), E.LOWER_SECONDARY, 20, None, None, 1, 0.0, 0,
                 id="none-experience-never-replaces-education"),
    pytest.param(diploma_3y(S.NONE, None), E.DOCTORATE, 2, None, 3, 0, 0.0, 0,
                 id="none-doctorate-never-replaces-experience"),
    pytest.param(diploma_3y(S.NONE, 2), E.LOWER_SECONDARY, 20, None, None, 1, 0.0, 0,
                 id="none-mode-with-k-set-still-no-substitution"),
    pytest.param(diploma_3y(S.EXPERIENCE_FOR_EDUCATION, None), E.LOWER_SECONDARY, 20, None, None, 1, 0.0, 0,
                 id="one-way-k-none-no-substitution"),
    pytest.param(diploma_3y(S.BOTH_WAYS, 0), E.LOWER_SECONDARY, 20, None, None, 1, 0.0, 0,
                 id="both-ways-k-0-experience-does-not-replace-education"),
    pytest.param(diploma_3y(S.BOTH_WAYS, 0), E.BACHELOR, 0, None, 3, 0, 0.0, 0,
                 id="both-ways-k-0-education-does-not-replace-experience"),
    # Experience for education, one level below: the minimum years + k.
    pytest.param(diploma_3y(S.EXPERIENCE_FOR_EDUCATION, 1), E.LOWER_SECONDARY, 4, THROUGH_EXPERIENCE, 4, 1, 1.0, 0,
                 id="one-way-k1-one-below-exactly-needed"),
    pytest.param(diploma_3y(S.EXPERIENCE_FOR_EDUCATION, 1), E.LOWER_SECONDARY, 3, None, 4, 1, 0.0, 0,
                 id="one-way-k1-one-below-needed-minus-1"),
    pytest.param(diploma_3y(S.EXPERIENCE_FOR_EDUCATION, 2), E.LOWER_SECONDARY, 5, THROUGH_EXPERIENCE, 5, 1, 1.0, 0,
                 id="one-way-k2-one-below-exactly-needed"),
    pytest.param(diploma_3y(S.EXPERIENCE_FOR_EDUCATION, 2), E.LOWER_SECONDARY, 4, None, 5, 1, 0.5, 0,
                 id="one-way-k2-one-below-needed-minus-1-half-a-level"),
    pytest.param(diploma_3y(S.EXPERIENCE_FOR_EDUCATION, 3), E.LOWER_SECONDARY, 6, THROUGH_EXPERIENCE, 6, 1, 1.0, 0,
                 id="one-way-k3-one-below-exactly-needed"),
    pytest.param(diploma_3y(S.EXPERIENCE_FOR_EDUCATION, 3), E.LOWER_SECONDARY, 5, None, 6, 1, 2 / 3, 0,
                 id="one-way-k3-one-below-needed-minus-1-two-thirds-of-a-level"),
    pytest.param(diploma_3y(S.EXPERIENCE_FOR_EDUCATION, 2), E.LOWER_SECONDARY, 20, THROUGH_EXPERIENCE, 5, 1, 1.0, 0,
                 id="one-way-levels-made-up-capped-at-the-levels-missing"),
    pytest.param(diploma_3y(S.EXPERIENCE_FOR_EDUCATION, 2), E.LOWER_SECONDARY, 2, None, 5, 1, 0.0, 0,
                 id="one-way-below-the-minimum-years-no-spare-years"),
    # Two levels below (no formal qualification): the minimum years + 2k.
    pytest.param(diploma_3y(S.EXPERIENCE_FOR_EDUCATION, 1), E.NONE, 5, THROUGH_EXPERIENCE, 5, 2, 2.0, 0,
                 id="one-way-k1-two-below-exactly-needed"),
    pytest.param(diploma_3y(S.EXPERIENCE_FOR_EDUCATION, 2), E.NONE, 7, THROUGH_EXPERIENCE, 7, 2, 2.0, 0,
                 id="one-way-k2-two-below-exactly-needed"),
    pytest.param(diploma_3y(S.EXPERIENCE_FOR_EDUCATION, 2), E.NONE, 6, None, 7, 2, 1.5, 0,
                 id="one-way-k2-two-below-needed-minus-1"),
    pytest.param(diploma_3y(S.EXPERIENCE_FOR_EDUCATION, 3), E.NONE, 8, None, 9, 2, 5 / 3, 0,
                 id="one-way-k3-two-below-needed-minus-1"),
    # One way does not go the other way.
    pytest.param(diploma_3y(S.EXPERIENCE_FOR_EDUCATION, 2), E.POST_SECONDARY, 2, None, 3, 0, 0.0, 0,
                 id="one-way-one-level-above-does-not-make-up-years"),
    pytest.param(diploma_3y(S.EXPERIENCE_FOR_EDUCATION, 3), E.DOCTORATE, 0, None, 3, 0, 0.0, 0,
                 id="one-way-doctorate-does-not-make-up-years"),
    # Both ways: education for experience, the minimum years - k a level above, never below 0.
    pytest.param(diploma_3y(S.BOTH_WAYS, 1), E.POST_SECONDARY, 2, THROUGH_EDUCATION, 2, 0, 0.0, 1,
                 id="both-ways-k1-one-above-exactly-needed"),
    pytest.param(diploma_3y(S.BOTH_WAYS, 1), E.POST_SECONDARY, 1, None, 2, 0, 0.0, 1,
                 id="both-ways-k1-one-above-needed-minus-1"),
    pytest.param(diploma_3y(S.BOTH_WAYS, 2), E.POST_SECONDARY, 1, THROUGH_EDUCATION, 1, 0, 0.0, 2,
                 id="both-ways-k2-one-above-exactly-needed"),
    pytest.param(diploma_3y(S.BOTH_WAYS, 2), E.POST_SECONDARY, 0, None, 1, 0, 0.0, 2,
                 id="both-ways-k2-one-above-needed-minus-1"),
    pytest.param(diploma_3y(S.BOTH_WAYS, 3), E.POST_SECONDARY, 0, THROUGH_EDUCATION, 0, 0, 0.0, 3,
                 id="both-ways-k3-one-above-needs-no-years"),
    pytest.param(diploma_3y(S.BOTH_WAYS, 2), E.BACHELOR, 0, THROUGH_EDUCATION, 0, 0, 0.0, 3,
                 id="both-ways-k2-two-above-years-made-up-capped-at-the-years-missing"),
    pytest.param(diploma_3y(S.BOTH_WAYS, 1), E.DOCTORATE, 0, THROUGH_EDUCATION, 0, 0, 0.0, 3,
                 id="both-ways-k1-doctorate-four-above"),
    pytest.param(diploma_3y(S.BOTH_WAYS, 2), E.UPPER_SECONDARY, 2, None, 3, 0, 0.0, 0,
                 id="both-ways-education-exactly-the-minimum-makes-up-nothing"),
    pytest.param(diploma_3y(S.BOTH_WAYS, 2), E.LOWER_SECONDARY, 5, THROUGH_EXPERIENCE, 5, 1, 1.0, 0,
                 id="both-ways-also-experience-for-education"),
    pytest.param(diploma_3y(S.BOTH_WAYS, 2), E.LOWER_SECONDARY, 4, None, 5, 1, 0.5, 0,
                 id="both-ways-below-minimum-education-makes-up-no-years"),
    # Edges of the scale: a minimum of no qualification, a minimum of a doctorate.
    pytest.param(Requirement(education_min=E.NONE, experience_min_years=2, years_per_level=2, substitution=S.BOTH_WAYS),
                 E.NONE, 2, DIRECT, 2, 0, 0.0, 0, id="minimum-none-exactly-the-minimum"),
    pytest.param(Requirement(education_min=E.NONE, experience_min_years=2, years_per_level=2, substitution=S.BOTH_WAYS),
                 E.NONE, 1, None, 2, 0, 0.0, 0, id="minimum-none-one-year-short"),
    pytest.param(Requirement(education_min=E.DOCTORATE, experience_min_years=1, years_per_level=2, substitution=S.BOTH_WAYS),
                 E.DOCTORATE, 0, None, 1, 0, 0.0, 0, id="minimum-doctorate-no-level-above-to-make-up-years"),
    pytest.param(Requirement(education_min=E.DOCTORATE, experience_min_years=1, years_per_level=2, substitution=S.BOTH_WAYS),
                 E.MASTER, 3, THROUGH_EXPERIENCE, 3, 1, 1.0, 0, id="minimum-doctorate-master-plus-k-years"),
]


@pytest.mark.parametrize(
    "requirement, education, years, route, years_needed, levels_missing, levels_made_up, years_made_up", RULE_TABLE
)
def test_substitution_rule(requirement, education, years, route, years_needed, levels_missing, levels_made_up,
                           years_made_up):
    fit = requirement.fit(education, years)
    assert (fit.route, fit.meets, fit.years_needed, fit.levels_missing, fit.levels_made_up, fit.years_made_up) == (
        route, route is not None, years_needed, levels_missing, levels_made_up, years_made_up
    )
    assert requirement.years_needed(education) == years_needed


@pytest.mark.parametrize(
    "requirement, education, years, route, years_needed, levels_missing, levels_made_up, years_made_up", RULE_TABLE
)
def test_screening_meets_the_background_exactly_when_the_rule_does(
    requirement, education, years, route, years_needed, levels_missing, levels_made_up, years_made_up
):
    assert assess_background(requirement, education=education, years=years)[0] is (route is not None)


@pytest.mark.parametrize(
    "requirement, alternatives",
    [
        pytest.param(diploma_3y(S.BOTH_WAYS, 3), [(E.LOWER_SECONDARY, 6), (E.POST_SECONDARY, 0)],
                     id="both-ways-the-years-needed-one-level-either-side"),
        pytest.param(diploma_3y(S.EXPERIENCE_FOR_EDUCATION, 1), [(E.LOWER_SECONDARY, 4)],
                     id="one-way-the-level-above-needs-the-same-years-so-is-no-alternative"),
        pytest.param(diploma_3y(S.BOTH_WAYS, 0), [], id="k-0-no-alternatives"),
        pytest.param(diploma_3y(S.NONE, 2), [], id="no-rule-no-alternatives"),
    ],
)
def test_alternatives_are_the_years_needed_by_the_neighbouring_levels(requirement, alternatives):
    assert requirement.alternatives() == alternatives


# Upper-secondary minimum, Bachelor preferred; 3 years minimum, 7 preferred.
def preferred_diploma_3y(substitution, k):
    return Requirement(
        education_min=E.UPPER_SECONDARY, education_preferred=E.BACHELOR, experience_min_years=3,
        experience_preferred_years=7, years_per_level=k, substitution=substitution,
    )


@pytest.mark.parametrize(
    "requirement, education, years, levels_made_up, years_made_up, background",
    [
        # Education below the minimum: 0.3 × level / 2, moved towards 0.7 by levels made up / levels missing.
        # Experience over years + years made up: 0.6 × years / 3 below 3; 0.7 + 0.2 × (years - 3) / 4 below 7;
        # then 0.9 + 0.1 × (1 - 0.5^((years - 7) / 2)). Background = 100 × (education + experience) / 2.
        pytest.param(preferred_diploma_3y(S.EXPERIENCE_FOR_EDUCATION, 2), E.LOWER_SECONDARY, 4, 0.5, 0, 58.75,
                     id="half-a-level-made-up"),  # 0.15 + 0.55 × 0.5 = 0.425; 0.7 + 0.2 × 1/4 = 0.75
        pytest.param(preferred_diploma_3y(S.EXPERIENCE_FOR_EDUCATION, 3), E.NONE, 8, 5 / 3, 0, 75.63,
                     id="five-thirds-of-two-levels-made-up"),  # 0.7 × 5/6 = 0.5833; 0.9 + 0.1 × (1 - 0.5^0.5) = 0.9293
        pytest.param(preferred_diploma_3y(S.NONE, None), E.LOWER_SECONDARY, 9, 0.0, 0, 55.0,
                     id="no-rule-nothing-made-up"),  # 0.15; 0.9 + 0.1 × 1/2 = 0.95
        pytest.param(preferred_diploma_3y(S.EXPERIENCE_FOR_EDUCATION, 2), E.POST_SECONDARY, 0, 0.0, 0, 42.5,
                     id="one-way-no-years-made-up"),  # 0.7 + 0.3 × 1/2 = 0.85; 0
        pytest.param(preferred_diploma_3y(S.BOTH_WAYS, 2), E.POST_SECONDARY, 0, 0.0, 2, 62.5,
                     id="both-ways-two-years-made-up-still-below-the-minimum"),  # 0.85; 0.6 × 2/3 = 0.4
        pytest.param(preferred_diploma_3y(S.BOTH_WAYS, 3), E.POST_SECONDARY, 1, 0.0, 2, 77.5,
                     id="both-ways-years-made-up-only-up-to-the-minimum"),  # 0.85; 3 years: 0.7
        pytest.param(preferred_diploma_3y(S.BOTH_WAYS, 1), E.BACHELOR, 0, 0.0, 2, 70.0,
                     id="both-ways-k1-two-levels-above-two-years"),  # 1.0; 0.4
    ],
)
def test_scoring_background_follows_the_documented_formula_over_the_rule(
    requirement, education, years, levels_made_up, years_made_up, background
):
    fit = requirement.fit(education, years)
    assert (fit.levels_made_up, fit.years_made_up) == (levels_made_up, years_made_up)
    assert score(Inputs(requirement=requirement, education=education, years=years)).background == background


def test_without_a_requirement_screening_meets_and_scoring_gives_half_the_points():
    screening = assess(None, education=E.NONE, years=0, declared_skills=[], required_skills=[])
    assert (screening.meets, screening.reasons) == (True, [])
    assert score(Inputs(requirement=None, education=E.NONE, years=0)).background == 50.0
