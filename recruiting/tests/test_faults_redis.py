"""Redis down: applications are still saved, the limiter degrades, e-mails go out once it is back.

Every test here runs against a redis-server it starts itself on a free port (recruiting/tests/faults.py),
so stopping it disturbs nobody else's run.
"""

import datetime
import logging
import signal
import time
import uuid

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import EncodeError

from candidates import ratelimit, tasks
from candidates.models import Application, CandidateEmail
from candidates.tests import files
from conftest import wait_for
from core import tasking
from positions.models import ScreeningQuestion
from positions.tests.factories import OpenPositionFactory
from recruiting.tests import faults

private_redis, redis_services = faults.private_redis, faults.redis_services  # fixtures

# The bound is "about a second" per request with Redis down; 2.5 s leaves room for a busy
# CI machine. It is a behaviour bound (no request waits on the dead broker), not a benchmark.
REQUEST_BOUND_SECONDS = 2.5


def _form(position, n: int) -> dict:
    questions = list(position.screening_questions.order_by("order"))
    data = {
        "first_name": "Anna",
        "last_name": f"Neri {n}",
        "email": f"anna.neri.{n}@example.invalid",
        "education_level": "2",
        "years_experience": "4",
        "skills": [str(pk) for pk in position.position_skills.values_list("skill_id", flat=True)],
        "privacy": "on",
        "submission_token": str(uuid.uuid4()),
        "source": "job_board",
        "resume": SimpleUploadedFile(f"cv-{n}.pdf", files.pdf(), content_type="application/pdf"),
    }
    for question in questions:
        data[f"question_{question.pk}"] = "yes"
    return data


def _warnings(caplog):
    return [r for r in caplog.records if r.name == "candidates.ratelimit"]


@pytest.fixture
def position(reference_data):
    position = OpenPositionFactory(title="Records clerk", skills=["Archiving"])
    ScreeningQuestion.objects.create(position=position, text="Can you start within a month?", kind="yes_no")
    return position


# ---------------------------------------------------------------------------
# §1: ten applications with Redis stopped, sent exactly once after it returns
# ---------------------------------------------------------------------------
@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_applications_are_saved_with_redis_down_and_confirmed_once_it_is_back(
    client, position, redis_services, settings, caplog, monkeypatch
):
    from celery.contrib.testing.worker import start_worker

    from recruiting.celery import app

    settings.APPLY_RATE_LIMIT = 5  # ten applications from one address: only the fallback lets them through
    monkeypatch.setattr(ratelimit, "_last_warning", None)
    apply_url = reverse("jobs:apply", kwargs={"slug": position.slug})
    thanks_url = reverse("jobs:applied", kwargs={"slug": position.slug})
    assert client.get("/healthz").status_code == 200

    redis_services.stop()
    durations = []
    with caplog.at_level(logging.WARNING):
        for n in range(10):
            start = time.monotonic()
            response = client.post(apply_url, _form(position, n))
            durations.append(time.monotonic() - start)
            assert response.status_code == 302, response.content.decode()[:500]
            assert response["Location"] == thanks_url
    print(f"10 applications with Redis down: slowest {max(durations):.3f} s, total {sum(durations):.3f} s")
    assert max(durations) < REQUEST_BOUND_SECONDS
    assert "Thank you" in client.get(thanks_url).content.decode()
    assert Application.objects.filter(position=position).count() == 10
    assert CandidateEmail.objects.filter(status=CandidateEmail.Status.PENDING).count() == 10
    assert mail.outbox == []
    assert sum("could not enqueue candidates.tasks.send_candidate_email" in r.getMessage() for r in caplog.records) == 10
    assert len(_warnings(caplog)) == 1  # the limit is off, said once
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json()["checks"]["broker"] == "error"

    # Redis is back: a worker runs and the periodic scan (called here, not waited for) sends each once.
    redis_services.start()
    assert client.get("/healthz").status_code == 200
    CandidateEmail.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=10))  # past any cutoff
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert tasks.send_pending_emails() == 10
        assert wait_for(lambda: CandidateEmail.objects.filter(status=CandidateEmail.Status.SENT).count() == 10)
        assert tasks.send_pending_emails() == 0
        # Duplicates reaching the worker (a redelivery, a second scan) send nothing either. A marker e-mail
        # queued after them on the same queue tells when the solo worker has processed them.
        for pk in CandidateEmail.objects.values_list("pk", flat=True):
            tasks.send_candidate_email.delay(pk)
        marker = CandidateEmail.objects.create(
            application=Application.objects.filter(position=position).first(), kind="confirmation", key="marker",
            to="marker@example.invalid", language="en", subject="Marker", body="Sent after the duplicates.",
        )
        tasks.send_candidate_email.delay(marker.pk)
        assert wait_for(lambda: CandidateEmail.objects.get(pk=marker.pk).status == CandidateEmail.Status.SENT)
    assert len(mail.outbox) == 11
    assert sorted(m.to[0] for m in mail.outbox[:10]) == sorted(f"anna.neri.{n}@example.invalid" for n in range(10))
    assert mail.outbox[10].to == ["marker@example.invalid"]


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_frozen_redis_costs_an_application_about_a_second(client, position, redis_services, monkeypatch, caplog):
    # SIGSTOP: Redis accepts connections and never answers, the case socket timeouts are for.
    monkeypatch.setattr(ratelimit, "_last_warning", None)
    offset = [0.0]
    monkeypatch.setattr(tasking, "monotonic", lambda: time.monotonic() + offset[0])
    monkeypatch.setattr(tasking, "_broker_silent_until", 0.0)
    redis_services.process.send_signal(signal.SIGSTOP)
    try:
        with caplog.at_level(logging.WARNING):
            start = time.monotonic()
            response = client.post(reverse("jobs:apply", kwargs={"slug": position.slug}), _form(position, 1))
            seconds = time.monotonic() - start
    finally:
        redis_services.process.send_signal(signal.SIGCONT)
    print(f"one application with Redis frozen: {seconds:.3f} s")
    assert response.status_code == 302
    assert seconds < REQUEST_BOUND_SECONDS  # see REQUEST_BOUND_SECONDS
    application = Application.objects.get()
    assert CandidateEmail.objects.get().status == CandidateEmail.Status.PENDING
    messages = [r.getMessage() for r in caplog.records if r.name == "core.tasking"]
    # The first publish waits for the timeout; the others in that request do not try.
    assert len(messages) >= 2 and messages[0].startswith("could not enqueue")
    assert all(m.startswith("did not enqueue") for m in messages[1:])
    assert len(_warnings(caplog)) == 1

    # A few seconds later the process tries again, and Redis (thawed) takes the task.
    offset[0] = tasking.SILENT_BROKER_PAUSE + 1
    caplog.clear()
    tasking.enqueue("candidates.tasks.extract_resume_text", application.pk)
    assert [r for r in caplog.records if r.name == "core.tasking"] == []


# ---------------------------------------------------------------------------
# The limiter, with the cache up and down
# ---------------------------------------------------------------------------
@pytest.mark.services
def test_the_limiter_counts_in_redis_and_allows_with_a_warning_a_minute_when_redis_is_down(
    redis_services, settings, caplog, monkeypatch
):
    settings.APPLY_RATE_LIMIT = 3
    # Cache up: requests 1..LIMIT pass, the next ones are refused; another address has its own count.
    assert [ratelimit.over_limit("192.0.2.1") for _ in range(5)] == [False, False, False, True, True]
    assert ratelimit.over_limit("192.0.2.2") is False

    # Cache down: every request passes (nothing counts applications by address elsewhere),
    # with one warning per minute per process.
    clock = [1000.0]
    monkeypatch.setattr(ratelimit, "monotonic", lambda: clock[0])
    monkeypatch.setattr(ratelimit, "_last_warning", None)
    redis_services.stop()
    with caplog.at_level(logging.WARNING, logger="candidates.ratelimit"):
        allowed = []
        for _ in range(6):
            start = time.perf_counter()
            allowed.append(ratelimit.over_limit("192.0.2.1"))
            assert time.perf_counter() - start < REQUEST_BOUND_SECONDS  # fails fast, see above
            clock[0] += 10
        assert allowed == [False] * 6
        assert len(_warnings(caplog)) == 1  # 50 s of failures: one warning
        clock[0] += 10  # 60 s after the first warning
        assert ratelimit.over_limit("192.0.2.1") is False
        assert len(_warnings(caplog)) == 2

    # Cache back: counting resumes (the old counter is gone with the restarted Redis).
    redis_services.start()
    assert [ratelimit.over_limit("192.0.2.1") for _ in range(4)] == [False, False, False, True]


# ---------------------------------------------------------------------------
# enqueue: broker trouble is logged, everything else is loud
# ---------------------------------------------------------------------------
def test_enqueue_refuses_an_unknown_task_path():
    with pytest.raises(tasking.UnknownTask):
        tasking.enqueue("candidates.tasks.send_candidat_email", 1)
    with pytest.raises(tasking.UnknownTask):  # at the call, not silently after the commit
        tasking.enqueue_on_commit("candidates.tasks.send_candidat_email", 1)


@pytest.mark.services
def test_enqueue_logs_a_broker_error_and_lets_any_other_error_through(redis_services, caplog):
    # A bug (an argument JSON cannot carry) reaches the caller even with the broker up.
    with pytest.raises(EncodeError):
        tasking.enqueue("candidates.tasks.send_candidate_email", object())
    redis_services.stop()
    with caplog.at_level(logging.WARNING, logger="core.tasking"):
        start = time.monotonic()
        tasking.enqueue("candidates.tasks.send_candidate_email", 1)
        assert time.monotonic() - start < REQUEST_BOUND_SECONDS  # fails fast, see above
    assert "could not enqueue candidates.tasks.send_candidate_email(1,)" in caplog.text


def test_enqueue_lets_a_programming_error_through(monkeypatch):
    def broken(*args):
        raise KeyError("a bug, not the broker")

    monkeypatch.setattr(tasks.send_candidate_email, "delay", broken)
    with pytest.raises(KeyError):
        tasking.enqueue("candidates.tasks.send_candidate_email", 1)


# ---------------------------------------------------------------------------
# A misspelt task path fails `manage.py check`
# ---------------------------------------------------------------------------
def test_every_task_path_in_the_code_and_the_beat_schedule_is_checked(tmp_path, monkeypatch, settings):
    assert [m for m in tasking.check_task_paths() if m.is_serious()] == []
    call_command("check")

    module = tmp_path / "services.py"
    module.write_text(
        "from core.tasking import enqueue, enqueue_on_commit\n"
        "enqueue_on_commit('candidates.tasks.send_candidate_email', 1)\n"
        "enqueue('candidates.tasks.send_candidat_email', 1)\n"
        "enqueue(path, 1)\n"
    )
    errors = tasking.check_task_paths(sources=[module])
    assert [(e.id, e.msg.split(": ", 1)[0]) for e in errors] == [
        ("core.E103", f"{module}:3"),
        ("core.E102", f"{module}:4"),
    ]

    # The same typo in KNOWN_TASKS too: the import fails; a stale entry nothing uses only warns.
    monkeypatch.setattr(tasking, "KNOWN_TASKS", tasking.KNOWN_TASKS | {"candidates.tasks.send_candidat_email"})
    assert [e.id for e in tasking.check_task_paths(sources=[module])] == ["core.E102", "core.E101"]
    assert [e.id for e in tasking.check_task_paths(sources=[])] == ["core.W101"]

    settings.CELERY_BEAT_SCHEDULE = {"typo": {"task": "candidates.tasks.send_pending_email", "schedule": 60}}
    with pytest.raises(SystemCheckError, match="send_pending_email"):
        call_command("check")


def test_a_misspelt_task_or_queue_in_the_routes_fails_the_check(settings):
    # A route to a misspelt task leaves that task on the default queue, behind résumé extraction;
    # a misspelt queue sends it where no worker started as the README says is listening.
    call_command("check")
    settings.CELERY_TASK_ROUTES = {
        **settings.CELERY_TASK_ROUTES,
        "candidates.tasks.send_candidat_email": {"queue": "email"},
        "candidates.tasks.send_pending_emails": {"queue": "emails"},
    }
    with pytest.raises(SystemCheckError, match="send_candidat_email"):
        call_command("check")
    assert [(e.id, e.msg) for e in tasking.check_task_routes()] == [
        ("core.E106", "CELERY_TASK_ROUTES['candidates.tasks.send_pending_emails']: "
                            "queue 'emails' is not in CELERY_TASK_QUEUES."),
        ("core.E105", "CELERY_TASK_ROUTES['candidates.tasks.send_candidat_email']: the task cannot be "
                            "imported (Module \"candidates.tasks\" does not define a \"send_candidat_email\" "
                            "attribute/class)."),
    ]
