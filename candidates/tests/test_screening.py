"""The 'meets requirements' rule as a table of cases: pure values, no database."""

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from candidates.screening import assess, assess_background
from positions.requirements import EducationLevel as E
from positions.requirements import Requirement, Substitution

BACHELOR_2Y = Requirement(education_min=E.BACHELOR, experience_min_years=0, years_per_level=2, substitution=Substitution.BOTH_WAYS)
DIPLOMA_3Y_BOTH = Requirement(education_min=E.UPPER_SECONDARY, experience_min_years=3, years_per_level=2, substitution=Substitution.BOTH_WAYS)
DIPLOMA_3Y_ONE_WAY = Requirement(education_min=E.UPPER_SECONDARY, experience_min_years=3, years_per_level=2, substitution=Substitution.EXPERIENCE_FOR_EDUCATION)
DIPLOMA_3Y_NONE = Requirement(education_min=E.UPPER_SECONDARY, experience_min_years=3)


@pytest.mark.parametrize(
    "requirement, education, years, meets, reason",
    [
        (BACHELOR_2Y, E.BACHELOR, 0, True, "Bachelor's degree + 0 years: meets the Bachelor's degree requirement"),
        (BACHELOR_2Y, E.UPPER_SECONDARY, 4, True, "Upper-secondary diploma + 4 years: meets the Bachelor's degree requirement through experience (2 years per level)"),
        (BACHELOR_2Y, E.UPPER_SECONDARY, 3, False, "below the Bachelor's degree requirement; with this education it takes 4 years"),
        (DIPLOMA_3Y_BOTH, E.BACHELOR, 0, True, "Bachelor's degree + 0 years: meets the experience requirement through education (2 years per level)"),
        (DIPLOMA_3Y_BOTH, E.POST_SECONDARY, 1, True, "through education"),
        (DIPLOMA_3Y_BOTH, E.POST_SECONDARY, 0, False, "below the experience requirement; with this education it takes 1 year (2 years per level)"),
        (DIPLOMA_3Y_ONE_WAY, E.BACHELOR, 0, False, "below the 3 years in a similar role required"),
        (DIPLOMA_3Y_ONE_WAY, E.LOWER_SECONDARY, 5, True, "through experience"),
        (DIPLOMA_3Y_NONE, E.LOWER_SECONDARY, 20, False, "Lower-secondary school + 20 years: below the Upper-secondary diploma requirement"),
        (DIPLOMA_3Y_NONE, E.UPPER_SECONDARY, 3, True, "meets the Upper-secondary diploma requirement"),
    ],
)
def test_background_table(requirement, education, years, meets, reason):
    with translation.override("en"):
        ok, text = assess_background(requirement, education=education, years=years)
    assert ok is meets
    assert reason in text


def test_missing_required_skill_and_knockout_are_named():
    with translation.override("en"):
        result = assess(
            DIPLOMA_3Y_NONE, education=E.BACHELOR, years=5,
            declared_skills=["excel"], required_skills=["Excel", "SAP"],
            knockouts=[("Can you start within a month?", "no")],
        )
    assert result.meets is False
    assert "missing required skill: SAP" in result.reasons
    assert "knockout answer to “Can you start within a month?”: no" in result.reasons
    assert not any("Excel" in r for r in result.reasons[1:2])


def test_reasons_in_italian():
    with translation.override("it"):
        ok, text = assess_background(BACHELOR_2Y, education=E.UPPER_SECONDARY, years=4)
    assert ok
    assert text == (
        "Diploma di scuola secondaria superiore + 4 anni: soddisfa il requisito Laurea triennale "
        "tramite l'esperienza (2 anni per livello)"
    )


@given(
    education=st.integers(0, 6), years=st.integers(0, 30), extra=st.integers(0, 10),
    level=st.integers(0, 6), min_years=st.integers(0, 10), k=st.integers(1, 5),
    mode=st.sampled_from(list(Substitution)),
)
def test_more_experience_or_education_never_hurts(education, years, extra, level, min_years, k, mode):
    requirement = Requirement(education_min=level, experience_min_years=min_years, years_per_level=k, substitution=mode)
    ok, _text = assess_background(requirement, education=education, years=years)
    if ok:
        assert assess_background(requirement, education=education, years=years + extra)[0]
        assert assess_background(requirement, education=min(education + 1, 6), years=years)[0]
