"""PostgreSQL restarted under a running app: clean failures while it is down, no app restart after.

The app runs as in production (gunicorn, one sync worker, persistent connections with health checks)
against a private PostgreSQL cluster this test creates, stops and starts (recruiting/tests/faults.py).
"""

import time

import pytest

from conftest import wait_for
from recruiting.tests import faults

private_postgres = faults.private_postgres  # fixture

# A request that takes longer than this is a hang: the HTTP client gives up and the test fails.
HANG_SECONDS = 10.0
FRIENDLY_500 = "Something went wrong on our side"


@pytest.fixture
def app_server(private_postgres, tmp_path):
    server = faults.AppServer(private_postgres.url(), tmp_path)
    server.manage("migrate", "--noinput")
    server.start()
    yield server
    server.stop()


def _both_ok(server) -> bool:
    return server.get("/healthz", timeout=HANG_SECONDS)[0] == 200 and server.get("/jobs/", timeout=HANG_SECONDS)[0] == 200


@pytest.mark.services
def test_requests_fail_cleanly_while_postgres_is_down_and_succeed_after_without_an_app_restart(
    private_postgres, app_server
):
    status, body = app_server.get("/healthz", timeout=HANG_SECONDS)
    assert (status, '"database": "ok"' in body) == (200, True)
    assert app_server.get("/jobs/", timeout=HANG_SECONDS)[0] == 200
    workers = app_server.worker_pids()
    assert len(workers) == 1

    # A restart between two requests: the worker's persistent connection is dead, and the health
    # check (CONN_HEALTH_CHECKS) replaces it before the next request uses it.
    private_postgres.stop()
    private_postgres.start()
    assert app_server.get("/jobs/", timeout=HANG_SECONDS)[0] == 200
    assert app_server.get("/healthz", timeout=HANG_SECONDS)[0] == 200

    # Down: the health check says 503, pages show the friendly error page; neither hangs.
    private_postgres.stop()
    status, body = app_server.get("/healthz", timeout=HANG_SECONDS)
    assert (status, '"database": "error"' in body) == (503, True)
    status, body = app_server.get("/jobs/", timeout=HANG_SECONDS)
    assert status == 500 and FRIENDLY_500 in body
    assert app_server.get("/healthz", timeout=HANG_SECONDS)[0] == 503  # still down, still answering

    # Back: the same process serves again.
    private_postgres.start()
    back = time.monotonic()
    assert wait_for(lambda: _both_ok(app_server), timeout=30, interval=0.05)
    print(f"\nPostgreSQL back: /healthz and /jobs/ answered 200 after {time.monotonic() - back:.3f} s")
    assert app_server.worker_pids() == workers
    assert app_server.process.poll() is None
