"""core.tasking.enqueue tells its caller whether the broker took the task, and keeps personal data out of the
log: ids are written as they are, any other argument as "…"."""

import logging

import pytest
from kombu.exceptions import OperationalError

from core import tasking


@pytest.fixture
def refusing_broker(monkeypatch):
    from candidates import tasks

    def refuse(*args):
        raise OperationalError("Connection refused")

    monkeypatch.setattr(tasks.send_fresh_links, "delay", refuse)
    monkeypatch.setattr(tasks.send_candidate_email, "delay", refuse)
    monkeypatch.setattr(tasking, "_broker_silent_until", 0.0)


def test_a_refused_task_returns_false_and_logs_no_address(refusing_broker, caplog):
    with caplog.at_level(logging.WARNING, logger="core.tasking"):
        assert tasking.enqueue("candidates.tasks.send_fresh_links", "anna@example.invalid") is False
        assert tasking.enqueue("candidates.tasks.send_candidate_email", 7) is False
    assert "anna@example.invalid" not in caplog.text
    assert "could not enqueue candidates.tasks.send_fresh_links('…',)" in caplog.text
    assert "could not enqueue candidates.tasks.send_candidate_email(7,)" in caplog.text


def test_a_task_the_broker_takes_returns_true(monkeypatch):
    from candidates import tasks

    sent = []
    monkeypatch.setattr(tasks.send_candidate_email, "delay", lambda *args: sent.append(args))
    assert tasking.enqueue("candidates.tasks.send_candidate_email", 7) is True
    assert sent == [(7,)]
