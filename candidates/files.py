"""Résumé files kept in step with the rows that point at them.

A file is written before its row is committed and removed only after the row stops pointing
at it has been committed, so a rollback never leaves a row pointing at nothing. What a crash or
a rollback leaves behind (a file no row points at) is removed by ``remove_orphan_resumes``.
"""

from __future__ import annotations

import logging
import os
import time

from django.db import transaction

from .models import Application, private_storage

logger = logging.getLogger(__name__)
RESUME_FOLDER = "resumes"


def delete_quietly(name: str) -> None:
    try:
        private_storage.delete(name)
    except OSError:
        logger.warning("could not delete %s; the orphan sweep will retry", name, exc_info=True)


def delete_after_commit(name: str) -> None:
    if name:
        transaction.on_commit(lambda: delete_quietly(name))


def remove_orphan_resumes(*, min_age_seconds: int = 3600, now: float | None = None) -> int:
    """Delete résumé files older than `min_age_seconds` that no application points at; returns how many.

    The age keeps files of applications still being written (not yet committed) out of reach.
    """
    root = os.path.join(private_storage.location, RESUME_FOLDER)
    if not os.path.isdir(root):
        return 0
    cutoff = (now or time.time()) - min_age_seconds
    candidates = []
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            if os.path.getmtime(path) < cutoff:
                candidates.append(os.path.relpath(path, private_storage.location).replace(os.sep, "/"))
    removed = 0
    for start in range(0, len(candidates), 500):
        batch = candidates[start : start + 500]
        used = set(Application.objects.filter(resume__in=batch).values_list("resume", flat=True))
        for name in batch:
            if name not in used:
                delete_quietly(name)
                removed += 1
    return removed
