"""Assessment pages for HR (the bank, an item, an exercise's key, the position link) and the candidate's start."""

from __future__ import annotations

import pytest
from django.apps import apps

from candidates import status
from candidates.models import Stage
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from evaluations import assessments
from evaluations.assessment_bank import sync_bank
from evaluations.models import AssessmentAttempt, AssessmentExercise, AssessmentItem
from positions.models import Competency
from positions.tests.factories import OpenPositionFactory
from recruiting import email_previews


@pytest.fixture
def bank(reference_data):
    sync_bank(apps)


@pytest.mark.parametrize("path", [
    "/staff/assessments/bank/", "/staff/assessments/bank/items/new/",
])
@pytest.mark.parametrize(("who", "code"), [("hr", 200), ("interviewer", 404), ("anonymous", 302)])
def test_bank_pages_are_for_hr_only(client, hr, interviewer, bank, path, who, code):
    if who != "anonymous":
        client.force_login(hr if who == "hr" else interviewer)
    assert client.get(path).status_code == code


def test_bank_lists_the_shipped_items_and_exercises(hr_client, bank):
    body = hr_client.get("/staff/assessments/bank/").content.decode()
    assert (body.count("data-item="), body.count("/staff/assessments/bank/exercises/")) == (21, 3)


def test_hr_adds_an_item_with_options_best_first(hr_client, hr, bank):
    teamwork = Competency.objects.get(slug="teamwork")
    data = {"competency": teamwork.pk, "scenario_en": "A colleague is ill on payroll day.",
            "scenario_it": "Un collega è malato il giorno delle paghe.", "active": "on",
            "option_1_en": "Best", "option_1_it": "Migliore", "option_2_en": "Middle", "option_2_it": "Media",
            "option_3_en": "Worst", "option_3_it": "Peggiore"}
    response = hr_client.post("/staff/assessments/bank/items/new/", data)
    item = AssessmentItem.objects.get(scenario_en="A colleague is ill on payroll day.")
    assert (response.status_code, item.competency, item.options, item.updated_by == hr, item.version) == (
        302, teamwork, [{"en": "Best", "it": "Migliore"}, {"en": "Middle", "it": "Media"},
                        {"en": "Worst", "it": "Peggiore"}], True, 1)


@pytest.mark.parametrize(("options", "saved"), [
    ({"option_1_en": "A", "option_1_it": "A", "option_2_en": "B", "option_2_it": "B"}, False),
    ({"option_1_en": "A", "option_1_it": "A", "option_2_en": "B", "option_2_it": "", "option_3_en": "C",
      "option_3_it": "C"}, False),
    ({"option_1_en": "A", "option_1_it": "A", "option_2_en": "B", "option_2_it": "B", "option_3_en": "C",
      "option_3_it": "C"}, True),
])
def test_an_item_needs_three_options_in_both_languages(hr_client, bank, options, saved):
    item = AssessmentItem.objects.get(code="sj-teamwork-1")
    data = {"competency": item.competency_id, "scenario_en": "New", "scenario_it": "Nuovo", "active": "on", **options}
    response = hr_client.post(f"/staff/assessments/bank/items/{item.pk}/", data)
    item.refresh_from_db()
    assert (response.status_code, item.scenario_en == "New", item.version) == (
        (302, True, 2) if saved else (200, False, 1))


def test_retiring_an_item_keeps_it_out_of_new_assessments(hr_client, hr, bank):
    item = AssessmentItem.objects.get(code="sj-teamwork-1")
    data = {"competency": item.competency_id, "scenario_en": item.scenario_en, "scenario_it": item.scenario_it,
            **{f"option_{n}_{lang}": o[lang] for n, o in enumerate(item.options, start=1) for lang in ("en", "it")}}
    hr_client.post(f"/staff/assessments/bank/items/{item.pk}/", data)  # "active" unticked
    position = OpenPositionFactory()
    assessments.plan_save(position=position, enabled=True, time_limit_minutes=20,
                          judgement_counts={item.competency_id: 10}, exercises=[])
    attempt = assessments.assessment_send(application=ApplicationFactory(position=position, stage=Stage.SCREENING),
                                          user=hr)
    codes = sorted(i["code"] for page in attempt.pages for i in page["items"])
    assert codes == ["sj-teamwork-2", "sj-teamwork-3"]


@pytest.mark.parametrize(("code", "key_text"), [
    ("data-entry-invoice", "FT-2026/0418"), ("bank-matching", "SEPA CT ROSSI IMPIANTI SRL FATTURA 311"),
    ("payroll-errors", "L. Colombo"),
])
def test_exercise_page_shows_the_key_to_hr(hr_client, bank, code, key_text):
    exercise = AssessmentExercise.objects.get(code=code)
    body = hr_client.get(f"/staff/assessments/bank/exercises/{exercise.pk}/").content.decode()
    key = body[body.index("data-exercise-key"):]
    assert key_text in key


def test_position_page_links_hr_to_the_assessment_settings(hr_client, bank):
    position = OpenPositionFactory()
    body = hr_client.get(position.get_absolute_url()).content.decode()
    assert f"/staff/positions/{position.pk}/assessment/" in body


def test_plan_refuses_an_assessment_with_nothing_in_it(hr_client, bank):
    position = OpenPositionFactory()
    response = hr_client.post(f"/staff/positions/{position.pk}/assessment/", {"enabled": "on",
                                                                             "time_limit_minutes": "30"})
    assert (response.status_code, assessments.plan_for(position)) == (200, None)


@pytest.mark.parametrize(("extra", "minutes"), [("", 30), ("on", 45)])
def test_candidate_starts_with_or_without_extra_time(client, hr, bank, extra, minutes):
    position = OpenPositionFactory()
    assessments.plan_save(position=position, enabled=True, time_limit_minutes=30,
                          judgement_counts={Competency.objects.get(slug="communication").pk: 1}, exercises=[])
    application = ApplicationFactory(position=position, stage=Stage.SCREENING,
                                     candidate=CandidateFactory(language="en"))
    assessments.assessment_send(application=application, user=hr)
    token = status.make_token(application.pk)
    start_page = client.get(f"/status/{token}/assessment/")
    response = client.post(f"/status/{token}/assessment/", {"extra_time": extra} if extra else {})
    attempt = AssessmentAttempt.objects.get()
    assert (start_page.status_code, response.status_code, response["Location"], attempt.extra_time,
            (attempt.deadline_at - attempt.started_at).total_seconds()) == (
        200, 302, f"/status/{token}/assessment/take/", bool(extra), minutes * 60)


@pytest.mark.parametrize("language", ["en", "it"])
def test_the_assessment_e_mail_is_previewed_in_each_language(reference_data, language):
    preview = next(p for p in email_previews.previews(language) if p.slug == "assessment")
    assert ("/status/…/" in preview.body, "30" in preview.body) == (True, True)


def test_attempts_are_read_only_in_the_admin(client, hr, bank):
    from django.contrib.auth import get_user_model

    position = OpenPositionFactory()
    assessments.plan_save(position=position, enabled=True, time_limit_minutes=30, judgement_counts={},
                          exercises=AssessmentExercise.objects.all())
    attempt = assessments.assessment_send(application=ApplicationFactory(position=position, stage=Stage.SCREENING),
                                          user=hr)
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.invalid", "a-long-pass-1"))
    base = "/admin/evaluations/assessmentattempt/"
    change = client.get(f"{base}{attempt.pk}/change/").content.decode()
    assert (client.get(base).status_code, client.get(f"{base}add/").status_code,
            client.get(f"{base}{attempt.pk}/delete/").status_code, 'name="_save"' in change) == (200, 403, 403, False)
