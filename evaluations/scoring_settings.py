"""What a position's ranking is made of, for HR: its weights, its panel's calibration and a worked example.

Reads only; the figures come from the same rules the stored scores use (``scoring``), so the page
cannot drift from the ranking: the calibration history is the one ``ranking.calibration_offsets``
aggregates, and the worked example is scored by ``scoring.score`` as ``ranking`` scores an application.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from positions.models import Position, PositionSkill
from positions.requirements import EducationLevel

from . import ranking, scoring

# The worked example's scorecard: every criterion rated this.
EXAMPLE_RATING = 3
MINUS = "\u2212"


# ---------------------------------------------------------------------------
# Reads
# ---------------------------------------------------------------------------
def format_offset(offset: float) -> str:
    """An offset with its sign, one decimal, in the reader's locale: "+0.4", "−0.3", "0.0"."""
    # Half away from zero, as people round: 0.25 reads +0.3, not +0.2.
    rounded = Decimal(repr(offset)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if not rounded:
        return number_format(Decimal("0.0"), 1)
    return ("+" if rounded > 0 else MINUS) + number_format(abs(rounded), 1)


# ---------------------------------------------------------------------------
# Calibration of the panel
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Calibration:
    interviewer: Any  # the user
    name: str
    count: int
    mean: float | None
    offset: float | None  # their mean minus the mean of all ratings, applied or not
    applied: bool

    @property
    def offset_display(self) -> str:
        return "" if self.offset is None else format_offset(self.offset)

    @property
    def status(self) -> str:
        if self.applied:
            return pgettext("calibration state", "Applied")
        needed = scoring.CALIBRATION_MIN_RATINGS
        return ngettext(
            "Not yet: needs %(needed)d rating, has %(count)d",
            "Not yet: needs %(needed)d ratings, has %(count)d",
            needed,
        ) % {"needed": needed, "count": self.count}

    @property
    def applied_offset(self) -> float:
        """What ranking shifts this interviewer's ratings by (0 below the threshold)."""
        return self.offset if self.applied and self.offset is not None else 0.0


@dataclass(frozen=True)
class PanelCalibration:
    rows: list[Calibration]
    overall_mean: float | None
    overall_count: int


def panel_calibration(panel: Iterable[Any], history: dict[int, tuple[float, int]]) -> PanelCalibration:
    """Each panel member's calibration, from everyone's submitted ratings (as ranking computes it)."""
    total = sum(s for s, _n in history.values())
    count = sum(n for _s, n in history.values())
    overall = total / count if count else None
    offsets = scoring.calibration_offsets(history)
    rows = []
    for person in panel:
        ratings_sum, ratings_count = history.get(person.pk, (0.0, 0))
        mean = ratings_sum / ratings_count if ratings_count else None
        applied = ratings_count >= scoring.CALIBRATION_MIN_RATINGS
        offset = None if mean is None or overall is None else mean - overall
        if applied:
            # The offset ranking applies, by the very function that applies it.
            offset = offsets[person.pk]
        rows.append(
            Calibration(
                interviewer=person, name=person.get_full_name() or person.get_username(), count=ratings_count,
                mean=mean, offset=offset, applied=applied,
            )
        )
    return PanelCalibration(rows=rows, overall_mean=overall, overall_count=count)


# ---------------------------------------------------------------------------
# What each part is made of
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class SkillWeight:
    name: str
    required: bool
    weight: int
    counted: int  # doubled when required
    share: float  # of the skills part, in %


def skill_weights(position_skills: Sequence[PositionSkill]) -> list[SkillWeight]:
    """The position's skills with the weight they count with in the skills part."""
    counted = [
        (ps, ps.weight * (2 if ps.importance == PositionSkill.Importance.REQUIRED else 1)) for ps in position_skills
    ]
    total = sum(weight for _ps, weight in counted)
    return [
        SkillWeight(
            name=ps.skill.name, required=ps.importance == PositionSkill.Importance.REQUIRED, weight=ps.weight,
            counted=weight, share=100.0 * weight / total,
        )
        for ps, weight in counted
    ]


# ---------------------------------------------------------------------------
# The worked example
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Part:
    label: str
    score: float | None
    weight: int
    share: float  # of the total: the weight over the weights of the parts that are known, in %
    contribution: float | None

    @property
    def reweighted(self) -> bool:
        """Its weight was shared out again because another part is left out of the total."""
        return self.score is not None and abs(self.share - self.weight) > 1e-9


@dataclass(frozen=True)
class WorkedExample:
    education: int
    years: int
    declared: str | None  # the skill the sample candidate declares
    rater: Calibration | None  # whose scorecard it is: the first calibrated on the panel, else its first
    rating: float  # each 3 after calibration
    parts: list[Part]
    total: float
    partial: bool
    lines: list[str]

    @property
    def education_label(self) -> str:
        return str(EducationLevel(self.education).label)

    @property
    def years_label(self) -> str:
        return ngettext("%(count)d year", "%(count)d years", self.years) % {"count": self.years}

    @property
    def rating_display(self) -> str:
        return number_format(round(self.rating, 1), 1)


def worked_example(
    position: Position, position_skills: Sequence[PositionSkill], calibration: PanelCalibration
) -> WorkedExample:
    """A sample profile scored exactly as ranking scores an application.

    At the requirement's minimum education and years, declaring the first required skill, with one
    scorecard rated 3 on every criterion by the panel's first calibrated interviewer, else its first one
    (whose ratings are used as given).
    """
    requirement = position.requirement
    education = requirement.education_min if requirement else EducationLevel.NONE
    years = requirement.experience_min_years if requirement else 0
    rater = next((row for row in calibration.rows if row.applied), calibration.rows[0] if calibration.rows else None)
    # A raw rating with its interviewer's offset, as ranking hands ratings to scoring.
    given: float | scoring.Given = float(EXAMPLE_RATING)
    if rater is not None:
        given = scoring.Given(float(EXAMPLE_RATING), rater.applied_offset, interviewer=rater.name, history=rater.count)
    rating = scoring.calibrate(float(EXAMPLE_RATING), rater.applied_offset if rater else 0.0)
    required = [ps for ps in position_skills if ps.importance == PositionSkill.Importance.REQUIRED]
    declared = required[0].skill_id if required else None
    skills = [
        scoring.SkillInput(
            name=ps.skill.name, required=ps.importance == PositionSkill.Importance.REQUIRED, weight=ps.weight,
            declared=ps.skill_id == declared, ratings=(given,),
        )
        for ps in position_skills
    ]
    competencies = list(position.competencies.all())
    weights = ranking.weights_of(position)
    result = scoring.score(
        scoring.Inputs(
            requirement=requirement, education=education, years=years, skills=skills,
            education_ratings=(given,), experience_ratings=(given,),
            competencies={f"competency:{c.pk}": (given,) for c in competencies},
            scorecards=1, weights=weights,
        )
    )
    names = {f"competency:{c.pk}": c.name for c in competencies}
    return WorkedExample(
        education=education, years=years, declared=required[0].skill.name if required else None, rater=rater,
        rating=rating, parts=_parts(result, weights, has_skills=bool(skills)), total=result.total,
        partial=result.partial, lines=_explained(result.lines, names),
    )


def _parts(result: scoring.Result, weights: scoring.Weights, *, has_skills: bool) -> list[Part]:
    """Each part with its contribution to the total; a part ``scoring.score`` leaves out contributes nothing
    and the others share its weight. The contributions are the ones the explanation states, when it does."""
    stated = {params["part"]: params["points"] for code, params in result.lines if code == "part"}
    parts = [
        ("skills", _("Skills"), result.skills if has_skills else None, weights.skills),
        ("background", _("Education and experience"), result.background, weights.background),
        ("interpersonal", _("Interpersonal"), result.interpersonal, weights.interpersonal),
    ]
    known = sum(weight for _key, _label, value, weight in parts if value is not None)
    return [
        Part(
            label=label, score=value, weight=weight,
            share=100.0 * weight / known if value is not None and known else 0.0,
            contribution=(
                stated.get(key, round(value * weight / known, 2)) if value is not None and known else None
            ),
        )
        for key, label, value, weight in parts
    ]


def _explained(lines: list[scoring.Line], names: dict[str, str]) -> list[str]:
    texts = (scoring.explain(code, params, names) for code, params in lines)
    return [text for text in texts if text]
