"""HR offers three interview times; the candidate, in Italian, picks one from their status link; HR sees the interview."""

import datetime
import zoneinfo

import pytest
from playwright.sync_api import expect

from candidates import status
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from evaluations.models import Interview, SlotOffer
from positions.tests.factories import OpenPositionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ROME = zoneinfo.ZoneInfo("Europe/Rome")


def test_candidate_picks_one_of_three_offered_times(browser, live_server, hr, interviewer):
    position = OpenPositionFactory(title="Impiegato contabile")
    position.panel.add(interviewer)
    candidate = CandidateFactory(first_name="Chiara", last_name="Bianchi", language="it")
    application = ApplicationFactory(position=position, candidate=candidate)

    staff = browser.new_page(locale="en-GB")
    staff.goto(f"{live_server.url}/accounts/login/")
    staff.get_by_label("Username").fill("giulia")
    staff.get_by_label("Password").fill("a-long-test-password")
    staff.get_by_role("button", name="Log in").click()
    staff.goto(f"{live_server.url}{application.get_absolute_url()}")
    staff.get_by_role("link", name="Let the candidate choose a time").click()
    staff.get_by_label("Kind of interview").select_option("competency")
    staff.get_by_label("Duration (minutes)").fill("60")
    staff.get_by_label("Place or video link").fill("Sala riunioni 2, via Roma 1, Milano")
    staff.get_by_label("Marco Conti").check()
    for number, value in enumerate(["2027-03-08T10:00", "2027-03-09T11:30", "2027-03-10T15:00"], start=1):
        staff.locator(f"#id_start_{number}").fill(value)
    staff.get_by_role("button", name="Offer these times").click()
    expect(staff.locator(".messages")).to_contain_text("Times offered")
    offer = SlotOffer.objects.get()
    assert offer.slots.count() == 3

    visitor = browser.new_page(locale="it-IT")
    visitor.goto(f"{live_server.url}{status.page_path(status.make_token(application.pk))}")
    visitor.locator("[data-slot-offer] a").click()
    expect(visitor.locator("[data-slot]")).to_have_count(3)
    expect(visitor.locator("[data-slot]").nth(1)).to_contain_text("martedì 9 marzo 2027, 11:30")
    visitor.locator("[data-slot] input").nth(1).check()
    visitor.locator("[data-slot-choose] button[type=submit]").click()
    visitor.locator("[data-slot-confirm] button[value=confirm]").click()
    expect(visitor.locator("[data-interview]")).to_contain_text("martedì 9 marzo 2027, 11:30")

    interview = Interview.objects.get()
    assert interview.starts_at == datetime.datetime(2027, 3, 9, 11, 30, tzinfo=ROME)
    staff.goto(f"{live_server.url}{application.get_absolute_url()}")
    expect(staff.locator('section[aria-labelledby="interviews-heading"] li.mb-1')).to_contain_text("Competency interview · 09/03/2027 11:30")
    expect(staff.locator('[data-slot-offer="taken"]')).to_contain_text("Time chosen")
    staff.close()
    visitor.close()
