# Set-up and everyday commands. `make run` serves the console, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint requirements translations system-packages clean

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

# Debian packages the browser test needs (as root, as on CI); skipped when already there.
system-packages:
	@command -v chromium >/dev/null || { \
		test "$$(id -u)" = 0 || { echo "Install Debian's chromium package (needs root)."; exit 1; }; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

run: $(STAMP)
	$(BIN)/flask --app app serve

test: $(STAMP) system-packages
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

requirements:
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links --output-file requirements.txt requirements.in

translations:
	$(BIN)/pybabel compile -d admin/translations -D admin

clean:
	rm -rf $(VENV) .pytest_cache
