"""Calendar quarters, the unit in which counties report their figures."""

import datetime

QUARTERS = (1, 2, 3, 4)


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
