"""The requirement described in words: pure values, no database."""

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from positions.requirements import EducationLevel, Requirement, Substitution


def test_diploma_with_both_way_substitution_offers_one_level_either_side():
    requirement = Requirement(
        education_min=EducationLevel.UPPER_SECONDARY,
        experience_min_years=3,
        years_per_level=2,
        substitution=Substitution.BOTH_WAYS,
    )
    with translation.override("en"):
        text = requirement.describe()
    assert text == (
        "Upper-secondary diploma and 3 years in a similar role"
        " — or Lower-secondary school and 5 years"
        " — or Post-secondary or vocational diploma (ITS) and 1 year"
    )


def test_no_substitution_has_no_alternatives():
    requirement = Requirement(education_min=EducationLevel.BACHELOR, experience_min_years=2)
    assert requirement.alternatives() == []
    with translation.override("en"):
        assert requirement.describe() == "Bachelor's degree and 2 years in a similar role"
        assert requirement.describe_substitution() == "Experience does not replace the education requirement."


def test_experience_for_education_only_goes_one_way():
    requirement = Requirement(
        education_min=EducationLevel.BACHELOR,
        experience_min_years=2,
        years_per_level=3,
        substitution=Substitution.EXPERIENCE_FOR_EDUCATION,
    )
    assert requirement.alternatives() == [(EducationLevel.POST_SECONDARY, 5)]


def test_field_of_study_and_zero_years():
    requirement = Requirement(
        education_min=EducationLevel.BACHELOR, experience_min_years=0, field_of_study="economics"
    )
    with translation.override("en"):
        assert requirement.describe() == "Bachelor's degree in economics, no previous experience required"


def test_no_education_required():
    with translation.override("en"):
        assert Requirement(education_min=0, experience_min_years=0).describe() == (
            "No formal education or previous experience required"
        )
        assert Requirement(education_min=0, experience_min_years=1).describe() == "1 year in a similar role"


def test_preferred_is_only_shown_when_above_minimum():
    same = Requirement(education_min=2, experience_min_years=2, education_preferred=2, experience_preferred_years=2)
    higher = Requirement(education_min=2, experience_min_years=2, education_preferred=4, experience_preferred_years=5)
    with translation.override("en"):
        assert same.describe_preferred() == ""
        assert higher.describe_preferred() == "Bachelor's degree, 5 years in a similar role"


def test_described_in_italian():
    requirement = Requirement(
        education_min=EducationLevel.UPPER_SECONDARY,
        experience_min_years=3,
        years_per_level=2,
        substitution=Substitution.BOTH_WAYS,
    )
    with translation.override("it"):
        text = requirement.describe()
        substitution = requirement.describe_substitution()
    assert text.startswith("Diploma di scuola secondaria superiore e 3 anni in un ruolo simile")
    assert "oppure Diploma post-secondario o professionale (ITS) e 1 anno" in text
    assert "2 anni di esperienza pertinente valgono un livello di istruzione." in substitution


@given(
    level=st.integers(min_value=0, max_value=6),
    years=st.integers(min_value=0, max_value=40),
    per_level=st.integers(min_value=1, max_value=10),
    substitution=st.sampled_from([Substitution.EXPERIENCE_FOR_EDUCATION, Substitution.BOTH_WAYS]),
)
def test_alternatives_trade_exactly_one_level_for_the_stated_years(level, years, per_level, substitution):
    requirement = Requirement(
        education_min=level, experience_min_years=years, years_per_level=per_level, substitution=substitution
    )
    for alt_level, alt_years in requirement.alternatives():
        assert abs(alt_level - level) == 1
        assert 0 <= alt_level <= 6
        if alt_level < level:
            assert alt_years == years + per_level
        else:
            assert alt_years == max(years - per_level, 0) and alt_years < years
