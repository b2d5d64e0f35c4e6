"""The candidate's status page and its actions (public, through a signed link; the rules in candidates/status.py).

Every page answers in the candidate's language (Candidate.language) unless the visitor chose another with
the language switch; a bad link always gets a clear page (404 altered, 410 expired), never an error.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.addresses import client_address

from . import hooks, ratelimit, references, services, status
from . import resume as resume_files
from .models import Application, RejectionReason
from .reference_forms import RefereesForm

# ---------------------------------------------------------------------------
# Forms
# ---------------------------------------------------------------------------


class WithdrawForm(forms.Form):
    reason = forms.ModelChoiceField(
        label=gettext_lazy("Why are you withdrawing? (optional)"), queryset=RejectionReason.objects.none(),
        required=False, empty_label=gettext_lazy("I would rather not say"),
    )
    words = forms.CharField(
        label=gettext_lazy("Anything you would like to tell us (optional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].queryset = status.withdrawal_reasons()


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=gettext_lazy("Phone"), required=False, max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )

    def clean_phone(self):
        return status.clean_phone(self.cleaned_data.get("phone", ""))


class ResumeForm(forms.Form):
    resume = forms.FileField(
        label=gettext_lazy("New résumé"), error_messages={"required": gettext_lazy("Choose your new résumé.")},
        help_text=gettext_lazy("PDF, Word (DOCX) or OpenDocument (ODT), at most 5 MB. It replaces the one you sent."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt"}),
    )

    def clean_resume(self):
        upload = self.cleaned_data["resume"]
        if upload.size > settings.RESUME_MAX_BYTES:
            resume_files.identify(b"x" * (settings.RESUME_MAX_BYTES + 1))  # refused before reading it all
        data = upload.read()
        kind = resume_files.identify(data)  # the apply form's checks, with the same messages
        self.upload = services.ResumeUpload(name=upload.name, data=data, kind=kind)
        return upload


class LinkRequestForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("The e-mail address you applied with"), max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _private(response):
    response["Referrer-Policy"] = "same-origin"  # the address carries the candidate's key: never to other sites
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response


def _language(request, application: Application) -> str:
    """The visitor's choice on the language switch, else the language the candidate applied in."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in dict(settings.LANGUAGES) else application.candidate.language


def _problem(request, code: str):
    return _private(render(request, "candidates/status_link_problem.html",
                           {"problem": code, "form": LinkRequestForm()}, status=410 if code == "expired" else 404))


def _as_candidate(view):
    """Open the link, then run `view(request, application, token)` in the page's language."""

    def wrapped(request, token, **kwargs):
        try:
            application = status.application_from_token(token)
        except status.LinkProblem as problem:
            return _problem(request, problem.code)
        language = _language(request, application)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = view(request, application, token, **kwargs)
            response["Content-Language"] = language
        return _private(response)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _render_page(request, application, token, *, phone_form=None, resume_form=None, referees_form=None,
                 status_code=200):
    allowed = status.choices(application)
    now = timezone.now()
    interviews = []
    sections: list[str] = []
    if application.anonymised_at is None and allowed.withdraw:
        for answer in hooks.candidate_interviews(application, now=now):
            interviews += answer
        sections = [html for html in hooks.status_sections(request, application, token) if html]
    reference_request = references.request_for_candidate(application) if allowed.withdraw else None
    if reference_request is not None and referees_form is None:
        referees_form = RefereesForm(how_many=reference_request.how_many, language=application.candidate.language)
    context = {
        "application": application,
        "position": application.position,
        "candidate": application.candidate,
        "standing": status.standing(application),
        "choices": allowed,
        "interviews": interviews,
        "sections": sections,
        "reference_request": reference_request,
        "referees_form": referees_form if reference_request is not None else None,
        "token": token,
        "phone_form": phone_form or PhoneForm(initial={"phone": application.candidate.phone}),
        "resume_form": resume_form or ResumeForm(),
        "link_days": status.link_max_age().days,
    }
    return render(request, "candidates/status_page.html", context, status=status_code)


def _back(token):
    return redirect(status.page_path(token))


# ---------------------------------------------------------------------------
# The page and its actions
# ---------------------------------------------------------------------------


@never_cache
@require_GET
@_as_candidate
def status_page(request, application, token):
    """The stage in plain words, upcoming interviews, and what the candidate may do."""
    return _render_page(request, application, token)


@never_cache
@require_http_methods(["GET", "POST"])
@_as_candidate
def withdraw(request, application, token):
    """Two steps: the optional reason, then "Yes, withdraw"; a second submit changes nothing."""
    if not status.choices(application).withdraw:
        return _back(token)
    form = WithdrawForm(request.POST or None)
    confirming = False
    if request.method == "POST" and form.is_valid():
        if request.POST.get("confirm") == "yes":
            try:
                status.application_withdraw_by_candidate(
                    application=application, reason=form.cleaned_data["reason"], words=form.cleaned_data["words"])
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return _back(token)
            messages.success(request, _("You have withdrawn your application. Thank you for letting us know."))
            return _back(token)
        confirming = True
    return render(request, "candidates/status_withdraw.html", {
        "application": application, "position": application.position, "form": form, "confirming": confirming,
        "token": token,
    })


@never_cache
@require_POST
@_as_candidate
def update(request, application, token):
    """The phone number, or a new résumé, while the application is at *applied*."""
    if not status.choices(application).update:
        messages.error(request, _("Your application is already being reviewed, so it can no longer be changed here."))
        return _back(token)
    if request.POST.get("what") == "resume":
        if request.FILES.get("resume") and ratelimit.over_upload_limit(client_address(request)):
            form = ResumeForm()
            form.add_error(None, _("You have sent many résumés in a short time. Please wait %(minutes)d minutes and "
                                   "send the form again.") % {"minutes": settings.APPLY_RATE_WINDOW // 60})
            return _render_page(request, application, token, resume_form=form, status_code=429)
        form = ResumeForm(request.POST, request.FILES)
        if not form.is_valid():
            return _render_page(request, application, token, resume_form=form)
        try:
            status.application_replace_resume(application=application, upload=form.upload)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return _back(token)
        messages.success(request, _("Thank you: your new résumé replaces the one you sent."))
        return _back(token)
    form = PhoneForm(request.POST)
    if not form.is_valid():
        return _render_page(request, application, token, phone_form=form)
    try:
        changed = status.candidate_update_phone(application=application, phone=form.cleaned_data["phone"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(token)
    messages.success(request, _("Your phone number is saved.") if changed else _("Your phone number was already this one."))
    return _back(token)


@never_cache
@require_POST
@_as_candidate
def download_data(request, application, token, *, export=None):
    """Everything held about the person: the same ZIP HR's export makes (the export is passed in by the URLconf)."""
    if not status.choices(application).data or export is None:
        return _back(token)
    candidate = application.candidate
    response = HttpResponse(export(candidate=candidate, user=None), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="my-data.zip"'
    return response


@never_cache
@require_POST
@_as_candidate
def ask_erasure(request, application, token):
    """Send the e-mail whose link confirms the erasure request."""
    if not status.choices(application).erasure:
        return _back(token)
    try:
        status.erasure_ask(application=application)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(token)
    messages.success(request, _("We have sent you an e-mail. Open the link in it to confirm that we should erase "
                                "your data."))
    return _back(token)


@never_cache
@require_POST
@_as_candidate
def name_referees(request, application, token):
    """The referees HR asked for, with the candidate's consent; what was typed comes back with any problem."""
    reference_request = references.request_for_candidate(application)
    if reference_request is None or not status.choices(application).withdraw:
        if references.referees_named(application):  # a second submit of the same form
            messages.success(request, _("Thank you: we already have your referees."))
        else:
            messages.info(request, _("We are not asking you for referees at the moment."))
        return _back(token)
    form = RefereesForm(request.POST, how_many=reference_request.how_many, language=application.candidate.language)
    if not form.is_valid():
        return _render_page(request, application, token, referees_form=form, status_code=400)
    try:
        named = references.referees_name(application=application, referees=form.referees, consent=True)
    except ValidationError as error:
        form.add_error(None, error)
        return _render_page(request, application, token, referees_form=form, status_code=400)
    messages.success(request, ngettext(
        "Thank you: we have written to your referee.", "Thank you: we have written to your %(count)d referees.",
        len(named)) % {"count": len(named)})
    return _back(token)


@never_cache
@require_GET
@_as_candidate
def interview_ics(request, application, token, pk):
    """One upcoming interview as a calendar file."""
    ics = None
    if application.anonymised_at is None:
        for answer in hooks.candidate_interview_ics(application, pk, now=timezone.now()):
            ics = ics or answer
    if ics is None:
        raise Http404
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="interview-{pk}.ics"'
    return response


# ---------------------------------------------------------------------------
# The erasure confirmation (the e-mail's link)
# ---------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_erasure(request, token):
    """GET shows what confirming does (a mail scanner opening the link confirms nothing); POST confirms."""
    try:
        application, requested_at = status.erasure_from_token(token)
    except status.LinkProblem as problem:
        return _problem(request, problem.code)
    language = _language(request, application)
    with translation.override(language):
        request.LANGUAGE_CODE = language
        erased = not application.candidate.applications.filter(anonymised_at__isnull=True).exists()
        existing = application.candidate.erasure_requests.filter(completed_at__isnull=True).first()
        if request.method == "POST" and not erased and request.POST.get("confirm") == "yes":
            try:
                existing, _created = status.erasure_confirm(application=application, requested_at=requested_at)
            except ValidationError:
                erased = True
        response = render(request, "candidates/status_erasure.html", {
            "erased": erased, "erasure_request": existing, "path": request.path,
            "deadline_days": status.erasure_deadline_days(),
        })
        response["Content-Language"] = language
    return _private(response)


# ---------------------------------------------------------------------------
# A fresh link by e-mail address
# ---------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def new_link(request):
    """The same answer, and the same work, for every address: the worker looks it up and e-mails only one that applied."""
    if request.method == "GET":
        return _private(render(request, "candidates/status_new_link.html",
                               {"form": LinkRequestForm(), "sent": request.GET.get("sent") == "1"}))
    form = LinkRequestForm(request.POST)
    if not form.is_valid():
        return _private(render(request, "candidates/status_new_link.html", {"form": form, "sent": False}))
    email = form.cleaned_data["email"]
    limit = status.over_link_limit(client_address(request), email)
    if limit:
        minutes = {"minutes": settings.APPLY_RATE_WINDOW // 60}
        if limit == status.NETWORK_LIMIT:
            message = _("Many requests for links have come from your network in a short time. Please wait "
                        "%(minutes)d minutes and try again.") % minutes
        else:
            message = _("You have asked several times in a short time. Please wait %(minutes)d minutes and "
                        "try again.") % minutes
        form.add_error(None, message)
        return _private(render(request, "candidates/status_new_link.html", {"form": form, "sent": False}, status=429))
    status.request_fresh_links(email=email)
    return redirect(reverse("status:new_link") + "?sent=1")
