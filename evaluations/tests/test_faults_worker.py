"""Real workers killed with -9, twin workers and twin schedulers: no message is ever sent twice.

Each test runs real `celery worker` processes on the test database and the real Redis broker,
consuming the "email" queue as the e-mail worker does in production (README, "Workers and
queues"), sending through a real SMTP server in this process that counts messages by Message-ID.
"""

import datetime
import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from candidates import emails
from candidates import tasks as candidate_tasks
from candidates.models import CandidateEmail
from candidates.tests.factories import ApplicationFactory
from conftest import wait_for
from core import mail
from core.models import profile_for
from evaluations import reminders
from evaluations import tasks as evaluation_tasks
from evaluations.models import Interview, Reminder
from evaluations.tests import mailsink
from evaluations.tests.factories import schedule
from evaluations.tests.mailsink import settle
from recruiting.tests import faults

# The fixtures this module uses, from the helper modules.
broker, celery_workers, smtp_sink = faults.broker, faults.celery_workers, mailsink.smtp_sink

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

# Far enough ahead that a row 'sending' since before the crash counts as abandoned.
AFTER_THRESHOLD = mail.STALE_AFTER + datetime.timedelta(minutes=1)


def _statuses(model) -> dict[str, int]:
    counts = {}
    for status in model.objects.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def _superuser_client(client):
    user = get_user_model().objects.create_superuser("root", "root@example.invalid", "a-long-test-password")
    client.force_login(user)
    return user


@pytest.fixture
def celery_process(celery_workers):
    """`celery_process(name, smtp_port)`: an e-mail worker (-Q email) sending through that SMTP port."""

    def start(name: str, smtp_port: int) -> faults.CeleryWorker:
        return celery_workers(name, queues=faults.EMAIL_QUEUES, env={"EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}"})

    return start


def _fail(message, *workers):
    return message + "".join(f"\n--- {w.log.name} ---\n{w.tail()}" for w in workers)


def test_a_worker_killed_mid_send_of_200_reminders_sends_none_twice(
    smtp_sink, broker, celery_process, reference_data, hr, interviewer, client, capsys
):
    interview = schedule(interviewers=[interviewer], hr=hr)  # its invitations go out in-process
    invitations = Reminder.objects.filter(status="sent").count()
    assert invitations == Reminder.objects.count() == 2
    Reminder.objects.bulk_create(
        Reminder(
            key=f"interview:{interview.pk}:{interview.sequence}:guest{i:03d}@example.invalid",
            kind=Reminder.Kind.INTERVIEW, interview=interview, to=f"guest{i:03d}@example.invalid",
            payload={"sequence": interview.sequence},
        )
        for i in range(200)
    )
    ids = list(Reminder.objects.filter(status="pending").order_by("pk").values_list("pk", flat=True))
    keys = dict(Reminder.objects.filter(pk__in=ids).values_list("pk", "key"))
    assert len(ids) == 200
    broker()
    # The worst moment: the 50th message has reached the server, whose "250" the worker never reads.
    sink = smtp_sink(hold_at=50)
    for pk in ids:
        evaluation_tasks.deliver_reminder.delay(pk)
    first = celery_process("first", sink.port)
    assert sink.holding.wait(90), _fail("the worker never reached the 50th message", first)
    assert _statuses(Reminder) == {"sent": 49 + invitations, "sending": 1, "pending": 150}
    first.kill()
    killed_at = time.monotonic()
    sink.release.set()

    # Recovery: the periodic scan (its clock past the threshold) marks the abandoned send uncertain
    # and re-enqueues what is pending; a new worker drains the queue.
    pending = reminders.queue_due_reminders(now=timezone.now() + AFTER_THRESHOLD)
    assert len(pending) == 150
    uncertain = Reminder.objects.get(status="uncertain")
    for pk in pending:
        evaluation_tasks.deliver_reminder.delay(pk)
    second = celery_process("second", sink.port)
    assert settle(Reminder), _fail("the queue was not drained", second)
    recovered_in = time.monotonic() - killed_at

    assert _statuses(Reminder) == {"sent": 199 + invitations, "uncertain": 1}
    received = sink.counts()
    expected = {mail.message_id(key) for key in keys.values()}
    assert set(received) == expected  # all 200, the uncertain one included: the server had it
    assert sink.duplicates() == 0
    assert sink.count() == 200
    assert Reminder.objects.get(status="uncertain").pk == uncertain.pk

    # The admin decides: "Send again" sends it with the same Message-ID, recognisably the same message.
    _superuser_client(client)
    response = client.post(
        reverse("admin:evaluations_reminder_changelist"),
        {"action": "resend", "_selected_action": [uncertain.pk]}, follow=True,
    )
    assert "1 message queued to be sent again (same Message-ID)." in [str(m) for m in response.context["messages"]]
    assert settle(Reminder), _fail("the resend was not delivered", second)
    uncertain.refresh_from_db()
    assert uncertain.status == "sent" and uncertain.payload["resent"][0]["by"] == "root"
    assert sink.counts()[mail.message_id(uncertain.key)] == 2
    assert sink.count() == 201
    with capsys.disabled():
        print(f"\n[reminders] 200 recorded, killed at 50: sent 199, uncertain 1, duplicates 0, "
              f"recovered in {recovered_in:.1f} s; admin resend: 1 more, same Message-ID")


def test_a_worker_killed_at_a_random_point_of_30_candidate_emails_sends_none_twice(
    smtp_sink, broker, celery_process, reference_data, client, capsys
):
    application = ApplicationFactory()
    CandidateEmail.objects.bulk_create(
        CandidateEmail(
            application=application, kind="confirmation", key=f"fault:{i}", to=f"person{i:02d}@example.invalid",
            language="it", subject=f"Candidatura {i}", body="Abbiamo ricevuto la sua candidatura.",
        )
        for i in range(30)
    )
    keys = dict(CandidateEmail.objects.values_list("pk", "key"))
    broker()
    sink = smtp_sink()
    for pk in keys:
        candidate_tasks.send_candidate_email.delay(pk)
    first = celery_process("first", sink.port)
    assert wait_for(lambda: sink.count() >= 10, timeout=90), _fail("no progress", first)
    first.kill()  # wherever it is: before the claim, inside SMTP, or after recording
    at_kill = sink.count()
    killed_at = time.monotonic()

    pending = emails.pending_emails(now=timezone.now() + AFTER_THRESHOLD)
    for pk in pending:
        candidate_tasks.send_candidate_email.delay(pk)
    second = celery_process("second", sink.port)
    assert settle(CandidateEmail), _fail("the queue was not drained", second)
    recovered_in = time.monotonic() - killed_at

    statuses = _statuses(CandidateEmail)
    sent, uncertain = statuses.get("sent", 0), statuses.get("uncertain", 0)
    assert sent + uncertain == 30 and set(statuses) <= {"sent", "uncertain"}
    assert uncertain <= 1  # solo pool, one message prefetched: at most the one in flight
    assert sink.duplicates() == 0
    assert sink.count() - sent in {0, uncertain}
    assert set(sink.counts()) <= {mail.message_id(key) for key in keys.values()}
    sent_ids = {mail.message_id(keys[pk]) for pk in CandidateEmail.objects.filter(status="sent").values_list("pk", flat=True)}
    assert sent_ids <= set(sink.counts())

    if uncertain:
        row = CandidateEmail.objects.get(status="uncertain")
        _superuser_client(client)
        client.post(reverse("admin:candidates_candidateemail_send_again", args=[row.pk]))
        assert settle(CandidateEmail), _fail("the resend was not delivered", second)
        row.refresh_from_db()
        assert row.status == "sent"
        assert sink.counts()[mail.message_id(row.key)] in {1, 2}
    with capsys.disabled():
        print(f"\n[candidate e-mails] 30 recorded, killed after {at_kill} received: sent {sent}, "
              f"uncertain {uncertain}, duplicates 0, recovered in {recovered_in:.1f} s")


def test_two_workers_and_two_schedulers_at_once_send_each_reminder_once(
    smtp_sink, broker, celery_process, reference_data, hr, interviewer, capsys
):
    application = ApplicationFactory(stage="interview")
    application.position.panel.add(interviewer)
    profile_for(interviewer)  # created once here, not raced by the two workers
    soon = timezone.now() + datetime.timedelta(hours=12)
    interviews = Interview.objects.bulk_create(
        Interview(application=application, starts_at=soon + datetime.timedelta(minutes=10 * i), location="Sala 2", created_by=hr)
        for i in range(50)
    )
    Interview.interviewers.through.objects.bulk_create(
        Interview.interviewers.through(interview_id=i.pk, user_id=interviewer.pk) for i in interviews
    )
    broker()
    sink = smtp_sink()
    workers = [celery_process("one", sink.port), celery_process("two", sink.port)]

    # Two beats by mistake: the same scan twice at the same moment, each enqueuing every id.
    barrier, enqueued, errors = threading.Barrier(2), [], []

    def beat():
        try:
            barrier.wait(10)
            enqueued.append(evaluation_tasks.send_due_reminders())
        except Exception as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=beat) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    # The first scan to look sees all 100 pending (nothing is enqueued before a scan looks).
    assert len(enqueued) == 2 and max(enqueued) == 100
    assert Reminder.objects.count() == 100  # candidate + interviewer, 50 interviews, each key once
    assert settle(Reminder), _fail("the queue was not drained", *workers)
    assert _statuses(Reminder) == {"sent": 100}
    keys = Reminder.objects.values_list("key", flat=True)
    assert set(sink.counts()) == {mail.message_id(key) for key in keys}
    assert sink.count() == 100 and sink.duplicates() == 0
    with capsys.disabled():
        print(f"\n[twins] 2 schedulers enqueued {enqueued}, 2 workers: 100 unique Message-IDs, duplicates 0")
