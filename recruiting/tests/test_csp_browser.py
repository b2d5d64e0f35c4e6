"""Every main page, loaded and used in Chromium with the Content-Security-Policy enforced, breaks no rule.

The policy allows no inline script or style. An init script in every document (frames included)
reports each ``securitypolicyviolation`` event to the test, and the console's errors and warnings
are collected too (a blocked resource, an unknown Permissions-Policy feature, a script error).
"""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from candidates import blind
from candidates.models import CandidateEmail, Stage
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from evaluations import ranking
from evaluations.tests.factories import rate_everything, schedule
from positions.tests.factories import OpenPositionFactory
from recruiting.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} in ${event.sourceFile || event.documentURI}`
    + `:${event.lineNumber} ${event.sample}`
  );
});
"""


class Watch:
    """What one browser tab reported: CSP violations (any document, any frame) and console problems."""

    def __init__(self, browser, live_server):
        self.live_server = live_server
        self.violations = []
        self.console = []
        self.policies = []
        self.context = browser.new_context(locale="en-GB", viewport={"width": 1900, "height": 1000})
        self.context.expose_function("reportViolation", lambda text: self.violations.append(text))
        self.context.add_init_script(REPORT_VIOLATIONS)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.console.append(f"pageerror: {error}"))
        self.page.on("response", self._response)

    def _console(self, message):
        if message.type in ("error", "warning"):
            self.console.append(f"{message.type}: {message.text}")

    def _response(self, response):
        # Our HTML pages; not the résumé PDF, whose headers Chromium's PDF viewer replaces with its own.
        if (
            response.request.resource_type == "document"
            and response.url.startswith(self.live_server.url)
            and response.headers.get("content-type", "").startswith("text/html")
        ):
            self.policies.append(response.headers.get("content-security-policy"))

    def sign_in(self, username):
        self.page.goto(f"{self.live_server.url}/accounts/login/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(PASSWORD)
        self.page.get_by_role("button", name="Log in").click()
        self.page.wait_for_url(re.compile(r"/staff/$"))

    def open(self, path):
        self.page.goto(f"{self.live_server.url}{path}")
        self.page.wait_for_load_state("networkidle")

    def close(self):
        self.page.wait_for_load_state("networkidle")
        self.context.close()


@pytest.fixture
def world(hr, interviewer, other_interviewer):
    """A position with a ranked pool, an interview with a scorecard to fill, an offer to confirm."""
    get_user_model().objects.create_superuser("root", "root@example.invalid", PASSWORD)
    position = OpenPositionFactory(
        title="Payroll assistant", slug="payroll-assistant", skills=["Payroll processing", "Excel"],
        competencies=["professionalism", "teamwork"],
    )
    best = ApplicationFactory(
        position=position, candidate=CandidateFactory(first_name="Irene", last_name="Sala"), education_level=5,
        years_experience=7, resume_text="Payroll processing and Excel",
    )
    other = ApplicationFactory(
        position=position, candidate=CandidateFactory(first_name="Paolo", last_name="Riva"), education_level=2,
        years_experience=1, resume_text="Excel",
    )
    offer = ApplicationFactory(
        position=position, candidate=CandidateFactory(first_name="Elena", last_name="Neri"), stage=Stage.OFFER,
    )
    interview = schedule(
        application=best, interviewers=[interviewer, other_interviewer], hr=hr, starts_in=-datetime.timedelta(hours=2),
    )
    rate_everything(interview.scorecards.get(interviewer=other_interviewer), score=4, recommendation="strong_yes")
    ranking.rescore(position_id=position.pk)
    CandidateEmail.objects.create(
        application=other, kind="confirmation", key="csp-confirmation", to=other.candidate.email, language="en",
        subject="Application received", body="Thank you.", status=CandidateEmail.Status.UNCERTAIN,
    )
    return {
        "position": position, "best": best, "other": other, "offer": offer, "interview": interview,
        "scorecard": interview.scorecards.get(interviewer=interviewer),
    }


def _apply_with_an_error(page):
    page.get_by_label(re.compile(r"^\s*First name\*?\s*$")).fill("Irene")
    page.locator("form").last.evaluate("form => { form.noValidate = true; }")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Send my application")).click()
    expect(page.locator(".is-invalid").first).to_be_visible()


def _drag_a_card(page):
    with page.expect_response(lambda response: "/move/" in response.url):
        page.locator(".board-card", has_text="Paolo Riva").drag_to(page.locator('.board-list[data-stage="screening"]'))
    expect(page.locator('.board-list[data-stage="screening"]')).to_contain_text("Paolo Riva")


def _rate_and_autosave(page):
    page.locator('[role="radiogroup"]').first.locator("label", has_text="3").click()
    expect(page.locator("#save-status")).to_contain_text("Draft saved")


def _open_a_ranking_explanation(page):
    details = page.locator("details[hx-get]").first
    with page.expect_response(lambda response: "/why/" in response.url):
        details.locator("summary").click()
    expect(details.locator(".why li").first).to_be_visible()


def _pick_a_withdrawal_reason(page):
    page.get_by_label(re.compile("Reason")).select_option(index=1)


def _add_a_duty_row(page):
    page.locator('[data-formset-action="add"]').first.click()


def _show_the_charts(page):
    expect(page.locator("canvas").first).to_be_visible()


# (name, who signs in, address from the world, what a person does there)
PAGES = [
    ("job board", None, lambda w: "/jobs/", None),
    ("job page", None, lambda w: f"/jobs/{w['position'].slug}/", None),
    ("apply form with a validation error", None, lambda w: f"/jobs/{w['position'].slug}/apply/", _apply_with_an_error),
    ("thank-you page", None, lambda w: f"/jobs/{w['position'].slug}/apply/thanks/", None),
    ("privacy notice", None, lambda w: "/privacy/", None),
    ("login", None, lambda w: "/accounts/login/", None),
    ("dashboard", "giulia", lambda w: "/staff/", None),
    ("positions list", "giulia", lambda w: "/staff/positions/", None),
    ("position detail", "giulia", lambda w: f"/staff/positions/{w['position'].pk}/", None),
    ("position form", "giulia", lambda w: f"/staff/positions/{w['position'].pk}/edit/", _add_a_duty_row),
    ("role templates", "giulia", lambda w: "/staff/positions/templates/", None),
    ("board with drag and drop", "giulia", lambda w: f"/staff/positions/{w['position'].pk}/board/", _drag_a_card),
    ("application table", "giulia", lambda w: f"/staff/positions/{w['position'].pk}/applications/", None),
    ("all applications", "giulia", lambda w: "/staff/applications/", None),
    ("candidate page with the résumé preview", "giulia", lambda w: f"/staff/applications/{w['best'].pk}/", None),
    ("reject page", "giulia", lambda w: f"/staff/applications/{w['other'].pk}/reject/", _pick_a_withdrawal_reason),
    ("confirm hire", "giulia", lambda w: f"/staff/applications/{w['offer'].pk}/hire/", None),
    ("reports with charts", "giulia", lambda w: "/staff/reports/", _show_the_charts),
    ("ranking with an explanation", "giulia", lambda w: f"/staff/positions/{w['position'].pk}/ranking/",
     _open_a_ranking_explanation),
    ("compare", "giulia",
     lambda w: f"/staff/positions/{w['position'].pk}/ranking/compare/?ids={w['best'].pk}&ids={w['other'].pk}", None),
    ("interview page", "giulia", lambda w: f"/staff/interviews/{w['interview'].pk}/", None),
    ("colleagues' scorecards", "giulia", lambda w: f"/staff/applications/{w['best'].pk}/scorecards/", None),
    ("data protection overview", "giulia", lambda w: "/staff/privacy/", None),
    ("candidate's data protection page", "giulia",
     lambda w: blind.privacy_page_url(w["best"].candidate_id), None),
    ("my settings", "giulia", lambda w: "/staff/settings/", None),
    ("my interviews", "marco", lambda w: "/staff/interviews/mine/", None),
    ("scorecard form with autosave", "marco", lambda w: f"/staff/scorecards/{w['scorecard'].pk}/", _rate_and_autosave),
    ("admin index", "root", lambda w: "/admin/", None),
    ("admin position change page", "root", lambda w: f"/admin/positions/position/{w['position'].pk}/change/", None),
    ("admin candidate list", "root", lambda w: "/admin/candidates/candidate/", None),
    ("admin e-mail log with status badges", "root", lambda w: "/admin/candidates/candidateemail/", None),
]


@pytest.mark.parametrize(("name", "username", "address", "action"), PAGES, ids=[page[0] for page in PAGES])
def test_page_breaks_no_rule_of_the_enforced_content_security_policy(
    browser, live_server, world, name, username, address, action
):
    watch = Watch(browser, live_server)
    if username:
        watch.sign_in(username)
    watch.open(address(world))
    if action:
        action(watch.page)
    watch.close()
    assert watch.policies and all(watch.policies), f"{name}: a page was served without a Content-Security-Policy"
    assert (watch.violations, watch.console) == ([], []), name


def test_the_watch_counts_an_inline_style_the_policy_refuses(browser, live_server, db):
    # The collector itself: one inline <style> added to a page is one violation and one console error.
    watch = Watch(browser, live_server)
    watch.open("/jobs/")
    watch.page.evaluate("() => { const s = document.createElement('style'); s.textContent = 'body{}'; document.head.append(s); }")
    watch.page.wait_for_function("() => true")
    watch.close()
    assert [v.split(" ", 1)[0] for v in watch.violations] == ["style-src-elem"]
    assert len(watch.console) == 1 and "Content Security Policy" in watch.console[0]
