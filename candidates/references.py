"""Structured references: HR asks, the candidate names referees, each referee answers once through a signed link.

- HR asks for 1–3 referees at the *interview* or *offer* stage (``reference_ask``); the candidate is told by
  e-mail (a status-links e-mail: its stored copy holds the candidates.links marker, never the link) and names
  them on their status page with explicit consent (``referees_name``): that we contact them, and that their
  answers are shown to HR. One open request per application (a database constraint); a double click asks once.
- Each referee gets an invitation in the language the candidate chose for them, then at most two reminders
  (timing in candidates/reference_rules.py), none once they answered, declined or were cancelled. Every
  e-mail is a ``RefereeEmail`` row with a unique key, sent at most once through core.mail. Its stored body
  holds ``LINK_MARKER`` where the link goes; the link is signed only while building the message to send.
- The link carries the referee's id and link version, signed with its own salt and valid
  ``REFERENCE_LINK_MAX_AGE_DAYS`` from the e-mail. HR's "send again" raises the version (a fresh invitation;
  the earlier links stop working); cancelling closes the page. Expired and replaced links get a friendly page.
- The referee rates the position's competencies on the scorecards' 1–4 anchored scale, each with an optional
  behavioural example, says whether they would work with the candidate again, and may comment; or declines
  with an optional reason. One answer only: the row is locked and a second submit changes nothing.
- Only the time the form was open (signed into the form) and a keyed hash of the answering address are kept
  for the signals, never the address itself.
- Answered, non-excluded references feed the scoring (``competency_ratings``); an answer, an exclusion or a
  re-inclusion asks for a re-score (candidates.services.request_rescore).
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Avg, CharField, Count, Prefetch, Q, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import mail
from core.addresses import counted_address
from core.tasking import enqueue_on_commit

from . import links, reference_rules, services, stages
from .models import (
    Application,
    CandidateEmail,
    EmailTemplate,
    Referee,
    RefereeEmail,
    ReferenceRating,
    ReferenceRequest,
)

LINK_SALT = "candidates.reference-link"
STARTED_SALT = "candidates.reference-form-started"
ADDRESS_SALT = "candidates.reference-address"
LINK_MARKER = "[link sent only to the referee]"
ASKING_STAGES = frozenset({stages.INTERVIEW, stages.OFFER})
MAX_REFEREES = 3


def link_max_age() -> datetime.timedelta:
    return datetime.timedelta(days=settings.REFERENCE_LINK_MAX_AGE_DAYS)


def fast_answer_seconds() -> int:
    return settings.REFERENCE_FAST_ANSWER_SECONDS


# ---------------------------------------------------------------------------
# HR asks
# ---------------------------------------------------------------------------
def may_ask(application: Application) -> bool:
    return application.anonymised_at is None and application.stage in ASKING_STAGES


def open_request(application: Application) -> ReferenceRequest | None:
    return application.reference_requests.filter(status=ReferenceRequest.Status.OPEN).first()


def referees_named(application: Application) -> bool:
    return application.reference_requests.filter(status=ReferenceRequest.Status.NAMED).exists()


def request_for_candidate(application: Application) -> ReferenceRequest | None:
    """The open request the candidate's status page shows a form for: only while at the interview or offer stage
    (no query at other stages) and not anonymised."""
    if application.anonymised_at is not None or application.stage not in ASKING_STAGES:
        return None
    return open_request(application)


@transaction.atomic
def reference_ask(*, application: Application, user, how_many: int, now: datetime.datetime | None = None) -> ReferenceRequest:
    """Ask the candidate for `how_many` (1–3) referees and tell them by e-mail; a second click returns the same request."""
    now = now or timezone.now()
    application = Application.objects.select_for_update().select_related("candidate", "position").get(pk=application.pk)
    existing = open_request(application)
    if existing is not None:
        return existing
    if not may_ask(application):
        raise ValidationError(_("References are asked for at the interview or offer stage."), code="stage")
    if not 1 <= how_many <= MAX_REFEREES:
        raise ValidationError(_("Ask for one, two or three referees."), code="how_many")
    request = ReferenceRequest(application=application, how_many=how_many, asked_by=user, asked_at=now)
    request.full_clean()
    request.save()
    _email_candidate(request)
    return request


def _email_candidate(request: ReferenceRequest) -> CandidateEmail:
    application = request.application
    candidate = application.candidate
    with translation.override(candidate.language):
        subject = _("References for your application: %(title)s") % {"title": application.position.title}
        body = "\n\n".join([
            _("Dear %(name)s,") % {"name": candidate.first_name},
            ngettext(
                "as the next step for the position of %(title)s, we would like to hear from %(count)d person you "
                "have worked with (a manager, a colleague or a client). Please give their name and e-mail address "
                "on your application page:",
                "as the next step for the position of %(title)s, we would like to hear from up to %(count)d people "
                "you have worked with (managers, colleagues or clients). Please give their names and e-mail "
                "addresses on your application page:",
                request.how_many,
            ) % {"title": application.position.title, "count": request.how_many},
            links.PLACEHOLDER,
            _("We contact them only once you agree, and only about this application."),
            settings.ORGANIZATION_NAME,
        ])
    email = CandidateEmail.objects.create(
        # Carries the status-page link itself, like the other status-page e-mails.
        application=application, kind=EmailTemplate.Kind.STATUS_LINKS, key=f"references-asked:{request.pk}",
        to=candidate.email, language=candidate.language, subject=mail.subject_line(subject)[:200], body=body,
        created_by=request.asked_by,
    )
    enqueue_on_commit("candidates.tasks.send_candidate_email", email.pk)
    return email


# ---------------------------------------------------------------------------
# The candidate names referees (status page)
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class RefereeData:
    name: str
    email: str
    relationship: str
    period: str
    language: str


@transaction.atomic
def referees_name(*, application: Application, referees: Sequence[RefereeData], consent: bool,
                  now: datetime.datetime | None = None) -> list[Referee]:
    """Record the referees the candidate named (with their consent) and invite each one; once per request."""
    now = now or timezone.now()
    application = Application.objects.select_for_update().select_related("candidate", "position").get(pk=application.pk)
    request = open_request(application)
    if request is None or application.anonymised_at is not None or application.is_closed:
        raise ValidationError(_("We are not asking you for referees at the moment."), code="not_asked")
    if not consent:
        raise ValidationError(_("Tick the box to agree that we contact them and show their answers to HR."),
                              code="consent")
    if not 1 <= len(referees) <= request.how_many:
        raise ValidationError(ngettext("Name one referee.", "Name one to %(count)d referees.", request.how_many)
                              % {"count": request.how_many}, code="how_many")
    addresses = [r.email.strip().lower() for r in referees]
    if len(set(addresses)) != len(addresses):
        raise ValidationError(_("Each referee needs their own e-mail address."), code="duplicate")
    created = []
    for data in referees:
        referee = Referee(
            request=request, application=application, name=data.name.strip(), email=data.email,
            relationship=data.relationship, period=data.period.strip(), language=data.language,
            consent_at=now, invited_at=now,
        )
        referee.full_clean()
        referee.save()
        _record(referee, RefereeEmail.Kind.INVITATION, key=f"reference-invite:{referee.pk}:{referee.link_version}")
        created.append(referee)
    request.status, request.named_at = ReferenceRequest.Status.NAMED, now
    request.save(update_fields=["status", "named_at"])
    return created


# ---------------------------------------------------------------------------
# HR's actions on a referee
# ---------------------------------------------------------------------------
def _locked(referee: Referee) -> Referee:
    return Referee.objects.select_for_update(of=("self",)).select_related(
        "application__candidate", "application__position").get(pk=referee.pk)


def _check_not_anonymised(referee: Referee) -> None:
    if referee.application.anonymised_at is not None:
        raise ValidationError(_("This application has been anonymised: it can no longer change."), code="anonymised")


@transaction.atomic
def referee_send_again(*, referee: Referee, user) -> Referee:
    """A fresh invitation with a new link (the earlier links stop working); only while the referee has not answered."""
    referee = _locked(referee)
    if not referee.is_open or referee.application.anonymised_at is not None:
        raise ValidationError(_("This referee has already answered, declined or been cancelled."), code="closed")
    referee.link_version += 1
    referee.save(update_fields=["link_version"])
    _record(referee, RefereeEmail.Kind.INVITATION, key=f"reference-invite:{referee.pk}:{referee.link_version}")
    return referee


@transaction.atomic
def referee_cancel(*, referee: Referee, user, now: datetime.datetime | None = None) -> bool:
    """HR no longer needs this reference: no more e-mails, the link says so. False if it was cancelled already."""
    referee = _locked(referee)
    if referee.cancelled_at is not None:
        return False
    if referee.answered_at or referee.declined_at:
        raise ValidationError(_("This referee has already answered: exclude the reference instead."), code="answered")
    referee.cancelled_at = now or timezone.now()
    referee.save(update_fields=["cancelled_at"])
    return True


@transaction.atomic
def reference_exclude(*, referee: Referee, user, reason: str, now: datetime.datetime | None = None) -> bool:
    """Leave an answered reference out of the score, saying why; False if it was excluded already."""
    referee = _locked(referee)
    _check_not_anonymised(referee)
    if referee.answered_at is None:
        raise ValidationError(_("Only an answered reference can be left out of the score."), code="not_answered")
    if referee.excluded_at is not None:
        return False
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why this reference is left out."), code="reason_required")
    referee.excluded_at, referee.excluded_by, referee.exclusion_reason = now or timezone.now(), user, reason[:2000]
    referee.save(update_fields=["excluded_at", "excluded_by", "exclusion_reason"])
    services.request_rescore([referee.application_id])
    return True


@transaction.atomic
def reference_include(*, referee: Referee, user) -> bool:
    """Count an excluded reference in the score again; False if it was not excluded."""
    referee = _locked(referee)
    _check_not_anonymised(referee)
    if referee.excluded_at is None:
        return False
    referee.excluded_at, referee.excluded_by, referee.exclusion_reason = None, None, ""
    referee.save(update_fields=["excluded_at", "excluded_by", "exclusion_reason"])
    services.request_rescore([referee.application_id])
    return True


# ---------------------------------------------------------------------------
# The referee's link
# ---------------------------------------------------------------------------
class LinkProblem(Exception):
    def __init__(self, code: str, referee: Referee | None = None):
        super().__init__(code)
        self.code = code  # "invalid", "expired" or "replaced"
        self.referee = referee  # when known, for the page's language


def make_token(referee: Referee) -> str:
    return signing.dumps([referee.pk, referee.link_version], salt=LINK_SALT)


def link_path(token: str) -> str:
    return reverse("reference", kwargs={"token": token})


def _referee_for(value) -> Referee | None:
    if not (isinstance(value, list) and len(value) == 2 and all(type(v) is int for v in value)):
        return None
    return Referee.objects.select_related("application__candidate", "application__position").filter(pk=value[0]).first()


def referee_from_token(token: str) -> Referee:
    """The referee a link belongs to; LinkProblem("expired"/"replaced"/"invalid") otherwise."""
    try:
        value = signing.loads(token, salt=LINK_SALT, max_age=link_max_age())
    except signing.SignatureExpired:
        # Genuine but old: who it was for, only to answer in their language.
        raise LinkProblem("expired", _referee_for(signing.loads(token, salt=LINK_SALT))) from None
    except signing.BadSignature:
        raise LinkProblem("invalid") from None
    referee = _referee_for(value)
    if referee is None or referee.application.anonymised_at is not None:
        raise LinkProblem("invalid")
    if value[1] != referee.link_version:
        raise LinkProblem("replaced", referee)
    return referee


def is_closed_for_answers(referee: Referee) -> bool:
    """Cancelled by HR, or the application closed: the page thanks them and asks nothing."""
    return referee.cancelled_at is not None or referee.application.is_closed


def form_started_token(now: float | None = None) -> str:
    """Signed into the form when it is shown: how long it was open is measured from here."""
    return signing.dumps(int(now if now is not None else time.time()), salt=STARTED_SALT)


def seconds_since(started: str, *, now: float | None = None) -> int | None:
    try:
        value = signing.loads(started or "", salt=STARTED_SALT, max_age=60 * 60 * 24 * 30)
    except signing.BadSignature:
        return None
    if type(value) is not int:
        return None
    return max(0, int((now if now is not None else time.time()) - value))


def address_hash(address: str) -> str:
    """A keyed hash of a client's address (an IPv6 /64 counts as one), compared only for equality."""
    if not address or address == "unknown":
        return ""
    return salted_hmac(ADDRESS_SALT, counted_address(address), algorithm="sha256").hexdigest()


@transaction.atomic
def reference_opened(*, referee: Referee, now: datetime.datetime | None = None) -> None:
    Referee.objects.filter(pk=referee.pk, opened_at__isnull=True).update(opened_at=now or timezone.now())


def competencies_for(referee: Referee) -> list:
    return list(referee.application.position.competencies.filter(active=True).order_by("order", "slug"))


@dataclass(frozen=True)
class Answer:
    scores: dict[int, tuple[int, str]]  # competency pk → (score 1–4, behavioural example)
    would_work_again: str
    comments: str = ""


def _seconds(referee: Referee, started: str, now: datetime.datetime) -> int | None:
    seconds = seconds_since(started, now=now.timestamp())
    if seconds is None and referee.opened_at is not None:
        seconds = max(0, int((now - referee.opened_at).total_seconds()))
    return seconds


def _check_may_answer(referee: Referee) -> None:
    if is_closed_for_answers(referee) or referee.application.anonymised_at is not None:
        raise ValidationError(_("This reference is no longer needed. Thank you all the same."), code="closed")


@transaction.atomic
def reference_answer(*, referee: Referee, answer: Answer, address: str, started: str = "",
                     now: datetime.datetime | None = None) -> bool:
    """Record the referee's answer; False when they had answered or declined already (a second submit)."""
    now = now or timezone.now()
    referee = _locked(referee)
    if referee.answered_at or referee.declined_at:
        return False
    _check_may_answer(referee)
    wanted = {c.pk for c in competencies_for(referee)}
    if set(answer.scores) != wanted or any(not 1 <= score <= 4 for score, _example in answer.scores.values()):
        raise ValidationError(_("Rate every quality from 1 to 4."), code="scores")
    if answer.would_work_again not in Referee.WorkAgain.values:
        raise ValidationError(_("Say whether you would work with them again."), code="work_again")
    ReferenceRating.objects.bulk_create([
        ReferenceRating(referee=referee, competency_id=pk, score=score, example=example.strip()[:2000])
        for pk, (score, example) in sorted(answer.scores.items())
    ])
    referee.would_work_again, referee.comments = answer.would_work_again, answer.comments.strip()[:4000]
    referee.answered_at, referee.answer_seconds = now, _seconds(referee, started, now)
    referee.answer_address_hash = address_hash(address)
    referee.opened_at = referee.opened_at or now
    referee.save(update_fields=["would_work_again", "comments", "answered_at", "answer_seconds",
                                "answer_address_hash", "opened_at"])
    services.request_rescore([referee.application_id])
    return True


@transaction.atomic
def reference_decline(*, referee: Referee, reason: str, address: str, started: str = "",
                      now: datetime.datetime | None = None) -> bool:
    """The referee would rather not give a reference; False when they had answered or declined already."""
    now = now or timezone.now()
    referee = _locked(referee)
    if referee.answered_at or referee.declined_at:
        return False
    _check_may_answer(referee)
    referee.declined_at, referee.decline_reason = now, reason.strip()[:2000]
    referee.answer_seconds, referee.answer_address_hash = _seconds(referee, started, now), address_hash(address)
    referee.opened_at = referee.opened_at or now
    referee.save(update_fields=["declined_at", "decline_reason", "answer_seconds", "answer_address_hash", "opened_at"])
    return True


# ---------------------------------------------------------------------------
# E-mails to referees
# ---------------------------------------------------------------------------
def render_email(referee: Referee, kind: str) -> tuple[str, str]:
    """Subject and body (with LINK_MARKER where the link goes) in the referee's language; plain text."""
    application = referee.application
    with translation.override(referee.language):
        values = {
            "name": referee.name, "candidate": application.candidate.full_name,
            "title": application.position.title, "organization": settings.ORGANIZATION_NAME,
            "relationship": referee.get_relationship_display().lower(), "period": referee.period,
            "days": link_max_age().days,
        }
        if kind == RefereeEmail.Kind.REMINDER:
            subject = _("Reminder: a reference for %(candidate)s") % values
            opening = _("a short reminder: %(candidate)s, who is applying for the position of %(title)s at "
                        "%(organization)s, named you as a referee. We would be grateful for a few minutes of "
                        "your time.") % values
        else:
            subject = _("A reference for %(candidate)s") % values
            opening = _("%(candidate)s, who is applying for the position of %(title)s at %(organization)s, named you "
                        "as a referee (%(relationship)s, %(period)s) and agreed that we contact you.") % values
        body = "\n\n".join([
            _("Dear %(name)s,") % values,
            opening,
            _("Would you give us a short reference? It takes about ten minutes: a few questions on how they work "
              "with others, each with an example if one comes to mind. You can also tell us you would rather not "
              "give one."),
            LINK_MARKER,
            _("The link is valid for %(days)d days. Your answers are read only by our HR team, who may share them "
              "with the candidate if they ask for their data.") % values,
            settings.ORGANIZATION_NAME,
        ])
    return mail.subject_line(subject)[:200], body


def _record(referee: Referee, kind: str, *, key: str) -> RefereeEmail:
    subject, body = render_email(referee, kind)
    email = RefereeEmail.objects.create(referee=referee, kind=kind, key=key, to=referee.email,
                                        language=referee.language, subject=subject, body=body)
    enqueue_on_commit("candidates.tasks.send_referee_email", email.pk)
    return email


def message_for(email: RefereeEmail) -> EmailMessage:
    """The message as it is sent: the link signed now (valid REFERENCE_LINK_MAX_AGE_DAYS from now). Writes nothing."""
    link = settings.SITE_URL + link_path(make_token(email.referee))
    message = EmailMessage(email.subject, email.body.replace(LINK_MARKER, link), settings.DEFAULT_FROM_EMAIL, [email.to])
    message.extra_headers["Message-ID"] = mail.message_id(email.key)
    return message


def _obsolete(email: RefereeEmail) -> str:
    referee = email.referee
    if referee.application.anonymised_at is not None:
        return "application anonymised"
    if referee.cancelled_at is not None:
        return "referee cancelled"
    if referee.answered_at or referee.declined_at:
        return "already answered"
    if referee.application.is_closed:
        return "application closed"
    if email.kind == RefereeEmail.Kind.INVITATION and not email.key.endswith(f":{referee.link_version}"):
        return "a newer invitation was sent"
    return ""


def deliver(email_id: int, *, now: datetime.datetime | None = None) -> str:
    """Send one recorded referee e-mail at most once; returns the outcome (see core.mail)."""
    now = now or timezone.now()
    email, outcome = mail.claim(RefereeEmail.objects.select_related("referee__application"), email_id, now=now,
                                obsolete=_obsolete)
    if outcome:
        return outcome
    return mail.send_claimed(email, lambda: message_for(email), now=now)


def queue_due_reminders(*, now: datetime.datetime | None = None) -> list[int]:
    """Record every reminder due now (once per key; at most two per referee); returns the ids recorded."""
    now = now or timezone.now()
    first = now - reference_rules.REMINDER_AFTER[0]
    candidates = (Referee.objects.filter(
        cancelled_at__isnull=True, answered_at__isnull=True, declined_at__isnull=True,
        reminders_sent__lt=reference_rules.MAX_REMINDERS, invited_at__lte=first,
        application__anonymised_at__isnull=True,
    ).exclude(application__stage__in=list(stages.CLOSED)).values_list("pk", flat=True))
    recorded = []
    for pk in list(candidates[:1000]):
        with transaction.atomic():
            referee = Referee.objects.select_for_update(of=("self",)).select_related(
                "application__candidate", "application__position").get(pk=pk)
            number = reference_rules.reminder_due(invited_at=referee.invited_at, reminders_sent=referee.reminders_sent,
                                                  now=now)
            if number is None or not referee.is_open:
                continue
            key = f"reference-reminder:{referee.pk}:{number}"
            if RefereeEmail.objects.filter(key=key).exists():
                continue
            referee.reminders_sent = number
            referee.save(update_fields=["reminders_sent"])
            recorded.append(_record(referee, RefereeEmail.Kind.REMINDER, key=key).pk)
    return recorded


def pending_emails(*, now: datetime.datetime | None = None) -> list[int]:
    """Ids of referee e-mails to send now (at most 500), after marking abandoned sends uncertain."""
    now = now or timezone.now()
    mail.mark_stale_uncertain(RefereeEmail, now=now)
    cutoff = now - datetime.timedelta(minutes=1)  # the task enqueued at commit normally sends a new row first
    return list(RefereeEmail.objects.filter(mail.retry_due(now), created_at__lt=cutoff)
                .order_by("pk").values_list("pk", flat=True)[:500])


# ---------------------------------------------------------------------------
# Reads: the panel, the scoring and the summaries
# ---------------------------------------------------------------------------
@dataclass
class Panel:
    request: ReferenceRequest | None  # the latest request
    referees: list
    signals: dict
    may_ask: bool
    fast_seconds: int


def panel(application: Application) -> Panel:
    """What HR's references panel shows; a fixed number of queries whatever the number of referees."""
    requests = list(application.reference_requests.all()[:1])
    referees = list(
        Referee.objects.filter(application=application).select_related("excluded_by")
        .prefetch_related(Prefetch("ratings", queryset=ReferenceRating.objects.select_related("competency")))
        .order_by("invited_at", "pk")
    )
    facts = [reference_rules.RefereeFacts(
        key=r.pk, email=r.email, relationship=r.relationship, responded=bool(r.answered_at or r.declined_at),
        address_hash=r.answer_address_hash, answer_seconds=r.answer_seconds) for r in referees if not r.cancelled_at]
    found = reference_rules.signals(facts, candidate_email=application.candidate.email,
                                    fast_seconds=fast_answer_seconds())
    for referee in referees:
        referee.signals = found.get(referee.pk, [])
    latest = requests[0] if requests else None
    return Panel(request=latest, referees=referees, signals=found, fast_seconds=fast_answer_seconds(),
                 may_ask=may_ask(application) and not (latest and latest.status == ReferenceRequest.Status.OPEN))


def _counted() -> Q:
    return Q(referee__answered_at__isnull=False, referee__excluded_at__isnull=True, referee__cancelled_at__isnull=True)


def competency_ratings(application_ids: Iterable[int]) -> dict[int, dict[int, list[tuple[str, int]]]]:
    """Application id → competency pk → [(relationship code, score 1–4)] from answered, non-excluded references.

    One query. Applications without such ratings are left out.
    """
    out: dict[int, dict[int, list[tuple[str, int]]]] = {}
    rows = (ReferenceRating.objects.filter(_counted(), referee__application_id__any_of=application_ids)
            .order_by("referee__application_id", "competency_id", "referee_id")
            .values_list("referee__application_id", "competency_id", "referee__relationship", "score"))
    for application_id, competency_id, relationship, score in rows:
        out.setdefault(application_id, {}).setdefault(competency_id, []).append((relationship, score))
    return out


def reference_summary(application_ids: Iterable[int]) -> dict[int, dict]:
    """Per application: counts (asked, answered, declined, pending, cancelled, excluded) of its referees, and
    "competencies": competency pk → mean score (2 decimals) over answered, non-excluded references. Two queries;
    every id asked for is in the result."""
    ids = list(application_ids)
    out: dict[int, dict] = {pk: {"asked": 0, "answered": 0, "declined": 0, "pending": 0, "cancelled": 0,
                                 "excluded": 0, "competencies": {}} for pk in ids}
    live = Q(cancelled_at__isnull=True)
    counts = (Referee.objects.filter(application_id__in=ids).values("application_id").order_by("application_id")
              .annotate(asked=Count("pk", filter=live),
                        answered=Count("pk", filter=live & Q(answered_at__isnull=False)),
                        declined=Count("pk", filter=live & Q(declined_at__isnull=False)),
                        cancelled=Count("pk", filter=~live),
                        excluded=Count("pk", filter=live & Q(excluded_at__isnull=False))))
    for row in counts:
        entry = out[row["application_id"]]
        entry.update({key: row[key] for key in ("asked", "answered", "declined", "cancelled", "excluded")})
        entry["pending"] = row["asked"] - row["answered"] - row["declined"]
    means = (ReferenceRating.objects.filter(_counted(), referee__application_id__in=ids)
             .values("referee__application_id", "competency_id").order_by("referee__application_id", "competency_id")
             .annotate(mean=Avg("score")))
    for row in means:
        out[row["referee__application_id"]]["competencies"][row["competency_id"]] = round(float(row["mean"]), 2)
    return out


# ---------------------------------------------------------------------------
# Data protection (candidates/privacy.py, recruiting/privacy.py)
# ---------------------------------------------------------------------------
def scrub(application_id: int) -> None:
    """Within the anonymising transaction: who the referees are and every word they wrote go; the numbers stay.

    Kept: relationship, dates, scores, "would work again", the answer time and HR's exclusion (not its
    reason): they identify nobody and the reports and the scoring count them. The address hash goes too.
    """
    referees = Referee.objects.filter(application_id=application_id)
    # Each address its own (one referee per address per application is a constraint), saying nothing.
    email = Concat(Value("referee-"), Cast("pk", CharField()), Value("@anonymised.invalid"))
    referees.update(name="—", email=email, period="", comments="", decline_reason="",
                    exclusion_reason="", answer_address_hash="")
    ReferenceRating.objects.filter(referee__application_id=application_id).update(example="")
    RefereeEmail.objects.filter(referee__application_id=application_id).update(
        to="anonymised@invalid", subject="", body="")


def export(referee: Referee) -> dict:
    """One referee in the candidate's export (recruiting/privacy.py): what they were told and what they said."""
    return {
        "name": referee.name, "email": referee.email, "relationship": referee.relationship,
        "period": referee.period, "language": referee.language, "consent_at": referee.consent_at,
        "invited_at": referee.invited_at, "answered_at": referee.answered_at, "declined_at": referee.declined_at,
        "decline_reason": referee.decline_reason, "cancelled_at": referee.cancelled_at,
        "would_work_again": referee.would_work_again, "comments": referee.comments,
        "excluded_from_score": referee.excluded_at is not None, "exclusion_reason": referee.exclusion_reason,
        "ratings": [{"competency": r.competency.name_en, "score": r.score, "example": r.example}
                    for r in referee.ratings.all()],
    }
