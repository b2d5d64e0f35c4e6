"""Offers: the panel on the candidate page, HR's draft, the hiring manager's approval, sending (staff), and the
candidate's answer through the signed link (public). The rules are in candidates/offers.py."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import offers, selectors
from .models import Application, Offer

# ---------------------------------------------------------------------------
# Forms
# ---------------------------------------------------------------------------


class OfferForm(forms.Form):
    pay = forms.DecimalField(
        label=gettext_lazy("Gross annual pay (EUR)"), max_digits=10, decimal_places=2, min_value=1,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    contract_type = forms.ChoiceField(label=gettext_lazy("Contract type"), choices=Offer.ContractType.choices)
    start_date = forms.DateField(label=gettext_lazy("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(
        label=gettext_lazy("End date"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Required for a fixed-term contract."),
    )
    weekly_hours = forms.DecimalField(
        label=gettext_lazy("Weekly hours"), max_digits=3, decimal_places=1, min_value=1, max_value=48, initial=40,
        help_text=gettext_lazy("40 is full time; fewer hours make it part-time."),
        widget=forms.NumberInput(attrs={"step": "0.5"}),
    )
    notes = forms.CharField(
        label=gettext_lazy("Internal notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("For HR and the hiring manager; never shown to the candidate."),
    )

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        if start < timezone.localdate():
            raise ValidationError(_("The start date is in the past."), code="past_start")
        return start

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end <= start:
            self.add_error("end_date", ValidationError(_("The end date must be after the start date."), code="end_before_start"))
        if data.get("contract_type") == Offer.ContractType.FIXED_TERM and not end and "end_date" not in self.errors:
            self.add_error("end_date", ValidationError(_("A fixed-term contract needs an end date."), code="end_date_required"))
        return data

    def terms(self) -> offers.Terms:
        data = self.cleaned_data
        return offers.Terms(pay=data["pay"], start_date=data["start_date"], contract_type=data["contract_type"],
                            weekly_hours=data["weekly_hours"], end_date=data["end_date"], notes=data["notes"])


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label=gettext_lazy("Why are you declining?"), choices=Offer.DeclineReason.choices,
                               widget=forms.RadioSelect)
    details = forms.CharField(label=gettext_lazy("Anything you would like to tell us (optional)"), required=False,
                              max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


STEP_ACTIONS = ("request", "approve", "send_back", "reopen", "withdraw")

# ---------------------------------------------------------------------------
# Staff
# ---------------------------------------------------------------------------


def offer_panel(request, application) -> str:
    """The Offer section of the candidate page, for HR and the position's hiring manager (never interviewers)."""
    user = request.user
    if not offers.may_see(user, application):
        return ""
    history = list(application.offers.select_related("application__position").order_by("-created_at", "-pk"))
    current = next((offer for offer in history if offer.is_current), None)
    context = {
        "application": application,
        "offer": current,
        "terms": _terms(current) if current else None,
        "earlier": [offer for offer in history if offer is not current],
        "may_draft": offers.is_hr(user) and current is None and application.stage == "offer"
        and application.anonymised_at is None,
    }
    return render_to_string("candidates/offer_panel.html", context, request=request)


def _terms(offer: Offer) -> dict:
    flag = offers.offer_pay_flag(offer)
    return {
        "pay": offers.format_pay(offer.pay),
        "flag": flag,
        "flag_text": offers.PAY_FLAGS[flag],
        "flagged": offers.is_flagged(flag),
        "contract": offers.format_contract(offer),
        "start_date": offer.start_date,
        "hours": offers.format_hours(offer.weekly_hours),
    }


def _range_text(position) -> str:
    if not position.has_pay_range:
        return _("The position posts no pay range.")
    return _("Posted range: %(min)s–%(max)s %(currency)s %(period)s") % {
        "min": formats.number_format(position.pay_min, 0, force_grouping=True),
        "max": formats.number_format(position.pay_max, 0, force_grouping=True),
        "currency": position.pay_currency, "period": position.get_pay_period_display(),
    }


def _hr_application(request, pk) -> Application:
    if not offers.is_hr(request.user):
        raise Http404
    try:
        return selectors.visible_applications(request.user).select_related("candidate", "position").get(pk=pk)
    except Application.DoesNotExist:
        raise Http404 from None


def _offer_for(request, pk) -> Offer:
    """The offer for HR and the position's hiring manager; to anyone else it does not exist."""
    offer = Offer.objects.select_related("application__candidate", "application__position__hiring_manager").filter(
        pk=pk).first()
    if offer is None or not offers.may_see(request.user, offer.application):
        raise Http404
    return offer


@require_http_methods(["GET", "POST"])
@login_required
def offer_draft(request, pk):
    """HR drafts the application's offer, or revises its draft."""
    application = _hr_application(request, pk)
    current = offers.current_offer(application)
    if current is not None and current.status != Offer.Status.DRAFT:
        messages.info(request, _("This offer has left the draft: take it back to draft to change the terms."))
        return redirect(current)
    if request.method == "POST":
        form = OfferForm(request.POST)
        if form.is_valid():
            try:
                offer = offers.offer_save_draft(application=application, user=request.user, terms=form.terms())
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The offer draft was saved."))
                return redirect(offer)
    elif current is not None:
        form = OfferForm(initial={name: getattr(current, name) for name in OfferForm.base_fields})
    else:
        form = OfferForm()
    return render(request, "candidates/offer_form.html", {
        "application": application, "form": form, "offer": current, "range_text": _range_text(application.position),
        "not_at_offer_stage": application.stage != "offer",
    })


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_GET
@login_required
def offer_detail(request, pk):
    offer = _offer_for(request, pk)
    user = request.user
    hr, manager = offers.is_hr(user), offers.is_hiring_manager(user, offer.application)
    status = offer.status
    return render(request, "candidates/offer_detail.html", {
        "offer": offer,
        "application": offer.application,
        "terms": _terms(offer),
        "range_text": _range_text(offer.application.position),
        "steps": offer.steps.select_related("by"),
        "may_edit": hr and status == Offer.Status.DRAFT,
        "may_request": hr and status == Offer.Status.DRAFT,
        "may_approve": manager and status == Offer.Status.AWAITING_APPROVAL,
        "may_reopen": hr and status in (Offer.Status.AWAITING_APPROVAL, Offer.Status.APPROVED),
        "may_send": hr and status == Offer.Status.APPROVED,
        "may_withdraw": hr and offers.may_move(status, Offer.Status.WITHDRAWN),
        "self_approval": manager and hr,
        "no_hiring_manager": offer.application.position.hiring_manager_id is None,
        "decline_reason": offer.get_decline_reason_display(),
    })


@require_POST
@login_required
def offer_step(request, pk):
    """One step by staff: ask for approval, approve, send back, back to draft, withdraw."""
    offer = _offer_for(request, pk)
    action = request.POST.get("action", "")
    comment = request.POST.get("comment", "")[:2000]
    user = request.user
    hr = offers.is_hr(user)
    steps = {
        "request": (hr, offers.offer_request_approval, _("The hiring manager was asked to approve the offer.")),
        "approve": (True, offers.offer_approve, _("The offer is approved: HR can send it.")),
        "send_back": (True, offers.offer_send_back, _("The offer went back to HR with your comment.")),
        "reopen": (hr, offers.offer_reopen, _("The offer is a draft again: it will need approving again.")),
        "withdraw": (hr, offers.offer_withdraw, _("The offer was withdrawn.")),
    }
    if action not in steps:
        messages.error(request, _("Choose what to do with the offer."))
        return redirect(offer)
    allowed, service, done = steps[action]
    if not allowed:
        raise Http404
    try:
        service(offer=offer, user=user, comment=comment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(offer)


@require_http_methods(["GET", "POST"])
@login_required
def offer_send(request, pk):
    """HR reads the letter in the candidate's language, then sends it (once)."""
    offer = _offer_for(request, pk)
    if not offers.is_hr(request.user):
        raise Http404
    if request.method == "POST":
        try:
            offers.offer_send(offer=offer, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(offer)
        messages.success(request, _("The offer was sent to %(email)s.") % {"email": offer.application.candidate.email})
        return redirect(offer.application)
    language = offer.application.candidate.language
    subject, body = offers.render_email(
        offer, language=language, link=_("(the personal link is made when you send)"), sent_on=timezone.localdate()
    )
    return render(request, "candidates/offer_send.html", {
        "offer": offer, "application": offer.application, "subject": subject, "body": body,
        "language": dict(settings.LANGUAGES).get(language, language), "may_send": offer.status == Offer.Status.APPROVED,
    })


@require_GET
@login_required
def offer_letter(request, pk):
    """The letter's PDF: as sent, or as it would be sent today."""
    offer = _offer_for(request, pk)
    response = HttpResponse(offers.preview_pdf(offer), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="offer-{offer.pk}.pdf"'
    return response


# ---------------------------------------------------------------------------
# Public: the candidate's answer
# ---------------------------------------------------------------------------


def _private(response):
    response["Referrer-Policy"] = "same-origin"  # the address carries the candidate's key: never to other sites
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def offer_response(request, token):
    """The offer in the candidate's language, with Accept (confirmed) and Decline (with a reason)."""
    try:
        offer = offers.offer_from_token(token)
    except offers.LinkProblem as problem:
        status = 410 if problem.code == "expired" else 404
        return _private(render(request, "candidates/offer_link_problem.html", {"problem": problem.code},
                                   status=status))
    language = offer.application.candidate.language
    with translation.override(language):
        request.LANGUAGE_CODE = language
        response = _respond(request, offer, token)
        response["Content-Language"] = language
    return _private(response)


def _respond(request, offer: Offer, token: str):
    answer = request.POST.get("answer") if request.method == "POST" else request.GET.get("answer")
    form = None
    if request.method == "POST" and offer.status == Offer.Status.SENT:
        form = DeclineForm(request.POST) if answer == "decline" else None
        try:
            if answer == "accept" and request.POST.get("confirm") == "yes":
                offers.offer_accept(offer=offer)
                return redirect(offers.response_path(token))
            if form is not None and form.is_valid():
                offers.offer_decline(offer=offer, reason=form.cleaned_data["reason"], details=form.cleaned_data["details"])
                return redirect(offers.response_path(token))
        except ValidationError:
            offer.refresh_from_db()
    elif request.method == "POST":
        # A second click, or a form left open after answering: the answer already recorded stands.
        return redirect(offers.response_path(token))
    if answer == "decline" and form is None:
        form = DeclineForm()
    application = offer.application
    return render(request, "candidates/offer_response.html", {
        "offer": offer,
        "position": application.position,
        "candidate": application.candidate,
        "terms": {key: value for key, value in _terms(offer).items() if not key.startswith("flag")},  # internal
        "step": answer if answer in ("accept", "decline") and offer.status == Offer.Status.SENT else "",
        "form": form,
        "open": offer.status == Offer.Status.SENT and application.stage == "offer",
        "respond_by": offer.sent_at + offers.LINK_MAX_AGE if offer.sent_at else None,
        "path": reverse("offer_response", kwargs={"token": token}),
    })
