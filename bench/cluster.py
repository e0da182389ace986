"""App nodes and job workers as separate processes on this machine, for the two-node test and the load
benchmark: N gunicorn instances on free ports and a Huey worker, sharing one database and one Redis.

    with Cluster(env, nodes=2, workers_per_node=2, logs=tmp_path) as cluster:
        cluster.urls    # ["http://127.0.0.1:41234", "http://127.0.0.1:41235"]

Every process gets the same environment (DATABASE_URL, REDIS_URL, a random SECRET_KEY, DEBUG off); each
node gets its own port. Processes run in their own session and are stopped with their children.
"""

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def node_env(**overrides) -> dict:
    """The environment of a production-like node: DEBUG off, a random key, the caller's services."""
    return (
        os.environ
        | {
            "DEBUG": "False",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SETTINGS_MODULE": "shangqiu_cbec.settings",
            "JOBS_IMMEDIATE": "False",
        }
        | overrides
    )


def wait_ready(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/accounts/login/")
            last = conn.getresponse().status
            if last == 200:
                return
        except OSError as exc:
            last = exc
        time.sleep(0.2)
    raise RuntimeError(f"node on port {port} did not answer 200 on /accounts/login/ (last: {last})")


def stop(process: subprocess.Popen, timeout: float = 30) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout)


class Cluster:
    """``nodes`` gunicorn instances (``workers_per_node`` workers each) and ``job_workers`` Huey workers."""

    def __init__(self, env: dict, *, nodes: int = 2, workers_per_node: int = 2, job_workers: int = 1, logs: Path):
        self.env, self.logs = env, Path(logs)
        self.nodes, self.workers_per_node, self.job_workers = nodes, workers_per_node, job_workers
        self.ports: list[int] = []
        self.processes: list[subprocess.Popen] = []

    @property
    def node_pids(self) -> list[int]:
        """The app nodes' gunicorn masters (their workers are their children)."""
        return [process.pid for process in self.processes[: len(self.ports)]]

    @property
    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.ports]

    def __enter__(self):
        self.logs.mkdir(parents=True, exist_ok=True)
        try:
            for n in range(self.nodes):
                port = free_port()
                env = self.env | {"BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(self.workers_per_node)}
                cmd = [GUNICORN, "-c", "deploy/gunicorn.conf.py", "shangqiu_cbec.wsgi"]
                self.processes.append(self._spawn(cmd, env, f"node{n + 1}.log"))
                self.ports.append(port)
            for n in range(self.job_workers):
                cmd = [sys.executable, "manage.py", "run_huey", "--workers", "2"]
                self.processes.append(self._spawn(cmd, self.env, f"worker{n + 1}.log"))
            for port in self.ports:
                wait_ready(port)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _spawn(self, cmd, env, log_name) -> subprocess.Popen:
        log = open(self.logs / log_name, "wb")  # noqa: SIM115 - kept open for the process's life
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def __exit__(self, *exc):
        for process in self.processes:
            stop(process)
        self.processes.clear()


class Visitor:
    """One person's browser for scripted visits: cookies (a session cookie is not tied to a port, so it
    goes to every node), CSRF tokens, form posts and file uploads, redirects followed."""

    def __init__(self):
        from http.cookiejar import CookieJar
        from urllib.request import HTTPCookieProcessor, build_opener

        self.jar = CookieJar()
        self.opener = build_opener(HTTPCookieProcessor(self.jar))

    def get(self, url_or_request):
        from urllib.error import HTTPError

        try:
            return self.opener.open(url_or_request, timeout=120)
        except HTTPError as error:
            return error

    def _token(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def post(self, url, data: dict):
        from urllib.parse import urlencode
        from urllib.request import Request

        body = urlencode({"csrfmiddlewaretoken": self._token(), **data}).encode()
        return self.get(Request(url, data=body, headers={"Referer": url}))  # noqa: S310 - http://127.0.0.1 nodes

    def upload(self, url, field: str, name: str, data: bytes):
        import uuid
        from urllib.request import Request

        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{self._token()}\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
                f"Content-Type: text/csv\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": url}
        return self.get(Request(url, data=body, headers=headers))  # noqa: S310 - http://127.0.0.1 nodes

    # The authenticator "app" of each user this script enrolled in two-factor (username -> key).
    keys: dict[str, bytes] = {}

    def login(self, node: str, username: str, password: str) -> None:
        """The password, then the second factor where the portal asks for it: the first time a city admin
        enrols (the key read off the page, as a person types it into an app), later a code from that key."""
        self.get(f"{node}/accounts/login/")
        response = self.post(f"{node}/accounts/login/", {"username": username, "password": password})
        if "/accounts/two-factor/setup/" in response.url:
            response = self._enrol(node, username, response.read().decode())
        elif "/accounts/two-factor/" in response.url:
            response = self._give_code(node, username)
        if response.status != 200 or "/accounts/login/" in response.url or "/two-factor/" in response.url:
            raise RuntimeError(f"{username} could not log in on {node}")

    def _enrol(self, node: str, username: str, html: str):
        import base64
        import re

        secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
        Visitor.keys[username] = base64.b32decode(secret + "=" * (-len(secret) % 8))
        self.post(f"{node}/accounts/two-factor/setup/", {"code": self._code(username, 0)})
        return self.get(f"{node}/")  # past the recovery codes (a person writes them down)

    def _give_code(self, node: str, username: str):
        # A code is good once: the current one, else (used moments ago) the next step's, which is accepted too.
        for step in (0, 1):
            response = self.post(f"{node}/accounts/two-factor/", {"code": self._code(username, step)})
            if "/accounts/two-factor/" not in response.url:
                return response
            time.sleep(1.1)  # a wrong code makes the next wait a second
        return response

    @staticmethod
    def _code(username: str, steps_ahead: int) -> str:
        from django_otp.oath import TOTP

        if username not in Visitor.keys:
            raise RuntimeError(f"{username} has two-factor set up outside this script: no key to make a code")
        totp = TOTP(Visitor.keys[username])
        totp.time = time.time() + 30 * steps_ahead
        return f"{totp.token():06d}"

    def job(self, node: str, job_id: str) -> dict:
        import json

        return json.loads(self.get(f"{node}/jobs/{job_id}/status/").read())

    def follow_job(self, node: str, job_id: str, timeout: float = 300) -> list[dict]:
        """Every distinct state of a job as ``node`` reports it, polled until it has finished."""
        seen, deadline = [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.job(node, job_id)
            if not seen or state != seen[-1]:
                seen.append(state)
            if state["finished"]:
                return seen
            time.sleep(0.05)
        raise RuntimeError(f"job {job_id} did not finish in {timeout} s: {seen[-1]}")
