from django.core.management.base import BaseCommand

from enterprises.demo import clear_demo, seed_demo


class Command(BaseCommand):
    help = "填充带【演示】标记的演示数据（名录与季度数据）；只替换演示数据，不改动计划目标和用户录入的数据。"

    def add_arguments(self, parser):
        parser.add_argument("--clear", action="store_true", help="只删除演示数据")
        parser.add_argument("--seed", type=int, default=2016)

    def handle(self, *args, **options):
        if options["clear"]:
            clear_demo()
            self.stdout.write("演示数据已删除。")
            return
        counts = seed_demo(options["seed"])
        self.stdout.write("演示数据：" + "，".join(f"{k} {v}" for k, v in counts.items()))
