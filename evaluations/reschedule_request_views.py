"""The candidate asks for another time for an upcoming interview (status link). Rules in reschedule_requests."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from candidates import status
from candidates.status_views import _as_candidate

from . import reschedule_requests
from .models import Interview


class AnotherTimeForm(forms.Form):
    # Blank and length are the service's rules (reschedule_requests.clean_note), with its messages.
    note = forms.CharField(
        label=gettext_lazy("Which days and times would suit you?"), required=False, strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@never_cache
@require_http_methods(["GET", "POST"])
@_as_candidate
def candidate_reschedule_request(request, application, token, pk):
    """GET: the form (or "you already asked"); POST: record the request once and go back to the status page."""
    now = timezone.now()
    interview = Interview.objects.filter(pk=pk, application=application).first()
    if interview is None:
        raise Http404
    form = AnotherTimeForm(request.POST if request.method == "POST" else None)  # an empty POST is a blank note
    if not reschedule_requests.may_ask(application):
        return _refused(request, token, _("This application can no longer be changed here."))
    if problem := reschedule_requests.refusal(interview, now=now):
        return _refused(request, token, problem.message)
    if request.method == "POST" and form.is_valid():
        done = _submit(request, application, interview, token, form, now)
        if done is not None:
            return done
    context = {
        "application": application, "position": application.position, "interview": interview, "token": token,
        "form": form, "asked": reschedule_requests.already_asked(interview),
        "note_max_length": reschedule_requests.NOTE_MAX_LENGTH,
    }
    with timezone.override(settings.TIME_ZONE):  # the candidate's times are the organisation's
        return render(request, "evaluations/reschedule_request.html", context)


def _submit(request, application, interview, token, form, now):
    """Record the request: the redirect to the status page, or None with the note's problem added to the form."""
    try:
        result = reschedule_requests.interview_ask_another_time(
            application=application, interview_id=interview.pk, note=form.cleaned_data["note"], now=now)
    except Interview.DoesNotExist:
        raise Http404 from None
    except reschedule_requests.RescheduleRefused as refused:
        return _refused(request, token, refused.message)
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return None
    if result.created:
        messages.success(request, _("Thank you: we have your request and will get back to you. Until then "
                                    "the interview stays as planned."))
    else:
        messages.info(request, _("You already asked; we will get back to you."))
    return redirect(status.page_path(token))


def _refused(request, token, message: str):
    messages.error(request, message)
    return redirect(status.page_path(token))
