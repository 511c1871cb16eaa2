# The portal's everyday commands. `make help` lists them; longer logic lives in scripts/.
.DEFAULT_GOAL := help
SHELL := /bin/bash
VENV_BIN := .venv/bin

# Extra arguments for pytest, e.g. make test PYTEST_ARGS='-m "not browser" -n 2'
PYTEST_ARGS ?=
export PYTEST_ARGS

.PHONY: help install run test lint format css bench worker clean

help: ## List the targets
	@echo "Usage: make <target>"
	@awk 'BEGIN { FS = ":.*## " } /^[a-z]+:.*## / { printf "  %-8s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

install: ## Create .venv and install requirements.lock (Python 3.11 only)
	@scripts/bootstrap.sh

run: ## Set up, migrate, seed and index (each only when needed), serve http://127.0.0.1:8000/
	@scripts/run.sh

test: ## Install test needs (lock, axe-core, Chromium) and run the whole suite
	@scripts/test.sh

lint: install ## ruff check, ruff format --check, djhtml --check on HTML templates
	$(VENV_BIN)/ruff check .
	$(VENV_BIN)/ruff format --check .
	find templates -name '*.html' -print0 | xargs -0 $(VENV_BIN)/djhtml --check

format: install ## Fix imports and formatting (ruff) and HTML template indentation (djhtml; not .txt emails)
	$(VENV_BIN)/ruff check --select I --fix .
	$(VENV_BIN)/ruff format .
	find templates -name '*.html' -print0 | xargs -0 $(VENV_BIN)/djhtml

css: ## Rebuild static/css/main.css from scss/ (needs Node 20 and npm)
	@[ -d node_modules ] || npm ci --no-audit --no-fund
	npm run build:css

bench: install ## Query counts and render times per page type, then a wrk load test
	$(VENV_BIN)/python benchmarks/pages.py
	SKIP_SETUP=1 benchmarks/load.sh
	$(VENV_BIN)/python benchmarks/enquiries_inbox.py
	$(VENV_BIN)/python benchmarks/enquiries_submit.py

worker: install ## Run the task worker (db_worker); needs production-like settings
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-portal.settings.production} \
		$(VENV_BIN)/python manage.py db_worker

clean: ## Remove test output and caches (keeps .venv, node_modules and db.sqlite3)
	rm -rf test-results .pytest_cache .ruff_cache var/test-media
	find . -path ./.venv -prune -o -path ./node_modules -prune -o -name __pycache__ -type d -exec rm -rf {} +
