"""Load benchmark: app nodes (gunicorn) on one PostgreSQL and one Redis with the large data set.

    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/load.py          # 2 nodes, 50 clients, 100,000 firms
    .venv/bin/python bench/load.py --enterprises 5000 --counties 20 --seconds 5   # quick run

Steps: (1) a fresh PostgreSQL database (default ``cbec_load`` on 127.0.0.1:5432): migrate, the plan, the
data set of ``bench_dashboards``, collectstatic, VACUUM ANALYZE; (2) ``--nodes`` gunicorn nodes
(deploy/gunicorn.conf.py, DEBUG off, ``--workers`` each) and a job worker, sharing the database and Redis
(bench/cluster.py); (3) two-node check: the overview computed through node A is served by node B from the
shared cache, a quarterly report approved through A shows approved through B at once and B recomputes the
overview (ok/FAIL per check; the exit status is 1 if one fails); (4) read run: for each of four pages, ``--clients`` keep-alive clients logged in as a
leader, spread evenly over the nodes, after a warm-up; p95 against the goal; (5) mixed run: all clients
but one read the four pages in turn while a city admin approves the submitted quarterly reports one
after another and a county officer imports a file of ``--import-rows`` enterprises (upload, check,
confirm, import: in background jobs over IMPORT_BACKGROUND_ROWS, 5,000 rows), each through the nodes in turn: errors and p95 printed;
(6) stop everything, drop the database and this run's Redis keys. Traffic stays on 127.0.0.1.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import drivers  # noqa: E402
from bench.cluster import Cluster, Visitor, node_env  # noqa: E402

PY = sys.executable
GOAL_P95_MS = 150
PASSWORD = "Load-test-2016"  # noqa: S105 - throwaway accounts in a throwaway database

SETUP = """
import django, json, sys
django.setup()
from django.contrib.auth.models import Group, User
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from counties import roles
from counties.models import County, Membership, QuarterlyReport
from targets.loading import load_all
from dashboards.management.commands.bench_dashboards import generate
plan = load_all()[0]
sizes = generate(plan, int(sys.argv[1]), int(sys.argv[2]))
leader = User.objects.create_user("load-leader")
leader.groups.add(Group.objects.get(name=roles.LEADERSHIP))
session = SessionStore()
session[SESSION_KEY] = str(leader.pk)
session[BACKEND_SESSION_KEY] = "signin.backends.RoleAwareBackend"
session[HASH_SESSION_KEY] = leader.get_session_auth_hash()
session.create()
admin = User.objects.create_user("load-admin", password=sys.argv[3], is_staff=True)
admin.groups.add(Group.objects.get(name=roles.CITY_ADMIN))
officer = User.objects.create_user("load-officer", password=sys.argv[3])
officer.groups.add(Group.objects.get(name=roles.COUNTY_STAFF))
Membership.objects.create(user=officer, county=County.objects.get(code="411402"))
submitted = QuarterlyReport.objects.filter(status="submitted").order_by("county__order", "pk")
county = County.objects.filter(code__startswith="BENCH").first()
print(json.dumps({"session": session.session_key, "year": plan.end_year, "county": county.code, "sizes": sizes,
                  "submitted": list(submitted.values_list("pk", "version"))}))
"""


def psql(sql: str, dbname: str = "postgres") -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", dbname, "-qc", sql], check=True)


def prepare(args, env) -> dict:
    """A fresh database with the data set; static files collected as for production."""
    psql(f"DROP DATABASE IF EXISTS {args.database}")
    psql(f"CREATE DATABASE {args.database}")
    t0 = time.perf_counter()
    subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    out = subprocess.run(
        [PY, "-c", SETUP, str(args.counties), str(args.enterprises), PASSWORD],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    info = json.loads(out.strip().splitlines()[-1])
    # A settled database, as in production: otherwise autovacuum works through the fresh rows mid-run.
    psql("VACUUM ANALYZE", args.database)
    print(f"data set ready in {time.perf_counter() - t0:.0f} s: {info['sizes']}")
    return info


def ms(value) -> str:
    return f"{value:9.0f}" if value is not None else f"{'-':>9}"


def print_row(label: str, r: dict, goal: bool) -> None:
    verdict = ""
    if goal and r["p95"] is not None:
        verdict = "   met" if r["p95"] < GOAL_P95_MS and not r["errors"] else "   NOT MET"
    print(
        f"{label:<26}{r['requests']:>9}{r['errors']:>8}{r['rps']:>9.1f}{ms(r['p50'])}{ms(r['p95'])}{ms(r['p99'])}"
        f"{'  < ' + str(GOAL_P95_MS) if goal else '':>8}{verdict}"
    )
    if r.get("first_error"):
        print(f"    first error: {r['first_error']}")


HEADER = f"{'page':<26}{'requests':>9}{'errors':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'goal':>8}"


def two_node_check(cluster, info, year: int) -> list[str]:
    """Write through one node, read through the other, before any load: a page computed on node A is
    served from the shared cache by node B; a report approved through A is approved on B's report page at
    once, and B recomputes the overview (a new data version) instead of serving the old one. Returns the
    failed checks (printed); one submitted report is used up (the mixed run approves the others)."""
    if len(cluster.urls) < 2:
        return []
    a, b = cluster.urls[:2]
    leader = {"Cookie": f"sessionid={info['session']}"}
    page = f"/?year={year}"
    failures: list[str] = []

    def check(label: str, ok: bool, detail: str) -> None:
        print(f"  {'ok  ' if ok else 'FAIL'} {label}: {detail}")
        if not ok:
            failures.append(label)

    def get(node: str, path: str, headers: dict) -> tuple[float, int, str, str]:
        start = time.perf_counter()
        response = drivers.fetch(node, path, headers)
        return (time.perf_counter() - start) * 1000, *response

    print(f"\nTwo nodes: A = {a}, B = {b}; write through one, read through the other")
    for node in (a, b):  # each node's workers have loaded the templates and catalogues: timings are steady state
        for _ in range(4):
            drivers.fetch(node, "/milestones/", leader)
    ms_a, status_a, cache_a, _ = get(a, page, leader)
    ms_b, status_b, cache_b, _ = get(b, page, leader)
    key_a = cache_a.rpartition("key=")[2]
    check(
        "overview computed on A, served by B from the shared cache",
        status_a == status_b == 200 and cache_b.startswith("hit") and cache_b.endswith(key_a),
        f"A {cache_a or '-'} {ms_a:.0f} ms; B {cache_b or '-'} {ms_b:.1f} ms",
    )
    pk, version = info["submitted"].pop(0)
    admin = Visitor()
    admin.login(a, "load-admin", PASSWORD)
    start = time.perf_counter()
    approved = admin.post(f"{a}/reports/{pk}/approve/", {"version": version})
    approve_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    detail = admin.get(f"{b}/reports/{pk}/").read().decode()
    detail_ms = (time.perf_counter() - start) * 1000
    check(
        "report approved through A is approved on B",
        approved.status == 200 and '<span class="tag">已审核</span>' in detail,
        f"approve on A {approve_ms:.0f} ms, report page on B {detail_ms:.0f} ms",
    )
    ms_b2, status_b2, cache_b2, _ = get(b, page, leader)
    ms_a2, _, cache_a2, _ = get(a, page, leader)
    key_b2 = cache_b2.rpartition("key=")[2]
    check(
        "B recomputes the overview after the write, A then serves B's page",
        status_b2 == 200 and cache_b2.startswith("miss") and key_b2 != key_a and cache_a2 == f"hit; key={key_b2}",
        f"B {cache_b2 or '-'} {ms_b2:.0f} ms; A {cache_a2 or '-'} {ms_a2:.1f} ms",
    )
    return failures


def read_run(args, cluster, info, pages) -> None:
    print(
        f"\nRead run: {args.clients} concurrent clients ({args.client}) over {args.nodes} node(s); "
        f"{args.seconds:g} s or {args.max_requests} requests per page; goal p95 < {GOAL_P95_MS} ms\n"
    )
    print(HEADER)
    costs = []
    for label, path in pages:
        drivers.warm_up(cluster.ports, info["session"], [path])
        with drivers.CpuMeter(cluster.node_pids, args.database) as meter:
            r = drivers.drive(
                args.client, cluster.ports, info["session"], [path], args.clients, args.seconds, args.max_requests
            )
        print_row(label, r, goal=True)
        costs.append((label, *meter.per_request(r["requests"])))
    cores = os.cpu_count() or 1
    print(
        "\nCPU per request (app nodes' processes / PostgreSQL's, measured with /proc: the work, whatever else "
        "runs),\nthe throughput it allows on idle cores, and the latency that clients who never pause would then "
        "see on average (clients / throughput):"
    )
    for label, app_ms, db_ms in costs:
        capacity = cores * 1000 / (app_ms + db_ms)
        print(
            f"  {label:<26}{app_ms:6.1f} + {db_ms:4.1f} ms  -> at most {capacity:5.0f} req/s on {cores} cores, "
            f"mean >= {args.clients / capacity * 1000:4.0f} ms at {args.clients} clients"
        )


def mixed_run(args, cluster, info, pages) -> None:
    readers = args.clients - 1
    print(
        f"\nMixed run ({args.mixed_seconds:g} s): {readers} readers cycle through the four pages on "
        f"{args.nodes} node(s) while a city admin approves submitted quarterly reports one after another "
        f"and a county officer imports {args.import_rows:,} enterprises (in background jobs from 5,000 rows)\n"
    )
    writers = Writers(cluster.urls, info["submitted"], args.import_rows)
    writers.start()
    paths = [path for _, path in pages]
    r = drivers.drive(args.client, cluster.ports, info["session"], paths, readers, args.mixed_seconds, 10**9)
    writers.stop()
    print(HEADER)
    print_row("readers (four pages)", r, goal=False)
    writers.report()


class Writers:
    """The writing side of the mixed run: approvals and one background import, through the nodes in turn."""

    def __init__(self, urls, submitted, import_rows):
        self.urls, self.submitted, self.import_rows = urls, submitted, import_rows
        self.stopping = threading.Event()
        self.approvals: list[float] = []
        self.errors: list[str] = []
        self.import_steps: dict[str, float] = {}
        self.threads = [threading.Thread(target=self._approve), threading.Thread(target=self._import)]

    def start(self):
        for thread in self.threads:
            thread.start()

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join()

    def _approve(self):
        admin = Visitor()
        admin.login(self.urls[0], "load-admin", PASSWORD)
        for n, (pk, version) in enumerate(self.submitted):
            if self.stopping.is_set():
                return
            node = self.urls[n % len(self.urls)]
            start = time.perf_counter()
            response = admin.post(f"{node}/reports/{pk}/approve/", {"version": version})
            body = response.read().decode()
            self.approvals.append((time.perf_counter() - start) * 1000)
            if response.status != 200 or "msg-error" in body:
                self.errors.append(f"approve {pk} on {node}: HTTP {response.status}")
            self.stopping.wait(0.5)  # a person reading the next report

    def _import(self):
        a, b = self.urls[0], self.urls[-1]
        officer = Visitor()
        try:
            officer.login(a, "load-officer", PASSWORD)
            officer.get(f"{a}/spreadsheets/import/enterprises/")
            lines = ["企业名称,统一社会信用代码,县区,备案认定日期"]
            lines += [f"负载测试企业{n},{_credit_code(n)},梁园,2018-03-01" for n in range(self.import_rows)]
            start = time.perf_counter()
            uploaded = officer.upload(
                f"{a}/spreadsheets/import/enterprises/", "file", "load.csv", "\n".join(lines).encode()
            )
            # Over IMPORT_BACKGROUND_ROWS (5,000) rows a job checks the file; a smaller one is checked in the request.
            preview = self._finished(officer, b, uploaded, "check")["result_url"]
            self.import_steps["upload and check"] = time.perf_counter() - start
            start = time.perf_counter()
            confirmed = officer.post(f"{b}{preview}confirm/", {})
            self._finished(officer, a, confirmed, "import")
            self.import_steps["confirm and import"] = time.perf_counter() - start
        except Exception as exc:  # reported with the figures
            self.errors.append(f"import: {exc}")

    @staticmethod
    def _finished(officer, node: str, response, step: str) -> dict:
        """The outcome of an upload or a confirmation: its job followed through ``node`` to the end when it
        went to the background, else the page the request led to."""
        if response.status != 200:
            raise RuntimeError(f"{step}: HTTP {response.status}")
        path = urlsplit(response.url).path
        job = re.fullmatch(r"/jobs/([0-9a-f-]+)/", path)
        if job is None:
            if "msg-error" in response.read().decode():
                raise RuntimeError(f"{step}: the page shows an error ({path})")
            return {"status": "succeeded", "result_url": path}
        state = officer.follow_job(node, job.group(1))[-1]
        if state["status"] != "succeeded":
            raise RuntimeError(f"{step} job {state['status']}: {state['error']}")
        return state

    def report(self):
        done = self.approvals
        p95 = drivers.percentile(done, 95) if done else None
        print(
            f"{'approvals (city admin)':<26}{len(done):>9}{sum('approve' in e for e in self.errors):>8}{'':>9}"
            f"{ms(statistics.median(done) if done else None)}{ms(p95)}"
        )
        steps = ", ".join(f"{k} {v:.1f} s" for k, v in self.import_steps.items()) or "not finished"
        import_errors = [e for e in self.errors if e.startswith("import")]
        print(f"{'import (county officer)':<26}{self.import_rows:>9}{len(import_errors):>8}   {steps}")
        for error in self.errors[:5]:
            print(f"    error: {error}")
        print(f"\nmixed run: {'no errors' if not self.errors else f'{len(self.errors)} error(s)'}")


def _credit_code(n: int) -> str:
    from stdnum.cn import uscc

    body = f"91411402{n:09d}"
    return body + uscc.calc_check_digit(body)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--counties", type=int, default=200)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--nodes", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per node")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=15, help="time per page (bounded)")
    parser.add_argument("--max-requests", type=int, default=10_000, help="requests per page at most")
    parser.add_argument("--mixed-seconds", type=float, default=30)
    parser.add_argument("--import-rows", type=int, default=6000)
    parser.add_argument("--database", default="cbec_load")
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--client",
        choices=["wrk", "python"],
        default="wrk" if shutil.which("wrk") else "python",
        help="load generator: wrk (Debian package, default when installed) or Python threads",
    )
    args = parser.parse_args()

    import redis

    redis.from_url(args.redis).ping()  # fails here, clearly, if Redis is not running
    run = uuid.uuid4().hex[:8]
    env = node_env(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{args.database}",
        REDIS_URL=args.redis,
        CACHE_KEY_PREFIX=f"load{run}",
        HUEY_NAME=f"load{run}",
    )
    print(f"Load benchmark on {os.cpu_count()} cores; {drivers.load_average()}")
    try:
        info = prepare(args, env)
        year, county = info["year"], info["county"]
        pages = [
            ("overview /", f"/?year={year}"),
            ("scorecard", f"/scorecard/{year}/"),
            ("county page (梁园区)", "/counties/411402/"),
            ("county page (generated)", f"/counties/{county}/"),
        ]
        logs = ROOT / "bench-data" / "logs"
        with Cluster(env, nodes=args.nodes, workers_per_node=args.workers, logs=logs) as cluster:
            print(f"{args.nodes} node(s) x {args.workers} gunicorn workers, 1 job worker; logs in {logs}")
            failures = two_node_check(cluster, info, year)
            read_run(args, cluster, info, pages)
            if args.mixed_seconds:
                mixed_run(args, cluster, info, pages)
        print(f"\nAfterwards: {drivers.load_average()}")
        if failures:
            print(f"\ntwo-node checks failed: {', '.join(failures)}")
        return 1 if failures else 0
    finally:
        if not args.keep:
            psql(f"DROP DATABASE IF EXISTS {args.database}")
        client = redis.from_url(args.redis)
        for key in client.scan_iter(f"*load{run}*"):
            client.delete(key)


if __name__ == "__main__":
    sys.exit(main())
