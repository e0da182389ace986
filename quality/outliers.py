"""Figures that stand out: outside a county's normal range, or far from the other counties that quarter.

Two methods, as DHIS2 offers them:

- **Min-max bounds** per county and figure, generated from the county's own approved history as
  ``mean ± k·sd`` (sample standard deviation; the lower bound never below 0; counts rounded outward
  to whole numbers, amounts to cents), once at least ``min_history`` quarters exist. City admins set
  ``k`` and the minimum, and may edit a bound by hand; a hand-edited bound is kept when bounds are
  generated again.
- **Modified z-score** across the counties for the same quarter (Iglewicz and Hoaglin):
  ``z = 0.6745·(x − median)/MAD`` with ``MAD = median(|xᵢ − median|)``; ``|z|`` above the threshold
  (3.5 by default) is an outlier. It resists the outliers themselves, unlike mean and sd. When more
  than half the counties report the same value the MAD is 0; the mean absolute deviation takes its
  place (``z = (x − median)/(1.253314·MeanAD)``), and if that is 0 too every value is the median.
"""

import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, StdDev

from counties.models import QuarterlyReport, ReportStatus
from quality.models import Figure

CONSISTENCY = Decimal("0.6745")
MEAN_AD_FACTOR = Decimal("1.253314")
COUNTS = {Figure.EMPLOYEES, Figure.REPORTING_ENTERPRISES}
CENT = Decimal("0.01")


def median(values: list[Decimal]) -> Decimal:
    ordered = sorted(values)
    n = len(ordered)
    middle = n // 2
    return ordered[middle] if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2


@dataclass(frozen=True)
class Spread:
    """The centre and spread of one figure across counties in one quarter."""

    median: Decimal
    mad: Decimal
    mean_ad: Decimal
    n: int

    def z(self, value: Decimal) -> Decimal | None:
        """The modified z-score of ``value``; ``None`` when every value equals the median."""
        if self.mad:
            return CONSISTENCY * (value - self.median) / self.mad
        if self.mean_ad:
            return (value - self.median) / (MEAN_AD_FACTOR * self.mean_ad)
        return None


def spread(values: list[Decimal]) -> Spread:
    centre = median(values)
    deviations = [abs(v - centre) for v in values]
    return Spread(centre, median(deviations), sum(deviations) / len(deviations), len(values))


@dataclass(frozen=True)
class GeneratedBound:
    minimum: Decimal
    maximum: Decimal
    mean: Decimal
    sd: Decimal
    n: int


def bound_from(mean: Decimal, sd: Decimal, n: int, k: Decimal, figure: str) -> GeneratedBound:
    """``mean ± k·sd``, clamped at 0; counts rounded outward to whole numbers, amounts to cents."""
    low, high = max(mean - k * sd, Decimal(0)), mean + k * sd
    if figure in COUNTS:
        low, high = low.quantize(Decimal(1), ROUND_FLOOR), high.quantize(Decimal(1), ROUND_CEILING)
    else:
        low, high = low.quantize(CENT, ROUND_HALF_UP), high.quantize(CENT, ROUND_HALF_UP)
    return GeneratedBound(low, high, mean, sd, n)


def history_bounds(county_ids: list[int] | None, k: Decimal, min_history: int) -> dict[tuple[int, str], GeneratedBound]:
    """Bounds from each county's approved reports, one aggregate query for every county and figure."""
    reports = QuarterlyReport.objects.filter(status=ReportStatus.APPROVED)
    if county_ids is not None:
        reports = reports.filter(county_id__in=county_ids)
    aggregates = {}
    for figure in Figure.values:
        aggregates[f"{figure}__avg"] = Avg(figure)
        aggregates[f"{figure}__sd"] = StdDev(figure, sample=True)
    rows = reports.order_by().values("county_id").annotate(n=Count("pk"), **aggregates)
    bounds = {}
    for row in rows:
        if row["n"] < min_history:
            continue
        for figure in Figure.values:
            mean, sd = _decimal(row[f"{figure}__avg"]), _decimal(row[f"{figure}__sd"])
            bounds[(row["county_id"], figure)] = bound_from(mean, sd, row["n"], k, figure)
    return bounds


def _decimal(value) -> Decimal:
    """Aggregates come back as float on SQLite and Decimal on PostgreSQL; keep 4 places either way."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return Decimal(0)
    return Decimal(str(value)).quantize(Decimal("0.0001"), ROUND_HALF_UP)
