"""Time the batch validation and the pages that run the checks, on the dashboards' benchmark data set.

    python manage.py bench_quality                           # 212 units x 12 quarters, 100,000 enterprises
    python manage.py bench_quality --counties 20 --enterprises 5000 --runs 3

Like ``bench_dashboards`` (whose ``generate`` makes the data), it works in a throwaway database that
is created for the run and destroyed afterwards. It adds per-enterprise reporting flags for one
enterprise in ten (every quarter of the last year) and generates the bounds, then prints the median
time and the number of SQL queries of: the batch run over every county and quarter, the same run over
one year of twenty counties (the query count must be the same), the review queue, and the timeliness page,
with the goals beside the batch runs.
"""

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment

from counties import roles
from counties.models import County, QuarterlyReport
from dashboards.management.commands.bench_dashboards import generate
from enterprises.models import Enterprise, EnterpriseReport
from quality import runs, services
from signin import twofactor
from targets.loading import load_all

#: Issue #11, point 6: the whole benchmark set (212 units x 12 quarters) checked within two seconds, in a
#: number of queries that does not grow with the counts (the 20-county run must cost the same).
BATCH_GOAL_MS = 2000


class Command(BaseCommand):
    help = "在临时数据库中生成基准数据，测量批量校验和待审核、按时准确页面的耗时与 SQL 查询数（不影响正式数据库）。"

    def add_arguments(self, parser):
        parser.add_argument("--counties", type=int, default=200, help="额外生成的县区数（默认 200，共 212 个）")
        parser.add_argument("--enterprises", type=int, default=100_000, help="企业数（默认 100000）")
        parser.add_argument("--runs", type=int, default=3, help="每项计时次数（取中位数）")

    def handle(self, *args, **options):
        original = connection.settings_dict["NAME"]
        tmpdir = tempfile.mkdtemp(prefix="bench_quality_")
        if connection.vendor == "sqlite":
            connection.settings_dict.setdefault("TEST", {})["NAME"] = str(Path(tmpdir) / "bench.sqlite3")
        setup_test_environment()
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            assert connection.settings_dict["NAME"] != original, "refusing to write into the configured database"
            started = time.perf_counter()
            plan = load_all()[0]
            sizes = generate(plan, options["counties"], options["enterprises"])
            flags = _flags(plan.end_year)
            admin = User.objects.create_user("bench-admin", is_staff=True)
            admin.groups.add(Group.objects.get(name=roles.CITY_ADMIN))
            bounds = services.bounds_generate(user=admin, k=3, min_history=4)
            self.stdout.write(
                f"生成数据用时 {time.perf_counter() - started:.1f} 秒：{sizes}，企业填报标记 {flags}，正常范围 {bounds}"
            )
            self.report(plan, admin, options["runs"])
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()
            shutil.rmtree(tmpdir, ignore_errors=True)

    def report(self, plan, admin, n: int) -> None:
        units = list(County.objects.units())
        reports = QuarterlyReport.objects.count()
        few = units[:20]
        few_reports = QuarterlyReport.objects.filter(county__in=few, year=plan.end_year).count()
        self.stdout.write(f"\n{'项目':<40}{'耗时(ms)':>10}{'查询数':>8}  目标")
        whole = self._time(lambda: _run(admin, plan.years, None), n, prepare=True)
        part = self._time(lambda: _run(admin, [plan.end_year], few), n, prepare=True)
        same = "达标" if whole[1] == part[1] else "未达标"
        fast = "达标" if whole[0] <= BATCH_GOAL_MS else "未达标"
        self._line(
            f"批量校验：{len(units)} 个县区 × {len(plan.years) * 4} 个季度（{reports} 条）",
            *whole,
            f"≤ {BATCH_GOAL_MS} ms {fast}；查询数不随数据量增长 {same}",
        )
        self._line(f"批量校验：{len(few)} 个县区 × 4 个季度（{few_reports} 条）", *part, f"查询数与上一行相同 {same}")
        client = Client()
        client.force_login(admin)
        twofactor.client_verify(client, admin)  # a city admin's session has given its second factor
        self._line("待审核列表（每份报告旁列出校验结果）", *self._time(lambda: _get(client, "/review/"), n))
        url = f"/timeliness/?year={plan.end_year}"
        self._line("按时准确填报页面", *self._time(lambda: _get(client, url), n))

    def _line(self, label: str, ms: float, queries: int, goal: str = "") -> None:
        self.stdout.write(f"{label:<40}{ms:>10.0f}{queries:>8}  {goal}".rstrip())

    @staticmethod
    def _time(action, n: int, *, prepare: bool = False) -> tuple[float, int]:
        """Median time and query count of ``action()`` (with ``prepare``, of the callable it returns)."""
        times, queries = [], 0
        for _ in range(n):
            timed = action() if prepare else action
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                timed()
                times.append((time.perf_counter() - start) * 1000)
            queries = len(captured)
        return statistics.median(times), queries


def _run(admin, years, counties):
    """A recorded run; only its execution is timed (``run_create`` writes the request, a few queries)."""
    run = runs.run_create(user=admin, years=years, quarters=[1, 2, 3, 4], counties=counties)
    return lambda: runs.run_execute(run_id=run.pk)


def _get(client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} -> {response.status_code}")


def _flags(year: int) -> int:
    """One enterprise in ten ticked for every quarter of ``year`` (nine in ten of them on time and accurate)."""
    ids = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True))[::10]
    rows = [
        EnterpriseReport(enterprise_id=pk, year=year, quarter=q, on_time=pk % 10 != 3, accurate=pk % 20 != 7)
        for pk in ids
        for q in (1, 2, 3, 4)
    ]
    EnterpriseReport.objects.bulk_create(rows, batch_size=5000)
    return len(rows)
