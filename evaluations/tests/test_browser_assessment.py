"""A candidate takes the assessment in Italian with the keyboard alone; HR reads the result in English."""

import pytest
from django.apps import apps
from playwright.sync_api import expect

from candidates import status
from candidates.models import Stage
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from conftest import sign_in
from evaluations import assessments
from evaluations.assessment_bank import sync_bank
from evaluations.models import AssessmentAttempt, AssessmentExercise
from positions.models import Competency
from positions.tests.factories import OpenPositionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_candidate_takes_the_assessment_by_keyboard_and_hr_sees_the_result(browser, live_server, hr):
    sync_bank(apps)
    position = OpenPositionFactory(title="Impiegato amministrativo")
    assessments.plan_save(
        position=position, enabled=True, time_limit_minutes=20,
        judgement_counts={Competency.objects.get(slug="communication").pk: 1},
        exercises=AssessmentExercise.objects.filter(code="data-entry-invoice"),
    )
    application = ApplicationFactory(position=position, stage=Stage.SCREENING,
                                     candidate=CandidateFactory(first_name="Chiara", language="it"))
    attempt = assessments.assessment_send(application=application, user=hr)
    judgement = next(p for p in attempt.pages if p["kind"] == "judgement")["items"][0]
    best = next(n for n, o in enumerate(judgement["options"]) if o["rank"] == 0)

    visitor = browser.new_page(locale="it-IT")
    visitor.goto(f"{live_server.url}{status.page_path(status.make_token(application.pk))}")
    visitor.locator("[data-assessment-status] a").focus()
    visitor.keyboard.press("Enter")
    visitor.get_by_role("checkbox").focus()
    visitor.keyboard.press("Space")
    visitor.locator("[data-assessment-start] button[type=submit]").focus()
    visitor.keyboard.press("Enter")
    expect(visitor.locator("[data-assessment-timer]")).to_contain_text("30")  # 20 minutes + 50 %
    expect(visitor.locator("[aria-live=polite]")).to_have_count(1)
    # Page 1: the situation (judgement pages come before the exercises); choose the best option.
    expect(visitor.locator('[data-assessment-page="0"] fieldset[data-item]')).to_have_count(1)
    visitor.locator(f"#item-{judgement['code']}-{best}").focus()
    visitor.keyboard.press("Space")
    visitor.locator("[data-assessment-form] button[type=submit]").focus()
    visitor.keyboard.press("Enter")
    # Page 2: the invoice; one amount mistyped, the rest typed in other formats; Enter sends it.
    expect(visitor.locator('[data-assessment-page="1"] [data-exercise=data_entry]')).to_be_visible()
    for key, typed in [("vat_number", "04817250961"), ("number", "ft-2026/0418"), ("date", "14/10/2026"),
                       ("taxable", "1240"), ("vat", "272,80"), ("total", "1.521,80")]:
        visitor.locator(f"#field-{key}").focus()
        visitor.keyboard.type(typed)
    visitor.keyboard.press("Enter")
    expect(visitor.locator("[data-assessment-done]")).to_be_visible()
    attempt.refresh_from_db()
    assert (attempt.status, attempt.extra_time) == (AssessmentAttempt.Status.COMPLETED, True)

    staff = browser.new_page(locale="en-GB")
    sign_in(staff, live_server, "giulia")
    staff.goto(f"{live_server.url}{application.get_absolute_url()}")
    scores = staff.locator("[data-assessment-scores]")
    expect(scores).to_contain_text("Situational judgement: Communication")
    expect(scores).to_contain_text("100.0")
    expect(scores).to_contain_text("Data entry from an invoice")
    expect(scores).to_contain_text("83.3")
    staff.get_by_role("link", name="See the answers and the key").click()
    expect(staff.locator("[data-extra-time]")).to_contain_text("extra time asked")
    staff.close()
    visitor.close()
