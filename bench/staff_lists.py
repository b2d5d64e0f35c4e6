"""Staff lists at 1,000 and 100,000 applications in one position: board, table, all applications, ranking.

Run with `make bench-lists` (PostgreSQL: set DATABASE_URL). For each N it seeds one position in a throw-away
database (the ranking benchmark's applicants, spread over the stages as a busy pipeline is: most applied,
a few hired) and prints, per page, the median in-process time, its query count, and the ratio of the time at
each N to the time at the first N (the goal: within 2x at 100,000 of 1,000).
"""

import os
import random
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruiting.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from ranking import bench_world, count_queries, seed, timed  # noqa: E402  (bench/ranking.py)
from results import record  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "1000,100000").split(",")]
REPEAT = int(os.environ.get("BENCH_REPEAT", "9"))
# Of every 100 applications: the stage they are at (rejected and withdrawn carry a reason).
SPREAD = [("applied", 70), ("screening", 12), ("interview", 5), ("offer", 1), ("hired", 1), ("rejected", 9),
          ("withdrawn", 2)]


def spread(position) -> None:
    """Put the position's applications at the stages of SPREAD, by their number."""
    from candidates.models import RejectionReason

    reasons = {kind: RejectionReason.objects.filter(kind=kind).first().pk for kind in ("we_rejected", "they_withdrew")}
    low = 0
    for stage, share in SPREAD:
        reason = {"rejected": reasons["we_rejected"], "withdrawn": reasons["they_withdrew"]}.get(stage)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE candidates_application SET stage = %s, rejection_reason_id = %s "
                "WHERE position_id = %s AND id %% 100 >= %s AND id %% 100 < %s",
                [stage, reason, position.pk, low, low + share],
            )
        low += share
    assert low == 100


def main():
    from candidates.views import application_table, board
    from evaluations import ranking
    from evaluations.views import ranking_page

    with bench_world() as (hr, panel, position):
        rng = random.Random(2026)
        factory = RequestFactory()
        pages = {
            "board": (lambda request: board(request, pk=position.pk), f"/staff/positions/{position.pk}/board/"),
            "table": (lambda request: application_table(request, pk=position.pk),
                      f"/staff/positions/{position.pk}/applications/"),
            "all applications": (lambda request: application_table(request), "/staff/applications/"),
            "ranking": (lambda request: ranking_page(request, position_pk=position.pk),
                        f"/staff/positions/{position.pk}/ranking/"),
        }
        print(f"database: {connection.vendor}; median of {REPEAT} in-process requests per page; stages {SPREAD}")
        print(f"{'page':<18} {'N':>8} {'ms':>8} {'queries':>8} {'x first N':>10}")
        first: dict[str, float] = {}
        for size in SIZES:
            seed(position, panel, size, rng)
            spread(position)
            ranking.rescore(position_id=position.pk)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            for name, (view, path) in pages.items():
                def page(view=view, path=path, name=name):
                    request = factory.get(path)
                    request.user = hr
                    request.session = {}
                    response = view(request)
                    assert response.status_code == 200, (name, response.status_code)

                queries = count_queries(page)
                ms = statistics.median(timed(page) for _ in range(REPEAT)) * 1000
                first.setdefault(name, ms)
                if size == SIZES[-1] and size != SIZES[0]:
                    record("staff lists", f"{name} at {size:,} ({queries} queries)", ms, "ms",
                           ratio=ms / first[name], ratio_of=f"of {SIZES[0]:,}", goal="<= 2x of 1,000",
                           met=ms / first[name] <= 2)
                print(f"{name:<18} {size:>8} {ms:>8.1f} {queries:>8} {ms / first[name]:>10.2f}")


if __name__ == "__main__":
    main()
