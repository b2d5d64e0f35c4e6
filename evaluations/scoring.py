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
    Never from self-description. Up to three sources, each on 0–100, weighted within the part
    (the position's evidence weights, ``Weights``): interviews (the mean calibrated rating per
    competency, then the mean over competencies), references (the same over referees' ratings,
    counted only beside at least one interviewer's rating, and always weighing less than the
    interviews) and the situational judgement test (its mean per-competency percentage). A source
    with no evidence drops out and the others share the part by their weights. With neither an
    interview rating nor a test it is "not yet assessed" and the total is computed over what is
    known, marked partial.

Practical exercises
    Each auto-scored exercise's percentage; their mean is a share of the skills part (the
    position's exercise weight), the skill lines the rest. A position with no skills but
    exercises scores the skills part from the exercises alone.

Calibration
    An interviewer with at least ``CALIBRATION_MIN_RATINGS`` submitted ratings has an
    offset: their mean rating minus the mean of all ratings. Their ratings are shifted
    by that offset (and kept within 1–4), so a lenient or a harsh rater moves no one
    unfairly. Below the threshold, ratings are used as given. Ratings come in raw, each
    with its interviewer's offset (``Given``), and are calibrated here, so the lines can
    state both figures and whose offset moved them.

Explanation
    Each part opens with its figure times its share of the total; every criterion line
    carries its contribution in points to its part and to the total (split to the cent
    so that the lines add up to the part and the parts to the total, exactly).

What it never uses: anything that is not in the position's requirements or the
scorecards — not name, age, gender, photo, nationality or postcode.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

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
class Given:
    """One raw rating with the calibration state of the interviewer who gave it."""

    raw: float
    offset: float = 0.0
    interviewer: str = ""
    history: int = 0  # the interviewer's submitted ratings, the count the offset rests on

    @property
    def calibrated(self) -> float:
        return calibrate(self.raw, self.offset)


# A rating: a Given, or a plain number already calibrated (or never to be).
Ratings = tuple["float | Given", ...]


@dataclass(frozen=True)
class SkillInput:
    name: str
    required: bool
    weight: int
    declared: bool = False
    text_match: bool = False
    ratings: Ratings = ()  # 1–4


@dataclass(frozen=True)
class Weights:
    skills: int = 40
    background: int = 30
    interpersonal: int = 30
    # Within the interpersonal part (interviews get the rest) and within the skills part (skill lines get the rest).
    references: int = 20
    judgement: int = 20
    exercises: int = 30

    def __post_init__(self) -> None:
        if self.skills + self.background + self.interpersonal != 100 or min(self.skills, self.background, self.interpersonal) < 0:
            raise ValueError("weights must be non-negative and add up to 100")
        if min(self.references, self.judgement, self.exercises) < 0 or self.exercises > 100:
            raise ValueError("evidence weights must be non-negative")
        if self.references >= self.interviews:
            raise ValueError("references must weigh less than the interviews")

    @property
    def interviews(self) -> int:
        return 100 - self.references - self.judgement


@dataclass(frozen=True)
class Inputs:
    requirement: Requirement | None
    education: int
    years: int
    skills: Sequence[SkillInput] = ()
    education_ratings: Ratings = ()
    experience_ratings: Ratings = ()
    competencies: dict[str, Ratings] = field(default_factory=dict)  # name -> ratings
    scorecards: int = 0
    weights: Weights = Weights()
    # Referees' ratings (1–4) per competency key, and how many referees answered.
    references: dict[str, tuple[int, ...]] = field(default_factory=dict)
    referees: int = 0
    # The situational judgement test: percentage (0–100) per competency key.
    judgement: dict[str, float] = field(default_factory=dict)
    # Practical exercises: (code, English name, Italian name, percentage 0–100).
    exercises: tuple[tuple[str, str, str, float], ...] = ()


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
@functools.cache
def _combining_marks() -> re.Pattern[str]:
    """Every combining character of the Basic Multilingual Plane, as one character class (built once)."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x10000):
        if unicodedata.combining(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return re.compile("[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]+")


def _fold(text: str) -> str:
    """Case- and accent-free: casefolded, decomposed, combining marks dropped (by one regular expression, some
    four times faster than testing each character on a résumé's length; character by character only for text
    beyond the Basic Multilingual Plane)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if len(decomposed.encode("utf-16-le", "surrogatepass")) == 2 * len(decomposed):  # all within the plane
        return _combining_marks().sub("", decomposed)
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
def _calibrated(rating: float | Given) -> float:
    return rating.calibrated if isinstance(rating, Given) else rating


def _raw(rating: float | Given) -> float:
    return rating.raw if isinstance(rating, Given) else rating


def _rated(ratings: Ratings) -> tuple[float, dict[str, Any]]:
    """The mean calibrated rating and its line's figures; the raw mean too when an offset moved any of them."""
    mean = _mean([_calibrated(r) for r in ratings])
    params: dict[str, Any] = {"rating": round(mean, 1), "count": len(ratings)}
    if any(isinstance(r, Given) and r.offset for r in ratings):
        params["raw"] = round(_mean([_raw(r) for r in ratings]), 1)
    return mean, params


# A criterion line with its exact contribution to its part (None: the line contributes nothing).
_Scored = list[tuple[Line, float | None]]


def _skills(skills: Sequence[SkillInput]) -> tuple[float, _Scored]:
    if not skills:
        return 0.0, [(("skills_none", {}), None)]
    lines: list[tuple[Line, float]] = []  # each with its weighted value
    weighted, total_weight = 0.0, 0.0
    for skill in skills:
        weight = skill.weight * (2 if skill.required else 1)
        line: Line
        if skill.ratings:
            mean, params = _rated(skill.ratings)
            value = rating_value(mean)
            line = ("skill_rated", {"skill": skill.name, **params})
        elif skill.declared:
            value = DECLARED
            line = ("skill_declared", {"skill": skill.name})
        elif skill.text_match:
            value = TEXT_MATCH
            line = ("skill_text", {"skill": skill.name})
        else:
            value = 0.0
            line = ("skill_missing" if skill.required else "skill_missing_preferred", {"skill": skill.name})
        lines.append((line, weight * value))
        weighted += weight * value
        total_weight += weight
    return 100.0 * weighted / total_weight, [(line, 100.0 * points / total_weight) for line, points in lines]


def _exercises(exercises: Sequence[tuple[str, str, str, float]]) -> tuple[float, _Scored]:
    """The mean percentage over the exercises taken; each line contributes its share of the mean."""
    count = len(exercises)
    return (
        sum(percent for *_names, percent in exercises) / count,
        [(("exercise", {"code": code, "name_en": name_en, "name_it": name_it, "percent": round(percent, 2)}),
          percent / count) for code, name_en, name_it, percent in exercises],
    )


def _mixed(sources: list[tuple[str, float, int, _Scored]]) -> tuple[float, _Scored]:
    """Sources of one part, each (name, value 0–100, weight, lines): their weighted mean, and each source's
    header line followed by its lines, contributions scaled by the source's share of the part."""
    weight = sum(w for _name, _value, w, _lines in sources)
    value = sum(v * w for _name, v, w, _lines in sources) / weight
    scored: _Scored = []
    for name, source_value, source_weight, lines in sources:
        share = source_weight / weight
        scored.append((("source", {"source": name, "score": round(source_value, 2), "weight": source_weight,
                                   "of": weight, "points": round(source_value * share, 2)}), None))
        scored.extend((line, None if exact is None else exact * share) for line, exact in lines)
    return value, scored


def _skills_part(inputs: Inputs) -> tuple[float, _Scored, bool]:
    """The skills part: skill lines, practical exercises, or both by the exercise weight; and whether it is known."""
    skills, lines = _skills(inputs.skills)
    exercises = inputs.exercises if inputs.weights.exercises else ()
    if not exercises:
        return skills, lines, bool(inputs.skills)
    sources = [("exercises", *_with_weight(_exercises(exercises), inputs.weights.exercises))]
    if inputs.skills:
        sources.insert(0, ("skill_lines", skills, 100 - inputs.weights.exercises, lines))
    value, scored = _mixed(sources)
    return value, scored, True


def skills_score(skills: Sequence[SkillInput]) -> tuple[float, list[Line]]:
    value, scored = _skills(skills)
    return value, [line for line, _points in scored]


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


def _background(inputs: Inputs) -> tuple[float, _Scored]:
    requirement = inputs.requirement
    scored: _Scored = []
    # A declared figure counts in full, or half when interviewers rated its relevance too.
    education_share = 0.5 if inputs.education_ratings else 1.0
    experience_share = 0.5 if inputs.experience_ratings else 1.0
    if requirement is None:
        education_points = experience_points = 0.5
        scored.append((("background_no_requirement", {}), 25.0 * (education_share + experience_share)))
    else:
        fit = requirement.fit(inputs.education, inputs.years)
        education_points = _education_points(requirement, inputs.education, fit)
        experience_points = _experience_points(requirement, inputs.years, fit)
        scored.append((
            ("education", {"level": inputs.education, "minimum": requirement.education_min,
                           "preferred": _preferred_level(requirement),
                           "points": round(50 * education_points)}),
            50.0 * education_points * education_share,
        ))
        experience: dict[str, Any] = {"years": inputs.years, "minimum": requirement.experience_min_years,
                                      "preferred": _preferred_years(requirement), "points": round(50 * experience_points)}
        # Years made up by education only ever reach the minimum, so only declared years go past the preferred.
        above = inputs.years - experience["preferred"]
        if above > 0:
            # The bonus in points over the 45 the preferred years earn, to the cent as the contributions are shown.
            experience.update(above=above, bonus=round(50 * experience_points - 45, 2))
        scored.append((("experience", experience), 50.0 * experience_points * experience_share))
    if inputs.education_ratings:
        mean, params = _rated(inputs.education_ratings)
        rated = rating_value(mean)
        scored.append((("education_rated", params), 25.0 * rated))
        education_points = (education_points + rated) / 2
    if inputs.experience_ratings:
        mean, params = _rated(inputs.experience_ratings)
        rated = rating_value(mean)
        scored.append((("experience_rated", params), 25.0 * rated))
        experience_points = (experience_points + rated) / 2
    return 100.0 * (education_points + experience_points) / 2, scored


def _references(references: dict[str, tuple[int, ...]]) -> tuple[float, _Scored]:
    """Referees' ratings as-is (no calibration: a referee rates once): mean per competency, then over competencies."""
    rated = {name: ratings for name, ratings in references.items() if ratings}
    values = {name: rating_value(_mean(ratings)) for name, ratings in sorted(rated.items())}
    lines: _Scored = [
        (("reference_rated", {"competency": name, "rating": round(_mean(rated[name]), 1), "referees": len(rated[name])}),
         100.0 * value / len(values))
        for name, value in values.items()
    ]
    return 100.0 * _mean(list(values.values())), lines


def _judgement(judgement: dict[str, float]) -> tuple[float, _Scored]:
    values = dict(sorted(judgement.items()))
    lines: _Scored = [
        (("judgement", {"competency": name, "percent": round(percent, 2)}), percent / len(values))
        for name, percent in values.items()
    ]
    return _mean(list(values.values())), lines


def _interpersonal_part(inputs: Inputs) -> tuple[float | None, _Scored]:
    """Interviews, references beside them, and the judgement test, each by its weight within the part."""
    interviews, lines = _interpersonal(inputs.competencies)
    weights = inputs.weights
    has_references = any(inputs.references.values()) and weights.references > 0
    judgement = {k: v for k, v in inputs.judgement.items()} if weights.judgement else {}
    if not has_references and not judgement:
        return interviews, lines
    sources: list[tuple[str, float, int, _Scored]] = []
    waiting: _Scored = []
    if interviews is not None:
        sources.append(("interviews", interviews, weights.interviews, lines))
        if has_references:
            sources.append(("references", *_with_weight(_references(inputs.references), weights.references)))
    elif has_references:
        waiting.append((("references_waiting", {"referees": inputs.referees}), None))
    if judgement:
        sources.append(("judgement", *_with_weight(_judgement(judgement), weights.judgement)))
    if not sources:
        return None, [*lines, *waiting]
    value, scored = _mixed(sources)
    return value, [*scored, *waiting]


def _with_weight(source: tuple[float, _Scored], weight: int) -> tuple[float, int, _Scored]:
    value, lines = source
    return value, weight, lines


def _interpersonal(competencies: dict[str, Ratings]) -> tuple[float | None, _Scored]:
    rated = {name: ratings for name, ratings in competencies.items() if ratings}
    if not rated:
        return None, [(("interpersonal_none", {}), None)]
    lines: list[tuple[Line, float]] = []  # each with its value
    values = []
    for name, ratings in sorted(rated.items()):
        mean, params = _rated(ratings)
        value = rating_value(mean)
        values.append(value)
        lines.append((("competency_rated", {"competency": name, **params}), value))
    return 100.0 * _mean(values), [(line, 100.0 * value / len(values)) for line, value in lines]


def _cents(values: Sequence[float], target: float) -> list[float]:
    """Each value to the cent, the cents adding up to ``target`` exactly: largest remainders first (ties in order)."""
    cents = [math.floor(value * 100) for value in values]
    short = round(target * 100) - sum(cents)
    order = sorted(range(len(values)), key=lambda i: (cents[i] - values[i] * 100, i))
    for i in order[:short]:
        cents[i] += 1
    return [c / 100 for c in cents]


def _calibration_lines(inputs: Inputs) -> list[Line]:
    """One line per interviewer whose calibration state is known: their offset, over how many ratings."""
    ratings = [*inputs.education_ratings, *inputs.experience_ratings]
    for skill in inputs.skills:
        ratings.extend(skill.ratings)
    for values in inputs.competencies.values():
        ratings.extend(values)
    states = {r.interviewer: r for r in ratings if isinstance(r, Given) and r.interviewer}
    return [
        ("calibration", {"interviewer": name, "offset": round(given.offset, 2), "ratings": given.history})
        for name, given in sorted(states.items())
    ]


def score(inputs: Inputs) -> Result:
    """The explained score of one application."""
    skills, skill_lines, skills_known = _skills_part(inputs)
    background, background_lines = _background(inputs)
    interpersonal, interpersonal_lines = _interpersonal_part(inputs)
    weights = inputs.weights
    # The parts known, in the order they are explained.
    parts: list[tuple[str, float, int, _Scored]] = []
    if skills_known:
        parts.append(("skills", skills, weights.skills, skill_lines))
    parts.append(("background", background, weights.background, background_lines))
    if interpersonal is not None:
        parts.append(("interpersonal", interpersonal, weights.interpersonal, interpersonal_lines))
    # Summed in this order (background, skills, interpersonal) as the stored totals always were.
    summed = [(background, weights.background)]
    if skills_known:
        summed.append((skills, weights.skills))
    if interpersonal is not None:
        summed.append((interpersonal, weights.interpersonal))
    known_weight = sum(w for _value, w in summed)
    total = sum(value * w for value, w in summed) / known_weight if known_weight else 0.0
    shares = [value * w / known_weight if known_weight else 0.0 for _part, value, w, _lines in parts]
    part_points = _cents(shares, total)
    lines: list[Line] = [] if skills_known else [line for line, _points in skill_lines]
    for index, (part, value, w, scored) in enumerate(parts):
        lines.append(("part", {"part": part, "score": round(value, 2), "weight": w, "known": known_weight,
                               "points": part_points[index]}))
        lines.extend(_contributions(scored, value, part_points[index], w / known_weight if known_weight else 0.0))
    if interpersonal is None:
        lines.extend(line for line, _points in interpersonal_lines)
    lines.extend(_calibration_lines(inputs))
    lines.append(("total", {"points": part_points, "total": round(total, 2), "known": known_weight}))
    return Result(
        skills=round(skills, 2),
        background=round(background, 2),
        interpersonal=None if interpersonal is None else round(interpersonal, 2),
        total=round(total, 2),
        partial=interpersonal is None,
        evidence=_evidence(inputs, interpersonal),
        lines=lines,
    )


def _contributions(scored: _Scored, value: float, points: float, share: float) -> list[Line]:
    """A part's lines in order; each contributing one with its points to the part and to the total, to the cent."""
    contributing = [exact for _line, exact in scored if exact is not None]
    in_part = iter(_cents(contributing, value))
    in_total = iter(_cents([exact * share for exact in contributing], points))
    return [
        (code, params) if exact is None
        else (code, {**params, "part_points": next(in_part), "total_points": next(in_total)})
        for (code, params), exact in scored
    ]


def _evidence(inputs: Inputs, interpersonal: float | None) -> dict[str, Line]:
    weights = inputs.weights
    skills: dict[str, Any] = {"rated": sum(1 for s in inputs.skills if s.ratings),
                              "declared": sum(1 for s in inputs.skills if s.declared), "count": len(inputs.skills)}
    if inputs.exercises and weights.exercises:
        skills["exercises"] = len(inputs.exercises)
    people: dict[str, Any] = {"scorecards": inputs.scorecards if interpersonal is not None else 0}
    if inputs.referees and weights.references and any(inputs.competencies.values()):
        people["referees"] = inputs.referees
    if inputs.judgement and weights.judgement:
        people["judgement"] = True
    return {
        "skills": ("skills_evidence", skills),
        "background": ("background_evidence", {"rated": bool(inputs.education_ratings or inputs.experience_ratings)}),
        "interpersonal": ("interpersonal_evidence", people),
    }


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
    "reference_rated": _("%(competency)s: rated %(rating)s/4 by %(referees)s"),
    "judgement": _("%(competency)s: %(percent)s/100 on the situational judgement test"),
    "exercise": _("%(name)s: %(percent)s/100"),
    "references_waiting": _(
        "References: %(referees)s answered; they count only beside an interviewer's ratings, so not yet"
    ),
}
# The same lines when an interviewer's offset moved the ratings: the raw mean, then the calibrated one.
_CALIBRATED_LINES = {
    "skill_rated": _("%(skill)s: rated %(raw)s/4 by %(interviewers)s, %(rating)s/4 after calibration"),
    "education_rated": _("Relevance of education rated %(raw)s/4 by %(interviewers)s, %(rating)s/4 after calibration"),
    "experience_rated": _("Relevance of experience rated %(raw)s/4 by %(interviewers)s, %(rating)s/4 after calibration"),
    "competency_rated": _("%(competency)s: rated %(raw)s/4 by %(interviewers)s, %(rating)s/4 after calibration"),
}
_EXPERIENCE_BONUS = _(
    "%(years)s, %(above)s above the preferred %(preferred)s: 45 + bonus %(bonus)s = %(exact)s/50"
    " (beyond the preferred years the bonus approaches 5 points, halving what is left every two years)"
)
_CONTRIBUTION = _("%(line)s → %(part_points)s points to the part, %(total_points)s to the total")
_PART = _("%(part)s: %(score)s × %(weight)s %% = %(points)s points")
_PART_OF_KNOWN = _("%(part)s: %(score)s × %(weight)s/%(known)s = %(points)s points")
_TOTAL = _("Total: %(sum)s = %(total)s")
_TOTAL_OF_KNOWN = _(
    "Total: %(sum)s = %(total)s, over the parts known: their weights add up to %(known)s of 100,"
    " so each counts as its weight out of %(known)s"
)
_TOTAL_NONE = _("Total: 0, no part with a weight has been assessed yet")
_CALIBRATION_LENIENT = _(
    "%(interviewer)s rates %(offset)s above the average of all interviewers over %(ratings)s:"
    " their ratings are lowered by %(offset)s"
)
_CALIBRATION_HARSH = _(
    "%(interviewer)s rates %(offset)s below the average of all interviewers over %(ratings)s:"
    " their ratings are raised by %(offset)s"
)
_CALIBRATION_AVERAGE = _(
    "%(interviewer)s rates at the average of all interviewers over %(ratings)s: their ratings are used as given"
)
_CALIBRATION_PENDING = _(
    "%(interviewer)s has given %(ratings)s so far: ratings are calibrated from %(minimum)s on,"
    " until then theirs are used as given"
)
_PARTS = {"skills": _("Skills"), "background": _("Education and experience"), "interpersonal": _("Interpersonal")}
_SOURCES = {
    "skill_lines": _("Skills from the résumé, the application and interviews"),
    "exercises": _("Practical exercises"),
    "interviews": _("Interviews"),
    "references": _("References"),
    "judgement": _("Situational judgement test"),
}
_SOURCE = _("%(source)s: %(score)s × %(weight)s/%(of)s = %(points)s points to the part")


def _referees(count: int) -> str:
    return ngettext("%(count)d referee", "%(count)d referees", count) % {"count": count}


def _interviewers(count: int) -> str:
    return ngettext("%(count)d interviewer", "%(count)d interviewers", count) % {"count": count}


def _years(count: int) -> str:
    return ngettext("%(count)d year", "%(count)d years", count) % {"count": count}


def _ratings(count: int) -> str:
    return ngettext("%(count)d rating", "%(count)d ratings", count) % {"count": count}


def _points(value: float) -> str:
    return number_format(value, 2)


def _calibration(values: dict[str, Any]) -> str:
    offset = values["offset"]
    values["offset"] = number_format(abs(offset), 2)
    values["minimum"] = _ratings(CALIBRATION_MIN_RATINGS)
    if offset > 0:
        template = _CALIBRATION_LENIENT
    elif offset < 0:
        template = _CALIBRATION_HARSH
    elif values["ratings"] >= CALIBRATION_MIN_RATINGS:
        template = _CALIBRATION_AVERAGE
    else:
        template = _CALIBRATION_PENDING
    values["ratings"] = _ratings(values["ratings"])
    return str(template) % values


def _source(values: dict[str, Any]) -> str:
    return str(_SOURCE) % {**values, "source": _SOURCES[values["source"]], "score": _points(values["score"]),
                           "points": _points(values["points"])}


def _part(values: dict[str, Any]) -> str:
    # Out of 100 the weight reads as a percentage; out of less (a part not yet assessed), as the fraction it is.
    template = _PART if values["known"] in (0, 100) else _PART_OF_KNOWN
    return str(template) % {**values, "part": _PARTS[values["part"]], "score": _points(values["score"]),
                            "points": _points(values["points"])}


def _total(values: dict[str, Any]) -> str:
    if not values["known"]:
        return str(_TOTAL_NONE)
    template = _TOTAL if values["known"] == 100 else _TOTAL_OF_KNOWN
    return str(template) % {**values, "sum": " + ".join(_points(p) for p in values["points"]),
                            "total": _points(values["total"])}


def _experience(values: dict[str, Any], template: Any) -> Any:
    """Years in words; past the preferred figure, the bonus rule worked out (stored lines since the bonus was recorded)."""
    values["years"] = _years(values["years"])
    values["minimum"] = _years(values["minimum"])
    values["preferred"] = _years(values["preferred"])
    if "bonus" not in values:
        return template
    values["above"] = _years(values["above"])
    values["exact"] = _points(45 + values["bonus"])
    values["bonus"] = _points(values["bonus"])
    return _EXPERIENCE_BONUS


def _evidence_values(code: str, values: dict[str, Any]) -> None:
    """References, the judgement test and the exercises: their figures in words."""
    if "referees" in values:
        values["referees"] = _referees(values["referees"])
    if "percent" in values:
        values["percent"] = _points(values["percent"])
    if code == "exercise":
        values["name"] = values["name_it"] if (get_language() or "").startswith("it") else values["name_en"]


def _criterion(code: str, values: dict[str, Any], names: dict[str, str] | None) -> str:
    template = _LINES.get(code)
    if "raw" in values:
        values["raw"] = number_format(values["raw"], 1)
        template = _CALIBRATED_LINES.get(code)
    if "rating" in values:
        values["rating"] = number_format(values["rating"], 1)
    if names and values.get("competency") in names:
        values["competency"] = names[values["competency"]]
    if "count" in values:
        values["interviewers"] = _interviewers(values["count"])
    _evidence_values(code, values)
    if code == "education":
        for key in ("level", "minimum", "preferred"):
            values[key] = str(EducationLevel(values[key]).label)
    if code == "experience":
        template = _experience(values, template)
    if not template:
        return ""
    line = str(template) % values
    if "part_points" in values:
        line = str(_CONTRIBUTION) % {"line": line, "part_points": _points(values["part_points"]),
                                     "total_points": _points(values["total_points"])}
    return line


_SUMMARIES = {"calibration": _calibration, "part": _part, "total": _total, "source": _source}


def explain(code: str, params: dict[str, Any], names: dict[str, str] | None = None) -> str:
    """One stored explanation line in the active language; `names` maps criterion keys to labels.

    Lines stored before contributions, raw ratings and the bonus were recorded render as they always did.
    """
    summary = _SUMMARIES.get(code)
    if summary:
        return summary(dict(params))
    return _criterion(code, dict(params), names)


def describe_evidence(part: str, evidence: dict[str, Line]) -> str:
    if part not in evidence:
        return ""
    code, params = evidence[part]
    if code == "interpersonal_evidence":
        return _interpersonal_evidence(params)
    if code == "skills_evidence":
        text = str(_("%(rated)s of %(count)s rated, %(declared)s declared")) % params
        if params.get("exercises"):
            text += ", " + ngettext("%(count)d exercise", "%(count)d exercises", params["exercises"]) % {
                "count": params["exercises"]}
        return text
    if code == "background_evidence":
        return str(_("declared and rated")) if params.get("rated") else str(_("declared only"))
    return ""


def _interpersonal_evidence(params: dict[str, Any]) -> str:
    pieces = []
    if params.get("scorecards"):
        pieces.append(ngettext("%(count)d scorecard", "%(count)d scorecards", params["scorecards"]) % {
            "count": params["scorecards"]})
    if params.get("referees"):
        pieces.append(ngettext("%(count)d reference", "%(count)d references", params["referees"]) % {
            "count": params["referees"]})
    if params.get("judgement"):
        pieces.append(str(_("judgement test")))
    return ", ".join(pieces) if pieces else str(_("not yet assessed"))
