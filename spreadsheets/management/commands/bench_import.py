"""``manage.py bench_import``: how fast and how lean the enterprise import is (a benchmark, not a test).

Prints, for a generated enterprise xlsx of ``--rows`` rows (default 20,000):
  * the project's import (all checks, history, one transaction),
  * the practical floor: reading the same file with openpyxl read-only plus ``bulk_create`` of the rows,
  * their ratio (goal: at most 1.0: python-calamine reads faster than openpyxl, which pays for the checks),
and the peak memory (resident set, from ``getrusage`` in a fresh process) of importing ``--memory-rows``
rows (default 100,000; goal: under 300 MB).

Every measurement runs in a child process against a throwaway SQLite database in a temporary directory
(or ``--database-url`` of a database you can spare) and every write is rolled back: the database the
project normally uses is never touched.
"""

import datetime
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

COUNTY_WORDS = ["梁园区", "睢阳", "411425", "夏邑县", "柘城", "411423", "睢县", "民权县", "永城市", "示范区"]
INDUSTRIES = ["纺织服装", "工量具", "食品", "电子电器", "肠衣", "超硬材料", "其他"]


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "导入速度与内存基准（在临时数据库中运行）。Benchmark the enterprise import against its practical floor."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=20_000)
        parser.add_argument("--memory-rows", type=int, default=100_000)
        parser.add_argument(
            "--repeat", type=int, default=3, help="timing runs of each, alternating; the best of each is kept"
        )
        parser.add_argument("--database-url", help="a throwaway database to use instead of a temporary SQLite file")
        parser.add_argument("--bad-rows", type=int, default=120_000, help="rows of the bad csv a county officer sends")
        parser.add_argument("--child", choices=["time", "memory", "bad"], help="internal: run one measurement")
        parser.add_argument("--file", help="internal: the generated xlsx")

    def handle(self, *args, child, **options):
        if child:
            return self._child(child, Path(options["file"]), options["repeat"])
        with tempfile.TemporaryDirectory(prefix="cbec-bench-") as tmp:
            env = dict(os.environ)
            env["DATABASE_URL"] = options["database_url"] or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
            # As in production: with DEBUG on, Django keeps the text of every query (time and memory alike)
            env |= {"DEBUG": "False", "STATIC_MANIFEST": "False"}
            self._manage(env, "migrate", "--noinput", "-v0")
            self._manage(env, "load_plan", "-v0")
            timing_file, memory_file = Path(tmp) / "timing.xlsx", Path(tmp) / "memory.xlsx"
            started = time.perf_counter()
            write_enterprise_xlsx(timing_file, options["rows"])
            write_enterprise_xlsx(memory_file, options["memory_rows"])
            self.stdout.write(f"生成测试文件用时 {time.perf_counter() - started:.1f} s")
            bad_file = Path(tmp) / "bad.csv"
            write_bad_csv(bad_file, options["bad_rows"])
            timing = self._measure(env, "time", timing_file, options["repeat"])
            memory = self._measure(env, "memory", memory_file, 1)
            bad = self._measure(env, "bad", bad_file, 1)
        self._report(options, timing, memory, timing_file.name)
        self.stdout.write(
            f"坏文件（{options['bad_rows']:,}行，{bad['size_kb']:,} KB，县区填报员预览）："
            f"{bad['seconds']:.2f} s，检查了{bad['rows_examined']:,}行、{bad['problems']:,}个问题后停止"
        )

    # -- parent ---------------------------------------------------------------------------------

    def _manage(self, env, *args) -> str:
        done = subprocess.run(  # noqa: S603 (our own manage.py with our own arguments)
            [sys.executable, "manage.py", *args], env=env, capture_output=True, text=True, check=False, cwd=_root()
        )
        if done.returncode:
            raise SystemExit(done.stdout + done.stderr)
        return done.stdout

    def _measure(self, env, what: str, path: Path, repeat: int) -> dict:
        out = self._manage(env, "bench_import", "--child", what, "--file", str(path), "--repeat", str(repeat))
        return json.loads(out.strip().splitlines()[-1])

    def _report(self, options, timing, memory, name):
        ratio = timing["project"] / timing["floor"]
        peak = memory["peak_mb"]
        lines = [
            f"企业导入基准（{options['rows']:,}行xlsx，{timing['size_kb']:,} KB，两者交替各{options['repeat']}次，取最快）",
            f"  本项目导入（校验+历史记录+单事务）：{timing['project']:.2f} s（{timing['rows_written']:,}行）",
            f"  下限（openpyxl只读读取+bulk_create）：{timing['floor']:.2f} s",
            f"  比值：{ratio:.2f}（目标 ≤ 1.0）{'✓' if ratio <= 1.0 else '✗'}；两者交替运行，"
            f"每对的比值 {' / '.join(f'{r:.2f}' for r in timing['pair_ratios'])}",
            f"内存（{options['memory_rows']:,}行，{memory['size_kb']:,} KB，{memory['seconds']:.1f} s）",
            f"  进程峰值内存（RSS）：{peak:.0f} MB，其中导入前 {memory['base_mb']:.0f} MB"
            f"（目标 < 300 MB）{'✓' if peak < 300 else '✗'}",
        ]
        self.stdout.write("\n".join(lines))

    # -- child ----------------------------------------------------------------------------------

    def _child(self, what: str, path: Path, repeat: int):
        from enterprises.resources import EnterpriseSheet

        data = path.read_bytes()
        sheet = EnterpriseSheet()
        if what == "bad":
            figures = _bad_preview(sheet, path.name, data)
        elif what == "memory":
            base = _rss_mb()
            started = time.perf_counter()
            result = _rolled_back(lambda: _import(sheet, path.name, data))
            figures = {"peak_mb": _rss_mb(), "base_mb": base, "seconds": time.perf_counter() - started}
            figures["rows_written"] = result.counts["new"]
        else:
            # The two sides alternate (floor, project, floor, project, ...) so that a change in the machine's
            # load meets both alike; each pair's ratio is kept as well as each side's best.
            floors, projects = [], []
            for _ in range(repeat):
                floors.append(_timed(lambda: _rolled_back(lambda: floor_import(path))))
                projects.append(_timed(lambda: _rolled_back(lambda: _import(sheet, path.name, data))))
            result = _rolled_back(lambda: _import(sheet, path.name, data))
            figures = {
                "floor": min(floors),
                "project": min(projects),
                "pair_ratios": [p / f for f, p in zip(floors, projects, strict=True)],
                "rows_written": result.counts["new"],
            }
        figures["size_kb"] = round(len(data) / 1024)
        self.stdout.write(json.dumps(figures))


def _root() -> Path:
    return Path(__file__).resolve().parents[3]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _rolled_back(fn):
    """Run ``fn`` in a transaction and undo everything it wrote; return what it returned."""
    box = {}
    try:
        with transaction.atomic():
            box["value"] = fn()
            raise _Rollback
    except _Rollback:
        pass
    return box["value"]


def _import(sheet, name, data):
    from spreadsheets.services import spreadsheet_import

    result = spreadsheet_import(sheet=sheet, file_name=name, data=data, dry_run=False)
    if not result.applied:
        raise SystemExit("benchmark file did not import: " + "; ".join(str(p) for p in result.problems[:5]))
    return result


def _bad_preview(sheet, name, data) -> dict:
    """A county officer's preview of a file in which every row is wrong: bounded by the problem limit."""
    from django.contrib.auth.models import Group, User

    from counties import roles
    from counties.models import County, Membership
    from spreadsheets.services import spreadsheet_import

    officer = User.objects.create_user("bench-officer")
    officer.groups.add(Group.objects.get_or_create(name=roles.COUNTY_STAFF)[0])
    Membership.objects.create(user=officer, county=County.objects.get(code="411402"))
    started = time.perf_counter()
    result = spreadsheet_import(sheet=sheet, file_name=name, data=data, user=officer, dry_run=True)
    return {
        "seconds": time.perf_counter() - started,
        "rows_examined": result.rows_examined,
        "problems": result.problem_count,
    }


def write_bad_csv(path: Path, rows: int) -> None:
    """Rows naming a county that does not exist (about 60 bytes each, 7 MB for 120,000)."""
    lines = ["企业名称,统一社会信用代码,县区,备案认定日期"]
    lines += [f"商丘市坏文件测试企业{n:06d},91411400{n:09d}X,不存在的县,2017-03-31" for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def floor_import(path: Path) -> int:
    """The least any importer must do: stream the rows with openpyxl read-only and ``bulk_create`` them."""
    from openpyxl import load_workbook

    from counties.models import County
    from enterprises.models import Enterprise, Industry

    counties = {}
    for county in County.objects.all():
        for word in (county.code, county.name, county.short_name):
            counties[word] = county.pk
    industries = {label: value for value, label in Industry.choices}
    workbook = load_workbook(path, read_only=True)
    objs = [
        Enterprise(
            name=row[0],
            credit_code=row[1],
            county_id=counties[row[2]],
            filed_on=row[3],
            deregistered_on=row[4],
            industry=industries[row[5]],
            is_foreign_trade=row[6] == "是",
            city_demo_year=row[7],
            province_demo_year=row[8],
        )
        for row in (r + (None,) * 9 for r in workbook.worksheets[0].iter_rows(min_row=2, values_only=True))
    ]
    workbook.close()
    Enterprise.objects.bulk_create(objs, batch_size=500)
    return len(objs)


def write_enterprise_xlsx(path: Path, rows: int) -> None:
    """An enterprise registry of ``rows`` distinct, valid enterprises, as an admin would fill the template."""
    from openpyxl import Workbook
    from stdnum.cn import uscc

    from enterprises.resources import EnterpriseSheet

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("跨境电商企业")
    sheet.append([c.header for c in EnterpriseSheet.columns])
    start = datetime.date(2016, 1, 1)
    for n in range(rows):
        body = f"91411400{n:09d}"
        filed = start + datetime.timedelta(days=n % 900)
        sheet.append(
            [
                f"商丘市基准测试跨境电商有限公司{n:06d}",
                body + uscc.calc_check_digit(body),
                COUNTY_WORDS[n % len(COUNTY_WORDS)],
                datetime.datetime.combine(filed, datetime.time()),
                None,
                INDUSTRIES[n % len(INDUSTRIES)],
                "是" if n % 3 == 0 else "否",
                2017 if n % 10 == 0 else None,
                2018 if n % 25 == 0 else None,
            ]
        )
    workbook.save(path)
