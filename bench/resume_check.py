"""Résumé check and text extraction: milliseconds per call in the long-lived checker (the upload check), in a
fork of this process and in a fresh interpreter (candidates/resume.py), for a one-page PDF, a DOCX and an ODT.
Run with `make bench-resume`."""

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


def median_ms(call) -> float:
    call()
    times = []
    for _n in range(REPEAT):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main():
    documents = {"pdf": files.pdf(), "docx": files.docx(), "odt": files.odt()}
    print(f"median of {REPEAT} calls; ms per call")
    print(f"{'task':<12} {'checker ms':>11} {'fork ms':>8} {'interpreter ms':>15}")
    for task in ("check", "extract"):
        for kind, data in documents.items():
            figures = {}
            if task == "check":  # what an upload costs: the long-lived checker
                figures["checker"] = median_ms(
                    lambda data=data: resume.check_document_isolated(data, timeout=5, memory_bytes=MEMORY))
            for way in ("fork", "interpreter"):
                resume._may_fork = lambda way=way: way == "fork"
                arguments = ["check"] if task == "check" else ["extract", kind, str(resume.TEXT_MAX_CHARS)]
                figures[way] = median_ms(lambda data=data, arguments=arguments, task=task: resume._run_limited(
                    arguments, data, what=task, timeout=5, memory_bytes=MEMORY))
            if task == "check":
                record("résumé", f"check {kind}, long-lived checker", figures["checker"], "ms",
                       ratio=figures["fork"] / figures["checker"], ratio_of="x faster than a fork")
            else:
                record("résumé", f"extract {kind}, forked", figures["fork"], "ms",
                       ratio=figures["interpreter"] / figures["fork"], ratio_of="x faster than a fresh interpreter")
            checker = f"{figures['checker']:.2f}" if "checker" in figures else "-"
            print(f"{task + ' ' + kind:<12} {checker:>11} {figures['fork']:>8.1f} {figures['interpreter']:>15.1f}")


if __name__ == "__main__":
    main()
