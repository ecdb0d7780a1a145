# Annexa: the two commands a new machine needs are `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
DATA_DIR ?= $(CURDIR)/.annexa-data
HOST ?= 127.0.0.1
PORT ?= 8787

.PHONY: run scan-sample test install lint typecheck security unit lock audit-deps bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=24"

$(VENV)/.installed: requirements/lock.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/lock.txt
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/python -m compileall -q annexa  # bytecode, as pip writes a wheel's (editable: none)
	touch $@

install: $(VENV)/.installed

## The main job: the gateway on SQLite with the built-in inspect provider (no API key needed).
## The first run initialises DATA_DIR and prints, once, the admin's one-time password and an API key.
run: install
	@[ -f "$(DATA_DIR)/annexa.yaml" ] || $(BIN)/annexa init --data-dir "$(DATA_DIR)" --admin admin --port $(PORT) </dev/null
	$(BIN)/annexa serve --data-dir "$(DATA_DIR)" --host $(HOST) --port $(PORT)

## Scan the sample prompt with the detection engine alone.
scan-sample: install
	-$(BIN)/annexa scan --data-dir "$(DATA_DIR)" examples/prompt.txt

## Installs everything, then lint, types, security lint and the test suite.
test: install lint typecheck security unit

lint:
	$(BIN)/ruff format --check annexa tests bench
	$(BIN)/ruff check annexa tests bench

typecheck:
	$(BIN)/mypy

security:
	$(BIN)/bandit -q -c pyproject.toml -r annexa

unit:
	$(BIN)/pytest

## Re-pin every dependency (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml --extra ner --extra dev --python-version 3.11 \
	  --python-platform x86_64-unknown-linux-gnu --generate-hashes --no-header -o requirements/lock.txt

## Known-vulnerability audit of the pinned set; needs network access to the advisory service.
audit-deps: install
	$(BIN)/pip install --quiet pip-audit
	$(BIN)/pip-audit --require-hashes -r requirements/lock.txt

## Quality and speed against Presidio and detect-secrets (bench/README.md); needs ../shared/datasets.
BENCH_VENV ?= .bench-venv
$(BENCH_VENV)/.installed: requirements/lock.txt bench/requirements.txt pyproject.toml
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet --upgrade "pip>=24"
	$(BENCH_VENV)/bin/pip install --quiet --require-hashes -r requirements/lock.txt
	$(BENCH_VENV)/bin/pip install --quiet -r bench/requirements.txt
	$(BENCH_VENV)/bin/pip install --quiet --no-deps -e .
	touch $@

bench: $(BENCH_VENV)/.installed
	$(BENCH_VENV)/bin/python -m bench.quality
	$(BENCH_VENV)/bin/python -m bench.speed

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

## Gateway speed against LiteLLM's proxy (with and without its Presidio guardrail) on loopback:
## the peers go into their own .bench-gw-venv; Annexa runs from .venv (bench/README.md).
BENCH_GW_VENV ?= .bench-gw-venv
.PHONY: bench-gateway
$(BENCH_GW_VENV)/.installed: bench/requirements-gateway.txt
	$(PYTHON) -m venv $(BENCH_GW_VENV)
	$(BENCH_GW_VENV)/bin/pip install --quiet --upgrade "pip>=24"
	$(BENCH_GW_VENV)/bin/pip install --quiet -r bench/requirements-gateway.txt
	touch $@

bench-gateway: install $(BENCH_GW_VENV)/.installed
	$(BIN)/python -m bench.gateway
