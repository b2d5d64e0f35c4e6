"""HR goes from the ranking to a position's scoring settings in a real browser and reads the calibration."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import sign_in
from evaluations.models import Rating, Scorecard
from evaluations.tests.factories import schedule
from positions.tests.factories import OpenPositionFactory
from recruiting.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _submitted(person, scores, hr):
    """`person` has submitted one scorecard with these ratings (on another position's interview)."""
    card = schedule(interviewers=[person], hr=hr).scorecards.get(interviewer=person)
    card.ratings.all().delete()
    Rating.objects.bulk_create(
        Rating(scorecard=card, group=Rating.Group.SKILLS, criterion=f"past:{i}", label="Past", order=i, score=s)
        for i, s in enumerate(scores)
    )
    Scorecard.objects.filter(pk=card.pk).update(
        status=Scorecard.Status.SUBMITTED, submitted_at=timezone.now(), recommendation="yes"
    )


def test_hr_opens_the_scoring_settings_from_the_ranking_and_reads_the_calibration(browser, live_server, hr):
    position = OpenPositionFactory(title="Payroll assistant", skills=["Payroll processing"])
    lenient = UserFactory(username="bruno", first_name="Bruno", last_name="Costa", role="interviewer")
    newcomer = UserFactory(username="anna", first_name="Anna", last_name="Bassi", role="interviewer")
    _submitted(lenient, [4] * 20, hr)
    _submitted(newcomer, [2] * 12, hr)
    position.panel.set([lenient, newcomer])

    page = browser.new_page(locale="en-GB")
    sign_in(page, live_server, "giulia")
    page.goto(f"{live_server.url}/staff/positions/{position.pk}/ranking/")
    page.get_by_role("link", name="Scoring settings").click()

    expect(page.get_by_role("heading", name="Scoring settings")).to_be_visible()
    table = page.get_by_role("table", name="Calibration of the interviewers")
    anna = table.get_by_role("row", name="Anna Bassi")
    bruno = table.get_by_role("row", name="Bruno Costa")
    # All 32 ratings average 3.25: Bruno's 4.00 is 0.75 above, Anna's 2.00 1.25 below (rounded half up).
    expect(anna.get_by_role("cell")).to_have_text(["12", "2.00", "3.25", "−1.3", "Not yet: needs 20 ratings, has 12"])
    expect(bruno.get_by_role("cell")).to_have_text(["20", "4.00", "3.25", "+0.8", "Applied"])
    expect(page.get_by_text("This is an example, not a candidate")).to_be_visible()
    expect(page.locator("#example-profile")).to_contain_text("by Bruno Costa, whose offset +0.8 is applied")
    page.close()
