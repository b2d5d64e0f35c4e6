"""More than one machine: two gunicorn web nodes and two Celery workers share one PostgreSQL, one Redis (broker
and cache) and one S3-compatible object store, under concurrent applications with real PDF résumés.
Every application is saved once with its résumé in the bucket, and each confirmation goes out once."""

import concurrent.futures
import os
import re
import uuid

import pytest
import requests

from candidates.models import Application
from candidates.tests import files
from conftest import wait_for
from evaluations.tests import mailsink
from positions.tests.factories import OpenPositionFactory
from recruiting.tests import faults

broker, celery_workers, smtp_sink = faults.broker, faults.celery_workers, mailsink.smtp_sink

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

APPLICANTS = 30
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _apply(node: faults.AppServer, slug: str, number: int) -> tuple[int, str]:
    """One applicant with a browser of their own: the form, then the post with a PDF; (status, where to)."""
    session = requests.Session()
    form = session.get(node.url(f"/jobs/{slug}/apply/"), timeout=30)
    token = CSRF.search(form.text).group(1)
    response = session.post(
        node.url(f"/jobs/{slug}/apply/"),
        data={
            "csrfmiddlewaretoken": token, "first_name": f"Persona{number}", "last_name": "Due Nodi",
            "email": f"persona{number}@example.invalid", "phone": "+39 02 1234567", "town": "Milano",
            "education_level": "3", "years_experience": "2", "privacy": "on",
            "submission_token": str(uuid.uuid4()), "source": "job_board",
        },
        files={"resume": (f"CV {number}.pdf", files.pdf((f"Persona{number}", "Archivio e protocollo")),
                          "application/pdf")},
        headers={"Referer": node.url(f"/jobs/{slug}/apply/")},
        allow_redirects=False, timeout=60,
    )
    return response.status_code, response.headers.get("Location", "")


def test_two_web_nodes_and_two_workers_lose_no_application_and_send_each_confirmation_once(
    broker, celery_workers, smtp_sink, object_store, tmp_path, reference_data
):
    position = OpenPositionFactory(title="Addetto/a archivio", slug="archivio-due-nodi", skills=[])
    position.position_skills.all().delete()
    position.screening_questions.all().delete()
    sink = smtp_sink()
    shared = {
        "REDIS_URL": broker.url, "CELERY_BROKER_URL": broker.url, "CACHE_URL": os.environ.get("CACHE_URL", broker.url),
        "SECRET_KEY": "two-nodes-rehearsal-secret-key-" + "x" * 30,
        "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}", "DEFAULT_FROM_EMAIL": "hr@example.invalid",
        "OBJECT_STORAGE_BUCKET": object_store.bucket, "OBJECT_STORAGE_ENDPOINT_URL": object_store.url,
        "OBJECT_STORAGE_ACCESS_KEY_ID": "test", "OBJECT_STORAGE_SECRET_ACCESS_KEY": "test",
        "OBJECT_STORAGE_REGION": "us-east-1", "APPLY_RATE_ADDRESS_LIMIT": "1000", "RESUME_CHECK_RATE_LIMIT": "1000",
    }
    broker()
    nodes = []
    for name in ("web-a", "web-b"):
        folder = tmp_path / name
        folder.mkdir()
        node = faults.AppServer(faults.worker_database_url(), folder)
        node.env.update(shared)
        nodes.append(node)
    workers = [celery_workers(name, queues="email,celery,files", env=shared) for name in ("worker-a", "worker-b")]
    try:
        for node in nodes:
            node.start()
        with concurrent.futures.ThreadPoolExecutor(max_workers=10) as pool:
            answers = list(pool.map(lambda n: _apply(nodes[n % 2], position.slug, n), range(APPLICANTS)))
        assert answers == [(302, f"/jobs/{position.slug}/apply/thanks/")] * APPLICANTS

        def done() -> bool:
            return sink.count() >= APPLICANTS and Application.objects.filter(
                resume_text_status=Application.TextStatus.EXTRACTED).count() >= APPLICANTS

        if not wait_for(done, timeout=180):
            pytest.fail(f"{sink.count()} e-mails, {Application.objects.count()} applications\n"
                        + "\n".join(worker.tail() for worker in workers))
    finally:
        for node in nodes:
            node.stop()
    applications = list(Application.objects.order_by("candidate__first_name"))
    assert len(applications) == APPLICANTS
    assert sorted(a.candidate.email for a in applications) == sorted(
        f"persona{n}@example.invalid" for n in range(APPLICANTS))
    assert object_store.keys() == sorted(a.resume.name for a in applications)
    assert all("Archivio e protocollo" in a.resume_text for a in applications)
    assert (sink.count(), sink.duplicates()) == (APPLICANTS, 0)
