"""Turning one spreadsheet cell into a Python value, the way Chinese Excel and WPS users type them.

Each parser takes the raw cell (``str``, number, ``datetime`` or ``None``) and returns the value or
raises ``CellError`` with a Chinese message saying what is wrong. Parsers never touch the database:
lookups (counties, plans, enterprises) go through the ``ParseContext`` caches filled once per file.
"""

import datetime
import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _

from shangqiu_cbec.language import join_list
from spreadsheets.writers import needs_neutralising

EXCEL_EPOCH = datetime.date(1899, 12, 30)
PLAIN_TYPES = (str, int, float, Decimal, datetime.date, datetime.time, bool)
TRUE_WORDS = {"是", "y", "yes", "true", "1", "√", "✓", "t"}
FALSE_WORDS = {"否", "n", "no", "false", "0", "×", "f"}
_DATE_RE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?"
    r"(?:(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"  # a time of day, as Excel writes dates into csv
)
_COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SCALE_WORDS = {"千": Decimal(1_000), "万": Decimal(10_000), "亿": Decimal(100_000_000)}
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
_CN_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


class CellError(ValueError):
    """A cell whose content cannot be used; the message is shown to the user as it is."""


def is_formula(raw) -> bool:
    """True for a value of a type no plain cell holds (a formula object).

    Text is never a formula here, even when it starts with "=": the readers report formula cells
    themselves (their stored result, or ``uncomputed``), and our own xlsx exports write formula-like
    text as quote-prefixed text cells that must import back as the text they hold."""
    if raw is None:
        return False
    return not isinstance(raw, PLAIN_TYPES)


def is_blank(raw) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def half_width(value: str) -> str:
    """Full-width digits, letters and punctuation (as Chinese input methods type them) made half-width."""
    return unicodedata.normalize("NFKC", value)


def text(raw, *, max_length: int | None = None) -> str:
    """Text as typed; the apostrophe our own CSV export put before formula-like text is taken off again."""
    if is_blank(raw):
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, (datetime.datetime, datetime.date)):
        raw = raw.strftime("%Y-%m-%d")
    value = str(raw).strip()
    if value.startswith("'") and needs_neutralising(value[1:]):
        value = value[1:]
    if max_length and len(value) > max_length:
        raise CellError(_("内容过长：最多%(max)d个字，实际%(n)d个字。") % {"max": max_length, "n": len(value)})
    return value


def date(raw, *, today: datetime.date | None = None) -> datetime.date | None:
    """2017-03-31, 2017/3/31, 2017.3.31, 2017年3月31日 (or 号), 20170331, with or without a time of day
    ("2017/3/5 0:00", as Chinese Excel writes dates into csv), an Excel date cell or serial number."""
    if is_blank(raw):
        return None
    if isinstance(raw, datetime.datetime):
        value = raw.date()
    elif isinstance(raw, datetime.date):
        value = raw
    elif isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if not 1 <= raw < 2958466:
            raise CellError(_("“%(value)s”不是日期。") % {"value": raw})
        value = EXCEL_EPOCH + datetime.timedelta(days=int(raw))
    else:
        s = half_width(str(raw)).strip()
        match = _DATE_RE.match(s) or _COMPACT_DATE_RE.match(s)
        if not match:
            raise CellError(_("“%(value)s”不是日期，应写成2017-03-31、2017/3/31或2017年3月31日。") % {"value": s})
        try:
            value = datetime.date(*(int(g) for g in match.groups()))
        except ValueError:
            raise CellError(_("“%(value)s”不是有效日期。") % {"value": s}) from None
    if today is not None and value > today:
        raise CellError(_("日期%(date)s晚于今天，不能填写将来的日期。") % {"date": f"{value:%Y-%m-%d}"})
    return value


def decimal(
    raw,
    *,
    scale: Decimal = Decimal(1),
    places: int = 2,
    allow_negative: bool = False,
    unit: str = "",
    max_digits: int = 18,
) -> Decimal | None:
    """A number: 1,234.5 and 1 234.5 and 1.5万 and 320人 (the column's ``unit`` may follow the number).

    ``scale`` is the multiplier the column's header implies (10,000 for "（万美元）"). A scale word in the
    cell as well ("125万" under "（万美元）") would multiply twice — 10,000 times the amount — so it is
    refused, as are commas that are not thousands separators ("12,34": a decimal comma, or a typo).
    """
    if is_blank(raw):
        return None
    if isinstance(raw, bool):
        raise CellError(_("“%(value)s”不是数字。") % {"value": raw})
    if isinstance(raw, (int, Decimal)):
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(repr(raw))
    else:
        value = _decimal_text(str(raw), scale=scale, unit=unit)
    value *= scale
    if value < 0 and not allow_negative:
        raise CellError(_("不能为负数（%(value)s）。") % {"value": raw})
    quantum = Decimal(1).scaleb(-places)
    if value != value.quantize(quantum):
        raise CellError(_("“%(value)s”最多保留%(places)d位小数。") % {"value": raw, "places": places})
    if abs(value) >= Decimal(10) ** (max_digits - places):
        raise CellError(_("“%(value)s”数值过大。") % {"value": raw})
    return value.quantize(quantum)


def _decimal_text(raw: str, *, scale: Decimal, unit: str) -> Decimal:
    s = half_width(raw).strip().replace(" ", "").replace("\u00a0", "")
    if unit and s.endswith(unit):
        s = s[: -len(unit)]
    cell_scale = Decimal(1)
    if s and s[-1] in _SCALE_WORDS:
        cell_scale, s = _SCALE_WORDS[s[-1]], s[:-1]
        if scale != 1:
            raise CellError(
                _(
                    "列标题已注明以“%(word)s”为单位，单元格里又写了“%(value)s”，两处的“%(word)s”会相乘；请只填数字%(number)s。"
                )
                % {"word": _scale_word(scale), "value": raw.strip(), "number": s}
            )
    if "," in s:
        if not _GROUPED.fullmatch(s):
            raise CellError(
                _("“%(value)s”中的逗号位置不对：千位分隔符应每三位一个（如1,234,567），小数点请用“.”。")
                % {"value": raw.strip()}
            )
        s = s.replace(",", "")
    try:
        value = Decimal(s) * cell_scale
    except InvalidOperation:
        raise CellError(_("“%(value)s”不是数字。") % {"value": raw}) from None
    if not value.is_finite():
        raise CellError(_("“%(value)s”不是数字。") % {"value": raw})
    return value


def _scale_word(scale: Decimal) -> str:
    return next((word for word, factor in _SCALE_WORDS.items() if factor == scale), str(scale))


def integer(raw, *, minimum: int = 0, maximum: int | None = None, unit: str = "") -> int | None:
    value = decimal(raw, places=0, unit=unit, allow_negative=minimum < 0)
    if value is None:
        return None
    number = int(value)
    if number < minimum or (maximum is not None and number > maximum):
        if maximum is not None:
            bound = _("应为%(min)d～%(max)d") % {"min": minimum, "max": maximum}
        else:
            bound = _("应不小于%(min)d") % {"min": minimum}
        raise CellError(_("“%(value)s”超出范围（%(bound)s）。") % {"value": raw, "bound": bound})
    return number


def year(raw) -> int | None:
    """2017, also 2017年 and 2017年度."""
    if isinstance(raw, str):
        raw = half_width(raw).strip().removesuffix("度").removesuffix("年")
    return integer(raw, minimum=2000, maximum=2100)


def quarter(raw) -> int | None:
    """1-4, also 第一季度, 一季度, Q1."""
    if is_blank(raw):
        return None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and raw in (1, 2, 3, 4):
        return int(raw)
    s = (
        half_width(str(raw))
        .strip()
        .upper()
        .removeprefix("第")
        .removeprefix("Q")
        .removesuffix("季度")
        .removesuffix("季")
    )
    if s in _CN_QUARTERS:
        return _CN_QUARTERS[s]
    raise CellError(_("“%(value)s”不是季度，应为1～4。") % {"value": raw})


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
    raise CellError(_("“%(value)s”应填“是”或“否”。") % {"value": raw})


def choice(raw, choices) -> str | None:
    """A TextChoices value given by its label, Chinese (纺织服装) or English (Textiles and clothing), or its code
    (textiles). The labels are read in both languages whatever the page's: a file is not in the page's language."""
    if is_blank(raw):
        return None
    s = str(raw).strip()
    words = _choice_words(choices)
    value = words.get(s) or words.get(s.lower())
    if value is None:
        allowed = join_list(str(label) for _value, label in choices.choices)
        raise CellError(_("“%(value)s”不是可选值，应为：%(allowed)s。") % {"value": s, "allowed": allowed})
    return value


@functools.cache
def _choice_words(choices) -> dict:
    words = {}
    for language in ("en", "zh-hans"):  # Chinese last: a label the same in both keeps its Chinese reading
        with translation.override(language):
            for value, label in choices.choices:
                words[str(label)] = words[str(label).lower()] = str(value)
    for value, _label in choices.choices:
        words[str(value)] = words[str(value).lower()] = str(value)
    return words
