"""The candidate's status page (no account): the signed link, the stage in plain words, and what the
candidate may do there. The views are in candidates/status_views.py.

- Every candidate e-mail ends with a link to ``/status/<signed link>/`` (candidates.emails), signed with
  this page's own salt and valid ``STATUS_LINK_MAX_AGE_DAYS`` (30) days from when the e-mail went out:
  exactly that age is still valid, a second more is expired. An altered link is invalid.
- Links are signed when an e-mail is sent, never stored: the recorded copy (read by HR and admins) shows
  candidates.links markers, which ``email_links`` turns into fresh links for candidates.emails.message_for.
- An expired link can be replaced by e-mail address. The answer is always the same, whether the address
  applied or not; only an address that applied gets an e-mail, listing each application's link. Requests
  are counted per client address and e-mail (``LINK_REQUESTS_PER_PERSON``), per e-mail alone
  (``LINK_REQUESTS_PER_EMAIL``) and per client address alone (``STATUS_LINK_ADDRESS_LIMIT``: generous, for
  an office behind one address, but a bot trying address after address meets it) within
  ``APPLY_RATE_WINDOW``. The request only enqueues a task (``request_fresh_links``); the worker looks the
  address up and records the e-mail, so the request does the same work, with the same queries, whether
  the address applied or not.
- The page says the stage in plain words, never a reason, a score or a note. An anonymised application
  says only that the data has been erased.
- The candidate may withdraw while the application is undecided (the pipeline's rule: a StageChange by no
  user, noted "by the candidate", with a "they withdrew" reason), update their phone or résumé while it
  is at *applied* (the résumé with the apply form's checks; its text is extracted again), download their
  data (the export HR gets), and ask for erasure: confirmed by a second signed link sent by e-mail, it
  becomes an ErasureRequest due ``ERASURE_DEADLINE_DAYS`` (30) days after the confirmation (GDPR art.
  12(3): one month from receipt), closed when HR erases the person.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from core import mail
from core.addresses import counted_address
from core.tasking import enqueue, enqueue_on_commit

from . import blind, files, links, ratelimit, services, stages
from . import resume as resume_files
from .models import (
    Application,
    Candidate,
    CandidateEmail,
    EmailTemplate,
    ErasureRequest,
    RejectionReason,
    StageChange,
)

LINK_SALT = "candidates.status-link"
ERASURE_SALT = "candidates.status-erasure"
ERASURE_LINK_MAX_AGE = datetime.timedelta(days=7)
LINK_REQUESTS_PER_PERSON = 3  # per client address and e-mail, within APPLY_RATE_WINDOW
LINK_REQUESTS_PER_EMAIL = 6  # per e-mail from any address: a mailbox is not flooded from many addresses
# "They withdrew" reasons HR records about a candidate that a candidate would not give themselves.
NOT_THE_CANDIDATES_WORDS = frozenset({"Did not reply"})
PHONE = re.compile(r"^\+?[0-9 ()./-]+$")


def link_max_age() -> datetime.timedelta:
    return datetime.timedelta(days=settings.STATUS_LINK_MAX_AGE_DAYS)


def erasure_deadline_days() -> int:
    return settings.ERASURE_DEADLINE_DAYS


class LinkProblem(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code  # "expired" or "invalid"


# ---------------------------------------------------------------------------
# The link
# ---------------------------------------------------------------------------
def make_token(application_pk: int) -> str:
    return signing.dumps(application_pk, salt=LINK_SALT)


def page_path(token: str) -> str:
    return reverse("status:page", kwargs={"token": token})


def status_link(application: Application) -> str:
    """The full address of the application's status page, valid STATUS_LINK_MAX_AGE_DAYS from now."""
    return settings.SITE_URL + page_path(make_token(application.pk))


def _load(token: str, *, salt: str, max_age: datetime.timedelta):
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkProblem("expired") from None
    except signing.BadSignature:
        raise LinkProblem("invalid") from None


def _is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def application_from_token(token: str) -> Application:
    """The application a link points at (anonymised ones too: the page says so); LinkProblem otherwise."""
    pk = _load(token, salt=LINK_SALT, max_age=link_max_age())
    application = None
    if _is_id(pk):
        application = Application.objects.select_related("candidate", "position").filter(pk=pk).first()
    if application is None:
        raise LinkProblem("invalid")
    return application


def email_footer(email: CandidateEmail) -> str:
    """The line every candidate e-mail ends with: the link to the status page, in the e-mail's language."""
    if email.kind in (EmailTemplate.Kind.STATUS_LINKS, EmailTemplate.Kind.ERASURE):
        return ""  # these carry their links already
    with translation.override(email.language):
        line = _("Follow your application, or withdraw it, here (the link is valid for %(days)d days): %(link)s") % {
            "days": link_max_age().days, "link": status_link(email.application)}
    return "\n\n" + line


def email_links(email: CandidateEmail) -> Callable[[int | None], str | None]:
    """For candidates.emails.message_for: the link behind each marker of a status-links or erasure e-mail, signed now.

    A marker naming an application gets that application's status link only if it is the same person's (so
    a marker typed into a name or a title reveals nobody else's page); an unnamed one gets the e-mail's own
    link: the erasure confirmation (asked when the e-mail was recorded) or the e-mail's application's page.
    """
    own: set[int] | None = None

    def link_for(application_id: int | None) -> str | None:
        nonlocal own
        if email.kind == EmailTemplate.Kind.ERASURE:
            if application_id is not None:
                return None
            # The row is recorded in the request that asks, so its creation time is when the erasure was asked.
            token = erasure_token(email.application_id, requested_at=email.created_at)
            return settings.SITE_URL + erasure_path(token)
        if application_id is None or application_id == email.application_id:
            return settings.SITE_URL + page_path(make_token(email.application_id))
        if own is None:
            own = set(Application.objects.filter(candidate_id=email.application.candidate_id)
                      .values_list("pk", flat=True))
        return settings.SITE_URL + page_path(make_token(application_id)) if application_id in own else None

    return link_for


# ---------------------------------------------------------------------------
# What the page says
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Standing:
    code: str  # for the page's data attribute and the tests
    text: str


def standing(application: Application) -> Standing:
    """The stage in plain words (in the active language); no reason, score or note."""
    stage = application.stage
    if application.anonymised_at is not None:
        return Standing("erased", _("Your data has been erased."))
    if stage == stages.APPLIED:
        return Standing("received", _("We have received your application and will read it soon."))
    if stage == stages.SCREENING:
        return Standing("reading", _("We are reading your application."))
    if stage == stages.INTERVIEW:
        return Standing("interview", _("You are invited to an interview."))
    if stage == stages.OFFER:
        return Standing("offer", _("We have made you an offer."))
    if stage == stages.HIRED:
        return Standing("hired", _("You have accepted our offer. Welcome aboard!"))
    if stage == stages.WITHDRAWN:
        return Standing("withdrawn", _("You have withdrawn your application."))
    filled = Application.objects.filter(position_id=application.position_id, stage=stages.HIRED).exclude(
        pk=application.pk).exists()
    if filled:
        return Standing("filled", _("The position has been filled by another candidate."))
    return Standing("unsuccessful", _("Your application was not successful."))


@dataclass(frozen=True)
class Choices:
    withdraw: bool
    update: bool  # phone and résumé
    data: bool
    erasure: bool


def choices(application: Application) -> Choices:
    """What the candidate may do at the application's stage."""
    if application.anonymised_at is not None:
        return Choices(False, False, False, False)
    return Choices(
        withdraw=stages.is_undecided(application.stage),
        update=application.stage == stages.APPLIED,
        data=True,
        erasure=True,
    )


def withdrawal_reasons() -> QuerySet:
    return RejectionReason.objects.filter(kind=RejectionReason.Kind.THEY_WITHDREW, active=True).exclude(
        name_en__in=NOT_THE_CANDIDATES_WORDS)


def _unstated_reason() -> RejectionReason:
    """The reason recorded when the candidate gives none (closing needs one): "No longer interested", else the first."""
    reasons = list(RejectionReason.objects.filter(kind=RejectionReason.Kind.THEY_WITHDREW, active=True))
    if not reasons:
        raise ValidationError(_("We cannot record a withdrawal right now. Please reply to our e-mail instead."),
                              code="no_reason")
    return next((r for r in reasons if r.name_en == "No longer interested"), reasons[0])


# ---------------------------------------------------------------------------
# What the candidate does
# ---------------------------------------------------------------------------
@transaction.atomic
def application_withdraw_by_candidate(*, application: Application, reason: RejectionReason | None,
                                      words: str = "") -> StageChange | None:
    """The candidate withdraws through the pipeline service; None if it was withdrawn already (a double submit)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.stage == stages.WITHDRAWN:
        return None
    if not choices(application).withdraw:
        raise ValidationError(_("This application can no longer be withdrawn here. Please reply to our e-mail."),
                              code="not_withdrawable")
    if reason is not None and not withdrawal_reasons().filter(pk=reason.pk).exists():
        raise ValidationError(_("Choose one of the reasons shown, or none."), code="reason_kind")
    given = reason is not None
    reason = reason or _unstated_reason()
    with translation.override(settings.LANGUAGE_CODE):  # HR reads the history in the site's language
        note = _("Withdrawn by the candidate on their status page.")
        if not given:
            note += " " + _("They gave no reason.")
        if words.strip():
            note += "\n" + _("In their words: %(words)s") % {"words": words.strip()[:2000]}
    return services.application_move(application=application, to_stage=stages.WITHDRAWN, user=None, note=note,
                                     reason=reason)


def clean_phone(value: str) -> str:
    """A phone number as typed, or a ValidationError the candidate can act on; "" removes it."""
    value = " ".join(value.split())
    if not value:
        return ""
    digits = sum(char.isdigit() for char in value)
    if len(value) > 40 or not PHONE.match(value) or not 6 <= digits <= 15:
        raise ValidationError(
            _("Enter a phone number with 6 to 15 digits, such as +39 02 1234 5678."), code="bad_phone")
    return value


def _check_may_update(application: Application) -> None:
    if not choices(application).update:
        raise ValidationError(_("Your application is already being reviewed, so it can no longer be changed here."),
                              code="not_applied")


@transaction.atomic
def candidate_update_phone(*, application: Application, phone: str) -> bool:
    """The candidate's new phone number (all their applications share it); False if it did not change."""
    application = Application.objects.select_for_update().select_related("candidate").get(pk=application.pk)
    _check_may_update(application)
    phone = clean_phone(phone)
    candidate = application.candidate
    if candidate.phone == phone:
        return False
    candidate.phone = phone
    candidate.full_clean()
    candidate.save(update_fields=["phone", "updated_at"])
    Application.objects.filter(pk=application.pk).update(last_activity_at=timezone.now())
    return True


@transaction.atomic
def application_replace_resume(*, application: Application, upload: services.ResumeUpload) -> Application:
    """A new résumé (already checked like the apply form's) replaces the old one; its text is read again."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _check_may_update(application)
    old = application.resume.name
    application.resume.save(f"resume.{resume_files.EXTENSIONS[upload.kind]}", ContentFile(upload.data), save=False)
    new = application.resume.name  # written now: after a rollback the orphan sweep removes it, the old one stays
    application.resume_name = upload.name[:200]
    application.resume_text = ""
    application.resume_text_status = Application.TextStatus.PENDING
    application.last_activity_at = timezone.now()
    application.save(update_fields=["resume", "resume_name", "resume_text", "resume_text_status",
                                    "last_activity_at", "updated_at"])
    if old and old != new:
        files.delete_after_commit(old)
    enqueue_on_commit("candidates.tasks.extract_resume_text", application.pk)
    services.request_rescore([application.pk])
    return application


# ---------------------------------------------------------------------------
# A fresh link by e-mail address
# ---------------------------------------------------------------------------
PERSON_LIMIT, NETWORK_LIMIT = "person", "network"


def over_link_limit(address: str, email: str) -> str:
    """Count one request for fresh links: "" when allowed, else which limit it is past (PERSON_LIMIT: this person
    asked too often; NETWORK_LIMIT: only the client address's ceiling). With the cache down, allowed (as applying)."""
    client = counted_address(address)
    person = salted_hmac("status-link-rate", Candidate.normalize_email(email)).hexdigest()[:32]
    try:
        per_person = ratelimit._count(f"status-link-rate:{client}:{person}")
        per_email = ratelimit._count(f"status-link-rate-email:{person}")
        per_address = ratelimit._count(f"status-link-rate-address:{client}")
    except ratelimit.CACHE_ERRORS as error:
        ratelimit._warn_cache_down(error)
        return ""
    if per_person > LINK_REQUESTS_PER_PERSON or per_email > LINK_REQUESTS_PER_EMAIL:
        return PERSON_LIMIT
    if per_address > settings.STATUS_LINK_ADDRESS_LIMIT:
        return NETWORK_LIMIT
    return ""


def request_fresh_links(*, email: str) -> None:
    """The visitor's request: the same for every address (no query; the worker looks the address up).

    With the broker down the lookup runs here instead, so the e-mail is recorded (and sent by the scan once the
    broker is back) rather than lost; only then does the answer's timing depend on the address.
    """
    transaction.on_commit(
        lambda: enqueue("candidates.tasks.send_fresh_links", email) or send_fresh_links(email=email), robust=True
    )


@transaction.atomic
def send_fresh_links(*, email: str) -> CandidateEmail | None:
    """In the worker: if this address applied, record one e-mail listing each application's link (markers in
    the stored copy, links signed when it is sent) and send it after commit. Returns the e-mail, or None.
    """
    candidate = Candidate.objects.filter(email_normalized=Candidate.normalize_email(email)).first()
    if candidate is None:
        return None
    applications = list(candidate.applications.filter(anonymised_at__isnull=True).select_related("position")
                        .order_by("-applied_at", "-pk"))
    if not applications:
        return None
    with translation.override(candidate.language):
        lines = [
            _("- %(title)s (applied on %(date)s): %(link)s") % {
                "title": a.position.title, "link": links.marker(a.pk),
                "date": formats.date_format(timezone.localtime(a.applied_at), "DATE_FORMAT")}
            for a in applications
        ]
        subject = _("Your links to follow your applications")
        body = "\n\n".join([
            _("Dear %(name)s,") % {"name": candidate.first_name},
            _("here are the links to follow your applications with %(organization)s. Each is valid for %(days)d days.")
            % {"organization": settings.ORGANIZATION_NAME, "days": link_max_age().days},
            "\n".join(lines),
            _("If you did not ask for them, you can ignore this e-mail."),
            settings.ORGANIZATION_NAME,
        ])
    recorded = CandidateEmail.objects.create(
        application=applications[0], kind=EmailTemplate.Kind.STATUS_LINKS, key=f"status-links:{uuid.uuid4().hex}",
        to=candidate.email, language=candidate.language, subject=mail.subject_line(subject)[:200], body=body,
    )
    enqueue_on_commit("candidates.tasks.send_candidate_email", recorded.pk)
    return recorded


# ---------------------------------------------------------------------------
# Erasure: asked on the page, confirmed by e-mail, completed by HR
# ---------------------------------------------------------------------------
def erasure_token(application_pk: int, *, requested_at: datetime.datetime) -> str:
    return signing.dumps({"a": application_pk, "at": requested_at.isoformat()}, salt=ERASURE_SALT)


def erasure_path(token: str) -> str:
    return reverse("status:confirm_erasure", kwargs={"token": token})


def erasure_from_token(token: str) -> tuple[Application, datetime.datetime]:
    """The application the confirmation link came from and when the erasure was asked; LinkProblem otherwise."""
    payload = _load(token, salt=ERASURE_SALT, max_age=ERASURE_LINK_MAX_AGE)
    application, asked = None, None
    if isinstance(payload, dict) and _is_id(payload.get("a")) and isinstance(payload.get("at"), str):
        try:
            asked = datetime.datetime.fromisoformat(payload["at"])
        except ValueError:
            asked = None
        application = Application.objects.select_related("candidate", "position").filter(pk=payload["a"]).first()
    if application is None or asked is None or asked.tzinfo is None:
        raise LinkProblem("invalid")
    return application, asked


def erasure_ask(*, application: Application, now: datetime.datetime | None = None) -> CandidateEmail:
    """Record the confirmation e-mail (one per person per day: a second click sends nothing new) and send it.

    The stored copy holds no link: the confirmation link is signed when it is sent, for the time the row was
    recorded (email_links).
    """
    now = now or timezone.now()
    candidate = application.candidate
    if application.anonymised_at is not None:
        raise ValidationError(_("Your data has been erased."), code="anonymised")
    key = f"erasure:{candidate.pk}:{timezone.localdate(now).isoformat()}"
    existing = CandidateEmail.objects.filter(key=key).first()
    if existing is not None:
        return existing
    with translation.override(candidate.language):
        subject = _("Please confirm: erase your data")
        body = "\n\n".join([
            _("Dear %(name)s,") % {"name": candidate.first_name},
            _("you asked us to erase the personal data we hold about you (%(organization)s, job applications). "
              "To confirm, open this link and press the button (valid for 7 days):")
            % {"organization": settings.ORGANIZATION_NAME},
            links.PLACEHOLDER,  # signed when sent (email_links), from the time this row is recorded
            _("Once you confirm, we erase your data within one month and every application of yours is closed. "
              "If you did not ask for this, ignore this e-mail: nothing happens."),
            settings.ORGANIZATION_NAME,
        ])
    try:
        with transaction.atomic():
            email = CandidateEmail.objects.create(
                application=application, kind=EmailTemplate.Kind.ERASURE, key=key, to=candidate.email,
                language=candidate.language, subject=mail.subject_line(subject)[:200], body=body,
            )
    except IntegrityError:  # the other click of a double click
        return CandidateEmail.objects.get(key=key)
    enqueue_on_commit("candidates.tasks.send_candidate_email", email.pk)
    return email


def erasure_deadline(confirmed_at: datetime.datetime) -> datetime.datetime:
    return confirmed_at + datetime.timedelta(days=erasure_deadline_days())


def days_left(deadline: datetime.datetime, *, today: datetime.date) -> int:
    """Whole days from `today` to the deadline's day (local time): 0 on the day, negative once overdue."""
    return (timezone.localdate(deadline) - today).days


@transaction.atomic
def erasure_confirm(*, application: Application, requested_at: datetime.datetime,
                    now: datetime.datetime | None = None) -> tuple[ErasureRequest, bool]:
    """The candidate confirms: the open request (one per person), and whether this made it."""
    now = now or timezone.now()
    candidate = Candidate.objects.select_for_update().get(pk=application.candidate_id)
    if not candidate.applications.filter(anonymised_at__isnull=True).exists():
        raise ValidationError(_("Your data has been erased."), code="anonymised")
    existing = ErasureRequest.objects.filter(candidate=candidate, completed_at__isnull=True).first()
    if existing is not None:
        return existing, False
    request = ErasureRequest(candidate=candidate, requested_at=min(requested_at, now), confirmed_at=now,
                             deadline=erasure_deadline(now))
    request.full_clean()
    request.save()
    return request, True


def open_erasure_requests() -> QuerySet:
    """What HR still has to do, the nearest deadline first; `under_blind_screening`: one of the person's
    applications is masked (HR's page then leaves the request to an administrator, candidates/blind.py)."""
    masked = Application.objects.filter(candidate_id=OuterRef("candidate_id")).filter(blind.masked())
    return (
        ErasureRequest.objects.filter(completed_at__isnull=True).select_related("candidate")
        .annotate(under_blind_screening=Exists(masked)).order_by("deadline", "pk")
    )


def close_erasure_requests(*, candidate_id: int, now: datetime.datetime | None = None) -> int:
    """Within the anonymising transaction: once none of the person's applications holds data, their request is done."""
    if Application.objects.filter(candidate_id=candidate_id, anonymised_at__isnull=True).exists():
        return 0
    return ErasureRequest.objects.filter(candidate_id=candidate_id, completed_at__isnull=True).update(
        completed_at=now or timezone.now())
