"""Spreadsheet columns of the registries: enterprises, parks, overseas warehouses, training bases.

Enterprises are matched by their unified social credit code, the other registries by county and name,
so importing the same file twice updates rows and never duplicates them.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from counties.models import QuarterlyReport, ReportStatus
from counties.quarters import quarter_end, quarter_start
from enterprises.models import (
    Enterprise,
    EnterpriseReport,
    Industry,
    OverseasWarehouse,
    Park,
    ParkStatus,
    TrainingBase,
    WarehouseMode,
)
from enterprises.validators import normalise_credit_code, validate_credit_code
from spreadsheets import cells
from spreadsheets.cells import CellError
from spreadsheets.columns import (
    Column,
    Sheet,
    boolean_column,
    choice_column,
    county_column,
    date_column,
    field_rules,
    integer_column,
    lookup_column,
    text_column,
    year_column,
)
from spreadsheets.resources import resource_for

EXAMPLE_DAY = datetime.date(2017, 3, 31)


_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUES = {ch: i for i, ch in enumerate(_ALPHABET)}
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CODE_RE = re.compile(r"[0-9]{8}[0-9A-HJ-NPQRTUWXY]{10}")


def is_valid_credit_code(code: str) -> bool:
    """GB 32100-2015 check without python-stdnum's per-call clean-ups: the import checks 100,000 codes.

    Agrees with ``enterprises.validators.validate_credit_code`` (a test compares them); that one gives
    the message when this says no.
    """
    if not _CODE_RE.fullmatch(code):
        return False
    total = sum(_VALUES[ch] * w for ch, w in zip(code, _WEIGHTS, strict=False))
    return _ALPHABET[(31 - total % 31) % 31] == code[17]


_SCIENTIFIC = re.compile(r"\d(?:\.\d+)?E\+?\d+", re.IGNORECASE)


def _parse_credit_code(raw, ctx, scale):
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raise CellError(_("统一社会信用代码被存成了数字（精度已丢失），请把该列设为“文本”格式后重新填写。"))
    code = cells.half_width(cells.text(raw)).upper()
    if is_valid_credit_code(code):
        return code
    if _SCIENTIFIC.fullmatch(code.replace(" ", "")):
        raise CellError(
            _(
                "统一社会信用代码“%(value)s”被Excel显示成了科学计数法，后几位已经丢失。"
                "请在Excel中把该列设为“文本”格式，重新填写完整的18位代码后再保存。"
            )
            % {"value": code}
        )
    code = normalise_credit_code(code)
    if not code:
        return ""
    try:
        validate_credit_code(code)
    except ValidationError as exc:
        raise CellError(" ".join(exc.messages)) from None
    return code


def credit_code_column(name="credit_code", label="统一社会信用代码", **kw) -> Column:
    kw.setdefault("note", "18位，末位为校验位；请将该列设为文本格式。")
    return Column(name, label, _parse_credit_code, **kw)


def _closed_after(opened: str, closed: str, values: dict) -> list[tuple[str, str]]:
    if values.get(closed) and values.get(opened) and values[closed] < values[opened]:
        return [(closed, _("不能早于%(date)s。") % {"date": f"{values[opened]:%Y-%m-%d}"})]
    return []


class _RegistrySheet(Sheet):
    natural_key = ("county", "name")

    def row_problems(self, values, ctx):
        return _closed_after(self.opened_field, "closed_on", values)


class EnterpriseSheet(Sheet):
    key = "enterprises"
    model = Enterprise
    title = gettext_lazy("跨境电商企业")
    natural_key = ("credit_code",)
    columns = [
        text_column(
            "name",
            "企业名称",
            max_length=200,
            required=True,
            example="商丘市示例跨境电商有限公司",
            validators=field_rules(Enterprise, "name"),
        ),
        credit_code_column(required=True, example="91411400MA44L6QX19"),
        county_column(required=True, example="梁园区"),
        date_column(
            "filed_on", "备案认定日期", required=True, example=EXAMPLE_DAY, note="如2017-03-31、2017年3月31日。"
        ),
        date_column("deregistered_on", "注销日期", example=None, note="仍在经营的留空。"),
        choice_column("industry", "行业", Industry, default=Industry.OTHER, example="纺织服装"),
        boolean_column("is_foreign_trade", "外贸企业", example="是"),
        year_column("city_demo_year", "市级示范企业认定年度", example=None, note="如2017；未认定的留空。"),
        year_column("province_demo_year", "省级示范企业认定年度", example=None, note="如2018；未认定的留空。"),
    ]

    def row_problems(self, values, ctx):
        return _closed_after("filed_on", "deregistered_on", values)


class ParkSheet(_RegistrySheet):
    key = "parks"
    model = Park
    title = gettext_lazy("跨境电商园区")
    opened_field = "established_on"
    columns = [
        text_column(
            "name",
            "园区名称",
            max_length=200,
            required=True,
            example="示例跨境电商产业园",
            validators=field_rules(Park, "name"),
        ),
        county_column(required=True, example="睢阳"),
        date_column("established_on", "建成日期", required=True, example=EXAMPLE_DAY),
        date_column("closed_on", "关闭日期", note="仍在运营的留空。"),
        choice_column("status", "状态", ParkStatus, default=ParkStatus.OPERATING, example="已运营"),
        choice_column("industry", "特色产业", Industry, default=Industry.OTHER, example="超硬材料"),
        boolean_column("is_demonstration", "跨境电商示范园区", example="否"),
        boolean_column("is_specialised", "专业跨境电商产业园区", example="是"),
        year_column("city_demo_year", "市级示范园区认定年度", note="未认定的留空。"),
        year_column("province_demo_year", "省级示范园区认定年度", note="未认定的留空。"),
        year_column("national_demo_year", "国家级示范基地认定年度", note="未认定的留空。"),
    ]


def _enterprise_by_code(ctx, value):
    table = ctx.cache.get("enterprises")
    if table is None:
        enterprises = Enterprise.objects.only("id", "credit_code", "county_id", "name")
        if ctx.allowed_county_ids is not None:
            # County staff look up only their own county's enterprises: another county's code is "not
            # found", never a name from that county.
            enterprises = enterprises.filter(county_id__in=ctx.allowed_county_ids)
        table = ctx.cache["enterprises"] = {e.credit_code: e for e in enterprises}
    return table.get(normalise_credit_code(value))


class OverseasWarehouseSheet(_RegistrySheet):
    key = "warehouses"
    aliases = ("overseas_warehouses", "overseaswarehouse")
    model = OverseasWarehouse
    title = gettext_lazy("海外仓")
    opened_field = "opened_on"
    columns = [
        text_column(
            "name",
            "海外仓名称",
            max_length=200,
            required=True,
            example="示例美国洛杉矶海外仓",
            validators=field_rules(OverseasWarehouse, "name"),
        ),
        county_column(required=True, example="411402"),
        lookup_column(
            "enterprise",
            "运营企业统一社会信用代码",
            _enterprise_by_code,
            lambda e: e.credit_code,
            note="须是已登记的企业；没有的留空。",
            example="91411400MA44L6QX19",
        ),
        text_column(
            "country",
            "国家",
            max_length=60,
            required=True,
            example="美国",
            validators=field_rules(OverseasWarehouse, "country"),
        ),
        text_column("city", "城市", max_length=60, example="洛杉矶", validators=field_rules(OverseasWarehouse, "city")),
        choice_column("mode", "运营方式", WarehouseMode, default=WarehouseMode.LEASED, example="租用"),
        date_column("opened_on", "设立日期", required=True, example=EXAMPLE_DAY),
        date_column("closed_on", "关闭日期", note="仍在运营的留空。"),
        boolean_column("is_public", "公共海外仓", example="是"),
        year_column("province_public_year", "省级公共海外仓认定年度", note="未认定的留空。"),
    ]

    def row_problems(self, values, ctx):
        problems = super().row_problems(values, ctx)
        enterprise, county = values.get("enterprise"), values.get("county")
        if enterprise and county and enterprise.county_id != county.pk:
            problems.append(
                (
                    "enterprise",
                    _("运营企业“%(name)s”不属于%(county)s。") % {"name": enterprise.name, "county": county},
                )
            )
        return problems


class TrainingBaseSheet(_RegistrySheet):
    key = "training_bases"
    aliases = ("trainingbase", "bases")
    model = TrainingBase
    title = gettext_lazy("培训孵化基地")
    opened_field = "established_on"
    columns = [
        text_column(
            "name",
            "基地名称",
            max_length=200,
            required=True,
            example="示例跨境电商孵化基地",
            validators=field_rules(TrainingBase, "name"),
        ),
        county_column(required=True, example="永城市"),
        text_column(
            "operator",
            "运营单位",
            max_length=200,
            required=True,
            example="商丘示例职业技术学院",
            validators=field_rules(TrainingBase, "operator"),
        ),
        date_column("established_on", "建成日期", required=True, example=EXAMPLE_DAY),
        date_column("closed_on", "关闭日期", note="仍在运营的留空。"),
    ]


EnterpriseResource = resource_for(EnterpriseSheet)

ParkResource = resource_for(ParkSheet)

OverseasWarehouseResource = resource_for(OverseasWarehouseSheet)

TrainingBaseResource = resource_for(TrainingBaseSheet)


class EnterpriseReportSheet(Sheet):
    """Per-enterprise flags of reporting to the national system, one row per enterprise and quarter.

    The enterprise is given by its credit code and must be one of the importing county's; there is no
    county column (the enterprise's county is the one). County staff cannot change the flags of a
    quarter whose report the city has approved.
    """

    key = "enterprise_reports"
    aliases = ("enterprisereport", "flags")
    model = EnterpriseReport
    title = gettext_lazy("企业信息系统填报")
    natural_key = ("enterprise", "year", "quarter")
    county_field = None
    columns = [
        lookup_column(
            "enterprise",
            "统一社会信用代码",
            _enterprise_by_code,
            lambda e: e.credit_code,
            required=True,
            note="须是本县区已登记的企业；请将该列设为文本格式。",
            example="91411400MA44L6QX19",
        ),
        integer_column("year", "年度", required=True, example=2017, note="如2017。"),
        Column(
            "quarter",
            "季度",
            lambda raw, ctx, scale: cells.quarter(raw),
            required=True,
            example=1,
            note="1～4，也可写“第一季度”。",
        ),
        boolean_column("on_time", "按时填报", example="是", note="在全国电子商务信息系统按时填报填“是”，否则填“否”。"),
        boolean_column("accurate", "准确填报", example="是", note="填报数据准确填“是”，否则填“否”。"),
    ]

    def visible_to(self, user):
        return EnterpriseReport.objects.visible_to(user)

    def export_queryset(self, queryset=None):
        qs = queryset if queryset is not None else EnterpriseReport.objects.all()
        return qs.select_related("enterprise").order_by(
            "enterprise__county__order", "enterprise__name", "year", "quarter"
        )

    def row_problems(self, values, ctx):
        year, quarter, enterprise = values.get("year"), values.get("quarter"), values.get("enterprise")
        if year is None or quarter is None:
            return []
        if not 2000 <= year <= 2100:
            return [("year", f"年度{year}超出范围（2000～2100）。")]
        if quarter_start(year, quarter) > ctx.today:
            return [("quarter", f"{year}年第{quarter}季度尚未开始，不能标记。")]
        if enterprise and enterprise.filed_on > quarter_end(year, quarter):
            return [
                ("year", f"该企业{enterprise.filed_on:%Y-%m-%d}才备案认定，{year}年第{quarter}季度还不是备案企业。")
            ]
        if enterprise and _approved(ctx, enterprise.county_id, year, quarter):
            return [("quarter", f"{year}年第{quarter}季度数据已审核锁定，企业填报标记不能再修改；请联系市商务局。")]
        return []


def _approved(ctx, county_id: int, year: int, quarter: int) -> bool:
    """Whether the county's report of that quarter is approved (county staff only; one query per file)."""
    if ctx.allowed_county_ids is None:
        return False  # city admins and the command line may fix the flags behind an approved report
    approved = ctx.cache.get("approved_quarters")
    if approved is None:
        approved = ctx.cache["approved_quarters"] = set(
            QuarterlyReport.objects.filter(
                county_id__in=ctx.allowed_county_ids, status=ReportStatus.APPROVED
            ).values_list("county_id", "year", "quarter")
        )
    return (county_id, year, quarter) in approved


EnterpriseReportResource = resource_for(EnterpriseReportSheet)
