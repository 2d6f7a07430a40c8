# Everything bootstraps from a bare machine with Python 3.11 and the package registry.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint typecheck pytest bench lock clean

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstalls only when the lock file or the project metadata changed.
$(STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: install
	$(BIN)/seldinger migrate --no-input
	$(BIN)/seldinger demo
	$(BIN)/seldinger serve 127.0.0.1:8000

test: install lint typecheck pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: install
	$(BIN)/mypy

# Every benchmark once, on SQLite and PostgreSQL; rewrites the README's performance table.
bench: install
	$(BIN)/python bench/run.py

# pytest exits 5 when it collects no test: say so rather than fail the build.
pytest: install
	@$(BIN)/pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest: no tests were collected"; exit 0; fi; \
	exit $$status

# Regenerate the lock file after changing dependencies in pyproject.toml.
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet pip-tools
	PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS= $(BIN)/pip-compile --quiet --extra dev \
	  --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	  --index-url https://pypi.org/simple -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) var/static .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
