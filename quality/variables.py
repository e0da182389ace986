"""The names a rule's expressions may use, in English code or in Chinese, and where each value comes from.

Three sources, all for the county and quarter of the report being checked:

- the report itself (``transaction_usd``/交易额 ...);
- the county's report for the quarter before, whatever its status (``prev_...``/上季度...); missing when
  there is none;
- the county's registries at the quarter's last day (``filed_enterprises``/备案企业数 ...), counted as the
  dashboards count a stock: filed/opened on or before that day and not deregistered/closed by then; and
  the per-enterprise flags of reporting to the national system that quarter (``flagged_enterprises``/
  系统填报企业数: enterprises ticked both on time and accurate), missing while the county has ticked
  no enterprise for that quarter.
"""

import functools
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

REPORT, PREVIOUS, REGISTRY = "report", "previous", "registry"

#: The quarterly report's figures that rules and outliers look at (``counties.QuarterlyReport`` fields).
FIGURES = ("transaction_usd", "employees", "reporting_enterprises")


@dataclass(frozen=True)
class Variable:
    code: str
    chinese: str
    description: object  # lazy translation
    source: str
    aliases: tuple[str, ...] = ()


VARIABLES = [
    Variable("transaction_usd", "交易额", _("本季度跨境电商交易额（美元）"), REPORT, ("跨境电商交易额",)),
    Variable("employees", "从业人员", _("季度末从业人员（人）"), REPORT, ("从业人员数",)),
    Variable("reporting_enterprises", "填报企业数", _("按时准确填报企业数（家）"), REPORT, ("按时准确填报企业数",)),
    Variable("prev_transaction_usd", "上季度交易额", _("上季度交易额（美元）；无上季度数据时缺失"), PREVIOUS),
    Variable("prev_employees", "上季度从业人员", _("上季度末从业人员（人）；无上季度数据时缺失"), PREVIOUS),
    Variable(
        "prev_reporting_enterprises", "上季度填报企业数", _("上季度按时准确填报企业数；无上季度数据时缺失"), PREVIOUS
    ),
    Variable("filed_enterprises", "备案企业数", _("季度末已备案认定且未注销的企业数"), REGISTRY),
    Variable("parks", "园区数", _("季度末已建成且未关闭的跨境电商园区数"), REGISTRY),
    Variable("warehouses", "海外仓数", _("季度末已设立且未关闭的海外仓数"), REGISTRY),
    Variable("training_bases", "培训基地数", _("季度末已建成且未关闭的培训孵化基地数"), REGISTRY),
    Variable(
        "flagged_enterprises",
        "系统填报企业数",
        _("企业填报标记中本季度按时且准确填报的企业数；县区尚未标记本季度时缺失"),
        REGISTRY,
        ("标记填报企业数",),
    ),
]
BY_CODE = {v.code: v for v in VARIABLES}


def spellings() -> dict[str, str]:
    """Every accepted spelling (English code, Chinese name, aliases) -> the variable's code."""
    names = {}
    for v in VARIABLES:
        for spelling in (v.code, v.chinese, *v.aliases):
            names[spelling] = v.code
    return names


SPELLINGS = spellings()


@functools.lru_cache(maxsize=1024)
def in_language(text: str, *, english: bool) -> str:
    """An expression with its names spelled for the reader: English codes, or the Chinese names.

    ``交易额 > 0`` reads ``transaction_usd > 0`` on an English page. Only name tokens change (numbers,
    signs and spacing stay as written); text that does not tokenize is returned as it is.
    """
    from quality.expressions import ExpressionError, normalise, tokenize

    text = normalise(text or "")
    try:
        tokens = tokenize(text)
    except ExpressionError:
        return text
    parts, position = [], 0
    for token in tokens:
        if token.kind != "name" or token.text not in SPELLINGS:
            continue
        variable = BY_CODE[SPELLINGS[token.text]]
        parts += [text[position : token.position], variable.code if english else variable.chinese]
        position = token.position + len(token.text)
    return "".join(parts) + text[position:]
