# Thin targets over the package's own tools. `make clean-corpus` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
CORPUS ?= sample_corpus
OUT    ?= out
CONFIG ?=

.PHONY: clean-corpus test eval bench bench-peers lint format clean browser

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

test: $(VENV)/.installed-test browser
	$(BIN)/python -m pytest

# Headless chromium and its driver for the report page's browser tests (Debian packages, as root). Where they
# cannot be installed the step says so and the browser tests skip.
browser:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    chromium chromium-driver fonts-noto-core) >/dev/null 2>&1; then echo "installed chromium for the browser tests"; \
	else echo "chromium could not be installed: the browser tests will skip"; fi

# Precision/recall on the labeled dev pairs (../shared/data); prints a message and succeeds when it is absent.
eval: $(VENV)/.installed
	$(BIN)/python scripts/evaluate.py --out out-eval $(if $(CONFIG),--config $(CONFIG))

# Speed and memory of the full pipeline beside the textbook datasketch pipeline (../shared/data; skips if
# absent). SIZES="100000 300000 1000000" adds synthetic corpora made from the dev corpus into out-bench/.
SIZES ?=
bench: $(VENV)/.installed
	$(BIN)/python scripts/bench.py --out out-bench $(if $(SIZES),--sizes $(SIZES))

# The document-level MinHash of datatrove and text-dedup on the same corpora, each installed into its own
# environment under .venv-peers (never into .venv); SIZES as for bench (its corpora must exist).
bench-peers: $(VENV)/.installed
	$(BIN)/python scripts/bench_peers.py --out out-bench $(if $(SIZES),--sizes $(SIZES))

lint: $(VENV)/.installed-test
	$(BIN)/ruff check dedupe tests scripts
	$(BIN)/ruff format --check dedupe tests scripts

format: $(VENV)/.installed-test
	$(BIN)/ruff format dedupe tests
	$(BIN)/ruff check --fix dedupe tests

clean:
	rm -rf $(VENV) .venv-peers $(OUT) out-eval out-eval-contained out-test out-bench .pytest_cache
