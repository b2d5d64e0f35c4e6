"""The HR journey in a real browser: Playwright driving Debian's Chromium."""

import re

import pytest
from playwright.sync_api import expect

from positions.models import Position

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_hr_publishes_from_a_template_and_candidates_see_it_in_italian(browser, live_server, hr):
    page = browser.new_page(locale="en-GB")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("giulia")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Welcome, Giulia Ferri")).to_be_visible()

    page.get_by_role("link", name="New position").first.click()
    page.get_by_role("link", name="Accounts payable clerk, posting in Italian").click()
    expect(page.get_by_label("Title")).to_have_value("Addetto/a contabilità fornitori")

    # Add a duty with the "Add a duty" button, then move it to the top.
    duties = page.locator('[data-formset="duties"] .formset-rows .formset-row')
    expect(duties).to_have_count(5)
    page.get_by_role("button", name="Add a duty").click()
    expect(duties).to_have_count(6)
    new_duty = duties.nth(5)
    new_duty.locator("input[name$='-description']").fill("Gestire le anagrafiche fornitori nel gestionale")
    new_duty.get_by_label("Share of time (%)").fill("")
    for _ in range(5):
        duties.nth(5 - _).get_by_role("button", name="Move duty up").click()
    expect(duties.first.locator("input[name$='-description']")).to_have_value("Gestire le anagrafiche fornitori nel gestionale")
    page.get_by_label("Location").fill("Milano")
    page.get_by_role("button", name="Save").click()

    expect(page.locator(".messages .alert-success")).to_contain_text("has been saved")
    expect(page.get_by_text("ready to publish")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages .alert-success")).to_contain_text("is now open")

    position = Position.objects.get(title="Addetto/a contabilità fornitori")
    assert position.status == Position.Status.OPEN
    assert position.duties.first().description == "Gestire le anagrafiche fornitori nel gestionale"
    assert position.duties.count() == 6

    # An anonymous visitor whose browser asks for Italian.
    visitor = browser.new_context(locale="it-IT", extra_http_headers={"Accept-Language": "it-IT,it;q=0.9"})
    candidate = visitor.new_page()
    candidate.goto(live_server.url + "/jobs/")
    expect(candidate.get_by_role("heading", name="Offerte di lavoro")).to_be_visible()
    candidate.get_by_role("link", name="Addetto/a contabilità fornitori").click()
    expect(candidate).to_have_url(re.compile(r"/jobs/addetto-a-contabilita-fornitori/$"))
    expect(candidate.get_by_role("heading", name="Cosa farai")).to_be_visible()
    expect(candidate.get_by_text("Gestire le anagrafiche fornitori nel gestionale")).to_be_visible()
    expect(candidate.get_by_role("link", name="Candidati")).to_be_visible()
    json_ld = candidate.locator('script[type="application/ld+json"]')
    expect(json_ld).to_have_count(1)
    visitor.close()
    page.close()


def test_formset_rows_survive_a_refused_save(browser, live_server, hr):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill("giulia")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + "/staff/positions/new/?template=bookkeeper&lang=en")
    page.get_by_label("Minimum pay").fill("50000")
    page.get_by_label("Maximum pay").fill("30000")
    page.get_by_role("button", name="Add a skill").click()
    page.locator('[data-formset="skills"] .formset-row').last.locator("input[name$='-name']").fill("Xero")
    page.get_by_label("Location").fill("Bologna")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Nothing was saved yet")).to_be_visible()
    expect(page.get_by_text("The maximum pay must be at least the minimum pay.")).to_be_visible()
    expect(page.locator('[data-formset="skills"] .formset-row').last.locator("input[name$='-name']")).to_have_value("Xero")
    assert not Position.objects.exists()
    context.close()
