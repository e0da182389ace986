from django.core.management.base import BaseCommand

from quality.loading import load_rules


class Command(BaseCommand):
    help = "载入内置校验规则（quality/fixtures/rules.json）：只补充缺少的规则；--reset 恢复内置规则的原始定义。"

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="把已有的内置规则恢复为文件中的定义")

    def handle(self, *args, reset, **options):
        added, restored = load_rules(reset=reset)
        self.stdout.write(f"新增 {added} 条规则，恢复 {restored} 条规则。")
