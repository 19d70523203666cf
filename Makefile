# SupportFlow: `make run` serves the demo, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format serve bench clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# The demo on SQLite with debug on: migrate, seed, a local admin, then serve.
run: $(STAMP)
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=1 $(BIN)/python manage.py sync_default_rules
	DJANGO_DEBUG=1 $(BIN)/python manage.py seed_tickets
	DJANGO_DEBUG=1 $(BIN)/python manage.py ensure_local_admin
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Production serving: debug off, settings from the environment (DJANGO_SECRET_KEY and
# DJANGO_ALLOWED_HOSTS at least; see .env.example), static files collected for WhiteNoise.
serve: $(STAMP)
	$(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/python manage.py migrate --no-input
	# The database cache's table, should REDIS_URL have been set when the database was migrated.
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(BIN)/gunicorn --config gunicorn.conf.py

# The load benchmark (bench/README.md): TICKETS=100000 by default, BENCH_DB=sqlite or postgres.
TICKETS ?= 100000
BENCH_DB ?= sqlite
bench: $(STAMP)
	$(BIN)/python -m bench.run --tickets $(TICKETS) --db $(BENCH_DB)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
