"""Check or recount the enterprise tally (see ``enterprises.tally``).

    python manage.py enterprise_tally            # compare the tally with a fresh count; exit 1 if they differ
    python manage.py enterprise_tally --rebuild  # recount it (and put back missing triggers) in one transaction

Nothing should ever make them differ — the triggers keep the tally in every transaction that writes the
registry — but after restoring a database by hand, or disabling triggers, this is how to be sure.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from enterprises import tally


class Command(BaseCommand):
    help = "核对（或重新统计）企业计数汇总表与企业名录是否一致。"

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="重新统计汇总表并补装触发器")

    def handle(self, *args, rebuild=False, **options):
        missing = set(tally.ENTERPRISES.trigger_names()) - tally.installed_triggers(connection)
        if rebuild:
            with transaction.atomic():
                tally.install(connection)
                tally.rebuild(connection)
            self.stdout.write("已重新统计企业计数汇总表。")
            return
        differences = tally.differences(connection)
        if missing:
            self.stdout.write(f"缺少触发器：{', '.join(sorted(missing))}")
        for key, (kept, counted) in sorted(differences.items())[:20]:
            self.stdout.write(f"  {key}: 汇总表 {kept}，名录 {counted}")
        if missing or differences:
            raise CommandError(
                f"企业计数汇总表与名录不一致（{len(differences)} 处）：请运行 enterprise_tally --rebuild"
            )
        self.stdout.write("企业计数汇总表与名录一致。")
