"""Time the leadership dashboards on a large generated data set, in a throwaway database.

    python manage.py bench_dashboards                       # 200 counties, 100,000 enterprises
    python manage.py bench_dashboards --counties 20 --enterprises 2000 --runs 3

The data go into a separate database that is created for the run and destroyed afterwards (for
SQLite a temporary file; for PostgreSQL a ``test_<name>`` database), never into the configured one.
Each page is requested once, then ``--runs`` times with the dashboard cache emptied before each
(the computation) and ``--runs`` times from the cache; the median server times (Django test client,
no network) and the numbers of SQL queries are printed, with each computed time's ratio to the floor
measured in the same run (one grouped query over the enterprises, see ``floor_time``) and the goals of
issue #15. The indicator page's record list is timed with the page's own numbers cached, as a leader
paging through it meets it.
"""

import datetime
import os
import random
import shutil
import statistics
import tempfile
import time
import warnings
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
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
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        # Not setup_test_environment(): it instruments every template render for the test client (a copy
        # of the context per template and include), which would time the instrument, not the page.
        served = override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"])
        served.enable()
        warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: static files not collected
        try:
            assert connection.settings_dict["NAME"] != original, "refusing to write into the configured database"
            self.stdout.write(f"临时数据库：{connection.settings_dict['NAME']}")
            started = time.perf_counter()
            plan = load_all()[0]
            sizes = generate(plan, options["counties"], options["enterprises"])
            self.stdout.write(f"生成数据用时 {time.perf_counter() - started:.1f} 秒：{sizes}")
            self.report(plan, options["runs"], options["slowest"])
        finally:
            served.disable()
            connection.creation.destroy_test_db(old_name, verbosity=0)
            shutil.rmtree(tmpdir, ignore_errors=True)

    def report(self, plan, runs: int, slowest: int = 0) -> None:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # what autovacuum does after a large load
        leader = User.objects.create_user("bench-leader")
        leader.groups.add(Group.objects.get(name=roles.LEADERSHIP))
        client = Client()
        client.force_login(leader)
        floor = statistics.median(floor_time(plan.end_year) for _ in range(max(runs, 3)))
        self.stdout.write(
            f"\n数据库：{connection.vendor}；下限（一条分组查询：各县区四个季度末存量及两类示范企业数）：{floor:.1f} ms"
        )
        self.stdout.write(
            f"机器：{os.cpu_count()} 核，{load_average()}（其他进程占用 CPU 时各项耗时同比变长，倍数受影响较小）"
        )
        self.stdout.write(
            f"\n{'页面':<26}{'未缓存(ms)':>10}{'CPU(ms)':>8}{'查询数':>6}{'倍数':>6}{'已缓存(ms)':>10}{'查询数':>6}  目标"
        )
        for label, url, goal in pages(plan):
            client.get(url)
            cold, cold_queries, captured, cpu = self.time(client, url, runs, clear=True)
            warm, warm_queries, _, _ = self.time(client, url, runs, clear=False)
            verdict = goal.verdict(cold, floor, cpu) if goal else ""
            self.stdout.write(
                f"{label:<26}{cold:>10.0f}{_ms(cpu, 0):>8}{cold_queries:>6}{cold / floor:>6.1f}{warm:>10.1f}{warm_queries:>6}"
                f"  {verdict}"
            )
            for query in sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:slowest]:
                self.stdout.write(f"    {float(query['time']) * 1000:7.0f} ms  {query['sql'][:300]}")
        self.stdout.write(f"\n{'记录列表（页面数据已缓存）':<30}{'用时(ms)':>10}{'CPU(ms)':>8}{'查询数':>6}  目标")
        for label, url in record_lists(plan):
            client.get(url)
            warm, warm_queries, _, cpu = self.time(client, url, runs, clear=False)
            verdict = RECORD_LIST_GOAL.verdict(warm, floor, cpu)
            self.stdout.write(f"{label:<30}{warm:>10.1f}{_ms(cpu, 1):>8}{warm_queries:>6}  {verdict}")
        self.stdout.write(
            "\nCPU(ms)：每次请求本进程与数据库服务进程所用的 CPU 时间（平均）；机器繁忙时用时(ms)变长而 CPU 时间基本不变，"
            "空闲机器上的用时接近它。"
        )
        self.stdout.write(f"\n结束时{load_average()}")

    def time(self, client, url, runs, *, clear):
        """Median server time, query count and mean CPU time of ``url``; ``clear`` empties the dashboard cache
        first. The CPU time is this process's plus, on PostgreSQL, its server process's (None where /proc
        does not show it): the work a request takes, which other processes on the machine delay but do not
        change much — on an idle machine the server time comes close to it."""
        times = []
        cpu_start, db_start = time.process_time(), self.db_cpu()
        for _ in range(runs):
            if clear:
                cache.clear()
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{url} -> {response.status_code}")
        db_end = self.db_cpu()
        cpu = None
        if db_start is not None and db_end is not None:
            cpu = (time.process_time() - cpu_start + db_end - db_start) * 1000 / runs
        # The queries are counted in a run of their own: capturing them logs each query's text, which the
        # timed runs (like production, DEBUG off) do not pay for.
        if clear:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return statistics.median(times), len(captured), captured, cpu

    def db_cpu(self) -> float | None:
        """CPU seconds the database's server process for this connection has used (PostgreSQL on this
        machine); 0 for SQLite, which runs in this process."""
        if connection.vendor == "sqlite":
            return 0.0
        if not hasattr(self, "_backend"):
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                self._backend = cursor.fetchone()[0]
        try:
            with open(f"/proc/{self._backend}/stat", encoding="ascii") as f:
                fields = f.read().rpartition(")")[2].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --- what is measured, and the goals (issue #15) ---------------------------------------------------


@dataclass(frozen=True)
class Goal:
    """A page's goal: at most ``postgres_ms`` on PostgreSQL and ``floor_times`` the floor on SQLite."""

    postgres_ms: float | None = None
    floor_times: float | None = None
    any_ms: float | None = None

    def verdict(self, ms: float, floor: float, cpu: float | None = None) -> str:
        if self.any_ms is not None:
            limit, text = self.any_ms, f"≤ {self.any_ms:.0f} ms"
        elif connection.vendor == "postgresql" and self.postgres_ms is not None:
            limit, text = self.postgres_ms, f"≤ {self.postgres_ms:.0f} ms（PostgreSQL）"
        elif connection.vendor == "sqlite" and self.floor_times is not None:
            limit, text = self.floor_times * floor, f"≤ {self.floor_times:.0f}×下限 = {self.floor_times * floor:.0f} ms"
            return f"{text}  {'达标' if ms <= limit else '未达标'}"
        elif self.postgres_ms is not None:
            return f"目标 ≤ {self.postgres_ms:.0f} ms 针对 PostgreSQL"
        else:
            return ""
        verdict = f"{text}  用时{'达标' if ms <= limit else '未达标'}"
        if cpu is not None:
            verdict += f"，CPU 时间{'达标' if cpu <= limit else '未达标'}"
        return verdict


COMPUTED = Goal(postgres_ms=100, floor_times=3)
DRILL_DOWN = Goal(postgres_ms=60)
RECORD_LIST_GOAL = Goal(any_ms=30)


def pages(plan) -> list[tuple[str, str, Goal | None]]:
    last = plan.end_year
    bench_county = County.objects.filter(code__startswith="BENCH").first()
    return [
        ("总览", f"/?year={last}", COMPUTED),
        ("总览（含待审核，第2季度）", f"/?year={last}&quarter=2&pending=1", COMPUTED),
        ("考核排名", f"/scorecard/{last}/", DRILL_DOWN),
        ("县区页（梁园区）", "/counties/411402/", DRILL_DOWN),
        ("县区页（生成县区）", f"/counties/{bench_county.code}/" if bench_county else "/counties/411403/", DRILL_DOWN),
        ("指标页：备案企业", f"/indicators/enterprises_filed/?year={last}", None),
        ("指标页：交易额", f"/indicators/transaction_usd/?year={last}", None),
        ("年末预测（第3季度）", f"/forecast/?year={last}&quarter=3", COMPUTED),
        ("重点项目", "/milestones/", None),
        ("导出总览 xlsx", f"/overview/export.xlsx?year={last}", None),
        ("导出考核排名 xlsx", f"/scorecard/{last}/export.xlsx", None),
    ]


def record_lists(plan) -> list[tuple[str, str]]:
    """The indicator page's record list: first, middle and last pages, one county, demonstration, quarterly."""
    last = plan.end_year
    base = f"/indicators/enterprises_filed/?year={last}"
    end = datetime.date(last, 12, 31)
    standing = Enterprise.objects.filter(filed_on__lte=end).exclude(deregistered_on__lte=end)
    middle = standing.order_by("-filed_on", "-pk")[standing.count() // 2]
    return [
        ("备案企业：第1页（最新在前）", base),
        ("备案企业：中间一页", f"{base}&after={middle.filed_on.isoformat()}_{middle.pk}"),
        ("备案企业：末页", f"{base}&last=1"),
        ("备案企业：最早在前", f"{base}&order=date"),
        ("备案企业：一个县区", f"{base}&county=411402"),
        ("省级示范企业", f"/indicators/demo_enterprises_province/?year={last}"),
        ("季度数据：从业人员", f"/indicators/employees/?year={last}"),
    ]


def _ms(value: float | None, decimals: int) -> str:
    return "-" if value is None else f"{value:.{decimals}f}"


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"负载（1/5/15 分钟平均）{one:.1f} / {five:.1f} / {fifteen:.1f}"


def floor_time(year: int) -> float:
    """The floor, in ms: one grouped query over the enterprises computing, for every county, the stock at
    each of the year's four quarter ends and both demonstration counts (what the overview needs of them)."""
    standing = "filed_on <= %s AND (deregistered_on IS NULL OR deregistered_on > %s)"
    ends = [
        datetime.date(year, 3, 31),
        datetime.date(year, 6, 30),
        datetime.date(year, 9, 30),
        datetime.date(year, 12, 31),
    ]
    columns = [f"COUNT(*) FILTER (WHERE {standing})" for _ in ends]
    columns += [
        f"COUNT(*) FILTER (WHERE {standing} AND {demo} <= %s)" for demo in ("city_demo_year", "province_demo_year")
    ]
    params = [d for end in ends for d in (end, end)] + [ends[-1], ends[-1], year] * 2
    sql = f"SELECT county_id, {', '.join(columns)} FROM enterprises_enterprise GROUP BY county_id"  # noqa: S608
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.fetchall()
    return (time.perf_counter() - start) * 1000


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
