from django.core.management.base import BaseCommand

from targets.loading import load_all


class Command(BaseCommand):
    help = "载入县区和 fixtures/plans/ 下的全部行动计划（可重复执行，不覆盖重点项目的进展记录）。"

    def handle(self, *args, **options):
        for plan in load_all():
            self.stdout.write(
                f"{plan.code}: {plan.targets.count()} 个目标，{plan.milestones.count()} 个重点项目，"
                f"{plan.baselines.count()} 项基期数据"
            )
