"""The optional read replica (DATABASE_REPLICA_URL): the dashboards read the plan's data from it; who is
signed in, and every write, stay on the primary."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from counties.models import Membership, QuarterlyReport
from enterprises.models import Enterprise
from shangqiu_cbec import replica
from shangqiu_cbec.replica import ReplicaRouter, reading_from_replica
from targets.models import DataChange

ROOT = Path(__file__).resolve().parents[1]

# Run in a process of its own, on two SQLite files standing for the primary and its replica.
READ_THROUGH_BOTH = """
import django
from decimal import Decimal
django.setup()
from django.contrib.auth.models import Group, User
from django.test import Client
from counties import roles
from counties.models import County, QuarterlyReport
from targets.models import DataChange

# The replica has a quarter the primary does not (as if the primary's copy were behind, or the reverse)
county = County.objects.using("replica").get(code="411402")
QuarterlyReport.objects.using("replica").create(
    county=county, year=2016, quarter=1, status="approved",
    transaction_usd=Decimal(500_000_000), employees=10, reporting_enterprises=1)
DataChange.objects.using("replica").create()
assert not QuarterlyReport.objects.using("default").exists()

# and the leader exists on the primary only
leader = User.objects.create_user("leader-on-primary")
leader.groups.add(Group.objects.get(name=roles.LEADERSHIP))
client = Client()
client.force_login(leader)
overview = client.get("/", {"year": 2016})
print("overview", overview.status_code, "5.00亿美元" in overview.content.decode())
jobs = client.get("/jobs/")
print("jobs", jobs.status_code)
"""


def test_the_overview_reads_the_replica_while_the_login_comes_from_the_primary(tmp_path):
    primary, copy = tmp_path / "primary.sqlite3", tmp_path / "replica.sqlite3"
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "True",
        "DATABASE_URL": f"sqlite:///{primary}",
        "DATABASE_REPLICA_URL": f"sqlite:///{copy}",
        "DJANGO_SETTINGS_MODULE": "shangqiu_cbec.settings",
        "ALLOWED_HOSTS": "testserver",
        "HUEY_SQLITE_PATH": str(tmp_path / "huey.sqlite3"),
    }

    def run(*args):
        done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done

    run("manage.py", "migrate", "-v0")
    run("manage.py", "load_plan")
    shutil.copy(primary, copy)  # the replica: a copy of the primary (SQLite has no WAL left after exit)

    out = run("-c", READ_THROUGH_BOTH).stdout.split("\n")

    assert "overview 200 True" in out  # signed in from the primary, figures from the replica
    assert "jobs 200" in out


def test_the_router_sends_the_dashboards_reads_of_the_plans_data_to_the_replica(monkeypatch):
    monkeypatch.setattr(replica, "replica_configured", lambda: True)
    router = ReplicaRouter()

    assert router.db_for_read(Enterprise) is None  # outside a dashboard view: the primary
    with reading_from_replica():
        assert router.db_for_read(Enterprise) == "replica"
        assert router.db_for_read(QuarterlyReport) == "replica"
        assert router.db_for_read(DataChange) == "replica"  # the version of the data it computes from
        assert router.db_for_read(Membership) is None  # who belongs where: the primary's word
        from django.contrib.auth.models import User
        from django.contrib.sessions.models import Session

        assert router.db_for_read(User) is None and router.db_for_read(Session) is None
        assert router.db_for_write(Enterprise) == "default"


def test_without_a_replica_nothing_is_routed():
    with reading_from_replica():
        assert ReplicaRouter().db_for_read(Enterprise) is None


def test_the_replica_is_never_migrated():
    assert ReplicaRouter().allow_migrate("replica", "enterprises") is False
    assert ReplicaRouter().allow_migrate("default", "enterprises") is True


@pytest.mark.parametrize("view", ["dashboards.views.dashboards", "dashboards.views.drilldown"])
def test_the_dashboards_are_the_views_that_read_from_the_replica(settings, view):
    assert view.startswith(tuple(settings.REPLICA_VIEWS))
