"""Signed action links reach the candidate only: the stored copy of each e-mail (and the stored offer letter) shows
a placeholder that HR, admins and exports can read safely, and the message built for sending (message_for, and
what a real SMTP server receives) carries links that open the right page (candidates/links.py)."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from candidates import emails, links, offers, status
from candidates.models import Application, CandidateEmail, EmailTemplate, Offer, Stage
from candidates.tests.factories import ApplicationFactory, CandidateFactory
from evaluations import slots
from evaluations.models import Interview
from positions.tests.factories import OpenPositionFactory
from recruiting.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"  # SITE_URL in tests
# Any path of the actions with something that looks like a signed token after it.
SIGNED_PATH = re.compile(r"/(?:offer|status(?:/erasure)?)/[\w:-]{8,}")
TERMS = offers.Terms(pay=Decimal("28500.00"), start_date=datetime.date(2027, 3, 1),
                     contract_type=Offer.ContractType.PERMANENT, weekly_hours=Decimal("40"))


@pytest.fixture
def manager(reference_data):
    return UserFactory(username="elena", first_name="Elena", last_name="Rossi", role="interviewer")


@pytest.fixture
def application(manager, interviewer):
    position = OpenPositionFactory(title="Impiegato contabile", hiring_manager=manager)
    position.panel.add(interviewer)
    candidate = CandidateFactory(first_name="Chiara", last_name="Bianchi", email="chiara@example.invalid", language="it")
    return ApplicationFactory(position=position, candidate=candidate)


def _assert_stored_without_links(text: str) -> None:
    assert ("/offer/" in text, "/status/" in text, SIGNED_PATH.search(text)) == (False, False, None)


def _paths(text: str, prefix: str) -> list[str]:
    """The site paths starting with `prefix` in a message's text, in order."""
    return re.findall(re.escape(SITE) + r"(" + re.escape(prefix) + r"[\w:-]+/)", text)


def _smtp_body(inbox) -> str:
    [message] = inbox.messages
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def _sent_offer(application, hr, manager, capture) -> Offer:
    Application.objects.filter(pk=application.pk).update(stage=Stage.OFFER)
    application.refresh_from_db()
    offer = offers.offer_save_draft(application=application, user=hr, terms=TERMS)
    offers.offer_request_approval(offer=offer, user=hr)
    offers.offer_approve(offer=offer, user=manager)
    with capture(execute=True):
        return offers.offer_send(offer=offer, user=hr)


def _opens_offer(client, path: str, offer: Offer) -> None:
    response = client.get(path)
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert (response.status_code, offers.offer_from_token(token).pk, "Impiegato contabile" in response.content.decode()
            ) == (200, offer.pk, True)


def _opens_status_page(client, path: str, application) -> None:
    response = client.get(path)
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert (response.status_code, status.application_from_token(token).pk,
            application.position.title in response.content.decode()) == (200, application.pk, True)


# ---------------------------------------------------------------------------
# The offer letter
# ---------------------------------------------------------------------------
def test_offer_email_and_letter_are_stored_without_the_link_and_sent_with_one_that_opens_the_offer(
    client, application, hr, manager, inbox, django_capture_on_commit_callbacks
):
    application.candidate.language = "en"
    application.candidate.save()
    offer = _sent_offer(application, hr, manager, django_capture_on_commit_callbacks)
    stored = CandidateEmail.objects.get(kind=EmailTemplate.Kind.OFFER)
    letter = PdfReader(io.BytesIO(bytes(Offer.objects.get(pk=offer.pk).letter_pdf))).pages[0].extract_text()
    assert links.PLACEHOLDER in stored.body
    _assert_stored_without_links(stored.body)
    _assert_stored_without_links(letter)
    assert ("http" in letter, "To accept or decline, open the link in our e-mail (valid until" in letter.replace("\n", " ")
            ) == (False, True)
    built = emails.message_for(stored)
    [path] = _paths(built.body, "/offer/")
    _opens_offer(client, path, offer)
    [smtp_path] = _paths(_smtp_body(inbox), "/offer/")
    _opens_offer(client, smtp_path, offer)
    # The letter attached to the message is the stored one: no link printed in it either.
    [(name, content, _mimetype)] = built.attachments
    assert (name, content) == (f"offer-{offer.pk}.pdf", bytes(Offer.objects.get(pk=offer.pk).letter_pdf))


def test_offer_placeholder_in_an_edited_template_is_filled_when_sent(client, application, hr, manager,
                                                                     django_capture_on_commit_callbacks):
    EmailTemplate.objects.update_or_create(kind="offer", language="it", defaults={
        "subject": "Offerta: {position_title}", "body": "Ciao {candidate_name}: {offer_link} (entro il {respond_by})"})
    offer = _sent_offer(application, hr, manager, django_capture_on_commit_callbacks)
    stored = CandidateEmail.objects.get(kind=EmailTemplate.Kind.OFFER)
    assert stored.body.startswith(f"Ciao Chiara: {links.PLACEHOLDER} (entro il ")
    [message] = mail.outbox
    [path] = _paths(message.body, "/offer/")
    assert message.body.startswith(f"Ciao Chiara: {SITE}{path} (entro il ")
    _opens_offer(client, path, offer)


# ---------------------------------------------------------------------------
# Self-scheduling: the times and the status link
# ---------------------------------------------------------------------------
def test_slot_offer_email_is_stored_without_the_status_link_and_sent_with_one_that_opens_the_page(
    client, application, hr, interviewer, inbox, django_capture_on_commit_callbacks
):
    starts = [datetime.datetime(2027, 3, 8, 9, 0, tzinfo=datetime.UTC), datetime.datetime(2027, 3, 9, 13, 0, tzinfo=datetime.UTC)]
    with django_capture_on_commit_callbacks(execute=True):
        slots.slot_offer_create(application=application, kind=Interview.Kind.COMPETENCY, duration_minutes=60,
                                location="Sala 2", interviewers=[interviewer], starts=starts, user=hr)
    stored = CandidateEmail.objects.get(key__startswith="slot-offer:")
    assert links.PLACEHOLDER in stored.body
    _assert_stored_without_links(stored.body)
    [path] = _paths(emails.message_for(stored).body, "/status/")
    _opens_status_page(client, path, application)
    [smtp_path] = _paths(_smtp_body(inbox), "/status/")
    _opens_status_page(client, smtp_path, application)


# ---------------------------------------------------------------------------
# Fresh links: one e-mail listing several applications
# ---------------------------------------------------------------------------
def test_fresh_links_email_stores_a_marker_per_application_and_sends_a_working_link_for_each(
    client, application, inbox, django_capture_on_commit_callbacks
):
    second = ApplicationFactory(candidate=application.candidate, position=OpenPositionFactory(title="Archivista"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("status:new_link"), {"email": "chiara@example.invalid"})
    stored = CandidateEmail.objects.get(kind=EmailTemplate.Kind.STATUS_LINKS)
    assert (f"[link sent only to the candidate: application {application.pk}]" in stored.body,
            f"[link sent only to the candidate: application {second.pk}]" in stored.body) == (True, True)
    _assert_stored_without_links(stored.body)
    built = _paths(emails.message_for(stored).body, "/status/")
    received = _paths(_smtp_body(inbox), "/status/")
    assert (len(built), len(received)) == (2, 2)
    for path, listed in zip(received, (second, application), strict=True):  # newest application first
        _opens_status_page(client, path, listed)


def test_a_marker_typed_into_a_name_never_gets_someone_elses_link(client, reference_data, django_capture_on_commit_callbacks):
    victim = ApplicationFactory(position=OpenPositionFactory(title="Archivista"))
    sneaky = ApplicationFactory(candidate=CandidateFactory(
        first_name=links.marker(victim.pk), email="sneaky@example.invalid", language="en"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("status:new_link"), {"email": "sneaky@example.invalid"})
    [message] = mail.outbox
    opened = {status.application_from_token(path.rstrip("/").rsplit("/", 1)[1]).pk
              for path in _paths(message.body, "/status/")}
    assert (opened, message.body.startswith(f"Dear {links.marker(victim.pk)},")) == ({sneaky.pk}, True)


# ---------------------------------------------------------------------------
# Erasure confirmation
# ---------------------------------------------------------------------------
def test_erasure_email_is_stored_without_the_link_and_sent_with_one_that_opens_the_confirmation(
    client, application, inbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("status:erasure", kwargs={"token": status.make_token(application.pk)}))
    stored = CandidateEmail.objects.get(kind=EmailTemplate.Kind.ERASURE)
    assert links.PLACEHOLDER in stored.body
    _assert_stored_without_links(stored.body)
    [built] = _paths(emails.message_for(stored).body, "/status/erasure/")
    [received] = _paths(_smtp_body(inbox), "/status/erasure/")
    for path in (built, received):
        response = client.get(path)
        token = path.rstrip("/").rsplit("/", 1)[1]
        confirmed, asked = status.erasure_from_token(token)
        assert (response.status_code, 'data-erasure="ask"' in response.content.decode(), confirmed.pk, asked) == (
            200, True, application.pk, stored.created_at)


# ---------------------------------------------------------------------------
# message_for builds, and only builds; "Send again" signs again
# ---------------------------------------------------------------------------
def test_message_for_sends_and_writes_nothing(application, reference_data):
    stored = status.erasure_ask(application=application)
    with CaptureQueriesContext(connection) as queries:
        message = emails.message_for(stored)
    stored.refresh_from_db()
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert (writes, len(mail.outbox), stored.status, stored.attempts, message.to) == (
        [], 0, "pending", 0, ["chiara@example.invalid"])
    assert message.extra_headers["Message-ID"].startswith("<")


def test_send_again_signs_the_link_again_with_the_same_stored_body(client, application, hr,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("status:erasure", kwargs={"token": status.make_token(application.pk)}))
    stored = CandidateEmail.objects.get(kind=EmailTemplate.Kind.ERASURE)
    body = stored.body
    CandidateEmail.objects.filter(pk=stored.pk).update(status=CandidateEmail.Status.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        emails.emails_send_again(emails=CandidateEmail.objects.filter(pk=stored.pk), user=hr)
    first, again = mail.outbox
    [path] = _paths(again.body, "/status/erasure/")
    stored.refresh_from_db()
    assert (stored.body, stored.status, first.extra_headers["Message-ID"], client.get(path).status_code) == (
        body, "sent", again.extra_headers["Message-ID"], 200)
