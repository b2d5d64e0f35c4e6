"""A candidate opens the link in their confirmation e-mail (in Italian), sees the stage, updates the phone, withdraws."""

import re
import uuid

import pytest
from django.core import mail
from playwright.sync_api import expect

from candidates import services
from candidates.models import Application, RejectionReason, StageChange
from candidates.tests import files
from positions.tests.factories import OpenPositionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_candidate_follows_the_link_updates_the_phone_and_withdraws(browser, live_server, reference_data):
    position = OpenPositionFactory(title="Impiegata amministrativa")
    application, _created = services.application_submit(
        position=position,
        data=services.ApplicationData(first_name="Chiara", last_name="Bianchi", email="chiara@example.invalid",
                                      phone="02 1234 5678", education_level=2, years_experience=3),
        resume=services.ResumeUpload(name="cv.pdf", data=files.pdf(), kind="pdf"), language="it", token=uuid.uuid4(),
    )
    [message] = [sent for sent in mail.outbox if sent.to == ["chiara@example.invalid"]]
    link = re.search(r"http://\S+/status/\S+/", message.body).group(0)

    visitor = browser.new_context(locale="it-IT", extra_http_headers={"Accept-Language": "it-IT,it;q=0.9"})
    page = visitor.new_page()
    page.goto(link.replace("http://127.0.0.1:8000", live_server.url))
    expect(page.locator("html")).to_have_attribute("lang", "it")
    expect(page.locator("[data-standing]")).to_have_attribute("data-standing", "received")
    expect(page.locator("[data-standing]")).to_have_text("Abbiamo ricevuto la tua candidatura e la leggeremo presto.")
    expect(page.locator("h1")).to_contain_text("Impiegata amministrativa")

    # A wrong number is refused with what was typed kept; then the right one is saved.
    phone_form = page.locator('form:has(input[name="what"][value="phone"])')
    phone_form.locator('input[name="phone"]').fill("chiamami")
    phone_form.locator('button[type="submit"]').click()
    expect(page.locator('input[name="phone"]')).to_have_value("chiamami")
    expect(page.locator(".invalid-feedback, .text-danger").first).to_be_visible()
    phone_form = page.locator('form:has(input[name="what"][value="phone"])')
    phone_form.locator('input[name="phone"]').fill("+39 333 123 4567")
    phone_form.locator('button[type="submit"]').click()
    expect(page.locator(".messages .alert-success")).to_be_visible()
    expect(page.locator('input[name="phone"]')).to_have_value("+39 333 123 4567")

    # Withdraw: the reason, then the confirmation.
    page.locator('a[href$="/withdraw/"]').click()
    reason = RejectionReason.objects.get(kind="they_withdrew", name_en="Accepted another offer")
    page.locator('select[name="reason"]').select_option(str(reason.pk))
    page.locator('textarea[name="words"]').fill("Ho accettato un'altra proposta <grazie>")
    page.locator('[data-withdraw-step="reason"] button[type="submit"]').click()
    expect(page.locator('[data-withdraw-step="confirm"]')).to_be_visible()
    expect(page.get_by_text("“Ho accettato un'altra proposta <grazie>”")).to_be_visible()
    page.locator("form button.btn-danger").click()
    expect(page.locator("[data-standing]")).to_have_attribute("data-standing", "withdrawn")
    expect(page.locator('a[href$="/withdraw/"]')).to_have_count(0)
    visitor.close()

    application = Application.objects.select_related("candidate").get(pk=application.pk)
    change = StageChange.objects.filter(application=application).last()
    assert (application.stage, application.candidate.phone) == ("withdrawn", "+39 333 123 4567")
    assert (change.changed_by, change.rejection_reason, change.note) == (
        None, reason, "Withdrawn by the candidate on their status page.\n"
                      "In their words: Ho accettato un'altra proposta <grazie>")
