"""Résumé files: what they really are (from their bytes, not their name) and their text."""

from __future__ import annotations

import atexit
import io
import logging
import os
import select
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path
from xml.sax.handler import ContentHandler, feature_namespaces

PDF, DOCX, ODT = "pdf", "docx", "odt"
EXTENSIONS = {PDF: "pdf", DOCX: "docx", ODT: "odt"}
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ODT: "application/vnd.oasis.opendocument.text",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# A real résumé unpacks to a few megabytes; more means a zip bomb or embedded media.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024

logger = logging.getLogger(__name__)

# Django is imported where it is used, never at the top: the child process below imports this
# module on every upload, and a candidate waits for its start-up.


def _(message: str) -> str:
    from django.utils.translation import gettext

    return gettext(message)


def _refuse(message: str, code: str):
    from django.core.exceptions import ValidationError

    raise ValidationError(message, code=code)


def _describe_foreign(head: bytes) -> str:
    sample = head.lstrip()[:64].lower()
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF"):
        return _("This file is a program, not a résumé.")
    if head.startswith(b"#!"):
        return _("This file is a script, not a résumé.")
    if sample.startswith((b"<!doctype html", b"<html", b"<script", b"<?xml", b"<svg")):
        return _("This file is a web page or markup, not a résumé.")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return _(
            "This looks like an old Word (.doc) file or a password-protected document. "
            "Save it as PDF or DOCX without a password and upload it again."
        )
    return _("This file is not a PDF, Word (DOCX) or OpenDocument (ODT) document.")


def identify(data: bytes) -> str:
    """The résumé's real type, or a ValidationError a candidate can act on.

    The first bytes are checked here; the file is opened (``check_document``) in a child process
    limited to RESUME_CHECK_MEMORY and RESUME_CHECK_TIMEOUT, so a hostile file costs that child,
    never the web worker.
    """
    from django.conf import settings
    from django.template.defaultfilters import filesizeformat

    if not data:
        _refuse(_("The file is empty. Choose your résumé again."), "empty")
    if len(data) > settings.RESUME_MAX_BYTES:
        _refuse(
            _("The file is %(size)s; the limit is %(limit)s. Save a smaller version (for example as PDF) and try again.")
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(settings.RESUME_MAX_BYTES)},
            "too_large",
        )
    if not data.startswith((b"%PDF-", b"PK\x03\x04")):
        _refuse(_describe_foreign(data[:512]), "wrong_type")
    verdict = check_document_isolated(data, timeout=settings.RESUME_CHECK_TIMEOUT, memory_bytes=settings.RESUME_CHECK_MEMORY)
    if verdict in EXTENSIONS:
        return verdict
    _refuse(*_refusal(verdict))


# What `check_document` says of a file: its kind (PDF, DOCX, ODT) or one of these refusals.
_PDF_ENCRYPTED, _PDF_BROKEN, _PDF_TOO_LARGE = "pdf-encrypted", "pdf-broken", "pdf-too-large"
_ZIP_TOO_LARGE, _ZIP_MACRO, _ZIP_BROKEN, _ZIP_NOT_DOCUMENT = "zip-too-large", "zip-macro", "zip-broken", "zip-other"
_VERDICTS = frozenset(
    {PDF, DOCX, ODT, _PDF_ENCRYPTED, _PDF_BROKEN, _PDF_TOO_LARGE, _ZIP_TOO_LARGE, _ZIP_MACRO, _ZIP_BROKEN, _ZIP_NOT_DOCUMENT}
)


def _refusal(verdict: str) -> tuple[str, str]:
    """The message and code for one of `check_document`'s refusals."""
    refusals = {
        _PDF_ENCRYPTED: (_("The PDF is password-protected. Save a copy without a password and upload that."), "encrypted"),
        _PDF_BROKEN: (_("The PDF seems damaged and cannot be opened. Export it again and upload the new file."), "broken"),
        _PDF_TOO_LARGE: (
            _(
                "We could not read this PDF: it is too large or too complex once opened. "
                "Export it again (for example with “Print to PDF”) and upload the new file."
            ),
            "too_complex",
        ),
        _ZIP_TOO_LARGE: (_("The document is too large once opened. Save it as PDF and upload that."), "too_large"),
        _ZIP_MACRO: (_("The document contains macros. Save it as a plain DOCX or PDF and upload that."), "macro"),
        _ZIP_BROKEN: (
            _("The document seems damaged and cannot be opened. Save it again and upload the new file."), "broken"
        ),
        _ZIP_NOT_DOCUMENT: (_("This archive is not a Word (DOCX) or OpenDocument (ODT) document."), "wrong_type"),
    }
    return refusals[verdict]


def check_document(data: bytes) -> str:
    """Open a PDF, DOCX or ODT as a reader would: its kind, or why it is refused (a verdict above).

    Raises TooLarge (or MemoryError) for a file beyond the limits. Run it through
    `check_document_isolated` on anything a candidate sent: pypdf can take gigabytes and minutes
    on a small hostile PDF.
    """
    if data.startswith(b"%PDF-"):
        return _check_pdf(data)
    return _check_zip_document(data)


def _check_pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return _PDF_ENCRYPTED
        # Counting the pages reads the whole page tree: the heavy part, and the reason for the child.
        pages = len(reader.pages)
    except MemoryError:
        raise
    except LimitReachedError as error:  # pypdf's own guard: a stream that unpacks to more than 75 MB
        raise TooLarge(str(error)) from error
    except Exception:  # pypdf raises many kinds of errors on damaged files
        return _PDF_BROKEN
    return PDF if pages else _PDF_BROKEN


def _check_zip_document(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                return _ZIP_TOO_LARGE
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return _ZIP_MACRO if "word/vbaProject.bin" in names else DOCX
            if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE and "content.xml" in names:
                return ODT
    except MemoryError:
        raise
    except Exception:  # zipfile raises many kinds of errors on damaged or encrypted archives
        return _ZIP_BROKEN
    return _ZIP_NOT_DOCUMENT


# ---------------------------------------------------------------------------
# Text extraction, with bounded memory and time
# ---------------------------------------------------------------------------
# A résumé's text is read for search and scoring: its first TEXT_MAX_CHARS characters (about 30
# pages) are plenty, and reading stops there. The XML of a DOCX or ODT is streamed, never loaded
# whole, and a part that unpacks to more than XML_MAX_BYTES (declared or actually read) is not
# read at all: a real résumé's document.xml is well under 1 MB.
TEXT_MAX_CHARS = 100_000
XML_MAX_BYTES = 10 * 1024 * 1024
_CHUNK = 64 * 1024
# Reading goes a little past the cap so that stripping the ends still leaves TEXT_MAX_CHARS.
_SLACK = 1024


class TooLarge(Exception):
    """The document is beyond the limits of the check or the extraction (size, memory or time)."""


class ExtractionFailed(Exception):
    """The document could not be read (damaged, or not what its name says)."""


class _Enough(Exception):
    """Raised inside a parser to stop it once enough text has been collected."""


class _Lines:
    """Lines of text, collected up to a character budget."""

    def __init__(self, max_chars: int):
        self.budget = max_chars + _SLACK
        self.size = 0
        self.lines: list[str] = []
        self.current: list[str] = []

    def add(self, text: str) -> None:
        if not text:
            return
        self.current.append(text[: max(self.budget - self.size, 0)])
        self.size += len(text)
        if self.size >= self.budget:
            self.end_line()
            raise _Enough

    def end_line(self) -> None:
        if self.current:
            self.lines.append("".join(self.current))
            self.size += 1
            self.current = []

    def text(self, max_chars: int) -> str:
        self.end_line()
        return "\n".join(line for line in self.lines if line).strip()[:max_chars]


def extract_text(data: bytes, kind: str, *, max_chars: int = TEXT_MAX_CHARS) -> str:
    """Plain text (at most `max_chars`) of a résumé already identified as PDF, DOCX or ODT.

    Raises TooLarge for a document beyond the limits above. Run it through `extract_text_isolated`
    on anything a candidate sent: a damaged PDF can still take pypdf's memory and time.
    """
    lines = _Lines(max_chars)
    try:
        if kind == PDF:
            _pdf_lines(data, lines)
        elif kind == DOCX:
            _stream_xml(data, "word/document.xml", _DocxHandler(lines))
        elif kind == ODT:
            _stream_xml(data, "content.xml", _OdtHandler(lines))
        else:
            raise ValueError(f"unknown résumé kind {kind!r}")
    except _Enough:
        pass
    return lines.text(max_chars)


def _pdf_lines(data: bytes, lines: _Lines) -> None:
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    reader = PdfReader(io.BytesIO(data), strict=False)
    try:
        for page in reader.pages:  # page by page: reading stops once the budget is spent
            lines.add(page.extract_text() or "")
            lines.end_line()
    except LimitReachedError as error:  # pypdf's own guard: a stream that unpacks to more than 75 MB
        raise TooLarge(str(error)) from error


def _stream_xml(data: bytes, member: str, handler) -> None:
    from defusedxml.expatreader import create_parser

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
        if info.file_size > XML_MAX_BYTES:
            raise TooLarge(f"{member} declares {info.file_size} bytes unpacked; the limit is {XML_MAX_BYTES}")
        parser = create_parser(forbid_dtd=True)
        parser.setFeature(feature_namespaces, True)
        parser.setContentHandler(handler)
        unpacked = 0
        with archive.open(info) as stream:
            # zipfile never returns more than the declared size (and then fails the CRC check);
            # the count below holds even if that ever changes.
            while chunk := stream.read(_CHUNK):
                unpacked += len(chunk)
                if unpacked > XML_MAX_BYTES:
                    raise TooLarge(f"{member} unpacks to more than {XML_MAX_BYTES} bytes")
                parser.feed(chunk)
        parser.close()


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


class _DocxHandler(ContentHandler):
    """A paragraph's text as python-docx reads it: runs' w:t, tabs, line breaks; one line per w:p."""

    def __init__(self, lines: _Lines):
        super().__init__()
        self.lines = lines
        self.in_text = False
        self.run_depth = 0

    def startElementNS(self, name, qname, attributes):
        namespace, tag = name
        if namespace != _W:
            return
        if tag == "r":
            self.run_depth += 1
        elif tag == "t":
            self.in_text = True
        elif self.run_depth and tag in ("tab", "ptab"):
            self.lines.add("\t")
        elif self.run_depth and (
            tag == "cr" or (tag == "br" and attributes.get((_W, "type"), "textWrapping") == "textWrapping")
        ):
            self.lines.add("\n")
        elif self.run_depth and tag == "noBreakHyphen":
            self.lines.add("-")

    def endElementNS(self, name, qname):
        namespace, tag = name
        if namespace != _W:
            return
        if tag == "r":
            self.run_depth -= 1
        elif tag == "t":
            self.in_text = False
        elif tag == "p":
            self.lines.end_line()

    def characters(self, content):
        if self.in_text:
            self.lines.add(content)


class _OdtHandler(ContentHandler):
    """All text inside each text:p and text:h, one line each."""

    def __init__(self, lines: _Lines):
        super().__init__()
        self.lines = lines
        self.depth = 0

    def startElementNS(self, name, qname, attributes):
        if name[0] == _TEXT and name[1] in ("p", "h"):
            self.depth += 1

    def endElementNS(self, name, qname):
        if name[0] == _TEXT and name[1] in ("p", "h"):
            self.depth -= 1
            if self.depth == 0:
                self.lines.end_line()

    def characters(self, content):
        if self.depth:
            self.lines.add(content)


# ---------------------------------------------------------------------------
# The child process: the upload check and the text extraction, each with bounded memory and time
# ---------------------------------------------------------------------------
# Where the calling process has one thread (gunicorn's sync workers, Celery's prefork children), the child is
# a fork of it: pypdf is loaded already and the file is in memory, so a check costs a few milliseconds
# instead of the ~110 ms of starting Python and importing pypdf. The child computes, writes its answer to a
# pipe and leaves with os._exit, touching nothing it inherited (database and Redis sockets, log files).
# With more threads (runserver, a test's servers) a fork could inherit a lock another thread holds, so the
# child is a fresh interpreter (`python -m candidates.resume`) instead. Both give the same answers.
# The child's outcomes, as exit codes.
_EXIT_TOO_LARGE = 3
_EXIT_FAILED = 4
PROJECT_DIR = Path(__file__).resolve().parent.parent


def check_document_isolated(data: bytes, *, timeout: float, memory_bytes: int) -> str:
    """`check_document` in a child process limited to `memory_bytes` of address space and `timeout` seconds.

    Never raises for what the file does: a file past a limit is "too large", one that makes the
    child fail is "broken", and both are logged.
    """
    pdf = data.startswith(b"%PDF-")
    try:
        answer = _answered(*_CHECKER.check(data, timeout=timeout, memory_bytes=memory_bytes), what="check")
        verdict = answer.decode("ascii").strip()
    except OSError:  # no child could be started (out of processes or memory): refuse rather than fail
        logger.exception("résumé upload refused: the check could not be started")
        return _PDF_TOO_LARGE if pdf else _ZIP_TOO_LARGE
    except TooLarge as error:
        logger.warning("résumé upload refused: opening it went past the check's limits (%s)", error)
        return _PDF_TOO_LARGE if pdf else _ZIP_TOO_LARGE
    except (ExtractionFailed, UnicodeDecodeError) as error:
        logger.warning("résumé upload refused: the check could not open it (%s)", error)
        return _PDF_BROKEN if pdf else _ZIP_BROKEN
    if verdict not in _VERDICTS:
        logger.error("résumé upload refused: the check answered %r", verdict[:100])
        return _PDF_BROKEN if pdf else _ZIP_BROKEN
    return verdict


def extract_text_isolated(data: bytes, kind: str, *, timeout: float, memory_bytes: int,
                          max_chars: int = TEXT_MAX_CHARS) -> str:
    """`extract_text` in a child process limited to `memory_bytes` of address space and `timeout` seconds.

    Whatever the file does, the caller's memory does not grow and the call returns within the
    timeout. Raises TooLarge when a limit is hit, ExtractionFailed when the file cannot be read.
    """
    text = _run_limited(
        ["extract", kind, str(max_chars)], data, what="extraction", timeout=timeout, memory_bytes=memory_bytes
    )
    return text.decode("utf-8")


def _run_limited(arguments: list[str], data: bytes, *, what: str, timeout: float, memory_bytes: int) -> bytes:
    """What the child answers for `data`; TooLarge past a limit, ExtractionFailed on a failure."""
    if _may_fork():
        code, output = _run_forked(arguments, data, what=what, timeout=timeout, memory_bytes=memory_bytes)
    else:
        code, output = _run_interpreter(arguments, data, what=what, timeout=timeout, memory_bytes=memory_bytes)
    return _answered(code, output, what=what)


def _answered(code: int, output: bytes, *, what: str) -> bytes:
    """The child's answer; TooLarge past a limit, ExtractionFailed on a failure."""
    if code == 0:
        return output
    reason = output.decode("utf-8", errors="replace").strip()[-500:]
    # Killed for its CPU time (SIGXCPU, then SIGKILL) or refused memory: a limit, not a damaged file.
    if code in (_EXIT_TOO_LARGE, -signal.SIGXCPU, -signal.SIGKILL):
        raise TooLarge(reason or f"the {what} was stopped by signal {-code}")
    raise ExtractionFailed(reason or f"the {what} exited with {code}")


def _may_fork() -> bool:
    return hasattr(os, "fork") and os.path.exists("/proc/self/statm") and threading.active_count() == 1


def _run_interpreter(arguments: list[str], data: bytes, *, what: str, timeout: float,
                     memory_bytes: int) -> tuple[int, bytes]:
    """(exit code, the answer or the reason) of `python -m candidates.resume`."""
    command = [sys.executable, "-m", "candidates.resume", str(memory_bytes), str(timeout), *arguments]
    try:
        result = subprocess.run(command, input=data, capture_output=True, timeout=timeout, cwd=PROJECT_DIR)
    except subprocess.TimeoutExpired:
        raise TooLarge(f"{what} took more than {timeout} s") from None
    return result.returncode, result.stdout if result.returncode == 0 else result.stderr


def _run_forked(arguments: list[str], data: bytes, *, what: str, timeout: float,
                memory_bytes: int) -> tuple[int, bytes]:
    """(exit code, the answer or the reason) of a fork of this process; its memory limit counts from what it
    shares with this process, so it may allocate `memory_bytes` more."""
    import pypdf  # noqa: F401  (loaded once here, not in every child)

    reader, writer = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(reader)
        os.close(writer)
        raise
    if pid == 0:  # the child: never returns
        code = _EXIT_FAILED
        try:
            os.close(reader)
            pages, page_size = int(open("/proc/self/statm").read().split()[0]), os.sysconf("SC_PAGE_SIZE")  # noqa: SIM115
            _limit(pages * page_size + memory_bytes, timeout)
            code, output = _answer(arguments, data)
            view = memoryview(output)
            while view:
                view = view[os.write(writer, view):]
        finally:
            os._exit(code)
    os.close(writer)
    deadline, chunks = time.monotonic() + timeout, []
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([reader], [], [], remaining)[0]:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                raise TooLarge(f"{what} took more than {timeout} s")
            chunk = os.read(reader, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(reader)
    _pid, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), b"".join(chunks)


class _Checker:
    """The upload check's long-lived child: a fresh interpreter (`python -m candidates.resume serve MEMORY`) that
    answers one file at a time over pipes, so an upload costs a round trip (0.4 ms for a one-page PDF) instead of a
    fork of the web process (6.5 ms). Its address space is limited to what it had after start-up plus
    `memory_bytes`; the clock is this side's, which kills it past `timeout`. It is replaced after a file it could
    not read or that went past a limit, after it says it grew, after `RECYCLE_AFTER` files, and when the limit
    changes. One per process (a forked process starts its own); one file at a time (a lock)."""

    RECYCLE_AFTER = 500
    START_TIMEOUT = 30.0

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.process: subprocess.Popen | None = None
        self.owner = 0
        self.memory_bytes = 0
        self.served = 0

    def check(self, data: bytes, *, timeout: float, memory_bytes: int) -> tuple[int, bytes]:
        """(code, the verdict or why not) as a child's exit would give them; OSError if none could be started."""
        with self.lock:
            process = self._ready(memory_bytes)
            deadline = time.monotonic() + timeout
            try:
                process.stdin.write(len(data).to_bytes(8, "big") + data)
                process.stdin.flush()
                header = self._read(process, 10, deadline)
                code, recycle, size = int.from_bytes(header[:1], "big", signed=True), header[1], int.from_bytes(header[2:], "big")
                output = self._read(process, size, deadline)
            except TimeoutError:
                self.stop()
                raise TooLarge(f"check took more than {timeout} s") from None
            except (OSError, EOFError) as error:  # it died: killed by a limit, most likely
                self.stop()
                return _EXIT_TOO_LARGE, f"the check stopped ({error!r})".encode()
            self.served += 1
            if code != 0 or recycle or self.served >= self.RECYCLE_AFTER:
                self.stop()
            return code, output

    def _ready(self, memory_bytes: int) -> subprocess.Popen:
        if self.owner != os.getpid():  # inherited through a fork: the parent's, not ours to stop
            self.process, self.owner = None, os.getpid()
        if self.process is not None and (self.memory_bytes != memory_bytes or self.process.poll() is not None):
            self.stop()
        if self.process is None:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "candidates.resume", "serve", str(memory_bytes)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=PROJECT_DIR,
            )
            self.memory_bytes, self.served = memory_bytes, 0
            try:  # its start-up is not the file's time
                started = self._read(self.process, 1, time.monotonic() + self.START_TIMEOUT) == b"R"
            except (TimeoutError, EOFError, OSError):
                started = False
            if not started:
                self.stop()
                raise OSError("the résumé checker did not start")
        return self.process

    @staticmethod
    def _read(process: subprocess.Popen, size: int, deadline: float) -> bytes:
        chunks, missing, source = [], size, process.stdout.fileno()
        while missing:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([source], [], [], remaining)[0]:
                raise TimeoutError
            chunk = os.read(source, min(missing, 1 << 20))
            if not chunk:
                raise EOFError("no answer")
            chunks.append(chunk)
            missing -= len(chunk)
        return b"".join(chunks)

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None and self.owner == os.getpid():
            process.kill()
            process.wait()
            for pipe in (process.stdin, process.stdout):
                pipe.close()


_CHECKER = _Checker()
atexit.register(_CHECKER.stop)


def _serve(memory_bytes: int) -> int:
    """The checker's side: read a length and a file from stdin, answer (code, recycle, length, answer); until EOF."""
    import resource

    import pypdf  # noqa: F401  (before the limit: loaded once)

    pages, page_size = int(open("/proc/self/statm").read().split()[0]), os.sysconf("SC_PAGE_SIZE")  # noqa: SIM115
    resource.setrlimit(resource.RLIMIT_AS, (pages * page_size + memory_bytes,) * 2)
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + memory_bytes // 4096  # KiB: a quarter of the limit
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    sink.write(b"R")  # ready
    sink.flush()
    while len(header := source.read(8)) == 8:
        data = source.read(int.from_bytes(header, "big"))
        code, output = _answer(["check"], data)
        del data
        recycle = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss > grown
        sink.write(code.to_bytes(1, "big", signed=True) + bytes([recycle]) + len(output).to_bytes(8, "big") + output)
        sink.flush()
    return 0


def _limit(memory_bytes: int, seconds: float) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    # The parent's clock stops the child first; the CPU limit holds should the parent be gone.
    cpu = int(seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def _answer(arguments: list[str], data: bytes) -> tuple[int, bytes]:
    """(exit code, the verdict or the text, or why not) of the task in `arguments` for `data`."""
    try:
        if arguments[0] == "check":
            return 0, check_document(data).encode("ascii")
        return 0, extract_text(data, arguments[1], max_chars=int(arguments[2])).encode("utf-8")
    except (TooLarge, MemoryError) as error:
        return _EXIT_TOO_LARGE, f"too large: {error!r}\n".encode()
    except Exception as error:  # pypdf and zipfile raise many kinds of errors on damaged files
        return _EXIT_FAILED, f"failed: {error!r}\n".encode()


def _child_main(argv: list[str]) -> int:
    """`python -m candidates.resume MEMORY_BYTES SECONDS check` (or `... extract KIND MAX_CHARS`) < file.

    Writes the check's verdict (or the text) on stdout, or why not on stderr; exits with _EXIT_TOO_LARGE past a limit.
    """
    if argv[0] == "serve":
        return _serve(int(argv[1]))
    memory_bytes, seconds = int(argv[0]), float(argv[1])
    _limit(memory_bytes, seconds)
    code, output = _answer(argv[2:], sys.stdin.buffer.read())
    (sys.stdout if code == 0 else sys.stderr).buffer.write(output)
    return code


def kind_from_name(name: str) -> str | None:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return {"pdf": PDF, "docx": DOCX, "odt": ODT}.get(extension)


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1:]))
