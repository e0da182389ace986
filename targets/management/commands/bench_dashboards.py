"""Time the leadership dashboards on a large generated data set, in a throwaway database.

    python manage.py bench_dashboards                       # 200 counties, 100,000 enterprises
    python manage.py bench_dashboards --counties 20 --enterprises 2000 --runs 3

The data go into a separate database that is created for the run and destroyed afterwards (for
SQLite a temporary file; for PostgreSQL a ``test_<name>`` database), never into the configured one.
Each page is requested once, then ``--runs`` times with the dashboard cache emptied before each
(the computation) and ``--runs`` times from the cache; the median server times (Django test client,
no network) and the numbers of SQL queries are printed.
"""

import datetime
import random
import shutil
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment
from stdnum.cn import uscc

from counties import roles
from counties.models import County, CountyKind, QuarterlyReport, ReportStatus
from enterprises.models import Enterprise, OverseasWarehouse, Park, TrainingBase
from targets.loading import load_all
from targets.models import Counts, Indicator, Target

BATCH = 5000


class Command(BaseCommand):
    help = "在临时数据库中生成大规模数据，测量各看板页面的服务器耗时和 SQL 查询数（不影响正式数据库）。"

    def add_arguments(self, parser):
        parser.add_argument("--counties", type=int, default=200, help="额外生成的县区数（默认 200）")
        parser.add_argument("--enterprises", type=int, default=100_000, help="企业数（默认 100000）")
        parser.add_argument("--runs", type=int, default=5, help="每个页面计时次数（取中位数）")
        parser.add_argument("--slowest", type=int, default=0, help="另列出每个页面最慢的 N 条 SQL")

    def handle(self, *args, **options):
        original = connection.settings_dict["NAME"]
        tmpdir = tempfile.mkdtemp(prefix="bench_dashboards_")
        if connection.vendor == "sqlite":
            connection.settings_dict.setdefault("TEST", {})["NAME"] = str(Path(tmpdir) / "bench.sqlite3")
        setup_test_environment()
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            assert connection.settings_dict["NAME"] != original, "refusing to write into the configured database"
            self.stdout.write(f"临时数据库：{connection.settings_dict['NAME']}")
            started = time.perf_counter()
            plan = load_all()[0]
            sizes = generate(plan, options["counties"], options["enterprises"])
            self.stdout.write(f"生成数据用时 {time.perf_counter() - started:.1f} 秒：{sizes}")
            self.report(plan, options["runs"], options["slowest"])
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()
            shutil.rmtree(tmpdir, ignore_errors=True)

    def report(self, plan, runs: int, slowest: int = 0) -> None:
        leader = User.objects.create_user("bench-leader")
        leader.groups.add(Group.objects.get(name=roles.LEADERSHIP))
        client = Client()
        client.force_login(leader)
        last = plan.end_year
        bench_county = County.objects.filter(code__startswith="BENCH").first()
        pages = [
            ("总览", f"/?year={last}"),
            ("总览（含待审核，第2季度）", f"/?year={last}&quarter=2&pending=1"),
            ("考核排名", f"/scorecard/{last}/"),
            ("县区页（梁园区）", "/counties/411402/"),
            ("县区页（生成县区）", f"/counties/{bench_county.code}/" if bench_county else "/counties/411403/"),
            ("指标页：备案企业（含记录列表）", f"/indicators/enterprises_filed/?year={last}"),
            ("指标页：交易额", f"/indicators/transaction_usd/?year={last}"),
            ("年末预测（第3季度）", f"/forecast/?year={last}&quarter=3"),
            ("重点项目", "/milestones/"),
            ("导出总览 xlsx", f"/overview/export.xlsx?year={last}"),
            ("导出考核排名 xlsx", f"/scorecard/{last}/export.xlsx"),
        ]
        self.stdout.write(f"\n{'页面':<28}{'未缓存(ms)':>12}{'查询数':>8}{'已缓存(ms)':>12}{'查询数':>8}")
        for label, url in pages:
            client.get(url)
            cold, cold_queries, captured = self.time(client, url, runs, clear=True)
            warm, warm_queries, _ = self.time(client, url, runs, clear=False)
            self.stdout.write(f"{label:<28}{cold:>12.0f}{cold_queries:>8}{warm:>12.1f}{warm_queries:>8}")
            for query in sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:slowest]:
                self.stdout.write(f"    {float(query['time']) * 1000:7.0f} ms  {query['sql'][:300]}")

    @staticmethod
    def time(client, url, runs, *, clear):
        """Median server time and query count of ``url``; ``clear`` empties the dashboard cache first."""
        times = []
        for _ in range(runs):
            if clear:
                cache.clear()
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{url} -> {response.status_code}")
        return statistics.median(times), len(captured), captured


def _credit_code(n: int) -> str:
    body = f"91411400{n:09d}"
    return body + uscc.calc_check_digit(body)


def _day(rng, year) -> datetime.date:
    return datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))


def generate(plan, n_counties: int, n_enterprises: int) -> str:
    """Counties with quotas, enterprises, parks, warehouses, bases and three years of quarterly figures."""
    rng = random.Random(2016)  # noqa: S311 - benchmark data, not security
    County.objects.bulk_create(
        County(
            code=f"BENCH{i:04d}",
            name=f"基准县{i:04d}",
            short_name=f"基准{i:04d}",
            name_en=f"Bench county {i}",
            kind=CountyKind.COUNTY,
            order=100 + i,
            has_national_code=False,
        )
        for i in range(n_counties)
    )
    units = list(County.objects.units())
    generated = [c for c in units if c.code.startswith("BENCH")]
    filed = Indicator.objects.get(code="enterprises_filed")
    Target.objects.bulk_create(
        Target(
            plan=plan,
            indicator=filed,
            year=year,
            county=county,
            minimum=Decimal(rng.randint(5, 40)),
            counts=Counts.STOCK,
            clause="（基准测试生成）",
        )
        for county in generated
        for year in plan.years
    )
    for start in range(0, n_enterprises, BATCH):
        batch = []
        for n in range(start, min(start + BATCH, n_enterprises)):
            filed_on = _day(rng, rng.choice(plan.years + [plan.start_year - 1]))
            batch.append(
                Enterprise(
                    name=f"基准企业{n:06d}",
                    credit_code=_credit_code(n),
                    county=units[n % len(units)],
                    filed_on=filed_on,
                    deregistered_on=filed_on + datetime.timedelta(days=400) if n % 29 == 0 else None,
                    city_demo_year=rng.choice(plan.years) if n % 50 == 0 else None,
                    province_demo_year=rng.choice(plan.years) if n % 300 == 0 else None,
                )
            )
        Enterprise.objects.bulk_create(batch)
    parks, warehouses, bases, reports = [], [], [], []
    for i, county in enumerate(units):
        for k in range(2):
            parks.append(
                Park(
                    name=f"基准园区{i}-{k}",
                    county=county,
                    established_on=_day(rng, rng.choice(plan.years)),
                    is_demonstration=k == 0,
                    is_specialised=i % 3 == 0,
                    city_demo_year=rng.choice(plan.years) if i % 4 == 0 else None,
                )
            )
        warehouses.append(
            OverseasWarehouse(
                name=f"基准海外仓{i}",
                county=county,
                country="美国",
                opened_on=_day(rng, rng.choice(plan.years)),
                is_public=True,
                province_public_year=plan.end_year if i % 10 == 0 else None,
            )
        )
        bases.append(
            TrainingBase(name=f"基准基地{i}", county=county, operator="基准", established_on=_day(rng, plan.start_year))
        )
        for year in plan.years:
            for quarter in (1, 2, 3, 4):
                reports.append(
                    QuarterlyReport(
                        county=county,
                        year=year,
                        quarter=quarter,
                        transaction_usd=Decimal(rng.randint(100_000, 5_000_000)),
                        employees=rng.randint(10, 500),
                        reporting_enterprises=rng.randint(1, 50),
                        status=ReportStatus.SUBMITTED
                        if (year, quarter) == (plan.end_year, 4)
                        else ReportStatus.APPROVED,
                    )
                )
    Park.objects.bulk_create(parks)
    OverseasWarehouse.objects.bulk_create(warehouses)
    TrainingBase.objects.bulk_create(bases)
    QuarterlyReport.objects.bulk_create(reports, batch_size=BATCH)
    return (
        f"县区 {len(units)}，企业 {Enterprise.objects.count()}，园区 {len(parks)}，海外仓 {len(warehouses)}，"
        f"培训基地 {len(bases)}，季度数据 {len(reports)}"
    )
