"""The scoring service: plain values in, an explained score out. No ORM, no clock.

Three sub-scores on 0–100 and a weighted total. Every number comes with the lines
that explain it, as (code, parameters) pairs rendered in the reader's language by
``explain``. The ranking informs people; it never decides.

Skills
    Each of the position's skills counts with its weight, doubled when required.
    The evidence for a skill, in order of precedence: interviewers' ratings (their mean,
    1–4 mapped onto 0–1, which overrides what the candidate says), else the candidate's
    declaration (0.8), else a whole-word match in the résumé text (0.5), else nothing (0).
    A position with no skills leaves this part out of the total.

Background
    Education and experience count half each, measured against the minimum and the
    preferred figures through the position's substitution rule (k years of relevant
    experience stand in for one education level), as positions.requirements works it out
    (Requirement.fit: the levels or years made up). Years beyond the preferred figure
    add a bonus that halves every two years. Interviewers' background ratings, when
    present, count as much as the declared profile.

Interpersonal
    Only from scorecards, never from self-description: the mean calibrated rating per
    competency, then the mean over competencies. With no competency rated yet it is "not
    yet assessed" and the total is computed over what is known, marked partial.

Calibration
    An interviewer with at least ``CALIBRATION_MIN_RATINGS`` submitted ratings has an
    offset: their mean rating minus the mean of all ratings. Their ratings are shifted
    by that offset (and kept within 1–4), so a lenient or a harsh rater moves no one
    unfairly. Below the threshold, ratings are used as given.

What it never uses: anything that is not in the position's requirements or the
scorecards — not name, age, gender, photo, nationality or postcode.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from positions.requirements import EducationLevel, Fit, Requirement

CALIBRATION_MIN_RATINGS = 20
DECLARED = 0.8
TEXT_MATCH = 0.5

# One explanation: a code and its parameters (plain values), rendered by ``explain``.
Line = tuple[str, dict[str, Any]]
# Skill names with their compiled whole-word patterns (``skill_patterns``).
Patterns = list[tuple[str, re.Pattern[str]]]


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class SkillInput:
    name: str
    required: bool
    weight: int
    declared: bool = False
    text_match: bool = False
    ratings: tuple[float, ...] = ()  # calibrated, 1–4


@dataclass(frozen=True)
class Weights:
    skills: int = 40
    background: int = 30
    interpersonal: int = 30

    def __post_init__(self) -> None:
        if self.skills + self.background + self.interpersonal != 100 or min(self.skills, self.background, self.interpersonal) < 0:
            raise ValueError("weights must be non-negative and add up to 100")


@dataclass(frozen=True)
class Inputs:
    requirement: Requirement | None
    education: int
    years: int
    skills: Sequence[SkillInput] = ()
    education_ratings: tuple[float, ...] = ()
    experience_ratings: tuple[float, ...] = ()
    competencies: dict[str, tuple[float, ...]] = field(default_factory=dict)  # name -> calibrated ratings
    scorecards: int = 0
    weights: Weights = Weights()


@dataclass(frozen=True)
class Result:
    skills: float
    background: float
    interpersonal: float | None
    total: float
    partial: bool
    evidence: dict[str, Line]
    lines: list[Line]

    def as_dict(self) -> dict[str, Any]:
        return {
            "skills": self.skills, "background": self.background, "interpersonal": self.interpersonal,
            "total": self.total, "partial": self.partial, "evidence": self.evidence, "lines": self.lines,
        }


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------
def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(_fold(name)) + r"(?!\w)")


def skill_patterns(names: Iterable[str]) -> Patterns:
    """Whole-word, case- and accent-insensitive patterns, compiled once per position."""
    return [(name, _pattern(name)) for name in names]


def text_mentions(text: str, names: Iterable[str] | Patterns) -> set[str]:
    """Which skill names appear in the text as whole words, ignoring case and accents.

    ``names`` are skill names, or the patterns ``skill_patterns`` compiled from them.
    """
    folded = _fold(text)
    pairs = (item if isinstance(item, tuple) else (item, _pattern(item)) for item in names)
    return {name for name, pattern in pairs if pattern.search(folded)}


def rating_value(rating: float) -> float:
    """1–4 onto 0–1."""
    return (min(max(rating, 1.0), 4.0) - 1.0) / 3.0


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def calibrate(rating: float, offset: float) -> float:
    return min(max(rating - offset, 1.0), 4.0)


def calibration_offsets(history: dict[int, tuple[float, int]], *, minimum: int = CALIBRATION_MIN_RATINGS) -> dict[int, float]:
    """Per interviewer: (sum of ratings, count) in, offset out (0 below the threshold)."""
    total = sum(s for s, _n in history.values())
    count = sum(n for _s, n in history.values())
    if not count:
        return {}
    overall = total / count
    return {who: (s / n - overall) if n >= minimum else 0.0 for who, (s, n) in history.items()}


# ---------------------------------------------------------------------------
# Sub-scores
# ---------------------------------------------------------------------------
def skills_score(skills: Sequence[SkillInput]) -> tuple[float, list[Line]]:
    if not skills:
        return 0.0, [("skills_none", {})]
    lines: list[Line] = []
    weighted, total_weight = 0.0, 0.0
    for skill in skills:
        weight = skill.weight * (2 if skill.required else 1)
        if skill.ratings:
            mean = _mean(skill.ratings)
            value = rating_value(mean)
            lines.append(("skill_rated", {"skill": skill.name, "rating": round(mean, 1), "count": len(skill.ratings)}))
        elif skill.declared:
            value = DECLARED
            lines.append(("skill_declared", {"skill": skill.name}))
        elif skill.text_match:
            value = TEXT_MATCH
            lines.append(("skill_text", {"skill": skill.name}))
        else:
            value = 0.0
            lines.append(("skill_missing" if skill.required else "skill_missing_preferred", {"skill": skill.name}))
        weighted += weight * value
        total_weight += weight
    return 100.0 * weighted / total_weight, lines


def _preferred_level(requirement: Requirement) -> int:
    """The preferred education level as scored and explained: never below the minimum."""
    return max(requirement.education_preferred or requirement.education_min, requirement.education_min)


def _preferred_years(requirement: Requirement) -> int:
    """The preferred years as scored and explained: never below the minimum."""
    return max(requirement.experience_preferred_years or requirement.experience_min_years, requirement.experience_min_years)


def _education_points(requirement: Requirement, education: int, fit: Fit) -> float:
    """0.7 at the minimum rising to 1.0 at the preferred level; below it 0.3 × level / minimum,
    moved towards the minimum's 0.7 by the share of missing levels the substitution rule made up."""
    minimum = requirement.education_min
    preferred = _preferred_level(requirement)
    if education >= preferred:
        return 1.0
    if education >= minimum:
        return 0.7 + 0.3 * (education - minimum) / (preferred - minimum)
    below = 0.3 * education / minimum
    return below + (0.7 - below) * fit.levels_made_up / fit.levels_missing


def _experience_points(requirement: Requirement, years: int, fit: Fit) -> float:
    """Over the years plus those education made up (the substitution rule, "both ways" only):
    0.6 × years / minimum below the minimum, 0.7 at it rising to 0.9 at the preferred years, then a bonus."""
    minimum = requirement.experience_min_years
    preferred = _preferred_years(requirement)
    effective = float(years + fit.years_made_up)
    if effective < minimum:
        return 0.6 * effective / minimum
    if effective < preferred:
        return 0.7 + 0.2 * (effective - minimum) / (preferred - minimum)
    # Diminishing returns beyond the preferred figure: the bonus halves every two years.
    return 0.9 + 0.1 * (1 - math.pow(0.5, (effective - preferred) / 2))


def background_score(inputs: Inputs) -> tuple[float, list[Line]]:
    requirement = inputs.requirement
    lines: list[Line] = []
    if requirement is None:
        education_points = experience_points = 0.5
        lines.append(("background_no_requirement", {}))
    else:
        fit = requirement.fit(inputs.education, inputs.years)
        education_points = _education_points(requirement, inputs.education, fit)
        experience_points = _experience_points(requirement, inputs.years, fit)
        lines.append(
            ("education", {"level": inputs.education, "minimum": requirement.education_min,
                           "preferred": _preferred_level(requirement),
                           "points": round(50 * education_points)})
        )
        lines.append(
            ("experience", {"years": inputs.years, "minimum": requirement.experience_min_years,
                            "preferred": _preferred_years(requirement),
                            "points": round(50 * experience_points)})
        )
    if inputs.education_ratings:
        rated = rating_value(_mean(inputs.education_ratings))
        lines.append(("education_rated", {"rating": round(_mean(inputs.education_ratings), 1), "count": len(inputs.education_ratings)}))
        education_points = (education_points + rated) / 2
    if inputs.experience_ratings:
        rated = rating_value(_mean(inputs.experience_ratings))
        lines.append(("experience_rated", {"rating": round(_mean(inputs.experience_ratings), 1), "count": len(inputs.experience_ratings)}))
        experience_points = (experience_points + rated) / 2
    return 100.0 * (education_points + experience_points) / 2, lines


def interpersonal_score(competencies: dict[str, tuple[float, ...]]) -> tuple[float | None, list[Line]]:
    rated = {name: ratings for name, ratings in competencies.items() if ratings}
    if not rated:
        return None, [("interpersonal_none", {})]
    lines: list[Line] = []
    values = []
    for name, ratings in sorted(rated.items()):
        mean = _mean(ratings)
        values.append(rating_value(mean))
        lines.append(("competency_rated", {"competency": name, "rating": round(mean, 1), "count": len(ratings)}))
    return 100.0 * _mean(values), lines


def score(inputs: Inputs) -> Result:
    """The explained score of one application."""
    skills, skill_lines = skills_score(inputs.skills)
    background, background_lines = background_score(inputs)
    interpersonal, interpersonal_lines = interpersonal_score(inputs.competencies)
    weights = inputs.weights
    parts = [(background, weights.background)]
    if inputs.skills:
        parts.append((skills, weights.skills))
    if interpersonal is not None:
        parts.append((interpersonal, weights.interpersonal))
    known_weight = sum(w for _value, w in parts)
    total = sum(value * w for value, w in parts) / known_weight if known_weight else 0.0
    evidence: dict[str, Line] = {
        "skills": ("skills_evidence", {"rated": sum(1 for s in inputs.skills if s.ratings),
                                       "declared": sum(1 for s in inputs.skills if s.declared),
                                       "count": len(inputs.skills)}),
        "background": ("background_evidence", {"rated": bool(inputs.education_ratings or inputs.experience_ratings)}),
        "interpersonal": ("interpersonal_evidence", {"scorecards": inputs.scorecards if interpersonal is not None else 0}),
    }
    return Result(
        skills=round(skills, 2),
        background=round(background, 2),
        interpersonal=None if interpersonal is None else round(interpersonal, 2),
        total=round(total, 2),
        partial=interpersonal is None,
        evidence=evidence,
        lines=skill_lines + background_lines + interpersonal_lines,
    )


def rank(results: Iterable[tuple[int, float]]) -> list[int]:
    """Ids by total, highest first; ties broken by id so the order never wobbles."""
    return [pk for pk, _total in sorted(results, key=lambda item: (-item[1], item[0]))]


# ---------------------------------------------------------------------------
# Explanations, in the reader's language
# ---------------------------------------------------------------------------
_LINES = {
    "skills_none": _("This position lists no skills."),
    "skill_rated": _("%(skill)s: rated %(rating)s/4 by %(interviewers)s"),
    "skill_declared": _("%(skill)s: declared by the candidate"),
    "skill_text": _("%(skill)s: found in the résumé"),
    "skill_missing": _("%(skill)s (required): no evidence"),
    "skill_missing_preferred": _("%(skill)s (preferred): no evidence"),
    "background_no_requirement": _("No education and experience requirement set"),
    "education": _("%(level)s (minimum %(minimum)s, preferred %(preferred)s): %(points)s/50"),
    "experience": _("%(years)s vs %(minimum)s required, %(preferred)s preferred: %(points)s/50"),
    "education_rated": _("Relevance of education rated %(rating)s/4 by %(interviewers)s"),
    "experience_rated": _("Relevance of experience rated %(rating)s/4 by %(interviewers)s"),
    "interpersonal_none": _("Interpersonal: not yet assessed"),
    "competency_rated": _("%(competency)s: rated %(rating)s/4 by %(interviewers)s"),
}


def _interviewers(count: int) -> str:
    return ngettext("%(count)d interviewer", "%(count)d interviewers", count) % {"count": count}


def _years(count: int) -> str:
    return ngettext("%(count)d year", "%(count)d years", count) % {"count": count}


def explain(code: str, params: dict[str, Any], names: dict[str, str] | None = None) -> str:
    """One stored explanation line in the active language; `names` maps criterion keys to labels."""
    values = dict(params)
    if "rating" in values:
        values["rating"] = number_format(values["rating"], 1)
    if names and values.get("competency") in names:
        values["competency"] = names[values["competency"]]
    if "count" in values:
        values["interviewers"] = _interviewers(values["count"])
    for key in ("level", "minimum", "preferred"):
        if code == "education" and key in values:
            values[key] = str(EducationLevel(values[key]).label)
    if code == "experience":
        values["years"] = _years(values["years"])
        values["minimum"] = _years(values["minimum"])
        values["preferred"] = _years(values["preferred"])
    template = _LINES.get(code)
    return str(template) % values if template else ""


def describe_evidence(part: str, evidence: dict[str, Line]) -> str:
    if part not in evidence:
        return ""
    code, params = evidence[part]
    if code == "interpersonal_evidence":
        if not params.get("scorecards"):
            return str(_("not yet assessed"))
        return ngettext("%(count)d scorecard", "%(count)d scorecards", params["scorecards"]) % {"count": params["scorecards"]}
    if code == "skills_evidence":
        return str(_("%(rated)s of %(count)s rated, %(declared)s declared")) % params
    if code == "background_evidence":
        return str(_("declared and rated")) if params.get("rated") else str(_("declared only"))
    return ""
