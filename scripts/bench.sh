#!/usr/bin/env bash
# The benchmarks (figures, never pass/fail): dashboards on a generated data set, spreadsheet import
# against its floor, and the HTTP load test on gunicorn + PostgreSQL. Sizes can be reduced for a quick look:
#   BENCH_QUICK=1 bash scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
py=.venv/bin/python
if [ -n "${BENCH_QUICK:-}" ]; then
  $py manage.py bench_dashboards --counties 20 --enterprises 5000 --runs 3
  $py manage.py bench_import --rows 2000 --memory-rows 10000
  $py bench/load.py --counties 20 --enterprises 5000 --seconds 5
else
  $py manage.py bench_dashboards
  $py manage.py bench_import
  $py bench/load.py
fi
