"""The education-and-experience requirement of a position, as plain values.

No ORM here: the requirement is built from a position's fields and described in
words for candidates ("Upper-secondary diploma and 3 years in a similar role —
or Bachelor's degree and 1 year"). The substitution rule says how many years of
relevant experience stand in for one education level, which is schema.org's
``experienceInPlaceOfEducation`` made precise.
"""

from __future__ import annotations

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

    def alternatives(self) -> list[tuple[int, int]]:
        """Other (education level, years) pairs that meet the minimum, one level either side."""
        if not self.allows_substitution:
            return []
        k = self.years_per_level
        options = []
        if self.education_min > EducationLevel.NONE:
            options.append((self.education_min - 1, self.experience_min_years + k))
        if (
            self.substitution == Substitution.BOTH_WAYS
            and self.experience_min_years > 0
            and self.education_min < EducationLevel.DOCTORATE
        ):
            options.append((self.education_min + 1, max(self.experience_min_years - k, 0)))
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
        if not self.allows_substitution:
            return _("Experience does not replace the education requirement.")
        text = ngettext(
            "%(count)d year of relevant experience counts as one education level.",
            "%(count)d years of relevant experience count as one education level.",
            self.years_per_level,
        ) % {"count": self.years_per_level}
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
