"""Structured references: HR's actions on the candidate page, and the referee's public page (candidates/references.py).

Only HR sees referees (their contact details and answers) and acts on them: to anyone else these pages do not
exist (404). The referee's page opens with the signed link only, in the language the candidate chose for
them; a bad link gets a clear page (404 altered, 410 expired or replaced), never an error.
"""

from __future__ import annotations

import contextlib
import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from core.addresses import client_address

from . import references, selectors
from .models import Application, Referee
from .reference_forms import AnswerForm, AskForm, DeclineForm, ReasonForm


def _is_hr(user) -> bool:
    return user.has_perm("candidates.change_application")


def _hr_application(request, pk) -> Application:
    if not _is_hr(request.user):
        raise Http404
    try:
        return selectors.visible_applications(request.user).select_related("candidate", "position").get(pk=pk)
    except Application.DoesNotExist:
        raise Http404 from None


def _hr_referee(request, pk) -> Referee:
    if not _is_hr(request.user):
        raise Http404
    return get_object_or_404(Referee.objects.select_related("application"), pk=pk)


def _back(application_id: int):
    return redirect(Application(pk=application_id).get_absolute_url() + "#references")


def _errors(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@require_POST
@login_required
def ask(request, pk):
    """Ask the candidate, through their status page, for 1–3 referees."""
    application = _hr_application(request, pk)
    form = AskForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ask for one, two or three referees."))
        return _back(application.pk)
    try:
        references.reference_ask(application=application, user=request.user, how_many=form.cleaned_data["how_many"])
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The candidate has been asked to name their referees."))
    return _back(application.pk)


def _act(request, referee, action, done: str):
    """Run one of HR's actions on a referee; its refusal, or `done`, as a message; back to the candidate page."""
    try:
        action(referee=referee, user=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, done)
    return _back(referee.application_id)


@require_POST
@login_required
def send_again(request, pk):
    referee = _hr_referee(request, pk)
    return _act(request, referee, references.referee_send_again,
                _("A new link was sent to %(email)s; the earlier one no longer works.") % {"email": referee.email})


@require_POST
@login_required
def cancel(request, pk):
    referee = _hr_referee(request, pk)
    return _act(request, referee, references.referee_cancel,
                _("The reference is cancelled: no more e-mails go to %(name)s.") % {"name": referee.name})


@require_POST
@login_required
def exclude(request, pk):
    referee = _hr_referee(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why this reference is left out."))
        return _back(referee.application_id)
    return _act(request, referee, functools.partial(references.reference_exclude, reason=form.cleaned_data["reason"]),
                _("This reference no longer counts in the score."))


@require_POST
@login_required
def include(request, pk):
    referee = _hr_referee(request, pk)
    return _act(request, referee, references.reference_include, _("This reference counts in the score again."))


# ---------------------------------------------------------------------------
# The referee's page (public, through the signed link)
# ---------------------------------------------------------------------------
def _private(response):
    response["Referrer-Policy"] = "same-origin"  # the address is the key: never to other sites
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response


def _in_language(request, language: str, render_page):
    with translation.override(language):
        request.LANGUAGE_CODE = language
        response = render_page()
        response["Content-Language"] = language
    return _private(response)


@never_cache
@require_http_methods(["GET", "POST"])
def reference_page(request, token):
    """The form (GET), the answer or the decline (POST); once answered, a thank-you whatever is sent."""
    try:
        referee = references.referee_from_token(token)
    except references.LinkProblem as problem:
        language = problem.referee.language if problem.referee else (translation.get_language() or "it")[:2]
        code = problem.code
        return _in_language(request, language, lambda: render(
            request, "candidates/reference_problem.html", {"problem": code}, status=404 if code == "invalid" else 410))
    # The language the candidate chose for them, unless they chose another with the language switch.
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    language = chosen if chosen in dict(settings.LANGUAGES) else referee.language
    return _in_language(request, language, lambda: _referee_page(request, referee))


def _first_name(referee: Referee) -> str:
    # The e-mail names the person in full; the page, which a forwarded or leaked link opens, only by first name.
    return referee.application.candidate.first_name


def _done(request, referee, *, status=200):
    return render(request, "candidates/reference_done.html", {
        "referee": referee, "candidate_name": _first_name(referee)}, status=status)


def _referee_page(request, referee: Referee):
    if referee.answered_at or referee.declined_at or references.is_closed_for_answers(referee):
        return _done(request, referee)
    competencies = references.competencies_for(referee)
    answer_form = AnswerForm(competencies=competencies, initial={"started": references.form_started_token()})
    decline_form = DeclineForm(initial={"started": answer_form.initial["started"]})
    status = 200
    if request.method == "GET":
        references.reference_opened(referee=referee)
    elif request.POST.get("action") == "decline":
        decline_form = DeclineForm(request.POST)
        if decline_form.is_valid():
            return _submit(request, referee, lambda: references.reference_decline(
                referee=referee, reason=decline_form.cleaned_data["reason"], address=client_address(request),
                started=decline_form.cleaned_data["started"]))
        status = 400
    else:
        answer_form = AnswerForm(request.POST, competencies=competencies)
        if answer_form.is_valid():
            return _submit(request, referee, lambda: references.reference_answer(
                referee=referee, answer=answer_form.answer(), address=client_address(request),
                started=answer_form.cleaned_data["started"]))
        status = 400
    return render(request, "candidates/reference_form.html", {
        "referee": referee, "candidate_name": _first_name(referee),
        "position": referee.application.position, "form": answer_form, "decline_form": decline_form,
    }, status=status)


def _submit(request, referee, record):
    with contextlib.suppress(ValidationError):  # closed meanwhile (cancelled, application closed): the page says so
        record()
    referee.refresh_from_db()
    return _done(request, referee)
