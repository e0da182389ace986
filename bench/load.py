"""Load benchmark: gunicorn on PostgreSQL with the large data set, driven from a second process.

    .venv/bin/python bench/load.py                    # 200 counties, 100,000 enterprises, 20 clients
    .venv/bin/python bench/load.py --enterprises 2000 --counties 20 --seconds 5   # quick run

Steps: (1) create a fresh PostgreSQL database (default ``cbec_load`` on 127.0.0.1:5432), migrate it,
load the plan and generate the data set (the same generator as ``bench_dashboards``); (2) start
gunicorn (deploy/gunicorn.conf.py, DEBUG off) on 127.0.0.1; (3) from a separate process, N concurrent
keep-alive clients logged in as a leader request each page for a bounded time and count; (4) print
requests/s and p50/p95/p99 per page; (5) stop gunicorn and drop the database. Traffic goes to
127.0.0.1 only.
"""

import argparse
import http.client
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")

SETUP = """
import django, json, sys
django.setup()
from django.contrib.auth.models import Group, User
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from counties import roles
from counties.models import County
from targets.loading import load_all
from targets.management.commands.bench_dashboards import generate
plan = load_all()[0]
sizes = generate(plan, int(sys.argv[1]), int(sys.argv[2]))
leader = User.objects.create_user("load-leader")
leader.groups.add(Group.objects.get(name=roles.LEADERSHIP))
session = SessionStore()
session[SESSION_KEY] = str(leader.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = leader.get_session_auth_hash()
session.create()
county = County.objects.filter(code__startswith="BENCH").first()
print(json.dumps({"session": session.session_key, "year": plan.end_year, "county": county.code, "sizes": sizes}))
"""


def psql(sql: str, dbname: str = "postgres") -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", dbname, "-qc", sql], check=True)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def drive(port: int, session: str, path: str, clients: int, seconds: float, max_requests: int) -> dict:
    """``clients`` threads on keep-alive connections request ``path`` until time or count runs out."""
    latencies: list[float] = []
    errors = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    headers = {"Cookie": f"sessionid={session}", "Host": "127.0.0.1"}

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.perf_counter() < deadline:
            with lock:
                if len(latencies) + len(errors) >= max_requests:
                    break
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException) as exc:
                ok, response = False, exc
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                (latencies if ok else errors).append(elapsed if ok else str(getattr(response, "status", response)))
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "rps": len(latencies) / wall if wall else 0,
        "p50": percentile(latencies, 50) if latencies else None,
        "p95": percentile(latencies, 95) if latencies else None,
        "p99": percentile(latencies, 99) if latencies else None,
        "mean": statistics.fmean(latencies) if latencies else None,
        "first_error": errors[0] if errors else None,
    }


def drive_wrk(port: int, session: str, path: str, clients: int, seconds: float, max_requests: int) -> dict:
    """The same with wrk (a C client that leaves the CPU to the server): 2 threads, ``clients`` connections."""
    threads = min(2, clients)
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{clients}",
            f"-d{seconds:g}s",
            "--timeout",
            "30s",
            "-H",
            f"Cookie: sessionid={session}",
            "-s",
            str(ROOT / "bench" / "wrk_report.lua"),
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ | {"WRK_MAX_PER_THREAD": str(max(1, max_requests // threads))},
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def run_clients(args) -> None:
    """The second process: drive every page and print one JSON line per page."""
    for label, path in json.loads(args.pages):
        # Warm up: every worker computes the page once (bench_dashboards measures that cold time).
        drive(args.port, args.session, path, min(args.clients, 8), 5, 40)
        if args.client == "wrk":
            result = drive_wrk(args.port, args.session, path, args.clients, args.seconds, args.max_requests)
        else:
            result = drive(args.port, args.session, path, args.clients, args.seconds, args.max_requests)
        print(json.dumps({"page": label, "path": path, **result}), flush=True)


def wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    status = None
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/accounts/login/")
            status = conn.getresponse().status
            if status == 200:
                return
        except OSError as exc:
            status = exc
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer 200 on /accounts/login/ (last: {status})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--counties", type=int, default=200)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15, help="time per page (bounded)")
    parser.add_argument("--max-requests", type=int, default=5000, help="requests per page at most")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--database", default="cbec_load")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--client",
        choices=["wrk", "python"],
        default="wrk" if shutil.which("wrk") else "python",
        help="load generator: wrk (Debian package, default when installed) or Python threads",
    )
    parser.add_argument("--as-clients", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--session", help=argparse.SUPPRESS)
    parser.add_argument("--pages", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.as_clients:
        run_clients(args)
        return 0

    env = os.environ | {
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.database}",
        "DEBUG": "False",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SETTINGS_MODULE": "shangqiu_cbec.settings",
        "BIND": f"127.0.0.1:{args.port}",
        "WEB_CONCURRENCY": str(args.workers),
    }
    psql(f"DROP DATABASE IF EXISTS {args.database}")
    psql(f"CREATE DATABASE {args.database}")
    server = None
    try:
        t0 = time.perf_counter()
        subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        out = subprocess.run(
            [PY, "-c", SETUP, str(args.counties), str(args.enterprises)],
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
        log = open(ROOT / "bench" / "gunicorn.log", "w")  # noqa: SIM115 - closed with the server
        server = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "shangqiu_cbec.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )
        wait_for(args.port)
        year, county = info["year"], info["county"]
        pages = [
            ("overview /", f"/?year={year}"),
            ("scorecard", f"/scorecard/{year}/"),
            ("county page (梁园区)", "/counties/411402/"),
            ("county page (generated)", f"/counties/{county}/"),
        ]
        print(
            f"gunicorn: {args.workers} workers; {args.clients} concurrent clients ({args.client}); "
            f"{args.seconds:g} s or {args.max_requests} requests per page\n"
        )
        print(f"{'page':<26}{'requests':>9}{'errors':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
        clients = subprocess.Popen(
            [
                PY,
                __file__,
                "--as-clients",
                "--port",
                str(args.port),
                "--session",
                info["session"],
                "--clients",
                str(args.clients),
                "--seconds",
                str(args.seconds),
                "--max-requests",
                str(args.max_requests),
                "--pages",
                json.dumps(pages),
                "--client",
                args.client,
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for line in clients.stdout:
            r = json.loads(line)
            fmt = lambda v: f"{v:9.0f}" if v is not None else f"{'-':>9}"  # noqa: E731
            print(
                f"{r['page']:<26}{r['requests']:>9}{r['errors']:>8}{r['rps']:>9.1f}"
                f"{fmt(r['p50'])}{fmt(r['p95'])}{fmt(r['p99'])}"
            )
            if r["first_error"]:
                print(f"    first error: {r['first_error']}")
        clients.wait()
        return clients.returncode
    finally:
        if server:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        if not args.keep:
            psql(f"DROP DATABASE IF EXISTS {args.database}")


if __name__ == "__main__":
    sys.exit(main())
