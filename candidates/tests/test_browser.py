"""A candidate applies in Italian with a PDF; HR finds them by a résumé word and moves them on."""

import re

import pytest
from playwright.sync_api import expect

from candidates.models import Application, Stage
from candidates.tests import files
from positions.tests.factories import OpenPositionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _sign_in_as_hr(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("giulia")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()


def test_apply_in_italian_then_hr_screens(browser, live_server, hr):
    position = OpenPositionFactory(
        title="Addetto/a contabilità fornitori", slug="contabilita-fornitori", skills=["Contabilità fornitori", "SAP"],
        education_min=4, experience_min_years=0, years_per_level=2, substitution="both",
    )
    visitor = browser.new_context(locale="it-IT", extra_http_headers={"Accept-Language": "it-IT,it;q=0.9"})
    page = visitor.new_page()
    page.goto(f"{live_server.url}/jobs/contabilita-fornitori/")
    page.get_by_role("link", name="Candidati").click()
    expect(page.get_by_role("heading", name="Candidati per Addetto/a contabilità fornitori")).to_be_visible()
    page.get_by_label(re.compile(r"^\s*Nome\*?\s*$")).fill("Beatrice")
    page.get_by_label(re.compile(r"^\s*Cognome\*?\s*$")).fill("Lombardo")
    page.get_by_label(re.compile(r"^\s*E-mail\*?\s*$")).fill("beatrice.lombardo@example.invalid")
    page.get_by_label(re.compile(r"^\s*Titolo di studio più alto conseguito\*?\s*$")).select_option(label="Diploma di scuola secondaria superiore")
    page.get_by_label(re.compile(r"^\s*Anni in un ruolo simile\*?\s*$")).fill("4")
    page.get_by_label("Contabilità fornitori").check()
    page.get_by_label("SAP").check()
    page.get_by_label(re.compile(r"^\s*Curriculum\*?\s*$")).set_input_files(
        {"name": "CV Beatrice.pdf", "mimeType": "application/pdf",
         "buffer": files.pdf(["Beatrice Lombardo", "Riconciliazioni bancarie e scadenziario fornitori"])}
    )
    page.get_by_label(re.compile("Ho letto l.informativa")).check()
    page.get_by_role("button", name="Invia la mia candidatura").click()
    expect(page.get_by_role("heading", name="Grazie, la tua candidatura è stata inviata")).to_be_visible()
    visitor.close()
    assert Application.objects.count() == 1

    staff = browser.new_context(locale="en-GB")
    page = staff.new_page()
    _sign_in_as_hr(page, live_server)
    page.goto(f"{live_server.url}/staff/positions/{position.pk}/applications/")
    page.get_by_label("Search").fill("scadenziario")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="Beatrice Lombardo").click()
    expect(page.get_by_text(
        "Upper-secondary diploma + 4 years: meets the Bachelor's degree requirement through experience (2 years per level)"
    )).to_be_visible()
    page.get_by_label("Move to").select_option("screening")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Beatrice Lombardo moved to Screening.")
    application = Application.objects.get()
    assert application.stage == Stage.SCREENING
    assert application.stage_changes.last().changed_by == hr
    staff.close()


def test_board_drag_and_drop_moves_a_card(browser, live_server, hr):
    from candidates.tests.factories import ApplicationFactory, CandidateFactory

    application = ApplicationFactory(candidate=CandidateFactory(first_name="Dario", last_name="Ricci"))
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    _sign_in_as_hr(page, live_server)
    page.goto(f"{live_server.url}/staff/positions/{application.position.pk}/board/")
    card = page.locator(".board-card", has_text="Dario Ricci")
    target = page.locator('.board-list[data-stage="interview"]')
    with page.expect_response(lambda response: "/move/" in response.url):
        card.drag_to(target)
    expect(page.locator('.board-list[data-stage="interview"]')).to_contain_text("Dario Ricci")
    application.refresh_from_db()
    assert application.stage == Stage.INTERVIEW
    # And by keyboard: the Move button on the card.
    page.locator(".board-card", has_text="Dario Ricci").get_by_label("Move Dario Ricci to").select_option("offer")
    page.locator(".board-card", has_text="Dario Ricci").get_by_role("button", name="Move").click()
    expect(page.locator('.board-list[data-stage="offer"]')).to_contain_text("Dario Ricci")
    context.close()


def test_a_hire_dragged_on_the_board_is_confirmed_then_undone_with_a_reason(browser, live_server, hr):
    from candidates.tests.factories import ApplicationFactory, CandidateFactory

    application = ApplicationFactory(candidate=CandidateFactory(first_name="Elena", last_name="Sala"), stage=Stage.OFFER)
    # Wide enough for the offer and hired columns to be on screen together.
    context = browser.new_context(locale="en-GB", viewport={"width": 1900, "height": 900})
    page = context.new_page()
    _sign_in_as_hr(page, live_server)
    page.goto(f"{live_server.url}/staff/positions/{application.position.pk}/board/")
    with page.expect_response(lambda response: "/move/" in response.url):
        page.locator(".board-card", has_text="Elena Sala").drag_to(page.locator('.board-list[data-stage="hired"]'))
    expect(page.get_by_role("heading", name=re.compile("Hire Elena Sala as"))).to_be_visible()
    application.refresh_from_db()
    assert application.stage == Stage.OFFER  # nothing recorded before the confirmation
    page.get_by_label("Note (optional)").fill("Contract signed")
    page.get_by_role("button", name="Confirm the hire").click()
    expect(page.locator(".messages")).to_contain_text("Elena Sala is recorded as hired.")
    page.get_by_label("Why the hire is undone (required)").fill("Declined the contract at the last minute")
    page.get_by_role("button", name="Undo the hire").click()
    expect(page.locator(".messages")).to_contain_text("Elena Sala moved to Offer.")
    application.refresh_from_db()
    assert application.stage == Stage.OFFER
    assert list(application.stage_changes.values_list("to_stage", "note"))[-2:] == [
        ("hired", "Contract signed"), ("offer", "Declined the contract at the last minute"),
    ]
    context.close()


def test_a_card_dragged_across_hired_and_let_go_over_rejected_stays_where_it_was(browser, live_server, hr):
    from candidates.tests.factories import ApplicationFactory, CandidateFactory

    application = ApplicationFactory(candidate=CandidateFactory(first_name="Marta", last_name="Greco"), stage=Stage.OFFER)
    context = browser.new_context(locale="en-GB", viewport={"width": 1900, "height": 900})
    page = context.new_page()
    moves = []
    page.on("request", lambda request: moves.append(request.url) if "/move/" in request.url else None)
    _sign_in_as_hr(page, live_server)
    page.goto(f"{live_server.url}/staff/positions/{application.position.pk}/board/")

    def centre(locator):
        box = locator.bounding_box()
        return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2

    card = page.locator(".board-card", has_text="Marta Greco")
    hired, rejected = page.locator('.board-list[data-stage="hired"]'), page.locator('.board-list[data-stage="rejected"]')
    expect(rejected).to_have_attribute("data-accepts", "no")
    box = card.bounding_box()
    page.mouse.move(box["x"] + box["width"] - 6, box["y"] + 6)  # the card's corner: no link, list or button
    page.mouse.down()
    page.mouse.move(*centre(hired), steps=12)
    expect(page.locator(".sortable-ghost")).to_have_count(1)  # the drag is under way, over "Hired"
    page.mouse.move(*centre(rejected), steps=12)
    page.mouse.up()
    expect(page.locator('.board-list[data-stage="offer"]')).to_contain_text("Marta Greco")
    expect(hired).not_to_contain_text("Marta Greco")
    page.reload()  # any move request the drop sent would have gone before this one
    expect(page.locator('.board-list[data-stage="offer"]')).to_contain_text("Marta Greco")
    assert moves == []
    application.refresh_from_db()
    assert application.stage == Stage.OFFER
    assert not page.get_by_role("heading", name=re.compile("Hire Marta Greco")).is_visible()
    context.close()
