"""How long a candidate's confirmation waits behind four big résumés, and the workers' memory (issue 10, defect 6).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rec_bench REDIS_URL=redis://127.0.0.1:6379/N \\
      .venv/bin/python -m pytest --create-db -p no:cacheprovider -s bench/email_delay.py

Four applications whose DOCX unpacks to about 45 MB are queued for text extraction, then an ordinary
application arrives (its confirmation e-mail, and its own extraction). Real worker processes:

- "single": one worker for every queue, two processes (the deployment the issue measured);
- "split": the README's e-mail worker (-Q email) and files worker (-Q celery,files, one process).

Prints the time from the ordinary application to its e-mail being sent, and the workers' peak and
final resident memory (all their processes together), sampled every 0.2 s.
"""

import io
import threading
import time
import uuid
from pathlib import Path

import pytest

from bench.extraction_memory import docx_unpacking_to
from candidates import services, tasks
from candidates.models import Application, CandidateEmail
from candidates.tests import files
from candidates.tests.factories import ApplicationFactory
from conftest import wait_for
from positions.tests.factories import OpenPositionFactory
from recruiting.tests import faults

broker, celery_workers = faults.broker, faults.celery_workers  # fixtures

SETUPS = {
    "single": [("all", "celery,email,files", ("--pool=prefork", "--concurrency=2"))],
    "split": [
        ("email", "email", ("--pool=prefork", "--concurrency=1")),
        ("files", "celery,files", ("--pool=prefork", "--concurrency=1")),
    ],
}


def _tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants."""
    total = 0
    try:
        with open(f"/proc/{pid}/status") as status:
            total += int(next(line for line in status if line.startswith("VmRSS")).split()[1])
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except (FileNotFoundError, StopIteration, ProcessLookupError):
        return total
    return total + sum(_tree_rss_kib(int(child)) for child in children)


class Sampler(threading.Thread):
    def __init__(self, pids):
        super().__init__(daemon=True)
        self.pids, self.peak, self.stopping = pids, 0, threading.Event()

    def current(self) -> int:
        return sum(_tree_rss_kib(pid) for pid in self.pids)

    def run(self):
        while not self.stopping.wait(0.2):
            self.peak = max(self.peak, self.current())


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("setup", list(SETUPS))
def test_confirmation_delay_behind_four_45_mb_docx(setup, reference_data, broker, celery_workers, tmp_path):
    big = docx_unpacking_to(45 * 1024 * 1024)
    heavy = []
    for _ in range(4):
        application = ApplicationFactory(resume_text="", resume_text_status=Application.TextStatus.PENDING)
        application.resume.save("cv.docx", io.BytesIO(big), save=True)
        heavy.append(application.pk)
    mail_dir = tmp_path / "mail"
    broker()
    workers = [
        celery_workers(name, queues=queues, options=options, env={"EMAIL_URL": f"filemail:///{mail_dir}"})
        for name, queues, options in SETUPS[setup]
    ]
    for worker in workers:
        assert wait_for(lambda w=worker: " ready." in w.log.read_text(errors="replace"), timeout=120), worker.tail()
    sampler = Sampler([worker.process.pid for worker in workers])
    idle = sampler.current()
    sampler.start()

    for pk in heavy:
        tasks.extract_resume_text.delay(pk)
    data = services.ApplicationData(
        first_name="Anna", last_name="Neri", email="anna.neri@example.invalid", education_level=2, years_experience=3
    )
    start = time.monotonic()
    ordinary, _created = services.application_submit(
        position=OpenPositionFactory(title="Records clerk"), data=data, language="en", token=uuid.uuid4(),
        resume=services.ResumeUpload(name="cv.docx", data=files.docx(), kind="docx"),
    )
    assert wait_for(lambda: CandidateEmail.objects.get(application=ordinary).status == "sent", timeout=900, interval=0.05)
    delay = time.monotonic() - start
    assert wait_for(
        lambda: not Application.objects.filter(resume_text_status=Application.TextStatus.PENDING).exists(), timeout=900
    )
    sampler.stopping.set()
    sampler.join()
    statuses = sorted(Application.objects.filter(pk__in=heavy).values_list("resume_text_status", flat=True))
    print(f"\n[{setup}] e-mail sent {delay:.1f} s after the application; workers' memory: idle {idle // 1024} MB, "
          f"peak {sampler.peak // 1024} MB, after {sampler.current() // 1024} MB; big résumés: {statuses}")
