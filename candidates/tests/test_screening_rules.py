"""Screening one factor at a time, the substitution rule at its boundaries, and knockouts per question kind.

Pure values (no database): each case names the rule it pins and states the exact outcome and reasons.
"""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from candidates.screening import assess, assess_background
from positions.models import ScreeningQuestion, normalise_knockout
from positions.requirements import EducationLevel as E
from positions.requirements import Requirement, Substitution

# Upper-secondary diploma and 3 years; 2 years stand in for one education level.
BOTH_WAYS = Requirement(education_min=E.UPPER_SECONDARY, experience_min_years=3, years_per_level=2, substitution=Substitution.BOTH_WAYS)
ONE_WAY = Requirement(education_min=E.UPPER_SECONDARY, experience_min_years=3, years_per_level=2, substitution=Substitution.EXPERIENCE_FOR_EDUCATION)
ONE_WAY_K3 = Requirement(education_min=E.UPPER_SECONDARY, experience_min_years=3, years_per_level=3, substitution=Substitution.EXPERIENCE_FOR_EDUCATION)
NO_SUBSTITUTION = Requirement(education_min=E.UPPER_SECONDARY, experience_min_years=3)

MEETS_BACKGROUND = "Upper-secondary diploma + 3 years: meets the Upper-secondary diploma requirement"
QUESTION = "Can you start within a month?"


@pytest.mark.parametrize(
    "requirement, education, years, declared, knockouts, meets, reasons",
    [
        pytest.param(
            NO_SUBSTITUTION, E.UPPER_SECONDARY, 3, ["Accounts payable", "SAP"], [], True,
            [MEETS_BACKGROUND],
            id="meets-everything",
        ),
        pytest.param(
            NO_SUBSTITUTION, E.LOWER_SECONDARY, 3, ["Accounts payable", "SAP"], [], False,
            ["Lower-secondary school + 3 years: below the Upper-secondary diploma requirement"],
            id="fails-only-education-no-substitution",
        ),
        pytest.param(
            BOTH_WAYS, E.LOWER_SECONDARY, 3, ["Accounts payable", "SAP"], [], False,
            ["Lower-secondary school + 3 years: below the Upper-secondary diploma requirement; "
             "with this education it takes 5 years"],
            id="fails-only-education-substitution-not-enough-years",
        ),
        pytest.param(
            NO_SUBSTITUTION, E.UPPER_SECONDARY, 2, ["Accounts payable", "SAP"], [], False,
            ["Upper-secondary diploma + 2 years: below the 3 years in a similar role required"],
            id="fails-only-experience",
        ),
        pytest.param(
            NO_SUBSTITUTION, E.UPPER_SECONDARY, 3, ["accounts PAYABLE"], [], False,
            [MEETS_BACKGROUND, "missing required skill: SAP"],
            id="fails-only-required-skill-names-compared-casefolded",
        ),
        pytest.param(
            NO_SUBSTITUTION, E.UPPER_SECONDARY, 3, ["Accounts payable", "SAP"], [(QUESTION, "no")], False,
            [MEETS_BACKGROUND, "knockout answer to “Can you start within a month?”: no"],
            id="fails-only-knockout-answer",
        ),
        pytest.param(
            None, E.NONE, 0, ["Accounts payable", "SAP"], [], True, [],
            id="no-requirement-no-background-reason",
        ),
    ],
)
def test_screening_one_factor_at_a_time(requirement, education, years, declared, knockouts, meets, reasons):
    with translation.override("en"):
        result = assess(
            requirement, education=education, years=years, declared_skills=declared,
            required_skills=["Accounts payable", "SAP"], knockouts=knockouts,
        )
    assert (result.meets, result.reasons) == (meets, reasons)


@pytest.mark.parametrize(
    "requirement, education, years, meets, reason",
    [
        pytest.param(ONE_WAY, E.LOWER_SECONDARY, 5, True,
                     "Lower-secondary school + 5 years: meets the Upper-secondary diploma requirement through experience (2 years per level)",
                     id="experience-for-one-level-exactly-k-extra-years"),
        pytest.param(ONE_WAY, E.LOWER_SECONDARY, 4, False,
                     "Lower-secondary school + 4 years: below the Upper-secondary diploma requirement; with this education it takes 5 years",
                     id="experience-for-one-level-one-year-short"),
        pytest.param(ONE_WAY, E.NONE, 7, True,
                     "No formal qualification + 7 years: meets the Upper-secondary diploma requirement through experience (2 years per level)",
                     id="experience-for-two-levels-exactly-2k-extra-years"),
        pytest.param(ONE_WAY, E.NONE, 6, False,
                     "No formal qualification + 6 years: below the Upper-secondary diploma requirement; with this education it takes 7 years",
                     id="experience-for-two-levels-one-year-short"),
        pytest.param(ONE_WAY_K3, E.LOWER_SECONDARY, 6, True,
                     "Lower-secondary school + 6 years: meets the Upper-secondary diploma requirement through experience (3 years per level)",
                     id="experience-k3-exactly-k-extra-years"),
        pytest.param(ONE_WAY_K3, E.LOWER_SECONDARY, 5, False,
                     "Lower-secondary school + 5 years: below the Upper-secondary diploma requirement; with this education it takes 6 years",
                     id="experience-k3-one-year-short"),
        pytest.param(ONE_WAY, E.POST_SECONDARY, 2, False,
                     "Post-secondary or vocational diploma (ITS) + 2 years: below the 3 years in a similar role required",
                     id="one-way-higher-education-does-not-make-up-experience"),
        pytest.param(BOTH_WAYS, E.POST_SECONDARY, 1, True,
                     "Post-secondary or vocational diploma (ITS) + 1 year: meets the experience requirement through education (2 years per level)",
                     id="both-ways-one-level-up-exactly-min-minus-k-years"),
        pytest.param(BOTH_WAYS, E.POST_SECONDARY, 0, False,
                     "Post-secondary or vocational diploma (ITS) + 0 years: below the experience requirement; with this "
                     "education it takes 1 year (2 years per level)",
                     id="both-ways-one-level-up-one-year-short"),
        pytest.param(BOTH_WAYS, E.BACHELOR, 0, True,
                     "Bachelor's degree + 0 years: meets the experience requirement through education (2 years per level)",
                     id="both-ways-two-levels-up-needs-no-experience"),
        pytest.param(BOTH_WAYS, E.LOWER_SECONDARY, 5, True,
                     "Lower-secondary school + 5 years: meets the Upper-secondary diploma requirement through experience (2 years per level)",
                     id="both-ways-also-allows-experience-for-education"),
        pytest.param(NO_SUBSTITUTION, E.LOWER_SECONDARY, 20, False,
                     "Lower-secondary school + 20 years: below the Upper-secondary diploma requirement",
                     id="no-substitution-experience-never-replaces-education"),
        pytest.param(NO_SUBSTITUTION, E.DOCTORATE, 2, False,
                     "Doctorate + 2 years: below the 3 years in a similar role required",
                     id="no-substitution-education-never-replaces-experience"),
        pytest.param(NO_SUBSTITUTION, E.UPPER_SECONDARY, 3, True, MEETS_BACKGROUND,
                     id="exactly-the-minimum-meets"),
    ],
)
def test_substitution_boundaries(requirement, education, years, meets, reason):
    with translation.override("en"):
        assert assess_background(requirement, education=education, years=years) == (meets, reason)


@pytest.mark.parametrize(
    "requirement, alternatives, described",
    [
        pytest.param(BOTH_WAYS, [(E.LOWER_SECONDARY, 5), (E.POST_SECONDARY, 1)],
                     "Upper-secondary diploma and 3 years in a similar role — or Lower-secondary school and 5 years "
                     "— or Post-secondary or vocational diploma (ITS) and 1 year",
                     id="describe-both-ways-one-level-either-side"),
        pytest.param(ONE_WAY, [(E.LOWER_SECONDARY, 5)],
                     "Upper-secondary diploma and 3 years in a similar role — or Lower-secondary school and 5 years",
                     id="describe-one-way-only-down"),
        pytest.param(NO_SUBSTITUTION, [], "Upper-secondary diploma and 3 years in a similar role",
                     id="describe-no-substitution-no-alternatives"),
        pytest.param(Requirement(education_min=E.BACHELOR, experience_min_years=1, years_per_level=2, substitution=Substitution.BOTH_WAYS),
                     [(E.POST_SECONDARY, 3), (E.MASTER, 0)],
                     "Bachelor's degree and 1 year in a similar role — or Post-secondary or vocational diploma (ITS) and 3 years "
                     "— or Master's degree, no previous experience required",
                     id="describe-both-ways-up-never-below-zero-years"),
        pytest.param(Requirement(education_min=E.BACHELOR, experience_min_years=0, years_per_level=2, substitution=Substitution.BOTH_WAYS),
                     [(E.POST_SECONDARY, 2)],
                     "Bachelor's degree, no previous experience required — or Post-secondary or vocational diploma (ITS) and 2 years",
                     id="describe-no-experience-minimum-no-upward-alternative"),
        pytest.param(Requirement(education_min=E.NONE, experience_min_years=2, years_per_level=2, substitution=Substitution.BOTH_WAYS),
                     [(E.LOWER_SECONDARY, 0)],
                     "2 years in a similar role — or Lower-secondary school, no previous experience required",
                     id="describe-no-education-minimum-no-downward-alternative"),
    ],
)
def test_requirement_alternatives_match_the_substitution_rule(requirement, alternatives, described):
    with translation.override("en"):
        assert requirement.alternatives() == alternatives
        assert requirement.describe() == described
    for level, years in alternatives:
        assert assess_background(requirement, education=level, years=years)[0] is True
        if years > 0:
            assert assess_background(requirement, education=level, years=years - 1)[0] is False


@pytest.mark.parametrize(
    "kind, stored, answer, knocked_out",
    [
        pytest.param("yes_no", "no", "no", True, id="yes_no-answer-equal-to-knockout"),
        pytest.param("yes_no", "no", "yes", False, id="yes_no-other-answer"),
        pytest.param("yes_no", "no", "", False, id="yes_no-unanswered-never-knocks-out"),
        pytest.param("number", "2", "1", True, id="number-below-minimum"),
        pytest.param("number", "2", "1.99", True, id="number-just-below-minimum"),
        pytest.param("number", "2", "2", False, id="number-exactly-minimum-is-accepted"),
        pytest.param("number", "2", "3", False, id="number-above-minimum"),
        pytest.param("number", "2.5", "2", True, id="number-decimal-minimum"),
        pytest.param("number", "2", "two", False, id="number-unreadable-answer-never-knocks-out"),
        pytest.param("number", "2", "", False, id="number-unanswered-never-knocks-out"),
        pytest.param("text", "", "anything", False, id="text-has-no-knockout"),
        pytest.param("yes_no", "", "no", False, id="no-knockout-set"),
    ],
)
def test_is_knockout_per_question_kind(kind, stored, answer, knocked_out):
    assert ScreeningQuestion(kind=kind, knockout=stored).is_knockout(answer) is knocked_out


@pytest.mark.parametrize(
    "kind, entered, stored",
    [
        pytest.param("yes_no", "No", "no", id="yes_no-lowercased"),
        pytest.param("yes_no", " Sì ", "yes", id="yes_no-italian-si-with-accent"),
        pytest.param("yes_no", "si", "yes", id="yes_no-italian-si"),
        pytest.param("yes_no", "Y", "yes", id="yes_no-y"),
        pytest.param("yes_no", "n", "no", id="yes_no-n"),
        pytest.param("number", "2", "2", id="number-integer"),
        pytest.param("number", " 2,5 ", "2.5", id="number-decimal-comma-to-dot"),
        pytest.param("number", "", "", id="number-empty-means-none"),
        pytest.param("text", "  ", "", id="text-blank-means-none"),
    ],
)
def test_normalise_knockout(kind, entered, stored):
    assert normalise_knockout(kind, entered) == stored


@pytest.mark.parametrize(
    "kind, entered, message",
    [
        pytest.param("yes_no", "maybe", "Write “yes” or “no”.", id="yes_no-rejects-other-words"),
        pytest.param("number", "two", "Write the minimum accepted number, e.g. 2.", id="number-rejects-words"),
        pytest.param("text", "no", "Short-text questions cannot have a knockout answer.", id="text-rejects-any-knockout"),
    ],
)
def test_normalise_knockout_rejects_with_a_message_on_the_knockout_field(kind, entered, message):
    # The code= passed next to a dict is dropped by Django, so only the field and message are pinned.
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        normalise_knockout(kind, entered)
    assert raised.value.message_dict == {"knockout": [message]}


@pytest.mark.parametrize(
    "kind, entered, answer, meets",
    [
        pytest.param("number", "2", "1", False, id="number-knockout-2-answer-1-fails-screening"),
        pytest.param("number", "2", "2", True, id="number-knockout-2-answer-2-meets"),
        pytest.param("number", "2", "3", True, id="number-knockout-2-answer-3-meets"),
        pytest.param("yes_no", "No", "no", False, id="yes_no-knockout-no-answer-no-fails-screening"),
        pytest.param("yes_no", "No", "yes", True, id="yes_no-knockout-no-answer-yes-meets"),
    ],
)
def test_a_knockout_alone_decides_screening(kind, entered, answer, meets):
    question = ScreeningQuestion(kind=kind, text=QUESTION, knockout=normalise_knockout(kind, entered))
    knockouts = [(question.text, answer)] if question.is_knockout(answer) else []
    with translation.override("en"):
        result = assess(
            NO_SUBSTITUTION, education=E.UPPER_SECONDARY, years=3, declared_skills=["SAP"], required_skills=["SAP"],
            knockouts=knockouts,
        )
    expected = [MEETS_BACKGROUND] + ([] if meets else [f"knockout answer to “{QUESTION}”: {answer}"])
    assert (result.meets, result.reasons) == (meets, expected)
