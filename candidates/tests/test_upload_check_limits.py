"""The upload check opens a résumé in a long-lived child process with bounded memory and time, never in the web
worker; the child is replaced after a file that went past a limit.

The hostile file is real, built here: a PDF of about 550 KB whose page tree sits in 8 object
streams, each unpacking to 70 MB. Opened in the web worker (as before), counting its pages took
about a minute and 700 MB.
"""

import io
import logging
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from candidates import resume
from candidates.models import Application
from candidates.tests import files
from candidates.tests.test_apply import apply_url, form_data
from candidates.tests.test_apply import position as position  # noqa: F401 (fixture)
from candidates.tests.test_stash import kept_files

TOO_COMPLEX = (
    "We could not read this PDF: it is too large or too complex once opened. "
    "Export it again (for example with “Print to PDF”) and upload the new file."
)
STREAMS, UNPACKED = 8, 70 * 1024 * 1024


def pdf_with_page_tree_in_object_streams(streams: int = STREAMS, unpacked_bytes: int = UNPACKED) -> bytes:
    """A PDF 1.5 whose pages live in `streams` object streams, each deflated from `unpacked_bytes`.

    Page n is object 3 + n, the n-th object of object stream 3 + streams + n. Every stream holds
    all the pages, so one compressed stream serves for all: small to build and to send.
    """
    pages = [3 + n for n in range(streams)]
    stream_numbers = [3 + streams + n for n in range(streams)]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> "
    header = b" ".join(f"{number} {n * len(page)}".encode() for n, number in enumerate(pages)) + b" "
    content = header + page * streams
    packed = zlib.compress(content + b" " * (unpacked_bytes - len(content)), 9)

    out, offsets = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n"), {}

    def add(number: int, body: bytes) -> None:
        offsets[number] = len(out)
        out.extend(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")

    add(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = b" ".join(f"{number} 0 R".encode() for number in pages)
    add(2, b"<< /Type /Pages /Kids [" + kids + f"] /Count {streams} >>".encode())
    for number in stream_numbers:
        add(
            number,
            f"<< /Type /ObjStm /N {streams} /First {len(header)} /Filter /FlateDecode /Length {len(packed)} >>\n"
            f"stream\n".encode() + packed + b"\nendstream",
        )
    # A cross-reference stream: the only kind that can point into object streams.
    xref_number = 3 + 2 * streams
    offsets[xref_number] = len(out)
    rows = [bytes([0]) + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big")]
    for number in range(1, xref_number + 1):
        if number in pages:
            n = pages.index(number)
            rows.append(bytes([2]) + stream_numbers[n].to_bytes(4, "big") + n.to_bytes(2, "big"))
        else:
            rows.append(bytes([1]) + offsets[number].to_bytes(4, "big") + (0).to_bytes(2, "big"))
    table = b"".join(rows)
    out.extend(
        f"{xref_number} 0 obj\n<< /Type /XRef /Size {xref_number + 1} /W [1 4 2] /Root 1 0 R /Length {len(table)} >>\n"
        f"stream\n".encode() + table + b"\nendstream\nendobj\n"
    )
    out.extend(f"startxref\n{offsets[xref_number]}\n%%EOF\n".encode())
    return bytes(out)


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return pdf_with_page_tree_in_object_streams()


def test_the_object_stream_pdf_is_a_valid_pdf_of_8_pages_when_its_streams_are_small():
    # The same construction with small streams: a PDF pypdf reads, so the bomb is refused for its size alone.
    from pypdf import PdfReader

    small = pdf_with_page_tree_in_object_streams(unpacked_bytes=4096)
    assert len(PdfReader(io.BytesIO(small)).pages) == 8
    assert resume.identify(small) == resume.PDF


def _apply_with(client, position, data: bytes):
    upload = SimpleUploadedFile("cv.pdf", data, content_type="application/pdf")
    return client.post(apply_url(position), form_data(position, resume=upload))


@pytest.mark.django_db
def test_a_pdf_whose_8_object_streams_unpack_to_560_mb_is_refused_at_upload_by_the_memory_limit(
    client, position, settings, caplog, bomb
):
    settings.RESUME_CHECK_TIMEOUT = 600  # so that the memory limit, not the clock, stops it
    with caplog.at_level(logging.WARNING, logger="candidates.resume"):
        response = _apply_with(client, position, bomb)
    assert response.status_code == 200
    assert response.context["form"].errors["resume"] == [TOO_COMPLEX]
    assert "résumé upload refused: opening it went past the check's limits" in caplog.text
    assert "MemoryError" in caplog.text
    assert settings.RESUME_CHECK_MEMORY == 128 * 1024 * 1024
    assert Application.objects.count() == 0
    assert kept_files() == {}


@pytest.mark.django_db
def test_a_pdf_check_past_its_time_limit_is_stopped_and_the_pdf_refused(client, position, settings, caplog, bomb):
    settings.RESUME_CHECK_MEMORY = 2 * 1024 * 1024 * 1024  # so that the clock, not memory, stops it
    settings.RESUME_CHECK_TIMEOUT = 1.0
    with caplog.at_level(logging.WARNING, logger="candidates.resume"):
        response = _apply_with(client, position, bomb)
    assert response.status_code == 200
    assert response.context["form"].errors["resume"] == [TOO_COMPLEX]
    assert "opening it went past the check's limits (check took more than 1.0 s)" in caplog.text
    assert Application.objects.count() == 0


def test_the_check_s_limits_are_128_mb_and_5_seconds(settings):
    assert (settings.RESUME_CHECK_MEMORY, settings.RESUME_CHECK_TIMEOUT) == (128 * 1024 * 1024, 5.0)


def test_a_check_that_cannot_start_refuses_the_file_in_words_and_logs_why(monkeypatch, caplog):
    def no_process(*args, **kwargs):
        raise BlockingIOError(11, "Resource temporarily unavailable")

    resume._CHECKER.stop()
    monkeypatch.setattr(resume.subprocess, "Popen", no_process)
    with caplog.at_level(logging.ERROR, logger="candidates.resume"), pytest.raises(ValidationError) as refused:
        resume.identify(files.pdf())
    assert (refused.value.code, refused.value.messages) == ("too_complex", [TOO_COMPLEX])
    assert "résumé upload refused: the check could not be started" in caplog.text


@pytest.mark.parametrize(
    ("data", "verdict"),
    [
        (files.pdf(), "pdf"),
        (files.docx(), "docx"),
        (files.odt(), "odt"),
        (files.broken_pdf(), "pdf-broken"),
        (files.encrypted_pdf(), "pdf-encrypted"),
        (b"PK\x03\x04garbage", "zip-broken"),
    ],
    ids=["pdf", "docx", "odt", "broken-pdf", "encrypted-pdf", "broken-zip"],
)
def test_the_child_process_answers_one_verdict_per_file(data, verdict):
    assert resume.check_document_isolated(data, timeout=5.0, memory_bytes=128 * 1024 * 1024) == verdict


def _checker_pid():
    return resume._CHECKER.process.pid if resume._CHECKER.process else None


def _check(data, **limits):
    return resume.check_document_isolated(data, **{"timeout": 5.0, "memory_bytes": 128 * 1024 * 1024, **limits})


def test_one_checker_answers_file_after_file():
    resume._CHECKER.stop()
    verdicts = [_check(data) for data in (files.pdf(), files.docx(), files.broken_pdf(), files.odt())]
    pids = {_checker_pid()}
    assert _check(files.pdf()) == "pdf"
    assert (verdicts, len(pids), _checker_pid() in pids, None in pids) == (
        ["pdf", "docx", "pdf-broken", "odt"], 1, True, False)


def test_after_a_file_past_the_time_limit_a_new_checker_answers(bomb, caplog):
    _check(files.pdf())
    first = _checker_pid()
    with caplog.at_level(logging.WARNING, logger="candidates.resume"):
        assert _check(bomb, timeout=0.5, memory_bytes=2 * 1024 * 1024 * 1024) == "pdf-too-large"
    assert "check took more than 0.5 s" in caplog.text
    assert (_check(files.pdf()), _checker_pid() not in (None, first)) == ("pdf", True)


def test_after_a_file_past_the_memory_limit_a_new_checker_answers(bomb):
    _check(files.pdf())
    first = _checker_pid()
    assert (_check(bomb, timeout=600), _checker_pid()) == ("pdf-too-large", None)
    assert (_check(files.pdf()), _checker_pid() not in (None, first)) == ("pdf", True)


def test_a_checker_is_replaced_after_its_quota_of_files_and_when_the_limit_changes(monkeypatch):
    monkeypatch.setattr(resume._Checker, "RECYCLE_AFTER", 2)
    resume._CHECKER.stop()
    pids = []
    for limit in (128, 128, 128, 64):
        _check(files.pdf(), memory_bytes=limit * 1024 * 1024)
        pids.append(_checker_pid())
    assert (pids[0] is None, pids[1]) == (False, None)  # two files, then replaced
    assert len({pids[2], pids[3]}) == 2  # a new limit, a new checker


def test_a_checker_that_does_not_start_refuses_the_file_and_logs_why(monkeypatch, caplog):
    resume._CHECKER.stop()
    monkeypatch.setattr(resume.sys, "executable", "/bin/true")  # starts, answers nothing, leaves
    with caplog.at_level(logging.ERROR, logger="candidates.resume"), pytest.raises(ValidationError) as refused:
        resume.identify(files.pdf())
    assert (refused.value.code, resume._CHECKER.process) == ("too_complex", None)
    assert "the check could not be started" in caplog.text
