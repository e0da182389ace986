"""The target catalogue: every quantitative target of every plan, as rows for export."""

from django.utils.translation import gettext

from shangqiu_cbec.language import localised
from targets.models import Target

# (English column, Chinese column, value getter). The English names are stable for machines. Names are in
# the active language (English on English pages; a command writes Chinese); the plan's clause stays as written.
COLUMNS = [
    ("plan", "行动计划", lambda t: t.plan.code),
    ("year", "年度", lambda t: t.year),
    ("indicator", "指标代码", lambda t: t.indicator.code),
    ("indicator_name", "指标名称", lambda t: localised(t.indicator)),
    ("county_code", "县区代码", lambda t: t.county.code if t.county_id else ""),
    ("county_name", "县区", lambda t: localised(t.county) if t.county_id else gettext("全市")),
    ("min", "下限", lambda t: t.minimum),
    ("max", "上限", lambda t: t.maximum),
    ("unit", "单位", lambda t: localised(t.indicator, "unit")),
    ("strict", "严格大于", lambda t: t.is_strict),
    ("aspirational", "争创力争", lambda t: t.is_aspirational),
    ("counts", "统计口径", lambda t: t.counts),
    ("clause", "计划原文", lambda t: t.clause),
    ("note", "备注", lambda t: t.note),
]


def catalogue_targets(plan=None):
    targets = Target.objects.select_related("plan", "indicator", "county").order_by(
        "plan__start_year", "year", "indicator__order", "county__order"
    )
    return targets.filter(plan=plan) if plan else targets


def catalogue_rows(targets, *, chinese: bool = False) -> tuple[list[str], list[list]]:
    """Headers and rows. Booleans are ``true``/``false`` for machines, 是/否 in the Chinese version."""
    headers = [zh if chinese else en for en, zh, _ in COLUMNS]
    rows = []
    for target in targets:
        row = [get(target) for _, _, get in COLUMNS]
        if not chinese:
            row = [("true" if v else "false") if isinstance(v, bool) else v for v in row]
        rows.append(row)
    return headers, rows
