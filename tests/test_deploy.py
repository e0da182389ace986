"""The production settings path: `check --deploy` is clean and settings fail loudly when misconfigured."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = {
    "DEBUG": "False",
    "SECURE": "True",
    "SECRET_KEY": "x7Kq2-production-like-secret-key-with-enough-length-and-variety-93jdk2LmQ",
    "ALLOWED_HOSTS": "cbec.example.gov.cn",
    "DATABASE_URL": "sqlite:////tmp/cbec-deploy-check.sqlite3",
}


def manage(*args, **env):
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak into the production check.
    skip = set(PRODUCTION) | {"DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in skip} | env
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_with_production_settings_gives_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_a_secret_key_refuses_to_start():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = manage("check", **env, SECRET_KEY="")
    assert result.returncode != 0


def test_a_malformed_database_url_is_not_guessed():
    result = manage("check", **(PRODUCTION | {"DATABASE_URL": "not-a-url://"}))
    assert result.returncode != 0
