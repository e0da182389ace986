#!/usr/bin/env bash
# One command for a fresh machine: set up, migrate, load the plan and demo data, create the demo
# logins (printed below) and serve the portal on http://127.0.0.1:${PORT:-8000}/ (SQLite), with a
# background-job worker beside it (stopped with the server).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py load_plan
.venv/bin/python manage.py seed_demo
.venv/bin/python manage.py generate_bounds   # normal ranges from the demo's approved quarters
.venv/bin/python manage.py create_demo_users
# the demo's official bulletin (its latest complete quarter), made by the worker started below
.venv/bin/python manage.py send_bulletin --latest --queue
.venv/bin/python manage.py run_huey --workers "${JOBS_WORKERS:-2}" &
worker=$!
trap 'kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null' EXIT INT TERM
.venv/bin/python manage.py runserver "${HOST:-127.0.0.1}:${PORT:-8000}"
