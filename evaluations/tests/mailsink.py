"""A real SMTP server and real Celery worker processes, for the send-at-most-once fault tests.

The sink counts what it receives by Message-ID. It can hold the connection of one message
(``hold_at``) after the data has arrived and before answering, so a test can kill the worker at
the worst moment: the server has the message, the worker has not recorded it.
"""

from __future__ import annotations

import asyncio
import email
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

from conftest import missing_service, wait_for


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Sink:
    """aiosmtpd handler: records each message's Message-ID; optionally refuses recipients or holds one."""

    def __init__(self, *, hold_at: int | None = None, refuse: set[str] | None = None):
        self.ids: list[str] = []
        self.lock = threading.Lock()
        self.hold_at = hold_at
        self.holding = threading.Event()  # the held message has arrived
        self.release = threading.Event()  # let the held message's "250" go out
        self.refuse = refuse or set()
        self.port = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            self.ids.append(message["Message-ID"])
            count = len(self.ids)
        if self.hold_at is not None and count == self.hold_at:
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 120)
        return "250 2.0.0 Message accepted for delivery"

    def count(self) -> int:
        with self.lock:
            return len(self.ids)

    def counts(self) -> Counter:
        with self.lock:
            return Counter(self.ids)

    def duplicates(self) -> int:
        return sum(n - 1 for n in self.counts().values() if n > 1)


@pytest.fixture
def smtp_sink():
    """Start sinks with `smtp_sink(**options)`; each is stopped at teardown."""
    try:
        from aiosmtpd.controller import Controller
    except ImportError:
        missing_service("aiosmtpd is not installed (requirements-dev.txt)")
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command
    controllers = []

    def start(**options) -> Sink:
        sink = Sink(**options)
        sink.port = free_port()
        controller = Controller(sink, hostname="127.0.0.1", port=sink.port, ready_timeout=10)
        controller.start()
        controllers.append((controller, sink))
        return sink

    yield start
    for controller, sink in controllers:
        sink.release.set()
        controller.stop()


def use_smtp(settings_fixture, port: int) -> None:
    """Point this process's Django mail at a local SMTP port (the real SMTP backend)."""
    settings_fixture.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings_fixture.EMAIL_HOST, settings_fixture.EMAIL_PORT = "127.0.0.1", port
    settings_fixture.EMAIL_HOST_USER = settings_fixture.EMAIL_HOST_PASSWORD = ""
    settings_fixture.EMAIL_USE_TLS = settings_fixture.EMAIL_USE_SSL = False
    settings_fixture.EMAIL_TIMEOUT = 10


class DisconnectAfterDataBackend:
    """A mail backend whose connection drops while waiting for the server's answer to DATA."""

    def __init__(self, fail_silently=False, **kwargs):
        pass

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        import smtplib

        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


# ---------------------------------------------------------------------------
# Real workers
# ---------------------------------------------------------------------------
def _database_url() -> str:
    db = settings.DATABASES["default"]
    user = quote(db.get("USER") or "postgres")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


class Worker:
    def __init__(self, process: subprocess.Popen, log: Path):
        self.process, self.log = process, log

    def kill(self) -> None:
        """kill -9: no warm shutdown, no acknowledgement, the task stops wherever it is."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # warm shutdown
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)

    def tail(self, lines=40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:]) if self.log.exists() else ""


@pytest.fixture
def broker(redis_url):
    """Call `broker()` once the test data exists: from then on this process enqueues to the real
    Redis broker (its own database), whose queue starts and ends empty."""
    import redis

    from recruiting.celery import app

    previous = app.conf.broker_url

    def connect() -> str:
        app.conf.update(broker_url=redis_url, task_always_eager=False)
        app.control.purge()
        return redis_url

    connect.url = redis_url
    yield connect
    app.control.purge()
    # The message a killed worker held unacknowledged would come back after the visibility
    # timeout (an hour) into whatever runs on this broker database next: drop it.
    redis.Redis.from_url(redis_url).delete("unacked", "unacked_index")
    app.conf.update(broker_url=previous, task_always_eager=True)


@pytest.fixture
def celery_process(broker, tmp_path):
    """Start real `celery worker` processes on the test database: `celery_process(name, smtp_port)`."""
    if connection_vendor() != "postgresql":
        missing_service("the worker fault tests need PostgreSQL (DATABASE_URL)")
    celery = Path(sys.executable).with_name("celery")
    if not celery.exists():
        missing_service(f"no celery executable at {celery}")
    workers: list[Worker] = []
    broker_url = broker.url

    def start(name: str, smtp_port: int) -> Worker:
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "REDIS_URL": broker_url,
            "CELERY_BROKER_URL": broker_url,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "DEFAULT_FROM_EMAIL": settings.DEFAULT_FROM_EMAIL,
            "SECRET_KEY": "fault-test-secret-key-not-for-production",
            "PYTHONPATH": str(settings.BASE_DIR),
            "DEBUG": "false",
        }
        log = tmp_path / f"worker-{name}.log"
        process = subprocess.Popen(
            [str(celery), "-A", "recruiting", "worker", "--pool=solo", "--concurrency=1", "-Q", "celery",
             "-n", f"{name}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info"],
            cwd=settings.BASE_DIR, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
        )
        worker = Worker(process, log)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


def connection_vendor() -> str:
    from django.db import connection

    return connection.vendor


def settle(model, timeout=120.0) -> bool:
    """Wait until no row of `model` is pending or being sent (the workers have drained the queue)."""
    return wait_for(lambda: not model.objects.filter(status__in=["pending", "sending"]).exists(), timeout=timeout)
