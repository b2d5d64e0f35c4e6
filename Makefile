# Two entry points: `make run` (the app on SQLite, demo data, http://127.0.0.1:8000)
# and `make test` (the whole suite on PostgreSQL and Redis, started if needed).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
export PYTHONDONTWRITEBYTECODE := 1

TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/recruiting
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
TEST_CACHE_URL ?= redis://127.0.0.1:6379/14

.PHONY: run setup test lint audit services bench bench-board bench-ranking bench-lists bench-served bench-resume bench-extraction bench-email-delay mutation messages clean

# setuptools is upgraded too: the one Python 3.11 puts in a new venv (65.5) has known vulnerabilities.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip setuptools
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# A stable secret for local runs, so a restart does not log everyone out. Never committed.
.env:
	$(PYTHON) -c "import secrets; print('SECRET_KEY=' + secrets.token_urlsafe(50))" > $@

setup: $(VENV)/.installed node_modules/.installed .env

run: setup
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py seed_demo
	DEBUG=true $(PY) manage.py runserver 127.0.0.1:8000

services:
	bash scripts/services.sh

# Ruff (bugbear, complexity <= 10, simplify, Django rules), the layers between the apps (.importlinter) and
# the types of the pure rule modules (mypy.ini, with django-stubs).
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

test: setup services lint
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) CACHE_URL=$(TEST_CACHE_URL) $(PY) -m pytest --create-db --durations=25 $(PYTEST_ARGS)

# Known vulnerabilities in the installed Python packages and the npm assets (CI runs it): see scripts/audit.sh
# for what happens when an advisory service cannot be reached.
audit: setup
	bash scripts/audit.sh

# Every benchmark, then one table of their figures, ratios and goals (bench/summary.py). About 15 minutes.
bench: setup services
	rm -f var/bench-results.jsonl && mkdir -p var
	DATABASE_URL=$(TEST_DATABASE_URL) BENCH_RESULTS=var/bench-results.jsonl $(PY) bench/served.py
	DATABASE_URL=$(TEST_DATABASE_URL) BENCH_RESULTS=var/bench-results.jsonl $(PY) bench/staff_lists.py
	DATABASE_URL=$(TEST_DATABASE_URL) BENCH_RESULTS=var/bench-results.jsonl BENCH_SIZES=1000,100000 $(PY) bench/ranking.py
	BENCH_RESULTS=var/bench-results.jsonl $(PY) bench/resume_check.py
	BENCH_RESULTS=var/bench-results.jsonl $(PY) bench/summary.py

bench-board: setup services
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) bench/job_board.py

bench-ranking: setup services
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) bench/ranking.py

bench-lists: setup services
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) bench/staff_lists.py

bench-served: setup services
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) bench/served.py

bench-resume: setup
	$(PY) bench/resume_check.py

bench-extraction: setup
	$(PY) bench/extraction_memory.py

bench-email-delay: setup services
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) CACHE_URL=$(TEST_CACHE_URL) $(PY) -m pytest --create-db -p no:cacheprovider -s bench/email_delay.py

# Mutation testing of the rule modules and the reminder service (setup.cfg [mutmut] lists them and their
# tests): a score per module, the mutants no test kills, and a failure below the goal (scripts/mutation.py).
mutation: setup services
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) CACHE_URL=$(TEST_CACHE_URL) $(PY) scripts/mutation.py $(MUTATION_ARGS)

messages: setup
	$(PY) manage.py makemessages -l it -l en --no-location --no-obsolete --ignore=.venv --ignore=node_modules --ignore=mutants
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules --ignore=mutants

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
