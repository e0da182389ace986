import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.reminders import reminders_send


class Command(BaseCommand):
    help = "发送今天到期的填报提醒和逾期提醒（可重复运行：同一提醒不会发送两次），并重试发送失败的邮件。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按指定日期（YYYY-MM-DD）计算提醒，用于补发或测试；默认今天。")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"日期“{options['date']}”无效，应为 YYYY-MM-DD，例如 2017-04-08。") from None
        created = reminders_send(today=today)
        total = sum(created.values())
        detail = "，".join(f"{kind} {n}" for kind, n in sorted(created.items()) if n) or "无"
        self.stdout.write(f"{today.isoformat()}：新发送提醒 {total} 条（{detail}）。")
