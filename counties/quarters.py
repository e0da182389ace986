"""Calendar quarters, the unit in which counties report their figures."""

import datetime

from django.utils.functional import lazy
from django.utils.translation import gettext

QUARTERS = (1, 2, 3, 4)


def quarter_name(quarter: int) -> str:
    """ "第3季度" / "Q3", in the active language."""
    return gettext("第%(q)s季度") % {"q": quarter}


# Model choices: the label is read in the language of the page that shows it.
QUARTER_CHOICES = [(q, lazy(quarter_name, str)(q)) for q in QUARTERS]


def quarter_start(year: int, quarter: int) -> datetime.date:
    """First day of ``quarter`` (1-4) of ``year``."""
    return datetime.date(year, 3 * quarter - 2, 1)


def quarter_end(year: int, quarter: int) -> datetime.date:
    """Last day of ``quarter`` (1-4) of ``year``."""
    if quarter == 4:
        return datetime.date(year, 12, 31)
    return quarter_start(year, quarter + 1) - datetime.timedelta(days=1)


def quarter_of(day: datetime.date) -> int:
    """The quarter (1-4) that ``day`` falls in."""
    return (day.month - 1) // 3 + 1


def last_closed_quarter(today: datetime.date) -> tuple[int, int]:
    """The most recent quarter that has ended on or before ``today``, as ``(year, quarter)``."""
    q = quarter_of(today)
    if today == quarter_end(today.year, q):
        return today.year, q
    return (today.year, q - 1) if q > 1 else (today.year - 1, 4)
