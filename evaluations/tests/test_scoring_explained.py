"""What evaluations/scoring.py says about a score: its lines, its evidence, and their wording in English and Italian.

Also the small helpers and checks the figure tables leave out (weights, rating_value, text_mentions,
calibration_offsets, rank, rounding to two decimals). Every expectation is worked out by hand from the
module docstring and the rules (declared 0.8, résumé 0.5, rating 1–4 onto 0–1 as (r - 1) / 3, education
0.7 at the minimum, experience 0.6 × years / minimum below it and 0.7 at it), never by calling the code
under test; the Italian strings are the msgstr of locale/it/LC_MESSAGES/django.po.
"""

import re

import pytest
from django.utils import translation

from evaluations.scoring import (
    Inputs,
    SkillInput,
    Weights,
    calibration_offsets,
    describe_evidence,
    explain,
    rank,
    rating_value,
    score,
    skill_patterns,
    text_mentions,
)
from positions.requirements import EducationLevel as E
from positions.requirements import Requirement, Substitution

# Upper-secondary minimum, Bachelor preferred; 2 years minimum, 6 preferred; nothing stands in for anything.
REQUIREMENT = Requirement(
    education_min=E.UPPER_SECONDARY, education_preferred=E.BACHELOR, experience_min_years=2,
    experience_preferred_years=6, substitution=Substitution.NONE,
)
# No preferred figures: the preferred ones are the minimum ones.
MINIMUM_ONLY = Requirement(education_min=E.UPPER_SECONDARY, experience_min_years=3)


# ---------------------------------------------------------------------------
# Weights: non-negative, adding up to 100
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "skills, background, interpersonal",
    [
        pytest.param(50, 30, 30, id="sum-110"),
        pytest.param(40, 30, 29, id="sum-99"),
        pytest.param(-10, 110, 0, id="negative-skills-sum-100"),
        pytest.param(110, -10, 0, id="negative-background-sum-100"),
        pytest.param(0, 110, -10, id="negative-interpersonal-sum-100"),
    ],
)
def test_weights_rejected(skills, background, interpersonal):
    with pytest.raises(ValueError, match=r"^weights must be non-negative and add up to 100$"):
        Weights(skills, background, interpersonal)


@pytest.mark.parametrize(
    "skills, background, interpersonal",
    [
        pytest.param(100, 0, 0, id="all-on-skills"),
        pytest.param(0, 100, 0, id="all-on-background"),
        pytest.param(0, 0, 100, id="all-on-interpersonal"),
        pytest.param(40, 30, 30, id="default-split"),
    ],
)
def test_weights_accepted(skills, background, interpersonal):
    weights = Weights(skills, background, interpersonal)
    assert (weights.skills, weights.background, weights.interpersonal) == (skills, background, interpersonal)


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "rating, expected",
    [
        pytest.param(0.0, 0.0, id="below-range-clamped-to-1"),
        pytest.param(0.5, 0.0, id="half-clamped-to-1"),
        pytest.param(1.0, 0.0, id="lowest"),
        pytest.param(1.5, 1 / 6, id="between-1-and-2"),  # 0.5 / 3
        pytest.param(2.5, 0.5, id="middle"),  # 1.5 / 3
        pytest.param(3.5, 5 / 6, id="between-3-and-4"),  # 2.5 / 3
        pytest.param(4.0, 1.0, id="highest"),
        pytest.param(4.5, 1.0, id="between-4-and-5-clamped-to-4"),
        pytest.param(6.0, 1.0, id="above-range-clamped-to-4"),
    ],
)
def test_rating_value(rating, expected):
    assert rating_value(rating) == pytest.approx(expected, abs=1e-12)


TEXT = "Contabilità fornitori con SAP; EXCEL avanzato."


@pytest.mark.parametrize(
    "names, expected",
    [
        pytest.param(["SAP", "excel", "Word", "AP"], {"SAP", "excel"}, id="names-case-insensitive-whole-words"),
        pytest.param(["CONTABILITA FORNITORI", "Fornitori"], {"CONTABILITA FORNITORI", "Fornitori"}, id="names-accent-insensitive"),
        pytest.param(["Word"], set(), id="names-none-found"),
        pytest.param([], set(), id="names-empty"),
        pytest.param(skill_patterns(["SAP", "excel", "Word", "AP"]), {"SAP", "excel"}, id="patterns-case-insensitive-whole-words"),
        pytest.param(skill_patterns(["Contabilità Fornitori", "Zucchetti"]), {"Contabilità Fornitori"}, id="patterns-accent-insensitive"),
        # A precompiled pattern is used as given, not recompiled from its name.
        pytest.param([("Ledger", re.compile("fornitori"))], {"Ledger"}, id="patterns-used-as-given"),
    ],
)
def test_text_mentions(names, expected):
    assert text_mentions(TEXT, names) == expected


def test_skill_patterns_pair_each_name_with_its_whole_word_pattern():
    patterns = skill_patterns(["SAP", "Contabilità"])
    assert [name for name, _pattern in patterns] == ["SAP", "Contabilità"]
    assert [bool(pattern.search("sap e contabilita")) for _name, pattern in patterns] == [True, True]
    assert [bool(pattern.search("sapiens, contabilitamente")) for _name, pattern in patterns] == [False, False]


@pytest.mark.parametrize(
    "history, minimum, expected",
    [
        pytest.param({}, 20, {}, id="empty-history"),
        pytest.param({1: (0.0, 0), 2: (0.0, 0)}, 20, {}, id="zero-counts"),
        # Overall 12 / 4 = 3: interviewer 1 averages 4 (+1), interviewer 2 averages 2 (-1).
        pytest.param({1: (8.0, 2), 2: (4.0, 2)}, 2, {1: 1.0, 2: -1.0}, id="both-at-the-minimum"),
        # Overall 10 / 3: interviewer 1 averages 4, offset 4 - 10/3 = 2/3; interviewer 2 has 1 < 2 ratings.
        pytest.param({1: (8.0, 2), 2: (2.0, 1)}, 2, {1: 2 / 3, 2: 0.0}, id="one-below-the-minimum"),
        # Interviewer 2 has no ratings at all: offset 0; overall 9 / 3 = 3, interviewer 1 averages 3.
        pytest.param({1: (9.0, 3), 2: (0.0, 0)}, 3, {1: 0.0, 2: 0.0}, id="one-with-zero-count"),
    ],
)
def test_calibration_offsets(history, minimum, expected):
    offsets = calibration_offsets(history, minimum=minimum)
    assert offsets == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    "results, expected",
    [
        pytest.param([(2, 50.0), (1, 50.0)], [1, 2], id="tie-lower-id-first"),
        pytest.param([(4, 10.0), (9, 70.5), (3, 70.5), (8, 99.0)], [8, 3, 9, 4], id="highest-first-ties-by-id"),
        pytest.param([(5, 0.0)], [5], id="one"),
        pytest.param([], [], id="none"),
    ],
)
def test_rank(results, expected):
    assert rank(results) == expected


# ---------------------------------------------------------------------------
# Lines: what each figure rests on, as (code, parameters)
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "inputs, expected",
    [
        pytest.param(
            Inputs(
                requirement=None, education=E.NONE, years=0,
                skills=[
                    SkillInput("SAP", True, 1, declared=True, ratings=(3.0, 3.0, 4.0)),  # mean 10/3, shown 3.3
                    SkillInput("Excel", True, 1, declared=True, text_match=True),
                    SkillInput("Word", False, 1, text_match=True),
                    SkillInput("IVA", True, 1),
                    SkillInput("Zucchetti", False, 1),
                ],
            ),
            # Skill weights 2 + 2 + 1 + 2 + 1 = 8: SAP 100 * 2 * (7/9) / 8 = 19.444, Excel 100 * 2 * 0.8 / 8 = 20,
            # Word 100 * 1 * 0.5 / 8 = 6.25; skills 45.694. Not interviewed: 40 + 30 = 70 known, each line's share
            # of the total is its points × 40/70 (11.111, 11.429, 3.571 → 26.11); background 50 × 30/70 = 21.43.
            [
                ("part", {"part": "skills", "score": 45.69, "weight": 40, "known": 70, "points": 26.11}),
                ("skill_rated", {"skill": "SAP", "rating": 3.3, "count": 3, "part_points": 19.44, "total_points": 11.11}),
                ("skill_declared", {"skill": "Excel", "part_points": 20.0, "total_points": 11.43}),
                ("skill_text", {"skill": "Word", "part_points": 6.25, "total_points": 3.57}),
                ("skill_missing", {"skill": "IVA", "part_points": 0.0, "total_points": 0.0}),
                ("skill_missing_preferred", {"skill": "Zucchetti", "part_points": 0.0, "total_points": 0.0}),
                ("part", {"part": "background", "score": 50.0, "weight": 30, "known": 70, "points": 21.43}),
                ("background_no_requirement", {"part_points": 50.0, "total_points": 21.43}),
                ("interpersonal_none", {}),
                ("total", {"points": [26.11, 21.43], "total": 47.54, "known": 70}),
            ],
            id="skills-each-kind-of-evidence-no-requirement-no-interview",
        ),
        pytest.param(
            # Education at the (only) level: 1.0, 50 points. 2 of 3 years: 0.6 * 2/3 = 0.4, 20 points.
            # Competencies in name order; one with no ratings is left out.
            Inputs(
                requirement=MINIMUM_ONLY, education=E.UPPER_SECONDARY, years=2,
                competencies={"Teamwork": (3.0, 4.0), "Empty": (), "Communication": (2.0,)},
            ),
            # No skills: 30 + 30 = 60 known. Background 70 × 30/60 = 35. Interpersonal (1/3 + 5/6) / 2 = 58.333:
            # 16.667 and 41.667 to the part, cents split so they add up to 58.33; halved for the total (29.17).
            [
                ("skills_none", {}),
                ("part", {"part": "background", "score": 70.0, "weight": 30, "known": 60, "points": 35.0}),
                ("education", {"level": E.UPPER_SECONDARY, "minimum": E.UPPER_SECONDARY,
                               "preferred": E.UPPER_SECONDARY, "points": 50, "part_points": 50.0, "total_points": 25.0}),
                ("experience", {"years": 2, "minimum": 3, "preferred": 3, "points": 20, "part_points": 20.0,
                                "total_points": 10.0}),
                ("part", {"part": "interpersonal", "score": 58.33, "weight": 30, "known": 60, "points": 29.17}),
                ("competency_rated", {"competency": "Communication", "rating": 2.0, "count": 1, "part_points": 16.66,
                                      "total_points": 8.33}),
                ("competency_rated", {"competency": "Teamwork", "rating": 3.5, "count": 2, "part_points": 41.67,
                                      "total_points": 20.84}),
                ("total", {"points": [35.0, 29.17], "total": 64.17, "known": 60}),
            ],
            id="preferred-falls-back-to-minimum-competencies-sorted",
        ),
        pytest.param(
            # Education at the minimum: 0.7, 35 points. 4 years: 0.7 + 0.2 * (4-2)/(6-2) = 0.8, 40 points.
            # The points are the declared profile's, before the ratings are averaged in.
            Inputs(
                requirement=REQUIREMENT, education=E.UPPER_SECONDARY, years=4,
                education_ratings=(2.0, 2.0, 3.0),  # mean 7/3, shown 2.3
                experience_ratings=(3.0, 4.0, 4.0, 4.0),  # mean 15/4 = 3.75, shown 3.8
                competencies={"Teamwork": (4.0, 3.0, 3.0)},  # mean 10/3, shown 3.3
            ),
            # Rated, each declared figure counts half: education 35 / 2 = 17.5, experience 40 / 2 = 20; the ratings
            # the other half, 25 × (4/9) = 11.111 and 25 × (11/12) = 22.917; background 71.53 × 30/60 = 35.76.
            [
                ("skills_none", {}),
                ("part", {"part": "background", "score": 71.53, "weight": 30, "known": 60, "points": 35.76}),
                ("education", {"level": E.UPPER_SECONDARY, "minimum": E.UPPER_SECONDARY,
                               "preferred": E.BACHELOR, "points": 35, "part_points": 17.5, "total_points": 8.75}),
                ("experience", {"years": 4, "minimum": 2, "preferred": 6, "points": 40, "part_points": 20.0,
                                "total_points": 10.0}),
                ("education_rated", {"rating": 2.3, "count": 3, "part_points": 11.11, "total_points": 5.55}),
                ("experience_rated", {"rating": 3.8, "count": 4, "part_points": 22.92, "total_points": 11.46}),
                ("part", {"part": "interpersonal", "score": 77.78, "weight": 30, "known": 60, "points": 38.89}),
                ("competency_rated", {"competency": "Teamwork", "rating": 3.3, "count": 3, "part_points": 77.78,
                                      "total_points": 38.89}),
                ("total", {"points": [35.76, 38.89], "total": 74.65, "known": 60}),
            ],
            id="background-rated",
        ),
        pytest.param(
            # No qualification: 0.3 * 0/2 = 0, 0 points. 6 years, the preferred figure: 0.9, 45 points.
            Inputs(requirement=REQUIREMENT, education=E.NONE, years=6, experience_ratings=(1.0,)),
            # Background alone is known: its 30 out of 30 count in full. Experience 45 / 2 = 22.5, the rating of 1 adds 0.
            [
                ("skills_none", {}),
                ("part", {"part": "background", "score": 22.5, "weight": 30, "known": 30, "points": 22.5}),
                ("education", {"level": E.NONE, "minimum": E.UPPER_SECONDARY,
                               "preferred": E.BACHELOR, "points": 0, "part_points": 0.0, "total_points": 0.0}),
                ("experience", {"years": 6, "minimum": 2, "preferred": 6, "points": 45, "part_points": 22.5,
                                "total_points": 22.5}),
                ("experience_rated", {"rating": 1.0, "count": 1, "part_points": 0.0, "total_points": 0.0}),
                ("interpersonal_none", {}),
                ("total", {"points": [22.5], "total": 22.5, "known": 30}),
            ],
            id="experience-rated-only",
        ),
    ],
)
def test_lines(inputs, expected):
    assert score(inputs).lines == expected


# ---------------------------------------------------------------------------
# Evidence: how much of each part rests on interviewers
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "inputs, expected",
    [
        pytest.param(
            Inputs(
                requirement=REQUIREMENT, education=E.BACHELOR, years=6, experience_ratings=(3.0,),
                skills=[SkillInput("SAP", True, 1, ratings=(3.0,)), SkillInput("Excel", False, 1, declared=True),
                        SkillInput("Word", False, 1, declared=True)],
                competencies={"Teamwork": (3.0,)}, scorecards=2,
            ),
            {
                "skills": ("skills_evidence", {"rated": 1, "declared": 2, "count": 3}),
                "background": ("background_evidence", {"rated": True}),
                "interpersonal": ("interpersonal_evidence", {"scorecards": 2}),
            },
            id="experience-rated-two-scorecards",
        ),
        pytest.param(
            Inputs(
                requirement=REQUIREMENT, education=E.BACHELOR, years=6, education_ratings=(3.0,),
                skills=[SkillInput("SAP", True, 1, declared=True, ratings=(3.0,)),
                        SkillInput("Excel", False, 1, ratings=(2.0, 4.0))],
                scorecards=3,
            ),
            {
                "skills": ("skills_evidence", {"rated": 2, "declared": 1, "count": 2}),
                "background": ("background_evidence", {"rated": True}),
                # Scorecards without a rated competency: not yet assessed.
                "interpersonal": ("interpersonal_evidence", {"scorecards": 0}),
            },
            id="education-rated-scorecards-without-ratings",
        ),
        pytest.param(
            Inputs(requirement=None, education=E.NONE, years=0, competencies={"Teamwork": (2.0,)}, scorecards=1),
            {
                "skills": ("skills_evidence", {"rated": 0, "declared": 0, "count": 0}),
                "background": ("background_evidence", {"rated": False}),
                "interpersonal": ("interpersonal_evidence", {"scorecards": 1}),
            },
            id="nothing-rated-but-one-scorecard",
        ),
    ],
)
def test_evidence(inputs, expected):
    assert score(inputs).evidence == expected


# ---------------------------------------------------------------------------
# The result as a whole: sub-scores and total rounded to 2 decimals
# ---------------------------------------------------------------------------
def test_as_dict_rounds_every_figure_to_two_decimals():
    result = score(
        Inputs(
            requirement=REQUIREMENT, education=E.UPPER_SECONDARY, years=2, education_ratings=(2.0,),
            skills=[SkillInput("SAP", True, 1, ratings=(3.0,))],
            competencies={"Teamwork": (3.5,)}, scorecards=1,
        )
    )
    # Skills: (3 - 1) / 3 = 2/3 -> 66.666... -> 66.67.
    # Background: education (0.7 + 1/3) / 2 = 0.51666..., experience 0.7 -> 100 * 1.21666... / 2 = 60.8333... -> 60.83.
    # Interpersonal: (3.5 - 1) / 3 = 5/6 -> 83.333... -> 83.33.
    # Total: (40 * 66.666... + 30 * 60.8333... + 30 * 83.333...) / 100 = (2666.666... + 1825 + 2500) / 100 = 69.91666... -> 69.92.
    assert result.as_dict() == {
        "skills": 66.67,
        "background": 60.83,
        "interpersonal": 83.33,
        "total": 69.92,
        "partial": False,
        "evidence": {
            "skills": ("skills_evidence", {"rated": 1, "declared": 0, "count": 1}),
            "background": ("background_evidence", {"rated": True}),
            "interpersonal": ("interpersonal_evidence", {"scorecards": 1}),
        },
        # Each part's share of the total: 26.666... + 18.25 + 25 = 69.9166...; to the cent 26.67 + 18.25 + 25.00 = 69.92.
        # Background, education rated: the declared 35/50 counts half (17.5), the rating of 2 the other half
        # (25 × 1/3 = 8.33); experience at the minimum 35 in full. Their shares of the total are 30 % of that.
        "lines": [
            ("part", {"part": "skills", "score": 66.67, "weight": 40, "known": 100, "points": 26.67}),
            ("skill_rated", {"skill": "SAP", "rating": 3.0, "count": 1, "part_points": 66.67, "total_points": 26.67}),
            ("part", {"part": "background", "score": 60.83, "weight": 30, "known": 100, "points": 18.25}),
            ("education", {"level": E.UPPER_SECONDARY, "minimum": E.UPPER_SECONDARY, "preferred": E.BACHELOR, "points": 35,
                           "part_points": 17.5, "total_points": 5.25}),
            ("experience", {"years": 2, "minimum": 2, "preferred": 6, "points": 35, "part_points": 35.0,
                            "total_points": 10.5}),
            ("education_rated", {"rating": 2.0, "count": 1, "part_points": 8.33, "total_points": 2.5}),
            ("part", {"part": "interpersonal", "score": 83.33, "weight": 30, "known": 100, "points": 25.0}),
            ("competency_rated", {"competency": "Teamwork", "rating": 3.5, "count": 1, "part_points": 83.33,
                                  "total_points": 25.0}),
            ("total", {"points": [26.67, 18.25, 25.0], "total": 69.92, "known": 100}),
        ],
    }


@pytest.mark.parametrize(
    "inputs, expected",
    [
        pytest.param(
            # Only the background is known, and it weighs 0: no total can be formed.
            Inputs(requirement=None, education=E.NONE, years=0, weights=Weights(100, 0, 0)),
            {"skills": 0.0, "background": 50.0, "interpersonal": None, "total": 0.0, "partial": True},
            id="nothing-known-with-weight-total-0",
        ),
        pytest.param(
            # Skills 2 * 0.8 + 1 * 0.5 over 3 = 0.7 -> 70. Background 50. Interpersonal (2 - 1) / 3 -> 33.333... -> 33.33.
            # Total (70 * 0 + 50 * 0 + 33.333... * 100) / 100 = 33.33.
            Inputs(requirement=None, education=E.NONE, years=0,
                   skills=[SkillInput("SAP", True, 1, declared=True), SkillInput("Excel", False, 1, text_match=True)],
                   competencies={"Teamwork": (2.0,)}, weights=Weights(0, 0, 100)),
            {"skills": 70.0, "background": 50.0, "interpersonal": 33.33, "total": 33.33, "partial": False},
            id="all-weight-on-interpersonal",
        ),
        pytest.param(
            # Skills 1 * 0.5 + 2 * 0 over 3 = 1/6 -> 16.666... -> 16.67. Background: 1 of 2 years, 0.3 * 0 and
            # 0.6 * 1/2 -> 100 * (0 + 0.3) / 2 = 15. Total (40 * 16.666... + 30 * 15) / 70 = 1116.666... / 70 = 15.952... -> 15.95.
            Inputs(requirement=REQUIREMENT, education=E.NONE, years=1,
                   skills=[SkillInput("Word", False, 1, text_match=True), SkillInput("IVA", True, 1)]),
            {"skills": 16.67, "background": 15.0, "interpersonal": None, "total": 15.95, "partial": True},
            id="partial-over-known-parts",
        ),
    ],
)
def test_figures(inputs, expected):
    figures = score(inputs).as_dict()
    assert {key: figures[key] for key in expected} == expected


# ---------------------------------------------------------------------------
# Explanations in the reader's language
# ---------------------------------------------------------------------------
EXPLAIN_CASES = [
    # code, params, names, English, Italian
    ("skills_none", {}, None,
     "This position lists no skills.",
     "Questa posizione non elenca competenze."),
    ("skill_rated", {"skill": "SAP", "rating": 3.5, "count": 1}, None,
     "SAP: rated 3.5/4 by 1 interviewer",
     "SAP: valutata 3,5/4 da 1 intervistatore"),
    ("skill_rated", {"skill": "SAP", "rating": 4, "count": 2}, None,  # an integer still shows one decimal
     "SAP: rated 4.0/4 by 2 interviewers",
     "SAP: valutata 4,0/4 da 2 intervistatori"),
    ("skill_rated", {"skill": "SAP", "rating": 3.25, "count": 3}, None,  # one decimal, never two
     "SAP: rated 3.2/4 by 3 interviewers",
     "SAP: valutata 3,2/4 da 3 intervistatori"),
    ("skill_declared", {"skill": "Excel"}, None,
     "Excel: declared by the candidate",
     "Excel: dichiarata dal candidato"),
    ("skill_declared", {"skill": "Excel"}, {"teamwork": "Teamwork"},  # names only rename competencies
     "Excel: declared by the candidate",
     "Excel: dichiarata dal candidato"),
    ("skill_text", {"skill": "Word"}, None,
     "Word: found in the résumé",
     "Word: presente nel curriculum"),
    ("skill_missing", {"skill": "IVA"}, None,
     "IVA (required): no evidence",
     "IVA (richiesta): nessuna evidenza"),
    ("skill_missing_preferred", {"skill": "IVA"}, None,
     "IVA (preferred): no evidence",
     "IVA (preferenziale): nessuna evidenza"),
    ("background_no_requirement", {}, None,
     "No education and experience requirement set",
     "Nessun requisito di istruzione ed esperienza indicato"),
    ("education", {"level": 1, "minimum": 2, "preferred": 4, "points": 8}, None,
     "Lower-secondary school (minimum Upper-secondary diploma, preferred Bachelor's degree): 8/50",
     "Licenza media (minimo: Diploma di scuola secondaria superiore; preferito: Laurea triennale): 8/50"),
    ("education", {"level": 0, "minimum": 3, "preferred": 6, "points": 0}, None,
     "No formal qualification (minimum Post-secondary or vocational diploma (ITS), preferred Doctorate): 0/50",
     "Nessun titolo di studio (minimo: Diploma post-secondario o professionale (ITS); preferito: Dottorato): 0/50"),
    ("education", {"level": 5, "minimum": 5, "preferred": 5, "points": 50}, None,
     "Master's degree (minimum Master's degree, preferred Master's degree): 50/50",
     "Laurea magistrale (minimo: Laurea magistrale; preferito: Laurea magistrale): 50/50"),
    ("experience", {"years": 1, "minimum": 2, "preferred": 6, "points": 15}, None,
     "1 year vs 2 years required, 6 years preferred: 15/50",
     "1 anno (richiesti: 2 anni; preferiti: 6 anni): 15/50"),
    ("experience", {"years": 2, "minimum": 1, "preferred": 1, "points": 50}, None,
     "2 years vs 1 year required, 1 year preferred: 50/50",
     "2 anni (richiesti: 1 anno; preferiti: 1 anno): 50/50"),
    ("education_rated", {"rating": 2.3, "count": 3}, None,
     "Relevance of education rated 2.3/4 by 3 interviewers",
     "Pertinenza della formazione valutata 2,3/4 da 3 intervistatori"),
    ("experience_rated", {"rating": 4.0, "count": 1}, None,
     "Relevance of experience rated 4.0/4 by 1 interviewer",
     "Pertinenza dell'esperienza valutata 4,0/4 da 1 intervistatore"),
    ("interpersonal_none", {}, None,
     "Interpersonal: not yet assessed",
     "Relazionale: non ancora valutato"),
    ("competency_rated", {"competency": "teamwork", "rating": 3.5, "count": 2}, {"teamwork": "Lavoro di squadra"},
     "Lavoro di squadra: rated 3.5/4 by 2 interviewers",
     "Lavoro di squadra: valutata 3,5/4 da 2 intervistatori"),
    ("competency_rated", {"competency": "teamwork", "rating": 1.0, "count": 1}, {"leadership": "Leadership"},
     "teamwork: rated 1.0/4 by 1 interviewer",
     "teamwork: valutata 1,0/4 da 1 intervistatore"),
    ("competency_rated", {"competency": "teamwork", "rating": 2.5, "count": 1}, None,
     "teamwork: rated 2.5/4 by 1 interviewer",
     "teamwork: valutata 2,5/4 da 1 intervistatore"),
    ("no_such_code", {"rating": 3.0, "count": 1}, None, "", ""),
    ("no_such_code", {}, None, "", ""),
]
EXPLAIN_IDS = [f"{case[0]}-{index}" for index, case in enumerate(EXPLAIN_CASES)]


@pytest.mark.parametrize("code, params, names, english, _italian", EXPLAIN_CASES, ids=EXPLAIN_IDS)
def test_explain_in_english(code, params, names, english, _italian):
    with translation.override("en"):
        assert explain(code, params, names) == english


@pytest.mark.parametrize("code, params, names, _english, italian", EXPLAIN_CASES, ids=EXPLAIN_IDS)
def test_explain_in_italian(code, params, names, _english, italian):
    with translation.override("it"):
        assert explain(code, params, names) == italian


# With no language active, the source strings themselves show: the msgids, singular and plural, read as the English.
@pytest.mark.parametrize("code, params, names, english, _italian", EXPLAIN_CASES, ids=EXPLAIN_IDS)
def test_explain_untranslated(code, params, names, english, _italian):
    with translation.override(None):
        assert explain(code, params, names) == english


def test_explain_leaves_the_stored_params_alone():
    params = {"competency": "teamwork", "rating": 3.5, "count": 2}
    with translation.override("it"):
        explain("competency_rated", params, {"teamwork": "Lavoro di squadra"})
    assert params == {"competency": "teamwork", "rating": 3.5, "count": 2}


EVIDENCE_CASES = [
    # part, evidence, English, Italian
    ("interpersonal", {"interpersonal": ("interpersonal_evidence", {"scorecards": 0})},
     "not yet assessed", "non ancora valutato"),
    ("interpersonal", {"interpersonal": ("interpersonal_evidence", {"scorecards": 1})},
     "1 scorecard", "1 scheda"),
    ("interpersonal", {"interpersonal": ("interpersonal_evidence", {"scorecards": 2})},
     "2 scorecards", "2 schede"),
    ("skills", {"skills": ("skills_evidence", {"rated": 1, "count": 3, "declared": 2})},
     "1 of 3 rated, 2 declared", "1 su 3 valutate, 2 dichiarate"),
    ("background", {"background": ("background_evidence", {"rated": True})},
     "declared and rated", "dichiarato e valutato"),
    ("background", {"background": ("background_evidence", {"rated": False})},
     "declared only", "solo dichiarato"),
    # As read back from a JSON field: lists, not tuples.
    ("background", {"background": ["background_evidence", {"rated": True}]},
     "declared and rated", "dichiarato e valutato"),
    ("skills", {"background": ("background_evidence", {"rated": True})}, "", ""),
    ("other", {"other": ("other_evidence", {"rated": True})}, "", ""),
    ("skills", {}, "", ""),
]
EVIDENCE_IDS = [f"{case[0]}-{index}" for index, case in enumerate(EVIDENCE_CASES)]


@pytest.mark.parametrize("part, evidence, english, _italian", EVIDENCE_CASES, ids=EVIDENCE_IDS)
def test_describe_evidence_in_english(part, evidence, english, _italian):
    with translation.override("en"):
        assert describe_evidence(part, evidence) == english


@pytest.mark.parametrize("part, evidence, _english, italian", EVIDENCE_CASES, ids=EVIDENCE_IDS)
def test_describe_evidence_in_italian(part, evidence, _english, italian):
    with translation.override("it"):
        assert describe_evidence(part, evidence) == italian


@pytest.mark.parametrize("part, evidence, english, _italian", EVIDENCE_CASES, ids=EVIDENCE_IDS)
def test_describe_evidence_untranslated(part, evidence, english, _italian):
    with translation.override(None):
        assert describe_evidence(part, evidence) == english


def test_describe_evidence_of_a_score():
    result = score(
        Inputs(
            requirement=REQUIREMENT, education=E.BACHELOR, years=6, education_ratings=(3.0,),
            skills=[SkillInput("SAP", True, 1, ratings=(3.0,)), SkillInput("Excel", False, 1, declared=True)],
            competencies={"Teamwork": (3.0,)}, scorecards=2,
        )
    )
    with translation.override("en"):
        described = {part: describe_evidence(part, result.evidence) for part in ("skills", "background", "interpersonal")}
    assert described == {"skills": "1 of 2 rated, 1 declared", "background": "declared and rated", "interpersonal": "2 scorecards"}


def test_a_preferred_figure_below_the_minimum_is_explained_as_the_minimum_it_is_scored_as():
    # Preferred Lower-secondary (2) under an Upper-secondary (3) minimum, 1 preferred year under 3 required:
    # both count as the minimum, in the points and in the lines (education at the preferred level: 1.0 → 50/50;
    # experience at the minimum, which is the preferred figure: 0.9 → 45/50).
    requirement = Requirement(education_min=E.UPPER_SECONDARY, education_preferred=E.LOWER_SECONDARY,
                              experience_min_years=3, experience_preferred_years=1)
    lines = score(Inputs(requirement=requirement, education=E.UPPER_SECONDARY, years=3)).lines
    # The background is the only part known, so its points are the total's too.
    assert lines[2:4] == [
        ("education", {"level": E.UPPER_SECONDARY, "minimum": E.UPPER_SECONDARY, "preferred": E.UPPER_SECONDARY,
                       "points": 50, "part_points": 50.0, "total_points": 50.0}),
        ("experience", {"years": 3, "minimum": 3, "preferred": 3, "points": 45, "part_points": 45.0, "total_points": 45.0}),
    ]
