"""Two app nodes (two gunicorn instances on their own ports) on one PostgreSQL and one Redis, with a job
worker beside them: what one node writes, the other shows at once; a page computed on one is served
from the shared cache by the other; a session, a job and its progress are the same from either node.

Needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL): skipped without them, required in CI
(REQUIRE_REDIS=1 on the PostgreSQL run). The nodes use the test database, so the test commits its data
(transactional) and stops the processes before the database is emptied.
"""

import os
import re
import uuid
from decimal import Decimal

import pytest
from django.db import connection

from bench import cluster
from bench.cluster import Cluster, node_env
from counties.models import QuarterlyReport, ReportStatus
from enterprises.models import Enterprise
from tests import builders
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.two_nodes, pytest.mark.django_db(transaction=True)]


def _services_or_skip() -> str:
    redis_url = os.environ.get("REDIS_URL", "")
    problem = None
    if connection.vendor != "postgresql":
        problem = "needs PostgreSQL (DATABASE_URL)"
    elif not redis_url:
        problem = "needs Redis (REDIS_URL)"
    else:
        import redis

        try:
            redis.from_url(redis_url).ping()
        except redis.RedisError as exc:
            problem = f"Redis at {redis_url} does not answer: {exc}"
    if problem:
        if os.environ.get("REQUIRE_REDIS") and connection.vendor == "postgresql":
            pytest.fail(f"two-node test {problem}, and REQUIRE_REDIS is set")
        pytest.skip(f"two-node test {problem}")
    return redis_url


@pytest.fixture
def nodes(tmp_path, transactional_db):
    redis_url = _services_or_skip()
    db = connection.settings_dict
    run = uuid.uuid4().hex[:8]
    env = node_env(
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX=f"twonodes{run}",  # this run's cache and queue only, on a shared Redis
        HUEY_NAME=f"twonodes{run}",
        STATIC_MANIFEST="False",
        JOBS_LEASE_SECONDS="5",
        JOBS_MAX_POLL_SECONDS="0.2",
    )
    with Cluster(env, nodes=2, workers_per_node=2, logs=tmp_path) as cluster:
        yield cluster
    import redis

    client = redis.from_url(redis_url)
    for key in client.scan_iter(f"*twonodes{run}*"):
        client.delete(key)


class Visitor(cluster.Visitor):
    def login(self, node: str, username: str) -> None:
        super().login(node, username, PASSWORD)


def dashboard_cache(response) -> tuple[str, str]:
    outcome, key = response.headers["X-Dashboard-Cache"].split("; key=")
    return outcome, key


def volume_headline(html: str) -> str:
    match = re.search(r'id="headline-transaction_usd".*?<div class="headline">(.*?)</div>', html, re.S)
    return match.group(1).strip()


def test_two_nodes_share_the_database_the_cache_and_the_sessions(nodes, leader, city_admin):
    a, b = nodes.urls
    report = builders.report(
        "411402", year=2016, quarter=1, status=ReportStatus.SUBMITTED, transaction_usd=Decimal(35_000_000)
    )
    reader = Visitor()
    reader.login(a, "leader")

    # A page rendered on node A (its data may have been computed for the page shown after login) ...
    on_a = reader.get(f"{a}/?year=2016")
    assert dashboard_cache(on_a)[0] in ("miss", "data")
    before = volume_headline(on_a.read().decode())
    # ... is served from the shared cache on node B, under the same key (and the session made on A holds)
    on_b = reader.get(f"{b}/?year=2016")
    assert on_b.status == 200
    assert dashboard_cache(on_b) == ("hit", dashboard_cache(on_a)[1])

    # A city admin approves the quarter through node A ...
    admin = Visitor()
    admin.login(a, "cityadmin")
    approved = admin.post(f"{a}/reports/{report.pk}/approve/", {"version": report.version})
    assert approved.status == 200
    assert QuarterlyReport.objects.get(pk=report.pk).status == ReportStatus.APPROVED

    # ... and node B shows it at once: the report's page, and the overview recomputed for the new data
    detail = admin.get(f"{b}/reports/{report.pk}/").read().decode()
    assert "已审核" in detail
    after_b = reader.get(f"{b}/?year=2016")
    assert dashboard_cache(after_b)[0] == "miss" and dashboard_cache(after_b)[1] != dashboard_cache(on_a)[1]
    after = volume_headline(after_b.read().decode())
    assert after != before and after.startswith("0.35")
    # and node A now serves B's computation
    assert dashboard_cache(reader.get(f"{a}/?year=2016")) == ("hit", dashboard_cache(after_b)[1])


def enterprises_csv(rows: int) -> bytes:
    lines = ["企业名称,统一社会信用代码,县区,备案认定日期"]
    lines += [f"两节点测试企业{n},{builders.credit_code(900_000 + n)},梁园,2016-03-01" for n in range(rows)]
    return "\n".join(lines).encode()


def test_a_job_started_on_one_node_runs_on_the_worker_and_is_followed_from_the_other(nodes, liangyuan_officer):
    a, b = nodes.urls
    officer = Visitor()
    officer.login(a, "liangyuan")
    officer.get(f"{a}/spreadsheets/import/enterprises/")

    # A file big enough for the background (over IMPORT_BACKGROUND_ROWS), uploaded through node A ...
    started = officer.upload(f"{a}/spreadsheets/import/enterprises/", "file", "big.csv", enterprises_csv(6000))
    job_id = re.fullmatch(rf"{a}/jobs/([0-9a-f-]+)/", started.url).group(1)

    # ... is checked by the worker, its progress followed through node B
    states = officer.follow_job(b, job_id)
    assert any(s["status"] == "running" and s["total"] and 0 < s["done"] < s["total"] for s in states), states
    assert states[-1]["status"] == "succeeded", states[-1]
    preview = states[-1]["result_url"]
    assert preview.startswith("/spreadsheets/uploads/")

    # Confirmed through node B, imported by the worker, followed through node A
    confirmed = officer.post(f"{b}{preview}confirm/", {})
    job_id = re.fullmatch(rf"{b}/jobs/([0-9a-f-]+)/", confirmed.url).group(1)
    assert officer.follow_job(a, job_id)[-1]["status"] == "succeeded"
    assert Enterprise.objects.filter(name__startswith="两节点测试企业").count() == 6000

    # and both nodes list the two jobs as the officer's
    for node in (a, b):
        assert officer.get(f"{node}/jobs/").read().decode().count('class="job-badge job-succeeded"') == 2
