# Two commands do all set-up: `make demo` and `make test`. Both create .venv on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test check lint typecheck contracts pytest props bench fuzz lock format clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check uv || true
	if [ -x $(BIN)/uv ]; then \
		$(BIN)/uv pip install -q --python $(BIN)/python -r requirements.lock -e . ; \
	else \
		$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.lock -e . ; \
	fi
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/lydiard demo

test: check pytest

check: lint typecheck contracts

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports --no-cache

# pytest exits 5 when it collects nothing: make treats any non-zero code as failure.
pytest: $(STAMP)
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# Property tests with fresh random examples, many more of them (finds new counterexamples).
props: $(STAMP)
	HYPOTHESIS_PROFILE=explore $(BIN)/python -m pytest -q -m "not browser" $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m bench

fuzz: $(STAMP)
	$(BIN)/python -m bench.fuzz

format: $(STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

# Re-pin the lock file from pyproject.toml (needs network access to PyPI).
lock: $(STAMP)
	$(BIN)/uv pip compile -q pyproject.toml --extra dev --extra postgres --extra dask --extra cluster --extra pandas -o requirements.lock

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
