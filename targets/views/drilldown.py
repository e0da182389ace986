"""Drill-down pages: one county across the plan's years, one indicator across the counties."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from targets import drilldown
from targets.freshness import cached, cached_page
from targets.views.params import choice_from

RECORDS_PER_PAGE = 50


@login_required
def county(request, code):
    """A county's quotas across the plan's years, registries and quarterly figures (404 for others' counties)."""
    county = drilldown.county_for(request.user, code)
    choice = choice_from(request)
    context = cached_page(
        request,
        "county",
        (county.pk, *choice.key),
        lambda: drilldown.county_page(county, choice.plan, include_pending=choice.include_pending),
    )
    context |= {"choice": choice, "county": county}
    return render(request, "targets/county.html", context)


@login_required
def indicator(request, code):
    """Per-county breakdown, the quarterly trend against the target, and the records behind the number."""
    indicator = drilldown.indicator_for(code)
    choice = choice_from(request)
    page = cached("indicator", (indicator.pk, *choice.key), lambda: drilldown.indicator_page(indicator, choice))
    only = request.GET.get("county")
    only_county = drilldown.county_for(request.user, only) if only else None
    records = drilldown.indicator_records(indicator, page, request.user, only_county)
    paginator = Paginator(records, RECORDS_PER_PAGE)
    records_page = paginator.get_page(request.GET.get("page"))
    context = {
        "choice": choice,
        "page": page,
        "only_county": only_county,
        "records": records_page,
        "trend_chart": page.chart(),
        "visible_ids": drilldown.visible_county_ids(request.user),
    }
    context["record_headers"], context["record_rows"] = drilldown.record_table(page, records_page)
    return render(request, "targets/indicator.html", context)
