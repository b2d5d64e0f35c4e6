"""HR finds a person's data-protection page from the menu by their e-mail, then runs a bulk rejection that
first had nothing ticked: the message says what to do and the chosen action and reason are still there."""

import pytest
from playwright.sync_api import expect

from candidates.models import Application, RejectionReason, Stage
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from positions.tests.factories import OpenPositionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_hr_finds_a_person_by_email_then_bulk_rejects_after_forgetting_to_tick(browser, live_server, hr):
    position = OpenPositionFactory(title="Addetto/a paghe")
    mara = ApplicationFactory(position=position, candidate=CandidateFactory(
        first_name="Mara", last_name="Rossi", email="mara.rossi@example.invalid"))
    ApplicationFactory(position=position, candidate=CandidateFactory(first_name="Ugo", last_name="Ferri"))
    reason = RejectionReason.objects.filter(active=True, kind=RejectionReason.Kind.WE_REJECTED).order_by("pk").first()

    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("giulia")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()

    # B: the overview is in the menu; the search finds the exact address whatever its case.
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Data protection").click()
    expect(page.get_by_role("heading", name="Data protection", exact=True)).to_be_visible()
    page.get_by_label("The person's e-mail address").fill("nobody@example.invalid")
    page.get_by_role("button", name="Find").click()
    expect(page.locator("#privacy-search")).to_contain_text("No one has applied with this e-mail address.")
    page.get_by_label("The person's e-mail address").fill("MARA.Rossi@example.invalid")
    page.get_by_role("button", name="Find").click()
    expect(page.locator("#privacy-search")).to_contain_text("Mara Rossi · mara.rossi@example.invalid · 1 application")
    page.get_by_role("link", name="Open their data-protection page").click()
    expect(page.get_by_role("heading", name="Mara Rossi").first).to_be_visible()

    # A: a bulk rejection with nothing ticked keeps the action and reason and says what to do.
    page.goto(f"{live_server.url}/staff/positions/{position.pk}/applications/")
    page.get_by_label("With the selected").select_option("reject")
    page.get_by_label("Reason (for rejections)").select_option(str(reason.pk))
    page.get_by_role("button", name="Apply to selected").click()
    expect(page.locator(".messages")).to_have_text("Nothing was changed:Select at least one application.")
    expect(page.get_by_label("With the selected")).to_have_value("reject")
    expect(page.get_by_label("Reason (for rejections)")).to_have_value(str(reason.pk))
    page.get_by_label("Select Mara Rossi").check()
    page.get_by_role("button", name="Apply to selected").click()
    expect(page.locator(".messages")).to_have_text("1 application updated.")
    mara.refresh_from_db()
    assert mara.stage == Stage.REJECTED and mara.rejection_reason_id == reason.pk
    assert Application.objects.filter(stage=Stage.APPLIED).count() == 1
    context.close()
