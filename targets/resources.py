"""Spreadsheet columns of the plan's targets and milestones.

Targets are matched by plan, indicator, year and county (empty county = city-wide); milestones by
plan and code. Only city admins hold the permissions to import them.
"""

from django.utils.translation import gettext_lazy

from spreadsheets.columns import (
    Sheet,
    boolean_column,
    choice_column,
    county_column,
    date_column,
    decimal_column,
    field_rules,
    integer_column,
    lookup_column,
    text_column,
    year_column,
)
from spreadsheets.resources import resource_for
from targets.models import Counts, Indicator, Milestone, MilestoneStatus, Plan, Target

PLAN_EXAMPLE = "商政〔2016〕26号"


def _plan(ctx, value):
    table = ctx.cache.get("plans")
    if table is None:
        table = ctx.cache["plans"] = {}
        for plan in Plan.objects.all():
            for word in (plan.code, plan.slug, plan.title):
                table.setdefault(word, plan)
    return table.get(value)


def _indicator(ctx, value):
    table = ctx.cache.get("indicators")
    if table is None:
        table = ctx.cache["indicators"] = {}
        for indicator in Indicator.objects.all():
            for word in (indicator.code, indicator.name):
                table.setdefault(word, indicator)
    return table.get(value)


def plan_column(**kw):
    kw.setdefault("note", "行动计划的文号，如“商政〔2016〕26号”。")
    return lookup_column("plan", "行动计划", _plan, lambda p: p.code, required=True, example=PLAN_EXAMPLE, **kw)


def _year_in_plan(values) -> list[tuple[str, str]]:
    plan, year = values.get("plan"), values.get("year")
    if plan and year and not plan.start_year <= year <= plan.end_year:
        return [("year", f"{year}不在计划期{plan.start_year}～{plan.end_year}年内。")]
    return []


class TargetSheet(Sheet):
    key = "targets"
    model = Target
    title = gettext_lazy("目标")
    natural_key = ("plan", "indicator", "year", "county")
    columns = [
        plan_column(),
        year_column("year", "年度", required=True, example=2017),
        lookup_column(
            "indicator",
            "指标代码",
            _indicator,
            lambda i: i.code,
            required=True,
            example="enterprises_filed",
            note="指标代码或指标名称。",
        ),
        county_column(city_is_blank=True, example="梁园区", note="县区名称、简称或代码；全市目标填“全市”或留空。"),
        decimal_column("minimum", "下限", required=True, example=10),
        decimal_column("maximum", "上限", note="“以上”“超过”的目标留空；范围目标（如1~2）填上限。"),
        boolean_column("is_strict", "严格大于（超过）", example="否", note="计划写“超过”的填“是”。"),
        boolean_column("is_aspirational", "争创/力争目标", example="否", note="计划写“争创”“力争”“争取”的填“是”。"),
        choice_column("counts", "统计口径", Counts, required=True, example="年内新增"),
        text_column("clause", "计划原文", required=True, example="全市新增备案认定跨境电商企业……"),
        text_column("note", "备注", validators=field_rules(Target, "note")),
    ]

    def visible_to(self, user):
        return Target.objects.all() if user.has_perm("targets.view_target") else Target.objects.none()

    def row_problems(self, values, ctx):
        problems = _year_in_plan(values)
        low, high = values.get("minimum"), values.get("maximum")
        if low is not None and high is not None and high < low:
            problems.append(("maximum", f"上限{high}小于下限{low}。"))
        return problems


class MilestoneSheet(Sheet):
    key = "milestones"
    model = Milestone
    title = gettext_lazy("重点项目")
    natural_key = ("plan", "code")
    county_field = None
    columns = [
        plan_column(),
        text_column(
            "code", "代码", max_length=60, required=True, example="bonded-warehouse", note="字母、数字和连字符。"
        ),
        text_column("title", "事项", max_length=200, required=True, example="建成保税仓"),
        text_column("title_en", "英文", max_length=200),
        year_column("year", "目标年度", example=2017, note="空为计划期内。"),
        boolean_column("is_aspirational", "争创/力争", example="否"),
        text_column("clause", "计划原文", required=True, example="……"),
        choice_column(
            "status",
            "状态",
            MilestoneStatus,
            default=MilestoneStatus.NOT_STARTED,
            example="未启动",
            note="新项目填“未启动”或留空；进展在重点项目页面登记。",
        ),
        date_column("reached_on", "完成日期", note="状态为“已完成”时必填。"),
        text_column("evidence", "佐证说明", validators=field_rules(Milestone, "evidence")),
        integer_column("order", "排序", default=0, example=1),
    ]

    def visible_to(self, user):
        return Milestone.objects.all() if user.has_perm("targets.view_milestone") else Milestone.objects.none()

    # Progress (status, date reached, evidence) is recorded on the key project's page, which keeps every change
    # as a dated entry with its files; an import may carry the exported values back unchanged, never change them.
    PROGRESS_FIELDS = ("status", "reached_on", "evidence")
    PROGRESS_ON_PAGE = (
        "状态、完成日期和佐证说明请在重点项目页面点“登记进展”填写（保留进展记录和附件），不能通过导入修改。"
    )

    def existing_problems(self, instance, values, ctx):
        progress = {name: values[name] for name in self.PROGRESS_FIELDS if name in values}
        return [(name, self.PROGRESS_ON_PAGE) for name in self.changed_fields(instance, progress)]

    def new_problems(self, values, ctx):
        given = [
            name for name in self.PROGRESS_FIELDS if values.get(name) not in (None, "", MilestoneStatus.NOT_STARTED)
        ]
        return [(name, self.PROGRESS_ON_PAGE) for name in given]

    def row_problems(self, values, ctx):
        problems = _year_in_plan(values)
        if values.get("status") == MilestoneStatus.DONE and not values.get("reached_on"):
            problems.append(("reached_on", "状态为“已完成”时必须填写完成日期。"))
        code = values.get("code") or ""
        if code and not all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in code):
            problems.append(("code", "代码只能含字母、数字、连字符和下划线。"))
        return problems


TargetResource = resource_for(TargetSheet)

MilestoneResource = resource_for(MilestoneSheet)
