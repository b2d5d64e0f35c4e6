"""Résumé check and text extraction: milliseconds per call in a fork of this process and in a fresh
interpreter (candidates/resume.py), for a one-page PDF, a DOCX and an ODT. Run with `make bench-resume`."""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruiting.settings")

import django  # noqa: E402

django.setup()

from candidates import resume  # noqa: E402
from candidates.tests import files  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results import record  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))
MEMORY = 256 * 1024 * 1024


def main():
    documents = {"pdf": files.pdf(), "docx": files.docx(), "odt": files.odt()}
    print(f"median of {REPEAT} calls; ms per call")
    print(f"{'task':<12} {'fork ms':>8} {'interpreter ms':>15} {'x faster':>9}")
    for task in ("check", "extract"):
        for kind, data in documents.items():
            figures = []
            for fork in (True, False):
                resume._may_fork = lambda fork=fork: fork

                def call(data=data, kind=kind, task=task):
                    if task == "check":
                        resume.check_document_isolated(data, timeout=5, memory_bytes=MEMORY)
                    else:
                        resume.extract_text_isolated(data, kind, timeout=5, memory_bytes=MEMORY)

                call()
                times = []
                for _n in range(REPEAT):
                    start = time.perf_counter()
                    call()
                    times.append(time.perf_counter() - start)
                figures.append(statistics.median(times) * 1000)
            record("résumé", f"{task} {kind}, forked", figures[0], "ms", ratio=figures[1] / figures[0],
                   ratio_of="x faster than a fresh interpreter")
            print(f"{task + ' ' + kind:<12} {figures[0]:>8.1f} {figures[1]:>15.1f} {figures[1] / figures[0]:>9.1f}")


if __name__ == "__main__":
    main()
