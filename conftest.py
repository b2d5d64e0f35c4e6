"""Shared fixtures: personas, real services, and the browser."""

import os
import shutil
import socket
from urllib.parse import urlparse

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = "/usr/bin/chromium"


def missing_service(message: str):
    """In CI a missing service fails the run; on a laptop it skips the test."""
    if CI:
        pytest.fail(f"{message} (CI=true: a missing service is a failure)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs collectstatic; tests use the finders directly.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Every staff fixture makes a user: PBKDF2's million rounds took three quarters of the suite's time (measured
    with py-spy). Tests of signing in still check real passwords, through this cheaper hasher; production
    settings keep Django's default (recruiting/tests/test_project.py checks `check --deploy` on them)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_in_process():
    """Tasks run in-process unless a test starts a real worker (see celery_worker)."""
    from recruiting.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = True


@pytest.fixture(autouse=True)
def _english_by_default():
    # A request in Italian leaves Italian active in the thread; start every test from the fallback.
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rate-limit counters live in the cache (its own Redis database in CI).
    from django.core.cache import cache

    from positions import public_cache

    cache.clear()
    public_cache.forget()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    from django.utils.functional import empty

    from candidates.models import local_private_storage, private_storage

    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    settings.OBJECT_STORAGE = None  # the object-storage tests set their own (candidates/tests/test_object_storage.py)
    private_storage._wrapped = local_private_storage._wrapped = empty
    yield
    private_storage._wrapped = local_private_storage._wrapped = empty


@pytest.fixture
def celery_worker(redis_url):
    """A real Celery worker thread consuming from the real Redis broker."""
    from celery.contrib.testing.worker import start_worker

    from recruiting.celery import app

    app.conf.update(broker_url=redis_url, task_always_eager=False)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield app


def wait_for(condition, timeout=30.0, interval=0.1):
    """Poll until the worker's effect is visible (not a timing assertion: the limit only stops a hang)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False


@pytest.fixture
def reference_data(db):
    """Roles and competencies from the data migrations.

    A transactional test empties every table when it ends; Playwright's greenlets
    also hide Django's serialized copy from the teardown, so recreate them here.
    """
    from django.apps import apps

    from candidates.reference_data import sync_reference_data
    from core.roles import sync_roles
    from positions.competencies import sync_competencies

    sync_roles(apps)
    sync_competencies(apps)
    sync_reference_data(apps)
    # From here on, the flush that ends a transactional test does not let post_migrate recreate content types
    # and permissions (it skips an app without a models module): rows recreated under new ids would clash
    # with Django's serialized copy of the database, which the next serialized_rollback test loads.
    for app_config in apps.get_app_configs():
        app_config.models_module = None


@pytest.fixture
def hr(reference_data):
    from recruiting.tests.factories import UserFactory

    return UserFactory(username="giulia", first_name="Giulia", last_name="Ferri", role="hr")


@pytest.fixture
def interviewer(reference_data):
    from recruiting.tests.factories import UserFactory

    return UserFactory(username="marco", first_name="Marco", last_name="Conti", role="interviewer")


@pytest.fixture
def other_interviewer(reference_data):
    from recruiting.tests.factories import UserFactory

    return UserFactory(username="sara", first_name="Sara", last_name="Lombardi", role="interviewer")


@pytest.fixture
def hr_client(client, hr):
    client.force_login(hr)
    return client


@pytest.fixture
def interviewer_client(client, interviewer):
    client.force_login(interviewer)
    return client


@pytest.fixture
def redis_url(settings):
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=2):
            pass
    except OSError:
        missing_service(f"Redis is not reachable at {url}")
    return url


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        missing_service("Debian's Chromium is not installed at /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def inbox(settings):
    """A real SMTP server (aiosmtpd on loopback) that Django's SMTP backend delivers to; `.received` holds
    (recipients, message) pairs, `.messages` the messages."""
    from aiosmtpd.controller import Controller

    from evaluations.tests.mailsink import Inbox, free_port, use_smtp

    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), ready_timeout=10)
    controller.start()
    use_smtp(settings, controller.port)
    yield handler
    controller.stop()


@pytest.fixture(params=["fork", "interpreter"])
def isolation(request, monkeypatch):
    """Run a résumé check or extraction in a fork of this process, then in a fresh interpreter: every limit
    must hold the same in both (candidates/resume.py chooses by the number of threads)."""
    from candidates import resume

    monkeypatch.setattr(resume, "_may_fork", lambda: request.param == "fork")
    return request.param


@pytest.fixture(scope="session")
def s3_server():
    """A real S3-compatible server (moto's, over HTTP on loopback) for the whole run; its address."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        missing_service("moto[server] is not installed (requirements-dev.txt)")
    from evaluations.tests.mailsink import free_port

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()  # returns once it accepts connections
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def object_store(settings, s3_server):
    """Résumés in a fresh private bucket of the S3 server (settings.OBJECT_STORAGE), for one test."""
    import types
    import uuid

    import boto3
    from django.utils.functional import empty

    from candidates.models import private_storage

    bucket = f"resumes-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_server, aws_access_key_id="test", aws_secret_access_key="test",
                          region_name="us-east-1")
    client.create_bucket(Bucket=bucket)
    settings.OBJECT_STORAGE = {"bucket": bucket, "endpoint_url": s3_server, "access_key": "test", "secret_key": "test",
                               "region": "us-east-1", "prefix": "", "addressing_style": "path"}
    private_storage._wrapped = empty

    def keys() -> list[str]:
        return sorted(item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", []))

    yield types.SimpleNamespace(client=client, bucket=bucket, url=s3_server, keys=keys)
    private_storage._wrapped = empty


def sign_in(page, live_server, username: str, password: str = "a-long-test-password") -> None:
    """Sign a browser page in through the sign-in form, as a person would (English labels)."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()

