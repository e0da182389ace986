"""The reporting window: which quarters a county may fill in, from when, and by when.

* A quarter opens for filling the day after it ends (its figures are not known before) and is due
  ``settings.REPORT_DUE_DAYS`` days after its last day (``timeliness.due_date``).
* Only the years some loaded plan counts are offered: figures of other years reach no dashboard and
  no target, so a county typing them would be wasting its time. ``counties`` knows nothing of plans
  (``targets`` sits above it), so the plan years come from a provider that ``targets`` registers at
  start-up with ``register_plan_years``.

The same rules are enforced in the workflow service, the report form and the quarterly import, so a
hand-typed URL for a running quarter or a year outside every plan is refused with a clear message.
"""

import datetime
from collections.abc import Callable, Iterable

from django.utils import formats
from django.utils.translation import gettext as _

from counties.quarters import QUARTERS, quarter_end

_plan_years: Callable[[], Iterable[int]] | None = None


def register_plan_years(provider: Callable[[], Iterable[int]]) -> None:
    """Tell the window which years the loaded plans count (``targets`` calls this in ``ready()``)."""
    global _plan_years
    _plan_years = provider


def plan_years() -> list[int]:
    """Every year a loaded plan counts, ascending (one query). Empty when no plan is loaded."""
    return sorted(set(_plan_years())) if _plan_years else []


def opens_on(year: int, quarter: int) -> datetime.date:
    """The first day a quarter's figures may be entered: the day after the quarter ends."""
    return quarter_end(year, quarter) + datetime.timedelta(days=1)


def is_open(year: int, quarter: int, today: datetime.date) -> bool:
    """Whether the quarter has ended, so its figures can be filled in."""
    return today >= opens_on(year, quarter)


def year_refusal(year: int, years: list[int]) -> str | None:
    """Why ``year`` may not be filled in (no loaded plan counts it), or ``None``."""
    if year in years:
        return None
    if not years:
        return _("尚未载入行动计划，不能填报季度数据。")
    return _(
        "%(year)d年不在任何已载入的行动计划期内（计划年度：%(first)d—%(last)d年），该年数据不计入任何计划目标，不能填报。"
    ) % {"year": year, "first": years[0], "last": years[-1]}


def quarter_refusal(year: int, quarter: int, today: datetime.date) -> str | None:
    """Why the quarter may not be filled in yet (it has not ended), or ``None``."""
    if is_open(year, quarter, today):
        return None
    return _("%(year)d年第%(quarter)d季度尚未结束，%(opens)s起才能填报。") % {
        "year": year,
        "quarter": quarter,
        "opens": formats.date_format(opens_on(year, quarter), "Y-m-d"),
    }


def refusal(year: int, quarter: int, today: datetime.date, years: list[int] | None = None) -> str | None:
    """Why a quarter may not be filled in (a message for the user), or ``None`` if it may.

    ``years`` are the plan years if the caller already has them (saves the query).
    """
    years = plan_years() if years is None else years
    return year_refusal(year, years) or quarter_refusal(year, quarter, today)


def open_quarters(today: datetime.date, years: list[int] | None = None) -> list[tuple[int, int]]:
    """The quarters of the plan years that have ended by ``today``, oldest first."""
    years = plan_years() if years is None else years
    return [(y, q) for y in years for q in QUARTERS if is_open(y, q, today)]
