#!/usr/bin/env bash
# The benchmarks (figures beside their goals, never pass/fail): dashboards on a generated data set (on the
# configured database — SQLite by default — and, when PostgreSQL runs on 127.0.0.1:5432, again on
# PostgreSQL, where the page goals in milliseconds apply), spreadsheet import against its floor, batch
# validation (quality), and the HTTP load test: a two-node check, then the load on two gunicorn nodes +
# PostgreSQL + Redis (REDIS_URL, default redis://127.0.0.1:6379/0; its keys are namespaced per run and
# removed afterwards). Each prints the machine's load average: other work on the same cores slows every figure.
# Sizes can be reduced for a quick look:
#   BENCH_QUICK=1 bash scripts/bench.sh
# BENCH_PG_URL names the PostgreSQL server and database whose throwaway copy (test_<name>) the dashboards
# benchmark uses (default postgres://postgres@127.0.0.1:5432/cbec_bench); BENCH_LOAD_DATABASE the
# database the load test creates and drops (default cbec_load).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
py=.venv/bin/python
redis_url=${REDIS_URL:-redis://127.0.0.1:6379/0}
pg_url=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/cbec_bench}
load_db=${BENCH_LOAD_DATABASE:-cbec_load}
pg_ready=1
load_ready=1
pg_isready -q -h 127.0.0.1 -p 5432 || {
  echo "PostgreSQL on 127.0.0.1:5432 is not running: dashboards on PostgreSQL and load test skipped" >&2
  pg_ready=
  load_ready=
}
$py -c "import redis, sys; redis.from_url(sys.argv[1]).ping()" "$redis_url" 2>/dev/null \
  || { echo "Redis at $redis_url is not running: load test skipped" >&2; load_ready=; }
if [ -n "${BENCH_QUICK:-}" ]; then
  dashboards=(--counties 20 --enterprises 5000 --runs 3)
  imports=(--rows 2000 --memory-rows 10000)
  quality=(--counties 20 --enterprises 5000 --runs 3)
  load=(--counties 20 --enterprises 5000 --seconds 5 --mixed-seconds 10 --import-rows 1000)  # checked and imported within the requests (under 5,000 rows)
else
  dashboards=(--runs 5)
  imports=()
  quality=()
  load=()
fi
echo "== Dashboards ($(date -u '+%F %H:%M UTC'))"
$py manage.py bench_dashboards "${dashboards[@]}"
if [ -n "$pg_ready" ] && [ "${DATABASE_URL:-}" != "$pg_url" ]; then
  echo "== Dashboards on PostgreSQL"
  DATABASE_URL=$pg_url $py manage.py bench_dashboards "${dashboards[@]}"
fi
echo "== Spreadsheet import"
$py manage.py bench_import "${imports[@]}"
echo "== Batch validation (quality)"
$py manage.py bench_quality "${quality[@]}"
if [ -n "$load_ready" ]; then
  echo "== Two nodes and load"
  REDIS_URL=$redis_url $py bench/load.py --database "$load_db" "${load[@]}"
fi
