"""A candidate asks for another time for their upcoming interview from the status link; HR sees the note."""

import datetime
import zoneinfo

import pytest
from playwright.sync_api import expect

from candidates import stages, status
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from conftest import sign_in
from core.models import StaffEmail
from evaluations.models import Interview
from evaluations.tests.factories import schedule
from positions.tests.factories import OpenPositionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ROME = zoneinfo.ZoneInfo("Europe/Rome")


def test_candidate_asks_for_another_time_and_hr_sees_it(browser, live_server, hr, interviewer):
    position = OpenPositionFactory(title="Impiegato contabile")
    candidate = CandidateFactory(first_name="Chiara", last_name="Bianchi", language="en")
    application = ApplicationFactory(position=position, candidate=candidate, stage=stages.INTERVIEW)
    interview = schedule(interviewers=[interviewer], application=application, hr=hr,
                         starts_at=datetime.datetime(2027, 3, 8, 10, 0, tzinfo=ROME))

    visitor = browser.new_page(locale="en-GB")
    visitor.goto(f"{live_server.url}{status.page_path(status.make_token(application.pk))}")
    expect(visitor.locator("[data-interview]")).to_contain_text("Monday 8 March 2027, 10:00")
    visitor.locator("[data-reschedule] summary").click()
    visitor.get_by_role("button", name="Ask for another time").click()  # nothing typed yet
    expect(visitor.locator("[data-reschedule-error]")).to_have_text("Tell us which days and times would suit you.")
    visitor.get_by_label("Which days and times would suit you?").fill("Any afternoon <b>after</b> 15:00.")
    visitor.get_by_role("button", name="Ask for another time").click()
    expect(visitor.locator(".messages")).to_contain_text("Thank you: we have your request")
    expect(visitor.locator("[data-reschedule-asked]")).to_have_text(
        "You asked for another time; we will get back to you.")
    interview.refresh_from_db()
    assert (interview.reschedule_request_note, interview.status, StaffEmail.objects.count()) == (
        "Any afternoon <b>after</b> 15:00.", Interview.Status.SCHEDULED, 1)

    staff = browser.new_page(locale="en-GB")
    sign_in(staff, live_server, "giulia")
    staff.goto(f"{live_server.url}{application.get_absolute_url()}")
    expect(staff.locator("[data-reschedule-request]")).to_contain_text("Asked for another time on")
    expect(staff.locator("[data-reschedule-request]")).to_contain_text("Any afternoon <b>after</b> 15:00.")
    staff.close()
    visitor.close()
