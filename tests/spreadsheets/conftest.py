"""Helpers for spreadsheet tests: building files in memory and counting what the database holds."""

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from counties.models import QuarterlyReport
from enterprises.models import Enterprise, EnterpriseReport, OverseasWarehouse, Park, TrainingBase
from spreadsheets.registry import get_sheet
from spreadsheets.services import spreadsheet_import
from targets.models import Milestone, Target

FILES = Path(__file__).resolve().parent / "files"
MODELS = [Enterprise, Park, OverseasWarehouse, TrainingBase, QuarterlyReport, Milestone, Target, EnterpriseReport]


def snapshot() -> dict:
    """Rows and history rows of every importable model."""
    counts = {}
    for model in MODELS:
        counts[model.__name__] = model.objects.count()
        counts[model.__name__ + ".history"] = model.history.count()
    return counts


def run(key: str, name: str, data: bytes, **kw):
    kw.setdefault("dry_run", False)
    return spreadsheet_import(sheet=get_sheet(key), file_name=name, data=data, **kw)


def xlsx(headers, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(headers, rows, encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).worksheets[0]


def xlsx_cells(data: bytes) -> list[list]:
    return [list(row) for row in xlsx_sheet(data).iter_rows(values_only=True)]


def csv_cells(data: bytes) -> list[list]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.fixture
def counts(db):
    return snapshot


from tests.spreadsheets.office import office_files  # noqa: E402, F401 — the session's LibreOffice files
