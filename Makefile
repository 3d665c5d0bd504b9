# The two commands of the README's quick start: `make run` and `make test`.
# Both build everything they need from scratch: the virtual environment, the packages and,
# for the browser tests, Debian's chromium. Nothing downloads a browser of its own.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM := /usr/bin/chromium
STREAMLIT_SERVER_PORT ?= 8501
export STREAMLIT_SERVER_PORT

.PHONY: run test lint format bench screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files re-run pip only when the requirement files change.
$(VENV)/.app-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium

run: $(VENV)/.app-installed
	$(BIN)/streamlit run app.py --server.port $(STREAMLIT_SERVER_PORT)

test: $(VENV)/.dev-installed $(CHROMIUM)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(VENV)/.dev-installed $(CHROMIUM)
	$(BIN)/python bench/run_all.py

screenshots: $(VENV)/.dev-installed $(CHROMIUM)
	$(BIN)/python bench/screenshots.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
