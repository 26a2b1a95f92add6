# Thin targets over the package's own tools. `make clean-corpus` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
CORPUS ?= sample_corpus
OUT    ?= out
CONFIG ?=

.PHONY: clean-corpus test lint format clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamp files make the install step re-run only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

clean-corpus: $(VENV)/.installed
	$(BIN)/dedupe run $(CORPUS) -o $(OUT) $(if $(CONFIG),--config $(CONFIG))

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check dedupe tests
	$(BIN)/ruff format --check dedupe tests

format: $(VENV)/.installed-test
	$(BIN)/ruff format dedupe tests
	$(BIN)/ruff check --fix dedupe tests

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
