"""Private Redis and PostgreSQL servers that fault tests may stop and start.

The shared services on 6379 and 5432 serve everyone's test runs, so they are never touched:
each test starts its own server on a free port. Under CI=true a missing binary fails the test.
"""

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from conftest import missing_service, wait_for

BASE_DIR = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def accepts_connections(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _stop_process(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# ---------------------------------------------------------------------------
# Redis
# ---------------------------------------------------------------------------
class RedisServer:
    """A throw-away redis-server on its own port; stop() and start() keep the port."""

    def __init__(self, binary: str):
        self.binary = binary
        self.port = free_port()
        self.process = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--daemonize", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not wait_for(lambda: accepts_connections(self.port) or self.process.poll() is not None, timeout=15):
            raise RuntimeError(f"redis-server did not start on port {self.port}")
        if self.process.poll() is not None:
            raise RuntimeError(f"redis-server exited with {self.process.returncode} (port {self.port})")

    def stop(self) -> None:
        if self.process is not None:
            _stop_process(self.process)
            self.process = None
        assert wait_for(lambda: not accepts_connections(self.port), timeout=10)


@pytest.fixture
def private_redis():
    binary = shutil.which("redis-server")
    if binary is None:
        missing_service("redis-server is not installed (apt-get install redis-server)")
    server = RedisServer(binary)
    server.start()
    yield server
    server.stop()


def reset_broker_pools(app) -> None:
    """Close and forget the broker connection and producer pools, so the next publish uses app.conf.broker_url.

    kombu keeps its pools in a process-wide registry keyed by URL: closing one without removing it
    would hand the closed pool to the next test that publishes to the same URL.
    """
    from kombu import pools

    pools.reset()
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None


@pytest.fixture
def redis_services(settings, private_redis):
    """The cache (db 1) and the Celery broker (db 0) on the private Redis, configured as in production."""
    from recruiting.celery import app

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": private_redis.url(1),
            "OPTIONS": settings.CACHES["default"].get("OPTIONS")
            or {"socket_connect_timeout": settings.REDIS_TIMEOUT, "socket_timeout": settings.REDIS_TIMEOUT},
        }
    }
    settings.CELERY_BROKER_URL = private_redis.url(0)
    settings.BROKER_CONFIGURED = True
    previous = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=private_redis.url(0), task_always_eager=False)
    reset_broker_pools(app)
    yield private_redis
    app.conf.update(**previous)
    reset_broker_pools(app)


# ---------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------
def _postgres_bin_dir() -> Path | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name.split(".")[0]))
    for folder in reversed(candidates):
        if (Path(folder) / "pg_ctl").exists() and (Path(folder) / "initdb").exists():
            return Path(folder)
    found = shutil.which("pg_ctl")
    return Path(found).parent if found and (Path(found).parent / "initdb").exists() else None


class PostgresCluster:
    """A private cluster (initdb in a temporary folder) run as the postgres OS user."""

    def __init__(self, bin_dir: Path):
        self.bin_dir = bin_dir
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="faults-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        else:
            self.as_postgres = []

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_postgres, *args], check=True, capture_output=True, timeout=120)

    def init(self) -> None:
        self._run(str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} -c fsync=off -c full_page_writes=off"
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options,
                  "-w", "-t", "60", "start")

    def stop(self) -> None:
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run([*self.as_postgres, str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                            "-w", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture
def private_postgres():
    bin_dir = _postgres_bin_dir()
    if bin_dir is None:
        missing_service("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        missing_service("runuser is needed to run PostgreSQL as the postgres user")
    cluster = PostgresCluster(bin_dir)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


# ---------------------------------------------------------------------------
# The app served by gunicorn, as in production
# ---------------------------------------------------------------------------
# Production settings, except static files: the manifest storage would need collectstatic.
TEST_SETTINGS = '''from recruiting.settings import *  # noqa: F403

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
'''


class AppServer:
    """`gunicorn recruiting.wsgi` with one sync worker, on its own port and database."""

    def __init__(self, database_url: str, folder: Path):
        self.port = free_port()
        self.folder = folder
        (folder / "fault_test_settings.py").write_text(TEST_SETTINGS)
        self.env = {
            key: value for key, value in os.environ.items()
            if key not in {"REDIS_URL", "CACHE_URL", "CELERY_BROKER_URL", "DEBUG", "CONN_MAX_AGE"}
        }
        self.env.update(
            DATABASE_URL=database_url,
            DJANGO_SETTINGS_MODULE="fault_test_settings",
            PYTHONPATH=os.pathsep.join([str(folder), str(BASE_DIR)]),
            ENV_FILE=str(folder / "no.env"),
            SECRET_KEY=uuid.uuid4().hex * 2,
            PRIVATE_MEDIA_ROOT=str(folder / "private"),
        )
        self.process = None

    def manage(self, *args: str) -> None:
        subprocess.run([str(BASE_DIR / ".venv/bin/python"), str(BASE_DIR / "manage.py"), *args], env=self.env,
                       cwd=BASE_DIR, check=True, capture_output=True, timeout=300)

    def start(self) -> None:
        self.log = open(self.folder / "gunicorn.log", "wb")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [str(BASE_DIR / ".venv/bin/gunicorn"), "recruiting.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", "1", "--worker-class", "sync", "--timeout", "30"],
            env=self.env, cwd=BASE_DIR, stdout=self.log, stderr=subprocess.STDOUT,
        )
        if not wait_for(lambda: accepts_connections(self.port) or self.process.poll() is not None, timeout=60):
            raise RuntimeError("gunicorn did not start")
        if self.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {(self.folder / 'gunicorn.log').read_text()[-2000:]}")

    def worker_pids(self) -> set[int]:
        """The master's children: a worker killed for hanging would come back with a new PID."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return {int(pid) for pid in children}

    def stop(self) -> None:
        if self.process is not None:
            _stop_process(self.process)
            self.log.close()
            self.process = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str, timeout: float = 10.0) -> tuple[int, str]:
        """(status, body); raises on a timeout, which is what a hung request looks like."""
        import urllib.error
        import urllib.request

        try:
            with urllib.request.urlopen(self.url(path), timeout=timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def measure(function):
    """(result, seconds) by the monotonic clock."""
    start = time.monotonic()
    result = function()
    return result, time.monotonic() - start


# ---------------------------------------------------------------------------
# Real Celery workers, started as the README says ("Workers and queues")
# ---------------------------------------------------------------------------
# Production runs one worker for e-mail and reminders and one for the rest, so reading a résumé
# never delays an e-mail. Tests start the one they exercise with the same -Q option.
EMAIL_QUEUES = "email"
FILES_QUEUES = "celery,files"


def worker_database_url() -> str:
    """The URL of the database this test run uses, for worker processes."""
    from urllib.parse import quote

    from django.conf import settings

    db = settings.DATABASES["default"]
    user = quote(db.get("USER") or "postgres")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


class CeleryWorker:
    """One `celery -A recruiting worker` process and its log."""

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
    Redis broker (its own database), whose queues start and end empty."""
    import redis

    from recruiting.celery import app

    previous = app.conf.broker_url

    def connect() -> str:
        app.conf.update(broker_url=redis_url, task_always_eager=False)
        reset_broker_pools(app)
        app.control.purge()  # every queue in CELERY_TASK_QUEUES
        return redis_url

    connect.url = redis_url
    yield connect
    app.control.purge()
    # The message a killed worker held unacknowledged would come back after the visibility
    # timeout (an hour) into whatever runs on this broker database next: drop it.
    redis.Redis.from_url(redis_url).delete("unacked", "unacked_index")
    app.conf.update(broker_url=previous, task_always_eager=True)
    reset_broker_pools(app)


@pytest.fixture
def celery_workers(broker, tmp_path):
    """Start real workers on the test database and broker: `celery_workers(name, queues=..., env={...})`.

    Solo pool, one task at a time, unless `options` says otherwise."""
    from django.conf import settings
    from django.db import connection

    if connection.vendor != "postgresql":
        missing_service("real workers need PostgreSQL (DATABASE_URL)")
    celery = BASE_DIR / ".venv/bin/celery"
    if not celery.exists():
        missing_service(f"no celery executable at {celery}")
    workers: list[CeleryWorker] = []

    def start(name: str, *, queues: str, env: dict | None = None,
              options: tuple[str, ...] = ("--pool=solo", "--concurrency=1")) -> CeleryWorker:
        environment = {
            **os.environ,
            "DATABASE_URL": worker_database_url(),
            "REDIS_URL": broker.url,
            "CELERY_BROKER_URL": broker.url,
            "DEFAULT_FROM_EMAIL": settings.DEFAULT_FROM_EMAIL,
            "SECRET_KEY": "fault-test-secret-key-not-for-production",
            "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
            "PYTHONPATH": str(BASE_DIR),
            "DEBUG": "false",
            **(env or {}),
        }
        log = tmp_path / f"worker-{name}.log"
        process = subprocess.Popen(
            [str(celery), "-A", "recruiting", "worker", *options, "-Q", queues,
             "-n", f"{name}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info"],
            cwd=BASE_DIR, env=environment, stdout=log.open("wb"), stderr=subprocess.STDOUT,
        )
        worker = CeleryWorker(process, log)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()
