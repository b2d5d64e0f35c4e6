"""Interview invitations as iCalendar (.ics): the same UID with the next SEQUENCE updates or cancels."""

from __future__ import annotations

import datetime

from django.conf import settings
from icalendar import Calendar, Event, vCalAddress, vText

REQUEST, CANCEL = "REQUEST", "CANCEL"


def invitation_ics(
    *,
    uid: str,
    sequence: int,
    method: str,
    summary: str,
    description: str,
    location: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    attendees: list[tuple[str, str]],
    now: datetime.datetime,
) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Recruiting ATS//Interviews//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", f"{uid}@{settings.SITE_URL.split('://', 1)[-1].split('/')[0]}")
    event.add("sequence", sequence)
    event.add("dtstamp", now.astimezone(datetime.timezone.utc))
    event.add("dtstart", starts_at.astimezone(datetime.timezone.utc))
    event.add("dtend", ends_at.astimezone(datetime.timezone.utc))
    event.add("summary", summary)
    event.add("description", description)
    event.add("location", location)
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText(settings.ORGANIZATION_NAME)
    event["organizer"] = organizer
    for name, email in attendees:
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["cn"] = vText(name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()
