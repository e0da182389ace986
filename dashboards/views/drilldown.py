"""Drill-down pages: one county across the plan's years, one indicator across the counties."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from counties import roles
from counties.models import County
from dashboards import drilldown, records
from dashboards.views.params import choice_from
from targets.freshness import cached, cached_page, request_version
from targets.measures import measure_of


@login_required
def county(request, code):
    """A county's quotas across the plan's years, registries and quarterly figures (404 for others' counties)."""
    county = drilldown.county_for(request.user, code, version=request_version(request))
    choice = choice_from(request, county=county)
    context = cached_page(
        request,
        "county",
        (county.pk, *choice.key),
        lambda: drilldown.county_page(county, choice.plan, include_pending=choice.include_pending),
    )
    context |= {"choice": choice, "county": county}
    return render(request, "dashboards/county.html", context)


@login_required
def indicator(request, code):
    """Per-county breakdown, the quarterly trend against the target, and the records behind the number.

    The breakdown and trend are cached HTML like the other dashboards (they do not change with the record
    list's county, order or position); the list is read for each request, a page at a time."""
    indicator = drilldown.indicator_for(code)
    choice = choice_from(request)
    key = (indicator.pk, *choice.key)
    context = cached_page(
        request,
        "indicator",
        key,
        lambda: drilldown.indicator_page(indicator, choice),
        url=f"{request.path}{choice.key}",
    )
    numbers = cached("indicator-numbers", key, lambda: context["page"].numbers)
    only = request.GET.get("county")
    only_county = drilldown.county_for(request.user, only, version=request_version(request)) if only else None
    viewer = records.Viewer(roles.sees_all_counties(request.user), drilldown.visible_county_ids(request.user))
    listed = records.indicator_records(numbers, viewer, only_county)
    total = records.records_total(numbers, listed, viewer, only_county)
    record_page = records.record_page(listed, total, records.orders_for(measure_of(indicator)), request.GET)
    context |= {
        "choice": choice,
        "indicator": indicator,
        "only_county": only_county,
        "records": record_page,
        "trend_chart": SimpleLazyObject(lambda: context["page"].chart()),
        "visible_ids": viewer.county_ids,
        # the counties offered: those with records to list, and the one asked for
        "counties": County.objects.visible_to(request.user).filter(
            Q(pk__in=numbers.actuals.keys()) | Q(pk=getattr(only_county, "pk", None))
        ),
    }
    context["record_headers"], context["record_rows"] = records.record_table(numbers, record_page.records)
    return render(request, "dashboards/indicator.html", context)
