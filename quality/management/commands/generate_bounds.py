"""``manage.py generate_bounds [--k K] [--min-history N]``: the normal ranges from the approved history,
as the bounds page's button does (ranges set by hand are kept). Run it after a quarter is approved."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from quality import services
from quality.models import OutlierSettings


class Command(BaseCommand):
    help = "根据已审核的历史季度数据生成各县区的正常范围（均值 ± k × 标准差；手工修改过的保留）。"

    def add_arguments(self, parser):
        parser.add_argument("--k", help="标准差倍数，默认用当前设置（初始为 3）")
        parser.add_argument("--min-history", type=int, help="最少历史季度数，默认用当前设置（初始为 4）")

    def handle(self, *args, k, min_history, **options):
        current = OutlierSettings.current()
        try:
            k = Decimal(k) if k is not None else current.k
        except InvalidOperation as exc:
            raise CommandError(f"k 应为数字：{k}") from exc
        min_history = current.min_history if min_history is None else min_history
        try:
            n = services.bounds_generate(user=None, k=k, min_history=min_history)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"已生成 {n} 个正常范围（k = {k.normalize():f}，至少 {min_history} 个已审核季度）。")
