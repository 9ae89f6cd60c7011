# Trygg: `make run` sets everything up and starts the site; `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Django 6 needs Python >= 3.12; the machine's default python3 may be older (see .python-version).
PY_PICK := import sys; sys.version_info >= (3, 12) and print(sys.executable)
ifdef PYTHON
  PY_CANDIDATES := $(PYTHON)
else
  PY_CANDIDATES := python3 python3.12 python3.13 \
    $(addsuffix /bin/python3,$(shell pyenv prefix 3.12 2>/dev/null) $(shell pyenv prefix 3.13 2>/dev/null))
endif
PY := $(firstword $(foreach c,$(PY_CANDIDATES),$(shell $(c) -c '$(PY_PICK)' 2>/dev/null)))
ifeq ($(PY),)
  $(error No Python >= 3.12 found (tried: $(PY_CANDIDATES)); install one or run make PYTHON=/path/to/python3.12)
endif

UV := .tools/bin/uv
VENV := .venv
PYTHON_VENV := $(VENV)/bin/python
MANAGE := $(PYTHON_VENV) manage.py
export UV_PYTHON_DOWNLOADS := never
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install run migrate demo test test-fast test-browser lint format bench browser check-deploy clean

help:
	@echo "make run     – installera, migrera, läs in demodata och starta på http://$(HOST):$(PORT)/"
	@echo "make test    – hela testsviten (inklusive webbläsartester i chromium), parallellt på alla kärnor"
	@echo "make lint    – ruff"
	@echo "make bench   – prestandatest med gunicorn och PostgreSQL"

$(UV):
	$(PY) -m venv .tools
	.tools/bin/pip install -q uv

$(VENV): uv.lock pyproject.toml | $(UV)
	$(UV) sync --locked --python $(PY)
	@touch $(VENV)

install: $(VENV)

migrate: $(VENV)
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo

# The site on SQLite (db.sqlite3), unless DATABASE_URL says otherwise.
run: demo
	$(MANAGE) runserver $(HOST):$(PORT)

# Browser tests need chromium, the cluster tests nginx; install Debian's when we can (root), otherwise say how.
browser:
	@command -v chromium >/dev/null && command -v nginx >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium poppler-utils nginx; \
	  else echo "Testerna behöver chromium och nginx: sudo apt-get install chromium poppler-utils nginx"; exit 1; fi; }

# The suite runs in parallel, one pytest-xdist worker per core, each with its own test database.
# worksteal: each worker starts on its share of the suite in file order and takes over tests from a
# busier one when it runs out, so slow tests (demo loads, browser journeys) even out. PYTEST_ARGS
# comes last: PYTEST_ARGS="-n 0" runs the suite in one process, PYTEST_ARGS="-n 4" on four workers.
PYTEST_PARALLEL ?= -n auto --dist worksteal

# The Nu Html Checker for tests/test_html_validity.py: npm's vnu-jar (locked), run with the machine's Java.
VNU := node_modules/vnu-jar/build/dist/vnu.jar
$(VNU): package.json package-lock.json
	@command -v java >/dev/null || { echo "The HTML check needs Java: sudo apt-get install default-jre-headless"; exit 1; }
	npm ci --no-audit --no-fund
	@touch $(VNU)

test: $(VENV) browser $(VNU)
	$(VENV)/bin/pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

test-fast: $(VENV) $(VNU)
	$(VENV)/bin/pytest $(PYTEST_PARALLEL) -m "not browser" $(PYTEST_ARGS)

test-browser: $(VENV) browser
	$(VENV)/bin/pytest $(PYTEST_PARALLEL) -m browser $(PYTEST_ARGS)

lint: $(VENV)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-deploy: $(VENV)
	SECRET_KEY=$$($(PYTHON_VENV) -c 'import secrets; print(secrets.token_urlsafe(64))') \
	  ALLOWED_HOSTS=trygg.example.org $(MANAGE) check --deploy --fail-level WARNING --settings trygg.settings_prod

# The benchmark loads the loopback cluster with wrk (Debian's package), installed here when we can.
bench: $(VENV)
	@command -v wrk >/dev/null && command -v nginx >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk nginx; \
	  else echo "make bench behöver wrk och nginx: sudo apt-get install wrk nginx"; exit 1; fi; }
	$(PYTHON_VENV) bench/run.py $(BENCH_ARGS)

# The production topology on loopback (deploy/cluster.py): nginx, two gunicorn app servers, a task
# worker, Redis and a mail sink, with the demo data, in .cluster/ on the database trygg_cluster.
.PHONY: cluster cluster-stop
cluster: $(VENV)
	$(PYTHON_VENV) deploy/cluster.py start --dir .cluster --database trygg_cluster --demo $(CLUSTER_ARGS)

cluster-stop:
	$(PYTHON_VENV) deploy/cluster.py stop --dir .cluster

clean:
	rm -rf $(VENV) .tools staticfiles node_modules
