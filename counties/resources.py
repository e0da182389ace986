"""Spreadsheet columns of the quarterly county figures (matched by county, year and quarter)."""

from counties import roles
from counties.models import QuarterlyReport, ReportStatus
from counties.quarters import quarter_start
from spreadsheets import cells
from spreadsheets.columns import (
    Column,
    Sheet,
    choice_column,
    county_column,
    decimal_column,
    integer_column,
    text_column,
)
from spreadsheets.resources import resource_for

# County staff may import drafts only: submitting goes through the workflow (which records when, for
# timeliness), and approving and returning stay with the city admin. A report already submitted or
# approved cannot be changed by a county's import; a returned one can be corrected (and stays returned
# or becomes a draft).
STAFF_EDITABLE = {ReportStatus.DRAFT, ReportStatus.RETURNED}


class QuarterlyReportSheet(Sheet):
    key = "quarterly_reports"
    aliases = ("reports", "quarterlyreport", "quarterly")
    model = QuarterlyReport
    title = "季度数据"
    natural_key = ("county", "year", "quarter")
    columns = [
        county_column(required=True, example="梁园区"),
        integer_column("year", "年度", required=True, example=2017, note="如2017。"),
        Column(
            "quarter",
            "季度",
            lambda raw, ctx, scale: cells.quarter(raw),
            required=True,
            example=1,
            note="1～4，也可写“第一季度”。",
        ),
        decimal_column(
            "transaction_usd",
            "跨境电商交易额",
            unit="美元",
            scalable=True,
            required=True,
            example=1250000,
            aliases=("交易额",),
            note="季度内交易额；标题可改为“跨境电商交易额（万美元）”或“（亿美元）”，按该单位填写。",
        ),
        integer_column("employees", "从业人员", unit="人", required=True, example=320, note="季度末人数。"),
        integer_column(
            "reporting_enterprises", "按时准确填报企业数", unit="家", required=True, example=12, note="季度末家数。"
        ),
        text_column("remark", "备注", example=""),
        choice_column("status", "状态", ReportStatus, default=ReportStatus.DRAFT, example="草稿"),
    ]

    def row_problems(self, values, ctx):
        year, quarter = values.get("year"), values.get("quarter")
        problems = []
        if year is not None and not 2000 <= year <= 2100:
            problems.append(("year", f"年度{year}超出范围（2000～2100）。"))
        elif year and quarter and quarter_start(year, quarter) > ctx.today:
            problems.append(("quarter", f"{year}年第{quarter}季度尚未开始，不能填报。"))
        return problems

    def new_problems(self, values, ctx):
        status = values.get("status")
        if status and status != ReportStatus.DRAFT and not _is_city_admin(ctx.user):
            return [
                (
                    "status",
                    f"县区导入只能新建草稿，不能直接导入“{ReportStatus(status).label}”状态；请在填报页面提交审核。",
                )
            ]
        return []

    def existing_problems(self, instance, values, ctx):
        if _is_city_admin(ctx.user) or not self.changed_fields(instance, values):
            return []
        if instance.status not in STAFF_EDITABLE:
            state = "已审核锁定" if instance.is_locked else "已提交待审核"
            return [("status", f"{instance}{state}，只有市商务局管理员可以修改。")]
        status = values.get("status", instance.status)
        if status not in (instance.status, ReportStatus.DRAFT):
            return [("status", f"县区导入不能把{instance}改为“{ReportStatus(status).label}”；请在填报页面提交审核。")]
        return []

    def updated_fields(self, instance, changed):
        # Edits by import count as edits: a reviewer holding an older version is told it changed.
        instance.version += 1
        return ["version"]

    def new_instance(self, values, ctx):
        report = super().new_instance(values, ctx)
        if getattr(ctx.user, "is_authenticated", False):
            report.entered_by = ctx.user
        return report


def _is_city_admin(user) -> bool:
    # The command line (no user) is the operator of the installation and may do what a city admin may.
    return user is None or roles.is_city_admin(user)


QuarterlyReportResource = resource_for(QuarterlyReportSheet)
