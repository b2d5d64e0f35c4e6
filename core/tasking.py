"""Enqueueing Celery tasks: a dead broker never fails the caller, a bug always does.

Tasks are named by dotted path and imported when called, so services can enqueue the
tasks that call them back. Only the paths in ``KNOWN_TASKS`` may be enqueued; the system
check below (``manage.py check``, run by CI and by ``runserver``) imports each of them, and
reads the project's code for every ``enqueue``/``enqueue_on_commit`` call, the beat schedule
and the queue routes, so a misspelt task path fails at start-up instead of being logged at run
time (or, for a route, silently sending a task to the wrong queue).

If the broker is down or does not answer (settings make a publish fail within half a second,
and after a timeout the process pauses publishing for a few seconds), the failure is logged
and the work waits for the periodic scan that finds what is still pending
(``send_pending_emails``, ``send_due_reminders``, ``extract_pending_resumes``).
Any other exception is a bug and propagates.
"""

import ast
import logging
from pathlib import Path
from time import monotonic

import kombu.exceptions
import redis.exceptions
from django.conf import settings
from django.core import checks
from django.db import transaction
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# Every task the code enqueues by path. A new task is added here, and `check` proves it exists.
# The project's list (recruiting/settings.py, ENQUEUED_TASKS): this bottom layer names no app's task itself.
KNOWN_TASKS = frozenset(settings.ENQUEUED_TASKS)

# What an unreachable or silent broker raises while publishing (kombu wraps most of them in
# OperationalError; redis-py's own errors and socket errors can surface unwrapped).
BROKER_ERRORS = (
    kombu.exceptions.OperationalError,
    redis.exceptions.RedisError,  # connection, timeout, and a Redis refusing writes (MISCONF, OOM, read-only)
    OSError,
)

ENQUEUE_FUNCTIONS = frozenset({"enqueue", "enqueue_on_commit"})


class UnknownTask(LookupError):
    """A task path that is not in KNOWN_TASKS: a typo or a task added without registering it."""


def _known(task_path: str) -> str:
    if task_path not in KNOWN_TASKS:
        raise UnknownTask(f"{task_path!r} is not in ENQUEUED_TASKS (recruiting/settings.py)")
    return task_path


# A broker that accepts connections but does not answer costs each publish the full socket timeout;
# after one such timeout this process stops trying for a few seconds, so a request that enqueues
# several tasks waits once, not once per task. (A refused connection fails at once: no pause.)
SILENT_BROKER_PAUSE = 5.0
_broker_silent_until = 0.0


def enqueue(task_path: str, *args) -> bool:
    """Send the task to the broker: True if it took it; if it cannot be reached, log it and carry on (False)."""
    global _broker_silent_until
    task = import_string(_known(task_path))
    if monotonic() < _broker_silent_until:
        logger.warning("did not enqueue %s%r: the broker timed out moments ago; the periodic scan will pick it up",
                       task_path, _loggable(args))
        return False
    try:
        task.delay(*args)
    except BROKER_ERRORS as error:
        if _timed_out(error):
            _broker_silent_until = monotonic() + SILENT_BROKER_PAUSE
        logger.warning("could not enqueue %s%r; the periodic scan will pick it up", task_path, _loggable(args),
                       exc_info=True)
        return False
    return True


def _loggable(args: tuple) -> tuple:
    """Ids as they are; any other argument (an e-mail address, say) is not written to the log."""
    return tuple(arg if isinstance(arg, int) else "…" for arg in args)


def _timed_out(error: BaseException | None) -> bool:
    """Whether the error (or one it wraps: kombu re-raises redis-py's) is a socket timeout."""
    for _depth in range(10):  # a chain is short; the bound only guards against a cycle
        if error is None:
            return False
        if isinstance(error, (TimeoutError, redis.exceptions.TimeoutError)):
            return True
        error = error.__cause__ or error.__context__
    return False


def enqueue_on_commit(task_path: str, *args) -> None:
    """Enqueue once the current transaction commits, so the worker sees the data.

    After the commit the data is saved and the periodic scans will find it, so an unexpected error
    while enqueueing is logged (robust) instead of turning a saved request into an error page.
    """
    _known(task_path)  # now, in the caller, rather than after the commit
    transaction.on_commit(lambda: enqueue(task_path, *args), robust=True)


# ---------------------------------------------------------------------------
# The start-up check
# ---------------------------------------------------------------------------
def _task_problem(path: str) -> str | None:
    """Why `path` cannot be sent to a worker, or None if it names a registered Celery task."""
    from celery import Task

    try:
        task = import_string(path)
    except ImportError as error:
        return f"cannot be imported ({error})"
    if not isinstance(task, Task):
        return "is not a Celery task"
    if task.name != path:
        return f"is registered as {task.name!r}, so a worker would not find it by this path"
    return None


def _project_sources() -> list[Path]:
    """The project's own modules (not tests or migrations), where tasks are enqueued."""
    from django.apps import apps

    base = Path(settings.BASE_DIR).resolve()
    sources = []
    for app_config in apps.get_app_configs():
        root = Path(app_config.path).resolve()
        if base not in root.parents:
            continue
        for path in sorted(root.rglob("*.py")):
            parts = set(path.relative_to(root).parts)
            if {"tests", "migrations"} & parts or path.name.startswith("test_") or path == Path(__file__).resolve():
                continue
            sources.append(path)
    return sources


def _enqueued_paths(source: Path):
    """(line, task path or None when not a literal) for each enqueue call in a module."""
    text = source.read_text(encoding="utf-8")
    if "enqueue" not in text:  # most modules: no need to parse them
        return
    tree = ast.parse(text, filename=str(source))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in ENQUEUE_FUNCTIONS or not node.args:
            continue
        first = node.args[0]
        literal = first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) else None
        yield node.lineno, literal


def check_task_paths(sources=None) -> list[checks.CheckMessage]:
    """Errors for every task path that would not reach a worker: calls in the code, their registry, beat.

    A KNOWN_TASKS entry that no call uses and that no longer exists is only a warning: it cannot
    fail at run time, it is just to be removed.
    """
    messages, used = [], set()
    for source in _project_sources() if sources is None else sources:
        for line, path in _enqueued_paths(Path(source)):
            where = f"{source}:{line}"
            if path is None:
                messages.append(
                    checks.Error(
                        f"{where}: the task path is not a string literal, so it cannot be checked.",
                        hint="Pass the dotted path as a literal string.",
                        id="core.E102",
                    )
                )
            elif path not in KNOWN_TASKS:
                messages.append(
                    checks.Error(
                        f"{where}: unknown task {path!r}.",
                        hint="Fix the path, or add the task to ENQUEUED_TASKS in recruiting/settings.py.",
                        id="core.E103",
                    )
                )
            else:
                used.add(path)
    for path in sorted(KNOWN_TASKS):
        problem = _task_problem(path)
        if problem and path in used:
            messages.append(
                checks.Error(f"KNOWN_TASKS entry {path!r} {problem}.", obj="core.tasking", id="core.E101")
            )
        elif problem:
            messages.append(
                checks.Warning(
                    f"KNOWN_TASKS entry {path!r} {problem}; nothing enqueues it.",
                    hint="Remove it from ENQUEUED_TASKS in recruiting/settings.py.",
                    id="core.W101",
                )
            )
    for name, entry in getattr(settings, "CELERY_BEAT_SCHEDULE", {}).items():
        problem = _task_problem(entry["task"])
        if problem:
            messages.append(
                checks.Error(
                    f"CELERY_BEAT_SCHEDULE[{name!r}]: task {entry['task']!r} {problem}.", id="core.E104"
                )
            )
    return messages + check_task_routes()


def check_task_routes() -> list[checks.CheckMessage]:
    """A misspelt route sends nothing where it should: its task silently stays on the default queue,
    or goes to a queue no worker started with the documented -Q options consumes."""
    messages = []
    queues = {queue.name for queue in getattr(settings, "CELERY_TASK_QUEUES", None) or ()}
    for path, route in getattr(settings, "CELERY_TASK_ROUTES", {}).items():
        problem = _task_problem(path)
        if problem:
            messages.append(checks.Error(f"CELERY_TASK_ROUTES[{path!r}]: the task {problem}.", id="core.E105"))
        if route.get("queue") not in queues:
            messages.append(
                checks.Error(
                    f"CELERY_TASK_ROUTES[{path!r}]: queue {route.get('queue')!r} is not in CELERY_TASK_QUEUES.",
                    hint="Use one of " + ", ".join(sorted(queues)) + ".",
                    id="core.E106",
                )
            )
    return messages


@checks.register()
def task_paths_check(app_configs, **kwargs):
    return check_task_paths()
