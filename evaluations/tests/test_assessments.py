"""Candidate assessments: scoring rules, sending, taking (order, deadline, double submits), HR's pages."""

from __future__ import annotations

import datetime
import importlib
import io
import json
import random
import re
import time
import zipfile
from collections import Counter

import pytest
from django.apps import apps
from django.utils import timezone

from candidates import privacy, status
from candidates.models import Application, CandidateEmail, Stage
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from evaluations import assessments
from evaluations.assessment_bank import EXERCISES, JUDGEMENT_ITEMS, sync_bank
from evaluations.models import AssessmentAttempt, AssessmentExclusion, AssessmentExercise, AssessmentItem
from positions.models import Competency
from positions.tests.factories import OpenPositionFactory
from recruiting.privacy import candidate_export

T0 = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)
DATA_ENTRY_FIELDS = [
    {"key": "number", "kind": "text", "answer": "FT-2026/0418"},
    {"key": "date", "kind": "date", "answer": "2026-10-14"},
    {"key": "total", "kind": "amount", "answer": "1512.80"},
    {"key": "vat", "kind": "amount", "answer": "272.80"},
]
PAIRS = {"F1": "M5", "F2": "M3", "F3": "M1", "F4": "M6", "F5": "M4"}
PAYROLL_ERRORS = ["r2:gross", "r4:net", "r6:gross"]


# ---------------------------------------------------------------------------
# Scoring, as plain values
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(("rank", "options", "points"), [
    (0, 4, 3), (1, 4, 2), (2, 4, 1), (3, 4, 0), (None, 4, 0), (4, 4, 0), (0, 3, 2), (2, 3, 0),
])
def test_judgement_option_points_run_from_n_minus_one_for_the_best_to_zero(rank, options, points):
    assert assessments.judgement_points(rank, options) == points


@pytest.mark.parametrize(("answered", "scores"), [
    ([(1, 0, 4), (1, 0, 4)], {1: 100.0}),                       # all best
    ([(1, 3, 4), (1, 3, 4)], {1: 0.0}),                         # all worst
    ([(1, None, 4), (1, None, 4)], {1: 0.0}),                   # blank
    ([(1, 0, 4), (1, 1, 4), (1, 3, 4)], {1: 55.6}),             # 3+2+0 of 9
    ([(1, 1, 4), (2, 0, 3), (2, 2, 3)], {1: 66.7, 2: 50.0}),    # per competency, 3 options max 2
])
def test_judgement_scores_are_points_over_max_points_per_competency(answered, scores):
    assert assessments.judgement_scores(answered) == scores


@pytest.mark.parametrize(("typed", "score"), [
    ({"number": "FT-2026/0418", "date": "14/10/2026", "total": "1.512,80", "vat": "272,80"}, 100.0),
    ({"number": " ft-2026/0418 ", "date": "2026-10-14", "total": "1512.80", "vat": "€ 272,8"}, 100.0),
    ({"number": "FT-2026/0481", "date": "10/14/2026", "total": "1.521,80", "vat": "27,28"}, 0.0),
    ({"number": "FT-2026/0418", "date": "14.10.2026", "total": "1512", "vat": ""}, 50.0),
    ({"number": "FT 2026/0418", "date": "14/10/26", "total": "1,512.80", "vat": "272.80"}, 50.0),
    ({}, 0.0),
])
def test_data_entry_counts_each_field_typed_right_after_normalising(typed, score):
    assert assessments.data_entry_score(DATA_ENTRY_FIELDS, typed) == score


@pytest.mark.parametrize(("chosen", "score"), [
    (dict(PAIRS, F6=""), 100.0),
    ({"F1": "M1", "F2": "M5", "F3": "M3", "F4": "M4", "F5": "M6", "F6": "M7"}, 0.0),
    ({"F1": "M5", "F2": "M3", "F3": "M1", "F4": "", "F5": "", "F6": ""}, 60.0),
    ({"F1": "M5", "F2": "M3", "F3": "M3", "F4": "", "F5": "", "F6": ""}, 20.0),   # 2 right − 1 wrong
    ({"F1": "M5", "F2": "M3", "F3": "M1", "F4": "M6", "F5": "M4", "F6": "M7"}, 80.0),  # unpaid matched: wrong
    ({"F1": "", "F2": "", "F3": "", "F4": "", "F5": "", "F6": ""}, 0.0),
])
def test_matching_scores_right_pairs_less_wrong_pairs(chosen, score):
    assert assessments.matching_score(PAIRS, chosen) == score


@pytest.mark.parametrize(("ticked", "score"), [
    (PAYROLL_ERRORS, 100.0),
    ([], 0.0),
    (["r2:gross", "r4:net"], 66.7),
    (["r2:gross", "r4:net", "r1:net"], 33.3),
    (["r1:gross", "r1:net", "r3:net"], 0.0),
    ([f"r{n}:{c}" for n in range(1, 7) for c in ("gross", "net")], 0.0),  # ticking everything: 3 − 9
])
def test_payroll_scores_errors_found_less_false_alarms(ticked, score):
    assert assessments.payroll_score(PAYROLL_ERRORS, ticked) == score


def test_shipped_payroll_key_marks_exactly_the_figures_that_break_the_rules():
    exercise = next(e for e in EXERCISES if e["kind"] == "payroll_errors")
    wrong = []
    for row in exercise["content"]["rows"]:
        cells = {k: assessments.parse_amount(v) for k, v in row["cells"].items()}
        if cells["hours"] * cells["rate"] != cells["gross"]:
            wrong.append(f"{row['id']}:gross")
        if cells["gross"] - cells["deductions"] != cells["net"]:
            wrong.append(f"{row['id']}:net")
    assert wrong == exercise["content"]["errors"]


def test_shipped_bank_is_the_migrations_copy_with_21_items_over_7_competencies_in_both_languages():
    migration = importlib.import_module("evaluations.migrations.0013_assessment_bank")
    per_competency = Counter(slug for _code, slug, en, it, _options in JUDGEMENT_ITEMS if en and it)
    assert ([tuple(i) for i in JUDGEMENT_ITEMS] == migration.JUDGEMENT_ITEMS, migration.EXERCISES == EXERCISES,
            sorted(per_competency.items()), {len(i[4]) for i in JUDGEMENT_ITEMS}) == (
        True, True, [("communication", 3), ("confidentiality", 3), ("customer-orientation", 3),
                     ("problem-solving", 3), ("professionalism", 3), ("reliability", 3), ("teamwork", 3)], {4})


# ---------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------
@pytest.fixture
def bank(reference_data):
    sync_bank(apps)
    return {c.slug: c for c in Competency.objects.all()}


@pytest.fixture
def position(bank):
    position = OpenPositionFactory(title="Impiegato amministrativo")
    position.competencies.set([bank["communication"], bank["teamwork"]])
    assessments.plan_save(
        position=position, enabled=True, time_limit_minutes=30,
        judgement_counts={bank["communication"].pk: 2, bank["teamwork"].pk: 1},
        exercises=AssessmentExercise.objects.all(),
    )
    return position


@pytest.fixture
def application(position):
    return ApplicationFactory(position=position, stage=Stage.SCREENING,
                              candidate=CandidateFactory(first_name="Chiara", language="it"))


def _send(application, hr, seed=1, now=T0):
    return assessments.assessment_send(application=application, user=hr, rng=random.Random(seed), now=now)


def _started(application, hr, *, extra_time=False, at=T0):
    attempt = _send(application, hr)
    return assessments.assessment_start(attempt=attempt, extra_time=extra_time, now=at)


def _best_answer(page: dict) -> dict:
    if page["kind"] == "judgement":
        return {i["code"]: next(n for n, o in enumerate(i["options"]) if o["rank"] == 0) for i in page["items"]}
    content = page["content"]
    if page["exercise_kind"] == "data_entry":
        return {f["key"]: f["answer"] for f in content["fields"]}
    if page["exercise_kind"] == "matching":
        return {i["id"]: content["pairs"].get(i["id"], "") for i in content["invoices"]}
    return {"ticked": list(content["errors"])}


def _take_url(application):
    return f"/status/{status.make_token(application.pk)}/assessment/take/"


# ---------------------------------------------------------------------------
# Sending
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(("stage", "sent"), [
    (Stage.APPLIED, False), (Stage.SCREENING, True), (Stage.INTERVIEW, True), (Stage.OFFER, True),
    (Stage.HIRED, False),
])
def test_assessment_is_sent_from_screening_on_while_the_application_is_open(hr_client, position, stage, sent):
    application = ApplicationFactory(position=position, stage=stage)
    hr_client.post(f"/staff/applications/{application.pk}/assessment/send/")
    assert AssessmentAttempt.objects.filter(application=application).exists() is sent


def test_sending_freezes_the_plan_and_e_mails_the_candidate_once_without_a_signed_link(hr_client, application):
    hr_client.post(f"/staff/applications/{application.pk}/assessment/send/")
    hr_client.post(f"/staff/applications/{application.pk}/assessment/send/")
    attempt = AssessmentAttempt.objects.get(application=application)
    email = CandidateEmail.objects.get(application=application)
    kinds = [p["kind"] if p["kind"] == "judgement" else p["exercise_kind"] for p in attempt.pages]
    assert (
        sorted(kinds), sum(len(p.get("items", [])) for p in attempt.pages), attempt.time_limit_minutes,
        email.key, "[link sent only to the candidate]" in email.body, "/status/" in email.body, email.language,
    ) == (
        ["data_entry", "judgement", "matching", "payroll_errors"], 3, 30,
        f"assessment:{attempt.pk}", True, False, "it",
    )


def test_edit_of_an_item_leaves_the_text_an_attempt_showed(hr, application):
    attempt = _send(application, hr)
    item = attempt.pages[0]["items"][0]
    bank_item = AssessmentItem.objects.get(code=item["code"])
    assessments.item_save(item=bank_item, competency=bank_item.competency, scenario_en="Changed", scenario_it="Cambiato",
                          options=[("a", "a"), ("b", "b"), ("c", "c")], active=True, user=hr)
    attempt.refresh_from_db()
    bank_item.refresh_from_db()
    assert (attempt.pages[0]["items"][0]["scenario_en"] != "Changed", item["version"], bank_item.version) == (True, 1, 2)


# ---------------------------------------------------------------------------
# Taking it
# ---------------------------------------------------------------------------
def test_shuffled_order_is_stored_per_attempt_and_stable_on_reload(client, hr, application, position):
    attempt = assessments.assessment_start(attempt=_send(application, hr, seed=7), extra_time=False)
    url = _take_url(application)
    first, second = (re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", client.get(url).content.decode())
                     for _visit in range(2))
    stored = [(i["code"], [o["en"] for o in i["options"]]) for i in attempt.pages[0]["items"]]
    other = ApplicationFactory(position=position, stage=Stage.SCREENING)
    other_pages = _send(other, hr, seed=8).pages
    assert first == second
    # The page shows the items and options in the stored order (Italian: the candidate's language).
    positions = [first.index(f'name="item-{code}"') for code, _options in stored]
    assert positions == sorted(positions)
    option_texts = [o["it"] for o in attempt.pages[0]["items"][0]["options"]]
    assert [first.index(text.replace("'", "&#x27;")) for text in option_texts] == sorted(
        first.index(text.replace("'", "&#x27;")) for text in option_texts)
    assert [(i["code"], [o["rank"] for o in i["options"]]) for i in other_pages[0]["items"]] != [
        (i["code"], [o["rank"] for o in i["options"]]) for i in attempt.pages[0]["items"]]


def test_a_page_sent_twice_counts_once_and_keeps_the_first_answers(hr, application):
    attempt = _started(application, hr)
    best = _best_answer(attempt.pages[0])
    worst = {code: next(n for n, o in enumerate(i["options"]) if o["rank"] == 3)
             for code, i in ((i["code"], i) for i in attempt.pages[0]["items"])}
    outcomes = [assessments.page_submit(attempt=attempt, page=0, answer=best, now=T0 + datetime.timedelta(minutes=1)),
                assessments.page_submit(attempt=attempt, page=0, answer=worst, now=T0 + datetime.timedelta(minutes=2))]
    attempt.refresh_from_db()
    assert (outcomes, attempt.answers, assessments.current_page(attempt)) == (["saved", "already"], {"0": best}, 1)


def test_double_post_through_the_page_saves_once(client, hr, application):
    attempt = assessments.assessment_start(attempt=_send(application, hr), extra_time=False)
    data = {"page": "0", **{f"item-{c}": str(v) for c, v in _best_answer(attempt.pages[0]).items()}}
    client.get(_take_url(application))
    responses = [client.post(_take_url(application), data), client.post(_take_url(application), data)]
    attempt.refresh_from_db()
    assert ([r.status_code for r in responses], list(attempt.answers), assessments.current_page(attempt)) == (
        [302, 302], ["0"], 1)


def test_all_pages_answered_best_scores_100_everywhere_and_asks_for_a_rescore(hr, application, bank):
    attempt = _started(application, hr)
    outcomes = [assessments.page_submit(attempt=attempt, page=n, answer=_best_answer(p),
                                        now=T0 + datetime.timedelta(minutes=n + 1))
                for n, p in enumerate(attempt.pages)]
    attempt.refresh_from_db()
    evidence = assessments.evidence_for([application.pk])[application.pk]
    assert (outcomes[-1], attempt.status, evidence.judgement,
            sorted(e[0] for e in evidence.exercises), {e[3] for e in evidence.exercises},
            Application.objects.get(pk=application.pk).rescore_requested_at is not None) == (
        "done", "completed", {bank["communication"].pk: 100.0, bank["teamwork"].pk: 100.0},
        ["bank-matching", "data-entry-invoice", "payroll-errors"], {100.0}, True)


@pytest.mark.parametrize(("extra_time", "seconds_after_start", "counted"), [
    (False, 1800, True), (False, 1801, False), (True, 2700, True), (True, 2701, False),
])
def test_deadline_is_the_time_limit_or_half_as_much_again_to_the_second(hr, application, extra_time,
                                                                         seconds_after_start, counted):
    attempt = _started(application, hr, extra_time=extra_time)
    answer = _best_answer(attempt.pages[0])
    outcome = assessments.page_submit(attempt=attempt, page=0, answer=answer,
                                      now=T0 + datetime.timedelta(seconds=seconds_after_start))
    attempt.refresh_from_db()
    assert (outcome, "0" in attempt.answers, attempt.status == "completed", attempt.late_pages) == (
        ("saved", True, False, []) if counted else ("late", False, True, [0]))


def test_after_the_deadline_the_candidate_is_told_kindly_and_earlier_pages_count(client, hr, application, bank):
    attempt = assessments.assessment_start(attempt=_send(application, hr), extra_time=False,
                                           now=timezone.now() - datetime.timedelta(minutes=29))
    assessments.page_submit(attempt=attempt, page=0, answer=_best_answer(attempt.pages[0]))
    AssessmentAttempt.objects.filter(pk=attempt.pk).update(deadline_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.post(_take_url(application), {"page": "1"}, follow=True)
    attempt.refresh_from_db()
    assert (attempt.status, attempt.late_pages, attempt.scores["judgement"][str(bank["communication"].pk)] > 0,
            "data-assessment-late" in response.content.decode()) == ("completed", [1], True, True)


def test_a_second_start_changes_neither_the_clock_nor_the_extra_time(hr, application):
    attempt = _started(application, hr, extra_time=True)
    again = assessments.assessment_start(attempt=attempt, extra_time=False, now=T0 + datetime.timedelta(minutes=5))
    assert (again.started_at, again.extra_time, again.deadline_at) == (T0, True, T0 + datetime.timedelta(minutes=45))


@pytest.mark.parametrize("path", ["assessment/", "assessment/take/"])
def test_tampered_link_gives_the_friendly_link_page(client, application, path):
    token = status.make_token(application.pk)
    response = client.get(f"/status/{token[:-2]}xx/{path}")
    assert (response.status_code, 'data-link-problem="invalid"' in response.content.decode()) == (404, True)


def test_expired_link_gives_the_friendly_link_page(client, application, monkeypatch):
    token = status.make_token(application.pk)
    later = time.time() + 400 * 24 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    response = client.get(f"/status/{token}/assessment/")
    assert (response.status_code, 'data-link-problem="expired"' in response.content.decode()) == (410, True)


def test_no_assessment_sent_is_a_404(client, application):
    assert client.get(f"/status/{status.make_token(application.pk)}/assessment/").status_code == 404


def test_status_page_offers_the_assessment_in_the_candidates_language(client, hr, application):
    _send(application, hr)
    body = client.get(status.page_path(status.make_token(application.pk))).content.decode()
    assert ('data-assessment-status="sent"' in body, "/assessment/" in body) == (True, True)


# ---------------------------------------------------------------------------
# HR
# ---------------------------------------------------------------------------
def _complete(application, hr):
    attempt = _started(application, hr)
    for n, page in enumerate(attempt.pages):
        assessments.page_submit(attempt=attempt, page=n, answer=_best_answer(page), now=T0 + datetime.timedelta(minutes=1))
    attempt.refresh_from_db()
    return attempt


@pytest.mark.parametrize(("who", "code"), [("hr", 200), ("interviewer", 404), ("anonymous", 302)])
def test_result_page_is_for_hr_only(client, hr, interviewer, application, who, code):
    _complete(application, hr)
    application.position.panel.add(interviewer)
    if who != "anonymous":
        client.force_login(hr if who == "hr" else interviewer)
    assert client.get(f"/staff/applications/{application.pk}/assessment/").status_code == code


@pytest.mark.parametrize(("who", "code"), [("hr", 200), ("interviewer", 404), ("anonymous", 302)])
def test_plan_page_is_for_hr_only(client, hr, interviewer, position, who, code):
    if who != "anonymous":
        client.force_login(hr if who == "hr" else interviewer)
    assert client.get(f"/staff/positions/{position.pk}/assessment/").status_code == code


def test_plan_page_saves_counts_exercises_and_time_limit(hr_client, position, bank):
    data = {"enabled": "on", "time_limit_minutes": "40", f"count_{bank['reliability'].pk}": "2",
            "exercises": [AssessmentExercise.objects.get(code="payroll-errors").pk]}
    response = hr_client.post(f"/staff/positions/{position.pk}/assessment/", data)
    plan = assessments.plan_for(position)
    assert (response.status_code, plan.time_limit_minutes, plan.judgement_counts,
            [e.code for e in plan.exercises.all()]) == (302, 40, {str(bank["reliability"].pk): 2}, ["payroll-errors"])


def test_candidate_page_shows_the_scores_to_hr_and_nothing_to_an_interviewer(client, hr, interviewer, application):
    _complete(application, hr)
    client.force_login(hr)
    hr_body = client.get(application.get_absolute_url()).content.decode()
    client.force_login(interviewer)
    from evaluations.models import Interview

    interview = Interview.objects.create(application=application, starts_at=T0, location="Sala 1")
    interview.interviewers.add(interviewer)
    interviewer_body = client.get(application.get_absolute_url()).content.decode()
    assert ('data-assessment-scores' in hr_body, "Payroll" in hr_body or "payroll" in hr_body,
            "data-assessment-section" in interviewer_body) == (True, True, False)


def test_exclusion_needs_a_reason_and_is_recorded_and_reversible(hr_client, hr, application):
    attempt = _complete(application, hr)
    url = f"/staff/applications/{application.pk}/assessment/exclusion/"
    refused = hr_client.post(url, {"excluded": "yes", "reason": "  "})
    attempt.refresh_from_db()
    state_after_refusal = attempt.excluded
    hr_client.post(url, {"excluded": "yes", "reason": "Took it with help, as they told us"})
    excluded_evidence = assessments.evidence_for([application.pk])
    hr_client.post(url, {"excluded": "no", "reason": "Checked: they took it alone"})
    rows = list(AssessmentExclusion.objects.values_list("excluded", "reason", "by__username"))
    assert (refused.status_code, state_after_refusal, excluded_evidence, list(assessments.evidence_for([application.pk])),
            rows) == (
        400, False, {}, [application.pk],
        [(True, "Took it with help, as they told us", "giulia"), (False, "Checked: they took it alone", "giulia")])


def test_evidence_for_takes_one_query_for_one_or_five_applications(hr, position, django_assert_num_queries):
    ids = []
    for _n in range(5):
        application = ApplicationFactory(position=position, stage=Stage.SCREENING)
        _complete(application, hr)
        ids.append(application.pk)
    with django_assert_num_queries(1):
        one = assessments.evidence_for(ids[:1])
    with django_assert_num_queries(1):
        five = assessments.evidence_for(ids)
    assert (len(one), len(five)) == (1, 5)


def test_evidence_for_leaves_out_attempts_not_completed(hr, application):
    _started(application, hr)
    assert assessments.evidence_for([application.pk]) == {}


# ---------------------------------------------------------------------------
# Privacy
# ---------------------------------------------------------------------------
def test_export_holds_the_answers_and_anonymising_scrubs_them_but_keeps_the_scores(hr, application):
    attempt = _complete(application, hr)
    data = json.loads(zipfile.ZipFile(io.BytesIO(candidate_export(candidate=application.candidate, user=hr)))
                      .read("data.json"))
    exported = data["applications"][0]["assessments"][0]
    privacy.application_anonymise(application)
    attempt.refresh_from_db()
    assert (len(exported["answers"]), exported["status"], attempt.answers, attempt.timings,
            len(attempt.scores["exercises"])) == (len(attempt.pages), "completed", {}, {}, 3)


def test_close_expired_closes_only_attempts_past_their_deadline(hr, position):
    late, on_time = (ApplicationFactory(position=position, stage=Stage.SCREENING) for _n in range(2))
    _started(late, hr, at=T0)
    _started(on_time, hr, at=T0 + datetime.timedelta(minutes=10))
    closed = assessments.close_expired(now=T0 + datetime.timedelta(minutes=30, seconds=1))
    states = dict(AssessmentAttempt.objects.values_list("application_id", "status"))
    finished = AssessmentAttempt.objects.get(application=late).finished_at
    assert (closed, states[late.pk], states[on_time.pk], finished) == (
        1, "completed", "started", T0 + datetime.timedelta(minutes=30))


def test_a_closed_application_can_no_longer_start_its_assessment(client, hr, application):
    attempt = _send(application, hr)
    Application.objects.filter(pk=application.pk).update(stage=Stage.HIRED)
    token = status.make_token(application.pk)
    response = client.post(f"/status/{token}/assessment/", {"extra_time": "on"})
    attempt.refresh_from_db()
    assert (response.status_code, "data-assessment-closed" in response.content.decode(), attempt.status) == (
        200, True, "sent")


def test_result_page_shows_each_answer_next_to_its_key(hr_client, hr, application):
    attempt = _started(application, hr)
    for n, page in enumerate(attempt.pages):
        answer = _best_answer(page)
        if page["kind"] == "exercise" and page["exercise_kind"] == "payroll_errors":
            answer = {"ticked": ["r2:gross", "r1:net"]}
        assessments.page_submit(attempt=attempt, page=n, answer=answer, now=T0 + datetime.timedelta(minutes=1))
    body = hr_client.get(f"/staff/applications/{application.pk}/assessment/").content.decode()
    payroll = body[body.index("Errors in a payroll sheet (0.0)"):]
    assert ("L. Colombo, Gross pay (€)" in payroll, "A. Bassi, Net pay (€)" in payroll,
            "S. Esposito, Net pay (€)" in payroll, "14/10/2026" in body, "1.512,80" in body,
            body.count("← chosen")) == (True, True, True, True, True, 3)
