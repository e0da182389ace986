"""Turning one spreadsheet cell into a Python value, the way Chinese Excel and WPS users type them.

Each parser takes the raw cell (``str``, number, ``datetime`` or ``None``) and returns the value or
raises ``CellError`` with a Chinese message saying what is wrong. Parsers never touch the database:
lookups (counties, plans, enterprises) go through the ``ParseContext`` caches filled once per file.
"""

import datetime
import functools
import re
from decimal import Decimal, InvalidOperation

from spreadsheets.writers import FORMULA_PREFIXES

EXCEL_EPOCH = datetime.date(1899, 12, 30)
PLAIN_TYPES = (str, int, float, Decimal, datetime.date, datetime.time, bool)
TRUE_WORDS = {"是", "y", "yes", "true", "1", "√", "✓", "t"}
FALSE_WORDS = {"否", "n", "no", "false", "0", "×", "f"}
_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SCALE_WORDS = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")
_CN_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


class CellError(ValueError):
    """A cell whose content cannot be used; the message is shown to the user as it is."""


def is_formula(raw) -> bool:
    """True for a cell holding a formula (openpyxl gives formula text as ``=...``) or a formula object."""
    if raw is None:
        return False
    if isinstance(raw, str):
        return raw.startswith("=")
    return not isinstance(raw, PLAIN_TYPES)


def is_blank(raw) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def text(raw, *, max_length: int | None = None) -> str:
    """Text as typed; an apostrophe our own export put before ``=+-@`` is taken off again."""
    if is_blank(raw):
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, (datetime.datetime, datetime.date)):
        raw = raw.strftime("%Y-%m-%d")
    value = str(raw).strip()
    if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        value = value[1:]
    if max_length and len(value) > max_length:
        raise CellError(f"内容过长：最多{max_length}个字，实际{len(value)}个字。")
    return value


def date(raw, *, today: datetime.date | None = None) -> datetime.date | None:
    """2017-03-31, 2017/3/31, 2017.3.31, 2017年3月31日, 20170331, an Excel date cell or serial number."""
    if is_blank(raw):
        return None
    if isinstance(raw, datetime.datetime):
        value = raw.date()
    elif isinstance(raw, datetime.date):
        value = raw
    elif isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if not 1 <= raw < 2958466:
            raise CellError(f"“{raw}”不是日期。")
        value = EXCEL_EPOCH + datetime.timedelta(days=int(raw))
    else:
        s = str(raw).strip().translate(_FULLWIDTH)
        match = _DATE_RE.match(s) or _COMPACT_DATE_RE.match(s)
        if not match:
            raise CellError(f"“{s}”不是日期，应写成2017-03-31、2017/3/31或2017年3月31日。")
        try:
            value = datetime.date(*(int(g) for g in match.groups()))
        except ValueError:
            raise CellError(f"“{s}”不是有效日期。") from None
    if today is not None and value > today:
        raise CellError(f"日期{value:%Y-%m-%d}晚于今天，不能填写将来的日期。")
    return value


def decimal(raw, *, scale: Decimal = Decimal(1), places: int = 2, allow_negative: bool = False) -> Decimal | None:
    """A number: 1,234.5 and 1 234.5 and 1.5万 (万/亿 in the cell or, via ``scale``, in the header)."""
    if is_blank(raw):
        return None
    if isinstance(raw, bool):
        raise CellError(f"“{raw}”不是数字。")
    if isinstance(raw, (int, Decimal)):
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(repr(raw))
    else:
        s = str(raw).strip().translate(_FULLWIDTH).replace(",", "").replace(" ", "").replace("\u00a0", "")
        cell_scale = Decimal(1)
        if s and s[-1] in _SCALE_WORDS:
            cell_scale, s = _SCALE_WORDS[s[-1]], s[:-1]
        try:
            value = Decimal(s) * cell_scale
        except InvalidOperation:
            raise CellError(f"“{raw}”不是数字。") from None
        if not value.is_finite():
            raise CellError(f"“{raw}”不是数字。")
    value *= scale
    if value < 0 and not allow_negative:
        raise CellError(f"不能为负数（{raw}）。")
    quantum = Decimal(1).scaleb(-places)
    if value != value.quantize(quantum):
        raise CellError(f"“{raw}”最多保留{places}位小数。")
    return value.quantize(quantum)


def integer(raw, *, minimum: int = 0, maximum: int | None = None) -> int | None:
    value = decimal(raw, places=0)
    if value is None:
        return None
    number = int(value)
    if number < minimum or (maximum is not None and number > maximum):
        bound = f"{minimum}～{maximum}" if maximum is not None else f"不小于{minimum}"
        raise CellError(f"“{raw}”超出范围（应为{bound}）。")
    return number


def year(raw) -> int | None:
    if isinstance(raw, str):
        raw = raw.strip().removesuffix("年")
    return integer(raw, minimum=2000, maximum=2100)


def quarter(raw) -> int | None:
    """1-4, also 第一季度, 一季度, Q1."""
    if is_blank(raw):
        return None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and raw in (1, 2, 3, 4):
        return int(raw)
    s = str(raw).strip().upper().removeprefix("第").removeprefix("Q").removesuffix("季度").removesuffix("季")
    if s in _CN_QUARTERS:
        return _CN_QUARTERS[s]
    raise CellError(f"“{raw}”不是季度，应为1～4。")


def boolean(raw) -> bool | None:
    if is_blank(raw):
        return None
    if isinstance(raw, bool):
        return raw
    s = str(raw).strip().lower()
    if isinstance(raw, float) and raw.is_integer():
        s = str(int(raw))
    if s in TRUE_WORDS:
        return True
    if s in FALSE_WORDS:
        return False
    raise CellError(f"“{raw}”应填“是”或“否”。")


def choice(raw, choices) -> str | None:
    """A TextChoices value given by its Chinese label (纺织服装) or its code (textiles)."""
    if is_blank(raw):
        return None
    s = str(raw).strip()
    words = _choice_words(choices)
    value = words.get(s) or words.get(s.lower())
    if value is None:
        allowed = "、".join(label for _, label in choices.choices)
        raise CellError(f"“{s}”不是可选值，应为：{allowed}。")
    return value


@functools.cache
def _choice_words(choices) -> dict:
    words = {}
    for value, label in choices.choices:
        words[str(label)] = words[str(value)] = words[str(value).lower()] = str(value)
    return words
