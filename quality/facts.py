"""The values a rule reads for each report, gathered for many reports in a fixed number of queries.

One query for the previous quarters' reports, one per registry (with one conditional count per
distinct quarter end), one for the per-enterprise flags: seven in all, whether the batch holds one
report or 212 counties x 12 quarters.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, Q

from counties.checks import Figures
from counties.models import QuarterlyReport
from counties.quarters import quarter_end
from counties.selectors import previous_quarter
from enterprises.models import Enterprise, EnterpriseReport, OverseasWarehouse, Park, TrainingBase
from quality.variables import FIGURES

#: registry variable -> (model, start date field, end date field)
REGISTRIES = {
    "filed_enterprises": (Enterprise, "filed_on", "deregistered_on"),
    "parks": (Park, "established_on", "closed_on"),
    "warehouses": (OverseasWarehouse, "opened_on", "closed_on"),
    "training_bases": (TrainingBase, "established_on", "closed_on"),
}

Values = dict[str, Decimal | None]


def values_for(items: list[Figures]) -> list[Values]:
    """For each item, every variable of ``quality.variables`` (``None`` where missing)."""
    if not items:
        return []
    county_ids = sorted({i.county_id for i in items})
    previous = _previous_figures(items, county_ids)
    registries = registry_counts(county_ids, {(i.year, i.quarter) for i in items})
    flags = flagged_counts(county_ids, {(i.year, i.quarter) for i in items})
    result = []
    for item in items:
        values: Values = {name: Decimal(getattr(item, name)) for name in FIGURES}
        prev = previous.get((item.county_id, *previous_quarter(item.year, item.quarter)))
        for name in FIGURES:
            values[f"prev_{name}"] = None if prev is None else Decimal(prev[name])
        counts = registries.get((item.county_id, item.year, item.quarter), {})
        for name in REGISTRIES:
            values[name] = Decimal(counts.get(name, 0))
        flagged = flags.get(item.key)
        values["flagged_enterprises"] = None if flagged is None else Decimal(flagged)
        result.append(values)
    return result


def _previous_figures(items: list[Figures], county_ids: list[int]) -> dict[tuple, dict]:
    """The stored reports of the quarters before, overridden by items of those quarters (a file's own rows)."""
    wanted = {(i.county_id, *previous_quarter(i.year, i.quarter)) for i in items}
    years = sorted({y for _, y, _ in wanted})
    rows = QuarterlyReport.objects.filter(county_id__in=county_ids, year__in=years).values(
        "county_id", "year", "quarter", *FIGURES
    )
    found = {(r["county_id"], r["year"], r["quarter"]): r for r in rows.order_by()}
    for item in items:
        found[item.key] = {name: getattr(item, name) for name in FIGURES}
    return found


def registry_counts(county_ids: list[int], quarters: Iterable[tuple[int, int]]) -> dict[tuple, dict]:
    """``{(county_id, year, quarter): {variable: count}}``: each registry's stock at each quarter's end."""
    quarters = sorted(set(quarters))
    ends = {f"q{year}_{quarter}": quarter_end(year, quarter) for year, quarter in quarters}
    last = max(ends.values())
    result: dict[tuple, dict] = {}
    for name, (model, start, end) in REGISTRIES.items():
        counts = {
            alias: Count(
                "pk", filter=Q(**{f"{start}__lte": day}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": day}))
            )
            for alias, day in ends.items()
        }
        rows = (
            model.objects.filter(county_id__in=county_ids, **{f"{start}__lte": last})
            .order_by()
            .values("county_id")
            .annotate(**counts)
        )
        for row in rows:
            for year, quarter in quarters:
                result.setdefault((row["county_id"], year, quarter), {})[name] = row[f"q{year}_{quarter}"]
    return result


def flagged_counts(county_ids: list[int], quarters: Iterable[tuple[int, int]]) -> dict[tuple, int]:
    """``{(county_id, year, quarter): enterprises ticked on time and accurate}``, only where any was ticked."""
    quarters = set(quarters)
    years = sorted({y for y, _ in quarters})
    rows = (
        EnterpriseReport.objects.filter(enterprise__county_id__in=county_ids, year__in=years)
        .order_by()
        .values("enterprise__county_id", "year", "quarter")
        .annotate(good=Count("pk", filter=Q(on_time=True, accurate=True)))
    )
    return {
        (r["enterprise__county_id"], r["year"], r["quarter"]): r["good"]
        for r in rows
        if (r["year"], r["quarter"]) in quarters
    }
