"""Does an applicant meet a position's requirements, and why? Plain values in, plain words out.

The rule: the candidate's education and years in a similar role are compared with the
position's minimum, allowing the substitution rule (k years of experience per education
level; in "both ways" mode a higher level also makes up k years). The rule itself is worked
out once, by positions.requirements (Requirement.fit); here it is only put into words. Every
required skill must be declared, and no screening answer may fall on its knockout side. The
result informs HR; it never rejects anyone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from positions.requirements import EducationLevel, Requirement, Route


@dataclass(frozen=True)
class Screening:
    meets: bool
    reasons: list[str] = field(default_factory=list)


def _level(level: int) -> str:
    return str(EducationLevel(level).label)


def _profile(level: int, years: int) -> str:
    return _("%(education)s + %(years)s") % {
        "education": _level(level),
        "years": ngettext("%(count)d year", "%(count)d years", years) % {"count": years},
    }


def _per_level(requirement: Requirement) -> str:
    """The rule in words, for a route it opened (so k is set)."""
    k = requirement.per_level or 0
    return ngettext("%(count)d year per level", "%(count)d years per level", k) % {"count": k}


def assess_background(requirement: Requirement, *, education: int, years: int) -> tuple[bool, str]:
    """Education and experience against the requirement, with the substitution rule (Requirement.fit)."""
    fit = requirement.fit(education, years)
    profile = _profile(education, years)
    target = {"required": _level(requirement.education_min)}
    if fit.route is Route.DIRECT:
        return True, _("%(profile)s: meets the %(required)s requirement") % {"profile": profile, **target}
    if fit.route is Route.EXPERIENCE_FOR_EDUCATION:
        return True, _(
            "%(profile)s: meets the %(required)s requirement through experience (%(rule)s)"
        ) % {"profile": profile, "rule": _per_level(requirement), **target}
    if fit.route is Route.EDUCATION_FOR_EXPERIENCE:
        return True, _(
            "%(profile)s: meets the experience requirement through education (%(rule)s)"
        ) % {"profile": profile, "rule": _per_level(requirement)}
    if fit.levels_missing and fit.years_needed is not None:
        needed = fit.years_needed
        return False, _(
            "%(profile)s: below the %(required)s requirement; with this education it takes %(needed)s"
        ) % {"profile": profile, "needed": ngettext("%(count)d year", "%(count)d years", needed) % {"count": needed}, **target}
    if fit.levels_missing:
        return False, _("%(profile)s: below the %(required)s requirement") % {"profile": profile, **target}
    if fit.years_needed is not None and fit.years_needed != requirement.experience_min_years:
        # A higher level took years off ("both ways"): say what this person still needs, not the minimum.
        needed = fit.years_needed
        return False, _(
            "%(profile)s: below the experience requirement; with this education it takes %(needed)s (%(rule)s)"
        ) % {"profile": profile, "needed": ngettext("%(count)d year", "%(count)d years", needed) % {"count": needed},
             "rule": _per_level(requirement)}
    return False, ngettext(
        "%(profile)s: below the %(count)d year in a similar role required",
        "%(profile)s: below the %(count)d years in a similar role required",
        requirement.experience_min_years,
    ) % {"profile": profile, "count": requirement.experience_min_years}


def assess(
    requirement: Requirement | None,
    *,
    education: int,
    years: int,
    declared_skills: Iterable[str],
    required_skills: Iterable[str],
    knockouts: Iterable[tuple[str, str]] = (),
) -> Screening:
    """The whole screening: background, required skills, knockout answers (question, answer)."""
    reasons: list[str] = []
    meets = True
    if requirement is not None:
        ok, reason = assess_background(requirement, education=education, years=years)
        meets = meets and ok
        reasons.append(reason)
    declared = {name.casefold() for name in declared_skills}
    for skill in required_skills:
        if skill.casefold() not in declared:
            meets = False
            reasons.append(_("missing required skill: %(skill)s") % {"skill": skill})
    for question, answer in knockouts:
        meets = False
        reasons.append(_("knockout answer to “%(question)s”: %(answer)s") % {"question": question, "answer": answer})
    return Screening(meets=meets, reasons=reasons)
