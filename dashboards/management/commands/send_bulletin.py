from django.core.management.base import BaseCommand, CommandError

from dashboards.bulletin.sending import bulletin_send, latest_complete


class Command(BaseCommand):
    help = (
        "生成某季度的正式季度通报并通知领导小组（每季度只发送一次；该季度各县区数据须已全部审核）。"
        "用于补发自动发送没有覆盖的季度，例如导入往年数据之后。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="年度，如 2018")
        parser.add_argument("--quarter", type=int, choices=[1, 2, 3, 4], help="季度，1-4")
        parser.add_argument("--latest", action="store_true", help="最近一个各县区数据已全部审核的季度")
        parser.add_argument("--queue", action="store_true", help="交给后台任务进程生成（不等待）")

    def handle(self, *args, **options):
        if options["latest"]:
            found = latest_complete()
            if found is None:
                self.stdout.write("还没有各县区数据已全部审核的季度，无需发送。")
                return
            year, quarter = found
        elif options["year"] and options["quarter"]:
            year, quarter = options["year"], options["quarter"]
        else:
            raise CommandError("请用 --year 和 --quarter 指定季度（如 --year 2018 --quarter 2），或用 --latest。")
        label = f"{year}年第{quarter}季度"
        if options["queue"]:
            from dashboards.tasks import send_bulletin

            send_bulletin.start(year=year, quarter=quarter)
            self.stdout.write(f"{label}的季度通报已交给后台任务进程生成和发送。")
            return
        bulletin = bulletin_send(year=year, quarter=quarter)
        if bulletin is None:
            self.stdout.write(f"{label}的季度通报已发送过，或该季度尚有县区数据未审核，未发送。")
        else:
            self.stdout.write(f"{label}的季度通报已生成，并已通知领导小组。")
