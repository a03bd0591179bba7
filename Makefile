# Ideverkstedet. `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# The first Python >= 3.12 of: pyenv's choice (.python-version), python3.13 on PATH, pyenv's versions folder.
PYTHON_BOOT ?= $(shell for p in "$$(pyenv which python3 2>/dev/null)" "$$(command -v python3.13)" \
	$$HOME/.pyenv/versions/3.13*/bin/python3 "$$(command -v python3)"; do \
	[ -x "$$p" ] && "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && echo "$$p" && break; \
	done)
PYTEST_ARGS ?=
MESSAGE_IGNORES := -i .venv -i node_modules -i tests -i tests_browser -i bench -i scripts -i staticfiles -i ideverkstedet/locale
HOST ?= 127.0.0.1
PORT ?= 8000
# OIDC_DEV=1 make run: also start the ID-porten- and Entra-shaped test providers (README, "Logging in").
OIDC_DEV ?=
OIDC_IDPORTEN_PORT ?= 8801
OIDC_ENTRA_PORT ?= 8802
OIDC_DEV_TENANT := 8b0a4a0e-4c43-4c2b-9d1e-d3f0e1e3a5b1
OIDC_DEV_SECRET := dev-secret-not-for-production
ifeq ($(OIDC_DEV),1)
OIDC_ENV := IDPORTEN_ISSUER=http://$(HOST):$(OIDC_IDPORTEN_PORT) IDPORTEN_CLIENT_ID=ideverkstedet-dev \
	IDPORTEN_CLIENT_SECRET=$(OIDC_DEV_SECRET) ENTRA_ISSUER=http://$(HOST):$(OIDC_ENTRA_PORT) \
	ENTRA_TENANT_ID=$(OIDC_DEV_TENANT) ENTRA_CLIENT_ID=ideverkstedet-dev ENTRA_CLIENT_SECRET=$(OIDC_DEV_SECRET)
endif

.PHONY: help install run test test-browser lint typecheck messages check-translations compile-messages bench clean

help:
	@echo "make run            set up and serve http://$(HOST):$(PORT) with demo data and the task worker"
	@echo "make test           ruff, mypy, migrations check, translations check and the whole pytest suite"
	@echo "make test-browser   only the browser tests (Playwright on /usr/bin/chromium, with axe-core)"
	@echo "make messages       update the nn and en translation files after changing UI text"

$(PY):
	@[ -n "$(PYTHON_BOOT)" ] || { echo "Python 3.12+ is needed (Django 6): install 3.13 with pyenv (.python-version)"; exit 1; }
	$(PYTHON_BOOT) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml constraints.txt | $(PY)
	$(PY) -m pip install -q -c constraints.txt -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the HTML validity check (vnu-jar) will be skipped"; fi

install: $(VENV)/.installed compile-messages

compile-messages: $(VENV)/.installed
	@cd ideverkstedet && ../$(PY) ../manage.py compilemessages -v 0

run: install $(if $(filter 1,$(OIDC_DEV)),node_modules/.installed)
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py demo --size small --if-empty
	@echo "Ideverkstedet: http://$(HOST):$(PORT)  (demo accounts: README.md)"
	@pids=""; \
	if [ "$(OIDC_DEV)" = 1 ]; then \
	  for shape in idporten entra; do \
	    port=$$([ $$shape = idporten ] && echo $(OIDC_IDPORTEN_PORT) || echo $(OIDC_ENTRA_PORT)); \
	    node scripts/oidc_dev_provider.mjs --shape $$shape --host $(HOST) --port $$port \
	      --rp http://$(HOST):$(PORT) --client-id ideverkstedet-dev --client-secret $(OIDC_DEV_SECRET) \
	      --tenant-id $(OIDC_DEV_TENANT) & pids="$$pids $$!"; \
	  done; \
	fi; \
	DEBUG=true $(OIDC_ENV) $(PY) manage.py db_worker --no-startup-delay & pids="$$pids $$!"; \
	trap 'kill $$pids 2>/dev/null' EXIT INT TERM; \
	DEBUG=true $(OIDC_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy ideverkstedet

check-translations: install
	$(PY) scripts/check_translations.py

messages: install
	$(PY) manage.py makemessages -l nn -l en --no-obsolete --add-location file $(MESSAGE_IGNORES)
	$(MAKE) compile-messages

test: install node_modules/.installed lint typecheck check-translations
	$(BIN)/lint-imports --no-cache
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

test-browser: install
	$(BIN)/pytest -m browser -n 2 $(PYTEST_ARGS)

bench: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles .mypy_cache .ruff_cache
