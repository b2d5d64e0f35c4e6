"""The small things HR hit in Italian (issue 12, item 7), walked in a real browser, each by the exact text shown.

1. The job board's search ignores accents: "contabilita" finds "Addetto alla contabilità" (PostgreSQL unaccent).
2. Dates read as Italian prose: "Candidature entro l'11 gennaio", lower-case month, article elided.
3. The admin carries our title, not "Amministrazione Django", and its column headings are in Italian.
4. A bulk action with nothing ticked says what to do, not Django's "Questo campo è obbligatorio".
5. The data-protection overview is in the staff menu, and its search finds a person by e-mail.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from candidates.models import RejectionReason
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from positions.tests.factories import OpenPositionFactory
from recruiting.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ORGANIZATION = "Studio Rossi & Figli"


def _next_eleventh_of_january() -> datetime.date:
    """A closing date still ahead whenever the test runs, with a day that takes the elided article."""
    today = timezone.localdate()
    this_year = datetime.date(today.year, 1, 11)
    return this_year if this_year > today else datetime.date(today.year + 1, 1, 11)


def _italian(browser):
    return browser.new_context(locale="it-IT", extra_http_headers={"Accept-Language": "it-IT,it;q=0.9"})


def _sign_in(page, url: str, username: str) -> None:
    page.goto(url)
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form:has(#id_password) [type=submit]").click()


def test_the_small_things_hr_hit_in_italian(browser, live_server, hr, settings):
    settings.ORGANIZATION_NAME = ORGANIZATION
    closing = _next_eleventh_of_january()
    OpenPositionFactory(title="Addetto alla contabilità", language="it", closing_date=closing)
    OpenPositionFactory(title="Magazziniere", language="it", closing_date=None)
    payroll = OpenPositionFactory(title="Addetto/a paghe", language="it", closing_date=None)
    ApplicationFactory(position=payroll, candidate=CandidateFactory(
        first_name="Mara", last_name="Rossi", email="mara.rossi@example.invalid"))
    ApplicationFactory(position=payroll, candidate=CandidateFactory(first_name="Ugo", last_name="Ferri"))
    reason = RejectionReason.objects.filter(active=True, kind=RejectionReason.Kind.WE_REJECTED).order_by("pk").first()
    get_user_model().objects.create_superuser("root", "root@example.invalid", PASSWORD)

    visitor = _italian(browser)
    page = visitor.new_page()

    # 1. Without accents, the search still finds the accented title (and only it).
    page.goto(f"{live_server.url}/jobs/")
    board_search = page.get_by_role("search", name="Cerca tra le offerte di lavoro")
    board_search.get_by_label("Parole chiave").fill("contabilita")
    board_search.get_by_role("button", name="Cerca").click()
    expect(page.locator(".job-card h2 a")).to_have_text(["Addetto alla contabilità"])

    # 2. The closing date: lower-case month, "l'" before 11 (not "il 11", not "Gennaio").
    expect(page.locator(".job-card")).to_contain_text(f"Candidature entro l'11 gennaio {closing.year}")

    # 3. The admin in Italian: our title and header, Italian column headings.
    admin = _italian(browser)
    admin_page = admin.new_page()
    _sign_in(admin_page, f"{live_server.url}/admin/login/?next=/admin/", "root")
    expect(admin_page).to_have_title("Dati e impostazioni | Amministrazione della selezione")
    expect(admin_page.locator("#site-name")).to_have_text(f"{ORGANIZATION} · amministrazione della selezione")
    admin_page.goto(f"{live_server.url}/admin/candidates/candidate/")
    expect(admin_page.locator("#result_list thead th[scope=col]:not(.action-checkbox-column) .text")).to_have_text(
        ["Nome", "E-mail", "Telefono", "Comune", "Lingua", "Creata"]
    )
    admin.close()

    # 4. A bulk rejection with nothing ticked: our message, and the choices kept.
    _sign_in(page, f"{live_server.url}/accounts/login/", "giulia")
    page.goto(f"{live_server.url}/staff/positions/{payroll.pk}/applications/")
    page.get_by_label("Con i selezionati").select_option("reject")
    page.get_by_label("Motivo (per le esclusioni)").select_option(str(reason.pk))
    page.get_by_role("button", name="Applica ai selezionati").click()
    expect(page.locator(".messages")).to_have_text("Non è stato cambiato nulla:Seleziona almeno una candidatura.")
    expect(page.get_by_text("Questo campo è obbligatorio")).to_have_count(0)
    expect(page.get_by_label("Con i selezionati")).to_have_value("reject")

    # 5. Data protection from the staff menu; the e-mail search finds Mara.
    page.get_by_role("navigation", name="Navigazione principale").get_by_role("link", name="Protezione dei dati").click()
    expect(page.get_by_role("heading", name="Protezione dei dati", exact=True)).to_be_visible()
    page.get_by_label("L'indirizzo e-mail della persona").fill("mara.rossi@example.invalid")
    page.get_by_role("button", name="Trova").click()
    expect(page.locator("#privacy-search")).to_contain_text("Mara Rossi · mara.rossi@example.invalid · 1 candidatura")
    page.get_by_role("link", name="Apri la sua pagina di protezione dei dati").click()
    expect(page.get_by_role("heading", name="Mara Rossi").first).to_be_visible()
    visitor.close()
