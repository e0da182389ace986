"""``manage.py validate_reports [--year Y ...] [--quarter Q ...] [--county CODE ...]``: a batch run from the shell."""

from django.core.management.base import BaseCommand, CommandError

from counties.models import County, QuarterlyReport
from quality import runs


class Command(BaseCommand):
    help = "对季度数据批量运行校验规则和异常值检查，结果保存（与“数据质量 > 批量校验”页面相同）。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help="年度，可重复；默认有数据的全部年度")
        parser.add_argument("--quarter", type=int, action="append", choices=[1, 2, 3, 4], help="季度，可重复；默认全部")
        parser.add_argument("--county", action="append", help="县区代码、名称或简称，可重复；默认全部")

    def handle(self, *args, year, quarter, county, **options):
        years = year or sorted(set(QuarterlyReport.objects.values_list("year", flat=True)))
        if not years:
            raise CommandError("没有季度数据可校验。")
        counties = [self._county(word) for word in county or []]
        try:
            run = runs.run_create(user=None, years=years, quarters=quarter or [1, 2, 3, 4], counties=counties)
        except Exception as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc
        run = runs.run_execute(run_id=run.pk)
        self.stdout.write(
            f"批量校验 #{run.pk}：季度数据 {run.reports_checked} 条，规则检查 {run.rules_checked} 次，"
            f"通过 {run.passed}，未通过 {run.failed}，跳过 {run.skipped}，异常值 {run.outliers}"
        )
        for code, rule, n in runs.failures_by_rule(run):
            self.stdout.write(f"  {n:>6}  {rule['name']}（{code}）")

    @staticmethod
    def _county(word: str) -> County:
        county = County.objects.units().filter(code=word).first() or County.objects.units().filter(name=word).first()
        county = county or County.objects.units().filter(short_name=word).first()
        if county is None:
            raise CommandError(f"未知的县区：{word}")
        return county
