"""Offers: the terms at the offer stage, their approval, the letter, and the candidate's answer.

- Steps (``TRANSITIONS``): draft → awaiting approval → approved → sent → accepted / declined;
  withdrawn from any step before an answer. The hiring manager may send an offer awaiting approval
  back to draft with a comment; HR may take an offer awaiting approval or approved back to draft to
  revise it, so every change of terms is approved again. Accepted, declined and withdrawn are final.
- One current offer per application (a database constraint): a draft is revised in place; a sent
  offer is kept as it went out, and a new one may be drafted once it is declined or withdrawn.
- HR drafts, asks for approval, sends and withdraws. Only the position's hiring manager approves or
  sends back. An HR manager who is also the hiring manager may approve their own draft: approval is
  the hiring manager's agreement to the terms, not a second pair of eyes; the step records who did it.
- Only an approved offer is sent, and only while the application is at the offer stage. The letter
  (e-mail and PDF, in the candidate's language) is recorded once, with the key ``offer:<id>``, and
  delivered at most once by candidates.emails.
- The candidate answers through a signed link valid ``LINK_MAX_AGE`` (14 days) after sending. The link
  is signed when the e-mail goes out (candidates.emails.message_for), never stored: the recorded e-mail
  shows candidates.links.PLACEHOLDER and the recorded PDF only says to use the link in the e-mail. The
  letter's "respond by" date is LINK_MAX_AGE after the offer was sent, so a link signed at delivery (or
  again at an admin's "Send again") is valid at least until then. An
  acceptance moves the application to hired through the pipeline service (a StageChange with a
  note); a decline records the reason and leaves the application at the offer stage for HR. A second
  answer changes nothing.
- The pay is gross annual EUR; it is compared with the position's range when that range is posted in
  EUR per year (exactly the minimum or the maximum is within it).
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import mail
from core.dates import date_with_article
from core.models import profile_for
from core.tasking import enqueue_on_commit

from . import links, notifications, reference_data, services, stages
from .models import Application, CandidateEmail, EmailTemplate, Offer, OfferStep

Status = Offer.Status

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.AWAITING_APPROVAL, Status.WITHDRAWN}),
    Status.AWAITING_APPROVAL: frozenset({Status.APPROVED, Status.DRAFT, Status.WITHDRAWN}),
    Status.APPROVED: frozenset({Status.SENT, Status.DRAFT, Status.WITHDRAWN}),
    Status.SENT: frozenset({Status.ACCEPTED, Status.DECLINED, Status.WITHDRAWN}),
    Status.ACCEPTED: frozenset(),
    Status.DECLINED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}

LINK_SALT = "candidates.offer-link"
LINK_MAX_AGE = datetime.timedelta(days=14)


def may_move(current: str, to: str) -> bool:
    """Whether an offer may go from status `current` to status `to` (who may do it is checked besides)."""
    return to in TRANSITIONS.get(current, frozenset())


# ---------------------------------------------------------------------------
# The pay against the posted range
# ---------------------------------------------------------------------------
WITHIN, BELOW, ABOVE, NO_RANGE, OTHER_BASIS = "within", "below", "above", "no_range", "other_basis"

PAY_FLAGS = {
    WITHIN: gettext_lazy("Within the posted range"),
    BELOW: gettext_lazy("Below the posted range"),
    ABOVE: gettext_lazy("Above the posted range"),
    NO_RANGE: gettext_lazy("The position posts no pay range"),
    OTHER_BASIS: gettext_lazy("The posted range is not in euros per year: not compared"),
}


def pay_flag(pay: Decimal, *, pay_min: Decimal | None, pay_max: Decimal | None, currency: str, period: str) -> str:
    """Where a gross annual EUR offer stands against a posted range; the bounds themselves are within."""
    if pay_min is None or pay_max is None:
        return NO_RANGE
    if currency != "EUR" or period != "YEAR":
        return OTHER_BASIS
    if pay < pay_min:
        return BELOW
    if pay > pay_max:
        return ABOVE
    return WITHIN


def offer_pay_flag(offer: Offer) -> str:
    position = offer.application.position
    return pay_flag(offer.pay, pay_min=position.pay_min, pay_max=position.pay_max,
                    currency=position.pay_currency, period=position.pay_period)


def is_flagged(flag: str) -> bool:
    return flag in (BELOW, ABOVE)


# ---------------------------------------------------------------------------
# Who may do what
# ---------------------------------------------------------------------------
def is_hr(user) -> bool:
    return user.is_authenticated and user.has_perm("candidates.change_application")


def is_hiring_manager(user, application: Application) -> bool:
    return user.is_authenticated and user.is_active and application.position.hiring_manager_id == user.pk


def may_see(user, application: Application) -> bool:
    """HR and the position's hiring manager see offers; nobody else (interviewers never see pay)."""
    return is_hr(user) or is_hiring_manager(user, application)


def awaiting_approval(user, *, limit: int = 20) -> list[Offer]:
    """The offers waiting for `user`'s approval as hiring manager, the longest-waiting first (the dashboard)."""
    return list(
        Offer.objects.filter(status=Status.AWAITING_APPROVAL, application__position__hiring_manager=user,
                             application__anonymised_at__isnull=True)
        # When approval was asked (the last such step), not the last edit of the offer's notes.
        .annotate(asked_at=Max("steps__at", filter=Q(steps__to_status=Status.AWAITING_APPROVAL)))
        .select_related("application__candidate", "application__position")
        .order_by("asked_at", "pk")[:limit]
    )


def current_offer(application: Application) -> Offer | None:
    return application.offers.exclude(status__in=Offer.CLOSED).first()


# ---------------------------------------------------------------------------
# Writes by staff
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Terms:
    pay: Decimal
    start_date: datetime.date
    contract_type: str
    weekly_hours: Decimal
    end_date: datetime.date | None = None
    notes: str = ""


def _check_terms(terms: Terms) -> None:
    if terms.contract_type == Offer.ContractType.FIXED_TERM and terms.end_date is None:
        raise ValidationError({"end_date": _("A fixed-term contract needs an end date.")}, code="end_date_required")


@transaction.atomic
def offer_save_draft(*, application: Application, user, terms: Terms) -> Offer:
    """Create the application's offer, or revise its draft; refused once the offer has left the draft."""
    application = Application.objects.select_for_update().select_related("position").get(pk=application.pk)
    _check_application(application)
    _check_terms(terms)
    offer = current_offer(application)
    created = offer is None
    if offer is None:
        offer = Offer(application=application, created_by=user)
    elif offer.status != Status.DRAFT:
        raise ValidationError(
            _("This offer is %(status)s: take it back to draft or withdraw it before changing the terms.")
            % {"status": offer.get_status_display().lower()},
            code="not_draft",
        )
    offer.pay, offer.start_date, offer.end_date = terms.pay, terms.start_date, terms.end_date
    offer.contract_type, offer.weekly_hours, offer.notes = terms.contract_type, terms.weekly_hours, terms.notes.strip()
    offer.full_clean()
    offer.save()
    if created:
        OfferStep.objects.create(offer=offer, from_status="", to_status=Status.DRAFT, by=user)
    return offer


def _check_application(application: Application) -> None:
    if application.anonymised_at is not None:
        raise ValidationError(_("This application has been anonymised: it can no longer change."), code="anonymised")
    if application.stage != stages.OFFER:
        raise ValidationError(_("Offers are made at the offer stage: move the application there first."),
                              code="not_offer_stage")


def _locked(offer: Offer) -> Offer:
    return Offer.objects.select_for_update(of=("self",)).select_related(
        "application__candidate", "application__position"
    ).get(pk=offer.pk)


def _step(offer: Offer, to: str, *, by, comment: str = "", fields: tuple[str, ...] = ()) -> None:
    if not may_move(offer.status, to):
        raise ValidationError(
            _("An offer that is %(current)s cannot become %(new)s.")
            % {"current": offer.get_status_display().lower(), "new": Status(to).label.lower()},
            code="bad_step",
        )
    OfferStep.objects.create(offer=offer, from_status=offer.status, to_status=to, by=by, comment=comment.strip())
    offer.status = to
    offer.save(update_fields=["status", "updated_at", *fields])


@transaction.atomic
def offer_request_approval(*, offer: Offer, user, comment: str = "") -> Offer:
    """HR asks the position's hiring manager to approve the terms."""
    offer = _locked(offer)
    if offer.status == Status.AWAITING_APPROVAL:
        return offer  # a double click
    _check_application(offer.application)
    if offer.application.position.hiring_manager_id is None:
        raise ValidationError(_("The position has no hiring manager to approve the offer: name one on the position."),
                              code="no_hiring_manager")
    _step(offer, Status.AWAITING_APPROVAL, by=user, comment=comment)
    _ask_hiring_manager(offer, by=user, comment=comment.strip())
    return offer


def _ask_hiring_manager(offer: Offer, *, by, comment: str) -> None:
    """E-mail the hiring manager the terms to approve (in their language), once per request; not when they
    asked themselves, nor when they have left or have no address."""
    manager = offer.application.position.hiring_manager
    if manager is None or manager.pk == by.pk or not manager.is_active or not manager.email:
        return
    application = offer.application
    requests = OfferStep.objects.filter(offer=offer, to_status=Status.AWAITING_APPROVAL).count()
    with translation.override(profile_for(manager).language):
        subject = _("Offer to approve: %(name)s for %(title)s") % {
            "name": application.display_name, "title": application.position.title}
        body = "\n\n".join(part for part in [
            _("Dear %(name)s,") % {"name": manager.first_name or manager.get_username()},
            _("%(by)s asks you to approve the offer to %(name)s for %(title)s: %(contract)s, from %(start)s, "
              "%(pay)s gross a year, %(hours)s.") % {
                "by": by.get_full_name() or by.get_username(), "name": application.display_name,
                "title": application.position.title, "contract": format_contract(offer),
                "start": date_with_article(offer.start_date, "DATE_FORMAT", "da"),  # "dall'8 marzo 2027"
                "pay": format_pay(offer.pay),
                "hours": format_hours(offer.weekly_hours)},
            _("Pay: %(flag)s.") % {"flag": str(PAY_FLAGS[offer_pay_flag(offer)]).lower()},
            comment,
            _("Approve it, or send it back saying what to change: %(link)s")
            % {"link": settings.SITE_URL + offer.get_absolute_url()},
            settings.ORGANIZATION_NAME,
        ] if part)
    notifications.record_once(f"offer-approval:{offer.pk}:{requests}:{manager.pk}", user=manager, subject=subject,
                              body=body, payload={"offer": offer.pk})


@transaction.atomic
def offer_approve(*, offer: Offer, user, comment: str = "") -> Offer:
    """The hiring manager approves the terms (an HR manager who is the hiring manager may approve their own)."""
    offer = _locked(offer)
    if not is_hiring_manager(user, offer.application):
        raise ValidationError(_("Only the position's hiring manager approves its offers."), code="not_hiring_manager")
    if offer.status == Status.APPROVED:
        return offer
    _step(offer, Status.APPROVED, by=user, comment=comment)
    return offer


@transaction.atomic
def offer_send_back(*, offer: Offer, user, comment: str) -> Offer:
    """The hiring manager returns the offer to HR's draft, saying what to change."""
    offer = _locked(offer)
    if not is_hiring_manager(user, offer.application):
        raise ValidationError(_("Only the position's hiring manager approves its offers."), code="not_hiring_manager")
    if not comment.strip():
        raise ValidationError(_("Say what should change."), code="comment_required")
    if offer.status != Status.AWAITING_APPROVAL:
        raise ValidationError(_("Only an offer awaiting approval can be sent back."), code="bad_step")
    _step(offer, Status.DRAFT, by=user, comment=comment)
    return offer


@transaction.atomic
def offer_reopen(*, offer: Offer, user, comment: str = "") -> Offer:
    """HR takes an offer awaiting approval, or approved, back to draft to revise it (it is approved again)."""
    offer = _locked(offer)
    if offer.status == Status.DRAFT:
        return offer
    if offer.status not in (Status.AWAITING_APPROVAL, Status.APPROVED):
        raise ValidationError(_("Only an offer not yet sent can go back to draft."), code="bad_step")
    _step(offer, Status.DRAFT, by=user, comment=comment)
    return offer


@transaction.atomic
def offer_withdraw(*, offer: Offer, user, comment: str = "") -> Offer:
    """HR withdraws the offer before the candidate answers; the link then says so."""
    offer = _locked(offer)
    if offer.status == Status.WITHDRAWN:
        return offer
    _step(offer, Status.WITHDRAWN, by=user, comment=comment)
    return offer


@transaction.atomic
def offer_send(*, offer: Offer, user, now: datetime.datetime | None = None) -> Offer:
    """Record the offer letter (e-mail and PDF, in the candidate's language) and send it once, after commit."""
    now = now or timezone.now()
    offer = _locked(offer)
    if offer.status == Status.SENT:
        return offer  # a double click: the letter is recorded once
    if offer.status != Status.APPROVED:
        raise ValidationError(_("Only an approved offer can be sent."), code="not_approved")
    _check_application(offer.application)
    candidate = offer.application.candidate
    language = candidate.language
    # The link is signed when the e-mail is built for sending (email_link): HR reads this copy.
    subject, body = render_email(offer, language=language, link=links.PLACEHOLDER, sent_on=timezone.localdate(now))
    email = CandidateEmail.objects.create(
        application=offer.application,
        kind=EmailTemplate.Kind.OFFER,
        key=f"offer:{offer.pk}",
        to=candidate.email,
        language=language,
        subject=subject[:200],
        body=body,
        created_by=user,
    )
    offer.letter_pdf = letter_pdf(offer, language=language, sent_on=timezone.localdate(now))
    offer.email, offer.sent_at = email, now
    _step(offer, Status.SENT, by=user, fields=("letter_pdf", "email", "sent_at"))
    enqueue_on_commit("candidates.tasks.send_candidate_email", email.pk)
    return offer


# ---------------------------------------------------------------------------
# The candidate's answer, through the signed link
# ---------------------------------------------------------------------------
class LinkProblem(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code  # "expired" or "invalid"


def make_token(offer_pk: int) -> str:
    return signing.dumps(offer_pk, salt=LINK_SALT)


def response_path(token: str) -> str:
    return reverse("offer_response", kwargs={"token": token})


def offer_from_token(token: str) -> Offer:
    """The offer a link points at; LinkProblem("expired") after LINK_MAX_AGE, LinkProblem("invalid") if altered."""
    try:
        pk = signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise LinkProblem("expired") from None
    except signing.BadSignature:
        raise LinkProblem("invalid") from None
    offer = None
    if isinstance(pk, int) and not isinstance(pk, bool):
        offer = Offer.objects.select_related("application__candidate", "application__position").filter(pk=pk).first()
    if offer is None or offer.application.anonymised_at is not None:
        raise LinkProblem("invalid")
    return offer


def _candidate_note() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Offer accepted by the candidate through the offer link.")


def _check_open(offer: Offer) -> None:
    """A candidate answers only a sent offer of an application still at the offer stage and not erased."""
    application = offer.application
    if offer.status != Status.SENT or application.stage != stages.OFFER or application.anonymised_at is not None:
        raise ValidationError(_("This offer is no longer open."), code="not_open")


@transaction.atomic
def offer_accept(*, offer: Offer, now: datetime.datetime | None = None) -> bool:
    """The candidate accepts: the application moves to hired. False when it was accepted already (a second click)."""
    offer = _locked(offer)
    if offer.status == Status.ACCEPTED:
        return False
    application = offer.application
    _check_open(offer)
    offer.responded_at = now or timezone.now()
    _step(offer, Status.ACCEPTED, by=None, fields=("responded_at",))
    services.application_move(
        application=application, to_stage=stages.HIRED, user=None, note=_candidate_note(), confirm_hire=True
    )
    return True


@transaction.atomic
def offer_decline(*, offer: Offer, reason: str, details: str = "", now: datetime.datetime | None = None) -> bool:
    """The candidate declines, saying why; the application stays at the offer stage for HR. False if answered already."""
    offer = _locked(offer)
    if offer.status == Status.DECLINED:
        return False
    _check_open(offer)
    if reason not in Offer.DeclineReason.values:
        raise ValidationError(_("Choose a reason."), code="reason_required")
    offer.decline_reason, offer.decline_details = reason, details.strip()[:2000]
    offer.responded_at = now or timezone.now()
    _step(offer, Status.DECLINED, by=None, fields=("decline_reason", "decline_details", "responded_at"))
    return True


# ---------------------------------------------------------------------------
# The letter: e-mail text and PDF
# ---------------------------------------------------------------------------
# Used when the editable template is missing (the data migration creates it; HR edits it in the admin).
DEFAULT_TEMPLATES = {
    language: (subject, body) for kind, language, subject, body in reference_data.EMAIL_TEMPLATES if kind == "offer"
}


class _Blank(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def format_pay(pay: Decimal) -> str:
    """In the active language: "€ 28.500,00" in Italian, "€28,500.00" in English."""
    amount = formats.number_format(pay, 2, force_grouping=True)
    return f"€ {amount}" if (translation.get_language() or "").startswith("it") else f"€{amount}"


def format_hours(hours: Decimal) -> str:
    number = formats.number_format(hours, 0 if hours == hours.to_integral_value() else 1)
    if hours >= 40:
        return _("%(hours)s hours (full time)") % {"hours": number}
    return _("%(hours)s hours (part-time)") % {"hours": number}


def format_contract(offer: Offer) -> str:
    label = str(offer.get_contract_type_display())
    if offer.end_date is not None:
        return _("%(contract)s, until %(date)s") % {"contract": label, "date": format_date(offer.end_date)}
    return label


def format_date(day: datetime.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def letter_values(offer: Offer, *, link: str, sent_on: datetime.date) -> dict[str, str]:
    """The placeholders of the offer template, in the active language (documented on EmailTemplate.body)."""
    application = offer.application
    return _Blank(
        candidate_name=application.candidate.first_name,
        position_title=application.position.title,
        organization=settings.ORGANIZATION_NAME,
        pay=format_pay(offer.pay),
        start_date=format_date(offer.start_date),
        end_date=format_date(offer.end_date) if offer.end_date else "—",
        contract_type=format_contract(offer),
        weekly_hours=format_hours(offer.weekly_hours),
        offer_link=link,
        respond_by=format_date(sent_on + LINK_MAX_AGE),
    )


def render_email(offer: Offer, *, language: str, link: str, sent_on: datetime.date) -> tuple[str, str]:
    """Subject and body of the offer e-mail from the editable template, in `language`; plain text."""
    template = EmailTemplate.objects.filter(kind=EmailTemplate.Kind.OFFER, language=language).first()
    subject, body = (template.subject, template.body) if template else DEFAULT_TEMPLATES.get(language, DEFAULT_TEMPLATES["en"])
    with translation.override(language):
        values = letter_values(offer, link=link, sent_on=sent_on)
    try:
        return mail.subject_line(subject.format_map(values)), body.format_map(values)
    except (ValueError, IndexError, KeyError, AttributeError):
        # A stray brace in an edited template: the default text, rather than no letter at all.
        subject, body = DEFAULT_TEMPLATES.get(language, DEFAULT_TEMPLATES["en"])
        return mail.subject_line(subject.format_map(values)), body.format_map(values)


def _pdf_text(text: str) -> str:
    """Text the PDF's built-in font can show (Windows-1252): accents kept, other letters without their marks."""
    out = []
    for char in str(text):
        try:
            char.encode("cp1252")
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char).encode("cp1252", "ignore").decode("cp1252")
            char = base or "?"
        out.append(char)
    return "".join(out)


def letter_pdf(offer: Offer, *, language: str, sent_on: datetime.date) -> bytes:
    """The offer letter as a one-page PDF in `language` (fpdf2, built-in Helvetica).

    It points to the link in the e-mail without printing it: HR downloads this copy (see the module's notes).
    """
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    application = offer.application
    with translation.override(language):
        values = letter_values(offer, link=links.PLACEHOLDER, sent_on=sent_on)
        terms = [
            (_("Position"), values["position_title"]),
            (_("Contract"), values["contract_type"]),
            (_("Start date"), values["start_date"]),
            (_("Weekly hours"), values["weekly_hours"]),
            (_("Gross annual pay"), values["pay"]),
        ]
        title = _("Offer of employment")
        greeting = _("Dear %(name)s,") % {"name": application.candidate.full_name}
        opening = _("we are pleased to offer you the position of %(title)s at %(organization)s on these terms:") % {
            "title": values["position_title"], "organization": values["organization"]}
        answer = _("To accept or decline, open the link in our e-mail (valid until %(date)s).") % {
            "date": values["respond_by"]}
        closing = _("Kind regards,\nThe recruiting team at %(organization)s") % {"organization": values["organization"]}
        dated = format_date(sent_on)

    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "windows-1252"  # for the euro sign
    pdf.set_title(_pdf_text(title))
    pdf.set_author(_pdf_text(settings.ORGANIZATION_NAME))
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    pdf.multi_cell(0, 7, _pdf_text(settings.ORGANIZATION_NAME), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 6, _pdf_text(dated), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 9, _pdf_text(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.set_font("Helvetica", "", 11)
    for paragraph in (greeting, opening):
        pdf.multi_cell(0, 6, _pdf_text(paragraph), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
    for label, value in terms:
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(55, 7, _pdf_text(label))
        pdf.set_font("Helvetica", "", 11)
        pdf.multi_cell(0, 7, _pdf_text(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.multi_cell(0, 6, _pdf_text(answer), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, _pdf_text(closing), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def preview_pdf(offer: Offer) -> bytes:
    """The letter as sent, or as it would be sent today (neither prints the link: it is only in the e-mail)."""
    if offer.letter_pdf:
        return bytes(offer.letter_pdf)
    language = offer.application.candidate.language
    return letter_pdf(offer, language=language, sent_on=timezone.localdate())


# ---------------------------------------------------------------------------
# Delivery and data protection (called by candidates.emails and the anonymisation signal)
# ---------------------------------------------------------------------------
def email_link(email: CandidateEmail) -> str | None:
    """The answer link of the offer an e-mail carries, signed now (valid LINK_MAX_AGE from now); None if none."""
    offer_pk = Offer.objects.filter(email=email).values_list("pk", flat=True).first()
    if offer_pk is None:
        return None
    return settings.SITE_URL + response_path(make_token(offer_pk))


def email_attachments(email: CandidateEmail) -> list[tuple[str, bytes, str]]:
    """The letter sent with an offer e-mail, exactly as recorded when it was sent."""
    offer = Offer.objects.filter(email=email).only("pk", "letter_pdf").first()
    if offer is None or not offer.letter_pdf:
        return []
    return [(f"offer-{offer.pk}.pdf", bytes(offer.letter_pdf), "application/pdf")]


def email_obsolete(email: CandidateEmail) -> str:
    """An offer withdrawn before its e-mail went out is not sent."""
    if Offer.objects.filter(email=email, status=Status.WITHDRAWN).exists():
        return "offer withdrawn"
    return ""


def scrub(application_id: int) -> None:
    """Within the anonymising transaction: internal notes, the candidate's words, comments and letters go."""
    offers = Offer.objects.filter(application_id=application_id)
    offers.update(notes="", decline_details="", letter_pdf=b"")
    OfferStep.objects.filter(offer__in=offers).update(comment="")
