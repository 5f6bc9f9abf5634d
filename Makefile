# Set-up and everyday commands. `make run` serves the console (runtime packages only), `make test`
# runs every test (adding the test and tool packages of requirements-dev.txt).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
COMPILE := $(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links

.PHONY: run test lint requirements translations font-package system-packages clean

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

# Tests and tools (pytest, playwright, hypothesis, ruff, pip-tools): never installed by `make run`.
$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $(DEV_STAMP)

# Debian packages, installed as root (as on CI) when missing: the serif font official documents
# embed and the Pango libraries WeasyPrint lays text out with, and for the tests Chromium (browser tests) and poppler-utils (PDF pages as images).
FONT := /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf
APT_INSTALL = test "$$(id -u)" = 0 || { echo "Install Debian's $(1) package (needs root)."; exit 1; }; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1)

font-package:
	@test -f $(FONT) && ldconfig -p | grep -q libpangoft2-1.0.so.0 || \
		{ $(call APT_INSTALL,fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0); }

system-packages: font-package
	@command -v chromium >/dev/null || { $(call APT_INSTALL,chromium); }
	@command -v pdftoppm >/dev/null || { $(call APT_INSTALL,poppler-utils); }

run: $(STAMP) font-package
	$(BIN)/flask --app app serve

test: $(DEV_STAMP) system-packages
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

# Pins what the .in files name, keeping today's versions (add --upgrade to move them); the dev
# file is constrained to requirements.txt, so tests run the versions production runs.
requirements: $(DEV_STAMP)
	$(COMPILE) --output-file requirements.txt requirements.in
	$(COMPILE) --output-file requirements-dev.txt requirements-dev.in

translations:
	$(BIN)/pybabel compile -d admin/translations -D admin

clean:
	rm -rf $(VENV) .pytest_cache
