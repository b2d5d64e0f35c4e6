"""A real SMTP server for the send-at-most-once tests (real workers: recruiting/tests/faults.py).

The sink counts what it receives by Message-ID. It can hold the connection of one message
(``hold_at``) after the data has arrived and before answering, so a test can kill the worker at
the worst moment: the server has the message, the worker has not recorded it.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import logging
import socket
import threading
from collections import Counter

import pytest

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


def settle(model, timeout=120.0) -> bool:
    """Wait until no row of `model` is pending or being sent (the workers have drained the queue)."""
    return wait_for(lambda: not model.objects.filter(status__in=["pending", "sending"]).exists(), timeout=timeout)


class Inbox:
    """aiosmtpd handler that keeps every message, parsed, with the addresses it was delivered to."""

    def __init__(self):
        self.received: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 2.0.0 Message accepted for delivery"

    @property
    def messages(self) -> list[email.message.EmailMessage]:
        return [message for _recipients, message in self.received]

