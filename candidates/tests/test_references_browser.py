"""HR asks for a reference; the candidate names a referee on their status page in Italian; the referee answers in
English; HR reads the answer on the candidate page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from candidates.models import Stage
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from positions.tests.factories import OpenPositionFactory
from recruiting.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _local(link: str, live_server) -> str:
    return link.replace("http://127.0.0.1:8000", live_server.url)


def test_reference_from_request_to_answer_journey(browser, live_server, hr):
    position = OpenPositionFactory(title="Impiegata amministrativa", competencies=["communication", "teamwork"])
    candidate = CandidateFactory(first_name="Chiara", last_name="Bianchi", email="chiara@example.invalid", language="it")
    application = ApplicationFactory(position=position, candidate=candidate, stage=Stage.INTERVIEW)

    # HR asks for one referee.
    hr_context = browser.new_context(locale="en-GB")
    page = hr_context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("giulia")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}{application.get_absolute_url()}")
    page.get_by_label("How many referees").select_option("1")
    page.get_by_role("button", name="Ask for references").click()
    expect(page.locator("[data-reference-request]")).to_have_attribute("data-reference-request", "open")
    [asked] = [m for m in mail.outbox if m.to == ["chiara@example.invalid"]]
    status_link = re.search(r"http://\S+/status/\S+/", asked.body).group(0)

    # The candidate, in Italian, names a referee to be written to in English; consent is required.
    visitor = browser.new_context(locale="it-IT", extra_http_headers={"Accept-Language": "it-IT,it;q=0.9"})
    candidate_page = visitor.new_page()
    candidate_page.goto(_local(status_link, live_server))
    expect(candidate_page.locator("html")).to_have_attribute("lang", "it")
    form = candidate_page.locator("[data-referees-form] form")
    form.locator('input[name="name_0"]').fill("Franco Moretti")
    form.locator('input[name="email_0"]').fill("franco@rossi-spa.example")
    form.locator('select[name="relationship_0"]').select_option("manager")
    form.locator('input[name="period_0"]').fill("2019–2024, Rossi S.p.A.")
    form.locator('select[name="language_0"]').select_option("en")
    form.locator('button[type="submit"]').click()
    expect(candidate_page.locator('input[name="name_0"]')).to_have_value("Franco Moretti")  # refused: no consent
    candidate_page.locator('input[name="consent"]').check()
    candidate_page.locator("[data-referees-form] button[type=submit]").click()
    expect(candidate_page.locator(".messages .alert-success")).to_be_visible()
    expect(candidate_page.locator("[data-referees-form]")).to_have_count(0)
    visitor.close()

    # The referee answers in English, with the keyboard.
    [invitation] = [m for m in mail.outbox if m.to == ["franco@rossi-spa.example"]]
    assert invitation.subject == "A reference for Chiara Bianchi"
    link = re.search(r"http://\S+/reference/\S+/", invitation.body).group(0)
    referee_context = browser.new_context(locale="en-GB")
    referee_page = referee_context.new_page()
    referee_page.goto(_local(link, live_server))
    expect(referee_page.locator("html")).to_have_attribute("lang", "en")
    for slug, score in (("communication", "4"), ("teamwork", "3")):
        group = referee_page.locator(f'[data-competency="{slug}"]')
        group.get_by_label(score, exact=True).focus()
        referee_page.keyboard.press("Space")
        group.get_by_label("An example you saw (optional)").fill(f"Handled a month-end close well ({slug})")
    referee_page.get_by_role("group", name="Would you work with them again?").get_by_label("Yes").check()
    referee_page.get_by_role("button", name="Send my reference").click()
    expect(referee_page.locator("[data-reference-outcome]")).to_have_attribute("data-reference-outcome", "answered")
    referee_page.reload()  # reopening shows the answer received, with nothing to send
    expect(referee_page.locator("[data-reference-outcome]")).to_have_attribute("data-reference-outcome", "answered")
    referee_context.close()

    # HR reads it: the ratings, the example, and one signal: the form was completed in seconds (a manager on a company domain is none).
    page.reload()
    referee = page.locator("[data-referee]")
    expect(referee).to_have_attribute("data-referee-state", "answered")
    expect(referee.locator("[data-reference-score]")).to_have_text(["4", "3"])
    expect(referee).to_contain_text("Handled a month-end close well (communication)")
    expect(referee.locator("[data-work-again]")).to_have_text("Yes")
    expect(referee.locator("[data-signal]")).to_have_attribute("data-signal", "fast_answer")
    hr_context.close()
