"""The production settings path: `check --deploy` is clean and settings fail loudly when misconfigured."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION = {
    "DEBUG": "False",
    "SECURE": "True",
    "SECRET_KEY": "x7Kq2Vb9-pR4tLm8Zq1W-dN6sY3hJ0cF5gT2uE7kA9oB4nM1iX8vQ3wS6zD0yR5_93jdk2LmQ",
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


def _example_value(name: str) -> str:
    lines = (ROOT / "deploy" / "production.env.example").read_text(encoding="utf-8").splitlines()
    return next(line.split("=", 1)[1] for line in lines if line.startswith(f"{name}="))


def test_the_placeholder_secret_key_of_the_example_file_is_refused():
    placeholder = _example_value("SECRET_KEY")
    result = manage("check", **(PRODUCTION | {"SECRET_KEY": placeholder}))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_key_of_words_or_a_django_insecure_key_is_refused_too():
    for key in ("please-change-me-" + "x1" * 30, "django-insecure-" + "k3Jd9" * 10, "ab" * 40):
        result = manage("check", **(PRODUCTION | {"SECRET_KEY": key}))
        assert result.returncode != 0, key


def test_a_new_release_migrates_before_its_static_files_are_collected(tmp_path):
    # Given production settings and no manifest of hashed static names yet (collectstatic comes after migrate)
    database = f"sqlite:///{tmp_path / 'release.sqlite3'}"
    # When the release step runs migrate, the URLs are loaded (the system checks) without the manifest
    result = manage("migrate", "--noinput", "-v0", **(PRODUCTION | {"DATABASE_URL": database}))
    # Then it succeeds
    assert result.returncode == 0, result.stdout + result.stderr
