"""Interviews, scorecards and reminders: scheduling rules, blind feedback, and sends that happen once."""

from __future__ import annotations

import datetime
import logging
import zoneinfo
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from candidates.models import Application
from candidates.services import request_rescore
from positions.models import Position
from recruiting import mail
from recruiting.models import profile_for
from recruiting.tasking import enqueue, enqueue_on_commit

from . import calendar
from .models import Interview, Rating, Reminder, Scorecard, ScorecardChange
from .schedule import Policy, digest_due, interview_reminder_due, overdue_reminder_number

logger = logging.getLogger(__name__)
User = get_user_model()


def policy() -> Policy:
    return Policy(
        interview_lead=datetime.timedelta(hours=settings.INTERVIEW_REMINDER_LEAD_HOURS),
        overdue_limit=settings.SCORECARD_REMINDER_LIMIT,
    )


# ---------------------------------------------------------------------------
# Scheduling
# ---------------------------------------------------------------------------
def _check_schedule(*, application, starts_at, duration_minutes, interviewers, exclude_pk=None) -> None:
    errors = {}
    if starts_at <= timezone.now():
        errors["starts_at"] = _("Choose a time in the future.")
    if application.anonymised_at is not None:
        errors["__all__"] = _("This application has been anonymised: it can no longer change.")
    elif application.is_closed or application.stage == "hired":
        errors["__all__"] = _("This application is closed; reopen it before scheduling an interview.")
    elif application.is_blind:
        errors["__all__"] = _(
            "This position uses blind screening: move the application to the interview stage before scheduling, "
            "so interviewers and invitations do not reveal who the person is too early."
        )
    panel = set(application.position.panel.values_list("pk", flat=True))
    outsiders = [user for user in interviewers if user.pk not in panel]
    if outsiders:
        errors["interviewers"] = _("Not on this position's interview panel: %(names)s.") % {
            "names": ", ".join(u.get_full_name() or u.get_username() for u in outsiders)
        }
    if not interviewers:
        errors["interviewers"] = _("Choose at least one interviewer.")
    if starts_at and "starts_at" not in errors:
        ends_at = starts_at + datetime.timedelta(minutes=duration_minutes)
        clashes = (
            Interview.objects.filter(status=Interview.Status.SCHEDULED, interviewers__in=interviewers)
            .exclude(pk=exclude_pk)
            .filter(starts_at__lt=ends_at)
            .select_related("application__candidate")
            .prefetch_related("interviewers")
        )
        busy = []
        for other in clashes:
            if other.ends_at > starts_at:
                names = {u.pk: u for u in other.interviewers.all()}
                for user in interviewers:
                    if user.pk in names:
                        busy.append(
                            _("%(name)s already has an interview from %(start)s to %(end)s.")
                            % {
                                "name": user.get_full_name() or user.get_username(),
                                "start": date_format(timezone.localtime(other.starts_at), "SHORT_DATETIME_FORMAT"),
                                "end": date_format(timezone.localtime(other.ends_at), "TIME_FORMAT"),
                            }
                        )
        if busy:
            errors.setdefault("interviewers", " ".join(busy))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def interview_schedule(
    *, application: Application, kind: str, starts_at, duration_minutes: int, location: str, interviewers, user
) -> Interview:
    """Schedule an interview, create each interviewer's scorecard, and send invitations after commit."""
    interviewers = list(interviewers)
    _check_schedule(application=application, starts_at=starts_at, duration_minutes=duration_minutes, interviewers=interviewers)
    interview = Interview(
        application=application, kind=kind, starts_at=starts_at, duration_minutes=duration_minutes,
        location=location.strip(), created_by=user,
    )
    interview.full_clean()
    interview.save()
    interview.interviewers.set(interviewers)
    _sync_scorecards(interview)
    _invite(interview, calendar.REQUEST)
    return interview


@transaction.atomic
def interview_reschedule(
    *, interview: Interview, kind: str, starts_at, duration_minutes: int, location: str, interviewers, user
) -> Interview:
    """Change the time, place or panel; everyone gets an updated invitation (same UID, next SEQUENCE)."""
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if interview.is_cancelled:
        raise ValidationError(_("This interview was cancelled; schedule a new one instead."), code="cancelled")
    interviewers = list(interviewers)
    _check_schedule(
        application=interview.application, starts_at=starts_at, duration_minutes=duration_minutes,
        interviewers=interviewers, exclude_pk=interview.pk,
    )
    removed = set(interview.interviewers.values_list("pk", flat=True)) - {u.pk for u in interviewers}
    interview.kind, interview.starts_at, interview.duration_minutes = kind, starts_at, duration_minutes
    interview.location = location.strip()
    interview.sequence += 1
    interview.full_clean()
    interview.save()
    interview.interviewers.set(interviewers)
    # People taken off the panel get a cancellation; their untouched drafts go away.
    for person in User.objects.filter(pk__in=removed):
        _queue_invitation(interview, calendar.CANCEL, person.email, person.get_full_name(), user=person)
    Scorecard.objects.filter(interview=interview, interviewer_id__in=removed, status=Scorecard.Status.DRAFT).delete()
    _sync_scorecards(interview)
    _invite(interview, calendar.REQUEST)
    return interview


@transaction.atomic
def interview_cancel(*, interview: Interview, user) -> Interview:
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if interview.is_cancelled:
        return interview
    interview.status = Interview.Status.CANCELLED
    interview.sequence += 1
    interview.save(update_fields=["status", "sequence", "updated_at"])
    _invite(interview, calendar.CANCEL)
    # Ratings from a cancelled interview no longer count in the ranking.
    application_id = interview.application_id
    request_rescore([application_id])
    return interview


def _sync_scorecards(interview: Interview) -> None:
    position = Position.objects.prefetch_related("position_skills__skill", "competencies").get(
        pk=interview.application.position_id
    )
    criteria = scorecard_criteria(position)
    for person in interview.interviewers.all():
        scorecard, created = Scorecard.objects.get_or_create(interview=interview, interviewer=person)
        if created:
            Rating.objects.bulk_create(
                Rating(scorecard=scorecard, group=group, criterion=key, label=label[:150], order=order)
                for order, (group, key, label) in enumerate(criteria)
            )


def scorecard_criteria(position: Position) -> list[tuple[str, str, str]]:
    """(group, key, label) for each criterion: the position's skills, background, then its competencies."""
    criteria = [(Rating.Group.SKILLS, f"skill:{ps.skill_id}", ps.skill.name) for ps in position.position_skills.all()]
    criteria += [
        (Rating.Group.BACKGROUND, "background:education", _("Relevance of education")),
        (Rating.Group.BACKGROUND, "background:experience", _("Relevance of experience to the duties")),
    ]
    criteria += [(Rating.Group.INTERPERSONAL, f"competency:{c.pk}", c.name) for c in position.competencies.all()]
    return criteria


# ---------------------------------------------------------------------------
# Scorecards
# ---------------------------------------------------------------------------
@transaction.atomic
def scorecard_save(
    *, scorecard: Scorecard, scores: dict[str, int | None], notes: dict[str, str], recommendation: str,
    takeaways: str, user,
) -> Scorecard:
    """Save what the interviewer wrote; after submission every change is recorded with who and when."""
    scorecard = Scorecard.objects.select_for_update().select_related("interview").get(pk=scorecard.pk)
    if scorecard.interviewer_id != user.pk:
        raise ValidationError(_("Only the interviewer can change their own scorecard."), code="not_owner")
    _check_not_cancelled(scorecard)
    changes = []
    for rating in scorecard.ratings.all():
        score = scores.get(rating.criterion, rating.score)
        note = notes.get(rating.criterion, rating.note).strip()
        if score not in (None, 1, 2, 3, 4):
            raise ValidationError(_("Ratings go from 1 to 4."), code="score_range")
        if score != rating.score or note != rating.note:
            if scorecard.is_submitted and score is None:
                raise ValidationError(
                    _("A submitted scorecard must keep a rating for “%(label)s”.") % {"label": rating.label},
                    code="unrated",
                )
            changes.append({"criterion": rating.criterion, "from": [rating.score, rating.note], "to": [score, note]})
            rating.score, rating.note = score, note
            rating.save(update_fields=["score", "note"])
    recommendation = recommendation or ""
    if recommendation != scorecard.recommendation or takeaways.strip() != scorecard.takeaways:
        if scorecard.is_submitted and not recommendation:
            raise ValidationError(_("A submitted scorecard must keep its recommendation."), code="no_recommendation")
        changes.append(
            {"criterion": "overall", "from": [scorecard.recommendation, scorecard.takeaways], "to": [recommendation, takeaways.strip()]}
        )
        scorecard.recommendation, scorecard.takeaways = recommendation, takeaways.strip()
    scorecard.full_clean()
    scorecard.save()
    if scorecard.is_submitted and changes:
        ScorecardChange.objects.create(scorecard=scorecard, changed_by=user, changes=changes)
        _request_rescore(scorecard)
    return scorecard


def _check_not_cancelled(scorecard: Scorecard) -> None:
    # The interview did not count: what was written stays as it was, for the record.
    if scorecard.interview.is_cancelled:
        raise ValidationError(
            _("This interview was cancelled; the scorecard can no longer be changed."), code="cancelled"
        )


def missing_criteria(scorecard: Scorecard, labels: dict[str, str] | None = None) -> list[str]:
    """What is still unrated, named in the reader's language when labels are given."""
    labels = labels or {}
    missing = [labels.get(r.criterion, r.label) for r in scorecard.ratings.all() if r.score is None]
    if not scorecard.recommendation:
        missing.append(_("Overall recommendation"))
    return missing


@transaction.atomic
def scorecard_submit(*, scorecard: Scorecard, user, labels: dict[str, str] | None = None) -> Scorecard:
    """Submit once every criterion is rated; the error names what is missing."""
    scorecard = Scorecard.objects.select_for_update().select_related("interview").get(pk=scorecard.pk)
    if scorecard.interviewer_id != user.pk:
        raise ValidationError(_("Only the interviewer can submit their own scorecard."), code="not_owner")
    if scorecard.is_submitted:
        return scorecard
    if scorecard.interview.is_cancelled:
        raise ValidationError(_("This interview was cancelled; the scorecard can no longer be submitted."), code="cancelled")
    if scorecard.interview.starts_at > timezone.now():
        raise ValidationError(
            _("The interview has not started yet. Save your notes as a draft and submit after it."), code="too_early"
        )
    missing = missing_criteria(scorecard, labels)
    if missing:
        raise ValidationError(
            _("Rate every criterion before submitting. Still missing: %(items)s.") % {"items": ", ".join(missing)},
            code="incomplete",
        )
    scorecard.status, scorecard.submitted_at = Scorecard.Status.SUBMITTED, timezone.now()
    scorecard.full_clean()
    scorecard.save(update_fields=["status", "submitted_at", "updated_at"])
    _request_rescore(scorecard)
    return scorecard


def _request_rescore(scorecard: Scorecard) -> None:
    """New ratings change this application's score and, through calibration, every score this interviewer rated.

    Marked in this transaction, so a lost task cannot leave the scores stale (see recruiting.recompute).
    """
    rated = Scorecard.objects.filter(interviewer_id=scorecard.interviewer_id, status=Scorecard.Status.SUBMITTED)
    request_rescore(rated.values("interview__application_id"))


def may_see_others(user, application: Application) -> bool:
    """Blind feedback: colleagues' scorecards only after submitting one's own. HR sees everything."""
    if user.has_perm("evaluations.view_scorecard"):
        return True
    return Scorecard.objects.filter(
        interview__application=application, interviewer=user, status=Scorecard.Status.SUBMITTED,
        interview__status=Interview.Status.SCHEDULED,
    ).exists()


# ---------------------------------------------------------------------------
# Messages: invitations and reminders, each recorded under a unique key and sent once
# ---------------------------------------------------------------------------
def _invite(interview: Interview, method: str) -> None:
    candidate = interview.application.candidate
    _queue_invitation(interview, method, candidate.email, candidate.full_name, user=None)
    for person in interview.interviewers.all():
        _queue_invitation(interview, method, person.email, person.get_full_name() or person.get_username(), user=person)


def _queue_invitation(interview, method, email, name, *, user) -> None:
    if not email:
        return
    key = f"invitation:{interview.pk}:{interview.sequence}:{email.lower()}"
    reminder, created = Reminder.objects.get_or_create(
        key=key,
        defaults={
            "kind": Reminder.Kind.INVITATION, "interview": interview, "recipient": user, "to": email,
            "payload": {"sequence": interview.sequence, "method": method, "name": name},
        },
    )
    if created:
        enqueue_on_commit("evaluations.tasks.deliver_reminder", reminder.pk)


def queue_due_reminders(*, now: datetime.datetime | None = None) -> list[int]:
    """Record every reminder due at `now` (once per key) and return the ids still to send.

    Safe to run from several beats or cron at once: the unique key decides who records it.
    Pending reminders recorded earlier (for example while Redis was down) are returned too.
    Reminders left 'sending' by a worker that died become uncertain: never resent automatically.
    """
    now = now or timezone.now()
    mail.mark_stale_uncertain(Reminder, now=now)
    rules = policy()
    window_start = now - rules.first_overdue_after - (rules.overdue_limit + 1) * rules.overdue_every
    interviews = (
        Interview.objects.filter(status=Interview.Status.SCHEDULED)
        .filter(Q(starts_at__gt=now, starts_at__lte=now + rules.interview_lead) | Q(starts_at__gte=window_start, starts_at__lte=now))
        .select_related("application__candidate", "application__position__hiring_manager")
        .prefetch_related("interviewers", "scorecards__interviewer")
    )
    digests: dict[int, list[int]] = {}
    for interview in interviews:
        if interview_reminder_due(starts_at=interview.starts_at, now=now, policy=rules, cancelled=False):
            recipients = [(interview.application.candidate.email, None)] + [(u.email, u) for u in interview.interviewers.all()]
            for email, user in recipients:
                if email:
                    _record(f"interview:{interview.pk}:{interview.sequence}:{email.lower()}", Reminder.Kind.INTERVIEW,
                            interview=interview, to=email, user=user, payload={"sequence": interview.sequence})
        for scorecard in interview.scorecards.all():
            state = {"ends_at": interview.ends_at, "now": now, "policy": rules, "submitted": scorecard.is_submitted, "cancelled": False}
            number = overdue_reminder_number(**state)
            if number is not None and scorecard.interviewer.email:
                _record(f"overdue:{scorecard.pk}:{number}", Reminder.Kind.OVERDUE, interview=interview,
                        scorecard=scorecard, to=scorecard.interviewer.email, user=scorecard.interviewer,
                        payload={"number": number})
            if digest_due(**state):
                manager = interview.application.position.hiring_manager
                if manager is not None and manager.email:
                    digests.setdefault(manager.pk, []).append(scorecard.pk)
    for manager in User.objects.filter(pk__in=digests):
        _record(f"digest:{manager.pk}:{timezone.localdate(now).isoformat()}", Reminder.Kind.DIGEST, to=manager.email,
                user=manager, payload={"scorecards": sorted(digests[manager.pk])})
    # Everything still pending, including what was recorded while the broker was down.
    # Delivering twice is harmless: deliver() claims the row and sends only what is pending.
    return list(
        Reminder.objects.filter(mail.retry_due(now))
        .order_by("pk").values_list("pk", flat=True)[:1000]
    )


def _record(key, kind, *, to, user=None, interview=None, scorecard=None, payload=None) -> None:
    try:
        with transaction.atomic():
            Reminder.objects.get_or_create(
                key=key,
                defaults={"kind": kind, "interview": interview, "scorecard": scorecard, "to": to, "recipient": user,
                          "payload": payload or {}},
            )
    except IntegrityError:  # another beat recorded it a moment ago
        pass


def deliver(reminder_id: int, *, now: datetime.datetime | None = None) -> str:
    """Send one recorded message at most once; re-check under the row lock that it still makes sense.

    The row is marked 'sending' and committed before the mail server sees the message (see
    recruiting.mail), so a worker killed mid-send leaves 'sending', never 'pending'.
    """
    now = now or timezone.now()
    queryset = Reminder.objects.select_related(
        "interview__application__candidate", "interview__application__position", "scorecard", "recipient"
    )
    reminder, outcome = mail.claim(queryset, reminder_id, now=now, obsolete=lambda r: obsolete_reason(r, now))
    if outcome:
        return outcome
    return mail.send_claimed(reminder, lambda: _message(reminder, now), now=now)


def reminder_send_again(*, reminders, user, now: datetime.datetime | None = None) -> tuple[list[int], list[Reminder], int]:
    """An admin's resend of uncertain, failed or stuck pending reminders that still apply.

    Returns (ids queued, reminders that no longer apply, how many were left alone: sent or being sent).
    Call it outside a transaction (the admin runs in autocommit): it commits, then enqueues.
    """
    now = now or timezone.now()
    applies, obsolete = [], []
    for reminder in reminders.select_related("interview"):
        reason = obsolete_reason(reminder, now) if reminder.interview_id else ""
        (obsolete if reason else applies).append(reminder)
    ids, left = mail.send_again(Reminder.objects.filter(pk__in=[r.pk for r in applies]), user=user, now=now)
    for pk in ids:
        enqueue("evaluations.tasks.deliver_reminder", pk)
    return ids, obsolete, left


def obsolete_reason(reminder: Reminder, now: datetime.datetime) -> str:
    """Why a recorded message should no longer go out, or an empty string."""
    interview = reminder.interview
    if reminder.kind == Reminder.Kind.INVITATION:
        # A cancellation for someone taken off the panel stays valid whatever happens next.
        stale = interview.sequence != reminder.payload.get("sequence")
        return "superseded" if stale and reminder.payload.get("method") == calendar.REQUEST else ""
    if reminder.kind in (Reminder.Kind.INTERVIEW, Reminder.Kind.OVERDUE) and interview.is_cancelled:
        return "interview cancelled"
    if reminder.kind == Reminder.Kind.INTERVIEW:
        if now >= interview.starts_at:
            return "interview started"
        if reminder.payload.get("sequence", interview.sequence) != interview.sequence:
            return "rescheduled"
        if reminder.recipient_id and not interview.interviewers.filter(pk=reminder.recipient_id).exists():
            return "no longer on the panel"
    if reminder.kind == Reminder.Kind.OVERDUE:
        scorecard = Scorecard.objects.filter(pk=reminder.scorecard_id).first()
        if scorecard is None or scorecard.is_submitted:
            return "scorecard submitted or removed"
        if interview.ends_at > now:
            return "rescheduled to a later time"
    return ""


def _recipient_settings(reminder: Reminder) -> tuple[str, zoneinfo.ZoneInfo]:
    if reminder.recipient is not None:
        profile = profile_for(reminder.recipient)
        return profile.language, zoneinfo.ZoneInfo(profile.time_zone)
    candidate = reminder.interview.application.candidate
    return candidate.language, zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _message(reminder: Reminder, now: datetime.datetime) -> EmailMessage:
    language, tz = _recipient_settings(reminder)
    with translation.override(language), timezone.override(tz):
        context = {"reminder": reminder, "interview": reminder.interview, "site_url": settings.SITE_URL,
                   "organization": settings.ORGANIZATION_NAME, "tz": tz.key}
        if reminder.kind == Reminder.Kind.DIGEST:
            context["scorecards"] = (
                Scorecard.objects.filter(pk__in=reminder.payload.get("scorecards", []), status=Scorecard.Status.DRAFT)
                .select_related("interviewer", "interview__application__candidate", "interview__application__position")
            )
        # Plain text, so nothing is HTML-escaped; the subject is kept on one line.
        subject = mail.subject_line(mail.render_text(f"evaluations/email/{reminder.kind}_subject.txt", context))
        body = mail.render_text(f"evaluations/email/{reminder.kind}.txt", context)
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [reminder.to])
        if reminder.kind == Reminder.Kind.INVITATION:
            interview = reminder.interview
            ics = calendar.invitation_ics(
                uid=str(interview.uid), sequence=reminder.payload["sequence"], method=reminder.payload["method"],
                summary=subject, description=body, location=interview.location,
                starts_at=interview.starts_at, ends_at=interview.ends_at, now=now,
                attendees=[(interview.application.candidate.full_name, interview.application.candidate.email)]
                + [(u.get_full_name() or u.get_username(), u.email) for u in interview.interviewers.all() if u.email],
            )
            method = reminder.payload["method"]
            message.attach("invite.ics", ics, f"text/calendar; charset=utf-8; method={method}")
    return message


def interviews_for(user, *, now=None) -> dict[str, Iterable]:
    """'My interviews': upcoming, scorecards due (draft, interview over) and overdue."""
    now = now or timezone.now()
    rules = policy()
    mine = (
        Scorecard.objects.filter(interviewer=user, interview__status=Interview.Status.SCHEDULED)
        .select_related("interview__application__candidate", "interview__application__position")
        .order_by("interview__starts_at")
    )
    upcoming, due, overdue = [], [], []
    for scorecard in mine:
        interview = scorecard.interview
        if interview.starts_at > now:
            upcoming.append(scorecard)
        elif not scorecard.is_submitted:
            (overdue if now >= interview.ends_at + rules.first_overdue_after else due).append(scorecard)
    return {"upcoming": upcoming, "due": due, "overdue": overdue}
