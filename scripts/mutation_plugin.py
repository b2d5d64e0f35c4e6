"""pytest plugin for the mutation runs (setup.cfg [mutmut] loads it; `make mutation` runs them).

mutmut tests up to one mutant per core at once, each in its own process. For those runs:

- Each process takes its own test database, ``test_<name>_mutation<n>``: n is the lowest slot no
  other process holds (a lock file in the temporary directory, held until the process ends). A
  transactional test commits rows; in a shared database another mutant's tests would see them.
- Passwords are hashed with MD5: the default hasher costs most of a second a user, and most tests
  make two or three users.
- Hypothesis draws the same examples on every run, with no deadline, so a busy machine neither
  changes a verdict nor fails a test on time.
- Tests without a database run first (pytest-django runs them last): a mutant that a table test
  kills then costs neither the database set-up nor the slower tests.

Collection alone (mutmut's warm-up) needs no database and takes no slot.
"""

from __future__ import annotations

import fcntl
import itertools
import re
import tempfile
from pathlib import Path
from typing import IO

import pytest

_held: tuple[str, IO[str]] | None = None


def slot_database(name: str, slot: int) -> str:
    """The test database of one slot, for the database called ``name``."""
    return f"test_{name}_mutation{slot}"


def is_slot_database(name: str, database: str) -> bool:
    return re.fullmatch(rf"test_{re.escape(name)}_mutation\d+", database) is not None


def lock_path(database: str) -> Path:
    return Path(tempfile.gettempdir()) / f"{database}.lock"


def _take_slot(name: str) -> str:
    """The test database of the lowest slot no other process holds; held until this process ends."""
    global _held
    if _held is None:
        for slot in itertools.count():
            database = slot_database(name, slot)
            # Held open, and so locked, until the process ends.
            lock = open(lock_path(database), "w")  # noqa: SIM115
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                lock.close()
                continue
            _held = database, lock
            break
    return _held[0]


def pytest_configure(config):
    from django.conf import settings
    from django.contrib.auth import hashers
    from hypothesis import HealthCheck
    from hypothesis import settings as hypothesis_settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    hashers.get_hashers.cache_clear()
    hashers.get_hashers_by_algorithm.cache_clear()
    hypothesis_settings.register_profile(
        "mutation", derandomize=True, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
    )
    hypothesis_settings.load_profile("mutation")

    database = settings.DATABASES["default"]
    if config.option.collectonly or database["ENGINE"] != "django.db.backends.postgresql":
        return
    database.setdefault("TEST", {})["NAME"] = _take_slot(database["NAME"])


def _uses_database(item: pytest.Item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    return item.get_closest_marker("django_db") is not None or bool(fixtures & {"db", "transactional_db", "live_server"})


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=_uses_database)  # stable: the database tests keep pytest-django's order
