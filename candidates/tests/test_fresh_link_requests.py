"""Asking for fresh status links by e-mail address: the request does the same work whether the address applied
or not (the worker looks it up), and one client address has a generous ceiling (STATUS_LINK_ADDRESS_LIMIT)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from candidates import status
from candidates.models import CandidateEmail
from candidates.tests.factories import ApplicationFactory, CandidateFactory

pytestmark = pytest.mark.django_db

NEW_LINK = "/status/new-link/"
NETWORK_MESSAGE = "Many requests for links have come from your network in a short time."
PERSON_MESSAGE = "You have asked several times in a short time."


@pytest.fixture
def applied(reference_data):
    candidate = CandidateFactory(first_name="Chiara", email="chiara@example.invalid", language="en")
    return ApplicationFactory(candidate=candidate)


def _response_bytes(response) -> bytes:
    headers = sorted((name, value) for name, value in response.items() if name.lower() != "date")
    return repr((response.status_code, headers)).encode() + response.content


def test_request_is_identical_and_costs_the_same_queries_for_an_address_that_applied_or_not(
    client, applied, django_assert_num_queries, django_capture_on_commit_callbacks
):
    answers, enqueued = [], []
    for address in ("chiara@example.invalid", "nobody@example.invalid"):
        with django_capture_on_commit_callbacks(execute=False) as callbacks, django_assert_num_queries(0):
            response = client.post(reverse("status:new_link"), {"email": address})
        answers.append(_response_bytes(response))
        enqueued.append(len(callbacks))
    assert (answers[0] == answers[1], enqueued, answers[0].startswith(b"(302,")) == (True, [1, 1], True)
    assert (CandidateEmail.objects.count(), len(mail.outbox)) == (0, 0)  # nothing done in the request itself


def test_the_worker_records_and_sends_an_email_only_for_an_address_that_applied(client, applied,
                                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for address in ("Chiara@Example.invalid", "nobody@example.invalid"):
            client.post(reverse("status:new_link"), {"email": address})
    [recorded] = CandidateEmail.objects.all()
    [message] = mail.outbox
    assert (recorded.to, recorded.kind, recorded.status, message.to) == (
        "chiara@example.invalid", "status_links", "sent", ["chiara@example.invalid"])


@pytest.mark.parametrize(("requests", "last_status"), [(4, 302), (5, 429)], ids=["at-the-limit", "one-past-it"])
def test_one_client_address_is_limited_whatever_the_email(client, reference_data, settings, requests, last_status,
                                                          django_capture_on_commit_callbacks):
    settings.STATUS_LINK_ADDRESS_LIMIT = 4
    with django_capture_on_commit_callbacks(execute=False):
        codes = [client.post(reverse("status:new_link"), {"email": f"person{n}@example.invalid"},
                             REMOTE_ADDR="203.0.113.7") for n in range(requests)]
    last = codes[-1]
    assert ([c.status_code for c in codes[:-1]], last.status_code) == ([302] * (requests - 1), last_status)
    if last_status == 429:
        text = last.content.decode()
        assert (NETWORK_MESSAGE in text, PERSON_MESSAGE in text, "wait 10 minutes" in text) == (True, False, True)
    # Another client address is counted on its own.
    with django_capture_on_commit_callbacks(execute=False):
        other = client.post(reverse("status:new_link"), {"email": "person0@example.invalid"}, REMOTE_ADDR="198.51.100.9")
    assert other.status_code == 302


def test_default_address_ceiling_is_generous_and_above_the_per_person_limits(settings):
    assert settings.STATUS_LINK_ADDRESS_LIMIT == 30
    assert settings.STATUS_LINK_ADDRESS_LIMIT > status.LINK_REQUESTS_PER_EMAIL > status.LINK_REQUESTS_PER_PERSON


def test_the_person_limit_still_says_it_is_this_person(client, reference_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        codes = [client.post(reverse("status:new_link"), {"email": "chiara@example.invalid"}) for _ in range(4)]
    assert ([c.status_code for c in codes], PERSON_MESSAGE in codes[-1].content.decode(),
            NETWORK_MESSAGE in codes[-1].content.decode()) == ([302, 302, 302, 429], True, False)


def test_over_the_ceiling_in_italian_is_a_page_not_an_error(client, reference_data, settings,
                                                            django_capture_on_commit_callbacks):
    settings.STATUS_LINK_ADDRESS_LIMIT = 1
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "it"
    with django_capture_on_commit_callbacks(execute=False):
        codes = [client.post(reverse("status:new_link"), {"email": f"p{n}@example.invalid"}) for n in range(2)]
    assert ([c.status_code for c in codes], codes[1]["Content-Language"], 'lang="it"' in codes[1].content.decode()) == (
        [302, 429], "it", True)


def test_with_the_broker_down_the_request_records_the_email_for_the_scan_instead_of_losing_it(
    client, applied, monkeypatch, django_capture_on_commit_callbacks
):
    from candidates import status as status_module

    monkeypatch.setattr(status_module, "enqueue", lambda *args: False)  # the broker refused the task
    monkeypatch.setattr(status_module, "enqueue_on_commit", lambda *args: None)  # and the send after commit
    with django_capture_on_commit_callbacks(execute=True):
        for address in ("chiara@example.invalid", "nobody@example.invalid"):
            assert client.post(reverse("status:new_link"), {"email": address}).status_code == 302
    [recorded] = CandidateEmail.objects.all()
    assert (recorded.to, recorded.status, len(mail.outbox)) == ("chiara@example.invalid", "pending", 0)
