"""Reading a résumé's text with bounded memory and time, and e-mail that never waits behind it.

The files are real, built here: a DOCX zip bomb, a DOCX with one huge paragraph, a PDF of many
pages, a PDF whose page unpacks to 200 MB. The queue test runs real worker processes started
with the README's -Q options.
"""

import errno
import fcntl
import io
import logging
import os
import uuid
import zipfile
import zlib

import pytest

from candidates import resume, services, tasks
from candidates.models import Application, CandidateEmail
from candidates.pdfwriter import pdf_from_objects
from candidates.tests import files
from candidates.tests.factories import ApplicationFactory
from conftest import wait_for
from positions.tests.factories import OpenPositionFactory
from recruiting.celery import app
from recruiting.tests import faults

broker, celery_workers = faults.broker, faults.celery_workers  # fixtures

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LINE = "Accounts payable and supplier reconciliations with SAP and Excel."


# ---------------------------------------------------------------------------
# Real hostile files
# ---------------------------------------------------------------------------
def docx_with_body(body: bytes) -> bytes:
    """A DOCX made by python-docx whose word/document.xml body is `body`, deflated."""
    template = files.docx()
    with zipfile.ZipFile(io.BytesIO(template)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["word/document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>'.encode()
        + body + b"</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_zip_bomb() -> bytes:
    """About 45 MB of paragraphs once unpacked (under the upload's 50 MB), some 160 kB sent."""
    paragraph = f"<w:p><w:r><w:t>{LINE}</w:t></w:r></w:p>".encode()
    return docx_with_body(paragraph * (45 * 1024 * 1024 // len(paragraph)))


def docx_one_huge_paragraph() -> bytes:
    """One paragraph of 5 MB of text: under the XML cap, far over the text cap."""
    words = (f"{LINE} " * (5 * 1024 * 1024 // (len(LINE) + 1))).encode()
    return docx_with_body(b"<w:p><w:r><w:t>" + words + b"</w:t></w:r></w:p>")


def pdf_of_pages(contents: list[bytes]) -> bytes:
    """A PDF with one page per content stream (already compressed with zlib)."""
    count = len(contents)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b" ".join(f"{4 + 2 * i} 0 R".encode() for i in range(count))
        + f"] /Count {count} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, content in enumerate(contents):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(f"<< /Length {len(content)} /Filter /FlateDecode >>\nstream\n".encode() + content + b"\nendstream")
    return pdf_from_objects(objects)


def page_of_lines(lines: list[str]) -> bytes:
    text = b"".join(f"({line}) Tj T*\n".encode() for line in lines)
    return zlib.compress(b"BT /F1 9 Tf 40 800 Td 10 TL\n" + text + b"ET", 9)


def pdf_of_400_pages() -> bytes:
    """400 pages of 30 lines: about 860,000 characters of text."""
    return pdf_of_pages(
        [page_of_lines([f"Page {p:03d} line {n:02d}: {LINE}" for n in range(30)]) for p in range(1, 401)]
    )


def pdf_page_unpacking_to(megabytes: int) -> bytes:
    """One page whose content stream unpacks to `megabytes` of text operators (a few hundred kB sent)."""
    content = b"BT /F1 11 Tf 56 780 Td " + b"(Accounts payable) Tj " * (megabytes * 1024 * 1024 // 22) + b"ET"
    return pdf_of_pages([zlib.compress(content, 9)])


def application_with(data: bytes, kind: str) -> Application:
    assert resume.identify(data) == kind  # each file passes the upload checks
    application = ApplicationFactory(resume_text="", resume_text_status=Application.TextStatus.PENDING)
    application.resume.save(f"cv.{kind}", io.BytesIO(data), save=True)
    return application


# ---------------------------------------------------------------------------
# Outcomes, recorded exactly
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_docx_zip_bomb_is_recorded_as_not_extracted_because_too_large(isolation, reference_data, caplog):
    data = docx_zip_bomb()
    application = application_with(data, resume.DOCX)
    with caplog.at_level(logging.WARNING, logger="candidates.tasks"):
        assert tasks.extract_resume_text(application.pk) == "too large"
    application.refresh_from_db()
    assert (application.resume_text_status, application.resume_text) == (Application.TextStatus.FAILED, "")
    assert application.get_resume_text_status_display() == "Text not extracted"
    assert f"résumé text of application {application.pk} not extracted: too large" in caplog.text
    assert "word/document.xml declares 47185" in caplog.text  # refused from the header, never unpacked
    # Not pending: the periodic scan does not try it again.
    assert not Application.objects.filter(resume_text_status=Application.TextStatus.PENDING).exists()


@pytest.mark.django_db
def test_a_docx_with_one_5_mb_paragraph_keeps_its_first_100000_characters(isolation, reference_data):
    application = application_with(docx_one_huge_paragraph(), resume.DOCX)
    assert tasks.extract_resume_text(application.pk) == Application.TextStatus.EXTRACTED
    application.refresh_from_db()
    assert resume.TEXT_MAX_CHARS == 100_000
    assert len(application.resume_text) == 100_000
    assert application.resume_text.startswith(f"{LINE} {LINE} ")


@pytest.mark.django_db
def test_a_pdf_of_400_pages_keeps_its_first_100000_characters(isolation, reference_data):
    application = application_with(pdf_of_400_pages(), resume.PDF)
    assert tasks.extract_resume_text(application.pk) == Application.TextStatus.EXTRACTED
    application.refresh_from_db()
    text = application.resume_text
    assert len(text) == 100_000
    assert text.startswith(f"Page 001 line 00: {LINE}\nPage 001 line 01")
    assert "Page 400" not in text


@pytest.mark.django_db
def test_a_pdf_page_unpacking_to_200_mb_is_recorded_as_too_large(isolation, reference_data, caplog):
    application = application_with(pdf_page_unpacking_to(200), resume.PDF)
    with caplog.at_level(logging.WARNING, logger="candidates.tasks"):
        assert tasks.extract_resume_text(application.pk) == "too large"
    application.refresh_from_db()
    assert (application.resume_text_status, application.resume_text) == (Application.TextStatus.FAILED, "")
    assert "Limit reached while decompressing" in caplog.text  # pypdf's own guard, in the child


@pytest.mark.django_db
def test_a_pdf_page_that_would_take_gigabytes_to_parse_is_stopped_by_the_memory_limit(isolation, reference_data, settings, caplog):
    # 60 MB unpacked passes pypdf's guard; parsing it would build gigabytes of objects.
    settings.RESUME_EXTRACTION_TIMEOUT = 600  # so that the memory limit, not the clock, stops it
    application = application_with(pdf_page_unpacking_to(60), resume.PDF)
    with caplog.at_level(logging.WARNING, logger="candidates.tasks"):
        assert tasks.extract_resume_text(application.pk) == "too large"
    application.refresh_from_db()
    assert (application.resume_text_status, application.resume_text) == (Application.TextStatus.FAILED, "")
    assert "MemoryError" in caplog.text
    assert settings.RESUME_EXTRACTION_MEMORY == 256 * 1024 * 1024


@pytest.mark.django_db
def test_an_extraction_past_its_time_limit_is_stopped_and_recorded_as_too_large(isolation, reference_data, settings, caplog):
    settings.RESUME_EXTRACTION_MEMORY = 8 * 1024 * 1024 * 1024  # so that the clock, not memory, stops it
    settings.RESUME_EXTRACTION_TIMEOUT = 1.0
    application = application_with(pdf_page_unpacking_to(60), resume.PDF)
    with caplog.at_level(logging.WARNING, logger="candidates.tasks"):
        assert tasks.extract_resume_text(application.pk) == "too large"
    application.refresh_from_db()
    assert (application.resume_text_status, application.resume_text) == (Application.TextStatus.FAILED, "")
    assert "extraction took more than 1.0 s" in caplog.text


def test_emails_and_reminders_have_their_own_queue_and_workers_a_memory_ceiling():
    queue_of = {name: app.amqp.router.route({}, name)["queue"].name for name in [
        "candidates.tasks.send_candidate_email", "candidates.tasks.send_pending_emails",
        "evaluations.tasks.deliver_reminder", "evaluations.tasks.send_due_reminders",
        "candidates.tasks.extract_resume_text", "candidates.tasks.extract_pending_resumes",
        "candidates.tasks.remove_abandoned_uploads", "recruiting.tasks.remove_orphan_resumes",
        "recruiting.tasks.recompute_pending", "candidates.tasks.anonymise_expired",
    ]}
    assert queue_of == {
        "candidates.tasks.send_candidate_email": "email", "candidates.tasks.send_pending_emails": "email",
        "evaluations.tasks.deliver_reminder": "email", "evaluations.tasks.send_due_reminders": "email",
        "candidates.tasks.extract_resume_text": "files", "candidates.tasks.extract_pending_resumes": "files",
        "candidates.tasks.remove_abandoned_uploads": "files", "recruiting.tasks.remove_orphan_resumes": "files",
        "recruiting.tasks.recompute_pending": "celery", "candidates.tasks.anonymise_expired": "celery",
    }
    assert sorted(queue.name for queue in app.conf.task_queues) == ["celery", "email", "files"]
    assert app.conf.worker_max_memory_per_child == 300_000


# ---------------------------------------------------------------------------
# A real e-mail worker sends while the files worker is busy
# ---------------------------------------------------------------------------
class Fifo:
    """A named pipe in place of a résumé: whoever reads it waits until the test writes."""

    def __init__(self, path: str):
        self.path, self.writer, self.released = path, None, False
        os.remove(path)
        os.mkfifo(path)

    def reader_waiting(self) -> bool:
        """True once a reader has opened the pipe; from then on it is held until `release`."""
        if self.writer is None:
            try:
                self.writer = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as error:
                if error.errno != errno.ENXIO:  # ENXIO: nobody reading yet
                    raise
                return False
            flags = fcntl.fcntl(self.writer, fcntl.F_GETFL)
            fcntl.fcntl(self.writer, fcntl.F_SETFL, flags & ~os.O_NONBLOCK)
        return True

    def release(self, data: bytes = b"") -> None:
        """Write `data` and close: the reader gets the file and goes on."""
        if self.released or (self.writer is None and not wait_for(self.reader_waiting, timeout=5)):
            return
        os.write(self.writer, data)
        os.close(self.writer)
        self.writer, self.released = None, True


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_an_email_worker_sends_a_confirmation_while_the_files_worker_is_busy(
    reference_data, broker, celery_workers, tmp_path
):
    busy = ApplicationFactory(resume_text="", resume_text_status=Application.TextStatus.PENDING)
    busy.resume.save("cv.docx", io.BytesIO(files.docx()), save=True)
    fifo = Fifo(busy.resume.path)
    mail_dir = tmp_path / "sent-mail"
    broker()
    files_worker = celery_workers("files", queues=faults.FILES_QUEUES)
    email_worker = celery_workers("email", queues=faults.EMAIL_QUEUES, env={"EMAIL_URL": f"filemail:///{mail_dir}"})
    try:
        tasks.extract_resume_text.delay(busy.pk)
        assert wait_for(fifo.reader_waiting, timeout=90), files_worker.tail()  # the files worker is reading it

        position = OpenPositionFactory(title="Records clerk")
        data = services.ApplicationData(
            first_name="Anna", last_name="Neri", email="anna.neri@example.invalid", education_level=2, years_experience=3
        )
        ordinary, _created = services.application_submit(
            position=position, data=data, language="en", token=uuid.uuid4(),
            resume=services.ResumeUpload(name="cv.docx", data=files.docx(), kind="docx"),
        )
        confirmation = CandidateEmail.objects.get(application=ordinary)
        assert wait_for(lambda: CandidateEmail.objects.get(pk=confirmation.pk).status == "sent", timeout=90), (
            email_worker.tail()
        )
        [message] = [path.read_text() for path in mail_dir.iterdir()]
        assert "Subject: We have received your application for Records clerk" in message
        assert "To: anna.neri@example.invalid" in message
        # Meanwhile the files worker has not moved: both extractions still wait for it.
        assert fifo.writer is not None and files_worker.process.poll() is None
        assert set(Application.objects.values_list("resume_text_status", flat=True)) == {"pending"}

        fifo.release(files.docx())
        assert wait_for(
            lambda: set(Application.objects.values_list("resume_text_status", flat=True)) == {"extracted"}, timeout=90
        ), files_worker.tail()
    finally:
        fifo.release()  # never leave a worker blocked on the pipe
