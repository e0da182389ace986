"""The overview and the scorecard as xlsx workbooks: Chinese headers, one sheet per view, numbers as numbers.

Values are written in the indicator's own unit (the transaction volume in US dollars, as the counties
report it) so that a spreadsheet can add them up; ratios are percentages as numbers (85.5, not "85.5%").
"""

from decimal import ROUND_HALF_UP, Decimal

from spreadsheets.writers import xlsx_bytes

TENTH = Decimal("0.1")


def _percent(ratio: Decimal | None):
    return None if ratio is None else (ratio * 100).quantize(TENTH, ROUND_HALF_UP)


OVERVIEW_HEADERS = [
    "年度",
    "截至季度",
    "指标代码",
    "指标",
    "单位",
    "目标",
    "目标下限",
    "目标上限",
    "争创/力争",
    "实际值",
    "完成率（%）",
    "状态",
    "年末预计值",
    "按当前进度将无法完成",
]


def overview_sheet(page) -> tuple[str, list[str], list[list]]:
    """The overview's city-wide targets as one sheet."""
    rows = []
    for row in page.rows:
        target, progress, forecast = row.target, row.progress, row.forecast
        rows.append(
            [
                target.year,
                progress.period.quarter,
                target.indicator.code,
                target.indicator.name,
                target.indicator.unit,
                target.bound_label,
                target.minimum,
                target.maximum,
                target.is_aspirational,
                progress.actual,
                _percent(progress.ratio),
                progress.state.label,
                forecast.value.quantize(Decimal("0.01")) if forecast.value is not None else None,
                forecast.will_miss,
            ]
        )
    return f"{page.choice.year}年全市总览", OVERVIEW_HEADERS, rows


def scorecard_sheet(card, choice) -> tuple[str, list[str], list[list]]:
    """The scorecard as one sheet: rank, county, each quota's actual and task, composite score."""
    headers = ["排名", "县区代码", "县区"]
    for indicator in card.indicators:
        headers += [f"{indicator.name}（实际，{indicator.unit}）", f"{indicator.name}（任务，{indicator.unit}）"]
    headers += ["考核任务数", "综合得分（%）"]
    rows = []
    for score in card.rows:
        row = [score.rank, score.county.code, score.county.name]
        for cell in score.cell_list(card.indicators):
            row += [cell.actual, cell.target.minimum] if cell else [None, None]
        row += [len(score.quotas), _percent(score.score)]
        rows.append(row)
    return f"{choice.year}年县区考核排名", headers, rows


def overview_xlsx(page) -> bytes:
    return xlsx_bytes([overview_sheet(page)])


def scorecard_xlsx(card, choice) -> bytes:
    return xlsx_bytes([scorecard_sheet(card, choice)])
