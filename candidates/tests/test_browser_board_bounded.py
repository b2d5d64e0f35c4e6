"""HR works a long board in Italian: a column shows its first cards and its count, "show more" adds cards,
a search narrows the columns, and a card dragged on the longer board leaves it as it was."""

import pytest
from playwright.sync_api import expect

from candidates.models import Application, Stage
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from candidates.tests.test_board_bounded import _fill
from conftest import sign_in
from positions.tests.factories import OpenPositionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_hr_shows_more_searches_and_drags_on_a_long_board(browser, live_server, hr):
    position = OpenPositionFactory(title="Addetto/a archivio")
    _fill(position, 30)
    ApplicationFactory(position=position, candidate=CandidateFactory(first_name="Ottavia", last_name="Rinaldi"))
    page = browser.new_page(locale="en-GB")
    sign_in(page, live_server, "giulia")
    page.goto(f"{live_server.url}/staff/positions/{position.pk}/board/")
    page.get_by_role("button", name="Italiano").click()
    applied = page.locator('[data-column="applied"]')
    expect(applied.locator(".board-card")).to_have_count(25)
    expect(applied.locator("[data-count]")).to_have_text("31")
    expect(applied.locator("[data-more]")).to_contain_text("Ne vedi 25 su 31")
    applied.get_by_role("link", name="Mostra altre").click()
    expect(page).to_have_url(f"{live_server.url}/staff/positions/{position.pk}/board/?n_applied=50")
    expect(applied.locator(".board-card")).to_have_count(31)
    expect(applied.locator("[data-more]")).to_have_count(0)

    # A card dragged on the longer board: the board comes back with every card of the column still shown.
    card = applied.locator(".board-card", has_text="Ottavia Rinaldi")
    with page.expect_response(lambda response: "/move/" in response.url):
        card.drag_to(page.locator('.board-list[data-stage="screening"]'), target_position={"x": 30, "y": 20})
    expect(page.locator('[data-column="screening"]')).to_contain_text("Ottavia Rinaldi")
    expect(page.locator('[data-column="applied"] .board-card')).to_have_count(30)
    assert Application.objects.get(candidate__last_name="Rinaldi").stage == Stage.SCREENING

    page.get_by_label("Cerca in questa bacheca").fill("rinaldi")
    page.get_by_role("button", name="Cerca", exact=True).click()
    expect(page.locator('[data-column="screening"] [data-count]')).to_have_text("1")
    expect(page.locator('[data-column="applied"]')).to_contain_text("Nessuno qui corrisponde alla ricerca.")
    page.get_by_role("link", name="Azzera").click()
    expect(page.locator('[data-column="applied"] [data-count]')).to_have_text("30")
    page.close()
