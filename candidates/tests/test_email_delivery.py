"""Candidate e-mails when sending goes wrong, with exact figures: what each mail-server error leaves behind,
when the retry falls due to the microsecond, the limit of five attempts, abandoned sends, the young rows the
scan leaves to the e-mail task, anonymised applications, and an admin's "Send again" from every status.

The mail backend is a fake that raises what each case names (candidates.tests.fakemail); the clock is
passed in. What the two kinds of message share is pinned in evaluations/tests/test_sending.py.
"""

import datetime
import smtplib
import ssl

import pytest
from django.contrib.auth import get_user_model

from candidates import emails, privacy
from candidates.models import CandidateEmail
from candidates.tests import fakemail
from candidates.tests.factories import ApplicationFactory
from core import mail

fake_mail = fakemail.fake_mail
pytestmark = pytest.mark.django_db
MINUTE = datetime.timedelta(minutes=1)
TICK = datetime.timedelta(microseconds=1)


@pytest.fixture
def email():
    return CandidateEmail.objects.create(
        application=ApplicationFactory(), kind="confirmation", key="confirmation:delivery-test",
        to="anna@example.invalid", language="it", subject="Candidatura ricevuta", body="Grazie.",
    )


@pytest.fixture
def t0(email):
    """A moment well after the e-mail was recorded: the scan's one-minute grace is over."""
    return email.created_at + datetime.timedelta(hours=1)


def _set(email, **fields):
    CandidateEmail.objects.filter(pk=email.pk).update(**fields)


def _state(email):
    email.refresh_from_db()
    return email.status, email.attempts


NOT_TAKEN = [
    pytest.param("on_open", ConnectionRefusedError(111, "Connection refused"), id="open-connection-refused"),
    pytest.param("on_open", TimeoutError("timed out"), id="open-timeout"),
    pytest.param("on_open", ssl.SSLError("certificate verify failed"), id="open-tls-error"),
    pytest.param("on_open", smtplib.SMTPAuthenticationError(535, b"Authentication failed"), id="open-login-refused"),
    pytest.param("on_send", smtplib.SMTPRecipientsRefused({"anna@example.invalid": (550, b"No such user")}),
                 id="send-recipients-refused"),
    pytest.param("on_send", smtplib.SMTPSenderRefused(553, b"Sender refused", "jobs@example.invalid"),
                 id="send-sender-refused"),
    pytest.param("on_send", smtplib.SMTPDataError(554, b"Transaction failed"), id="send-data-error"),
    pytest.param("on_send", smtplib.SMTPHeloError(501, b"Bad HELO"), id="send-helo-error"),
    pytest.param("on_send", smtplib.SMTPNotSupportedError("SMTPUTF8 not supported"), id="send-not-supported"),
    pytest.param("takes", 0, id="backend-took-no-message"),
]
MAYBE_TAKEN = [
    pytest.param("on_send", smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), id="send-disconnected"),
    pytest.param("on_send", TimeoutError("timed out"), id="send-timeout"),
    pytest.param("on_send", ConnectionResetError(104, "Connection reset by peer"), id="send-connection-reset"),
    # A reply code outside the refusals listed in core.mail.NOT_ACCEPTED: the server may have the message.
    pytest.param("on_send", smtplib.SMTPResponseException(421, b"Service not available"), id="send-421-response"),
]


@pytest.mark.parametrize("stage, failure", NOT_TAKEN)
def test_a_message_the_server_did_not_take_goes_back_to_pending_with_the_attempt_counted(
    stage, failure, email, t0, fake_mail
):
    setattr(fake_mail, stage, failure)
    assert emails.deliver(email.pk, now=t0) == mail.RETRY_LATER
    assert _state(email) == ("pending", 1)
    assert email.sending_since == t0 and email.sent_at is None


@pytest.mark.parametrize("stage, failure", MAYBE_TAKEN)
def test_a_connection_lost_during_the_send_leaves_the_message_uncertain(stage, failure, email, t0, fake_mail):
    setattr(fake_mail, stage, failure)
    assert emails.deliver(email.pk, now=t0) == "uncertain"
    assert _state(email) == ("uncertain", 1)
    assert email.pk not in emails.pending_emails(now=t0 + datetime.timedelta(days=1))


@pytest.mark.parametrize(
    "stage, failure, outcome, status",
    [pytest.param(*case.values, "failed", "failed", id=case.id) for case in NOT_TAKEN]
    + [pytest.param(*case.values, "uncertain", "uncertain", id=case.id) for case in MAYBE_TAKEN],
)
def test_the_fifth_attempt_is_the_last(stage, failure, outcome, status, email, t0, fake_mail):
    _set(email, attempts=4, sending_since=t0 - 16 * MINUTE)
    setattr(fake_mail, stage, failure)
    assert emails.deliver(email.pk, now=t0) == outcome
    assert _state(email) == (status, 5)
    assert email.pk not in emails.pending_emails(now=t0 + datetime.timedelta(days=1))
    assert emails.deliver(email.pk, now=t0 + datetime.timedelta(days=1)) == "skipped"
    assert fake_mail.opened == 1


@pytest.mark.parametrize("attempt, wait", [(1, 2 * MINUTE), (2, 4 * MINUTE), (3, 8 * MINUTE), (4, 16 * MINUTE)])
def test_after_a_refusal_the_scan_picks_the_message_again_exactly_2_4_8_16_minutes_later(
    attempt, wait, email, t0, fake_mail
):
    _set(email, attempts=attempt - 1, sending_since=t0 - datetime.timedelta(days=1) if attempt > 1 else None)
    fake_mail.on_send = smtplib.SMTPRecipientsRefused({email.to: (450, b"Mailbox busy")})
    assert emails.deliver(email.pk, now=t0) == mail.RETRY_LATER
    assert _state(email) == ("pending", attempt)
    assert email.pk not in emails.pending_emails(now=t0 + wait - TICK)
    assert email.pk in emails.pending_emails(now=t0 + wait)


@pytest.mark.parametrize(
    "age, picked",
    [(datetime.timedelta(0), False), (emails.PENDING_AFTER - TICK, False), (emails.PENDING_AFTER, False),
     (emails.PENDING_AFTER + TICK, True)],
)
def test_the_scan_leaves_e_mails_younger_than_a_minute_to_the_task_that_was_queued_with_them(email, age, picked):
    assert emails.PENDING_AFTER == MINUTE
    assert (email.pk in emails.pending_emails(now=email.created_at + age)) is picked


@pytest.mark.parametrize(
    "stale_after_seconds, age, status",
    [
        (None, 10 * MINUTE, "sending"),
        (None, 10 * MINUTE + TICK, "uncertain"),
        (90, datetime.timedelta(seconds=90), "sending"),
        (90, datetime.timedelta(seconds=90) + TICK, "uncertain"),
    ],
)
def test_a_send_older_than_the_stale_cutoff_becomes_uncertain_and_is_never_picked(
    stale_after_seconds, age, status, email, t0, settings
):
    settings.SENDING_STALE_AFTER_SECONDS = stale_after_seconds
    _set(email, status="sending", attempts=1, sending_since=t0 - age)
    assert email.pk not in emails.pending_emails(now=t0)
    assert _state(email) == (status, 1)


@pytest.mark.parametrize("status", ["pending", "sent", "failed", "uncertain"])
def test_the_stale_cutoff_applies_to_sending_only(status, email, t0):
    _set(email, status=status, attempts=2, sending_since=t0 - datetime.timedelta(days=1))
    emails.pending_emails(now=t0)
    assert _state(email) == (status, 2)


@pytest.mark.parametrize(
    "attempts, last_attempt_ago", [(0, None), (2, 4 * MINUTE)], ids=["never-tried", "retry-due"]
)
def test_an_e_mail_to_an_anonymised_application_fails_as_obsolete_without_a_connection(
    attempts, last_attempt_ago, email, t0, fake_mail
):
    _set(email, attempts=attempts, sending_since=last_attempt_ago and t0 - last_attempt_ago)
    privacy.application_anonymise(email.application)
    assert emails.deliver(email.pk, now=t0) == "obsolete: application anonymised"
    assert _state(email) == ("failed", attempts)
    assert (fake_mail.opened, fake_mail.sent) == (0, [])


def test_send_again_for_an_anonymised_application_is_queued_and_then_dropped_without_a_connection(email, fake_mail):
    _set(email, status="uncertain", attempts=1)
    privacy.application_anonymise(email.application)
    ids, left = emails.emails_send_again(emails=CandidateEmail.objects.filter(pk=email.pk), user=_admin())
    assert (ids, left) == ([email.pk], 0)
    assert _state(email) == ("failed", 0)  # tasks run in-process in tests: the queued send already ran
    assert (fake_mail.opened, fake_mail.sent) == (0, [])


def _admin():
    return get_user_model()(username="root")


@pytest.mark.parametrize(
    "status, attempts, queued, after",
    [
        ("pending", 2, True, ("sent", 3)),  # its retry was not due yet: tried now
        ("uncertain", 1, True, ("sent", 1)),  # attempts start again from zero
        ("failed", 5, True, ("sent", 1)),
        ("sent", 1, False, ("sent", 1)),
        ("sending", 1, False, ("sending", 1)),
    ],
)
def test_send_again_queues_what_may_be_sent_and_leaves_sent_and_sending_alone(
    status, attempts, queued, after, email, fake_mail
):
    _set(email, status=status, attempts=attempts, sending_since=email.created_at)
    ids, left = emails.emails_send_again(emails=CandidateEmail.objects.filter(pk=email.pk), user=_admin())
    assert (ids, left) == (([email.pk], 0) if queued else ([], 1))
    assert _state(email) == after
    assert [m.extra_headers["Message-ID"] for m in fake_mail.sent] == ([mail.message_id(email.key)] if queued else [])
