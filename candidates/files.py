"""Résumé files kept in step with the rows that point at them.

A file is written before its row is committed and removed only after the row stops pointing
at it has been committed, so a rollback never leaves a row pointing at nothing. What a crash or
a rollback leaves behind (a file no row points at) is removed by ``remove_orphan_resumes``.

Résumés kept between two tries of the apply form (the stash) live under ``pending/`` on this node's disk
(even when résumés are in object storage), within
bounds per client address (an IPv6 client by its /64) and in all, and are purged an hour after
they were last sent (``purge_stash``).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import time
import uuid
from collections.abc import Iterator

from django.conf import settings
from django.db import transaction
from django.utils.crypto import salted_hmac

from core.addresses import counted_address

from .models import Application, local_private_storage, private_storage

logger = logging.getLogger(__name__)
RESUME_FOLDER = "resumes"


def delete_quietly(name: str, *, storage=private_storage) -> None:
    try:
        storage.delete(name)
    except Exception:  # a disk or an object store that fails: the sweeps try again later
        logger.warning("could not delete %s; the orphan sweep will retry", name, exc_info=True)


def delete_after_commit(name: str) -> None:
    if name:
        transaction.on_commit(lambda: delete_quietly(name))


def _resume_files() -> Iterator[tuple[str, float]]:
    """(storage name, modified timestamp) of every résumé file, on disk or in the object store."""
    if settings.OBJECT_STORAGE:
        from . import object_storage

        yield from object_storage.listing(private_storage, RESUME_FOLDER)
        return
    root = os.path.join(private_storage.location, RESUME_FOLDER)
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            with contextlib.suppress(FileNotFoundError):
                yield os.path.relpath(path, private_storage.location).replace(os.sep, "/"), os.path.getmtime(path)


def remove_orphan_resumes(*, min_age_seconds: int = 3600, now: float | None = None) -> int:
    """Delete résumé files older than `min_age_seconds` that no application points at; returns how many.

    The age keeps files of applications still being written (not yet committed) out of reach.
    """
    cutoff = (now or time.time()) - min_age_seconds
    candidates = [name for name, modified in _resume_files() if modified < cutoff]
    removed = 0
    for start in range(0, len(candidates), 500):
        batch = candidates[start : start + 500]
        used = set(Application.objects.filter(resume__in=batch).values_list("resume", flat=True))
        for name in batch:
            if name not in used:
                delete_quietly(name)
                removed += 1
    return removed


# ---------------------------------------------------------------------------
# The stash: résumés kept for a form sent back with another error
# ---------------------------------------------------------------------------
# A kept file is named pending/<address>-<form>-<random>.<ext>: <address> is a keyed hash of the
# client address as counted (``counted_address``) and <form> one of the form's submission token, so
# the bounds below are counted from the files themselves. No cache is involved: the bounds hold the
# same with Redis down, and the address itself is never written anywhere.
STASH_FOLDER = "pending"
_HASH_LENGTH = 16
_LOCK_NAME = ".lock"


def _key(kind: str, value: str) -> str:
    return salted_hmac(f"candidates.resume-stash.{kind}", value).hexdigest()[:_HASH_LENGTH]


def _stash_root() -> str:
    return os.path.join(local_private_storage.location, STASH_FOLDER)


@contextlib.contextmanager
def _stash_lock(root: str):
    """One writer at a time in the stash: two requests cannot both take the last place, and a file
    being kept again is not purged between the check of its age and the refresh of it."""
    with open(os.path.join(root, _LOCK_NAME), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _kept_files(root: str):
    """(name, size, modified) of each kept file; a file removed meanwhile is skipped."""
    with os.scandir(root) as entries:
        for entry in entries:
            if entry.name == _LOCK_NAME or not entry.is_file(follow_symlinks=False):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue
            yield entry.name, info.st_size, info.st_mtime


def stash_keep(data: bytes, *, extension: str, address: str, form: str, replaces: str = "") -> str | None:
    """Keep a résumé for the next try of one form; its storage name, or None if a bound says no.

    Bounds (settings): RESUME_STASH_PER_ADDRESS files per client address, RESUME_STASH_MAX_FILES
    and RESUME_STASH_MAX_BYTES in all, each kept at most RESUME_STASH_MAX_AGE seconds. The form's
    earlier file (the same submission token, or `replaces`) is replaced, never added to.
    """
    root = _stash_root()
    os.makedirs(root, exist_ok=True)
    prefix = f"{_key('address', counted_address(address))}-"
    same_form = f"{prefix}{_key('form', form)}-"
    replaced = os.path.basename(replaces) if replaces.startswith(f"{STASH_FOLDER}/") else ""
    cutoff = time.time() - settings.RESUME_STASH_MAX_AGE
    with _stash_lock(root):
        kept, old = [], []
        for name, size, modified in _kept_files(root):
            if modified < cutoff or name.startswith(same_form) or name == replaced:
                old.append(name)
            else:
                kept.append((name, size))
        from_address = sum(name.startswith(prefix) for name, _size in kept)
        total = sum(size for _name, size in kept) + len(data)
        if (
            from_address >= settings.RESUME_STASH_PER_ADDRESS
            or len(kept) >= settings.RESUME_STASH_MAX_FILES
            or total > settings.RESUME_STASH_MAX_BYTES
        ):
            logger.info("résumé not kept: stash bounds reached (%d from this address, %d files, %d bytes)",
                        from_address, len(kept), total - len(data))
            return None
        name = f"{same_form}{uuid.uuid4().hex}.{extension}"
        with open(os.path.join(root, name), "xb") as handle:
            handle.write(data)
        for stale in old:
            delete_quietly(f"{STASH_FOLDER}/{stale}", storage=local_private_storage)
    return f"{STASH_FOLDER}/{name}"


def stash_refresh(name: str) -> bool:
    """Start a kept résumé's hour again (the same file was sent with the form once more); False if it is gone.

    Its new token says it is kept for RESUME_STASH_MAX_AGE: the file must stay that long too.
    """
    root = _stash_root()
    if not name.startswith(f"{STASH_FOLDER}/") or not os.path.isdir(root):
        return False
    with _stash_lock(root):
        try:
            os.utime(os.path.join(root, os.path.basename(name)))
        except FileNotFoundError:
            return False
    return True


def purge_stash(*, max_age_seconds: int | None = None, now: float | None = None) -> int:
    """Delete kept résumés older than `max_age_seconds` (RESUME_STASH_MAX_AGE); returns how many."""
    root = _stash_root()
    if not os.path.isdir(root):
        return 0
    age = settings.RESUME_STASH_MAX_AGE if max_age_seconds is None else max_age_seconds
    cutoff = (now or time.time()) - age
    removed = 0
    with _stash_lock(root):
        for name, _size, modified in list(_kept_files(root)):
            if modified < cutoff:
                delete_quietly(f"{STASH_FOLDER}/{name}", storage=local_private_storage)
                removed += 1
    return removed
