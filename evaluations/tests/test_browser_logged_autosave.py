"""In a real browser: a note typed and left at once is kept; yesterday's interview is logged and scored at once."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from candidates.tests.factories import ApplicationFactory
from evaluations.models import Interview, Reminder, Scorecard
from evaluations.tests.factories import schedule
from recruiting.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _sign_in(context, live_server, username):
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    return page


def test_a_note_typed_just_before_following_a_link_is_kept(browser, live_server, hr, interviewer):
    interview = schedule(interviewers=[interviewer], hr=hr, starts_in=datetime.timedelta(days=2))
    card = interview.scorecards.get()
    context = browser.new_context(locale="en-GB")
    page = _sign_in(context, live_server, "marco")
    page.goto(f"{live_server.url}{card.get_absolute_url()}")

    page.get_by_label("Note on Accounts payable").fill("Knows the three-way match by heart.")
    page.locator(".breadcrumb").get_by_role("link", name="My interviews").click()  # before the field is left

    expect(page.get_by_role("heading", name="My interviews")).to_be_visible()
    page.goto(f"{live_server.url}{card.get_absolute_url()}")
    expect(page.get_by_label("Note on Accounts payable")).to_have_value("Knows the three-way match by heart.")
    assert card.ratings.get(label="Accounts payable").note == "Knows the three-way match by heart."
    context.close()


def test_hr_logs_yesterdays_interview_and_the_interviewer_submits_at_once(
    browser, live_server, hr, interviewer, reference_data,
):
    application = ApplicationFactory(stage="interview", position__competencies=["communication"])
    application.position.panel.add(interviewer)
    candidate = application.candidate.full_name
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    staff = browser.new_context(locale="en-GB")
    page = _sign_in(staff, live_server, "giulia")
    page.goto(f"{live_server.url}{application.get_absolute_url()}")
    page.get_by_role("link", name="Schedule an interview").click()
    page.get_by_label("An interview that already took place").check()
    expect(page.get_by_role("button", name="Log the interview (no e-mails)")).to_be_visible()
    page.get_by_label("Kind of interview").select_option("phone")
    page.get_by_label("Date and time").fill(f"{yesterday:%Y-%m-%d}T10:00")
    page.get_by_label("Place or video link").fill("Telefono")
    page.get_by_label("Marco Conti").check()
    page.get_by_role("button", name="Log the interview (no e-mails)").click()
    expect(page.locator(".messages")).to_contain_text("Interview logged. Nobody was e-mailed")
    expect(page.get_by_text("Logged after it took place").first).to_be_visible()
    staff.close()

    panel = browser.new_context(locale="en-GB")
    page = _sign_in(panel, live_server, "marco")
    page.get_by_role("link", name="My interviews").click()
    page.get_by_role("link", name=candidate).click()
    for group in page.locator('[role="radiogroup"]').all()[:-1]:
        group.locator("label", has_text="3").click()
    page.locator("label", has_text="Yes").first.click()
    page.get_by_role("button", name="Submit scorecard").click()
    expect(page.locator(".messages")).to_contain_text("Scorecard submitted")
    panel.close()

    interview = Interview.objects.get(application=application)
    assert interview.logged and timezone.localtime(interview.starts_at).date() == yesterday
    assert interview.scorecards.get().status == Scorecard.Status.SUBMITTED
    assert Reminder.objects.count() == 0 and mail.outbox == []
