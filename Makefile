# Baolian — the commands a newcomer can guess. `make demo` runs it; `make test` tests it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP_FLAGS := --disable-pip-version-check -q

.PHONY: install demo run test test-fast test-python lint format messages bench lock clean

# Idempotent: a second run only re-checks the lock (requirements.lock pins every version).
install: $(BIN)/baolian
$(BIN)/baolian: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install $(PIP_FLAGS) -c requirements.lock -e '.[dev]'
	touch $(BIN)/baolian

demo: install
	$(BIN)/baolian migrate --noinput -v 0
	$(BIN)/baolian demo
	$(BIN)/baolian serve

run: install
	$(BIN)/baolian serve --migrate

test: install
	$(BIN)/pytest

test-fast: install
	$(BIN)/pytest -m "not browser" -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Regenerate the catalogues after changing UI text; .po and .mo are both committed.
# Apps with their own catalogue (baolian/<app>/locale) keep their strings there; the project
# catalogue (baolian/locale) holds the rest.
APP_CATALOGUES := $(patsubst baolian/%/locale,%,$(wildcard baolian/*/locale))
messages: install
	cd baolian && ../$(BIN)/baolian makemessages -l zh_Hans -l en --no-obsolete --add-location file $(addprefix -i ,$(APP_CATALOGUES))
	for app in $(APP_CATALOGUES); do (cd baolian/$$app && ../../$(BIN)/baolian makemessages -l zh_Hans -l en --no-obsolete --add-location file) || exit 1; done
	cd baolian && ../$(BIN)/baolian compilemessages

# The lock is resolved, never edited: one file for every Python we support (3.10-3.13), with
# python_full_version markers where the newest release has dropped 3.10.
lock: install
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.10 \
	  --no-emit-package baolian --quiet -o requirements.lock

bench: install
	$(BIN)/python -m bench  # BAOLIAN_BENCH_ROWS=10000 BAOLIAN_BENCH_GROWTH=1000,10000,50000 for big sizes

clean:
	rm -rf $(VENV) .venv-py* .pytest_cache .ruff_cache .hypothesis

# The suite on another Python we support: `make test-python V=3.10` (or PY=/path/to/python3.10).
PY ?= python$(V)
test-python:
	test -x .venv-py$(V)/bin/python || $(PY) -m venv .venv-py$(V)
	.venv-py$(V)/bin/pip install $(PIP_FLAGS) -c requirements.lock -e '.[dev]'
	.venv-py$(V)/bin/pytest -q -m "not browser"
