"""One table of every figure the benchmarks of `make bench` recorded (BENCH_RESULTS), with ratios and goals."""

import json
import os
import platform
import sys


def main():
    with open(os.environ["BENCH_RESULTS"], encoding="utf-8") as results:
        rows = [json.loads(line) for line in results]
    cpus = os.cpu_count()
    print(f"\nSummary — {platform.node()}: {cpus} cores, Python {sys.version.split()[0]}, {platform.platform()}")
    print("| bench | figure | value | ratio | goal | met |\n| --- | --- | ---: | ---: | --- | --- |")
    for row in rows:
        ratio = f"{row['ratio']:.2f} ({row['ratio_of']})" if row["ratio"] is not None else ""
        met = {True: "yes", False: "**no**", None: ""}[row["met"]]
        value = f"{row['value']:,.1f} {row['unit']}".strip()
        print(f"| {row['bench']} | {row['figure']} | {value} | {ratio} | {row['goal']} | {met} |")


if __name__ == "__main__":
    main()
