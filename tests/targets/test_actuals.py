"""The batched computation gives every measure exactly what one plain query per measure gave.

The data set is the benchmark's generator at a small size plus the edge cases of the counting rules
(records beginning or ending on a quarter's last day, on a month's first, in a leap February; figures
with cents; every report status); the periods are every quarter end of the plan's years and the years
around them, and days that are month ends but not quarter ends or fall mid-month (where the tally
cannot answer and the registry is counted instead).
"""

import datetime
from decimal import Decimal

import pytest
from django.db.models import F

from counties.models import County, QuarterlyReport, ReportStatus
from dashboards.management.commands.bench_dashboards import generate
from targets.actuals import Actuals
from targets.measures import MEASURES, RegistryMeasure
from targets.models import Counts, Target
from targets.progress import Period, period_on, year_progress
from tests import builders
from tests.targets import reference

pytestmark = pytest.mark.django_db

D = datetime.date
DAYS = [D(2016, 2, 29), D(2016, 2, 28), D(2017, 5, 31), D(2017, 5, 15), D(2017, 7, 1), D(2018, 1, 1), D(2018, 12, 30)]
PERIODS = [Period(year, quarter) for year in range(2015, 2020) for quarter in (1, 2, 3, 4)] + [
    period_on(day) for day in DAYS
]


def edge_cases():
    """Records on the boundaries where a month tally and a day count could disagree."""

    def e(code, **kw):  # credit codes of another region than the generator's
        return builders.enterprise(code, credit_code=builders.credit_code(region="411402"), **kw)

    e("411402", filed_on=D(2017, 3, 31))  # counts at Q1's end
    e("411402", filed_on=D(2017, 4, 1))  # not at Q1's end
    e("411402", filed_on=D(2016, 5, 1), deregistered_on=D(2017, 6, 30))  # gone at Q2's end (ends that day)
    e("411402", filed_on=D(2016, 5, 1), deregistered_on=D(2017, 7, 1))  # still there at Q2's end
    e("411403", filed_on=D(2016, 2, 29), deregistered_on=D(2016, 2, 29), city_demo_year=2016)
    e("411403", filed_on=D(2016, 1, 1), city_demo_year=2016, province_demo_year=2017)
    e("411403", filed_on=D(2018, 12, 31), province_demo_year=2018)
    e("411403", filed_on=D(2017, 5, 15), deregistered_on=D(2017, 5, 31), city_demo_year=2017)
    e("411400", filed_on=D(2017, 2, 1))  # filed at the city itself: counted city-wide
    builders.park("411402", established_on=D(2017, 6, 30), closed_on=D(2018, 3, 31), is_demonstration=True)
    builders.warehouse("411403", opened_on=D(2018, 1, 1), is_public=True, province_public_year=2018)
    builders.training_base("411402", established_on=D(2016, 12, 31), closed_on=D(2017, 12, 31))
    for quarter, status in zip((1, 2, 3, 4), ReportStatus.values, strict=True):
        reports = QuarterlyReport.objects.filter(county__code__in=["411481", "411402"], year=2017, quarter=quarter)
        reports.update(status=status, transaction_usd=Decimal("1234567.89") * quarter, employees=7 * quarter)
    QuarterlyReport.objects.filter(year=2018).update(transaction_usd=F("transaction_usd") + Decimal("0.37"))


@pytest.fixture
def data(plan):
    generate(plan, 12, 3000)
    edge_cases()
    return plan


KEYS = [(code, counts) for code in MEASURES for counts in Counts.values]


@pytest.mark.parametrize("include_pending", [False, True])
@pytest.mark.parametrize("scope", [None, "411402"])
def test_every_measure_at_every_period_agrees_with_one_query_per_measure(data, include_pending, scope):
    county = County.objects.get(code=scope) if scope else None
    actuals = Actuals(PERIODS, include_pending=include_pending, county=county).load(KEYS)
    for code, counts in KEYS:
        for period in PERIODS:
            expected = reference.per_county(MEASURES[code], period, counts, include_pending, county)
            assert actuals.per_county(code, counts, period) == expected, (code, counts, period)


def test_quarter_ends_are_counted_from_the_tally_and_other_days_from_the_registry():
    filed = MEASURES["enterprises_filed"]
    assert filed.source(Period(2017, 2)) is filed.tally
    assert filed.source(period_on(D(2017, 5, 31))) is filed.tally
    assert filed.source(period_on(D(2017, 5, 15))) is filed.model
    assert MEASURES["parks"].source(Period(2017, 2)) is MEASURES["parks"].model


@pytest.mark.parametrize("year", [2016, 2017, 2018])
def test_every_target_of_the_plan_gets_the_actual_of_one_query_per_measure(data, year):
    for quarter in (1, 2, 3, 4):
        period = Period(year, quarter)
        for item in year_progress(data, year, quarter=quarter, include_pending=True):
            target: Target = item.target
            values = reference.per_county(
                MEASURES[target.indicator.measure], period, target.counts, include_pending=True
            )
            expected = values.get(target.county_id, 0) if target.county_id else sum(values.values())
            assert item.actual == expected, (target, period)


def test_the_record_list_holds_as_many_records_as_the_actual_counts(data):
    """Every number can be traced: the records listed behind it are exactly as many."""
    for code, measure in MEASURES.items():
        if not isinstance(measure, RegistryMeasure):
            continue
        for counts in Counts.values:
            for period in (Period(2017, 2), Period(2018, 4), period_on(D(2017, 5, 15))):
                actual = sum(Actuals([period]).per_county(code, counts, period).values())
                assert measure.records(period, counts).count() == actual, (code, counts, period)


def test_the_same_figures_again_reuse_the_built_statement_and_read_the_data_anew(plan, monkeypatch):
    # Given the filed enterprises and the parks computed once (their statements built and kept)
    period = Period(2017, 2)
    keys = [("enterprises_filed", Counts.STOCK), ("parks", Counts.NEW)]
    Actuals([period]).load(keys)
    # When records are added and the same figures are computed again, with building a statement forbidden
    builders.enterprise("411402", filed_on=D(2017, 3, 1))
    builders.park("411402", established_on=D(2017, 4, 1))
    monkeypatch.setattr(Actuals, "_grouped", lambda *a: pytest.fail("the statement was built again"))
    again = Actuals([period]).load(keys)
    # Then the kept statements run on the new data
    liangyuan = County.objects.get(code="411402").pk
    assert again.per_county("enterprises_filed", Counts.STOCK, period)[liangyuan] == 1
    assert again.per_county("parks", Counts.NEW, period)[liangyuan] == 1
    # and another county's figures are a statement of their own
    suiyang = County.objects.get(code="411403")
    monkeypatch.undo()
    assert Actuals([period], county=suiyang).load(keys).per_county("enterprises_filed", Counts.STOCK, period) == {}
