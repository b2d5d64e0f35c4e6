"""Job board benchmark: query count and response time as open positions grow.

Run with `make bench` (PostgreSQL). It creates a throw-away test database, seeds
N positions, and prints per-request figures and their ratio to the smallest N.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruiting.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "100,1000,10000").split(",")]
REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))
URLS = ["/jobs/", "/jobs/?q=clerk", "/jobs/?function=accounting&page=3", "/jobs/feed.xml"]


def seed(total):
    from positions.models import Duty, Position, PositionSkill, Skill

    have = Position.objects.count()
    now = timezone.now()
    skill, _ = Skill.objects.get_or_create(name="Microsoft Excel")
    batch = [
        Position(
            title=f"Accounts clerk {i}", slug=f"accounts-clerk-{i}", function=["accounting", "records", "office"][i % 3],
            location=["Milano", "Roma", "Torino", "Bologna"][i % 4], summary="Supplier invoices and payments.",
            education_min=2, experience_min_years=2, pay_min=24000, pay_max=30000, status="open", published_at=now,
        )
        for i in range(have, total)
    ]
    created = Position.objects.bulk_create(batch, batch_size=2000)
    Duty.objects.bulk_create([Duty(position=p, description="Record invoices") for p in created], batch_size=2000)
    PositionSkill.objects.bulk_create([PositionSkill(position=p, skill=skill) for p in created], batch_size=2000)


def measure(client, url):
    timings = []
    queries = []
    with connection.execute_wrapper(lambda execute, sql, params, many, context: queries.append(sql) or execute(sql, params, many, context)):
        client.get(url)
    for _ in range(REPEAT):
        start = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200
    return len(queries), statistics.median(timings) * 1000


def main():
    setup_test_environment()
    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        client = Client()
        baseline = {}
        print(f"database: {connection.vendor}; median of {REPEAT} requests each")
        print(f"{'positions':>10} {'url':<36} {'queries':>7} {'ms':>8} {'x smallest N':>13}")
        for size in SIZES:
            seed(size)
            for url in URLS:
                queries, ms = measure(client, url)
                base = baseline.setdefault(url, ms)
                print(f"{size:>10} {url:<36} {queries:>7} {ms:>8.1f} {ms / base:>13.2f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
