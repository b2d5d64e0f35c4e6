"""A mail backend that fails exactly as a test tells it to, and counts the connections it was asked for.

``fake_mail`` points Django at it for one test: set ``on_open`` or ``on_send`` to an exception to raise
there, or ``takes`` to 0 for a backend that answers without taking the message.
"""

from __future__ import annotations

import pytest


class FakeBackend:
    on_open: BaseException | None = None
    on_send: BaseException | None = None
    takes = 1
    opened = 0
    sent: list = []

    def __init__(self, fail_silently=False, **kwargs):
        pass

    def open(self):
        type(self).opened += 1
        if self.on_open is not None:
            raise self.on_open
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        if self.on_send is not None:
            raise self.on_send
        if self.takes:
            type(self).sent += messages
        return self.takes


@pytest.fixture
def fake_mail(settings):
    settings.EMAIL_BACKEND = "candidates.tests.fakemail.FakeBackend"
    FakeBackend.on_open = FakeBackend.on_send = None
    FakeBackend.takes, FakeBackend.opened, FakeBackend.sent = 1, 0, []
    yield FakeBackend
    FakeBackend.on_open = FakeBackend.on_send = None
