"""Reminders and invitations: recorded once under a unique key, sent at most once, dropped when obsolete.

- The periodic scan (``queue_due_reminders``) records what is due at that moment, following the
  timing rules in reminder_timing: interview reminders to the candidate and the panel, overdue
  reminders to interviewers who have not submitted, and at most one digest a day per HR manager.
  Several scans at once record each message once: the unique key decides.
- Delivery (``deliver``) goes through core.mail: claimed and committed before the mail server sees
  it, so a worker killed mid-send leaves 'sending' (later 'uncertain'), never a second copy.
- Under the row lock, a message that no longer makes sense is not sent (``obsolete_reason``): a
  superseded invitation, a reminder for an interview cancelled, started, rescheduled or no longer
  the recipient's, an overdue reminder for a submitted scorecard or a later interview.
- Each message is written in the recipient's language and time zone (the candidate's language and
  the organisation's time zone for a candidate); invitations carry an iCalendar part.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from candidates import status
from core import mail
from core.dates import date_with_article
from core.models import profile_for
from core.tasking import enqueue

from . import calendar
from .models import Interview, Reminder, Scorecard
from .reminder_timing import Policy, digest_due, interview_reminder_due, overdue_reminder_number

User = get_user_model()


def policy() -> Policy:
    """The timing rules with this installation's lead time and number of overdue reminders."""
    return Policy(
        interview_lead=datetime.timedelta(hours=settings.INTERVIEW_REMINDER_LEAD_HOURS),
        overdue_limit=settings.SCORECARD_REMINDER_LIMIT,
    )


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
        # A logged interview is on record only: nobody is reminded of it (see scheduling).
        Interview.objects.filter(status=Interview.Status.SCHEDULED, logged=False)
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
    core.mail), so a worker killed mid-send leaves 'sending', never 'pending'.
    """
    now = now or timezone.now()
    queryset = Reminder.objects.select_related(
        "interview__application__candidate", "interview__application__position", "scorecard", "recipient"
    )
    reminder, outcome = mail.claim(queryset, reminder_id, now=now, obsolete=lambda r: obsolete_reason(r, now))
    if outcome:
        return outcome
    return mail.send_claimed(reminder, lambda: message_for(reminder, now), now=now)


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
    if reminder.kind == Reminder.Kind.DIGEST:
        return _digest_obsolete(reminder)
    interview = reminder.interview
    if reminder.kind == Reminder.Kind.INVITATION:
        # A cancellation for someone taken off the panel stays valid whatever happens next.
        stale = interview.sequence != reminder.payload.get("sequence")
        return "superseded" if stale and reminder.payload.get("method") == calendar.REQUEST else ""
    if reminder.kind in (Reminder.Kind.INTERVIEW, Reminder.Kind.OVERDUE) and interview.is_cancelled:
        return "interview cancelled"
    if reminder.kind == Reminder.Kind.INTERVIEW:
        return _interview_reminder_obsolete(reminder, interview, now)
    if reminder.kind == Reminder.Kind.OVERDUE:
        return _overdue_obsolete(reminder, interview, now)
    return ""


def _interview_reminder_obsolete(reminder: Reminder, interview: Interview, now: datetime.datetime) -> str:
    if now >= interview.starts_at:
        return "interview started"
    if reminder.payload.get("sequence", interview.sequence) != interview.sequence:
        return "rescheduled"
    if reminder.recipient_id and not interview.interviewers.filter(pk=reminder.recipient_id).exists():
        return "no longer on the panel"
    return ""


def _overdue_obsolete(reminder: Reminder, interview: Interview, now: datetime.datetime) -> str:
    scorecard = Scorecard.objects.filter(pk=reminder.scorecard_id).first()
    if scorecard is None or scorecard.is_submitted:
        return "scorecard submitted or removed"
    if interview.ends_at > now:
        return "rescheduled to a later time"
    return ""


def _digest_obsolete(reminder: Reminder) -> str:
    """A digest lists drafts: with none left (all submitted, or their interviews cancelled) it has nothing to say."""
    still_missing = Scorecard.objects.filter(
        pk__in=reminder.payload.get("scorecards") or [], status=Scorecard.Status.DRAFT,
        interview__status=Interview.Status.SCHEDULED,
    )
    return "" if still_missing.exists() else "scorecards submitted or removed"


def _recipient_settings(reminder: Reminder) -> tuple[str, zoneinfo.ZoneInfo]:
    if reminder.recipient is not None:
        profile = profile_for(reminder.recipient)
        return profile.language, zoneinfo.ZoneInfo(profile.time_zone)
    candidate = reminder.interview.application.candidate
    return candidate.language, zoneinfo.ZoneInfo(settings.TIME_ZONE)


def message_for(reminder: Reminder, now: datetime.datetime) -> EmailMessage:
    """The message exactly as it goes out, in the recipient's language and time zone; sends and writes nothing.

    The candidate's copy of an invitation or reminder also names the interviewers and carries a fresh link to
    their status page (made now, never stored), where they can ask for another time.
    """
    language, tz = _recipient_settings(reminder)
    with translation.override(language), timezone.override(tz):
        context = {"reminder": reminder, "interview": reminder.interview, "site_url": settings.SITE_URL,
                   "organization": settings.ORGANIZATION_NAME, "tz": tz.key}
        if reminder.kind == Reminder.Kind.DIGEST:
            context["name"] = reminder.recipient.first_name or _name(reminder.recipient)
            context["scorecards"] = (
                Scorecard.objects.filter(pk__in=reminder.payload.get("scorecards", []), status=Scorecard.Status.DRAFT)
                .select_related("interviewer", "interview__application__candidate", "interview__application__position")
            )
        else:
            context.update(_interview_context(reminder))
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
                + [(_name(u), u.email) for u in _panel(interview) if u.email],  # the same file each time
            )
            method = reminder.payload["method"]
            message.attach("invite.ics", ics, f"text/calendar; charset=utf-8; method={method}")
    return message


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _panel(interview: Interview) -> list:
    return sorted(interview.interviewers.all(), key=lambda u: u.pk)  # one order every time


def _interview_context(reminder: Reminder) -> dict:
    """The interview's day and time as sentences need them, the panel for the candidate, what an update changed."""
    interview = reminder.interview
    application = interview.application
    was = reminder.payload.get("was")  # taken off the panel: tell them the time they had been invited to
    starts_at = timezone.localtime(datetime.datetime.fromisoformat(was["starts_at"]) if was else interview.starts_at)
    context = {
        "name": reminder.recipient.first_name or _name(reminder.recipient) if reminder.recipient_id else "",
        "title": application.position.title,
        "candidate": application.display_name,
        "day": date_format(starts_at, "l j F Y"),  # "Monday 11 January 2027", "lunedì 11 gennaio 2027"
        "date": date_with_article(starts_at, "DATE_FORMAT", "di"),  # "11 January 2027", "dell'11 gennaio 2027"
        "time": date_format(starts_at, "TIME_FORMAT"),
        "cancel": reminder.payload.get("method") == calendar.CANCEL,
        "changed": _changes(reminder.payload.get("changed"), interview),
        "updated": reminder.payload.get("changed") is not None,
    }
    if reminder.recipient_id is None:  # the candidate's copy
        context["name"] = application.candidate.first_name
        context["panel"] = ", ".join(_name(u) for u in _panel(interview))
        context["status_link"] = status.status_link(application)
    return context


def _changes(changed: dict | None, interview: Interview) -> list[tuple[str, str, str]]:
    """(label, before, now) for each detail an update changed, in the active language and time zone."""
    if not changed:
        return []
    now = _details_text({"starts_at": interview.starts_at.isoformat(), "location": interview.location,
                         "duration_minutes": interview.duration_minutes, "kind": interview.kind,
                         **({"panel": ", ".join(_name(u) for u in _panel(interview))} if "panel" in changed else {})})
    before = _details_text(changed)
    return [(label, before[field], now[field]) for field, label in _detail_labels() if field in changed]


def _detail_labels() -> list[tuple[str, str]]:  # in the active language
    return [("kind", _("Kind")), ("starts_at", _("When")), ("duration_minutes", _("Duration")), ("location", _("Where")),
            ("panel", _("With"))]


def _details_text(details: dict) -> dict[str, str]:
    text = {}
    if "starts_at" in details:
        text["starts_at"] = date_format(timezone.localtime(datetime.datetime.fromisoformat(details["starts_at"])),
                                        "l j F Y, H:i")
    if "duration_minutes" in details:
        minutes = details["duration_minutes"]
        text["duration_minutes"] = ngettext("%(minutes)d minute", "%(minutes)d minutes", minutes) % {"minutes": minutes}
    if "location" in details:
        text["location"] = details["location"] or "—"
    if "panel" in details:
        text["panel"] = details["panel"] or "—"
    if "kind" in details:
        kind = details["kind"]
        text["kind"] = str(Interview.Kind(kind).label) if kind in Interview.Kind.values else kind
    return text
