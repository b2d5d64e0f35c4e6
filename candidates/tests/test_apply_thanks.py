"""After applying: the thank-you page names the address the confirmation went to, once, from a signed cookie
for that page alone (no session row per anonymous applicant); the score waits for the résumé's text."""

import pytest
from django.contrib.sessions.models import Session
from django.core.signing import get_cookie_signer
from django.urls import reverse

from candidates.models import Application
from candidates.tests.test_apply import apply_url, form_data, position  # noqa: F401  (the fixture)
from candidates.views import APPLIED_COOKIE
from core import tasking


def _apply(client, position):  # noqa: F811
    return client.post(apply_url(position), form_data(position), HTTP_ACCEPT_LANGUAGE="en")


def test_applying_leaves_no_session_and_a_cookie_for_the_thank_you_page_only(client, position):  # noqa: F811
    response = _apply(client, position)
    cookie = response.cookies[APPLIED_COOKIE]
    assert (Session.objects.count(), "sessionid" in response.cookies) == (0, False)
    assert (cookie["path"], cookie["max-age"], cookie["httponly"], cookie["samesite"]) == (
        reverse("jobs:applied", kwargs={"slug": position.slug}), 600, True, "Lax")


def test_the_thank_you_page_names_the_address_once(client, position):  # noqa: F811
    thanks = _apply(client, position)["Location"]
    first, second = client.get(thanks), client.get(thanks)
    sentence = "A confirmation is on its way to Giulia.Bianchi@Example.invalid."
    assert (sentence in first.content.decode(), first.cookies[APPLIED_COOKIE].value, "on its way" in
            second.content.decode()) == (True, "", False)


@pytest.mark.parametrize(
    "value",
    ["someone@example.invalid", "not signed at all", get_cookie_signer(salt="other").sign("x@example.invalid")],
    ids=["unsigned-address", "garbage", "signed-for-another-purpose"],
)
def test_a_forged_cookie_names_no_address(client, position, value):  # noqa: F811
    client.cookies[APPLIED_COOKIE] = value
    response = client.get(reverse("jobs:applied", kwargs={"slug": position.slug}))
    assert (response.status_code, "on its way" in response.content.decode()) == (200, False)


def test_a_new_application_is_marked_for_scoring_and_scored_after_its_text_is_read(client, position, monkeypatch,  # noqa: F811
                                                                                    django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr(tasking, "enqueue", lambda path, *args: sent.append(path) or True)
    with django_capture_on_commit_callbacks(execute=True):
        _apply(client, position)
    application = Application.objects.get()
    assert application.rescore_requested_at is not None
    assert sorted(sent) == ["candidates.tasks.extract_resume_text", "candidates.tasks.notify_new_application",
                            "candidates.tasks.send_candidate_email"]
    from candidates.tasks import extract_resume_text

    sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        extract_resume_text(application.pk)
    assert sent == ["recruiting.tasks.recompute_pending"]
