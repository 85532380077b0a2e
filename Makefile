# somevakt — `make run` starts the embedded installation, `make test` checks everything.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PORT ?= 8000

.PHONY: run setup test lint format messages bench-ingest bench-screening bench-outbox bench-archive-render bench-webhook bench-export bench-reports load faults report-shots clean fuzz fuzz-api

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

setup: $(VENV)/.installed
	$(MANAGE) migrate --no-input
	$(MANAGE) policy load
	$(MANAGE) demo setup

run: setup
	@echo "somevakt: http://127.0.0.1:$(PORT)/  (Ctrl-C stops web, worker and demo traffic)"
	PORT=$(PORT) $(VENV)/bin/honcho --no-prefix start -f Procfile 2>&1 || true

test: $(VENV)/.installed lint
	$(MANAGE) makemigrations --check --dry-run --no-input
	$(MANAGE) check
	$(PY) -m pytest somevakt conftest.py

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy somevakt/*/services.py

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(VENV)/.installed
	cd somevakt && ../$(PY) ../manage.py makemessages -l nb --no-obsolete && ../$(PY) ../manage.py compilemessages -l nb

bench-ingest: $(VENV)/.installed
	$(PY) bench/ingest.py

bench-screening: $(VENV)/.installed
	$(PY) bench/screening.py

# 1,000 approved deletions, the worker killed midway: each carried out exactly once.
bench-outbox: $(VENV)/.installed
	$(PY) bench/outbox_kill.py

# 100,000 journalposter exported as a Noark 5 deposit, streaming versus one lxml tree.
bench-export: $(VENV)/.installed
	$(PY) bench/export.py

bench-archive-render: $(VENV)/.installed
	$(PY) bench/archive_render.py

# 10,000 signed Facebook webhook deliveries to gunicorn on PostgreSQL: rate, p50/p99, and
# exactly the expected items once ingested (BENCH_WEBHOOK_DATABASE_URL names the database).
bench-webhook: $(VENV)/.installed
	$(PY) bench/webhook.py

# A crisis surge on the production layout (gunicorn, PostgreSQL with the pool, RQ on a private
# Redis) with 1, 2 and 4 workers: events/s, lag p50/p99, lost = 0, queue depth as a PNG
# (LOAD_SECONDS=10 for a short run; LOAD_RATE, LOAD_WORKERS, LOAD_MAX_EVENTS).
load: $(VENV)/.installed
	$(PY) bench/load.py

# The surge again, with faults: kill -9 of a worker and of a web process, PostgreSQL and
# Redis restarts, a platform failing for a minute; recovery time and lost = 0 after each.
# It restarts the machine's PostgreSQL cluster once (others using it notice a blip).
faults: $(VENV)/.installed
	$(PY) bench/faults.py

# The reports overview with one million items (database built once under var/).
bench-reports: $(VENV)/.installed
	$(PY) bench/reports.py

# PNGs of the reports overview and of the weekly PDF's first page (SHOTS=dir).
report-shots: $(VENV)/.installed
	$(PY) bench/report_shots.py $(if $(SHOTS),--out $(SHOTS))

# The property tests (webhook parsers, policy loader, file imports) with 5,000 examples each.
fuzz: $(VENV)/.installed
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -q somevakt -k "fuzz and not api_fuzz" --hypothesis-show-statistics

# Schemathesis against the REST API's OpenAPI schema, logged in: 10,000 cases, no 500.
fuzz-api: $(VENV)/.installed
	SOMEVAKT_FUZZ_API_CASES=$(or $(CASES),10000) $(PY) -m pytest -q somevakt/core/tests/test_api_fuzz.py

clean:
	rm -rf $(VENV) var
