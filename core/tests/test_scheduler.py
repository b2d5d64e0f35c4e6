"""The embedded scheduler: beat's schedule run in the runserver process when tasks run in-process."""

import datetime
import logging
import threading

import pytest
from celery.schedules import crontab, schedule

from core import scheduler

SCHEDULE = {
    "hourly": {"task": "app.tasks.hourly", "schedule": 60 * 60},
    "every-minute": {"task": "app.tasks.minute", "schedule": 60},
    "ten-minutes": {"task": "app.tasks.ten", "schedule": datetime.timedelta(minutes=10)},
    "also-every-minute": {"task": "app.tasks.minute_two", "schedule": schedule(datetime.timedelta(seconds=60))},
}


class FakeClock:
    def __init__(self, now=1000.0):
        self.now = now

    def __call__(self):
        return self.now


def _scheduler(beat_schedule=SCHEDULE, clock=None, fail=()):
    calls = []

    def run_task(path):
        calls.append(path)
        if path in fail:
            raise RuntimeError(f"{path} broke")

    return scheduler.EmbeddedScheduler(beat_schedule, clock=clock or FakeClock(), run_task=run_task), calls


def test_each_due_task_runs_exactly_once_per_tick_on_beats_schedule():
    clock = FakeClock(1000.0)
    embedded, calls = _scheduler(clock=clock)
    ran = {}
    # Seconds after start-up -> the tasks that tick runs (late ticks run a task once, not once per missed interval).
    for offset in (0, 59, 60, 60, 119, 600, 600, 3599, 3600, 3658, 3659):
        clock.now = 1000.0 + offset
        before = len(calls)
        embedded.tick()
        ran.setdefault(offset, []).append(calls[before:])
    assert ran == {
        0: [[]],
        59: [[]],
        60: [["app.tasks.minute", "app.tasks.minute_two"], []],
        119: [[]],
        600: [["app.tasks.minute", "app.tasks.ten", "app.tasks.minute_two"], []],
        3599: [["app.tasks.minute", "app.tasks.ten", "app.tasks.minute_two"]],
        3600: [["app.tasks.hourly"]],
        3658: [[]],
        3659: [["app.tasks.minute", "app.tasks.minute_two"]],  # 60 s after the run at 3599
    }


def test_a_failing_task_is_logged_and_the_others_still_run(caplog):
    clock = FakeClock(0.0)
    embedded, calls = _scheduler(clock=clock, fail={"app.tasks.minute"})
    clock.now = 60.0
    with caplog.at_level(logging.ERROR, logger="core.scheduler"):
        assert embedded.tick() == ["every-minute", "also-every-minute"]
    assert calls == ["app.tasks.minute", "app.tasks.minute_two"]
    assert [r.getMessage() for r in caplog.records] == ["embedded scheduler: app.tasks.minute failed; it runs again in 60 s"]
    clock.now = 120.0
    assert embedded.tick() == ["every-minute", "also-every-minute"]  # and it is tried again on schedule


@pytest.mark.parametrize(
    "entry",
    [crontab(minute=0, hour=3), 0, -5, "60", None, True],
    ids=["crontab", "zero", "negative", "text", "missing", "bool"],
)
def test_a_schedule_it_cannot_follow_is_left_to_beat_with_a_warning(entry, caplog):
    clock = FakeClock(0.0)
    with caplog.at_level(logging.WARNING, logger="core.scheduler"):
        embedded, calls = _scheduler({"odd": {"task": "app.tasks.odd", "schedule": entry}}, clock=clock)
    clock.now = 10 ** 9
    assert (embedded.tick(), calls) == ([], [])
    assert [r.getMessage() for r in caplog.records] == [
        "embedded scheduler: 'odd' has a schedule it cannot follow; it needs celery beat"
    ]


def test_it_follows_every_entry_of_the_projects_beat_schedule(settings, caplog):
    with caplog.at_level(logging.WARNING, logger="core.scheduler"):
        embedded = scheduler.EmbeddedScheduler(settings.CELERY_BEAT_SCHEDULE, run_task=lambda path: None)
    assert set(embedded.entries) == set(settings.CELERY_BEAT_SCHEDULE)
    assert {name: task for name, (task, _seconds) in embedded.entries.items()} == {
        name: entry["task"] for name, entry in settings.CELERY_BEAT_SCHEDULE.items()
    }
    assert caplog.records == []


@pytest.mark.parametrize(
    "enabled, eager, argv, environ, starts",
    [
        (True, True, ["manage.py", "runserver", "127.0.0.1:8000"], {"RUN_MAIN": "true"}, True),
        (True, True, ["manage.py", "runserver", "127.0.0.1:8000"], {}, False),
        (True, True, ["manage.py", "runserver", "--noreload"], {}, True),
        (True, False, ["manage.py", "runserver"], {"RUN_MAIN": "true"}, False),
        (False, True, ["manage.py", "runserver"], {"RUN_MAIN": "true"}, False),
        (True, True, ["manage.py", "migrate"], {"RUN_MAIN": "true"}, False),
        (True, True, ["manage.py", "seed_demo"], {}, False),
        (True, True, ["/work/main/.venv/bin/pytest", "-q"], {}, False),
        (True, True, ["-c"], {"RUN_MAIN": "true"}, False),
        (True, True, [], {}, False),
    ],
    ids=[
        "reloader-child", "reloader-parent", "noreload", "broker-configured", "switched-off", "migrate",
        "seed-demo", "pytest", "child-process", "no-argv",
    ],
)
def test_it_starts_only_in_the_process_runserver_serves_from_with_tasks_in_process(
    settings, enabled, eager, argv, environ, starts
):
    settings.EMBEDDED_SCHEDULER = enabled
    settings.CELERY_TASK_ALWAYS_EAGER = eager
    assert scheduler.should_start(argv, environ) is starts


def test_the_default_is_on_exactly_when_no_broker_is_configured(settings):
    assert settings.EMBEDDED_SCHEDULER is (not settings.BROKER_CONFIGURED)


def test_it_is_not_started_in_tests():
    assert scheduler.start_if_wanted() is None
    assert "embedded-scheduler" not in [thread.name for thread in threading.enumerate()]


def test_it_starts_one_thread_however_often_it_is_asked(settings, monkeypatch):
    settings.EMBEDDED_SCHEDULER, settings.CELERY_TASK_ALWAYS_EAGER = True, True
    monkeypatch.setattr(scheduler, "_started", None)
    argv, environ = ["manage.py", "runserver"], {"RUN_MAIN": "true"}
    first = scheduler.start_if_wanted(argv, environ)
    try:
        assert scheduler.start_if_wanted(argv, environ) is first
        assert [t.name for t in threading.enumerate()].count("embedded-scheduler") == 1
    finally:
        first.stop()
        for thread in threading.enumerate():
            if thread.name == "embedded-scheduler":
                thread.join(timeout=5)
    assert "embedded-scheduler" not in [thread.name for thread in threading.enumerate()]


@pytest.mark.django_db
def test_a_tick_calls_the_real_periodic_task_functions(settings, monkeypatch):
    """The default runner imports the task by its beat path and runs it here, as a worker would."""
    called = []
    monkeypatch.setattr("candidates.tasks.send_pending_emails.run", lambda: called.append("send_pending_emails") or 0)
    monkeypatch.setattr("evaluations.tasks.send_due_reminders.run", lambda: called.append("send_due_reminders") or 0)
    clock = FakeClock(0.0)
    embedded = scheduler.EmbeddedScheduler(
        {
            "send-pending-candidate-emails": settings.CELERY_BEAT_SCHEDULE["send-pending-candidate-emails"],
            "send-due-reminders": settings.CELERY_BEAT_SCHEDULE["send-due-reminders"],
        },
        clock=clock,
    )
    clock.now = 60.0
    assert embedded.tick() == ["send-pending-candidate-emails", "send-due-reminders"]
    assert called == ["send_pending_emails", "send_due_reminders"]
