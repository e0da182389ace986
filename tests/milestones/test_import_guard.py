"""The milestones spreadsheet carries progress out (export) and back unchanged, but never changes it: progress
is recorded on the key project's page, where each change is kept as an entry with its files."""

import csv
import io

import pytest

from spreadsheets.exports import export_file
from spreadsheets.services import spreadsheet_import
from targets.models import Milestone
from targets.resources import MilestoneSheet

pytestmark = pytest.mark.django_db


def exported_rows() -> list[list[str]]:
    data = export_file(MilestoneSheet(), Milestone.objects.all(), "csv")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def as_csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def run(rows, city_admin):
    return spreadsheet_import(
        sheet=MilestoneSheet(), file_name="milestones.csv", data=as_csv(rows), user=city_admin, dry_run=False
    )


def test_an_exported_file_imports_back_unchanged(city_admin):
    result = run(exported_rows(), city_admin)
    assert not result.problems


def test_an_import_changing_a_status_is_refused_pointing_to_the_page(city_admin):
    rows = exported_rows()
    header = rows[0]
    customs = next(r for r in rows if "customs_upgrade" in r)
    customs[header.index("状态")] = "已完成"
    customs[header.index("完成日期")] = "2017-11-20"
    result = run(rows, city_admin)
    assert any("请在重点项目页面点“登记进展”填写" in p.message for p in result.problems)
    assert Milestone.objects.get(code="customs_upgrade").status == "not_started"
