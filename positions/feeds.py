"""Machine-readable listings: the sitemap and an Indeed-style XML job feed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import ngettext

from .models import Position, WorkMode
from .requirements import EducationLevel

_JOB_TYPE = {
    "FULL_TIME": "fulltime",
    "PART_TIME": "parttime",
    "TEMPORARY": "temporary",
    "CONTRACTOR": "contract",
    "INTERN": "internship",
}


class JobBoardSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["jobs:board"]

    def location(self, item):
        return reverse(item)


class JobSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Position.objects.accepting_applications().order_by("-published_at")

    def lastmod(self, position):
        return position.updated_at

    def location(self, position):
        return position.get_public_url()


SITEMAPS = {"board": JobBoardSitemap, "jobs": JobSitemap}


# XML 1.0 forbids most control characters; pasted Word text sometimes carries them.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(parent, tag, value):
    element = ET.SubElement(parent, tag)
    element.text = "" if value is None else _XML_INVALID.sub("", str(value))
    return element


def _amount(value) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _years(years: int) -> str:
    return ngettext("at least %(count)d year", "at least %(count)d years", years) % {"count": years}


def indeed_xml(positions) -> bytes:
    """An Indeed-style <source> document; ElementTree escapes every value."""
    source = ET.Element("source")
    _text(source, "publisher", settings.ORGANIZATION_NAME)
    _text(source, "publisherurl", settings.SITE_URL + "/jobs/")
    _text(source, "lastBuildDate", timezone.now().strftime("%a, %d %b %Y %H:%M:%S %z"))
    for position in positions:
        # Each job is described in its own posting's language, whatever the crawler asks for.
        with translation.override(position.language):
            _job(source, position)
    return ET.tostring(source, encoding="utf-8", xml_declaration=True)


def _job(source, position):
    job = ET.SubElement(source, "job")
    _text(job, "title", position.title)
    _text(job, "date", (position.published_at or position.created_at).strftime("%a, %d %b %Y %H:%M:%S %z"))
    _text(job, "referencenumber", position.slug)
    _text(job, "url", settings.SITE_URL + position.get_public_url())
    _text(job, "company", settings.ORGANIZATION_NAME)
    _text(job, "city", position.location)
    _text(job, "country", position.country)
    description = [strip_tags(position.summary)] + [f"- {d.description}" for d in position.duties.all()]
    _text(job, "description", "\n".join(description))
    if position.has_pay_range:
        _text(
            job,
            "salary",
            f"{_amount(position.pay_min)}-{_amount(position.pay_max)} {position.pay_currency} {position.pay_period.lower()}",
        )
    if position.education_min is not None:
        _text(job, "education", EducationLevel(position.education_min).label)
    if position.experience_min_years is not None:
        _text(job, "experience", _years(position.experience_min_years))
    _text(job, "jobtype", _JOB_TYPE.get(position.employment_type, "fulltime"))
    _text(job, "category", position.get_function_display())
    if position.closing_date:
        _text(job, "expirationdate", position.closing_date.isoformat())
    if position.work_mode == WorkMode.REMOTE:
        _text(job, "remotetype", "Fully remote")
    elif position.work_mode == WorkMode.HYBRID:
        _text(job, "remotetype", "Hybrid remote")
