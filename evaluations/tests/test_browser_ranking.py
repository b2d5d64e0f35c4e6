"""HR reads the ranking in a real browser: breakdown, comparison, and a move made by a person."""

import pytest
from playwright.sync_api import expect

from candidates.models import Stage
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from evaluations import ranking
from positions.tests.factories import OpenPositionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_hr_ranks_compares_and_moves_the_first_to_offer(browser, live_server, hr):
    position = OpenPositionFactory(title="Payroll assistant", skills=["Payroll processing", "Excel"])
    best = ApplicationFactory(position=position, candidate=CandidateFactory(first_name="Irene", last_name="Sala"),
                              education_level=5, years_experience=7, resume_text="Payroll processing and Excel")
    other = ApplicationFactory(position=position, candidate=CandidateFactory(first_name="Paolo", last_name="Riva"),
                               education_level=2, years_experience=1, resume_text="Excel")
    ranking.rescore(position_id=position.pk)

    page = browser.new_page(locale="en-GB")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("giulia")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/staff/positions/{position.pk}/ranking/")
    rows = page.locator("tr.ranking-row")
    expect(rows.first).to_contain_text("Irene Sala")
    page.locator("details summary").first.click()
    expect(page.get_by_text("Payroll processing: found in the résumé").first).to_be_visible()
    page.get_by_label("Select Irene Sala").check()
    page.get_by_label("Select Paolo Riva").check()
    page.get_by_role("button", name="Compare selected").click()
    expect(page.get_by_role("heading", name="Compare candidates")).to_be_visible()
    expect(page.get_by_role("row", name="Criterion by criterion")).to_be_visible()
    page.go_back()
    # One form for the page: tick Irene only, move her to the offer stage.
    page.get_by_label("Select Paolo Riva").uncheck()
    page.get_by_label("Select Irene Sala").check()
    page.get_by_label("With the selected").select_option("move")
    page.get_by_role("group", name="Bulk actions").get_by_label("Stage").select_option("offer")
    page.get_by_role("button", name="Apply to selected").click()
    expect(page.locator(".messages")).to_contain_text("1 application updated.")
    expect(page).to_have_url(f"{live_server.url}/staff/positions/{position.pk}/ranking/?")
    best.refresh_from_db()
    other.refresh_from_db()
    assert best.stage == Stage.OFFER and other.stage == Stage.APPLIED
    assert best.stage_changes.last().changed_by == hr
    page.close()
