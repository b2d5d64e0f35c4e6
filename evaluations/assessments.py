"""Candidate assessments: situational judgement items and practical back-office exercises, taken once through
the candidate's status link, scored against their keys, and handed to the ranking as evidence.

- The bank (AssessmentItem, AssessmentExercise) ships with evaluations/assessment_bank.py; HR edits it. An
  attempt copies what it shows when it is sent (``AssessmentAttempt.pages``, shuffled, with each key), so
  later edits never change what a candidate saw or how it is scored.
- Each position's plan says whether it uses an assessment, how many items of which competencies, which
  exercises and the time limit. HR sends it from the candidate page at screening or later, once per
  application (a database constraint): the candidate gets an e-mail with their status link.
- The candidate starts it when they choose, saying if they need extra time (EXTRA_TIME_FACTOR, recorded and
  shown to HR). The deadline is fixed at the start; a page received after it is not counted (the attempt
  closes with what came before). Pages are answered in order, each once: a reload or a second submit of a
  page already answered changes nothing.
- Scores, per bank: judgement per competency = points / max points × 100, where the best of n options
  earns n-1 points and the worst 0 (an unanswered item 0); each exercise 0–100 (its own rule below).
- HR can exclude an attempt from the score with a reason, and include it again (AssessmentExclusion keeps
  who, when and why). Completing, excluding and including ask for a rescore.
"""

from __future__ import annotations

import datetime
import random
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from candidates import links, stages
from candidates.models import Application, CandidateEmail, EmailTemplate
from candidates.services import request_rescore
from core import mail
from core.tasking import enqueue_on_commit

from .models import AssessmentAttempt, AssessmentExclusion, AssessmentExercise, AssessmentItem, AssessmentPlan

EXTRA_TIME_FACTOR = Decimal("1.5")  # "I need extra time": half as much again
ITEMS_PER_PAGE = 4
MAX_ITEMS_PER_COMPETENCY = 10


@dataclass(frozen=True)
class AssessmentEvidence:
    judgement: dict[int, float]  # competency pk -> 0..100
    exercises: tuple[tuple[str, str, str, float], ...]  # (code, name_en, name_it, 0..100)


# ---------------------------------------------------------------------------
# Scoring: plain values in, figures out (no database)
# ---------------------------------------------------------------------------
def judgement_points(rank: int | None, options: int) -> int:
    """Points for the option of `rank` (0 = best) among `options`: n-1 for the best down to 0; none chosen: 0."""
    if rank is None or not 0 <= rank < options:
        return 0
    return options - 1 - rank


def judgement_scores(answered: Iterable[tuple[int, int | None, int]]) -> dict[int, float]:
    """Per competency: points / max points × 100, from (competency pk, rank chosen or None, number of options)."""
    points: dict[int, int] = {}
    most: dict[int, int] = {}
    for competency, rank, options in answered:
        points[competency] = points.get(competency, 0) + judgement_points(rank, options)
        most[competency] = most.get(competency, 0) + options - 1
    return {c: round(100 * points[c] / most[c], 1) if most[c] else 0.0 for c in most}


_SPACES = re.compile(r"\s+")


def normalise_text(value: str) -> str:
    """Case and spaces do not count: " ft-2026/0418 " equals "FT-2026/0418"."""
    return _SPACES.sub("", str(value or "")).casefold()


def parse_amount(value: str) -> Decimal | None:
    """1.512,80 / 1512,80 / 1,512.80 / 1512.80 / € 1.512,80 -> Decimal("1512.80"); None if it is not an amount."""
    text = _SPACES.sub("", str(value or "")).replace("€", "").replace("EUR", "").replace("'", "")
    if not text or not re.fullmatch(r"-?[0-9.,]+", text):
        return None
    if "," in text and "." in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
    elif "," in text:
        decimal_mark = "," if len(text) - text.rfind(",") - 1 != 3 or text.count(",") == 1 else ""
    elif "." in text:
        decimal_mark = "." if text.count(".") == 1 and len(text) - text.rfind(".") - 1 != 3 else ""
    else:
        decimal_mark = ""
    thousands = {",": ".", ".": ",", "": ".,"}[decimal_mark]
    for mark in thousands:
        text = text.replace(mark, "")
    if decimal_mark:
        text = text.replace(decimal_mark, ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def parse_date(value: str) -> datetime.date | None:
    """14/10/2026, 14-10-2026, 14.10.2026 or 2026-10-14; None otherwise."""
    text = _SPACES.sub("", str(value or ""))
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def field_correct(kind: str, expected: str, typed: str) -> bool:
    if kind == "amount":
        return parse_amount(typed) is not None and parse_amount(typed) == Decimal(expected)
    if kind == "date":
        return parse_date(typed) == datetime.date.fromisoformat(expected)
    return bool(normalise_text(typed)) and normalise_text(typed) == normalise_text(expected)


def key_text(field: dict) -> str:
    """A data-entry field's key as the document shows it: 14/10/2026, 1.512,80."""
    if field["kind"] == "date":
        return datetime.date.fromisoformat(field["answer"]).strftime("%d/%m/%Y")
    if field["kind"] == "amount":
        whole, _dot, cents = f"{Decimal(field['answer']):,.2f}".partition(".")
        return whole.replace(",", ".") + "," + cents
    return str(field["answer"])


def data_entry_score(fields: list[dict], typed: dict[str, str]) -> float:
    """Fields typed right (normalised: case, spaces, amount and date formats) / fields × 100."""
    if not fields:
        return 0.0
    right = sum(field_correct(f["kind"], f["answer"], typed.get(f["key"], "")) for f in fields)
    return round(100 * right / len(fields), 1)


def matching_score(pairs: dict[str, str], chosen: dict[str, str]) -> float:
    """(right pairs − wrong pairs) / pairs in the key × 100, never below 0; "not paid" is no pair."""
    if not pairs:
        return 0.0
    right = sum(1 for invoice, line in chosen.items() if line and pairs.get(invoice) == line)
    wrong = sum(1 for invoice, line in chosen.items() if line and pairs.get(invoice) != line)
    return round(100 * max(0, right - wrong) / len(pairs), 1)


def payroll_score(errors: list[str], ticked: Iterable[str]) -> float:
    """(wrong cells ticked − right cells ticked) / wrong cells × 100, never below 0."""
    if not errors:
        return 0.0
    ticked = set(ticked)
    found = len(ticked & set(errors))
    false_alarms = len(ticked - set(errors))
    return round(100 * max(0, found - false_alarms) / len(errors), 1)


def exercise_score(kind: str, content: dict, answer: dict) -> float:
    if kind == AssessmentExercise.Kind.DATA_ENTRY:
        return data_entry_score(content["fields"], answer)
    if kind == AssessmentExercise.Kind.MATCHING:
        return matching_score(content["pairs"], answer)
    return payroll_score(content["errors"], answer.get("ticked", []))


def score_attempt(pages: list[dict], answers: dict[str, dict]) -> dict:
    """{"judgement": {competency pk: 0..100}, "exercises": [[code, name_en, name_it, 0..100]]}; pages never
    answered score 0."""
    judged: list[tuple[int, int | None, int]] = []
    exercises = []
    for number, page in enumerate(pages):
        answer = answers.get(str(number), {})
        if page["kind"] == "judgement":
            for item in page["items"]:
                position = answer.get(item["code"])
                rank = item["options"][position]["rank"] if isinstance(position, int) else None
                judged.append((item["competency"], rank, len(item["options"])))
        else:
            score = exercise_score(page["exercise_kind"], page["content"], answer)
            exercises.append([page["code"], page["name_en"], page["name_it"], score])
    return {"judgement": {str(k): v for k, v in judgement_scores(judged).items()}, "exercises": exercises}


# ---------------------------------------------------------------------------
# Evidence for the ranking
# ---------------------------------------------------------------------------
def evidence_for(application_ids: Iterable[int]) -> dict[int, AssessmentEvidence]:
    """Completed attempts not excluded from the score, by application id (one query, whatever the number)."""
    rows = AssessmentAttempt.objects.filter(
        application_id__any_of=application_ids, status=AssessmentAttempt.Status.COMPLETED, excluded=False
    ).values_list("application_id", "scores")
    return {
        application_id: AssessmentEvidence(
            judgement={int(k): float(v) for k, v in (scores.get("judgement") or {}).items()},
            exercises=tuple((c, en, it, float(s)) for c, en, it, s in scores.get("exercises") or []),
        )
        for application_id, scores in rows
    }


# ---------------------------------------------------------------------------
# The position's plan (HR)
# ---------------------------------------------------------------------------
def plan_for(position) -> AssessmentPlan | None:
    return AssessmentPlan.objects.filter(position=position).prefetch_related("exercises").first()


@transaction.atomic
def plan_save(*, position, enabled: bool, time_limit_minutes: int, judgement_counts: dict[int, int],
              exercises: Iterable[AssessmentExercise]) -> AssessmentPlan:
    """Create or change the position's plan; attempts already sent keep what they were sent with."""
    exercises = list(exercises)
    counts = {str(pk): int(n) for pk, n in judgement_counts.items() if n}
    if enabled and not counts and not exercises:
        raise ValidationError(_("Choose at least one competency's items or one exercise, or switch the "
                                "assessment off."), code="empty")
    plan, _created = AssessmentPlan.objects.get_or_create(position=position)
    plan.enabled, plan.time_limit_minutes, plan.judgement_counts = enabled, time_limit_minutes, counts
    plan.full_clean()
    plan.save()
    plan.exercises.set(exercises)
    return plan


# ---------------------------------------------------------------------------
# Sending (HR)
# ---------------------------------------------------------------------------
def send_refusal(application: Application, plan: AssessmentPlan | None = None) -> str:
    """Why the assessment cannot be sent to this application now, in words; "" when it can."""
    if application.anonymised_at is not None:
        return _("This application has been anonymised.")
    if AssessmentAttempt.objects.filter(application=application).exists():
        return _("The assessment has already been sent to this candidate.")
    if application.stage == stages.APPLIED or not stages.is_undecided(application.stage):
        return _("The assessment can be sent from the screening stage on, while the application is open.")
    plan = plan if plan is not None else plan_for(application.position)
    if plan is None or not plan.enabled:
        return _("This position does not use an assessment.")
    return ""


def build_pages(plan: AssessmentPlan, rng: random.Random) -> list[dict]:
    """The candidate's own copy: items drawn and shuffled, options shuffled, exercises shuffled, keys kept."""
    items: list[AssessmentItem] = []
    by_competency: dict[int, list[AssessmentItem]] = {}
    for item in AssessmentItem.objects.filter(active=True).select_related("competency").order_by("code"):
        by_competency.setdefault(item.competency_id, []).append(item)
    for pk, count in sorted(plan.judgement_counts.items()):
        pool = by_competency.get(int(pk), [])
        items += rng.sample(pool, min(int(count), len(pool)))
    rng.shuffle(items)
    pages: list[dict] = []
    for start in range(0, len(items), ITEMS_PER_PAGE):
        page_items = []
        for item in items[start:start + ITEMS_PER_PAGE]:
            options = [{"en": o["en"], "it": o["it"], "rank": rank} for rank, o in enumerate(item.options)]
            rng.shuffle(options)
            page_items.append({
                "code": item.code, "version": item.version, "competency": item.competency_id,
                "competency_en": item.competency.name_en, "competency_it": item.competency.name_it,
                "scenario_en": item.scenario_en, "scenario_it": item.scenario_it, "options": options,
            })
        pages.append({"kind": "judgement", "items": page_items})
    exercises = list(plan.exercises.filter(active=True).order_by("code"))
    rng.shuffle(exercises)
    for exercise in exercises:
        content = dict(exercise.content)
        if exercise.kind == AssessmentExercise.Kind.MATCHING:
            content["statement"] = rng.sample(content["statement"], len(content["statement"]))
            content["invoices"] = rng.sample(content["invoices"], len(content["invoices"]))
        pages.append({
            "kind": "exercise", "code": exercise.code, "exercise_kind": exercise.kind,
            "name_en": exercise.name_en, "name_it": exercise.name_it,
            "instructions_en": exercise.instructions_en, "instructions_it": exercise.instructions_it,
            "content": content,
        })
    return pages


@transaction.atomic
def assessment_send(*, application: Application, user, now: datetime.datetime | None = None,
                    rng: random.Random | None = None) -> AssessmentAttempt:
    """Freeze the candidate's assessment from the position's plan and e-mail them after commit (once)."""
    application = Application.objects.select_for_update().select_related("candidate", "position").get(
        pk=application.pk)
    plan = plan_for(application.position)
    if refusal := send_refusal(application, plan):
        raise ValidationError(refusal, code="refused")
    assert plan is not None
    attempt = AssessmentAttempt.objects.create(
        application=application, time_limit_minutes=plan.time_limit_minutes,
        pages=build_pages(plan, rng or random.SystemRandom()), sent_by=user, sent_at=now or timezone.now(),
    )
    _email_candidate(attempt)
    return attempt


def _email_candidate(attempt: AssessmentAttempt) -> CandidateEmail:
    application = attempt.application
    candidate = application.candidate
    with translation.override(candidate.language):
        subject = _("Your online assessment: %(title)s") % {"title": application.position.title}
        body = "\n\n".join([
            _("Dear %(name)s,") % {"name": candidate.first_name},
            _("as the next step of your application for %(title)s we ask you to take a short online assessment: "
              "a few situations at work with colleagues and clients, and some practical back-office exercises. "
              "It takes at most %(minutes)d minutes, and you can start it whenever you are ready, from your "
              "application page:") % {"title": application.position.title, "minutes": attempt.time_limit_minutes},
            links.PLACEHOLDER,  # the status link, signed when the e-mail is sent (never stored)
            _("Before you start, you can tell us if you need extra time: you will get half as much time again."),
            settings.ORGANIZATION_NAME,
        ])
    email = CandidateEmail.objects.create(
        application=application, kind=EmailTemplate.Kind.STATUS_LINKS, key=f"assessment:{attempt.pk}",
        to=candidate.email, language=candidate.language, subject=mail.subject_line(subject)[:200], body=body,
    )
    enqueue_on_commit("candidates.tasks.send_candidate_email", email.pk)
    return email


# ---------------------------------------------------------------------------
# Taking it (the candidate)
# ---------------------------------------------------------------------------
def deadline(started_at: datetime.datetime, minutes: int, extra_time: bool) -> datetime.datetime:
    seconds = Decimal(minutes * 60) * (EXTRA_TIME_FACTOR if extra_time else 1)
    return started_at + datetime.timedelta(seconds=int(seconds))


def current_page(attempt: AssessmentAttempt) -> int | None:
    """The first page not yet answered, or None when all are (or the attempt is over)."""
    if attempt.status == AssessmentAttempt.Status.COMPLETED:
        return None
    return next((n for n in range(len(attempt.pages)) if str(n) not in attempt.answers), None)


def _locked(attempt_id: int) -> AssessmentAttempt:
    return AssessmentAttempt.objects.select_for_update().get(pk=attempt_id)


@transaction.atomic
def assessment_start(*, attempt: AssessmentAttempt, extra_time: bool,
                     now: datetime.datetime | None = None) -> AssessmentAttempt:
    """Start the clock (once: a second start changes nothing, not even the extra time)."""
    now = now or timezone.now()
    attempt = _locked(attempt.pk)
    if attempt.status != AssessmentAttempt.Status.SENT or attempt.application.anonymised_at is not None:
        return attempt
    attempt.status, attempt.started_at, attempt.extra_time = AssessmentAttempt.Status.STARTED, now, extra_time
    attempt.deadline_at = deadline(now, attempt.time_limit_minutes, extra_time)
    attempt.save(update_fields=["status", "started_at", "extra_time", "deadline_at"])
    if not attempt.pages:
        _complete(attempt, now)
    return attempt


@transaction.atomic
def page_shown(*, attempt: AssessmentAttempt, page: int, now: datetime.datetime | None = None) -> None:
    """Record when a page was first shown (a reload keeps the first time)."""
    attempt = _locked(attempt.pk)
    key = str(page)
    if attempt.status == AssessmentAttempt.Status.STARTED and key not in attempt.timings:
        attempt.timings[key] = {"shown_at": (now or timezone.now()).isoformat()}
        attempt.save(update_fields=["timings"])


class Outcome:
    SAVED, DONE, ALREADY, LATE, CLOSED = "saved", "done", "already", "late", "closed"


@transaction.atomic
def page_submit(*, attempt: AssessmentAttempt, page: int, answer: dict,
                now: datetime.datetime | None = None) -> str:
    """Save one page's answers (Outcome.SAVED, or DONE after the last page). A page already answered changes
    nothing (ALREADY); one received after the deadline is not counted and closes the attempt (LATE)."""
    now = now or timezone.now()
    attempt = _locked(attempt.pk)
    if attempt.status == AssessmentAttempt.Status.COMPLETED:
        return Outcome.CLOSED
    if attempt.status != AssessmentAttempt.Status.STARTED or page != current_page(attempt):
        return Outcome.ALREADY
    assert attempt.deadline_at is not None
    if now > attempt.deadline_at:
        attempt.late_pages = [*attempt.late_pages, page]
        _complete(attempt, attempt.deadline_at)
        return Outcome.LATE
    key = str(page)
    attempt.answers[key] = answer
    timing = attempt.timings.get(key) or {"shown_at": None}
    timing["answered_at"] = now.isoformat()
    if timing.get("shown_at"):
        timing["seconds"] = round((now - datetime.datetime.fromisoformat(timing["shown_at"])).total_seconds())
    attempt.timings[key] = timing
    if current_page(attempt) is None:
        _complete(attempt, now)
        return Outcome.DONE
    attempt.save(update_fields=["answers", "timings"])
    return Outcome.SAVED


@transaction.atomic
def close_if_expired(*, attempt: AssessmentAttempt, now: datetime.datetime | None = None) -> AssessmentAttempt:
    """Close an attempt whose deadline has passed with the answers received in time (idempotent)."""
    now = now or timezone.now()
    if attempt.status != AssessmentAttempt.Status.STARTED or attempt.deadline_at is None or now <= attempt.deadline_at:
        return attempt
    attempt = _locked(attempt.pk)
    if attempt.status == AssessmentAttempt.Status.STARTED:
        _complete(attempt, attempt.deadline_at)
    return attempt


def close_expired(*, now: datetime.datetime | None = None) -> int:
    """For a periodic task: close every attempt past its deadline."""
    now = now or timezone.now()
    ids = list(AssessmentAttempt.objects.filter(status=AssessmentAttempt.Status.STARTED, deadline_at__lt=now)
               .values_list("pk", flat=True)[:500])
    for attempt in AssessmentAttempt.objects.filter(pk__in=ids):
        close_if_expired(attempt=attempt, now=now)
    return len(ids)


def _complete(attempt: AssessmentAttempt, finished_at: datetime.datetime) -> None:
    attempt.status, attempt.finished_at = AssessmentAttempt.Status.COMPLETED, finished_at
    attempt.scores = score_attempt(attempt.pages, attempt.answers)
    attempt.save(update_fields=["status", "finished_at", "scores", "answers", "timings", "late_pages"])
    request_rescore([attempt.application_id])


def parse_answer(page: dict, data) -> dict:
    """The answers of one page from the form data, keeping only values the page offers (tampering is ignored)."""
    if page["kind"] == "judgement":
        answer: dict = {}
        for item in page["items"]:
            value = data.get(f"item-{item['code']}", "")
            answer[item["code"]] = int(value) if value.isdigit() and int(value) < len(item["options"]) else None
        return answer
    content = page["content"]
    if page["exercise_kind"] == AssessmentExercise.Kind.DATA_ENTRY:
        return {f["key"]: str(data.get(f"field-{f['key']}", ""))[:200] for f in content["fields"]}
    if page["exercise_kind"] == AssessmentExercise.Kind.MATCHING:
        lines = {line["id"] for line in content["statement"]}
        return {i["id"]: (v if (v := data.get(f"invoice-{i['id']}", "")) in lines else "") for i in content["invoices"]}
    cells = {f"{row['id']}:{c['key']}" for row in content["rows"] for c in content["columns"] if c["check"]}
    return {"ticked": sorted(set(data.getlist("cell")) & cells)}


# ---------------------------------------------------------------------------
# HR: exclusion from the score
# ---------------------------------------------------------------------------
@transaction.atomic
def attempt_set_excluded(*, attempt: AssessmentAttempt, excluded: bool, reason: str, user,
                         now: datetime.datetime | None = None) -> AssessmentAttempt:
    """Leave the attempt out of the score, or put it back, saying why (recorded); the same state twice is a no-op."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, for the record.")}, code="required")
    attempt = _locked(attempt.pk)
    if attempt.excluded == excluded:
        return attempt
    attempt.excluded = excluded
    attempt.save(update_fields=["excluded"])
    AssessmentExclusion.objects.create(attempt=attempt, excluded=excluded, reason=reason[:1000], by=user,
                                       at=now or timezone.now())
    request_rescore([attempt.application_id])
    return attempt


# ---------------------------------------------------------------------------
# Reading a result (HR)
# ---------------------------------------------------------------------------
def localised(entry: dict, field: str) -> str:
    """entry[field_it] in Italian, entry[field_en] otherwise."""
    language = "it" if (translation.get_language() or "").startswith("it") else "en"
    return entry.get(f"{field}_{language}") or entry.get(f"{field}_en", "")


def result_rows(attempt: AssessmentAttempt) -> list[dict]:
    """Each page's answers next to its key, for HR's result page (in the active language)."""
    rows = []
    lang = "it" if (translation.get_language() or "").startswith("it") else "en"
    for number, page in enumerate(attempt.pages):
        answer = attempt.answers.get(str(number))
        timing = attempt.timings.get(str(number), {})
        entry: dict = {"number": number + 1, "kind": page["kind"], "answered": answer is not None,
                       "seconds": timing.get("seconds"), "late": number in attempt.late_pages}
        answer = answer or {}
        if page["kind"] == "judgement":
            entry["items"] = [_judgement_result(item, answer.get(item["code"]), lang) for item in page["items"]]
        else:
            entry.update(name=localised(page, "name"), exercise_kind=page["exercise_kind"],
                         score=exercise_score(page["exercise_kind"], page["content"], answer),
                         lines=_exercise_lines(page["exercise_kind"], page["content"], answer, lang))
        rows.append(entry)
    return rows


def _judgement_result(item: dict, position, lang: str) -> dict:
    ranked = sorted(item["options"], key=lambda o: o["rank"])
    chosen = item["options"][position] if isinstance(position, int) else None
    return {
        "competency": localised(item, "competency"), "scenario": localised(item, "scenario"),
        "options": [{"text": o[lang], "rank": o["rank"] + 1, "points": judgement_points(o["rank"], len(ranked)),
                     "chosen": chosen is not None and o["rank"] == chosen["rank"]} for o in ranked],
        "points": judgement_points(chosen["rank"] if chosen else None, len(ranked)),
        "max": len(ranked) - 1,
    }


def _exercise_lines(kind: str, content: dict, answer: dict, lang: str) -> list[dict]:
    """One line per field, invoice or questioned cell: the label, the answer, the key and whether they agree."""
    if kind == AssessmentExercise.Kind.DATA_ENTRY:
        return [{"label": f[lang], "key": key_text(f), "given": answer.get(f["key"], ""),
                 "right": field_correct(f["kind"], f["answer"], answer.get(f["key"], ""))} for f in content["fields"]]
    if kind == AssessmentExercise.Kind.MATCHING:
        return [{"label": f"{i['number']} · {i['client']} · {i['amount']}", "key": content["pairs"].get(i["id"], ""),
                 "given": answer.get(i["id"], ""), "right": answer.get(i["id"], "") == content["pairs"].get(i["id"], "")}
                for i in sorted(content["invoices"], key=lambda i: i["id"])]
    names = {row["id"]: row["employee"] for row in content["rows"]}
    columns = {column["key"]: column[lang] for column in content["columns"]}
    ticked, errors = set(answer.get("ticked", [])), set(content["errors"])
    lines = []
    for cell in sorted(ticked | errors):
        row, _colon, column = cell.partition(":")
        lines.append({"label": f"{names.get(row, row)}, {columns.get(column, column)}", "key": cell in errors,
                      "given": cell in ticked, "right": (cell in errors) == (cell in ticked)})
    return lines


# ---------------------------------------------------------------------------
# HR: the bank
# ---------------------------------------------------------------------------
@transaction.atomic
def item_save(*, item: AssessmentItem | None, competency, scenario_en: str, scenario_it: str,
              options: list[tuple[str, str]], active: bool, user) -> AssessmentItem:
    """Add an item, or change one (its version goes up; attempts already sent keep the text they showed)."""
    options = [(en.strip(), it.strip()) for en, it in options if en.strip() or it.strip()]
    if len(options) < 3 or any(not en or not it for en, it in options):
        raise ValidationError(_("Write at least three options, each in English and in Italian."), code="options")
    if item is None:
        item = AssessmentItem(code=f"hr-{competency.slug}-{uuid.uuid4().hex[:8]}"[:60])
    else:
        item = AssessmentItem.objects.select_for_update().get(pk=item.pk)
        item.version += 1
    item.competency, item.scenario_en, item.scenario_it = competency, scenario_en.strip(), scenario_it.strip()
    item.options = [{"en": en, "it": it} for en, it in options]
    item.active, item.updated_by = active, user
    item.full_clean()
    item.save()
    return item
