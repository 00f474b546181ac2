# Twoway: `make demo` runs a demo organisation, `make test` runs lint and the suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_PEOPLE ?= 600
DEMO_SEED ?= 42
# mypy's Django plugin loads the settings; these are the test suite's own values
# (given on the command line, they win over a developer's .env).
MYPY_ENV := DEBUG=false SECRET_KEY=test-only-secret-key-not-for-production-0123456789abcdef \
	FIELD_ENCRYPTION_KEYS=dGVzdC1vbmx5LWtleS10ZXN0LW9ubHkta2V5LTAwMDA= EMAIL_URL=locmem:

.PHONY: demo test install dev lint format serve worker migrate clean bench bench-pages bench-matching bench-outcomes bench-groups bench-load

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
dev: $(VENV)/.installed-dev

# A local settings file with fresh random secrets, made once, never overwritten.
.env: | $(BIN)/python
	$(BIN)/python -m twoway.core.envfile .env.example .env

migrate: install .env
	$(BIN)/twoway migrate --noinput

# The demo runs as in production (DEBUG off, the product's error pages), over plain
# HTTP on this machine, e-mail written to var/mail/; the background worker (matching
# runs, e-mail) runs beside the web server and stops with it.
demo: install .env
	$(BIN)/python -m twoway.demo.run --host $(HOST) --port $(PORT) --people $(DEMO_PEOPLE) --seed $(DEMO_SEED)

# The production web server (gunicorn) with the background worker beside it, on
# the settings of .env (docs/deploy.md); `twoway runserver` is Django's, for development.
serve: migrate
	@$(BIN)/twoway worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/twoway serve --bind $(HOST):$(PORT)

worker: migrate
	$(BIN)/twoway worker

lint: dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(MYPY_ENV) $(BIN)/mypy twoway

format: dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: dev lint
	$(BIN)/python -m pytest -n 2 --dist loadfile

bench: dev
	$(BIN)/python bench/import_people.py

# Seeds a throwaway 200,000-person organisation first (about three minutes).
bench-pages: dev
	$(BIN)/python bench/pages.py --people 200000

# Matching engine against dense, greedy and stable baselines (100k takes minutes).
bench-matching: dev
	$(BIN)/python bench/matching.py

bench-outcomes: dev
	$(BIN)/python bench/outcomes.py

# Circles and table plans: the group former against random groups.
bench-groups: dev
	$(BIN)/python bench/groups.py

# Load: 100,000 people on the local PostgreSQL (a throwaway database it re-creates),
# 200 simulated people through `twoway serve`. Seeding takes about three minutes.
bench-load: dev
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	$(BIN)/python bench/load.py

clean:
	rm -rf $(VENV) var build *.egg-info
