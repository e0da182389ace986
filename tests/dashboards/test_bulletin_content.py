"""What the quarterly bulletin says: the engine's numbers, the ranking, the pending note, late and returned reports."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import translation

from counties import services
from counties.models import QuarterlyReport, ReportStatus
from dashboards.bulletin.content import bulletin_content
from dashboards.bulletin.document import Figure, marked
from dashboards.selectors import choose, overview, scorecard
from targets.templatetags.cbec import quantity
from tests import builders

pytestmark = pytest.mark.django_db
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def content(year=2016, quarter=4, pending=False):
    return bulletin_content(choice=choose(year, quarter, pending))


def texts(table) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table.rows]


def meta(document) -> dict:
    return dict(document.meta)


@pytest.fixture
def filings_2016():
    """梁园区 12 filed enterprises (quota 10), 睢阳区 4 (quota 8), 虞城县 5 (quota 5)."""
    for code, n in (("411402", 12), ("411403", 4), ("411425", 5)):
        for _ in range(n):
            builders.enterprise(code, filed_on=datetime.date(2016, 3, 1))


def test_the_bulletin_names_the_plan_its_document_number_and_the_as_of_date():
    document = content().document
    assert document.subtitle == "2016年第4季度"
    assert "商政〔2016〕26号" in meta(document)["依据"]
    assert meta(document)["数据截至"] == "2016年12月31日"


def test_headline_figures_are_the_overviews(filings_2016):
    document = content().document
    expected = [quantity(row.progress.actual, row.target.indicator) for row in overview(choose(2016, 4)).headlines]
    assert [row[2] for row in texts(document.tables()["headlines"])] == expected
    assert texts(document.tables()["headlines"])[0][:3] == ["备案认定跨境电商企业", "≥50家", "21家"]


def test_the_ranking_table_is_the_scorecards_order(filings_2016):
    rows = texts(content().document.tables()["ranking"])
    card = scorecard(choose(2016, 4))
    assert [row[1] for row in rows] == [r.county.name for r in card.ranked]
    assert [row[0] for row in rows] == [str(r.rank) for r in card.ranked]
    assert rows[0][1] == "梁园区" and rows[0][2] == "100.0%"


def test_each_county_lists_its_quotas_with_the_engines_state(filings_2016):
    table = content().document.tables()["quotas"]
    suiyang = next(i for i, row in enumerate(table.rows) if row[0].text == "睢阳区")
    assert suiyang in table.group_rows
    row = table.rows[suiyang]
    assert [c.text for c in row[1:5]] == ["备案认定跨境电商企业", "≥8家", "4家", "50.0%"]
    assert (row[5].state, row[5].text) == ("overdue", "逾期未完成")
    assert marked(row[5]) == "✕ 逾期未完成"  # a black-and-white print still tells the states apart


def test_approved_figures_only_and_the_units_still_under_review_are_named():
    builders.report("411402", year=2016, quarter=4, employees=300)
    builders.report("411403", year=2016, quarter=4, employees=200, status=ReportStatus.SUBMITTED)
    result = content()
    note = meta(result.document)["统计口径"]
    assert note.startswith("仅计已审核的季度数据。")
    assert "以下单位的季度数据已提交、尚待审核，未计入本通报：睢阳区（第4季度）。" in note
    employees = next(r for r in texts(result.document.tables()["headlines"]) if r[0] == "跨境电商从业人员")
    assert employees[2] == "300人"


def test_with_pending_figures_the_note_says_they_are_counted():
    builders.report("411402", year=2016, quarter=4, employees=300)
    builders.report("411403", year=2016, quarter=4, employees=200, status=ReportStatus.SUBMITTED)
    result = content(pending=True)
    note = meta(result.document)["统计口径"]
    assert note.startswith("含待审核数据。") and "已计入本通报" in note and "睢阳区（第4季度）" in note
    employees = next(r for r in texts(result.document.tables()["headlines"]) if r[0] == "跨境电商从业人员")
    assert employees[2] == "500人"


def test_units_with_no_figures_to_count_are_named():
    builders.report("411402", year=2016, quarter=4)
    note = meta(content().document)["统计口径"]
    assert "本季度尚无可计入数据的单位：睢阳区、城乡一体化示范区" in note
    assert "梁园区、" not in note.split("本季度尚无可计入数据的单位：")[1]


@pytest.fixture
def officer_and_admin(liangyuan_officer, city_admin):
    return liangyuan_officer, city_admin


def _submit(report, user, when):
    with time_machine.travel(when, tick=False):
        return services.report_submit(report_id=report.pk, user=user, version=report.version)


def test_a_late_first_submission_shows_how_many_days_late(officer_and_admin):
    officer, admin = officer_and_admin
    report = builders.report("411402", year=2016, quarter=4, status=ReportStatus.DRAFT)
    report = _submit(report, officer, datetime.datetime(2017, 1, 20, 10, tzinfo=SHANGHAI))  # due 2017-01-15
    services.report_approve(report_id=report.pk, user=admin, version=report.version)
    result = content()
    row = next(r for r in texts(result.document.tables()["reporting"]) if r[0] == "梁园区")
    assert row[1] == "已审核（逾期报送）" and row[2] == "2017-01-20" and row[3] == "5"
    assert result.reporting.late == 1


def test_each_return_is_counted_once_with_its_comment(officer_and_admin):
    officer, admin = officer_and_admin
    report = builders.report("411402", year=2016, quarter=4, status=ReportStatus.DRAFT)
    report = _submit(report, officer, datetime.datetime(2017, 1, 5, 9, tzinfo=SHANGHAI))
    report = services.report_return(report_id=report.pk, user=admin, version=report.version, comment="交易额有误")
    report = services.report_save_draft(
        county=report.county, year=2016, quarter=4, user=officer, version=report.version,
        figures={"transaction_usd": Decimal(2_000_000)},
    )  # fmt: skip
    report = services.report_resubmit(report_id=report.pk, user=officer, version=report.version)
    report = services.report_return(report_id=report.pk, user=admin, version=report.version, comment="人数请核实")
    result = content()
    row = next(r for r in texts(result.document.tables()["reporting"]) if r[0] == "梁园区")
    assert row[4] == "2" and row[5] == "人数请核实"
    assert result.reporting.returns == 2
    assert QuarterlyReport.history.filter(status=ReportStatus.RETURNED).count() >= 3  # the edit while returned


def test_the_bulletin_draws_the_trends_and_two_maps(filings_2016):
    result = content()
    charts = [b.chart for b in result.document.blocks if isinstance(b, Figure)]
    assert charts == ["trends", "map-enterprises_filed", "map-score"]
    assert [t["title"] for t in result.trends] == ["备案认定跨境电商企业", "跨境电商从业人员", "跨境电商年交易额"]
    assert set(result.maps) == {"score", "enterprises_filed"}


def test_the_english_bulletin_names_everything_in_english(filings_2016):
    with translation.override("en"):
        document = content().document
    assert document.subtitle == "Q4 2016"
    assert texts(document.tables()["ranking"])[0][1] == "Liangyuan District"
    assert texts(document.tables()["headlines"])[0][0] == "Filed cross-border e-commerce enterprises"
