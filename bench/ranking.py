"""Ranking benchmark on PostgreSQL: rescore throughput, ranking-page latency and query count as N grows.

Run with `make bench-ranking`. For each N it seeds one position (5% of applicants
interviewed by two interviewers) in a throw-away database and prints:
  (a) full-rescore time, for the first scoring and after the weights are edited (every score changes and its
      change is recorded), each against the floor: a bare UPDATE … SET total = total of the same rows (median
      of three);
  (b) the ranking page's median latency for the top 50 and its ratio to a minimal
      view rendering 50 rows of the same table in the same site layout (base.html);
  (c) the ranking page's query count.
"""

import contextlib
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruiting.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import (
    Template,  # noqa: E402
    engines,  # noqa: E402
)
from django.test import RequestFactory  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results import record  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "1000,10000,100000").split(",")]
REPEAT = int(os.environ.get("BENCH_REPEAT", "41"))
# The baseline: the same site layout (base.html) around 50 rows of the same table, nothing else.
MINIMAL = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}<table>{% for s in scores %}<tr>'
    "<td>{{ s.application.candidate.first_name }} {{ s.application.candidate.last_name }}</td>"
    "<td>{{ s.skills }}</td><td>{{ s.background }}</td><td>{{ s.interpersonal }}</td><td>{{ s.total }}</td></tr>"
    "{% endfor %}</table>{% endblock %}"
)


def minimal_view(request, position_pk):
    from evaluations.models import ApplicationScore

    scores = (
        ApplicationScore.objects.filter(position_id=position_pk)
        .select_related("application__candidate")
        .order_by("-total", "application_id")[:50]
    )
    return HttpResponse(MINIMAL.render({"scores": scores}, request))


def seed(position, panel, total, rng):
    from candidates.models import Application, Candidate
    from evaluations.models import Interview, Rating, Scorecard
    from evaluations.scorecards import scorecard_criteria

    have = Application.objects.filter(position=position).count()
    count = total - have
    if count <= 0:
        return
    now = timezone.now()
    candidates = Candidate.objects.bulk_create(
        [
            Candidate(first_name=f"Nome{i}", last_name=f"Cognome{i}", email=f"c{i}@example.invalid",
                      email_normalized=f"c{i}@example.invalid")
            for i in range(have, total)
        ],
        batch_size=5000,
    )
    skills = list(position.position_skills.values_list("skill_id", "skill__name"))
    texts = ["Contabilità fornitori, SAP, Excel", "Excel e archivio", "Payroll", "SAP", ""]
    applications = Application.objects.bulk_create(
        [
            Application(
                candidate=c, position=position, education_level=rng.randint(1, 6), years_experience=rng.randint(0, 15),
                resume=f"resumes/bench/{c.pk}.pdf", resume_name="cv.pdf", resume_text=rng.choice(texts),
                resume_text_status="extracted", privacy_acknowledged_at=now, privacy_notice_version="bench",
                submission_token=uuid.uuid4(), meets_requirements=rng.random() < 0.5,
            )
            for c in candidates
        ],
        batch_size=5000,
    )
    through = Application.declared_skills.through
    through.objects.bulk_create(
        [through(application_id=a.pk, skill_id=s) for a in applications for s, _n in skills if rng.random() < 0.5],
        batch_size=10000,
    )
    interviewed = applications[: max(1, len(applications) // 20)]
    interviews = Interview.objects.bulk_create(
        [Interview(application=a, starts_at=now, duration_minutes=45, location="bench") for a in interviewed],
        batch_size=5000,
    )
    Interview.interviewers.through.objects.bulk_create(
        [Interview.interviewers.through(interview_id=i.pk, user_id=u.pk) for i in interviews for u in panel],
        batch_size=10000,
    )
    scorecards = Scorecard.objects.bulk_create(
        [Scorecard(interview=i, interviewer=u, status="submitted", recommendation="yes", submitted_at=now)
         for i in interviews for u in panel],
        batch_size=5000,
    )
    criteria = scorecard_criteria(position)
    Rating.objects.bulk_create(
        [Rating(scorecard=s, group=g, criterion=k, label=label, score=rng.randint(1, 4)) for s in scorecards for g, k, label in criteria],
        batch_size=10000,
    )


def bare_update(position):
    """The floor: every stored score of the position rewritten as it is, in one statement."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE evaluations_applicationscore SET total = total WHERE position_id = %s", [position.pk])


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


@contextlib.contextmanager
def bench_world():
    """A throw-away database with roles, an HR user, a panel of two and one position (hr, panel, position)."""
    from django.apps import apps
    from django.contrib.auth import get_user_model

    from core.roles import sync_roles
    from positions.models import Competency
    from positions.tests.factories import OpenPositionFactory

    render = Template._render
    setup_test_environment()
    # ...but render templates as a server does: the test environment's hook on every render (for
    # assertTemplateUsed) costs each include, and a page with several would pay more than the baseline.
    Template._render = render
    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    if connection.vendor != "postgresql":
        print("This benchmark is meant for PostgreSQL: set DATABASE_URL.")
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        sync_roles(apps)
        User = get_user_model()
        hr = User.objects.create_superuser("bench-hr", "hr@example.invalid", "x")
        panel = [User.objects.create_user(f"bench-i{i}", f"i{i}@example.invalid", "x") for i in range(2)]
        position = OpenPositionFactory(title="Bench clerk", skills=["SAP", "Excel", "Contabilità fornitori", "Payroll"])
        position.competencies.set(Competency.objects.all()[:4])
        yield hr, panel, position
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def count_queries(fn) -> int:
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        fn()
    return len(queries)


def main():
    from evaluations import ranking
    from evaluations.views import ranking_page

    with bench_world() as (hr, panel, position):
        rng = random.Random(2026)
        factory = RequestFactory()
        print(f"database: {connection.vendor}; median of {REPEAT} page requests, interleaved with the minimal page; 5% of applicants interviewed by 2")
        print(f"{'N':>8} {'rescore s':>10} {'apps/s':>9} {'reweigh s':>10} {'floor s':>8} {'x first':>8} {'x reweigh':>9} "
              f"{'page ms':>8} {'minimal ms':>10} {'x min':>6} {'queries':>8}")
        for size in SIZES:
            seed(position, panel, size, rng)
            rescore_seconds = timed(lambda: ranking.rescore(position_id=position.pk))
            # A full rescore as HR causes one: the weights edited, every stored score changes and its change is
            # recorded (score history) — every row rewritten, as the floor rewrites them.
            position.score_weight_skills, position.score_weight_background = (
                (50, 20) if position.score_weight_skills != 50 else (40, 30)
            )
            position.save(update_fields=["score_weight_skills", "score_weight_background"])
            reweigh_seconds = timed(lambda: ranking.rescore(position_id=position.pk))
            floor_seconds = statistics.median(timed(lambda: bare_update(position)) for _ in range(3))
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

            def page():
                request = factory.get(f"/staff/positions/{position.pk}/ranking/")
                request.user, request.session = hr, SessionStore()  # as the middleware would have them
                response = ranking_page(request, position_pk=position.pk)
                assert response.status_code == 200

            def minimal():
                request = factory.get("/minimal/")
                request.user = hr
                minimal_view(request, position.pk)

            queries = count_queries(page)
            # Interleaved, so that both meet the machine in the same state.
            pages, minimals = [], []
            for _ in range(REPEAT):
                pages.append(timed(page))
                minimals.append(timed(minimal))
            page_ms, minimal_ms = statistics.median(pages) * 1000, statistics.median(minimals) * 1000
            if size == SIZES[-1]:
                record("ranking", f"full rescore of {size:,} (first scoring)", rescore_seconds, "s",
                       ratio=rescore_seconds / floor_seconds, ratio_of="of bare UPDATE", goal="<= 3x",
                       met=rescore_seconds / floor_seconds <= 3)
                record("ranking", f"full rescore of {size:,} (weights edited, history kept)", reweigh_seconds, "s",
                       ratio=reweigh_seconds / floor_seconds, ratio_of="of bare UPDATE", goal="<= 3x",
                       met=reweigh_seconds / floor_seconds <= 3)
                record("ranking", f"ranking page at {size:,} ({queries} queries)", page_ms, "ms",
                       ratio=page_ms / minimal_ms, ratio_of="of minimal 50 rows", goal="<= 1.5x",
                       met=page_ms / minimal_ms <= 1.5)
            print(f"{size:>8} {rescore_seconds:>10.2f} {size / rescore_seconds:>9.0f} {reweigh_seconds:>10.2f} "
                  f"{floor_seconds:>8.2f} {rescore_seconds / floor_seconds:>8.1f} {reweigh_seconds / floor_seconds:>9.1f} "
                  f"{page_ms:>8.1f} {minimal_ms:>10.1f} "
                  f"{page_ms / minimal_ms:>6.2f} {queries:>8}")


if __name__ == "__main__":
    main()
