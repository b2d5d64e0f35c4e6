"""The send state machine of candidate e-mails and reminders, outcome by outcome (no worker).

pending → sending (committed) → sent | pending (not taken, retry) | failed (5th try, or cannot be built)
| uncertain (connection lost while the server may have taken it, or abandoned 'sending' found by a scan).
Uncertain is never sent again automatically; an admin's "Send again" does, with the same Message-ID.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail as outbox
from django.urls import reverse
from django.utils import timezone

from candidates import emails
from candidates.models import CandidateEmail
from candidates.tests.factories import ApplicationFactory
from core import mail
from evaluations import reminders
from evaluations.models import Reminder
from evaluations.tests import mailsink
from evaluations.tests.factories import schedule

smtp_sink = mailsink.smtp_sink
pytestmark = pytest.mark.django_db
MINUTE = datetime.timedelta(minutes=1)


def _reminder(hr, interviewer):
    schedule(interviewers=[interviewer], hr=hr)  # invitations recorded, not yet sent (no commit here)
    return Reminder.objects.filter(to=interviewer.email).get()


def _email():
    return CandidateEmail.objects.create(
        application=ApplicationFactory(), kind="confirmation", key="confirmation:test", to="anna@example.invalid",
        language="it", subject="Candidatura ricevuta", body="Grazie.",
    )


class Reminders:
    model = Reminder

    @staticmethod
    def make(hr, interviewer):
        return _reminder(hr, interviewer)

    @staticmethod
    def send(pk):
        return reminders.deliver(pk)

    @staticmethod
    def scan(now):
        return reminders.queue_due_reminders(now=now)

    admin_url = "admin:evaluations_reminder_changelist"


class Emails:
    model = CandidateEmail

    @staticmethod
    def make(hr, interviewer):
        return _email()

    @staticmethod
    def send(pk):
        return emails.deliver(pk)

    @staticmethod
    def scan(now):
        return emails.pending_emails(now=now)

    admin_url = "admin:candidates_candidateemail_changelist"


@pytest.fixture(params=[Reminders, Emails], ids=["reminder", "candidate-email"])
def kind(request):
    return request.param


@pytest.fixture
def row(kind, hr, interviewer):
    return kind.make(hr, interviewer)


def _state(row):
    row.refresh_from_db()
    return row.status, row.attempts


def test_pending_is_sent_once_with_a_message_id_from_its_key(kind, row):
    assert kind.send(row.pk) == "sent"
    assert _state(row) == ("sent", 1)
    assert row.sent_at is not None and row.sending_since is not None
    [message] = outbox.outbox
    assert message.extra_headers["Message-ID"] == mail.message_id(row.key)
    assert message.message()["Message-ID"] == mail.message_id(row.key)
    assert kind.send(row.pk) == "skipped"
    assert len(outbox.outbox) == 1


def test_message_id_is_stable_and_uses_the_sender_domain(settings):
    settings.DEFAULT_FROM_EMAIL = "Recruiting <jobs@studio.example>"
    first = mail.message_id("interview:1:0:anna@example.invalid")
    assert first == mail.message_id("interview:1:0:anna@example.invalid")
    assert first != mail.message_id("interview:1:1:anna@example.invalid")
    assert first.startswith("<") and first.endswith("@studio.example>") and len(first) == 1 + 32 + 1 + 14 + 1
    settings.DEFAULT_FROM_EMAIL = "no-address"
    assert mail.message_id("x").endswith("@recruiting.invalid>")


def test_connection_refused_goes_back_to_pending_and_the_fifth_failure_is_final(kind, row, settings):
    mailsink.use_smtp(settings, mailsink.free_port())  # nothing listens there
    for attempt in range(1, 5):
        assert kind.send(row.pk) == mail.RETRY_LATER  # the scans try again, spaced out
        assert _state(row) == ("pending", attempt)
        # Time passes until the next retry is due (2, 4, 8, 16 minutes).
        kind.model.objects.filter(pk=row.pk).update(sending_since=timezone.now() - mail.retry_wait(attempt))
    assert kind.send(row.pk) == "failed"
    assert _state(row) == ("failed", 5)
    assert kind.send(row.pk) == "skipped"


def test_a_refused_recipient_is_not_delivered_and_retried(kind, row, settings, smtp_sink):
    sink = smtp_sink(refuse={row.to})
    mailsink.use_smtp(settings, sink.port)
    assert kind.send(row.pk) == mail.RETRY_LATER
    assert _state(row) == ("pending", 1)
    assert sink.count() == 0


def test_through_a_real_smtp_server(kind, row, settings, smtp_sink):
    sink = smtp_sink()
    mailsink.use_smtp(settings, sink.port)
    assert kind.send(row.pk) == "sent"
    assert sink.counts() == {mail.message_id(row.key): 1}


def test_a_message_that_cannot_be_built_fails_at_once(kind, row):
    kind.model.objects.filter(pk=row.pk).update(to="anna@example.invalid\nBcc: everyone@example.invalid")
    assert kind.send(row.pk) == "failed"
    assert _state(row) == ("failed", 1)
    assert outbox.outbox == []


def test_a_connection_lost_after_data_is_uncertain_at_once(kind, row, settings):
    settings.EMAIL_BACKEND = "evaluations.tests.mailsink.DisconnectAfterDataBackend"
    assert kind.send(row.pk) == "uncertain"
    assert _state(row) == ("uncertain", 1)


def test_the_scan_marks_old_sending_uncertain_leaves_young_sending_and_never_picks_uncertain(kind, hr, interviewer):
    now = timezone.now()
    row = kind.make(hr, interviewer)
    kind.model.objects.filter(pk=row.pk).update(status="sending", sending_since=now - 9 * MINUTE, attempts=1)
    assert row.pk not in kind.scan(now)
    assert _state(row) == ("sending", 1)  # maybe still in SMTP: left alone
    assert row.pk not in kind.scan(now + 2 * MINUTE)
    assert _state(row) == ("uncertain", 1)  # 11 minutes: its worker is gone
    for later in (now + 3 * MINUTE, now + 60 * MINUTE):
        assert row.pk not in kind.scan(later)
    assert kind.send(row.pk) == "skipped"
    assert _state(row) == ("uncertain", 1)
    assert outbox.outbox == []


def test_the_scan_picks_up_what_is_pending(kind, row):
    kind.model.objects.filter(pk=row.pk).update(created_at=timezone.now() - 2 * MINUTE)
    assert row.pk in kind.scan(timezone.now())


def test_send_again_moves_uncertain_back_to_pending_and_sends_with_the_same_message_id(kind, row, client):
    kind.model.objects.filter(pk=row.pk).update(status="uncertain", sending_since=timezone.now(), attempts=1)
    admin = get_user_model().objects.create_superuser("root", "root@example.invalid", "a-long-test-password")
    client.force_login(admin)
    response = client.post(reverse(kind.admin_url), {"action": "resend", "_selected_action": [row.pk]}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["1 message queued to be sent again (same Message-ID)."]
    assert _state(row) == ("sent", 1)
    [message] = outbox.outbox
    assert message.extra_headers["Message-ID"] == mail.message_id(row.key)
    # A sent message is left alone: the action never makes a second copy of a known delivery.
    response = client.post(reverse(kind.admin_url), {"action": "resend", "_selected_action": [row.pk]}, follow=True)
    assert "1 message left alone: it was sent or is being sent." in [str(m) for m in response.context["messages"]]
    assert len(outbox.outbox) == 1


def test_the_change_page_of_an_uncertain_message_has_the_button(kind, row, client):
    kind.model.objects.filter(pk=row.pk).update(status="uncertain", sending_since=timezone.now(), attempts=1)
    admin = get_user_model().objects.create_superuser("root", "root@example.invalid", "a-long-test-password")
    client.force_login(admin)
    meta = kind.model._meta
    page = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "Send again" in html and "may or may not have been delivered" in html
    changelist = client.get(reverse(kind.admin_url) + "?status__exact=uncertain").content.decode()
    assert "send-status-uncertain" in changelist
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_send_again", args=[row.pk])).status_code == 405
    response = client.post(reverse(f"admin:{meta.app_label}_{meta.model_name}_send_again", args=[row.pk]))
    assert response.status_code == 302
    assert _state(row) == ("sent", 1)
    sent_page = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk])).content.decode()
    assert "send-again" not in sent_page


def test_the_resend_is_recorded_with_who_asked(hr, interviewer, client):
    row = _reminder(hr, interviewer)
    Reminder.objects.filter(pk=row.pk).update(status="failed", attempts=5)
    admin = get_user_model().objects.create_superuser("root", "root@example.invalid", "a-long-test-password")
    client.force_login(admin)
    client.post(reverse("admin:evaluations_reminder_changelist"), {"action": "resend", "_selected_action": [row.pk]})
    row.refresh_from_db()
    assert row.status == "sent" and [entry["by"] for entry in row.payload["resent"]] == ["root"]
    assert row.payload["resent"][0]["was"] == "failed"
    from django.contrib.admin.models import LogEntry

    assert LogEntry.objects.get(object_id=str(row.pk)).change_message == "Send again requested by root"


@pytest.mark.parametrize(
    "attempts, minutes_since_last, due",
    [(0, 0, True), (1, 1, False), (1, 2, True), (2, 3, False), (2, 4, True), (3, 7, False), (3, 8, True),
     (4, 15, False), (4, 16, True), (5, 1000, False), (2, None, True), (5, None, False)],
)
def test_a_message_not_taken_is_tried_again_after_2_4_8_16_minutes(kind, row, attempts, minutes_since_last, due):
    now = timezone.now()
    # None: no time of the last attempt (an admin's "Send again", or a row from before this rule).
    last = None if minutes_since_last is None else now - datetime.timedelta(minutes=minutes_since_last)
    kind.model.objects.filter(pk=row.pk).update(status="pending", attempts=attempts, sending_since=last)
    assert kind.model.objects.filter(mail.retry_due(now), pk=row.pk).exists() is due


def test_a_second_task_for_a_message_not_yet_due_does_not_bring_its_retry_forward(kind, row, settings):
    mailsink.use_smtp(settings, mailsink.free_port())  # nothing listens there
    assert kind.send(row.pk) == mail.RETRY_LATER
    assert [kind.send(row.pk) for _ in range(4)] == ["skipped"] * 4  # a backlog, twin schedulers
    assert _state(row) == ("pending", 1)


def test_send_again_on_a_pending_message_tries_it_now(kind, row, settings, smtp_sink):
    mailsink.use_smtp(settings, mailsink.free_port())
    assert kind.send(row.pk) == mail.RETRY_LATER
    sink = smtp_sink()
    mailsink.use_smtp(settings, sink.port)
    ids, _left = mail.send_again(kind.model.objects.filter(pk=row.pk), user=get_user_model()(username="root"))
    assert ids == [row.pk]
    assert kind.send(row.pk) == "sent"
    assert sink.counts() == {mail.message_id(row.key): 1}
