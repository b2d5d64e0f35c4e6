"""The candidate asks for another time for an upcoming interview, from their status page.

- Only for an upcoming interview of theirs: scheduled (not cancelled), not logged after it took place,
  not yet started, on an application that is still undecided, neither anonymised nor masked by blind
  screening.
- The note is required: what times suit them, trimmed, at most NOTE_MAX_LENGTH characters (a line break
  counts as one, as the browser counts it).
- Once per interview and calendar sequence: a double submit, or a second request before HR changed the
  interview, records nothing new. Rescheduling or cancelling moves the sequence on, so after a reschedule
  the candidate may ask again (the newest request replaces the older one).
- The interview itself is left as it is: HR decides. The person who scheduled it is told by e-mail (or the
  active HR managers if that person has left or has no address: slots.hr_to_tell), in their language, once
  per interview, sequence and person (a StaffEmail under a unique key).
- HR sees the request on the interviews panel while it is pending (Interview.reschedule_request_pending).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from candidates import notifications, stages
from candidates.models import Application
from core.models import StaffEmail, profile_for

from .models import Interview
from .slots import hr_to_tell

NOTE_MAX_LENGTH = 1000


class RescheduleRefused(Exception):
    """The interview can no longer be asked about; `message` says why in words for the candidate."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message, self.code = message, code


@dataclass(frozen=True)
class RescheduleRequest:
    interview: Interview
    created: bool  # False: already asked for this version of the interview, nothing recorded


def clean_note(note: str) -> str:
    """The note as stored: line breaks as "\\n", trimmed; ValidationError (field "note") if blank or too long."""
    note = (note or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not note:
        raise ValidationError({"note": ValidationError(_("Tell us which days and times would suit you."),
                                                       code="required")})
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": ValidationError(
            _("Please keep it to %(max)d characters (it has %(count)d).") % {"max": NOTE_MAX_LENGTH,
                                                                              "count": len(note)},
            code="max_length")})
    return note


def may_ask(application: Application) -> bool:
    """Whether this application's candidate may ask for another time at all (the form is shown)."""
    return (application.anonymised_at is None and stages.is_undecided(application.stage)
            and not application.is_blind)


def already_asked(interview: Interview) -> bool:
    """Asked for this version of the interview (the same sequence)."""
    return interview.reschedule_request_pending


def refusal(interview: Interview, *, now: datetime.datetime) -> RescheduleRefused | None:
    """Why this interview of the application can no longer be asked about, or None."""
    if interview.is_cancelled:
        return RescheduleRefused(_("This interview was cancelled, so there is nothing to move."), code="cancelled")
    if interview.logged or interview.starts_at <= now:
        return RescheduleRefused(_("This interview has already started or taken place."), code="past")
    return None


@transaction.atomic
def interview_ask_another_time(
    *, application: Application, interview_id: int, note: str, now: datetime.datetime | None = None
) -> RescheduleRequest:
    """Record the candidate's request (once per interview and sequence) and e-mail HR after commit.

    Interview.DoesNotExist when the id is not one of this application's interviews (the view's 404);
    ValidationError for the note; RescheduleRefused when the interview or the application no longer allows it.
    """
    now = now or timezone.now()
    interview = (
        Interview.objects.select_for_update(of=("self",))
        .select_related("application__candidate", "application__position", "created_by")
        .get(pk=interview_id, application=application)
    )
    if not may_ask(interview.application):
        raise RescheduleRefused(_("This application can no longer be changed here."), code="closed")
    if problem := refusal(interview, now=now):
        raise problem
    if already_asked(interview):  # a double submit, or asked again before HR changed anything
        return RescheduleRequest(interview=interview, created=False)
    note = clean_note(note)
    interview.reschedule_request_note, interview.reschedule_requested_at = note, now
    interview.reschedule_request_sequence = interview.sequence
    interview.save(update_fields=["reschedule_request_note", "reschedule_requested_at",
                                  "reschedule_request_sequence", "updated_at"])
    for person in hr_to_tell(interview.created_by):
        _email_hr(interview, person)
    return RescheduleRequest(interview=interview, created=True)


def _email_hr(interview: Interview, person) -> StaffEmail | None:
    """The request to one staff member, in their language and time zone; once per interview, sequence and person."""
    profile = profile_for(person)
    application = interview.application
    with translation.override(profile.language), timezone.override(notifications.zone(profile)):
        subject = _("%(name)s asks for another interview time (%(title)s)") % {
            "name": application.display_name, "title": application.position.title}
        body = "\n\n".join([
            _("Dear %(name)s,") % {"name": person.first_name or person.get_username()},
            _("%(name)s asks for another time for this interview: %(kind)s, %(time)s. They wrote:") % {
                "name": application.display_name, "kind": interview.get_kind_display(),
                "time": date_format(timezone.localtime(interview.starts_at), "l j F Y, H:i")},
            interview.reschedule_request_note,
            _("The interview stays as it is until you change it. Reschedule or cancel it on the candidate page: "
              "%(link)s") % {"link": settings.SITE_URL + application.get_absolute_url()},
            settings.ORGANIZATION_NAME,
        ])
    return notifications.record_once(
        f"reschedule-request:{interview.pk}:{interview.sequence}:{person.pk}", user=person, subject=subject, body=body,
        payload={"interview": interview.pk, "sequence": interview.sequence},
    )
