# Local development and tests. With no DATABASE_URL, an embedded PostgreSQL in .pgdata/ is
# used (development only, hence DEBUG=1 here).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export DEBUG ?= 1

.PHONY: run test fuzz stop backup restore loadtest chaos install install-dev serve seed lint format bench check

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Local settings for a development checkout, so that manage.py works outside make too.
.env:
	printf 'DEBUG=1\n' > $@

$(VENV)/.installed: requirements.txt constraints.txt | $(BIN)/python .env
	$(BIN)/pip install --quiet -r requirements.txt -c constraints.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt constraints.txt .venv-replay/.installed | $(BIN)/python .env
	$(BIN)/pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $@ $(VENV)/.installed

# pywb, for the tests that replay archived copies, in its own environment (its pins clash
# with the project's).
.venv-replay/.installed: requirements-replay.txt
	$(PYTHON) -m venv .venv-replay
	.venv-replay/bin/pip install --quiet -r requirements-replay.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# The web server and a background worker (archiving, link checks) run together; Ctrl+C
# (or the server stopping) stops both. The worker writes to logs/worker.log; the demo
# logins are printed last, once the server answers. Locally the archiver may fetch
# private addresses and webhook receivers may be on this machine.
RUN_ADDRESS ?= 127.0.0.1:8000
run: export ARCHIVE_ALLOW_PRIVATE_NETWORKS ?= 1
run: export WEBHOOK_ALLOW_PRIVATE_NETWORKS ?= 1
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_seeds
	@mkdir -p logs
	@echo "Background worker: its log is $(CURDIR)/logs/worker.log"
	@$(BIN)/python manage.py run_worker >> logs/worker.log 2>&1 & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/python manage.py create_demo_users --wait-for $(RUN_ADDRESS) & \
	$(BIN)/python manage.py runserver $(RUN_ADDRESS)

# The suite runs on every core (pytest-xdist: each worker has its own test database);
# TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
test: install-dev
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n $(TEST_WORKERS) -m "not fuzz" $(ARGS)

# schemathesis against every API operation (bounded: a fixed seed, about 2,000 requests).
fuzz: install-dev
	$(BIN)/pytest -m fuzz tests/fuzz $(ARGS)

# ruff, and the layers contract (pyproject.toml: an app never imports a layer above it).
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Needs DATABASE_URL; generates BENCH_CLAIMS demo claims (default 100000) in the database
# factcheck_bench unless it holds them already. Prints the table, writes bench/results/latest.json.
bench: install-dev
	$(BIN)/python -m bench --claims $${BENCH_CLAIMS:-100000} $(ARGS)

# gunicorn with production settings on 127.0.0.1, 64 clients for 60 s (bench/loadtest.py).
loadtest: install-dev
	$(BIN)/python -m bench loadtest --claims 5000 $(ARGS)

# Faults under load (bench/chaos.py): its own PostgreSQL, Redis, tmpfs storage and slow
# server on 127.0.0.1, each fault under a minute; CHAOS_ARGS=--short for the CI's form.
chaos: install-dev
	$(BIN)/python -m bench chaos $(CHAOS_ARGS)

# Stop the embedded PostgreSQL that `make run` and `make test` leave running.
stop:
	@if [ -x $(BIN)/python ]; then $(BIN)/python -m core.database stop; fi

# The whole database in PostgreSQL's custom format, under backups/ (keep it like a secret:
# it holds password hashes and token digests); restore it into an empty database.
backup: install
	$(BIN)/python manage.py backup $(FILE)

restore: install
	@test -n "$(FILE)" || (echo "Say which backup: make restore FILE=backups/factcheck-….dump" && exit 2)
	$(BIN)/python manage.py restore $(FILE)
