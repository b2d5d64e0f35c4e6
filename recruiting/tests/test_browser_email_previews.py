"""HR opens E-mails from the menu and reads the interview e-mails in Italian, then in English."""

import pytest
from playwright.sync_api import expect

from conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_hr_reads_every_email_in_both_languages(browser, live_server, hr):
    page = browser.new_page(locale="en-GB")
    sign_in(page, live_server, "giulia")
    page.get_by_role("link", name="E-mails", exact=True).click()
    expect(page.get_by_role("heading", name="E-mails we send")).to_be_visible()
    expect(page.locator("[data-email]")).to_have_count(26)
    updated = page.locator("#invitation-updated")
    expect(updated.locator("[data-subject]")).to_have_text("Updated: interview for Accounts payable clerk")
    expect(updated.locator("[data-body]")).to_contain_text("What has changed:")
    page.get_by_role("link", name="Italiano").first.click()
    updated = page.locator("#invitation-updated")
    expect(updated.locator("[data-subject]")).to_have_text("Aggiornamento: colloquio per Addetto/a contabilità fornitori")
    expect(updated.locator("[data-body]")).to_contain_text("Cosa è cambiato:")
    cancelled = page.locator("#invitation-cancelled [data-body]")
    expect(cancelled).to_contain_text("Apri il file di calendario allegato per toglierlo dal tuo calendario.")
    page.get_by_role("link", name="Colloquio annullato", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/staff/emails/?language=it#invitation-cancelled")
    page.close()
