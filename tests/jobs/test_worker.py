"""Real workers (``manage.py run_huey``) in their own processes: a job killed with its worker is run
again by the next worker; a worker stopped with SIGINT lets its job finish first.

The processes share a scratch SQLite database file (a test database in memory would be invisible to
them) and the queue the settings choose: a SQLite file, or Redis when REDIS_URL is set (CI's second run).
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LEASE = 2  # seconds: short, so that a dead worker's job is taken back quickly


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A migrated scratch database and the environment for processes that use it."""
    tmp = tmp_path_factory.mktemp("worker")
    queue = uuid.uuid4().hex[:8]
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "HUEY_SQLITE_PATH": str(tmp / "huey.sqlite3"),
        "HUEY_NAME": f"test{queue}",  # its own queue, even on a shared Redis
        "JOBS_LEASE_SECONDS": str(LEASE),
        "JOBS_MAX_POLL_SECONDS": "0.2",
        "DEBUG": "True",
        "JOBS_IMMEDIATE": "False",
    }
    manage("migrate", "-v0", env=env)
    yield {"env": env, "db": tmp / "db.sqlite3"}
    if os.environ.get("REDIS_URL"):
        import redis

        client = redis.from_url(os.environ["REDIS_URL"])
        for key in client.scan_iter(f"huey.*{queue}*"):
            client.delete(key)


def manage(*args, env, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, **kw)


def start_job(site, steps: int, seconds: float) -> str:
    code = f"from tests.jobs import handlers; print(handlers.sleeper.start(steps={steps}, seconds={seconds}).pk)"
    out = manage("shell", "-c", code, env=site["env"], capture_output=True, text=True).stdout
    return uuid.UUID(out.strip().splitlines()[-1]).hex


def start_worker(site) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_huey", "--workers", "1"],
        cwd=ROOT,
        env=site["env"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def job_row(site, job_id: str) -> dict:
    with sqlite3.connect(site["db"]) as db:
        db.row_factory = sqlite3.Row
        return dict(db.execute("SELECT * FROM jobs_job WHERE id = ?", [job_id]).fetchone())


def wait_for(site, job_id, condition, timeout=30) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = job_row(site, job_id)
        if condition(row):
            return row
        time.sleep(0.1)
    raise AssertionError(f"job did not get there in {timeout} s: {row}")


@pytest.fixture
def workers():
    started = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(10)


def test_a_job_killed_with_its_worker_runs_again_on_the_next_worker(site, workers):
    job = start_job(site, steps=12, seconds=0.25)
    workers.append(first := start_worker(site))
    wait_for(site, job, lambda r: r["status"] == "running")
    time.sleep(0.6)  # mid-run

    first.send_signal(signal.SIGKILL)
    first.wait(10)
    assert job_row(site, job)["status"] == "running"  # the row still says so: nobody told it

    time.sleep(LEASE + 0.5)  # the lease lapses
    workers.append(start_worker(site))
    row = wait_for(site, job, lambda r: r["status"] in ("succeeded", "failed"))

    assert row["status"] == "succeeded"
    assert row["attempts"] == 2
    assert '"attempt": 2' in row["result"]


def test_a_worker_stopped_with_sigint_lets_its_job_finish(site, workers):
    job = start_job(site, steps=8, seconds=0.25)
    workers.append(worker := start_worker(site))
    wait_for(site, job, lambda r: r["status"] == "running")

    worker.send_signal(signal.SIGINT)
    worker.wait(30)

    row = job_row(site, job)
    assert row["status"] == "succeeded" and row["attempts"] == 1
