#!/usr/bin/env bash
# One command for a fresh machine: set up (with the test tools) and run the whole test suite.
# Extra arguments go to pytest. DATABASE_URL selects the database (default: SQLite).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev || exit 1
.venv/bin/python manage.py makemigrations --check --dry-run >/dev/null || {
  echo "模型改动缺少迁移文件：请运行 manage.py makemigrations" >&2; exit 1; }
.venv/bin/python -m ruff check . || exit 1
.venv/bin/python -m ruff format --check . >/dev/null || { echo "ruff format: run .venv/bin/python -m ruff format ." >&2; exit 1; }
.venv/bin/python -m pytest "$@"
rc=$?
if [ $rc -eq 5 ]; then echo "pytest ran no tests: failing" >&2; exit 1; fi
exit $rc
