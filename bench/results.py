"""Figures the benchmarks print, also kept for `make bench`'s summary table (bench/summary.py)."""

import json
import os


def record(bench: str, figure: str, value: float, unit: str, *, ratio: float | None = None, ratio_of: str = "",
           goal: str = "", met: bool | None = None) -> None:
    """Append one figure to BENCH_RESULTS (JSON lines), when set."""
    path = os.environ.get("BENCH_RESULTS")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps({"bench": bench, "figure": figure, "value": value, "unit": unit, "ratio": ratio,
                              "ratio_of": ratio_of, "goal": goal, "met": met}) + "\n")
