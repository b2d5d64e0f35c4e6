"""Enqueueing Celery tasks without ever failing the caller.

Tasks are named by dotted path and imported when called, so services can enqueue the
tasks that call them back. If the broker is down, the failure is logged and the work
waits for the periodic scan that finds what is still pending.
"""

import logging

from django.db import transaction
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def enqueue(task_path: str, *args) -> None:
    try:
        import_string(task_path).delay(*args)
    except Exception:
        logger.warning("could not enqueue %s%r; the periodic scan will pick it up", task_path, args, exc_info=True)


def enqueue_on_commit(task_path: str, *args) -> None:
    """Enqueue once the current transaction commits, so the worker sees the data."""
    transaction.on_commit(lambda: enqueue(task_path, *args))
