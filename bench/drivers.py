"""Load generators for bench/load.py: wrk (a C client that leaves the CPU to the servers) or, where wrk is
not installed, Python threads in a process of their own. Both spread the clients evenly over the nodes'
ports and cycle each client through the given paths; both return the same figures."""

import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def drive(client: str, ports, session, paths, clients: int, seconds: float, max_requests: int) -> dict:
    if client == "wrk":
        return drive_wrk(ports, session, paths, clients, seconds, max_requests)
    args = json.dumps([list(ports), session, list(paths), clients, seconds, max_requests])
    out = subprocess.run([sys.executable, __file__, args], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def load_average() -> str:
    """The machine's load, printed beside the figures: other work on the same cores slows every page."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f} (1 / 5 / 15 min)"


def _stat(pid: int) -> list[str] | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            return f.read().rpartition(")")[2].split()
    except OSError:
        return None


def process_tree(root: int) -> list[int]:
    """``root`` and every process descended from it (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (fields := _stat(int(entry))):
            children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def database_backends(database: str) -> list[int]:
    """PostgreSQL's server processes serving ``database`` (their command line names it)."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    command = f.read().decode(errors="replace")
            except OSError:
                continue
            if command.startswith("postgres: ") and f" {database} " in command:
                pids.append(int(entry))
    return pids


def cpu_seconds(pids) -> dict[int, float]:
    """CPU time (user + system) used so far by each of ``pids`` that still runs."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {}
    for pid in pids:
        if fields := _stat(pid):
            used[pid] = (int(fields[11]) + int(fields[12])) / tick
    return used


class CpuMeter:
    """CPU time the app nodes' processes and the database's server processes spend while a run lasts: the
    cost of a request in CPU milliseconds, which other work on the machine does not change (it changes the
    wait for a core, not the work), and so the throughput two idle cores could give."""

    def __init__(self, roots, database: str):
        self.roots, self.database = roots, database

    def __enter__(self):
        self.app = cpu_seconds(p for root in self.roots for p in process_tree(root))
        self.db = cpu_seconds(database_backends(self.database))
        return self

    def __exit__(self, *exc):
        app = cpu_seconds(p for root in self.roots for p in process_tree(root))
        db = cpu_seconds(database_backends(self.database))
        self.app_seconds = sum(app[p] - self.app.get(p, 0) for p in app)
        self.db_seconds = sum(db[p] - self.db.get(p, 0) for p in db)

    def per_request(self, requests: int) -> tuple[float, float]:
        """CPU milliseconds per request: app nodes, database."""
        n = max(requests, 1)
        return self.app_seconds * 1000 / n, self.db_seconds * 1000 / n


def fetch(node: str, path: str, headers: dict) -> tuple[int, str, str]:
    """One GET of ``path`` on ``node`` (http://host:port): status, X-Dashboard-Cache header and body."""
    host, port = node.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    try:
        conn.request("GET", path, headers={"Host": host, **headers})
        response = conn.getresponse()
        return response.status, response.getheader("X-Dashboard-Cache") or "", response.read().decode()
    finally:
        conn.close()


def warm_up(ports, session, paths) -> None:
    """Every node renders each page once (the first computes it; bench_dashboards measures that time)."""
    drive_python(ports, session, paths, 2 * len(ports), 5, 10 * len(ports))


def drive_wrk(ports, session, paths, clients, seconds, max_requests) -> dict:
    """wrk with one thread per node, ``clients`` connections in all (bench/wrk_report.lua)."""
    threads = len(ports)
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{max(clients, threads)}",
            f"-d{seconds:g}s",
            "--timeout",
            "30s",
            "-H",
            f"Cookie: sessionid={session}",
            "-s",
            str(ROOT / "bench" / "wrk_report.lua"),
            f"http://127.0.0.1:{ports[0]}{paths[0]}",
        ],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ
        | {
            "WRK_NODES": ",".join(f"127.0.0.1:{port}" for port in ports),
            "WRK_PATHS": ",".join(paths),
            "WRK_MAX_PER_THREAD": str(max(1, max_requests // threads)),
        },
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def drive_python(ports, session, paths, clients, seconds, max_requests) -> dict:
    """``clients`` threads on keep-alive connections, client i on node i mod N, cycling through paths."""
    latencies: list[float] = []
    errors = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    headers = {"Cookie": f"sessionid={session}", "Host": "127.0.0.1"}

    def client(i):
        port = ports[i % len(ports)]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        turn = i
        while time.perf_counter() < deadline:
            with lock:
                if len(latencies) + len(errors) >= max_requests:
                    break
            turn += 1
            start = time.perf_counter()
            try:
                conn.request("GET", paths[turn % len(paths)], headers=headers)
                response = conn.getresponse()
                response.read()
                ok, problem = response.status == 200, f"HTTP {response.status}"
            except (OSError, http.client.HTTPException) as exc:
                ok, problem = False, repr(exc)
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                (latencies if ok else errors).append(elapsed if ok else problem)
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return {
        "requests": len(latencies) + len(errors),
        "errors": len(errors),
        "rps": len(latencies) / wall if wall else 0,
        "p50": percentile(latencies, 50) if latencies else None,
        "p95": percentile(latencies, 95) if latencies else None,
        "p99": percentile(latencies, 99) if latencies else None,
        "mean": statistics.fmean(latencies) if latencies else None,
        "first_error": errors[0] if errors else None,
    }


if __name__ == "__main__":
    print(json.dumps(drive_python(*json.loads(sys.argv[1]))))
