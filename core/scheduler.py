"""The embedded scheduler: beat's periodic work, in the web process, when tasks run in-process.

With no broker (``make run``: SQLite, eager tasks) nothing runs ``celery beat``, so due reminders and
pending e-mails would never go out. Then ``runserver`` starts this one daemon thread, which calls the
same task functions beat would send, on the same schedule (``CELERY_BEAT_SCHEDULE``): an entry runs
first one interval after start-up (as beat does), then once per interval; a tick that comes late runs
a due entry once, never once per missed interval. Every periodic task is idempotent (unique keys, row
locks), so a task that beat, cron or a second process also runs still sends each message once.

Why a thread in the serving process and not a check on each request: reminders are due at a time,
whether or not anyone is browsing, and the work never lengthens a request.

It starts only when ``EMBEDDED_SCHEDULER`` is on (default: when no broker is configured), tasks run
eagerly, and the process is the one that serves ``runserver``: the autoreloader's child
(``RUN_MAIN=true``), or the only process with ``--noreload``. The reloader's parent, other commands
(migrate, seed_demo, celery), test runs and child processes started by the web process never start it.
"""

import datetime
import logging
import os
import sys
import threading
from collections.abc import Callable, Mapping
from time import monotonic

from celery.schedules import schedule as celery_interval
from django.conf import settings
from django.db import connections
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

TICK_SECONDS = 1.0  # how often the thread looks at the clock; intervals are whole minutes or more

_started: "EmbeddedScheduler | None" = None
_start_lock = threading.Lock()


def _interval(schedule) -> float | None:
    """Seconds between two runs of a beat entry, or None for a schedule this scheduler cannot follow."""
    if isinstance(schedule, datetime.timedelta):
        return schedule.total_seconds()
    if isinstance(schedule, (int, float)) and not isinstance(schedule, bool):
        return float(schedule)
    if isinstance(schedule, celery_interval):
        return schedule.run_every.total_seconds()
    return None  # crontab, solar: left to beat (a warning says so at start-up)


def _run_task(path: str) -> None:
    """Run a periodic task in this thread, as a worker would run what beat sent."""
    import_string(path)()


class EmbeddedScheduler:
    """Beat's schedule on a clock: ``tick()`` runs what is due, once each; ``run()`` ticks until stopped."""

    def __init__(
        self,
        beat_schedule: Mapping[str, Mapping],
        *,
        clock: Callable[[], float] = monotonic,
        run_task: Callable[[str], None] = _run_task,
    ):
        self.clock = clock
        self.run_task = run_task
        self.entries: dict[str, tuple[str, float]] = {}
        for name, entry in beat_schedule.items():
            seconds = _interval(entry.get("schedule"))
            if seconds is None or seconds <= 0:
                logger.warning("embedded scheduler: %r has a schedule it cannot follow; it needs celery beat", name)
                continue
            self.entries[name] = (entry["task"], seconds)
        start = clock()
        self.next_run = {name: start + seconds for name, (_task, seconds) in self.entries.items()}
        self.stopped = threading.Event()

    def tick(self) -> list[str]:
        """Run every entry that is due now, each once, in the schedule's order; the names that ran."""
        ran = []
        now = self.clock()
        for name, (task, seconds) in self.entries.items():
            if now < self.next_run[name]:
                continue
            self.next_run[name] = now + seconds  # late ticks do not pile up runs
            try:
                self.run_task(task)
            except Exception:  # one failing task must not stop the others, nor the thread
                logger.exception("embedded scheduler: %s failed; it runs again in %d s", task, seconds)
            ran.append(name)
        if ran:
            connections.close_all()  # this thread's own connections: none held open (SQLite locks) between ticks
        return ran

    def run(self) -> None:
        logger.info("embedded scheduler: running %d periodic tasks in this process", len(self.entries))
        while not self.stopped.wait(TICK_SECONDS):
            self.tick()

    def stop(self) -> None:
        self.stopped.set()


def serving_runserver(argv: list[str], environ: Mapping[str, str]) -> bool:
    """Whether this process is the one `manage.py runserver` serves from (not the autoreloader's parent)."""
    if len(argv) < 2 or argv[1] != "runserver":
        return False
    return environ.get("RUN_MAIN") == "true" or "--noreload" in argv


def should_start(argv: list[str], environ: Mapping[str, str]) -> bool:
    return (
        getattr(settings, "EMBEDDED_SCHEDULER", False)
        and bool(getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False))
        and serving_runserver(argv, environ)
    )


def start_if_wanted(argv: list[str] | None = None, environ: Mapping[str, str] | None = None) -> "EmbeddedScheduler | None":
    """Start the scheduler thread once per process when `should_start`; called from an AppConfig.ready."""
    global _started
    if not should_start(sys.argv if argv is None else argv, os.environ if environ is None else environ):
        return None
    with _start_lock:
        if _started is None:
            _started = EmbeddedScheduler(settings.CELERY_BEAT_SCHEDULE)
            threading.Thread(target=_started.run, name="embedded-scheduler", daemon=True).start()
        return _started
