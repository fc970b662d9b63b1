# Two commands set everything up on a fresh machine with Python 3.11+ and pip:
#   make run    create .venv, install anchorspend, run the whole pipeline on the sample data
#   make test   create .venv, install test tools and Chromium if missing, run the tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test setup browser ui bench

$(BIN)/anchorspend: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/anchorspend

run: setup
	$(BIN)/anchorspend run

# The browser test needs Debian's Chromium; nothing is downloaded by the test tools themselves.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the report's browser test"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

test: setup browser
	$(BIN)/pytest

ui: setup
	$(BIN)/anchorspend ui

bench: setup
	$(BIN)/python benchmarks/bench_ingest.py 1000000
	$(BIN)/python benchmarks/bench_suppliers.py --suppliers 100000
	$(BIN)/python benchmarks/bench_end_to_end.py
