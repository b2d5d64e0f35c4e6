"""HR drafts an offer, the hiring manager approves it, HR sends it, the candidate accepts in Italian, HR sees Hired."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from candidates.models import Offer, Stage, StageChange
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from evaluations.tests.factories import schedule
from positions.tests.factories import OpenPositionFactory
from recruiting.tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _sign_in(browser, live_server, username):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    return context, page


def test_offer_from_draft_to_hired(browser, live_server, hr):
    manager = UserFactory(username="elena", first_name="Elena", last_name="Rossi", role="interviewer")
    position = OpenPositionFactory(title="Impiegata amministrativa", hiring_manager=manager, pay_min=24000, pay_max=30000)
    candidate = CandidateFactory(first_name="Chiara", last_name="Bianchi", email="chiara@example.invalid", language="it")
    application = ApplicationFactory(position=position, candidate=candidate, stage=Stage.OFFER)
    schedule(interviewers=[manager], application=application, hr=hr)  # the hiring manager sat on the panel

    # HR drafts the offer and asks for approval.
    hr_context, page = _sign_in(browser, live_server, "giulia")
    page.goto(f"{live_server.url}{application.get_absolute_url()}")
    page.get_by_role("link", name="Draft an offer").click()
    page.get_by_label(re.compile(r"^\s*Gross annual pay \(EUR\)\*?\s*$")).fill("31000")
    page.get_by_label(re.compile(r"^\s*Contract type\*?\s*$")).select_option("permanent")
    page.get_by_label(re.compile(r"^\s*Start date\*?\s*$")).fill("2099-03-01")
    page.get_by_label(re.compile(r"^\s*Weekly hours\*?\s*$")).fill("40")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator("[data-pay-flag]")).to_have_text("Above the posted range")
    page.get_by_role("link", name="Change the terms").click()
    page.get_by_label(re.compile(r"^\s*Gross annual pay \(EUR\)\*?\s*$")).fill("28500")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator("[data-pay-flag]")).to_have_text("Within the posted range")
    page.get_by_role("button", name="Ask the hiring manager to approve").click()
    expect(page.locator("h1 [data-offer-status]")).to_have_text("Awaiting approval")

    # The hiring manager approves from the candidate page.
    manager_context, manager_page = _sign_in(browser, live_server, "elena")
    manager_page.goto(f"{live_server.url}{application.get_absolute_url()}")
    manager_page.locator("[data-offer-panel]").get_by_role("link", name="Open the offer").click()
    manager_page.get_by_role("button", name="Approve").click()
    expect(manager_page.locator(".messages")).to_contain_text("The offer is approved")
    manager_context.close()

    # HR reads the letter in Italian and sends it.
    page.reload()
    page.get_by_role("link", name="Send the offer…").click()
    expect(page.locator("#offer-email-subject")).to_have_text("La nostra offerta per la posizione di Impiegata amministrativa")
    page.get_by_role("button", name="Send the offer").click()
    expect(page.locator(".messages")).to_contain_text("The offer was sent to chiara@example.invalid.")
    [message] = [sent for sent in mail.outbox if sent.subject.startswith("La nostra offerta")]
    link = re.search(r"http://\S+/offer/\S+/", message.body).group(0)

    # The candidate opens the link (in Italian), accepts, and confirms.
    visitor = browser.new_context(locale="it-IT", extra_http_headers={"Accept-Language": "it-IT,it;q=0.9"})
    candidate_page = visitor.new_page()
    candidate_page.goto(link.replace("http://127.0.0.1:8000", live_server.url))
    expect(candidate_page.locator("html")).to_have_attribute("lang", "it")
    expect(candidate_page.locator("[data-offer-pay]")).to_have_text("€ 28.500,00")
    candidate_page.locator("a.btn-success").click()
    candidate_page.locator('form button[type="submit"].btn-success').click()
    expect(candidate_page.locator("[data-offer-outcome]")).to_have_attribute("data-offer-outcome", "accepted")
    candidate_page.go_back()
    candidate_page.reload()  # a second visit shows the answer recorded, with nothing to click
    expect(candidate_page.locator("[data-offer-outcome]")).to_have_attribute("data-offer-outcome", "accepted")
    visitor.close()

    # HR sees the hire.
    page.goto(f"{live_server.url}{application.get_absolute_url()}")
    expect(page.locator("[data-offer-panel] [data-offer-status]")).to_have_text("Accepted")
    expect(page.get_by_text("Offer accepted by the candidate through the offer link.")).to_be_visible()
    hr_context.close()
    application.refresh_from_db()
    assert (application.stage, Offer.objects.get().status) == ("hired", "accepted")
    assert StageChange.objects.filter(application=application, to_stage="hired").count() == 1
