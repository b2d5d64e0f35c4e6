"""Assessment pages: HR's plan per position, the bank, sending and reading a result (staff); taking the
assessment (the candidate, under their status link). Rules in evaluations/assessments.py.

Interviewers see none of it: the assessment is evidence of its own in the ranking, and interviewers rate
without knowing its result, as they rate without seeing colleagues' scorecards (blind feedback).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from candidates import stages
from candidates.status_views import _as_candidate

from . import assessments
from .assessment_forms import ExclusionForm, ItemForm, PlanForm, StartForm
from .models import AssessmentAttempt, AssessmentExercise, AssessmentItem, AssessmentPlan
from .views import _hr_application, _hr_position


def _require_hr(request) -> None:
    if not request.user.has_perm("evaluations.add_interview"):
        raise Http404


# ---------------------------------------------------------------------------
# HR: the position's plan
# ---------------------------------------------------------------------------
@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def plan_page(request, position_pk):
    """Whether the position uses an assessment, with which items and exercises, and its time limit."""
    _require_hr(request)
    position = _hr_position(request, position_pk)
    plan = assessments.plan_for(position)
    form = PlanForm(request.POST if request.method == "POST" else None, plan=plan, position=position)
    if request.method == "POST" and form.is_valid():
        try:
            assessments.plan_save(
                position=position, enabled=form.cleaned_data["enabled"],
                time_limit_minutes=form.cleaned_data["time_limit_minutes"],
                judgement_counts=form.judgement_counts(), exercises=form.cleaned_data["exercises"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The assessment settings are saved."))
            return redirect("evaluations:assessment_plan", position_pk=position.pk)
    return render(request, "evaluations/assessments/plan.html", {
        "position": position, "form": form,
        "competency_fields": [(c, form[name], own) for c, name, own in form.competency_fields],
    })


# ---------------------------------------------------------------------------
# HR: the bank
# ---------------------------------------------------------------------------
@never_cache
@require_GET
@login_required
def bank_page(request):
    _require_hr(request)
    items = AssessmentItem.objects.select_related("competency").order_by("competency__order", "-active", "code")
    return render(request, "evaluations/assessments/bank.html", {
        "items": items, "exercises": AssessmentExercise.objects.order_by("code"),
    })


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def item_edit(request, pk=None):
    """Add a judgement item, or change or retire one (candidates who were sent it keep the version they saw)."""
    _require_hr(request)
    item = None
    if pk is not None:
        item = AssessmentItem.objects.filter(pk=pk).first()
        if item is None:
            raise Http404
    form = ItemForm(request.POST if request.method == "POST" else None, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            assessments.item_save(
                item=item, competency=form.cleaned_data["competency"], scenario_en=form.cleaned_data["scenario_en"],
                scenario_it=form.cleaned_data["scenario_it"], options=form.options(),
                active=form.cleaned_data["active"], user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The item is saved."))
            return redirect("evaluations:assessment_bank")
    return render(request, "evaluations/assessments/item_form.html", {"form": form, "item": item})


@never_cache
@require_GET
@login_required
def exercise_page(request, pk):
    """An exercise as candidates see it, with its key."""
    _require_hr(request)
    exercise = AssessmentExercise.objects.filter(pk=pk).first()
    if exercise is None:
        raise Http404
    page = {"kind": "exercise", "code": exercise.code, "exercise_kind": exercise.kind,
            "name_en": exercise.name_en, "name_it": exercise.name_it, "instructions_en": exercise.instructions_en,
            "instructions_it": exercise.instructions_it, "content": exercise.content}
    return render(request, "evaluations/assessments/exercise.html", {
        "exercise": exercise, "page": _page_view(page), "key": _key_lines(exercise),
    })


def _key_lines(exercise: AssessmentExercise) -> list[tuple[str, str]]:
    content = exercise.content
    if exercise.kind == AssessmentExercise.Kind.DATA_ENTRY:
        return [(f["it"] if _italian() else f["en"], assessments.key_text(f)) for f in content["fields"]]
    if exercise.kind == AssessmentExercise.Kind.MATCHING:
        numbers = {i["id"]: i["number"] for i in content["invoices"]}
        lines = {m["id"]: f"{m['date']} · {m['text']} · {m['amount']}" for m in content["statement"]}
        return [(f"{numbers[i['id']]}", lines.get(content["pairs"].get(i["id"], ""), _("Not paid")))
                for i in content["invoices"]]
    rows = {r["id"]: r["employee"] for r in content["rows"]}
    columns = {c["key"]: c["it"] if _italian() else c["en"] for c in content["columns"]}
    return [(rows[cell.split(":")[0]], columns[cell.split(":")[1]]) for cell in content["errors"]]


def _italian() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "").startswith("it")


# ---------------------------------------------------------------------------
# HR: sending, the result, exclusion
# ---------------------------------------------------------------------------
@require_POST
@login_required
def send(request, application_pk):
    application = _hr_application(request, application_pk)
    try:
        assessments.assessment_send(application=application, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Assessment sent. The candidate gets an e-mail with the link."))
    return redirect(application)


def _attempt(application) -> AssessmentAttempt:
    attempt = AssessmentAttempt.objects.filter(application=application).first()
    if attempt is None:
        raise Http404
    return assessments.close_if_expired(attempt=attempt)


@never_cache
@require_GET
@login_required
def result_page(request, application_pk):
    """Scores per competency and exercise, each answer next to its key, timing, extra time, exclusions."""
    application = _hr_application(request, application_pk)
    attempt = _attempt(application)
    return render(request, "evaluations/assessments/result.html", _result_context(application, attempt))


def _result_context(application, attempt, form=None) -> dict:
    competencies = {}
    for page in attempt.pages:
        for item in page.get("items", []):
            competencies[str(item["competency"])] = assessments.localised(item, "competency")
    judgement = [(competencies.get(pk, pk), score) for pk, score in (attempt.scores.get("judgement") or {}).items()]
    exercises = [(it if _italian() else en, score) for _code, en, it, score in attempt.scores.get("exercises") or []]
    minutes = attempt.time_limit_minutes
    return {
        "application": application, "attempt": attempt, "judgement": judgement, "exercises": exercises,
        "rows": assessments.result_rows(attempt), "form": form or ExclusionForm(),
        "exclusions": attempt.exclusions.select_related("by"),
        "allowed_minutes": round(minutes * assessments.EXTRA_TIME_FACTOR) if attempt.extra_time else minutes,
        "used_seconds": round((attempt.finished_at - attempt.started_at).total_seconds())
        if attempt.finished_at and attempt.started_at else None,
    }


@require_POST
@login_required
def exclusion(request, application_pk):
    application = _hr_application(request, application_pk)
    attempt = _attempt(application)
    form = ExclusionForm(request.POST)
    exclude = request.POST.get("excluded") == "yes"
    if form.is_valid():
        try:
            assessments.attempt_set_excluded(attempt=attempt, excluded=exclude, reason=form.cleaned_data["reason"],
                                             user=request.user)
        except ValidationError as error:
            form.add_error("reason", error.messages[0])
        else:
            messages.success(request, _("The assessment no longer counts in the score.") if exclude
                             else _("The assessment counts in the score again."))
            return redirect("evaluations:assessment_result", application_pk=application.pk)
    context = _result_context(application, attempt, form)
    return render(request, "evaluations/assessments/result.html", context, status=400)


def application_section(request, application) -> str:
    """The candidate page's assessment section (HR only): send it, or its state and scores."""
    if not request.user.has_perm("evaluations.add_interview") or application.anonymised_at is not None:
        return ""
    attempt = AssessmentAttempt.objects.filter(application=application).first()
    if attempt is not None:
        attempt = assessments.close_if_expired(attempt=attempt)
    plan = AssessmentPlan.objects.filter(position_id=application.position_id).first()
    if attempt is None and (plan is None or not plan.enabled):
        return ""
    context = {"application": application, "attempt": attempt,
               "refusal": assessments.send_refusal(application, plan) if attempt is None else ""}
    if attempt is not None and attempt.status == AssessmentAttempt.Status.COMPLETED:
        context.update(_result_context(application, attempt))
    return render_to_string("evaluations/assessments/section.html", context, request=request)


# ---------------------------------------------------------------------------
# The candidate (status link)
# ---------------------------------------------------------------------------
def status_section(request, application, token) -> str:
    """The status page's assessment section: start or continue it, or that it is done."""
    attempt = AssessmentAttempt.objects.filter(application=application).first()
    if attempt is None:
        return ""
    attempt = assessments.close_if_expired(attempt=attempt)
    return render_to_string("evaluations/assessments/status_section.html",
                            {"attempt": attempt, "token": token}, request=request)


def _candidate_attempt(application, *, close: bool = True) -> AssessmentAttempt:
    attempt = AssessmentAttempt.objects.filter(application=application).first()
    if attempt is None or application.anonymised_at is not None:
        raise Http404
    return assessments.close_if_expired(attempt=attempt) if close else attempt


@never_cache
@require_http_methods(["GET", "POST"])
@_as_candidate
def candidate_start(request, application, token):
    """Instructions, the time limit and "I need extra time"; starting begins the clock. Finished: a thank-you."""
    attempt = _candidate_attempt(application)
    if attempt.status == AssessmentAttempt.Status.STARTED:
        return redirect("status:assessment_take", token=token)
    form = StartForm(request.POST if request.method == "POST" else None)  # an unticked box posts nothing
    is_open = stages.is_undecided(application.stage)  # a closed application's assessment is not started any more
    if request.method == "POST" and is_open and attempt.status == AssessmentAttempt.Status.SENT and form.is_valid():
        assessments.assessment_start(attempt=attempt, extra_time=form.cleaned_data["extra_time"])
        return redirect("status:assessment_take", token=token)
    judgement_items = sum(len(p.get("items", [])) for p in attempt.pages)
    return render(request, "evaluations/assessments/start.html", {
        "attempt": attempt, "token": token, "form": form, "position": application.position, "is_open": is_open,
        "judgement_items": judgement_items, "exercise_count": sum(p["kind"] == "exercise" for p in attempt.pages),
        "extra_minutes": round(attempt.time_limit_minutes * assessments.EXTRA_TIME_FACTOR),
    })


@never_cache
@require_http_methods(["GET", "POST"])
@_as_candidate
def candidate_take(request, application, token):
    """The current page; its answers are saved once, in order; after the deadline nothing more counts."""
    # A page sent after the deadline is told apart from a visit (page_submit says it was late): close later.
    attempt = _candidate_attempt(application, close=request.method != "POST")
    start = reverse("status:assessment", kwargs={"token": token})
    if attempt.status != AssessmentAttempt.Status.STARTED:
        return redirect(start)
    if request.method == "POST":
        try:
            number = int(request.POST.get("page", ""))
        except ValueError:
            number = -1
        if 0 <= number < len(attempt.pages):
            answer = assessments.parse_answer(attempt.pages[number], request.POST)
            outcome = assessments.page_submit(attempt=attempt, page=number, answer=answer)
            if outcome == assessments.Outcome.LATE:
                messages.warning(request, _("Time was up before this page arrived, so its answers could not be "
                                            "counted. Everything you sent before then is saved. Thank you for "
                                            "taking the assessment."))
            elif outcome == assessments.Outcome.DONE:
                messages.success(request, _("Thank you: your answers are saved."))
        return redirect(request.path)
    number = assessments.current_page(attempt)
    if number is None:
        return redirect(start)
    assessments.page_shown(attempt=attempt, page=number)
    remaining = max(0, int((attempt.deadline_at - timezone.now()).total_seconds()))
    return render(request, "evaluations/assessments/page.html", {
        "attempt": attempt, "token": token, "number": number, "total": len(attempt.pages),
        "page": _page_view(attempt.pages[number]), "remaining_minutes": -(-remaining // 60),
        "remaining_seconds": remaining, "last": number == len(attempt.pages) - 1,
    })


def _page_view(page: dict) -> dict:
    """A page in the active language for the template (no keys: the candidate's page never carries them)."""
    lang = "it" if _italian() else "en"
    if page["kind"] == "judgement":
        return {"kind": "judgement", "items": [
            {"code": item["code"], "scenario": item[f"scenario_{lang}"],
             "options": [{"value": n, "text": o[lang]} for n, o in enumerate(item["options"])]}
            for item in page["items"]]}
    content = page["content"]
    view = {"kind": page["exercise_kind"], "name": page[f"name_{lang}"], "instructions": page[f"instructions_{lang}"]}
    if page["exercise_kind"] == AssessmentExercise.Kind.DATA_ENTRY:
        document = content["document"]
        view["document_title"] = document[f"title_{lang}"]
        view["document"] = [(line[lang], line["value"]) for line in document["lines"]]
        view["fields"] = [{"key": f["key"], "label": f[lang]} for f in content["fields"]]
    elif page["exercise_kind"] == AssessmentExercise.Kind.MATCHING:
        view["invoices"], view["statement"] = content["invoices"], content["statement"]
    else:
        view["columns"] = [{"key": c["key"], "label": c[lang], "check": c["check"]} for c in content["columns"]]
        view["rows"] = [{"id": r["id"], "employee": r["employee"],
                         "cells": [{"key": c["key"], "label": c[lang], "value": r["cells"][c["key"]], "check": c["check"]}
                                   for c in content["columns"]]} for r in content["rows"]]
    return view
