"""Helpers shared by the dashboard tests: bulk data at two sizes and reading a row's state from a page."""

import datetime
import re
from decimal import Decimal

from counties.models import County, QuarterlyReport, ReportStatus
from enterprises.models import Enterprise
from tests import builders

COUNTIES = ["411402", "411403", "SQZ01", "411425", "411426", "411424", "411423", "411422"]


def many_enterprises(n: int, county_codes=COUNTIES, start: int = 100_000) -> None:
    """``n`` filed enterprises spread over ``county_codes`` and the plan's years (one bulk insert)."""
    counties = list(County.objects.filter(code__in=county_codes))
    Enterprise.objects.bulk_create(
        Enterprise(
            name=f"批量企业{start + i}",
            credit_code=builders.credit_code(start + i),
            county=counties[i % len(counties)],
            filed_on=datetime.date(2016 + i % 3, 1 + i % 12, 1 + i % 28),
            deregistered_on=datetime.date(2018, 6, 30) if i % 17 == 0 and i % 3 < 2 else None,
            city_demo_year=2016 + i % 3 if i % 11 == 0 else None,
        )
        for i in range(n)
    )


def reports_for(county_codes=COUNTIES, years=(2016, 2017, 2018)) -> None:
    """Approved quarterly figures for every quarter of ``years`` in each county (one bulk insert)."""
    counties = list(County.objects.filter(code__in=county_codes))
    QuarterlyReport.objects.bulk_create(
        QuarterlyReport(
            county=county,
            year=year,
            quarter=quarter,
            transaction_usd=Decimal(5_000_000 * quarter),
            employees=20 * quarter + county.order,
            reporting_enterprises=3 * quarter,
            status=ReportStatus.APPROVED,
        )
        for county in counties
        for year in years
        for quarter in (1, 2, 3, 4)
    )


def data_state(html: str, element_id: str) -> str:
    """The ``data-state`` of the element with ``element_id`` in ``html``."""
    match = re.search(rf'id="{re.escape(element_id)}"[^>]*data-state="([a-z_]+)"', html)
    assert match, f"no state for {element_id}"
    return match.group(1)
