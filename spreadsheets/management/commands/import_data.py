"""``manage.py import_data <model> <file> [--dry-run] [--county CODE] [--user NAME]``: the admin's import, scripted."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from counties.models import County
from spreadsheets.registry import all_sheets, get_sheet
from spreadsheets.services import spreadsheet_import


class Command(BaseCommand):
    help = "导入xlsx或csv表格（整份文件要么全部写入，要么一行都不写）。Import a spreadsheet, all or nothing."

    def add_arguments(self, parser):
        keys = ", ".join(s.key for s in all_sheets())
        parser.add_argument("model", help=f"one of: {keys}")
        parser.add_argument("file", help="path of the .xlsx or .csv file")
        parser.add_argument("--dry-run", action="store_true", help="check and preview only; write nothing")
        parser.add_argument("--county", help="only rows of this county (code, name or short name) are allowed")
        parser.add_argument("--user", help="import as this user (their county limits the rows; history names them)")
        parser.add_argument(
            "--accept-warnings", action="store_true", help="write even if the preview asks for confirmation (checked)"
        )

    def handle(self, *args, model, file, dry_run, county, user, accept_warnings, **options):
        sheet = get_sheet(model)
        if sheet is None:
            raise CommandError(f"未知的数据表“{model}”。可选：{', '.join(s.key for s in all_sheets())}")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        params = {
            "sheet": sheet,
            "file_name": path.name,
            "data": path.read_bytes(),
            "user": self._user(user),
            "county": self._county(county),
        }
        confirmed = ""
        if accept_warnings and not dry_run:
            confirmed = spreadsheet_import(**params, dry_run=True).warnings_digest
        result = spreadsheet_import(**params, dry_run=dry_run, confirmed=confirmed)
        for notice in result.notices:
            self.stdout.write(notice)
        for problem in result.problems:
            self.stderr.write(str(problem))
        for warning in result.warnings:
            self.stderr.write("需要确认：" + str(warning))
        if result.problem_count > len(result.problems):
            self.stderr.write(f"……另有{result.problem_count - len(result.problems)}个问题未列出。")
        self.stdout.write(f"{sheet.title}：{result.summary()}")
        if result.has_errors:
            raise CommandError("发现问题，未写入任何数据。")
        if result.needs_confirmation:
            raise CommandError("有需要确认的提醒，未写入任何数据；核对后加 --accept-warnings 重新运行。")
        self.stdout.write(self.style.SUCCESS("预览完成，未写入数据。" if dry_run else "导入完成。"))

    def _county(self, word):
        if not word:
            return None
        county = County.objects.filter(code=word).first() or County.objects.filter(name=word).first()
        county = county or County.objects.filter(short_name=word).first()
        if county is None:
            raise CommandError(f"未知的县区：{word}")
        return county

    def _user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"未知的用户：{username}") from None
