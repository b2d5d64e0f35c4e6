"""Scheduling interviews: HR schedules, reschedules and cancels; everyone on it gets a calendar invitation.

- An interview is scheduled in the future, for an application that is open, not anonymised and, on a
  position with blind screening, already at the interview stage (before that, the form and the
  invitations would reveal who the person is).
- Interviewers come from the position's panel, at least one, and none of them may already have an
  interview that overlaps.
- Scheduling creates each interviewer's scorecard; a reschedule sends everyone an updated invitation
  (same UID, next SEQUENCE), and people taken off the panel a cancellation, their untouched drafts going.
- A cancelled interview stays cancelled (schedule a new one), and its ratings stop counting.
- Invitations are recorded as reminders under a unique key and sent after commit, once (see reminders).
- An interview that already took place can be *logged*: at most LOGGED_INTERVIEW_MAX_DAYS ago, never
  in the future, under the same application and panel rules. Nobody is invited, and a correction or a
  cancellation e-mails nobody either (no one was ever sent a calendar entry); its scorecards can be
  submitted at once. Whether an interview is logged is fixed when it is created.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from candidates import stages
from candidates.models import Application
from candidates.services import request_rescore
from core.dates import date_with_article
from core.tasking import enqueue_on_commit

from . import calendar
from .models import Interview, Reminder, Scorecard
from .scorecards import sync_scorecards

User = get_user_model()

# Also what the scheduling page says before it shows the form.
BLIND_REFUSAL = gettext_lazy(
    "This position uses blind screening: move the application to the interview stage before scheduling, "
    "so interviewers and invitations do not reveal who the person is too early."
)


@transaction.atomic
def interview_schedule(
    *, application: Application, kind: str, starts_at, duration_minutes: int, location: str, interviewers, user,
    logged: bool = False,
) -> Interview:
    """Schedule an interview, create each interviewer's scorecard, and send invitations after commit.

    `logged`: it already took place; nobody is invited and the scorecards can be submitted at once.
    """
    interviewers = list(interviewers)
    lock_panel(interviewers)
    _check_schedule(
        application=application, starts_at=starts_at, duration_minutes=duration_minutes, interviewers=interviewers,
        logged=logged,
    )
    interview = Interview(
        application=application, kind=kind, starts_at=starts_at, duration_minutes=duration_minutes,
        location=location.strip(), created_by=user, logged=logged,
    )
    interview.full_clean()
    interview.save()
    interview.interviewers.set(interviewers)
    sync_scorecards(interview)
    if not interview.logged:
        _invite(interview, calendar.REQUEST)
    return interview


@transaction.atomic
def interview_reschedule(
    *, interview: Interview, kind: str, starts_at, duration_minutes: int, location: str, interviewers, user
) -> Interview:
    """Change the time, place or panel; everyone gets an updated invitation (same UID, next SEQUENCE).

    A logged interview is corrected the same way (still in the past), and nobody is e-mailed.
    """
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if interview.is_cancelled:
        raise ValidationError(_("This interview was cancelled; schedule a new one instead."), code="cancelled")
    interviewers = list(interviewers)
    lock_panel(interviewers)
    _check_schedule(
        application=interview.application, starts_at=starts_at, duration_minutes=duration_minutes,
        interviewers=interviewers, exclude_pk=interview.pk, logged=interview.logged,
    )
    before = set(interview.interviewers.values_list("pk", flat=True))
    removed = before - {u.pk for u in interviewers}
    was = _details(interview)
    if was == _details(interview, kind=kind, starts_at=starts_at, duration_minutes=duration_minutes,
                       location=location.strip(), interviewers=interviewers):
        return interview  # saved as it was: nobody is sent an "updated" invitation that changes nothing
    interview.kind, interview.starts_at, interview.duration_minutes = kind, starts_at, duration_minutes
    interview.location = location.strip()
    interview.sequence += 1
    interview.full_clean()
    interview.save()
    interview.interviewers.set(interviewers)
    # People taken off the panel are told, with the time they were invited to; their untouched drafts go away.
    if not interview.logged:
        for person in User.objects.filter(pk__in=removed):
            _queue_invitation(interview, calendar.CANCEL, person.email, _name(person), user=person, was=was)
    Scorecard.objects.filter(interview=interview, interviewer_id__in=removed, status=Scorecard.Status.DRAFT).delete()
    sync_scorecards(interview)
    if not interview.logged:
        now = _details(interview)
        changed = {field: value for field, value in was.items() if value != now[field]}
        _invite(interview, calendar.REQUEST, changed=changed, already_invited=before)
    return interview


def _details(interview: Interview, **values) -> dict:
    """What an updated invitation tells has changed, as stored in its payload (JSON): the interview's details,
    or those `values` would give it (kind, starts_at, duration_minutes, location, interviewers)."""
    starts_at = values.get("starts_at", interview.starts_at)
    panel = values["interviewers"] if "interviewers" in values else interview.interviewers.all()
    return {
        # In UTC, so that the same instant entered in another time zone is no change.
        "starts_at": starts_at.astimezone(datetime.UTC).isoformat(),
        "duration_minutes": values.get("duration_minutes", interview.duration_minutes),
        "location": values.get("location", interview.location),
        "kind": values.get("kind", interview.kind),
        "panel": ", ".join(_name(user) for user in sorted(panel, key=lambda user: user.pk)),
    }


@transaction.atomic
def interview_cancel(*, interview: Interview, user) -> Interview:
    """Cancel for good: everyone gets a cancellation (nobody for a logged interview), and its ratings stop counting."""
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if interview.is_cancelled:
        return interview
    interview.status = Interview.Status.CANCELLED
    interview.sequence += 1
    interview.save(update_fields=["status", "sequence", "updated_at"])
    if not interview.logged:
        _invite(interview, calendar.CANCEL)
    # Ratings from a cancelled interview no longer count in the ranking.
    application_id = interview.application_id
    request_rescore([application_id])
    return interview


def lock_panel(interviewers) -> None:
    """Hold the interviewers' rows until the transaction ends, in one order: two bookings of one person at once
    (HR by hand, a candidate picking a time) are checked for clashes one after the other, never side by side."""
    pks = sorted({user.pk for user in interviewers})
    list(get_user_model().objects.select_for_update().filter(pk__in=pks).order_by("pk").values_list("pk", flat=True))


def _check_schedule(*, application, starts_at, duration_minutes, interviewers, exclude_pk=None, logged=False) -> None:
    """Every reason the form's values cannot be scheduled, by field; a panel error hides the clashes."""
    errors = {}
    now = timezone.now()
    if logged:
        if refusal := logged_time_refusal(starts_at, now=now):
            errors["starts_at"] = refusal
    elif starts_at <= now:
        errors["starts_at"] = _("Choose a time in the future.")
    if refusal := application_refusal(application):
        errors["__all__"] = refusal
    if panel_error := _panel_error(application, interviewers):
        errors["interviewers"] = panel_error
    elif "starts_at" not in errors and (busy := _clashes(starts_at, duration_minutes, interviewers, exclude_pk)):
        errors["interviewers"] = " ".join(busy)
    if errors:
        raise ValidationError(errors)


def logged_time_refusal(starts_at: datetime.datetime, *, now: datetime.datetime, max_days: int | None = None) -> str:
    """Why an interview that took place at `starts_at` cannot be logged at `now`, or an empty string.

    From `max_days` (LOGGED_INTERVIEW_MAX_DAYS) days ago up to now, both ends included.
    """
    max_days = settings.LOGGED_INTERVIEW_MAX_DAYS if max_days is None else max_days
    if starts_at > now:
        return _("A logged interview has already taken place: choose a time in the past.")
    if starts_at < now - datetime.timedelta(days=max_days):
        return ngettext(
            "An interview can be logged at most %(days)d day after it took place.",
            "An interview can be logged at most %(days)d days after it took place.",
            max_days,
        ) % {"days": max_days}
    return ""


def application_refusal(application: Application) -> str:
    """Why this application cannot have an interview now, or an empty string."""
    if application.anonymised_at is not None:
        return _("This application has been anonymised: it can no longer change.")
    if application.stage == stages.HIRED:
        return _("This person has been hired; undo the hire on their page before scheduling an interview.")
    if not stages.is_undecided(application.stage):  # closed: the rule the pages follow too
        return _("This application is closed; reopen it before scheduling an interview.")
    if application.is_blind:
        return str(BLIND_REFUSAL)
    return ""


def _panel_error(application: Application, interviewers: list) -> str:
    if not interviewers:
        return _("Choose at least one interviewer.")
    panel = set(application.position.panel.values_list("pk", flat=True))
    outsiders = [user for user in interviewers if user.pk not in panel]
    if outsiders:
        return _("Not on this position's interview panel: %(names)s.") % {"names": ", ".join(map(_name, outsiders))}
    return ""


def _clashes(starts_at, duration_minutes: int, interviewers: list, exclude_pk) -> list[str]:
    """One sentence per interviewer and scheduled interview that overlaps the new time."""
    ends_at = starts_at + datetime.timedelta(minutes=duration_minutes)
    others = (
        Interview.objects.filter(status=Interview.Status.SCHEDULED, interviewers__in=interviewers)
        .exclude(pk=exclude_pk)
        .filter(starts_at__lt=ends_at)
        .distinct()  # once, even when several of these interviewers are on it
        .select_related("application__candidate")
        .prefetch_related("interviewers")
    )
    busy = []
    for other in others:
        if other.ends_at > starts_at:
            on_it = {u.pk for u in other.interviewers.all()}
            busy += [_busy(user, other) for user in interviewers if user.pk in on_it]
    return busy


def _busy(user, other: Interview) -> str:
    starts_at, ends_at = timezone.localtime(other.starts_at), timezone.localtime(other.ends_at)
    return _("%(name)s already has an interview on %(day)s from %(start)s to %(end)s.") % {
        "name": _name(user),
        "day": date_with_article(starts_at, "SHORT_DATE_FORMAT"),  # in Italian with its article: "l'8/12", "il 2/12"
        "start": date_format(starts_at, "TIME_FORMAT"),
        "end": date_format(ends_at, "TIME_FORMAT"),
    }


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _invite(interview: Interview, method: str, *, changed: dict | None = None, already_invited=()) -> None:
    """Invite (or update, or cancel for) the candidate and the panel.

    `changed`: on a reschedule, the previous value of each detail that changed (the e-mail says what changed);
    interviewers not in `already_invited` get it as their first invitation.
    """
    candidate = interview.application.candidate
    _queue_invitation(interview, method, candidate.email, candidate.full_name, user=None, changed=changed)
    for person in interview.interviewers.all():
        first = changed is not None and person.pk not in already_invited
        _queue_invitation(interview, method, person.email, _name(person), user=person,
                          changed=None if first else changed)


def _queue_invitation(interview, method, email, name, *, user, changed: dict | None = None,
                      was: dict | None = None) -> None:
    """Record the invitation once per interview, sequence and address; deliver it after commit."""
    if not email:
        return
    key = f"invitation:{interview.pk}:{interview.sequence}:{email.lower()}"
    payload = {"sequence": interview.sequence, "method": method, "name": name}
    if changed is not None:
        payload["changed"] = changed
    if was is not None:  # taken off the panel: the version they had been invited to
        payload["was"] = was
    reminder, created = Reminder.objects.get_or_create(
        key=key,
        defaults={"kind": Reminder.Kind.INVITATION, "interview": interview, "recipient": user, "to": email,
                  "payload": payload},
    )
    if created:
        enqueue_on_commit("evaluations.tasks.deliver_reminder", reminder.pk)
