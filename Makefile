# flashpoint: `make demo` analyses the bundled sample corpus, `make test` runs the checks.
# Both create .venv on first use and re-install only when pyproject.toml changes.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SAMPLES ?= samples/kashmir
DB     ?= flashpoint.duckdb
DEMO_FLAGS ?=

.PHONY: all install demo test lint clean

all: test

install: $(STAMP)

# Create the virtual environment (falling back to the system pip when the python3-venv
# package is missing) and install flashpoint with its test tools into it.
$(STAMP): pyproject.toml
	@if [ ! -x $(BIN)/python ]; then \
	  $(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	    echo "python3 -m venv failed (no ensurepip?); creating $(VENV) without pip" >&2; \
	    rm -rf $(VENV) && $(PYTHON) -m venv --without-pip $(VENV) && \
	    $(PYTHON) -m pip --python $(BIN)/python install --quiet pip; }; \
	fi
	$(BIN)/python -m pip install --quiet --upgrade pip || true
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/flashpoint analyze $(SAMPLES) --db $(DB) --export out/records.jsonl $(DEMO_FLAGS)

lint: $(STAMP)
	$(BIN)/ruff check .

test: $(STAMP) lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) out $(DB) $(DB).wal .pytest_cache .ruff_cache
