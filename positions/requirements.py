"""The education-and-experience requirement of a position, as plain values.

No ORM here: the requirement is built from a position's fields and described in
words for candidates ("Upper-secondary diploma and 3 years in a similar role —
or Bachelor's degree and 1 year"). The substitution rule says how many years of
relevant experience stand in for one education level, which is schema.org's
``experienceInPlaceOfEducation`` made precise.

The substitution rule, once for screening, scoring and the description (``Requirement.fit``):

- The minimum is met **directly** by education at or above the minimum level and years at or
  above the minimum years.
- With a rule (k years per level, any mode but "none"), **experience stands in for education**:
  each missing level takes k years beyond the minimum years. Years beyond the minimum make up
  ``spare / k`` levels (fractional, at most the levels missing); all missing levels made up is a pass.
- In "both ways" mode only, **education stands in for experience**: each level above the minimum
  makes up k of the missing years (never more than are missing), so the years needed fall by k a
  level, never below 0.
- Without a rule nothing stands in for anything.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext


class EducationLevel(models.IntegerChoices):
    """An ordered scale: a higher value is a higher level."""

    NONE = 0, gettext_lazy("No formal qualification")
    LOWER_SECONDARY = 1, gettext_lazy("Lower-secondary school")
    UPPER_SECONDARY = 2, gettext_lazy("Upper-secondary diploma")
    POST_SECONDARY = 3, gettext_lazy("Post-secondary or vocational diploma (ITS)")
    BACHELOR = 4, gettext_lazy("Bachelor's degree")
    MASTER = 5, gettext_lazy("Master's degree")
    DOCTORATE = 6, gettext_lazy("Doctorate")


class Substitution(models.TextChoices):
    NONE = "none", gettext_lazy("No substitution")
    EXPERIENCE_FOR_EDUCATION = "experience", gettext_lazy("Experience can stand in for education")
    BOTH_WAYS = "both", gettext_lazy("Experience and education can stand in for each other")


class Route(enum.Enum):
    """How a profile meets the minimum."""

    DIRECT = "direct"
    EXPERIENCE_FOR_EDUCATION = "experience"
    EDUCATION_FOR_EXPERIENCE = "education"


@dataclass(frozen=True)
class Fit:
    """One profile against the minimum: met or not, by which route, and what was made up."""

    route: Route | None  # None: the minimum is not met
    years_needed: int | None  # with this education; None: no number of years makes up its missing levels
    levels_missing: int  # education levels below the minimum
    levels_made_up: float  # of those, made up by years beyond the minimum years (k a level, fractional)
    years_made_up: int  # years below the minimum made up by levels above it ("both ways" only)

    @property
    def meets(self) -> bool:
        return self.route is not None


@dataclass(frozen=True)
class Requirement:
    education_min: int
    experience_min_years: int
    education_preferred: int | None = None
    experience_preferred_years: int | None = None
    field_of_study: str = ""
    years_per_level: int | None = None
    substitution: str = Substitution.NONE

    @property
    def allows_substitution(self) -> bool:
        return bool(self.years_per_level) and self.substitution != Substitution.NONE

    @property
    def per_level(self) -> int | None:
        """k, the years that stand in for one education level; None when nothing stands in for anything."""
        return self.years_per_level if self.allows_substitution else None

    def years_needed(self, education: int) -> int | None:
        """The years in a similar role that meet the minimum with this education level.

        The minimum years, plus k a missing level; less k a level above the minimum in "both
        ways" mode (never below 0). None when levels are missing and no rule lets years make them up.
        """
        k = self.per_level
        if education < self.education_min:
            return self.experience_min_years + (self.education_min - education) * k if k else None
        if k and self.substitution == Substitution.BOTH_WAYS:
            return max(self.experience_min_years - (education - self.education_min) * k, 0)
        return self.experience_min_years

    def fit(self, education: int, years: int) -> Fit:
        """Where one profile stands against the minimum under the substitution rule."""
        needed = self.years_needed(education)
        k = self.per_level
        levels_missing = max(self.education_min - education, 0)
        years_missing = max(self.experience_min_years - years, 0)
        route: Route | None
        if needed is None or years < needed:
            route = None
        elif not levels_missing and not years_missing:
            route = Route.DIRECT
        elif levels_missing:
            route = Route.EXPERIENCE_FOR_EDUCATION
        else:
            route = Route.EDUCATION_FOR_EXPERIENCE
        # Years beyond the minimum make up levels, k years a level; levels above it take years off.
        spare_years = max(years - self.experience_min_years, 0)
        levels_made_up = min(spare_years / k, levels_missing) if k else 0.0
        years_made_up = 0 if needed is None or levels_missing else min(self.experience_min_years - needed, years_missing)
        return Fit(route, needed, levels_missing, levels_made_up, years_made_up)

    def alternatives(self) -> list[tuple[int, int]]:
        """Other (education level, years) pairs that meet the minimum, one level either side.

        A neighbouring level is an alternative when the rule changes the years it needs.
        """
        options = []
        for level in (self.education_min - 1, self.education_min + 1):
            if EducationLevel.NONE <= level <= EducationLevel.DOCTORATE:
                needed = self.years_needed(level)
                if needed is not None and needed != self.experience_min_years:
                    options.append((level, needed))
        return options

    def describe(self) -> str:
        """The minimum in plain words, with the alternatives the substitution rule allows."""
        text = _describe_pair(self.education_min, self.experience_min_years, self.field_of_study, first=True)
        for level, years in self.alternatives():
            text += " — " + _("or %(option)s") % {"option": _describe_pair(level, years, self.field_of_study)}
        return text

    def describe_preferred(self) -> str:
        parts = []
        if self.education_preferred is not None and self.education_preferred > self.education_min:
            parts.append(str(EducationLevel(self.education_preferred).label))
        if self.experience_preferred_years and self.experience_preferred_years > self.experience_min_years:
            parts.append(_years_in_role(self.experience_preferred_years))
        return ", ".join(parts)

    def describe_substitution(self) -> str:
        k = self.per_level
        if not k:
            return _("Experience does not replace the education requirement.")
        text = ngettext(
            "%(count)d year of relevant experience counts as one education level.",
            "%(count)d years of relevant experience count as one education level.",
            k,
        ) % {"count": k}
        if self.substitution == Substitution.BOTH_WAYS:
            text += " " + _("A higher education level also makes up for missing experience.")
        return text


def _years(years: int) -> str:
    return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}


def _years_in_role(years: int) -> str:
    return ngettext(
        "%(count)d year in a similar role", "%(count)d years in a similar role", years
    ) % {"count": years}


def _describe_pair(level: int, years: int, field: str, first: bool = False) -> str:
    education = str(EducationLevel(level).label)
    # The field of study belongs to the stated minimum; alternatives would read stricter than it.
    if field and first and level >= EducationLevel.POST_SECONDARY:
        education = _("%(level)s in %(field)s") % {"level": education, "field": field}
    if level == EducationLevel.NONE:
        if years == 0:
            return _("No formal education or previous experience required")
        return _years_in_role(years) if first else _years(years)
    if years == 0:
        return _("%(education)s, no previous experience required") % {"education": education}
    return _("%(education)s and %(experience)s") % {
        "education": education,
        "experience": _years_in_role(years) if first else _years(years),
    }
