"""Spreadsheet columns of the quarterly county figures (matched by county, year and quarter)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from counties import checks, roles, window
from counties.models import QuarterlyReport, ReportStatus
from spreadsheets import cells
from spreadsheets.columns import (
    CONFIRM,
    NOTE,
    Column,
    Sheet,
    choice_column,
    county_column,
    decimal_column,
    field_rules,
    integer_column,
    text_column,
    year_column,
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
    title = gettext_lazy("季度数据")
    natural_key = ("county", "year", "quarter")
    columns = [
        county_column(required=True, example="梁园区"),
        year_column("year", "年度", required=True, example=2017, note="如2017，也可写“2017年”。"),
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
        text_column("remark", "备注", example="", validators=field_rules(QuarterlyReport, "remark")),
        choice_column("status", "状态", ReportStatus, default=ReportStatus.DRAFT, example="草稿"),
    ]

    def label_of(self, values):
        county, year, quarter = values.get("county"), values.get("year"), values.get("quarter")
        if county is None or year is None or quarter is None:
            return super().label_of(values)
        return _("%(county)s %(year)d年第%(quarter)d季度") % {"county": county, "year": year, "quarter": quarter}

    def row_problems(self, values, ctx):
        year, quarter = values.get("year"), values.get("quarter")
        problems = []
        if year is not None and not 2000 <= year <= 2100:
            problems.append(("year", _("年度%(year)d超出范围（2000～2100）。") % {"year": year}))
        elif year and quarter:
            # The reporting window of the form applies to imports too (counties.window).
            if problem := window.year_refusal(year, _plan_years(ctx)):
                problems.append(("year", problem))
            elif problem := window.quarter_refusal(year, quarter, ctx.today):
                problems.append(("quarter", problem))
        return problems

    def new_problems(self, values, ctx):
        status = values.get("status")
        if status and status != ReportStatus.DRAFT and not _is_city_admin(ctx.user):
            return [
                (
                    "status",
                    _("县区导入只能新建草稿，不能直接导入“%(status)s”状态；请在填报页面提交审核。")
                    % {"status": ReportStatus(status).label},
                )
            ]
        return []

    def existing_problems(self, instance, values, ctx):
        if _is_city_admin(ctx.user) or not self.changed_fields(instance, values):
            return []
        if instance.status not in STAFF_EDITABLE:
            if instance.is_locked:
                message = _("%(report)s已审核锁定，只有市商务局管理员可以修改。")
            else:
                message = _("%(report)s已提交待审核，只有市商务局管理员可以修改。")
            return [("status", message % {"report": instance})]
        status = values.get("status", instance.status)
        if status not in (instance.status, ReportStatus.DRAFT):
            return [
                (
                    "status",
                    _("县区导入不能把%(report)s改为“%(status)s”；请在填报页面提交审核。")
                    % {"report": instance, "status": ReportStatus(status).label},
                )
            ]
        return []

    def check_rows(self, rows, ctx):
        """Ask before an approved report goes back to draft, or before figures that break a rule marked "confirm
        on import" (a volume ten times the previous quarter's or a tenth of it: most often 美元 for 万美元)."""
        findings = []
        for row in rows:
            status = row.values.get("status")
            if row.instance is not None and row.instance.is_locked and status and status != ReportStatus.APPROVED:
                findings.append(
                    (
                        row.line,
                        "status",
                        _("%(report)s已审核，导入后将变为“%(status)s”，需要重新提交和审核。")
                        % {"report": row.instance, "status": ReportStatus(status).label},
                        CONFIRM,
                    )
                )
        return findings + _quality_findings(rows)

    def updated_fields(self, instance, changed, ctx=None):
        # Edits by import count as edits: a reviewer holding an older version is told it changed, and the
        # importer has entered these figures (so may not approve them: counties.services.report_approve).
        instance.version += 1
        user = getattr(ctx, "user", None)
        if getattr(user, "is_authenticated", False):
            instance.entered_by = user
            return ["version", "entered_by"]
        return ["version"]

    def new_instance(self, values, ctx):
        report = super().new_instance(values, ctx)
        if getattr(ctx.user, "is_authenticated", False):
            report.entered_by = ctx.user
        return report


def _plan_years(ctx) -> list[int]:
    """The plan years, read once per file (kept on the parse context), not once per row."""
    years = getattr(ctx, "cbec_plan_years", None)
    if years is None:
        years = ctx.cbec_plan_years = window.plan_years()
    return years


def _quality_findings(rows) -> list:
    """What the checks of ``counties.checks`` (the quality rules and outliers) find in each row's figures,
    shown beside the row. A finding of a rule marked "confirm on import" is asked about before the file is
    written (a city admin's import writes figures no submission checks again); the others are notes. A
    county's drafts still need an explanation of each high-importance finding before they are submitted."""
    items = [
        checks.Figures(
            row.values["county"].pk,
            row.values["year"],
            row.values["quarter"],
            row.values["transaction_usd"],
            row.values["employees"],
            row.values["reporting_enterprises"],
            row.instance.pk if row.instance is not None else None,
        )
        for row in rows
    ]
    found = checks.findings(items)
    return [
        (
            row.line,
            f.field,
            _("%(severity)s%(title)s：%(detail)s") % {"severity": _severity(f), "title": f.title, "detail": f.detail},
            CONFIRM if f.confirm else NOTE,
        )
        for row, findings in zip(rows, found, strict=True)
        for f in findings
        if f.kind != checks.FOLLOW_UP
    ]


def _severity(finding) -> str:
    if finding.kind == checks.OUTLIER:
        return _("【异常值】")
    return {checks.HIGH: _("【重要性高】"), checks.MEDIUM: _("【重要性中】")}.get(finding.severity, _("【重要性低】"))


def _is_city_admin(user) -> bool:
    # The command line (no user) is the operator of the installation and may do what a city admin may.
    return user is None or roles.is_city_admin(user)


QuarterlyReportResource = resource_for(QuarterlyReportSheet)
