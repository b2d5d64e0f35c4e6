"""schema.org JobPosting for Google for Jobs, built from a position."""

from __future__ import annotations

import datetime
import json

from django.conf import settings
from django.utils import timezone
from django.utils.html import escape

from .models import Position, WorkMode
from .requirements import EducationLevel

# Google for Jobs accepts these credentialCategory values only.
_CREDENTIAL_CATEGORY = {
    EducationLevel.UPPER_SECONDARY: "high school",
    EducationLevel.POST_SECONDARY: "associate degree",
    EducationLevel.BACHELOR: "bachelor degree",
    EducationLevel.MASTER: "postgraduate degree",
    EducationLevel.DOCTORATE: "postgraduate degree",
}

# json.dumps output is placed inside <script>: these must not close or open a tag.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _number(value):
    number = float(value)
    return int(number) if number.is_integer() else number


def _description_html(position: Position, duties) -> str:
    parts = [f"<p>{escape(position.summary)}</p>"]
    if duties:
        parts.append("<ul>" + "".join(f"<li>{escape(d.description)}</li>" for d in duties) + "</ul>")
    return "".join(parts)


def job_posting(position: Position) -> dict:
    """The JobPosting dict; the position should come with duties and skills prefetched."""
    duties = list(position.duties.all())
    skills = [ps.skill.name for ps in position.position_skills.all()]
    url = settings.SITE_URL + position.get_public_url()
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": position.title,
        "description": _description_html(position, duties),
        "identifier": {"@type": "PropertyValue", "name": settings.ORGANIZATION_NAME, "value": position.slug},
        "url": url,
        # The organisation's calendar day, not UTC's: published at 00:30 in Rome is posted that day.
        "datePosted": timezone.localtime(position.published_at or position.created_at).date().isoformat(),
        "hiringOrganization": {"@type": "Organization", "name": settings.ORGANIZATION_NAME},
        "employmentType": position.employment_type,
        "directApply": True,
        "responsibilities": "\n".join(d.description for d in duties),
        "skills": ", ".join(skills),
        "totalJobOpenings": position.openings,
        "inLanguage": position.language,
    }
    if position.closing_date:
        end_of_day = timezone.make_aware(datetime.datetime.combine(position.closing_date, datetime.time(23, 59)))
        data["validThrough"] = end_of_day.isoformat()
    place = {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": position.location,
            "addressCountry": position.country,
        },
    }
    if position.work_mode == WorkMode.REMOTE:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": position.country}
    else:
        data["jobLocation"] = place
    if position.has_pay_range:
        data["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": position.pay_currency,
            "value": {
                "@type": "QuantitativeValue",
                "minValue": _number(position.pay_min),
                "maxValue": _number(position.pay_max),
                "unitText": position.pay_period,
            },
        }
    requirement = position.requirement
    if requirement is not None:
        category = _CREDENTIAL_CATEGORY.get(requirement.education_min)
        if category:
            data["educationRequirements"] = {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": category,
            }
        else:
            data["educationRequirements"] = "no requirements"
        if requirement.experience_min_years:
            data["experienceRequirements"] = {
                "@type": "OccupationalExperienceRequirements",
                "monthsOfExperience": requirement.experience_min_years * 12,
            }
        else:
            data["experienceRequirements"] = "no requirements"
        data["experienceInPlaceOfEducation"] = requirement.allows_substitution
    return data


def job_posting_json(position: Position) -> str:
    """The JobPosting as text safe to place inside a <script type="application/ld+json"> element."""
    return json.dumps(job_posting(position), ensure_ascii=False).translate(_SCRIPT_ESCAPES)
