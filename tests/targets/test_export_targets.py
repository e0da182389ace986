"""`manage.py export_targets` writes the whole catalogue of quantitative targets."""

import csv
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db
REQUIRED = ["year", "indicator", "county_code", "min", "max", "strict", "aspirational", "counts"]


def export(tmp_path, fmt, *extra):
    out = tmp_path / f"targets.{fmt}"
    call_command("export_targets", "--format", fmt, "--output", str(out), *extra)
    return out


def test_csv_holds_every_target_with_the_required_columns(tmp_path):
    text = export(tmp_path, "csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 72
    assert set(REQUIRED) <= set(rows[0])
    liangyuan_2016 = next(
        r
        for r in rows
        if r["year"] == "2016" and r["county_code"] == "411402" and r["indicator"] == "enterprises_filed"
    )
    assert (liangyuan_2016["min"], liangyuan_2016["max"], liangyuan_2016["counts"]) == ("10", "", "stock")
    employees_2017 = next(r for r in rows if r["year"] == "2017" and r["indicator"] == "employees")
    assert (employees_2017["county_code"], employees_2017["min"], employees_2017["strict"]) == ("", "1500", "true")
    parks_2016 = next(r for r in rows if r["year"] == "2016" and r["indicator"] == "parks_new" and not r["county_code"])
    assert (parks_2016["min"], parks_2016["max"], parks_2016["counts"]) == ("1", "2", "new")


def test_xlsx_keeps_numbers_as_numbers(tmp_path):
    sheet = load_workbook(export(tmp_path, "xlsx")).active
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == 72
    volume = next(r for r in rows if r["year"] == 2018 and r["indicator"] == "transaction_usd")
    assert volume["min"] == 1_500_000_000 and volume["aspirational"] == "true"


def test_chinese_headers_on_request(tmp_path):
    text = export(tmp_path, "csv", "--headers", "zh").read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("行动计划,年度,指标代码")


def test_the_catalogue_downloads_from_the_overview_with_chinese_headers(client, leader):
    client.force_login(leader)
    overview = client.get("/?year=2016").content.decode()
    assert 'href="/targets/export/xlsx/"' in overview
    response = client.get("/targets/export/csv/")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("行动计划,年度,指标代码")
    assert len(text.splitlines()) == 73
