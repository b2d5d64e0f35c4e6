"""An interviewer fills a scorecard in a real browser and then sees colleagues' scorecards."""

import datetime

import pytest
from playwright.sync_api import expect

from evaluations.models import Scorecard
from evaluations.tests.factories import rate_everything, schedule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_interviewer_fills_and_submits_a_scorecard(browser, live_server, hr, interviewer, other_interviewer):
    interview = schedule(
        interviewers=[interviewer, other_interviewer], hr=hr, starts_in=-datetime.timedelta(hours=2),
        position__competencies=["professionalism", "teamwork"],
    )
    rate_everything(interview.scorecards.get(interviewer=other_interviewer), score=4, recommendation="strong_yes")
    candidate = interview.application.candidate.full_name

    page = browser.new_page(locale="en-GB")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("marco")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="My interviews").click()
    expect(page.get_by_role("heading", name="Scorecards overdue")).to_be_visible()
    page.get_by_role("link", name=candidate).click()
    expect(page.get_by_role("heading", name=f"Scorecard: {candidate}")).to_be_visible()

    for group in page.locator('[role="radiogroup"]').all()[:-1]:
        group.locator("label", has_text="3").click()
    page.get_by_label("Note on Professionalism & courtesy").fill("Stayed courteous when the 'client' complained twice.")
    page.locator("label", has_text="Strong yes").click()
    page.get_by_label("Key take-aways").fill("Good with clients; needs SAP training.")
    expect(page.locator("#save-status")).to_contain_text("Draft saved")
    page.get_by_role("button", name="Submit scorecard").click()

    expect(page.locator(".messages")).to_contain_text("Scorecard submitted")
    card = Scorecard.objects.get(interview=interview, interviewer=interviewer)
    assert card.status == Scorecard.Status.SUBMITTED
    assert card.ratings.filter(note__contains="courteous").exists()
    page.get_by_role("link", name="Colleagues' scorecards").click()
    expect(page.get_by_role("heading", name="Sara Lombardi · Competency interview Strong yes")).to_be_visible()
    page.close()
