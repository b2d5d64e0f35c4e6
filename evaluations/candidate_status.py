"""What evaluations adds to the candidate's status page, through candidates.hooks (plugged in by apps.py).

The candidate sees their upcoming interviews (kind, time, place) and can download each as an .ics with the
invitation's UID and SEQUENCE, so a calendar keeps one entry; never the panel, scorecards or notes.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from . import calendar, reschedule_requests
from .models import Interview, SlotOffer

LONGEST = datetime.timedelta(minutes=480)  # Interview.duration_minutes' maximum


def _upcoming(application, now: datetime.datetime) -> list[Interview]:
    # An interview under way still counts: the candidate may be looking for the room.
    interviews = Interview.objects.filter(
        application=application, status=Interview.Status.SCHEDULED, logged=False, starts_at__gt=now - LONGEST
    ).order_by("starts_at", "pk")
    return [interview for interview in interviews if interview.ends_at > now]


def candidate_interviews(application, *, now: datetime.datetime) -> list[dict]:
    upcoming = _upcoming(application, now)
    # "Ask for another time" (reschedule_requests): "ask" shows the form, "asked" says it is on its way.
    may_ask = bool(upcoming) and reschedule_requests.may_ask(application)
    return [
        {"id": interview.pk, "kind": interview.get_kind_display(), "starts_at": interview.starts_at,
         "ends_at": interview.ends_at, "location": interview.location,
         "another_time": _another_time(interview, may_ask=may_ask, now=now),
         "note_max_length": reschedule_requests.NOTE_MAX_LENGTH}
        for interview in upcoming
    ]


def _another_time(interview: Interview, *, may_ask: bool, now: datetime.datetime) -> str:
    if not may_ask or reschedule_requests.refusal(interview, now=now):
        return ""
    return "asked" if reschedule_requests.already_asked(interview) else "ask"


def candidate_slot_offers(application, *, now: datetime.datetime) -> list[dict]:
    """An open offer of interview times, as an entry of the interviews list that links to the page to choose one."""
    # One query; an offer past its expiry is simply not shown (slots.expire_offers records it later).
    offer = SlotOffer.objects.filter(application=application, status=SlotOffer.Status.OPEN, expires_at__gt=now).first()
    if offer is None:
        return []
    return [{"id": offer.pk, "kind": offer.get_kind_display(), "offer": True, "starts_at": None, "ends_at": None,
             "location": offer.location}]


def candidate_interview_ics(application, interview_id: int, *, now: datetime.datetime) -> bytes | None:
    """The interview as a calendar entry (in the active language), or None if it is not one of theirs."""
    interview = next((i for i in _upcoming(application, now) if i.pk == interview_id), None)
    if interview is None:
        return None
    return calendar.invitation_ics(
        uid=str(interview.uid), sequence=interview.sequence, method="PUBLISH",
        summary=_("Interview: %(title)s") % {"title": application.position.title},
        description=interview.get_kind_display(), location=interview.location,
        starts_at=interview.starts_at, ends_at=interview.ends_at,
        attendees=[], now=now,  # the candidate's own copy: nobody else's address
    )
