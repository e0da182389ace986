import sys

from django.core.management.base import BaseCommand

from spreadsheets.writers import csv_bytes, xlsx_bytes
from targets.catalogue import catalogue_rows, catalogue_targets


class Command(BaseCommand):
    help = "导出目标清单（全部计划的全部量化目标）为 CSV 或 xlsx。"

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--headers", choices=["en", "zh"], default="en", help="列名语言（默认英文，便于程序读取）")
        parser.add_argument("--output", "-o", help="输出文件（默认标准输出）")

    def handle(self, *args, **options):
        headers, rows = catalogue_rows(catalogue_targets(), chinese=options["headers"] == "zh")
        as_csv = options["format"] == "csv"
        data = csv_bytes(headers, rows) if as_csv else xlsx_bytes([("目标清单", headers, rows)])
        if options["output"]:
            with open(options["output"], "wb") as f:
                f.write(data)
        else:
            sys.stdout.buffer.write(data)
