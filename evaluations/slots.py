"""Self-scheduling: HR offers a few times, the candidate picks one on their status page.

- An offer holds MIN_SLOTS to MAX_SLOTS different start times for one interview (kind, duration, place,
  panel). Each time must pass the scheduling rules as it stands when offered (in the future, the
  application open, the interviewers on the panel and free: scheduling's own checks and messages).
- One open offer per application (a database constraint): withdraw it before offering other times.
- The offer expires at its last time or OFFER_VALID_DAYS after it was made, whichever comes first.
- The candidate sees only the times still free: in the future and not overlapping an interview their
  panel has meanwhile (a time another candidate took disappears at once).
- Picking a time schedules the interview through ``scheduling.interview_schedule``, so invitations and
  reminders follow exactly as when HR schedules. Under the offer's row lock and the interviewers' row
  locks, so two picks of the same offer, or of two offers sharing an interviewer, are serialised: the
  second sees the first's interview and is refused. One offer makes at most one interview (the offer's
  interview is one-to-one, set once).
- Instead of picking, the candidate can ask for other times once, in their own words: HR sees it on the
  candidate page, and the person who made the offer gets an e-mail.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from candidates import links, notifications
from candidates.models import Application, CandidateEmail, EmailTemplate
from core import mail
from core.models import profile_for
from core.roles import HR_MANAGER
from core.tasking import enqueue_on_commit

from . import scheduling
from .models import Interview, Slot, SlotOffer

User = get_user_model()

MIN_SLOTS = 2
MAX_SLOTS = 6
OFFER_VALID_DAYS = 7
LONGEST = datetime.timedelta(minutes=480)  # Interview.duration_minutes' maximum


class SlotRefused(Exception):
    """The candidate's choice cannot be booked; `message` says why in words for them."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message, self.code = message, code


def slot_label(starts_at: datetime.datetime) -> str:
    """"Monday 7 December 2026, 10:00" in the active language and time zone."""
    return date_format(timezone.localtime(starts_at), "l j F Y, H:i")


# ---------------------------------------------------------------------------
# HR offers and withdraws
# ---------------------------------------------------------------------------
@transaction.atomic
def slot_offer_create(
    *, application: Application, kind: str, duration_minutes: int, location: str, interviewers, starts, user,
    now: datetime.datetime | None = None,
) -> SlotOffer:
    """Offer 2–6 times for one interview, each checked as if it were scheduled now; e-mail the candidate after commit."""
    now = now or timezone.now()
    interviewers, starts = list(interviewers), list(starts)
    errors: dict[str, list[str]] = {}
    if len(set(starts)) != len(starts):
        errors.setdefault("starts", []).append(_("Each time can be offered only once."))
    if not MIN_SLOTS <= len(starts) <= MAX_SLOTS:
        errors.setdefault("starts", []).append(
            _("Offer between %(min)d and %(max)d times.") % {"min": MIN_SLOTS, "max": MAX_SLOTS}
        )
    for starts_at in sorted(set(starts)):
        try:
            scheduling._check_schedule(
                application=application, starts_at=starts_at, duration_minutes=duration_minutes,
                interviewers=interviewers,
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                target = field if field in ("__all__", "interviewers") else "starts"
                for message in messages:
                    if field == "starts_at":
                        message = f"{slot_label(starts_at)}: {message}"
                    if message not in errors.get(target, []):
                        errors.setdefault(target, []).append(message)
    if errors:
        raise ValidationError(errors)
    offer = SlotOffer(
        application=application, kind=kind, duration_minutes=duration_minutes, location=location.strip(),
        created_by=user, expires_at=min(max(starts), now + datetime.timedelta(days=OFFER_VALID_DAYS)),
    )
    offer.full_clean()  # includes the one-open-offer constraint, with its message
    offer.save()
    offer.interviewers.set(interviewers)
    Slot.objects.bulk_create([Slot(offer=offer, starts_at=starts_at) for starts_at in sorted(starts)])
    _email_candidate(offer)
    return offer


@transaction.atomic
def slot_offer_withdraw(*, offer: SlotOffer, user) -> SlotOffer:
    """HR takes the times back (an open offer only); the candidate no longer sees them."""
    offer = SlotOffer.objects.select_for_update().get(pk=offer.pk)
    if offer.status == SlotOffer.Status.OPEN:
        offer.status = SlotOffer.Status.WITHDRAWN
        offer.save(update_fields=["status", "updated_at"])
    return offer


def expire_offers(*, application: Application | None = None, now: datetime.datetime | None = None) -> int:
    """Mark open offers past their expiry as expired (idempotent; run whenever an offer is looked at)."""
    offers = SlotOffer.objects.filter(status=SlotOffer.Status.OPEN, expires_at__lte=now or timezone.now())
    if application is not None:
        offers = offers.filter(application=application)
    return offers.update(status=SlotOffer.Status.EXPIRED, updated_at=timezone.now())


# ---------------------------------------------------------------------------
# What the candidate sees
# ---------------------------------------------------------------------------
def open_offer(application: Application, *, now: datetime.datetime) -> SlotOffer | None:
    expire_offers(application=application, now=now)
    return SlotOffer.objects.filter(application=application, status=SlotOffer.Status.OPEN).first()


def free_slots(offer: SlotOffer, *, now: datetime.datetime) -> list[Slot]:
    """The offer's times still in the future and not overlapping an interview of its panel (two queries)."""
    slots = [slot for slot in offer.slots.all() if slot.starts_at > now]
    if not slots:
        return []
    length = datetime.timedelta(minutes=offer.duration_minutes)
    busy = list(
        Interview.objects.filter(
            status=Interview.Status.SCHEDULED, interviewers__in=offer.interviewers.all(),
            starts_at__lt=slots[-1].starts_at + length, starts_at__gt=slots[0].starts_at - LONGEST,
        ).distinct().values_list("starts_at", "duration_minutes")
    )
    return [
        slot for slot in slots
        if not any(start < slot.starts_at + length and start + datetime.timedelta(minutes=minutes) > slot.starts_at
                   for start, minutes in busy)
    ]


# ---------------------------------------------------------------------------
# Suggesting free times to HR
# ---------------------------------------------------------------------------
WORKING_DAYS_AHEAD = 10
DAY_STARTS, DAY_ENDS = datetime.time(9, 0), datetime.time(18, 0)


def working_days(today: datetime.date, count: int = WORKING_DAYS_AHEAD) -> list[datetime.date]:
    """The next `count` days from Monday to Friday, after today."""
    days, day = [], today
    while len(days) < count:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return days


def first_free_starts(*, busy, days, duration_minutes: int, tz, limit: int = MAX_SLOTS) -> list[datetime.datetime]:
    """The first free start on the hour of each day (09:00–18:00 in `tz`, ending by 18:00), at most `limit`.

    `busy`: (start, end) of the panel's interviews. Plain values in, no database.
    """
    length = datetime.timedelta(minutes=duration_minutes)
    found = []
    for day in days:
        start = datetime.datetime.combine(day, DAY_STARTS, tzinfo=tz)
        last = datetime.datetime.combine(day, DAY_ENDS, tzinfo=tz) - length
        while start <= last:
            if not any(begin < start + length and end > start for begin, end in busy):
                found.append(start)
                break
            start += datetime.timedelta(hours=1)
        if len(found) == limit:
            break
    return found


def suggest_free_times(*, interviewers, duration_minutes: int, now: datetime.datetime | None = None) -> list:
    """Up to MAX_SLOTS times when the whole panel is free, one a day over the next WORKING_DAYS_AHEAD working days."""
    now = now or timezone.now()
    tz = timezone.get_default_timezone()
    days = working_days(timezone.localtime(now, tz).date())
    busy = [
        (starts_at, starts_at + datetime.timedelta(minutes=minutes))
        for starts_at, minutes in Interview.objects.filter(
            status=Interview.Status.SCHEDULED, interviewers__in=list(interviewers),
            starts_at__lt=datetime.datetime.combine(days[-1], DAY_ENDS, tzinfo=tz),
            starts_at__gt=now - LONGEST,
        ).distinct().values_list("starts_at", "duration_minutes")
    ]
    return first_free_starts(busy=busy, days=days, duration_minutes=duration_minutes, tz=tz)


# ---------------------------------------------------------------------------
# The candidate picks, or asks for other times
# ---------------------------------------------------------------------------
@transaction.atomic
def slot_pick(*, application: Application, offer_id: int, slot_id: int, now: datetime.datetime | None = None) -> Interview:
    """Book the chosen time as HR would schedule it; SlotRefused when it is no longer possible.

    SlotOffer.DoesNotExist / Slot.DoesNotExist when the ids are not this application's (the view's 404).
    """
    now = now or timezone.now()
    offer = SlotOffer.objects.select_for_update().get(pk=offer_id, application=application)
    slot = Slot.objects.get(pk=slot_id, offer=offer)
    if offer.status == SlotOffer.Status.TAKEN:
        raise SlotRefused(_("You have already chosen a time for this interview."), code="taken")
    if offer.status != SlotOffer.Status.OPEN or offer.expires_at <= now:
        raise SlotRefused(_("These times are no longer available. Please ask us for other times."), code="closed")
    # Lock the panel, always in the same order: a pick of another offer sharing an interviewer waits here,
    # then its clash check sees this interview.
    interviewers = list(User.objects.filter(slot_offers=offer).order_by("pk"))
    scheduling.lock_panel(interviewers)
    if slot.starts_at <= now:
        raise SlotRefused(_("This time is no longer free. Please choose another one."), code="gone")
    try:
        interview = scheduling.interview_schedule(
            application=application, kind=offer.kind, starts_at=slot.starts_at,
            duration_minutes=offer.duration_minutes, location=offer.location, interviewers=interviewers,
            user=offer.created_by,
        )
    except ValidationError as error:
        if "__all__" in getattr(error, "error_dict", {}):  # the application itself can no longer have one
            raise SlotRefused(_("These times are no longer available. Please ask us for other times."),
                              code="closed") from error
        raise SlotRefused(_("This time is no longer free. Please choose another one."), code="gone") from error
    offer.status, offer.interview = SlotOffer.Status.TAKEN, interview
    offer.save(update_fields=["status", "interview", "updated_at"])
    return interview


@transaction.atomic
def slot_ask_other_times(*, application: Application, offer_id: int, note: str,
                         now: datetime.datetime | None = None) -> SlotOffer:
    """Record the candidate's request (once per offer) and e-mail the person who made the offer after commit."""
    now = now or timezone.now()
    offer = (
        SlotOffer.objects.select_for_update(of=("self",))
        .select_related("application__candidate", "application__position", "created_by")
        .get(pk=offer_id, application=application)
    )
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Tell us which days and times would suit you.")}, code="required")
    if offer.status != SlotOffer.Status.OPEN or offer.requested_at is not None:
        return offer
    offer.request_note, offer.requested_at = note[:2000], now
    offer.save(update_fields=["request_note", "requested_at", "updated_at"])
    for person in hr_to_tell(offer.created_by):
        _email_hr(offer, person)
    return offer


# ---------------------------------------------------------------------------
# E-mails
# ---------------------------------------------------------------------------
def _email_candidate(offer: SlotOffer) -> CandidateEmail:
    """The times and the status-page link, in the candidate's language and the organisation's time zone."""
    application = offer.application
    candidate = application.candidate
    with translation.override(candidate.language), timezone.override(settings.TIME_ZONE):
        subject = _("Choose a time for your interview: %(title)s") % {"title": application.position.title}
        body = "\n\n".join([
            _("Dear %(name)s,") % {"name": candidate.first_name},
            _("we would like to meet you for a %(kind)s of %(minutes)d minutes about your application for "
              "%(title)s. Please choose the time that suits you best on your application page:")
            % {"kind": offer.get_kind_display().lower(), "minutes": offer.duration_minutes,
               "title": application.position.title},
            links.PLACEHOLDER,  # the status link, signed when the e-mail is sent (never stored: HR reads this copy)
            _("The times we can offer:") + "\n" + "\n".join(f"- {slot_label(s.starts_at)}" for s in offer.slots.all()),
            _("If none of them suits you, you can ask us for other times on the same page."),
            settings.ORGANIZATION_NAME,
        ])
    email = CandidateEmail.objects.create(
        # Carries the status-page link itself, like the other status-page e-mails (no footer added).
        application=application, kind=EmailTemplate.Kind.STATUS_LINKS, key=f"slot-offer:{offer.pk}",
        to=candidate.email, language=candidate.language, subject=mail.subject_line(subject)[:200], body=body,
    )
    enqueue_on_commit("candidates.tasks.send_candidate_email", email.pk)
    return email


def hr_to_tell(maker) -> list:
    """Whom to tell about a candidate's request: who made the offer or the interview (`maker`), or the active
    HR managers if that person has left or has no e-mail address."""
    if maker is not None and maker.is_active and maker.email:
        return [maker]
    return list(User.objects.filter(is_active=True, groups__name=HR_MANAGER).exclude(email="").distinct().order_by("pk"))


def _email_hr(offer: SlotOffer, person) -> None:
    profile = profile_for(person)
    application = offer.application
    with translation.override(profile.language):
        subject = _("%(name)s asks for other interview times (%(title)s)") % {
            "name": application.display_name, "title": application.position.title}
        body = "\n\n".join([
            _("Dear %(name)s,") % {"name": person.first_name or person.get_username()},
            _("%(name)s cannot make any of the times you offered for the %(kind)s and wrote:") % {
                "name": application.display_name, "kind": offer.get_kind_display().lower()},
            offer.request_note,
            _("Withdraw the times and offer new ones, or schedule the interview, on the candidate page: %(link)s")
            % {"link": settings.SITE_URL + application.get_absolute_url()},
            settings.ORGANIZATION_NAME,
        ])
    notifications.record_once(f"slot-request:{offer.pk}:{person.pk}", user=person, subject=subject, body=body,
                              payload={"slot_offer": offer.pk})

