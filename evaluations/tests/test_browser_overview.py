"""HR opens the interviews overview, filters by interviewer, sees a conflict; then copies the calendar address."""

import datetime
import zoneinfo

import pytest
from playwright.sync_api import expect

from candidates.models import Stage
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from evaluations.models import Interview
from evaluations.tests.factories import schedule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ROME = zoneinfo.ZoneInfo("Europe/Rome")


def _interview(people, hr, name, hour, minute=0):
    application = ApplicationFactory(candidate=CandidateFactory(first_name=name[0], last_name=name[1]), stage=Stage.INTERVIEW)
    interview = schedule(interviewers=people, application=application, hr=hr)
    today = datetime.datetime.now(tz=ROME).date() + datetime.timedelta(days=7)
    Interview.objects.filter(pk=interview.pk).update(
        starts_at=datetime.datetime.combine(today, datetime.time(hour, minute), tzinfo=ROME))
    return interview


def test_hr_filters_the_overview_sees_a_conflict_and_subscribes(browser, live_server, hr, interviewer, other_interviewer):
    _interview([interviewer], hr, ("Anna", "Bianchi"), 10)
    _interview([interviewer], hr, ("Bruno", "Verdi"), 10, 30)
    _interview([other_interviewer], hr, ("Carla", "Neri"), 15)
    _interview([interviewer, hr], hr, ("Dario", "Gallo"), 17)

    context = browser.new_context(locale="en-GB")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("giulia")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Interviews", exact=True).click()
    page.get_by_role("link", name="Next week").click()
    expect(page.locator(".interview-row")).to_have_count(4)
    page.get_by_label("Interviewer").select_option(label="Marco Conti")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.locator(".interview-row")).to_have_count(3)
    expect(page.locator(".interview-row", has_text="Carla Neri")).to_have_count(0)
    anna = page.locator(".interview-row").filter(has=page.get_by_role("link", name="Anna Bianchi"))
    expect(anna.get_by_text("Conflict", exact=True)).to_be_visible()
    expect(anna).to_contain_text("Marco Conti is also on Competency interview with Bruno Verdi")
    bruno = page.locator(".interview-row").filter(has=page.get_by_role("link", name="Bruno Verdi"))
    expect(bruno).to_contain_text("Marco Conti is also on Competency interview with Anna Bianchi")
    expect(page.locator(".interview-row", has_text="Dario Gallo").get_by_text("Conflict", exact=True)).to_have_count(0)

    page.get_by_role("link", name="Giulia Ferri").click()
    page.get_by_role("button", name="Make my calendar address").click()
    page.get_by_role("button", name="Copy").click()
    expect(page.locator("[data-copy-status]")).to_have_text("Copied")
    # The site's Permissions-Policy denies reading the clipboard; pasting with the keyboard is what a person does.
    page.evaluate("() => { const box = document.createElement('textarea'); box.id = 'paste'; document.body.append(box); }")
    page.locator("#paste").focus()
    page.keyboard.press("Control+V")
    address = page.locator("#paste").input_value()
    assert address.startswith(f"{live_server.url}/staff/interviews/calendar/")
    feed = context.request.get(address)
    assert feed.status == 200
    assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
    text = feed.text()
    assert text.count("BEGIN:VEVENT") == 1  # HR sits only on Dario Gallo's interview
    assert "Dario Gallo" in text and "Anna Bianchi" not in text
    context.close()
