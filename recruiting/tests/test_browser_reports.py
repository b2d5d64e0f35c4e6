"""HR reads the reports and downloads a CSV; an admin anonymises a candidate from the admin."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from candidates.models import Candidate
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from positions.tests.factories import OpenPositionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _login(page, live_server, username, password="a-long-test-password"):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_hr_filters_the_reports_to_a_position_and_downloads_csv(browser, live_server, hr, tmp_path):
    position = OpenPositionFactory(title="Records clerk")
    ApplicationFactory.create_batch(2, position=position)
    ApplicationFactory(position=OpenPositionFactory(title="Bookkeeper"))
    context = browser.new_context(locale="en-GB", accept_downloads=True)
    page = context.new_page()
    _login(page, live_server, "giulia")
    page.get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", name="Hiring reports")).to_be_visible()
    page.get_by_label("Position").select_option(label="Records clerk")
    page.get_by_role("button", name="Apply").click()
    funnel = page.get_by_role("table", name="Applications that reached each stage")
    expect(funnel.get_by_role("row", name="Applied")).to_contain_text("2")
    expect(page.locator("canvas").first).to_be_visible()
    with page.expect_download() as download:
        page.locator("#funnel-heading ~ div").get_by_role("link", name="Download CSV").click()
    path = download.value.path()
    content = Path(path).read_text(encoding="utf-8-sig")
    assert content.splitlines()[1].startswith("Applied,2")
    context.close()


def test_admin_anonymises_a_candidate_from_the_admin(browser, live_server, reference_data, django_user_model):
    django_user_model.objects.create_superuser("root", "root@example.invalid", "a-long-test-password")
    application = ApplicationFactory(candidate=CandidateFactory(first_name="Bianca", last_name="Neri"))
    page = browser.new_page(locale="en-GB")
    _login(page, live_server, "root")
    page.goto(f"{live_server.url}/admin/candidates/candidate/")
    page.get_by_role("row", name="Bianca Neri").get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option(label="Anonymise the selected candidates (right to erasure)")
    page.get_by_role("button", name="Go").click()
    page.get_by_role("button", name="Yes, anonymise them").click()
    expect(page.locator(".messagelist")).to_contain_text("1 candidate anonymised.")
    candidate = Candidate.objects.get(pk=application.candidate_id)
    assert candidate.first_name == Candidate.ANONYMOUS
    page.close()
