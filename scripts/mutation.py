"""Mutation testing of the rule modules and the reminder service: `make mutation`.

setup.cfg [mutmut] names the modules (pure_modules, service_modules) and the tests. This script:

1. checks that every listed file exists;
2. runs the listed tests once on a fresh test database, which must pass, and copies that database
   for every other mutant tested at the same time (see mutation_plugin.py);
3. runs mutmut on a fresh ./mutants;
4. prints, per module, its mutants and what became of them, the score and the goal, then every
   mutant not killed as file:line with the line before and after the mutation;
5. removes ./mutants, the test databases and their lock files (--keep leaves them, for
   `mutmut browse` and `mutmut show NAME`).

A module's score is the share of its mutants that the tests killed: a test failed, or the tests ran
past mutmut's time limit. A mutant that no listed test reaches counts against it, like a survivor.
mutmut mutates neither decorated functions (a @property, for example) nor code outside functions.

Exit status: 0 when every module reaches its goal, 1 when one does not, 2 when the run fails.
"""

from __future__ import annotations

import argparse
import ast
import configparser
import itertools
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import environ
import psycopg2
from mutation_plugin import is_slot_database, lock_path, slot_database

PURE_GOAL = 90.0
SERVICE_GOAL = 85.0

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
DETECTED = {"killed", "timeout"}
COLUMNS = ("killed", "survived", "no tests", "timeout", "other")
# The app logs at WARNING. At INFO, mutmut's fork server logs through the app's console handler, on a
# stream mutmut has closed by then: a traceback in the middle of the output.
ENVIRONMENT = {**os.environ, "LOG_LEVEL": "WARNING"}


@dataclass
class Mutant:
    name: str
    status: str
    line: int = 0
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)


@dataclass
class Module:
    path: str
    goal: float
    source: str = ""  # as mutmut copied it: the file may change while the mutants run
    mutants: list[Mutant] = field(default_factory=list)

    @property
    def score(self) -> float:
        detected = sum(mutant.status in DETECTED for mutant in self.mutants)
        return 100.0 * detected / len(self.mutants) if self.mutants else 100.0


@dataclass
class Config:
    modules: list[Module]
    tests: list[str]
    pytest_args: list[str]


def read_config() -> Config:
    parser = configparser.ConfigParser()
    parser.read(ROOT / "setup.cfg")
    section = parser["mutmut"]
    modules = [
        Module(path, goal)
        for key, goal in (("pure_modules", PURE_GOAL), ("service_modules", SERVICE_GOAL))
        for path in section[key].split()
    ]
    return Config(modules, section["pytest_add_cli_args_test_selection"].split(), section["pytest_add_cli_args"].split())


def check_paths(config: Config) -> None:
    paths = [module.path for module in config.modules] + [test.split("::")[0] for test in config.tests]
    missing = [path for path in paths if not (ROOT / path).is_file()]
    if missing:
        sys.exit("setup.cfg [mutmut] names files that do not exist: " + ", ".join(missing))


def database_name() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must name a PostgreSQL database (make mutation passes TEST_DATABASE_URL)")
    return environ.Env.db_url_config(url)["NAME"]


@contextmanager
def server_cursor():
    """A cursor on the server's maintenance database, outside any transaction (for CREATE and DROP DATABASE)."""
    url = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    connection = psycopg2.connect(
        dbname="postgres", user=url["USER"], password=url["PASSWORD"], host=url["HOST"], port=url["PORT"] or 5432
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            yield cursor
    finally:
        connection.close()


def prepare_databases(name: str, config: Config, slots: int) -> None:
    """Slot 0's test database from a run of the tests (which must pass), copied for the other slots."""
    print(f"Running the {len(config.tests)} test files on a fresh test database…", flush=True)
    command = [sys.executable, "-m", "pytest", "--create-db", *config.pytest_args, "-q", "--no-header", *config.tests]
    if subprocess.run(command, cwd=ROOT, env=ENVIRONMENT).returncode:
        sys.exit(2)
    template = slot_database(name, 0)
    with server_cursor() as cursor:
        for slot in range(1, slots):
            cursor.execute(f'DROP DATABASE IF EXISTS "{slot_database(name, slot)}"')
            cursor.execute(f'CREATE DATABASE "{slot_database(name, slot)}" TEMPLATE "{template}"')


def drop_databases(name: str) -> None:
    with server_cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database")
        for (database,) in cursor.fetchall():
            if is_slot_database(name, database):
                cursor.execute(f'DROP DATABASE "{database}"')
                lock_path(database).unlink(missing_ok=True)


def run_mutmut(modules: list[Module], children: int) -> None:
    shutil.rmtree(MUTANTS, ignore_errors=True)
    for module in modules:
        module.source = (ROOT / module.path).read_text()
    command = [str(Path(sys.executable).with_name("mutmut")), "run", "--max-children", str(children)]
    if subprocess.run(command, cwd=ROOT, env=ENVIRONMENT).returncode:
        sys.exit(2)
    print()


def read_results(module: Module) -> None:
    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.stats import status_by_exit_code

    data = SourceFileMutationData(path=module.path)
    data.load()
    module.mutants = [Mutant(name, status_by_exit_code[code]) for name, code in data.exit_code_by_key.items()]


def function_node(tree: ast.Module, name: str, class_name: str | None) -> ast.FunctionDef | ast.AsyncFunctionDef:
    scope: ast.AST = tree
    if class_name:
        scope = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == class_name)
    functions = (node for node in ast.iter_child_nodes(scope) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)))
    return next(node for node in functions if node.name == name)


def locate(module: Module, mutant: Mutant) -> None:
    """The file line of the mutation and the lines before and after it, from mutmut's diff of the function.

    The diff's first hunk (the changed lines and up to three lines around them) is found in the function's
    lines of the file, comments above it included.
    """
    from mutmut.mutation.diff_apply import get_diff_for_mutant
    from mutmut.utils.format_utils import orig_function_and_class_names_from_key

    diff = get_diff_for_mutant(mutant.name, path=module.path).splitlines()
    hunk = list(itertools.takewhile(lambda line: not line.startswith("@@"), diff[3:]))  # after ---, +++ and @@
    original = [line[1:].strip() for line in hunk if not line.startswith("+")]
    context_before = next(i for i, line in enumerate(hunk) if line.startswith(("-", "+")))
    node = function_node(ast.parse(module.source), *orig_function_and_class_names_from_key(mutant.name))
    lines = [line.strip() for line in module.source.splitlines()]
    first = min([decorator.lineno for decorator in node.decorator_list] + [node.lineno]) - 1
    while first and lines[first - 1].startswith("#"):
        first -= 1
    start = next(i for i in range(first, node.end_lineno or node.lineno) if lines[i : i + len(original)] == original)
    mutant.line = start + context_before + 1
    mutant.removed = [line[1:].strip() for line in hunk if line.startswith("-")]
    mutant.added = [line[1:].strip() for line in hunk if line.startswith("+")]


def print_table(modules: list[Module]) -> None:
    width = max(len(module.path) for module in modules)
    print(f"{'module':<{width}}  mutants  " + "  ".join(COLUMNS) + "   score   goal")
    for module in modules:
        counts = Counter(m.status if m.status in COLUMNS else "other" for m in module.mutants)
        figures = "  ".join(f"{counts[column]:>{len(column)}}" for column in COLUMNS)
        verdict = "" if module.score >= module.goal else "  below the goal"
        print(f"{module.path:<{width}}  {len(module.mutants):>7}  {figures}  {module.score:5.1f} %  {module.goal:3.0f} %{verdict}")


def print_untested(module: Module) -> None:
    """One line a function that no listed test calls, rather than one a mutant."""
    from mutmut.utils.format_utils import orig_function_and_class_names_from_key

    tree = ast.parse(module.source)
    untested = Counter(
        orig_function_and_class_names_from_key(mutant.name) for mutant in module.mutants if mutant.status == "no tests"
    )
    for (function, class_name), count in sorted(untested.items(), key=lambda item: function_node(tree, *item[0]).lineno):
        name = f"{class_name}.{function}" if class_name else function
        print(f"  {module.path}:{function_node(tree, function, class_name).lineno}  no tests  {name}(): {count} mutants")


def print_not_killed(modules: list[Module]) -> None:
    for module in modules:
        not_killed = [mutant for mutant in module.mutants if mutant.status not in DETECTED]
        if not not_killed:
            continue
        print(f"\n{module.path}: {len(not_killed)} not killed")
        print_untested(module)
        left = [mutant for mutant in not_killed if mutant.status != "no tests"]
        for mutant in left:
            locate(module, mutant)
        for mutant in sorted(left, key=lambda m: (m.line, m.name)):
            print(f"  {module.path}:{mutant.line}  {mutant.status}  {mutant.name}")
            for text in mutant.removed:
                print(f"      - {text}")
            for text in mutant.added:
                print(f"      + {text}")


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--max-children", type=int, default=os.cpu_count() or 2, help="mutants tested at once")
    arguments.add_argument("--keep", action="store_true", help="leave ./mutants and the test databases")
    options = arguments.parse_args()
    os.chdir(ROOT)
    config = read_config()
    check_paths(config)
    name = database_name()
    started = time.monotonic()
    try:
        prepare_databases(name, config, options.max_children)
        run_mutmut(config.modules, options.max_children)
        for module in config.modules:
            read_results(module)
        if any(mutant.status == "not checked" for module in config.modules for mutant in module.mutants):
            print("mutmut left mutants unchecked: the run did not finish")
            return 2
        print_table(config.modules)
        print_not_killed(config.modules)
    finally:
        if not options.keep:
            shutil.rmtree(MUTANTS, ignore_errors=True)
            drop_databases(name)
    print(f"\n{(time.monotonic() - started) / 60:.1f} minutes, {options.max_children} mutants at once")
    return int(any(module.score < module.goal for module in config.modules))


if __name__ == "__main__":
    sys.exit(main())
