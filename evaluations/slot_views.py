"""Self-scheduling pages: HR offers times (candidate page), the candidate picks one (status link). Rules in slots."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from candidates import status
from candidates.status_views import _as_candidate

from . import scheduling, slots
from .forms import _PersonChoiceField
from .models import Interview, Slot, SlotOffer
from .views import _hr_application

START_FIELDS = [f"start_{n}" for n in range(1, slots.MAX_SLOTS + 2)]  # one more than allowed: the rule says so


class SlotOfferForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of interview"), choices=Interview.Kind.choices)
    duration_minutes = forms.IntegerField(
        label=gettext_lazy("Duration (minutes)"), min_value=10, max_value=480, initial=45
    )
    location = forms.CharField(
        label=gettext_lazy("Place or video link"), max_length=300,
        help_text=gettext_lazy("An address and room, or the link to the video call."),
    )
    interviewers = _PersonChoiceField(
        label=gettext_lazy("Interviewers"), queryset=None, widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Chosen from the position's interview panel."),
    )

    def __init__(self, *args, position, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interviewers"].queryset = position.panel.filter(is_active=True).order_by("first_name", "username")
        for number, name in enumerate(START_FIELDS, start=1):
            self.fields[name] = forms.DateTimeField(
                label=_("Time %(number)d") % {"number": number}, required=False,
                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
            )

    def starts(self) -> list:
        return [self.cleaned_data[name] for name in START_FIELDS if self.cleaned_data.get(name)]


def _offer_errors(form: SlotOfferForm, error: ValidationError) -> None:
    """The service's reasons by field; those about the times (and the whole offer) above the form."""
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@require_http_methods(["GET", "POST"])
@login_required
def offer_new(request, application_pk):
    """HR offers 2–6 times for the candidate to choose from."""
    application = _hr_application(request, application_pk)
    if refusal := scheduling.application_refusal(application):
        messages.error(request, refusal)
        return redirect(application)
    form = SlotOfferForm(request.POST or None, position=application.position)
    if request.method == "POST" and "suggest" in request.POST:
        form = _with_suggestions(form, application)
    elif request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in START_FIELDS}
        try:
            slots.slot_offer_create(application=application, starts=form.starts(), user=request.user, **data)
        except ValidationError as error:
            _offer_errors(form, error)
        else:
            messages.success(request, _("Times offered. The candidate gets an e-mail to choose one."))
            return redirect(application)
    return render(request, "evaluations/slot_offer_form.html", {"form": form, "application": application,
                                                               "start_fields": [form[name] for name in START_FIELDS],
                                                               "tz": timezone.get_current_timezone_name()})


def _with_suggestions(form: SlotOfferForm, application) -> SlotOfferForm:
    """The same form, its times replaced by the panel's first free ones (nothing else typed is lost)."""
    if not form.is_valid() and any(name in form.errors for name in ("interviewers", "duration_minutes")):
        return form
    found = slots.suggest_free_times(interviewers=form.cleaned_data["interviewers"],
                                     duration_minutes=form.cleaned_data["duration_minutes"])
    data = form.data.copy()
    for name in START_FIELDS:
        data[name] = ""
    for name, starts_at in zip(START_FIELDS, found, strict=False):
        data[name] = timezone.localtime(starts_at).strftime("%Y-%m-%dT%H:%M")
    suggested = SlotOfferForm(data, position=application.position)
    suggested.is_valid()
    suggested._errors = {}  # a suggestion is not a refusal: no field is marked wrong
    return suggested


@require_POST
@login_required
def offer_withdraw(request, pk):
    """HR takes back the times not yet chosen."""
    offer = SlotOffer.objects.filter(pk=pk).first()
    if offer is None:
        raise Http404
    application = _hr_application(request, offer.application_id)
    offer = slots.slot_offer_withdraw(offer=offer, user=request.user)
    if offer.status == SlotOffer.Status.WITHDRAWN:
        messages.success(request, _("The offered times were withdrawn."))
    return redirect(application)


# ---------------------------------------------------------------------------
# The candidate (status link)
# ---------------------------------------------------------------------------
class OtherTimesForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Which days and times would suit you?"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Tell us which days and times would suit you.")},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@_as_candidate
def candidate_slots(request, application, token, pk):
    """The free times of an open offer; choosing one asks to confirm; or the candidate asks for other times."""
    now = timezone.now()
    if application.anonymised_at is not None:
        raise Http404
    offer = SlotOffer.objects.filter(pk=pk, application=application).first()
    if offer is None:
        raise Http404
    slots.expire_offers(application=application, now=now)
    offer.refresh_from_db()
    other_form, problem, chosen = OtherTimesForm(), "", None
    if request.method == "POST":
        done, other_form, problem, chosen = _act(request, application, offer, token, now)
        if done is not None:
            return done
        offer.refresh_from_db()
    # A closed application (rejected, withdrawn, hired) keeps no times open: the service would refuse them.
    is_open = offer.status == SlotOffer.Status.OPEN and status.choices(application).withdraw
    free = slots.free_slots(offer, now=now) if is_open else []
    if chosen is not None and chosen not in free:
        problem, chosen = _("This time is no longer free. Please choose another one."), None
    context = {
        "application": application, "position": application.position, "offer": offer, "token": token,
        "free": free, "chosen": chosen, "problem": problem, "other_form": other_form,
        "is_open": is_open, "tz": settings.TIME_ZONE,
    }
    with timezone.override(settings.TIME_ZONE):  # the candidate's times are the organisation's
        return render(request, "evaluations/slot_pick.html", context, status=409 if problem else 200)


def _act(request, application, offer, token, now):
    """The POST: (redirect when done, the other-times form, the refusal, the time to confirm)."""
    action, other_form = request.POST.get("action", ""), OtherTimesForm()
    if action == "other":
        other_form = OtherTimesForm(request.POST)
        if other_form.is_valid():
            slots.slot_ask_other_times(application=application, offer_id=offer.pk, note=other_form.cleaned_data["note"])
            messages.success(request, _("Thank you: we will get back to you with other times."))
            return redirect("status:slots", token=token, pk=offer.pk), other_form, "", None
        return None, other_form, "", None
    if action not in ("choose", "confirm"):
        return None, other_form, "", None
    slot = _slot(offer, request.POST.get("slot"))
    if action == "choose":
        return None, other_form, "", slot
    try:
        slots.slot_pick(application=application, offer_id=offer.pk, slot_id=slot.pk, now=now)
    except slots.SlotRefused as refused:
        return None, other_form, refused.message, None
    messages.success(request, _("Your interview is booked. We have sent you an invitation by e-mail."))
    return redirect(status.page_path(token)), other_form, "", None


def _slot(offer: SlotOffer, value) -> Slot:
    """One of this offer's times, or 404 (a tampered id)."""
    try:
        return Slot.objects.get(pk=int(value), offer=offer)
    except (TypeError, ValueError, OverflowError, Slot.DoesNotExist):
        raise Http404 from None
