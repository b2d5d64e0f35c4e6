"""A staff member's private calendar feed (iCalendar subscription): the interviews they sit on.

- Upcoming interviews and those of the last 30 days, cancelled ones included as STATUS:CANCELLED, so a
  calendar that already holds them removes them. HR gets only the interviews they sit on, like everyone.
- Each event keeps the UID and SEQUENCE of the e-mailed invitations (evaluations/calendar.py), so a
  calendar that has both treats them as one appointment, and a reschedule replaces it.
- Text is the person's language; a masked application (blind screening) is "Candidate #12"; icalendar
  escapes commas, semicolons, backslashes and line breaks (RFC 5545, 3.3.11) and folds long lines.
- The address is the secret (``StaffProfile.calendar_feed_token``): revoking it makes a new one.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from candidates import blind

from .models import Interview

PAST_DAYS = 30


def feed_path(profile) -> str:
    """The feed's address (without the host) for a profile that has a token."""
    return reverse("evaluations:calendar_feed", kwargs={"profile_pk": profile.pk, "token": profile.calendar_feed_token})


def feed_interviews(user, *, now: datetime.datetime) -> list[Interview]:
    """The interviews `user` sits on from 30 days ago on, cancelled ones too, in start order."""
    interviews = list(
        Interview.objects.filter(interviewers=user, starts_at__gte=now - datetime.timedelta(days=PAST_DAYS))
        .select_related("application__candidate", "application__position")
        .order_by("starts_at", "pk")
    )
    blind.mark(interview.application for interview in interviews)
    return interviews


def _host() -> str:
    return settings.SITE_URL.split("://", 1)[-1].split("/")[0]


def interviews_feed(profile, *, now: datetime.datetime) -> bytes:
    """The feed's iCalendar text for the profile's user, in their language."""
    with translation.override(profile.language):
        calendar = Calendar()
        calendar.add("prodid", "-//Recruiting ATS//Interviews//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", _("Interviews — %(organization)s") % {"organization": settings.ORGANIZATION_NAME})
        for interview in feed_interviews(profile.user, now=now):
            application = interview.application
            event = Event()
            event.add("uid", f"{interview.uid}@{_host()}")
            event.add("sequence", interview.sequence)
            event.add("dtstamp", interview.updated_at.astimezone(datetime.timezone.utc))
            event.add("dtstart", interview.starts_at.astimezone(datetime.timezone.utc))
            event.add("dtend", interview.ends_at.astimezone(datetime.timezone.utc))
            event.add("summary", _("%(kind)s: %(name)s (%(position)s)") % {
                "kind": interview.get_kind_display(), "name": application.display_name,
                "position": application.position.title,
            })
            event.add("location", interview.location)
            event.add("description", f"{settings.SITE_URL}{interview.get_absolute_url()}")
            event.add("status", "CANCELLED" if interview.is_cancelled else "CONFIRMED")
            calendar.add_component(event)
        return calendar.to_ical()
