"""Interviews (HR schedules), scorecards (interviewers fill), 'My interviews', and the ranking."""


from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from candidates import blind
from candidates import selectors as candidate_selectors
from candidates.models import Application, Stage
from candidates.views import bulk_actions_context
from core.paging import CappedPaginator
from core.spreadsheets import csv_response
from positions.models import Position

from . import ranking_list, scheduling, score_history, scorecards, scoring, selectors
from .forms import InterviewForm, RankingFilterForm, ScorecardForm
from .models import Interview, Scorecard, ScoreChange

HISTORY_SHOWN = 20  # the latest changes of one score on its "why" page


def _hr_application(request, pk) -> Application:
    if not request.user.has_perm("evaluations.add_interview"):
        raise Http404
    try:
        return candidate_selectors.visible_applications(request.user).select_related("candidate", "position").get(pk=pk)
    except Application.DoesNotExist:
        raise Http404 from None


def _visible_interview(request, pk) -> Interview:
    try:
        return selectors.visible_interviews(request.user).get(pk=pk)
    except Interview.DoesNotExist:
        raise Http404 from None


def _apply_form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(None if field == "__all__" or field not in form.fields else field, errors)
    else:
        form.add_error(None, error)


@require_http_methods(["GET", "POST"])
@login_required
def schedule(request, application_pk):
    application = _hr_application(request, application_pk)
    if refusal := scheduling.application_refusal(application):
        # Closed, hired, anonymised or blind: the service would refuse it, so the form is never shown.
        messages.error(request, refusal)
        return redirect(application)
    form = InterviewForm(request.POST or None, position=application.position)
    if request.method == "POST" and form.is_valid():
        try:
            interview = scheduling.interview_schedule(application=application, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_form_errors(form, error)
        else:
            if interview.logged:
                messages.success(request, _("Interview logged. Nobody was e-mailed; the scorecards can be filled in now."))
            else:
                messages.success(request, _("Interview scheduled. Invitations are on their way."))
            return redirect(interview)
    return render(request, "evaluations/interview_form.html", {"form": form, "application": application, "interview": None})


@require_http_methods(["GET", "POST"])
@login_required
def reschedule(request, pk):
    if not request.user.has_perm("evaluations.change_interview"):
        raise Http404
    interview = _visible_interview(request, pk)
    application = interview.application
    initial = {
        "kind": interview.kind, "starts_at": interview.starts_at, "duration_minutes": interview.duration_minutes,
        "location": interview.location, "interviewers": list(interview.interviewers.all()),
    }
    form = InterviewForm(request.POST or None, initial=initial, position=application.position, interview=interview)
    if request.method == "POST" and form.is_valid():
        try:
            scheduling.interview_reschedule(interview=interview, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_form_errors(form, error)
        else:
            if interview.logged:
                messages.success(request, _("Logged interview corrected. Nobody was e-mailed."))
            else:
                messages.success(request, _("Interview updated. Everyone gets an updated invitation."))
            return redirect(interview)
    return render(request, "evaluations/interview_form.html", {"form": form, "application": application, "interview": interview})


@require_POST
@login_required
def cancel(request, pk):
    if not request.user.has_perm("evaluations.change_interview"):
        raise Http404
    interview = _visible_interview(request, pk)
    scheduling.interview_cancel(interview=interview, user=request.user)
    if interview.logged:
        messages.success(request, _("Logged interview cancelled. Nobody was e-mailed; its ratings no longer count."))
    else:
        messages.success(request, _("Interview cancelled. Everyone gets a cancellation."))
    return redirect(interview)


@require_GET
@login_required
def interview_detail(request, pk):
    interview = _visible_interview(request, pk)
    return render(
        request,
        "evaluations/interview_detail.html",
        {
            "interview": interview,
            "scorecards": interview.scorecards.select_related("interviewer"),
            "may_open_application": candidate_selectors.may_open(request.user, interview.application),
            "reminders": interview.reminders.order_by("-created_at")[:50]
            if request.user.has_perm("evaluations.view_reminder") else [],
        },
    )


@require_GET
@login_required
def my_interviews(request):
    return render(request, "evaluations/my_interviews.html", selectors.interviews_for(request.user))


def _scorecard_context(request, scorecard, form):
    application = scorecard.interview.application
    guide = selectors.criterion_guide(application.position)
    return {
        "scorecard": scorecard,
        "interview": scorecard.interview,
        "application": application,
        "form": form,
        "guide": guide,
        "missing": scorecards.missing_criteria(scorecard, {k: v["label"] for k, v in guide.items()})
        if not scorecard.is_submitted else [],
        "changes": scorecard.changes.select_related("changed_by") if scorecard.is_submitted else [],
        "may_see_others": selectors.may_see_others(request.user, application),
        "may_open_application": candidate_selectors.may_open(request.user, application),
        "duties": application.position.duties.all(),
        "interview_started": scorecard.interview.starts_at <= timezone.now(),
        "cancelled_refusal": scorecards.CANCELLED_REFUSAL,
    }


@require_http_methods(["GET", "POST"])
@login_required
def scorecard(request, pk):
    try:
        card = selectors.own_scorecard(request.user, pk)
    except Scorecard.DoesNotExist:
        raise Http404 from None
    guide = selectors.criterion_guide(card.interview.application.position)
    labels = {key: value["label"] for key, value in guide.items()}
    form = ScorecardForm(
        request.POST or None, ratings=card.ratings.all(), labels=labels,
        initial={"recommendation": card.recommendation, "takeaways": card.takeaways},
    )
    if request.method == "POST" and request.POST.get("action") == "autosave":
        return _autosave(request, card, form, labels)
    if request.method == "POST":
        if card.interview.is_cancelled:
            return _back_to_scorecard(request, card, scorecards.CANCELLED_REFUSAL)
        response = _save_scorecard(request, card, form, labels) if form.is_valid() else None
        if response is not None:
            return response
        card = selectors.own_scorecard(request.user, pk)
    return render(request, "evaluations/scorecard_form.html", _scorecard_context(request, card, form))


def _save_scorecard(request, card, form, labels):
    """Save, and submit when asked; the response, or None to show the form again with the error."""
    try:
        card = scorecards.scorecard_save(
            scorecard=card, scores=form.scores(), notes=form.notes(),
            recommendation=form.cleaned_data["recommendation"], takeaways=form.cleaned_data["takeaways"],
            user=request.user,
        )
        if request.POST.get("action") == "submit":
            card = scorecards.scorecard_submit(scorecard=card, user=request.user, labels=labels)
            messages.success(request, _("Scorecard submitted. You can now see your colleagues' scorecards."))
            return redirect(card)
    except ValidationError as error:
        if getattr(error, "code", None) == "cancelled":
            # Cancelled while the form was open: say so on the page, keep what was there.
            return _back_to_scorecard(request, card, error.messages[0])
        form.add_error(None, error)
        return None
    if request.headers.get("HX-Request"):
        context = {"scorecard": card, "missing": scorecards.missing_criteria(card, labels)}
        return HttpResponse(render_to_string("evaluations/partials/saved.html", context, request))
    messages.success(request, _("Saved."))
    return redirect(card)


def _autosave(request, card, form, labels) -> JsonResponse:
    """Save the draft as the interviewer types (static/js/scorecard.js): never submits, answers in JSON.

    200 saved (again: the same post twice gives the same draft), 400 not valid, 409 submitted or cancelled.
    """
    if card.interview.is_cancelled or card.is_submitted:  # checked again under the row lock
        refusal = scorecards.CANCELLED_REFUSAL if card.interview.is_cancelled else scorecards.SUBMITTED_REFUSAL
        return _autosave_answer("refused", refusal, status=409)
    if not form.is_valid():
        problems = [
            f"{form.fields[name].label}: {' '.join(errors)}" if name in form.fields else " ".join(errors)
            for name, errors in form.errors.items()
        ]
        return _autosave_answer(
            "invalid", _("Not saved: %(problems)s Your answers are still on this page.") % {"problems": " ".join(problems)},
            status=400, errors=form.errors.get_json_data(),
        )
    try:
        card = scorecards.scorecard_save(
            scorecard=card, scores=form.scores(), notes=form.notes(),
            recommendation=form.cleaned_data["recommendation"], takeaways=form.cleaned_data["takeaways"],
            user=request.user, draft_only=True,
        )
    except ValidationError as error:
        refused = getattr(error, "code", None) in ("cancelled", "submitted")
        return _autosave_answer("refused" if refused else "invalid", " ".join(error.messages), status=409 if refused else 400)
    missing = scorecards.missing_criteria(card, labels)
    saved_at = date_format(timezone.localtime(card.updated_at), "H:i")
    return _autosave_answer(
        "saved", _("Draft saved at %(time)s — all changes saved.") % {"time": saved_at},
        saved_at=saved_at, missing=f"{_('Still to rate:')} {', '.join(missing)}" if missing else "",
    )


def _autosave_answer(state: str, message: str, *, status: int = 200, **details) -> JsonResponse:
    return JsonResponse({"state": state, "message": str(message), **details}, status=status)


def _back_to_scorecard(request, card, message):
    """The scorecard page again with `message` (htmx follows the redirect itself)."""
    messages.error(request, message)
    if request.headers.get("HX-Request"):
        return HttpResponse(status=204, headers={"HX-Redirect": card.get_absolute_url()})
    return redirect(card)


@require_GET
@login_required
def application_scorecards(request, application_pk):
    """Colleagues' submitted scorecards: HR always, interviewers after submitting their own."""
    try:
        application = candidate_selectors.visible_applications(request.user).select_related("candidate", "position").get(
            pk=application_pk
        )
    except Application.DoesNotExist:
        raise Http404 from None
    if not selectors.may_see_others(request.user, application):
        messages.info(request, _("Submit your own scorecard first; then you will see your colleagues'."))
        return redirect("evaluations:mine")
    return render(
        request,
        "evaluations/application_scorecards.html",
        {
            "application": application,
            "summary": selectors.scorecard_summary(application),
            "scorecards": selectors.submitted_scorecards(application),
            "guide": selectors.criterion_guide(application.position),
        },
    )


# ---------------------------------------------------------------------------
# Ranking (HR): informs, never decides
# ---------------------------------------------------------------------------
def _hr_position(request, pk, *, competencies=True):
    if not request.user.has_perm("candidates.view_application"):
        raise Http404
    try:
        return (Position.objects.prefetch_related("competencies") if competencies else Position.objects).get(pk=pk)
    except Position.DoesNotExist:
        raise Http404 from None


@require_GET
@login_required
def ranking_why(request, position_pk, application_pk):
    """The explanation of one row, loaded when HR opens it."""
    position = _hr_position(request, position_pk)
    score = get_object_or_404(
        selectors.ranking(position, filters={}), application_id=application_pk
    )
    context = _explained(score, selectors.criterion_names(position))
    if request.headers.get("HX-Request"):
        return render(request, "evaluations/partials/why.html", context)
    history = [
        {"change": change, "causes": score_history.labels(change.causes)}
        for change in ScoreChange.objects.filter(application_id=application_pk).order_by("-at", "-pk")[:HISTORY_SHOWN]
    ]
    return render(request, "evaluations/ranking_why.html", {**context, "position": position, "history": history})


def _with_masks(scores):
    """Score rows whose applications know whether blind screening masks them (one query per 500 rows)."""
    return blind.marked(scores, application=lambda score: score.application)


def _why(stored_lines, names):
    """The stored lines grouped for reading: each part under its figure, then calibration, then the sum.

    Within a part fed by several sources (interviews, references, the judgement test; skill lines and exercises)
    each source's line heads the lines under it. A line without a contribution (stored before contributions
    were, or "not yet assessed") stands on its own.
    """
    groups: list[dict] = []
    calibration, total = [], ""
    in_source = False
    for code, params in stored_lines:
        text = scoring.explain(code, params, names)
        if code == "part":
            groups.append({"heading": text, "lines": []})
            in_source = False
        elif code == "calibration":
            calibration.append(text)
        elif code == "total":
            total = text
        elif code == "source" and groups and groups[-1]["heading"]:
            groups[-1]["lines"].append({"text": text, "kind": "source"})
            in_source = True
        elif groups and bool(groups[-1]["heading"]) == ("part_points" in params):
            groups[-1]["lines"].append({"text": text, "kind": "sub" if in_source else "line"})
        else:
            groups.append({"heading": "", "lines": [{"text": text, "kind": "line"}]})
            in_source = False
    return {"groups": groups, "calibration": calibration, "total": total}


def _sources(score) -> dict[str, float]:
    """Each evidence source's own figure (0–100), read off the stored lines where a part mixes sources; where the
    interpersonal part has no other source, the interviews are the part."""
    sources = {params["source"]: params["score"] for code, params in score.lines if code == "source"}
    if "interviews" not in sources and "judgement" not in sources and score.interpersonal is not None:
        sources["interviews"] = score.interpersonal
    return sources


def _explained(score, names):
    """One score as the comparison and the "why" read it: its lines, grouped, its sources and its evidence."""
    return {
        "score": score,
        "application": score.application,
        "lines": [scoring.explain(code, params, names) for code, params in score.lines],
        "why": _why(score.lines, names),
        "sources": _sources(score),
        "evidence": {part: scoring.describe_evidence(part, score.evidence) for part in ("skills", "background", "interpersonal")},
        "why_url": reverse("evaluations:why", kwargs={"position_pk": score.position_id, "application_pk": score.application_id}),
    }


@require_GET
@login_required
def ranking_page(request, position_pk):
    position = _hr_position(request, position_pk, competencies=False)
    form = RankingFilterForm(request.GET or None, stages=Stage.choices)
    filters = form.filters()
    scores = selectors.ranking(position, filters=filters)
    if request.GET.get("export") == "csv":
        return _ranking_csv(position, scores, selectors.criterion_names(position))
    page = CappedPaginator(ranking_list.shown(scores), 50, cap=ranking_list.CAP, counted=scores).get_page(
        request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    can_act = request.user.has_perm("candidates.change_application")
    bulk = bulk_actions_context(request, position) if can_act else {"bulk": {}}
    kept = bulk["bulk"]  # a refused bulk action's choices, ticks included, shown again
    return render(
        request,
        "evaluations/ranking.html",
        {
            "position": position,
            "form": form,
            "rows": ranking_list.rows(position, page, picked=set(kept.get("applications", ()))),
            "page_obj": page,
            "can_act": can_act,
            "querystring": query.urlencode(),
            "weights": (position.score_weight_skills, position.score_weight_background, position.score_weight_interpersonal),
            # One form for the whole page (compare, or the table's bulk actions), not one per row.
            **bulk,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def ranking_compare(request, position_pk):
    position = _hr_position(request, position_pk)
    if request.method == "POST":
        # The ranking's one form ticks rows as "applications" for its bulk actions too; compare by address.
        picked = [value for value in request.POST.getlist("applications") if value.isascii() and value.isdigit() and len(value) <= 18][:3]
        return redirect(reverse("evaluations:compare", kwargs={"position_pk": position.pk}) + "?" + urlencode(
            [("ids", value) for value in picked]))
    try:
        ids = [int(value) for value in request.GET.getlist("ids") if len(value) <= 18][:3]
    except ValueError:
        ids = []
    scores = list(_with_masks(selectors.ranking(position, filters={}).filter(application_id__in=ids)))
    if len(scores) < 2:
        messages.info(request, _("Tick two or three candidates to compare them."))
        return redirect("evaluations:ranking", position_pk=position.pk)
    names = selectors.criterion_names(position)
    return render(
        request, "evaluations/ranking_compare.html",
        {"position": position, "rows": [_explained(score, names) for score in scores]},
    )


def _ranking_csv(position, scores, names):
    response, writer = csv_response(f"ranking-{position.slug}.csv")
    writer.writerow([pgettext("place in the ranking", "Rank"), _("Candidate"), _("Stage"), _("Meets requirements"),
                     _("Skills"), _("Education and experience"), _("Interpersonal"), _("Total"), _("Partial"),
                     _("Explanation")])
    for rank, score in enumerate(_with_masks(scores.iterator(chunk_size=1000)), start=1):
        application = score.application
        writer.writerow([
            rank, application.display_name, application.get_stage_display(),
            _("yes") if application.meets_requirements else _("no"), score.skills, score.background,
            score.interpersonal, score.total, _("yes") if score.partial else _("no"),
            " | ".join(scoring.explain(code, params, names) for code, params in score.lines),
        ])
    return response
