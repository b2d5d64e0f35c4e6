"""Peak memory of reading a résumé's text (issue 10, defect 6).

    .venv/bin/python bench/extraction_memory.py

Builds DOCX files that pass the upload checks (at most 5 MB sent, at most 50 MB unpacked) and reads
each one's text in a fresh interpreter, the old way (python-docx in the worker's own process) and
the new way (candidates.resume.extract_text_isolated: a child process with limits). Prints the
peak resident memory (VmHWM) of the reading process, and of its child for the new way.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruiting.settings")

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LINE = "Accounts payable and supplier reconciliations with SAP and Excel, month-end closing, line {n}."


def _template() -> dict[str, bytes]:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def docx_unpacking_to(size: int, *, one_paragraph: bool = False) -> bytes:
    """A real DOCX whose word/document.xml is about `size` bytes: many paragraphs, or a single one."""
    head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>'.encode()
    tail = b"</w:body></w:document>"
    parts, total, n = [head], len(head) + len(tail), 0
    if one_paragraph:
        parts.append(b"<w:p><w:r><w:t>")
        total += 30
    while total < size:
        text = LINE.format(n=n).encode()
        piece = text + b" " if one_paragraph else b"<w:p><w:r><w:t>" + text + b"</w:t></w:r></w:p>"
        parts.append(piece)
        total += len(piece)
        n += 1
    if one_paragraph:
        parts.append(b"</w:t></w:r></w:p>")
    parts.append(tail)
    files = _template()
    files["word/document.xml"] = b"".join(parts)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _old_way(data: bytes) -> str:
    """The extraction before the fix (candidates/resume.py at 487dd05), in this process."""
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(part for part in parts if part).strip()


# The child's own peak, read by itself as it exits: ru_maxrss of a child started with vfork also
# counts the parent's memory before the exec.
_PEAK_REPORT = """
import atexit, runpy, sys
def report():
    peak = [line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM")][0]
    sys.stderr.write(f"peak-kib {peak}\\n")
atexit.register(report)
runpy.run_module("candidates.resume", run_name="__main__", alter_sys=True)
"""


def _own_peak_kib() -> int:
    # Not ru_maxrss: a process started with vfork inherits its parent's figure at the exec.
    with open("/proc/self/status") as status:
        return int(next(line for line in status if line.startswith("VmHWM")).split()[1])


def _measure(mode: str, path: str) -> dict:
    """Run in a fresh interpreter (this file with --run): its own peak RSS, and its child's."""
    data = Path(path).read_bytes()
    start = time.monotonic()
    outcome, child_kib = "extracted", 0
    if mode == "before":
        try:
            text = _old_way(data)
        except Exception as error:  # what the old task recorded as "failed"
            text, outcome = "", f"failed ({error!r:.60})"
    else:
        import django

        django.setup()
        from django.conf import settings

        from candidates import resume

        original_run = subprocess.run

        def run_reporting_peak(command, **kwargs):
            result = original_run([command[0], "-c", _PEAK_REPORT, *command[3:]], **kwargs)
            nonlocal child_kib
            child_kib = int(result.stderr.decode().rsplit("peak-kib ", 1)[1].split()[0])
            return result

        resume.subprocess.run = run_reporting_peak
        try:
            text = resume.extract_text_isolated(
                data, "docx", timeout=settings.RESUME_EXTRACTION_TIMEOUT, memory_bytes=settings.RESUME_EXTRACTION_MEMORY
            )
        except resume.TooLarge as error:
            text, outcome = "", f"too large ({str(error)[:70]})"
    return {
        "seconds": round(time.monotonic() - start, 2),
        "self_mb": _own_peak_kib() // 1024,
        "child_mb": child_kib // 1024,
        "chars": len(text),
        "outcome": outcome,
    }


def main() -> None:
    if sys.argv[1:2] == ["--run"]:
        print(json.dumps(_measure(sys.argv[2], sys.argv[3])))
        return
    cases = [
        ("45 MB unpacked, many paragraphs (the issue's file)", docx_unpacking_to(45 * 1024 * 1024)),
        ("45 MB unpacked, one paragraph", docx_unpacking_to(45 * 1024 * 1024, one_paragraph=True)),
        ("9.9 MB unpacked, many paragraphs (under the XML cap)", docx_unpacking_to(int(9.9 * 1024 * 1024))),
    ]
    with tempfile.TemporaryDirectory() as folder:
        for label, data in cases:
            path = Path(folder) / "cv.docx"
            path.write_bytes(data)
            print(f"{label}: {len(data) / 1e6:.2f} MB sent")
            for mode in ("before", "after"):
                result = subprocess.run([sys.executable, __file__, "--run", mode, str(path)], capture_output=True,
                                        text=True, check=True, cwd=BASE_DIR)
                figures = json.loads(result.stdout)
                child = f", child peak {figures['child_mb']} MB" if mode == "after" else ""
                print(f"  {mode:6} peak RSS {figures['self_mb']} MB{child}, {figures['seconds']} s, "
                      f"{figures['chars']} characters, {figures['outcome']}")


if __name__ == "__main__":
    main()
