"""``manage.py export_data <model> <file.xlsx|file.csv> [--county CODE]``: a registry as a spreadsheet."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from counties.models import County
from spreadsheets.registry import all_sheets, get_sheet
from spreadsheets.services import export_file


class Command(BaseCommand):
    help = "导出为xlsx或csv（中文表头，公式字符已中和）。Export a model to xlsx or csv."

    def add_arguments(self, parser):
        keys = ", ".join(s.key for s in all_sheets())
        parser.add_argument("model", help=f"one of: {keys}")
        parser.add_argument("file", help="output path ending in .xlsx or .csv")
        parser.add_argument("--county", help="only this county's records (code)")

    def handle(self, *args, model, file, county, **options):
        sheet = get_sheet(model)
        if sheet is None:
            raise CommandError(f"未知的数据表“{model}”。可选：{', '.join(s.key for s in all_sheets())}")
        path = Path(file)
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in ("xlsx", "csv"):
            raise CommandError("输出文件须以.xlsx或.csv结尾。")
        queryset = sheet.model.objects.all()
        if county:
            if not sheet.county_field:
                raise CommandError(f"{sheet.title}没有县区列，不能按县区导出。")
            found = County.objects.filter(code=county).first()
            if found is None:
                raise CommandError(f"未知的县区代码：{county}")
            queryset = queryset.filter(**{sheet.county_field: found})
        path.write_bytes(export_file(sheet, queryset, fmt))
        self.stdout.write(f"已导出{queryset.count()}行到{path}")
