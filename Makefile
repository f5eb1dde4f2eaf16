# healthblog: `make run` serves the site with demo content; `make test` runs the suite.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

.PHONY: run serve test lint format install clean-venv bench

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the project's dependencies change.
$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# A local secret key, generated once and kept out of git.
.env:
	@$(PYTHON) -c "import secrets; print('DJANGO_SECRET_KEY=' + secrets.token_urlsafe(50))" > .env
	@echo "Wrote .env with a generated DJANGO_SECRET_KEY."

run: install .env
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo --renditions
	$(MANAGE) collectstatic --noinput --verbosity 0
	@$(MANAGE) create_admin
	@echo "Serving on http://127.0.0.1:$(PORT)/ — sign in at http://127.0.0.1:$(PORT)/admin/"
	DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SECURE_COOKIES=false DJANGO_HSTS_SECONDS=0 \
		$(MANAGE) runserver 127.0.0.1:$(PORT)

# The production profile on this machine: gunicorn, DEBUG off, static files by WhiteNoise with
# hashed, compressed names. Plain HTTP on 127.0.0.1, so the HTTPS-only settings are turned off.
# Set REDIS_URL (and DATABASE_URL) to run several workers as in production.
serve: install .env
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput --verbosity 0
	@echo "Serving the production profile on http://127.0.0.1:$(PORT)/"
	DJANGO_DEBUG=false DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SECURE_COOKIES=false \
		DJANGO_HSTS_SECONDS=0 GUNICORN_BIND=127.0.0.1:$(PORT) \
		$(VENV)/bin/gunicorn -c deploy/gunicorn.conf.py healthblog.wsgi

# Seed N articles into docs/bench-data/, serve them with gunicorn and nginx, load them with wrk,
# and write docs/benchmarks.md. About 4 minutes; `make bench N=100000` for the large archive.
N ?= 2000
bench: install .env
	@command -v wrk >/dev/null || apt-get install -y wrk
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || apt-get install -y nginx
	$(PY) -m bench.run --articles $(N) $(BENCH_ARGS)

test: install .env
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install .env
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
