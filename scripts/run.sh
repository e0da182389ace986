#!/usr/bin/env bash
# One command for a fresh machine: set up, migrate, load the plan and demo data, create the demo
# logins (printed below) and serve the portal on http://127.0.0.1:${PORT:-8000}/ (SQLite).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py load_plan
.venv/bin/python manage.py seed_demo
.venv/bin/python manage.py create_demo_users
exec .venv/bin/python manage.py runserver "${HOST:-127.0.0.1}:${PORT:-8000}"
