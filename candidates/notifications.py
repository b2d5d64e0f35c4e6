"""New applications, told to the people who follow them: HR managers (every position) and a position's hiring manager.

- Each person chooses in "My settings" (``StaffProfile.new_applications``): an e-mail per application, one
  daily digest (the default), or nothing. Interviewers hear of nothing here unless they manage the position.
- Instant: once the application has committed, ``notify_new_application`` records one ``StaffEmail`` per
  person under the key ``new-application:<user>:<application>`` and sends it through core.mail, so a second
  task for the same application (a retry, the catch-up scan) never sends a second copy.
- Digest: ``send_application_digests`` (beat) gives each person, once a day from ``DIGEST_HOUR`` in their own
  time zone, the applications received after the end of the period their last digest covered, up to now.
  An application received exactly at that end was in the last digest, never in two. Nothing new: no e-mail.
  The profile row is locked while deciding, and the key ``application-digest:<user>:<day>`` is unique, so two
  beats at once, or the task run twice, send one digest.
- Blind screening: a masked application is "Candidate #12" in every e-mail and on the dashboard.
- The dashboard lists what arrived since the person's last visit (the last 7 days on a first visit).
"""

from __future__ import annotations

import datetime
import logging
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation

from core import mail
from core.models import NewApplicationNotice, StaffEmail, StaffProfile, profile_for
from core.roles import HR_MANAGER, is_hr_manager
from core.tasking import enqueue, enqueue_on_commit

from . import blind
from .models import Application

logger = logging.getLogger(__name__)
User = get_user_model()

# Digests go out from this hour on, in each person's time zone (beat checks every few minutes).
DIGEST_HOUR = 8
# A first digest (no earlier one) lists the day before it.
FIRST_DIGEST_COVERS = datetime.timedelta(days=1)
# A first visit to the dashboard shows the last week.
FIRST_VISIT_SHOWS = datetime.timedelta(days=7)
# The scan re-records instant notices for applications this recent (their task may have been lost with the broker).
CATCH_UP = datetime.timedelta(hours=1)
DASHBOARD_LIMIT = 20


# ---------------------------------------------------------------------------
# Who follows what
# ---------------------------------------------------------------------------
def recipients(application: Application) -> list:
    """Who hears of this application: active HR managers and the position's hiring manager, with an e-mail."""
    people = (
        User.objects.filter(is_active=True)
        .filter(Q(groups__name=HR_MANAGER) | Q(pk=application.position.hiring_manager_id))
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    return list(people)


def followed_applications(user) -> QuerySet:
    """The applications `user` is told about: all for HR, their positions' for a hiring manager, else none."""
    applications = Application.objects.filter(anonymised_at__isnull=True)
    if is_hr_manager(user):
        return applications
    return applications.filter(position__hiring_manager=user)


def follows_applications(user) -> bool:
    """Whether the dashboard has a "new applications" section for `user` (HR, or someone managing a position)."""
    return is_hr_manager(user) or user.managed_positions.exists()


# ---------------------------------------------------------------------------
# Instant notices
# ---------------------------------------------------------------------------
def record_instant_notices(application_id: int) -> list[int]:
    """Record the instant notice of one application for everyone who chose it; returns the ids still to send."""
    application = (
        Application.objects.select_related("candidate", "position").filter(pk=application_id, anonymised_at__isnull=True).first()
    )
    if application is None:
        return []
    blind.mark([application])
    ids = []
    for user in recipients(application):
        profile = profile_for(user)
        if profile.new_applications != NewApplicationNotice.INSTANT:
            continue
        key = f"new-application:{user.pk}:{application.pk}"
        subject, body = _render(profile, "candidates/email/new_application", {"application": application})
        email = _record(key, user=user, subject=subject, body=body, payload={"applications": [application.pk]})
        if email is not None and email.status == StaffEmail.Status.PENDING:
            ids.append(email.pk)
    return ids


def record_once(key: str, *, user, subject: str, body: str, payload: dict) -> StaffEmail | None:
    """A new e-mail to a staff member under `key`, sent after commit; None if that key was recorded before
    (a double click, a second request): each is sent at most once, whoever records it."""
    try:
        with transaction.atomic():
            email = StaffEmail.objects.create(
                key=key, recipient=user, to=user.email, subject=mail.subject_line(subject)[:300], body=body,
                payload=payload,
            )
    except IntegrityError:  # already recorded
        return None
    enqueue_on_commit("candidates.tasks.send_staff_email", email.pk)
    return email


def _record(key: str, *, user, subject: str, body: str, payload: dict) -> StaffEmail | None:
    """The row for `key`: created now, or the one recorded before (whatever its state); None if it vanished."""
    try:
        with transaction.atomic():
            email, _created = StaffEmail.objects.get_or_create(
                key=key, defaults={"recipient": user, "to": user.email, "subject": mail.subject_line(subject),
                                   "body": body, "payload": payload},
            )
    except IntegrityError:  # recorded by another task a moment ago
        email = StaffEmail.objects.filter(key=key).first()
    return email


# ---------------------------------------------------------------------------
# Daily digests
# ---------------------------------------------------------------------------
def digest_due(*, covered_until: datetime.datetime | None, now: datetime.datetime, tz: zoneinfo.ZoneInfo) -> bool:
    """Whether a person's digest is due at `now`: from DIGEST_HOUR in their zone, once a day."""
    local_now = now.astimezone(tz)
    today_from = datetime.datetime.combine(local_now.date(), datetime.time(DIGEST_HOUR), tzinfo=tz)
    if local_now < today_from:
        return False
    return covered_until is None or covered_until < today_from


def record_digests(*, now: datetime.datetime) -> list[int]:
    """Record each due digest (at most one a day per person); returns the ids of the new ones."""
    ids = []
    followers = (
        User.objects.filter(is_active=True)
        .filter(Q(groups__name=HR_MANAGER) | Q(managed_positions__isnull=False))
        .exclude(email="")
        .exclude(staff_profile__new_applications__in=[NewApplicationNotice.INSTANT, NewApplicationNotice.NONE])
    )
    for user in followers.distinct().order_by("pk"):
        email_id = record_digest_for(profile_for(user).pk, now=now)  # a profile with the defaults if none yet
        if email_id is not None:
            ids.append(email_id)
    return ids


def record_digest_for(profile_pk: int, *, now: datetime.datetime) -> int | None:
    """Record one person's digest if it is due at `now`; the new row's id while it waits to be sent, else None."""
    with transaction.atomic():
        profile = StaffProfile.objects.select_for_update().select_related("user").get(pk=profile_pk)
        tz = zone(profile)
        if profile.new_applications != NewApplicationNotice.DIGEST or not digest_due(
            covered_until=profile.digest_covered_until, now=now, tz=tz
        ):
            return None
        since = profile.digest_covered_until or now - FIRST_DIGEST_COVERS
        applications = blind.mark(
            followed_applications(profile.user)
            .filter(applied_at__gt=since, applied_at__lte=now)
            .select_related("candidate", "position")
            .order_by("applied_at", "pk")
        )
        profile.digest_covered_until = now
        profile.save(update_fields=["digest_covered_until"])
        if not applications:
            return None
        key = f"application-digest:{profile.user_id}:{now.astimezone(tz).date().isoformat()}"
        subject, body = _render(
            profile, "candidates/email/application_digest", {"applications": applications, "since": since}
        )
        email = _record(key, user=profile.user, subject=subject, body=body,
                        payload={"applications": [a.pk for a in applications], "since": since.isoformat(),
                                 "until": now.isoformat()})
    return email.pk if email is not None and email.status == StaffEmail.Status.PENDING else None


def catch_up_instant(*, now: datetime.datetime) -> list[int]:
    """Instant notices of the last hour's applications whose task never ran (the broker was down)."""
    ids: list[int] = []
    recent = Application.objects.filter(applied_at__gte=now - CATCH_UP, anonymised_at__isnull=True)
    for application_id in recent.order_by("pk").values_list("pk", flat=True):
        ids += record_instant_notices(application_id)
    return ids


# ---------------------------------------------------------------------------
# Sending
# ---------------------------------------------------------------------------
def deliver(email_id: int, *, now: datetime.datetime | None = None) -> str:
    """Send one recorded e-mail to a staff member at most once (see core.mail); returns the outcome."""
    now = now or timezone.now()
    email, outcome = mail.claim(StaffEmail.objects.select_related("recipient"), email_id, now=now, obsolete=_obsolete)
    if outcome:
        return outcome
    return mail.send_claimed(email, lambda: message_for(email), now=now)


def message_for(email: StaffEmail) -> EmailMessage:
    """The message exactly as it goes out (the body is recorded whole); sends and writes nothing."""
    return EmailMessage(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to])


def send_again(*, emails: QuerySet, user) -> tuple[list[int], int]:
    """An admin's resend of uncertain, failed or stuck pending e-mails to staff (same Message-ID as before).

    Returns (ids queued, how many were left alone: sent or being sent). Commits, then enqueues.
    """
    ids, left = mail.send_again(emails, user=user)
    for pk in ids:
        enqueue("candidates.tasks.send_staff_email", pk)
    return ids, left


def _obsolete(email: StaffEmail) -> str:
    return "recipient deactivated" if email.recipient is None or not email.recipient.is_active else ""


def pending(*, now: datetime.datetime) -> list[int]:
    """Rows whose (next) attempt is due, after marking sends abandoned by a dead worker uncertain."""
    mail.mark_stale_uncertain(StaffEmail, now=now)
    return list(StaffEmail.objects.filter(mail.retry_due(now)).order_by("pk").values_list("pk", flat=True)[:500])


def zone(profile: StaffProfile) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(profile.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _render(profile: StaffProfile, template: str, context: dict) -> tuple[str, str]:
    """Subject and body in the person's language and time zone (plain text: nothing HTML-escaped)."""
    with translation.override(profile.language), timezone.override(zone(profile)):
        context = {**context, "site_url": settings.SITE_URL, "organization": settings.ORGANIZATION_NAME}
        return mail.render_text(f"{template}_subject.txt", context), mail.render_text(f"{template}.txt", context)


# ---------------------------------------------------------------------------
# The dashboard
# ---------------------------------------------------------------------------
@dataclass
class SinceLastVisit:
    since: datetime.datetime
    first_visit: bool
    count: int
    applications: list


def new_since_last_visit(user, *, now: datetime.datetime | None = None) -> SinceLastVisit:
    """What arrived since the dashboard last showed it to `user` (the last 7 days the first time); marks it seen."""
    now = now or timezone.now()
    profile = profile_for(user)
    first_visit = profile.dashboard_seen_at is None
    since = now - FIRST_VISIT_SHOWS if first_visit else profile.dashboard_seen_at
    new = followed_applications(user).filter(applied_at__gt=since, applied_at__lte=now)
    applications = blind.mark(new.select_related("candidate", "position").order_by("-applied_at", "-pk")[:DASHBOARD_LIMIT])
    count = len(applications) if len(applications) < DASHBOARD_LIMIT else new.count()
    StaffProfile.objects.filter(pk=profile.pk).update(dashboard_seen_at=now)
    profile.dashboard_seen_at = now
    return SinceLastVisit(since=since, first_visit=first_visit, count=count, applications=applications)
