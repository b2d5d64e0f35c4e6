"""Applying (public) and the hiring pipeline (HR): board, table, candidate page and actions."""

import uuid
from typing import NamedTuple
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.addresses import client_address
from core.paging import CappedPaginator
from core.spreadsheets import csv_response
from positions import selectors as position_selectors
from positions.models import Position, Skill
from positions.public_cache import cached_public_page

from . import blind, hooks, ratelimit, references, selectors, services, stages
from . import resume as resume_files
from .forms import ApplicationFilterForm, ApplicationForm, BulkActionForm, MoveForm, NoteForm, RejectForm
from .models import ACTIVE_STAGES, Application, EmailTemplate, RejectionReason, ResumeAccess, Source, Stage

# ---------------------------------------------------------------------------
# Public: applying
# ---------------------------------------------------------------------------
APPLIED_COOKIE = "applied"  # the address the confirmation went to, for the thank-you page
APPLIED_COOKIE_AGE = 600


def _public_position(slug, selector=position_selectors.public_position):
    try:
        return selector(slug)
    except Position.DoesNotExist:
        raise Http404 from None


@require_http_methods(["GET", "POST"])
@cached_public_page  # the empty form, for anonymous visitors (a POST is never cached)
def apply(request, slug):
    position = _public_position(slug, position_selectors.apply_position)
    if not position.accepts_applications:
        return render(request, "candidates/apply_closed.html", {"position": position})
    if request.method == "GET":
        source = request.GET.get("source", "")
        form = ApplicationForm(
            position,
            initial={
                "submission_token": uuid.uuid4(),
                "source": source if source in Source.values else Source.JOB_BOARD,
            },
        )
        return _render_apply(request, position, form)

    address = client_address(request)
    if request.FILES.get("resume") and ratelimit.over_upload_limit(address):
        # Too many files from this client: none is opened; what was typed comes back with the message.
        form = ApplicationForm(position, request.POST, client_address=address)
        form.is_valid()
        return _refuse_for_now(request, position, form, _(
            "You have sent many résumés in a short time. Please wait %(minutes)d minutes and send the form again."
        ))
    form = ApplicationForm(position, request.POST, request.FILES, client_address=address)
    if request.POST.get("website"):
        # A bot filled the hidden field: answer as if all went well, keep nothing.
        return render(request, "candidates/apply_thanks.html", {"position": position, "email": ""})
    if not form.is_valid():
        form.keep_resume_for_next_try()
        return _render_apply(request, position, form)
    # Only complete submissions count: correcting a form a few times is not spam. Counted per address and
    # e-mail together, under a per-address ceiling, so people sharing a company or university network
    # are not turned away by each other (candidates/ratelimit.py).
    if ratelimit.over_limit(address, form.cleaned_data["email"]):  # never raises: with the cache down it is off
        form.keep_resume_for_next_try()
        if ratelimit.network_is_busy(address):
            return _refuse_for_now(request, position, form, _(
                "Many applications have been sent from your network in a short time. Please wait %(minutes)d "
                "minutes and send the form again."
            ))
        return _refuse_for_now(request, position, form, _(
            "You have sent several applications in a short time. Please wait %(minutes)d minutes and send the form again."
        ))
    try:
        application, _created = services.application_submit(
            position=position,
            data=form.application_data(),
            resume=form.resume_upload,
            language=(get_language() or "it")[:2],
            token=form.cleaned_data["submission_token"],
        )
    except services.AlreadyApplied:
        form.discard_stash()
        return redirect("jobs:already_applied", slug=position.slug)
    except ValidationError as error:
        form.keep_resume_for_next_try()
        form.add_error(None, error)
        return _render_apply(request, position, form)
    form.discard_stash()
    # The thank-you page says where the confirmation went: a short-lived signed cookie for that page only, not a
    # session (an anonymous applicant would leave a session row behind, and each apply would write one).
    response = redirect("jobs:applied", slug=position.slug)
    response.set_signed_cookie(
        APPLIED_COOKIE, application.candidate.email, salt=APPLIED_COOKIE, max_age=APPLIED_COOKIE_AGE,
        path=response["Location"], secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax",
    )
    return response


def _refuse_for_now(request, position, form, message: str):
    """A rate limit's answer: 429, the form as typed, and how long to wait (the limits' window)."""
    form.add_error(None, message % {"minutes": settings.APPLY_RATE_WINDOW // 60})
    return _render_apply(request, position, form, status=429)


def _render_apply(request, position, form, status=200):
    return render(request, "candidates/apply_form.html", {"position": position, "form": form}, status=status)


@require_GET
def applied(request, slug):
    position = _public_position(slug)
    email = request.get_signed_cookie(APPLIED_COOKIE, default="", salt=APPLIED_COOKIE, max_age=APPLIED_COOKIE_AGE)
    response = render(request, "candidates/apply_thanks.html", {"position": position, "email": email})
    if APPLIED_COOKIE in request.COOKIES:  # shown once
        response.delete_cookie(APPLIED_COOKIE, path=request.path, samesite="Lax")
    return response


@require_GET
def already_applied(request, slug):
    return render(request, "candidates/apply_duplicate.html", {"position": _public_position(slug)})


@require_GET
def privacy_notice(request):
    return render(request, "candidates/privacy_notice.html", {"version": settings.PRIVACY_NOTICE_VERSION})


# ---------------------------------------------------------------------------
# Staff: the pipeline
# ---------------------------------------------------------------------------


def _hr_position(request, pk) -> Position:
    if not request.user.has_perm("candidates.view_application"):
        raise Http404
    return get_object_or_404(Position, pk=pk)


def _hr_application(request, pk) -> Application:
    """For actions only HR may take; to others the application does not exist."""
    if not request.user.has_perm("candidates.change_application"):
        raise Http404
    return _visible_application(request, pk)


def _visible_application(request, pk) -> Application:
    try:
        return selectors.visible_applications(request.user).select_related("candidate", "position").get(pk=pk)
    except Application.DoesNotExist:
        raise Http404 from None


def _list_context(request, position=None):
    skills = Skill.objects.filter(position_skills__position=position) if position else Skill.objects.all()
    form = ApplicationFilterForm(request.GET or None, skills=skills.order_by("name")[:300])
    filters = form.filters()
    return form, filters, selectors.application_list(request.user, position=position, filters=filters)


class BoardColumn(NamedTuple):
    stage: str
    label: str
    accepts_drops: bool  # a card dropped here is moved (see candidates/stages.py)
    count: int
    applications: list
    more_url: str  # "show more" on this board, or "" when the column shows all it has or its most
    table_url: str  # every application of the column, in the table


def _board_state(request) -> QueryDict:
    """The board's own address parameters (search and each column's length), for its links and moves."""
    state = QueryDict(mutable=True)
    if q := request.GET.get("q", "").strip()[:100]:
        state["q"] = q
    for stage in Stage.values:
        limit = selectors.board_limit(request.GET.get(f"n_{stage}"))
        if limit != selectors.BOARD_CARDS:  # the default length stays out of the address
            state[f"n_{stage}"] = str(limit)
    return state


def _board_context(request, position) -> dict:
    state = _board_state(request)
    q = state.get("q", "")
    board_url, table_url = (reverse(name, kwargs={"pk": position.pk}) for name in ("candidates:board", "candidates:table"))
    columns = []
    for column in selectors.board_columns(
        request.user, position, q=q, limits={stage: state.get(f"n_{stage}") for stage in Stage.values}
    ):
        shown = len(column.applications)
        more = ""
        if column.count > shown and shown < selectors.BOARD_MAX_CARDS:
            wider = state.copy()
            wider[f"n_{column.stage}"] = str(selectors.board_limit(shown + selectors.BOARD_CARDS))
            more = f"{board_url}?{wider.urlencode()}"
        table = urlencode({"stage": column.stage, **({"q": q} if q else {})})
        columns.append(BoardColumn(column.stage, column.label, stages.accepts_drops(column.stage), column.count,
                                   column.applications, more, f"{table_url}?{table}"))
    query = state.urlencode()
    return {"position": position, "columns": columns, "move_form": MoveForm(), "q": q,
            "board_query": query, "board_here": f"{board_url}?{query}" if query else board_url}


@require_GET
@login_required
def board(request, pk):
    return render(request, "candidates/board.html", _board_context(request, _hr_position(request, pk)))


@require_GET
@login_required
def application_table(request, pk=None):
    position = _hr_position(request, pk) if pk else None
    if pk is None and not request.user.has_perm("candidates.view_application"):
        raise Http404
    form, filters, applications = _list_context(request, position)
    if request.GET.get("export") == "csv":
        return _csv_response(applications, position)
    page = CappedPaginator(applications, 25).get_page(request.GET.get("page"))
    page.object_list = blind.mark(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "candidates/application_table.html",
        {
            "position": position,
            "filter_form": form,
            "page_obj": page,
            "applications": page.object_list,
            "querystring": query.urlencode(),
            "list_query": urlencode({k: v for k, v in request.GET.items() if k != "page"}),
            **bulk_actions_context(request, position),
        },
    )


def _csv_response(applications, position):
    name = f"applications-{position.slug if position else 'all'}-{timezone.localdate():%Y%m%d}.csv"
    response, writer = csv_response(name)
    writer.writerow(
        [_("First name"), _("Last name"), _("E-mail"), _("Phone"), _("Town"), _("Position"), _("Stage"),
         _("Meets requirements"), _("Highest education"), _("Years in a similar role"), _("Source"), _("Applied")]
    )
    for a in blind.marked(applications.iterator(chunk_size=500)):
        masked = a.is_blind
        writer.writerow([
            "" if masked else a.candidate.first_name, a.display_name if masked else a.candidate.last_name,
            "" if masked else a.candidate.email, "" if masked else a.candidate.phone, "" if masked else a.candidate.town,
            a.position.title, a.get_stage_display(), _("yes") if a.meets_requirements else _("no"),
            a.get_education_level_display(), a.years_experience, a.get_source_display(),
            timezone.localtime(a.applied_at).strftime("%Y-%m-%d %H:%M"),
        ])
    return response


BULK_KEPT_SESSION_KEY = "bulk_kept"


def bulk_actions_context(request, position) -> dict:
    """What candidates/partials/bulk_actions.html shows: the stages, the reasons, and a refused action's choices."""
    return {
        "bulk_may_change": request.user.has_perm("candidates.change_application"),
        "bulk_stages": [(s.value, s.label) for s in ACTIVE_STAGES],
        "reasons": RejectionReason.objects.filter(active=True, kind=RejectionReason.Kind.WE_REJECTED),
        "bulk": _kept_bulk_choices(request, position),
    }


def _kept_bulk_choices(request, position) -> dict:
    """What a refused bulk action had chosen, for this position's table only, then forgotten."""
    kept = request.session.pop(BULK_KEPT_SESSION_KEY, None)  # marks the session changed only when it was there
    if not isinstance(kept, dict) or position is None or kept.get("position") != position.pk:
        return {}
    return kept


@require_POST
@login_required
def bulk_action(request, pk):
    position = _hr_position(request, pk)
    ids = list(selectors.application_list(request.user, position=position).values_list("pk", flat=True))
    form = BulkActionForm(
        request.POST, application_ids=ids, may_change=request.user.has_perm("candidates.change_application")
    )
    # Back to the list the form was on (the table, or the ranking: evaluations' page), with its filters.
    page = "evaluations:ranking" if request.POST.get("return_to") == "ranking" else "candidates:table"
    key = "position_pk" if page == "evaluations:ranking" else "pk"
    back = reverse(page, kwargs={key: position.pk}) + "?" + request.POST.get("list_query", "")
    if not form.is_valid():
        problems = format_html_join("", "<li>{}</li>", ((e,) for errors in form.errors.values() for e in errors))
        messages.error(request, format_html("{}<ul class=\"mb-0\">{}</ul>", _("Nothing was changed:"), problems))
        # The table shows the action, stage, reason and ticks again, once (see _kept_bulk_choices).
        request.session[BULK_KEPT_SESSION_KEY] = {"position": position.pk, **form.kept_choices()}
        return redirect(back)
    selected = selectors.application_list(request.user, position=position).filter(pk__in=form.cleaned_data["applications"])
    action = form.cleaned_data["action"]
    if action == "export":
        return _csv_response(selected, position)
    moved, refused = 0, []
    for application in blind.mark(selected):
        try:
            if action == "move":
                change = services.application_move(
                    application=application, to_stage=form.cleaned_data["to_stage"], user=request.user
                )
            else:
                change = services.application_reject(
                    application=application, reason=form.cleaned_data["reason"], user=request.user
                )
            moved += change is not None
        except ValidationError as error:
            refused.append(f"{application.display_name}: {' '.join(error.messages)}")
    messages.success(
        request, ngettext("%(count)d application updated.", "%(count)d applications updated.", moved) % {"count": moved}
    )
    if refused:
        messages.warning(
            request, format_html("{}<ul class=\"mb-0\">{}</ul>", _("Not changed:"), format_html_join("", "<li>{}</li>", ((r,) for r in refused)))
        )
    return redirect(back)


@require_GET
@login_required
def application_detail(request, pk):
    try:
        application = selectors.application_detail(request.user, pk)
    except Application.DoesNotExist:
        raise Http404 from None
    # Previous/next follow the list HR came from (its filters and sort), or the position's newest-first list.
    list_query = request.GET.get("list", "")
    _filters, siblings = _filters_for(request, QueryDict(list_query), application.position)
    previous, following, index, total = selectors.neighbours(siblings, application.pk)
    return render(
        request,
        "candidates/application_detail.html",
        {
            "application": application,
            "candidate": application.candidate,
            "screening": services.application_screening(application),
            "timeline": selectors.timeline(application, user=request.user),
            "other_applications": selectors.other_applications(request.user, application),
            # Masked: no way from here to the person's data-protection page (see candidates/blind.py).
            "privacy_url": blind.privacy_page_url(application.candidate_id)
            if request.user.has_perm("candidates.change_candidate") and not application.is_blind else None,
            "move_form": MoveForm(),
            "actions": application.actions,
            "note_form": NoteForm(),
            # Later apps' sections of the side column (evaluations: interviews and scorecards), already rendered.
            "sections": [html for html in hooks.application_sections(request, application) if html],
            # Referees' contact details and answers: HR only (candidates/references.py).
            "references": references.panel(application) if request.user.has_perm("candidates.change_application") else None,
            "list_query": list_query,
            "previous": previous,
            "following": following,
            "index": index,
            "total": total,
        },
    )


def _filters_for(request, query, position):
    form = ApplicationFilterForm(query, skills=Skill.objects.filter(position_skills__position=position))
    filters = form.filters()
    return filters, selectors.application_list(request.user, position=position, filters=filters)


@require_POST
@login_required
def move(request, pk):
    application = _hr_application(request, pk)
    form = MoveForm(request.POST)
    if form.is_valid() and stages.is_hire(application.stage, form.cleaned_data["to_stage"]):
        # Hiring is confirmed on its own page, from the board as from the candidate's page.
        target = reverse("candidates:confirm_hire", kwargs={"pk": application.pk})
        # What was typed comes along, in the session rather than the address (no notes in logs or history).
        request.session[f"hire-note-{application.pk}"] = form.cleaned_data["note"]
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)
    if form.is_valid():
        try:
            change = services.application_move(
                application=application, to_stage=form.cleaned_data["to_stage"], user=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if change is not None:
                messages.success(
                    request,
                    _("%(name)s moved to %(stage)s.")
                    % {"name": application.display_name, "stage": Stage(change.to_stage).label},
                )
    else:
        messages.error(request, _("Choose a stage to move to."))
    if request.headers.get("HX-Request"):
        context = {**_board_context(request, application.position), "show_messages": True}
        return render(request, "candidates/partials/board_columns.html", context)
    return redirect(_safe_next(request, application))


@require_http_methods(["GET", "POST"])
@login_required
def confirm_hire(request, pk):
    """Hiring is the one move that is confirmed; it can be undone later, with a reason, from the same page."""
    application = _hr_application(request, pk)
    note = request.session.pop(f"hire-note-{application.pk}", "")
    form = MoveForm(request.POST or None, initial={"to_stage": Stage.HIRED, "note": note})
    if request.method == "POST" and form.is_valid():
        try:
            services.application_move(
                application=application, to_stage=Stage.HIRED, user=request.user,
                note=form.cleaned_data["note"], confirm_hire=True,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s is recorded as hired.") % {"name": application.display_name})
        return redirect(application)
    return render(request, "candidates/confirm_hire.html", {"application": application, "form": form})


def _safe_next(request, application):
    target = request.POST.get("next", "")
    if target.startswith("/staff/") and not target.startswith("//"):
        return target
    return application.get_absolute_url()


@require_http_methods(["GET", "POST"])
@login_required
def reject(request, pk):
    application = _hr_application(request, pk)
    if request.method == "POST":
        form = RejectForm(request.POST)
        if form.is_valid():
            try:
                services.application_reject(
                    application=application,
                    reason=form.cleaned_data["reason"],
                    user=request.user,
                    note=form.cleaned_data["note"],
                    send_email=form.cleaned_data["send_email"],
                    # Previewed without the name while masked: the person still gets it with their name.
                    email_subject=blind.fill_in_name(form.cleaned_data["email_subject"], application),
                    email_body=blind.fill_in_name(form.cleaned_data["email_body"], application),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The decision on %(name)s was recorded.") % {"name": application.display_name})
                return redirect(application)
    else:
        subject, body = services.render_email(EmailTemplate.Kind.REJECTION, blind.preview_stand_in(application))
        form = RejectForm(initial={"email_subject": subject, "email_body": body})
    withdrawals = RejectionReason.objects.filter(kind=RejectionReason.Kind.THEY_WITHDREW).values_list("pk", flat=True)
    return render(
        request, "candidates/reject.html",
        {"application": application, "form": form, "withdrawal_reasons": list(withdrawals)},
    )


@require_POST
@login_required
def add_note(request, pk):
    application = _hr_application(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_add(application=application, author=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Note added."))
    else:
        messages.error(request, _("The note was empty; nothing was added."))
    return redirect(application.get_absolute_url() + "#notes")


@require_GET
@login_required
@xframe_options_sameorigin  # shown inline on the candidate page
def resume(request, pk):
    """The résumé, only to users who may see the application; inline for PDFs, else a download."""
    application = _visible_application(request, pk)
    if application.is_blind:
        raise Http404  # blind screening: the file would reveal who the person is
    try:
        handle = application.resume.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    inline = application.resume_is_pdf and request.GET.get("download") != "1"
    ResumeAccess.objects.create(
        application=application, user=request.user,
        action=ResumeAccess.Action.VIEW if inline else ResumeAccess.Action.DOWNLOAD,
    )
    # The type comes from what the file was checked to be, never from the name the candidate gave it.
    kind = resume_files.kind_from_name(application.resume.name) or resume_files.PDF
    filename = application.resume_name or _("resume")
    if not filename.lower().endswith("." + resume_files.EXTENSIONS[kind]):
        filename = f"{filename}.{resume_files.EXTENSIONS[kind]}"
    response = FileResponse(
        handle, as_attachment=not inline, filename=filename, content_type=resume_files.CONTENT_TYPES[kind]
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
