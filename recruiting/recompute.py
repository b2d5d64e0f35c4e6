"""Derived data kept in step with its inputs: 'meets requirements' and the ranking scores.

A change to what screening or ranking reads marks rows in the same transaction
(``Position.recompute_requested_at``, ``Application.rescore_requested_at``; see
``positions.services.request_recompute`` and ``candidates.services.request_rescore``) and
enqueues ``recruiting.tasks.recompute_pending`` after commit. That task, and beat every minute,
drain the marks: a broker outage or a killed worker delays the work, never loses it.

A mark is cleared only if nobody marked the row again while the work ran (the clear compares
with the newest mark it read; marks take the database's clock), so a change that lands mid-run is
picked up by the next run. Running the drain twice at once is harmless: screening and scoring are
idempotent. One position or batch that fails is logged and keeps its mark; the others go on.
"""

from __future__ import annotations

import logging

from django.db.models import Max

from candidates.models import Application
from candidates.services import position_rescreen
from evaluations import ranking
from positions.models import Position

logger = logging.getLogger(__name__)
BATCH = 500


def recompute_pending(*, max_batches: int = 100) -> dict[str, int]:
    """Drain the marks; returns how many positions and applications were recomputed."""
    positions = 0
    for position_id, marked_at in list(
        Position.objects.filter(recompute_requested_at__isnull=False).values_list("pk", "recompute_requested_at")
    ):
        try:
            position_rescreen(position_id=position_id)
            ranking.rescore(position_id=position_id)
        except Exception:
            logger.exception("re-screening position %s failed; its mark stays for the next run", position_id)
            continue
        Position.objects.filter(pk=position_id, recompute_requested_at__lte=marked_at).update(
            recompute_requested_at=None
        )
        positions += 1
    applications, failed = 0, set()
    for _ in range(max_batches):
        batch = list(
            Application.objects.filter(rescore_requested_at__isnull=False)
            .exclude(pk__in=failed)
            .order_by("rescore_requested_at", "pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        if not batch:
            break
        newest = Application.objects.filter(pk__in=batch).aggregate(newest=Max("rescore_requested_at"))["newest"]
        try:
            ranking.rescore(application_ids=batch)
        except Exception:
            logger.exception("re-scoring %d applications failed; their marks stay for the next run", len(batch))
            failed.update(batch)
            continue
        Application.objects.filter(pk__in=batch, rescore_requested_at__lte=newest).update(rescore_requested_at=None)
        applications += len(batch)
    return {"positions": positions, "applications": applications}


def pending_counts() -> dict[str, int]:
    return {
        "positions": Position.objects.filter(recompute_requested_at__isnull=False).count(),
        "applications": Application.objects.filter(rescore_requested_at__isnull=False).count(),
    }
