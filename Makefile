# Daiban developer commands. Needs only Python 3.11+ and make; everything else is fetched or
# installed by the scripts in scripts/ (as root, missing servers come from apt-get).
#
#   make venv       .venv from uv.lock (uv pinned, bootstrapped into .cache/uv-venv)
#   make run        Postgres, RabbitMQ, migrations, 5 APIs + 5 workers + nginx gateway on :8080
#                   (make run REPLICAS=2: two of each API and worker behind the gateway)
#   make test       the test suite against real Postgres/RabbitMQ (PYTEST_ARGS=... to narrow it)
#   make lint       ruff, mypy (code and tests), import-linter
#   make screenshots  the web front's pages in chromium, saved as PNG under docs/screenshots/
#   make bench      the benchmarks (the whole pipeline under load too), into docs/benchmarks.md
#   make bench-pipeline  only the pipeline scenarios (PIPELINE_SCENARIOS="rate full ...")
#   make profile    py-spy on every API and worker during a full-speed run
#   make fault      workers killed, broker and database restarted under load (own servers)
#   make contracts  regenerate the event schemas and the AsyncAPI document
#   make clean      remove caches and run state (.venv stays; `make distclean` removes it too)

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules --no-print-directory

PYTHON ?= python3
PYTEST_ARGS ?=
export PYTEST_ARGS
VENV := .venv
# Remade whenever the lock, a pyproject or the bootstrap script changes; .venv is otherwise left
# alone (the workspace packages are installed editable, so code changes need no sync).
VENV_STAMP := $(VENV)/.daiban-synced
VENV_INPUTS := uv.lock pyproject.toml $(wildcard libs/*/pyproject.toml services/*/pyproject.toml) \
               scripts/bootstrap-venv.sh

.PHONY: help venv run test lint screenshots bench bench-pipeline profile fault contracts infra clean \
        distclean

help:
	@sed -n 's/^#   make /  make /p' $(firstword $(MAKEFILE_LIST))

venv: $(VENV_STAMP)

$(VENV_STAMP): $(VENV_INPUTS)
	PYTHON='$(PYTHON)' scripts/bootstrap-venv.sh
	touch '$@'

run: venv
	scripts/run.sh

# Postgres and RabbitMQ only; prints the `export` lines (eval "$(make -s infra)").
infra: venv
	scripts/ensure-infra.sh

test: venv
	DATABASE_URL="$${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/daiban_test}" \
	    scripts/test.sh

lint: venv
	rc=0; \
	$(VENV)/bin/ruff check . || rc=1; \
	$(VENV)/bin/mypy || rc=1; \
	scripts/typecheck-tests.sh || rc=1; \
	$(VENV)/bin/lint-imports || rc=1; \
	exit $$rc

# The browser tests save what they render; DATABASE_URL as for `make test`.
screenshots: venv
	DATABASE_URL="$${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/daiban_test}" \
	    SCREENSHOT_DIR="$(CURDIR)/docs/screenshots" \
	    PYTEST_ARGS="-q web/tests/browser tests/e2e/test_workbench_in_a_browser.py" \
	    scripts/test.sh

bench: venv
	if [ -d benchmarks ]; then \
	    eval "$$(DATABASE_URL="$${DATABASE_URL:-$(BENCH_DB)}" scripts/ensure-infra.sh)"; \
	    $(VENV)/bin/python -m benchmarks; \
	else \
	    echo "no benchmarks yet (there is no benchmarks/ directory)"; \
	fi

PIPELINE_SCENARIOS ?=
# The pipeline's own database is DATABASE_URL's name + _pipe, made anew for every scenario.
BENCH_DB := postgresql://postgres@127.0.0.1:5432/daiban_bench

# These two use the machine's Postgres and a RabbitMQ node of their own (PIPELINE_BROKER=shared:
# AMQP_URL's broker instead).
bench-pipeline: venv
	DATABASE_URL="$${DATABASE_URL:-$(BENCH_DB)}" \
	    $(VENV)/bin/python -m benchmarks.pipeline $(PIPELINE_SCENARIOS)

profile: venv
	DATABASE_URL="$${DATABASE_URL:-$(BENCH_DB)}" $(VENV)/bin/python -m benchmarks.hot_path

# Starts a Postgres cluster and a RabbitMQ node of its own (the machine's are never restarted).
fault: venv
	$(VENV)/bin/python -m benchmarks.fault_run

contracts: venv
	$(VENV)/bin/daiban contracts write

clean:
	rm -rf .run .cache .pytest_cache .mypy_cache .ruff_cache .import_linter_cache .hypothesis \
	    '$(VENV_STAMP)'
	find . -path ./.venv -prune -o -type d -name __pycache__ -exec rm -rf {} +

distclean: clean
	rm -rf '$(VENV)'
