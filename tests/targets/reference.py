"""The engine's computation as it was before it was batched: one plain query per measure and period.

Kept here, verbatim in substance, as the oracle the batched computation (``targets.actuals``, the
enterprise tally) is compared with, field by field: it counts the registry rows themselves and shares
nothing with the new code but the measures' definitions of what they count.
"""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from counties.models import QuarterlyReport
from targets.measures import QuarterlyMeasure
from targets.models import Counts


def registry_per_county(measure, period, counts, county=None) -> dict[int, Decimal]:
    active = Q(**{f"{measure.start}__lte": period.as_of}) & (
        Q(**{f"{measure.end}__isnull": True}) | Q(**{f"{measure.end}__gt": period.as_of})
    )
    if measure.recognised:
        lookup = "" if counts == Counts.NEW else "__lte"
        when = Q(**{f"{measure.recognised}{lookup}": period.year})
    elif counts == Counts.NEW:
        when = Q(**{f"{measure.start}__gte": period.start})
    else:
        when = Q()
    records = measure.model.objects.filter(measure.where, active, when).order_by()
    if county is not None:
        records = records.filter(county=county)
    rows = records.values("county").annotate(n=Count("pk")).values_list("county", "n")
    return {c: Decimal(n) for c, n in rows}


def quarterly_per_county(measure, period, include_pending, county=None) -> dict[int, Decimal]:
    reports = QuarterlyReport.objects.counted(include_pending=include_pending).filter(
        year=period.year, quarter__lte=period.closed_quarter
    )
    if county is not None:
        reports = reports.filter(county=county)
    if measure.flow:
        rows = reports.order_by().values("county").annotate(v=Sum(measure.field)).values_list("county", "v")
        return {c: Decimal(v) for c, v in rows}
    latest: dict[int, tuple[int, Decimal]] = {}
    for c, quarter, value in reports.values_list("county", "quarter", measure.field):
        if c not in latest or quarter > latest[c][0]:
            latest[c] = (quarter, Decimal(value))
    return {c: value for c, (_, value) in latest.items()}


def per_county(measure, period, counts, include_pending=False, county=None) -> dict[int, Decimal]:
    if isinstance(measure, QuarterlyMeasure):
        return quarterly_per_county(measure, period, include_pending, county)
    return registry_per_county(measure, period, counts, county)
