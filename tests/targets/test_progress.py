"""The progress engine, rule by rule, as the plan states them."""

import datetime
from decimal import Decimal

import pytest

from counties.models import QuarterlyReport, ReportStatus
from targets.models import Counts, Indicator, Plan, Target
from targets.progress import (
    RegistryMeasure,
    State,
    Status,
    capped,
    completion_ratio,
    counted_records,
    measure_of,
    period_for,
    range_floor,
    state_word,
    status_of,
    year_progress,
)
from targets.templatetags.cbec import percent
from tests import builders

pytestmark = pytest.mark.django_db
LATER = datetime.date(2026, 11, 25)


def progress_of(plan, year, indicator, county_code=None, **kw):
    kw.setdefault("today", LATER)
    items = year_progress(plan, year, **kw)
    for item in items:
        if item.target.indicator.code == indicator and (
            (item.target.county is None and county_code is None)
            or (item.target.county and item.target.county.code == county_code)
        ):
            return item
    raise LookupError(indicator)


def target(minimum, maximum=None, strict=False):
    return Target(minimum=Decimal(minimum), maximum=None if maximum is None else Decimal(maximum), is_strict=strict)


# --- bounds, ranges, ratios -----------------------------------------------------------------------


def test_strict_bound_1500_is_not_met_by_exactly_1500():
    assert status_of(target(1500, strict=True), Decimal(1500)) == Status.BEHIND


def test_strict_bound_1500_is_met_by_1501():
    assert status_of(target(1500, strict=True), Decimal(1501)) == Status.MET


def test_reaching_750_employees_meets_the_2016_target():
    assert status_of(target(750), Decimal(750)) == Status.MET
    assert status_of(target(750), Decimal(749)) == Status.BEHIND


@pytest.mark.parametrize(
    ("actual", "status"), [(0, Status.BEHIND), (1, Status.IN_RANGE), (2, Status.MET), (3, Status.MET)]
)
def test_range_one_to_two_is_within_range_from_one_and_met_from_two(actual, status):
    assert status_of(target(1, 2), Decimal(actual)) == status


def test_ten_or_more_includes_ten():
    assert status_of(target(10), Decimal(10)) == Status.MET


@pytest.mark.parametrize(
    ("actual", "ratio", "capped_ratio"),
    [(0, "0", "0"), (25, "0.5", "0.5"), (50, "1", "1"), (75, "1.5", "1")],
)
def test_completion_ratio_is_against_the_lower_bound_and_capped_at_100_percent(actual, ratio, capped_ratio):
    t = target(50)
    assert completion_ratio(t, Decimal(actual)) == Decimal(ratio)
    assert capped(completion_ratio(t, Decimal(actual))) == Decimal(capped_ratio)


def test_a_range_percent_is_against_its_upper_bound():
    assert completion_ratio(target(2, 4), Decimal(1)) == Decimal("0.25")


def _reads(t, actual):
    """What a page shows for ``actual`` against ``t``: status, words and percent."""
    state = State(status_of(t, Decimal(actual)).value)
    return (
        status_of(t, Decimal(actual)),
        state_word(t, Decimal(actual), state),
        percent(completion_ratio(t, Decimal(actual))),
    )


@pytest.mark.parametrize(
    ("actual", "reads"),
    [
        (0, (Status.BEHIND, "进行中未达标", "0.0%")),
        (1, (Status.IN_RANGE, "达到区间下限", "50.0%")),
        (2, (Status.MET, "达到区间上限", "100.0%")),
        (3, (Status.MET, "超出区间上限", "150.0%")),
    ],
)
def test_one_to_two_enterprises_reads_the_same_in_words_and_percent(actual, reads):
    """ "建设1~2家": the top of the range is 100%, never 200%."""
    assert _reads(target(1, 2), actual) == reads


@pytest.mark.parametrize(
    ("actual", "reads"),
    [
        (2, (Status.BEHIND, "进行中未达标", "40.0%")),
        (3, (Status.IN_RANGE, "达到区间下限", "60.0%")),
        (4, (Status.IN_RANGE, "达到区间下限", "80.0%")),
        (5, (Status.MET, "达到区间上限", "100.0%")),
        (6, (Status.MET, "超出区间上限", "120.0%")),
    ],
)
def test_three_to_five_parks_reads_the_same_in_words_and_percent(actual, reads):
    """ "新建3~5个": 4 is within the range (80%), not 133.3%."""
    assert _reads(target(3, 5), actual) == reads


@pytest.mark.parametrize(
    ("actual", "reads"),
    [
        (1499, (Status.BEHIND, "进行中未达标", "99.9%")),
        (1500, (Status.BEHIND, "进行中未达标", "99.9%")),
        (1501, (Status.MET, "已完成", "100.1%")),
    ],
)
def test_more_than_1500_people_is_not_100_percent_at_exactly_1500(actual, reads):
    """ "超过1500人" is strict: exactly 1500 is not met and does not read 100%."""
    assert _reads(target(1500, strict=True), actual) == reads


@pytest.mark.parametrize(
    ("actual", "reads"),
    [
        (749, (Status.BEHIND, "进行中未达标", "99.9%")),
        (750, (Status.MET, "已完成", "100.0%")),
        (751, (Status.MET, "已完成", "100.1%")),
    ],
)
def test_reaching_750_people_includes_750(actual, reads):
    """ "从业人员累计达750人" includes the bound."""
    assert _reads(target(750), actual) == reads


def test_a_range_lower_bound_sits_on_the_bar_at_min_over_max():
    assert range_floor(target(3, 5)) == Decimal("0.6")
    assert range_floor(target(10)) is None


def test_a_range_reached_at_its_lower_bound_is_credited_in_full():
    from targets.progress import credited

    assert credited(target(3, 5), Decimal(3)) == 1
    assert credited(target(3, 5), Decimal(2)) == Decimal(2) / 3


def test_a_range_met_is_overdue_never_and_says_so_in_english():
    from django.utils import translation

    from targets.progress import Period, Progress

    t = target(1, 2)
    with translation.override("en"):
        done = Progress(t, Period(2016, 4), Decimal(2), datetime.date(2017, 1, 5))
        assert done.state == State.MET and done.state_label == "Range maximum reached"
        low = Progress(t, Period(2016, 4), Decimal(1), datetime.date(2017, 1, 5))
        assert low.state == State.IN_RANGE and low.state_label == "Range minimum reached"


# --- periods ---------------------------------------------------------------------------------------


def test_a_past_year_is_reported_at_its_end():
    assert period_for(2017, today=LATER).as_of == datetime.date(2017, 12, 31)


def test_the_current_year_is_reported_at_the_current_quarter():
    assert period_for(2017, today=datetime.date(2017, 5, 3)).quarter == 2


def test_a_quarter_outside_one_to_four_is_refused():
    with pytest.raises(ValueError):
        period_for(2017, 5)


# --- registries: stock, new, deregistration, recognition ------------------------------------------


def test_filed_enterprises_count_the_stock_at_year_end(plan):
    builders.enterprise("411402", filed_on=datetime.date(2016, 3, 1))
    builders.enterprise("411402", filed_on=datetime.date(2017, 3, 1))
    assert progress_of(plan, 2017, "enterprises_filed", "411402").actual == 2


def test_a_deregistered_enterprise_stops_counting_from_its_deregistration(plan):
    builders.enterprise("411402", filed_on=datetime.date(2016, 3, 1), deregistered_on=datetime.date(2017, 6, 30))
    assert progress_of(plan, 2017, "enterprises_filed", "411402", quarter=1).actual == 1
    assert progress_of(plan, 2017, "enterprises_filed", "411402", quarter=2).actual == 0


def test_an_enterprise_filed_in_the_third_quarter_is_not_counted_at_the_second(plan):
    builders.enterprise("411403", filed_on=datetime.date(2016, 7, 1))
    assert progress_of(plan, 2016, "enterprises_filed", "411403", quarter=2).actual == 0
    assert progress_of(plan, 2016, "enterprises_filed", "411403", quarter=3).actual == 1


def test_city_wide_actual_counts_every_unit_including_those_without_a_quota(plan):
    builders.enterprise("411402")
    builders.enterprise("411481")  # 永城市 has no quota in the plan
    assert progress_of(plan, 2016, "enterprises_filed").actual == 2


def test_new_training_bases_in_2017_count_only_those_built_in_2017(plan):
    builders.training_base("411402", established_on=datetime.date(2016, 5, 1))
    builders.training_base("411402", established_on=datetime.date(2017, 5, 1))
    assert progress_of(plan, 2017, "training_bases", "411402").actual == 1
    assert progress_of(plan, 2017, "training_bases").actual == 1


def test_cumulative_training_bases_in_2018_count_all_still_open(plan):
    builders.training_base("411402", established_on=datetime.date(2016, 5, 1))
    builders.training_base("411403", established_on=datetime.date(2017, 5, 1))
    builders.training_base("411403", established_on=datetime.date(2017, 5, 1), closed_on=datetime.date(2018, 3, 1))
    assert progress_of(plan, 2018, "training_bases").actual == 2


def test_city_demonstration_enterprises_count_by_the_year_recognised(plan):
    builders.enterprise("411402", filed_on=datetime.date(2016, 2, 1), city_demo_year=2017)
    assert progress_of(plan, 2016, "demo_enterprises_city").actual == 0
    assert progress_of(plan, 2017, "demo_enterprises_city").actual == 1
    assert progress_of(plan, 2018, "demo_enterprises_city").actual == 1  # still standing


def test_a_new_demonstration_park_must_be_built_within_the_year(plan):
    builders.park("411402", established_on=datetime.date(2016, 9, 1), is_demonstration=True)
    builders.park("411402", established_on=datetime.date(2017, 9, 1), is_demonstration=True)
    builders.park("411402", established_on=datetime.date(2017, 9, 1))  # not a demonstration park
    assert progress_of(plan, 2017, "demo_parks_new", "411402").actual == 1


def test_provincial_public_warehouses_count_by_recognition_in_2018(plan):
    builders.warehouse("411402", opened_on=datetime.date(2017, 5, 1), is_public=True, province_public_year=2018)
    builders.warehouse("411402", opened_on=datetime.date(2017, 5, 1), is_public=True, province_public_year=2017)
    assert progress_of(plan, 2018, "overseas_warehouses_province").actual == 1
    assert progress_of(plan, 2017, "overseas_warehouses_public", "411402").actual == 2


def test_a_specialised_park_counts_for_its_county_by_end_2018(plan):
    builders.park("411421", established_on=datetime.date(2018, 11, 1), is_specialised=True)
    item = progress_of(plan, 2018, "parks_specialised", "411421")
    assert (item.actual, item.status) == (1, Status.MET)


def test_counted_records_are_the_ones_behind_the_number(plan):
    counted = builders.enterprise("411402", filed_on=datetime.date(2016, 3, 1))
    builders.enterprise("411402", filed_on=datetime.date(2017, 3, 1))
    builders.enterprise("411403", filed_on=datetime.date(2016, 3, 1))
    item = progress_of(plan, 2016, "enterprises_filed", "411402")
    assert list(counted_records(item.target, item.period)) == [counted]


# --- quarterly figures -----------------------------------------------------------------------------


def test_transaction_volume_is_the_sum_of_the_quarters_so_far(plan):
    builders.report("411402", 2016, 1, transaction_usd=Decimal("100000000"))
    builders.report("411402", 2016, 2, transaction_usd=Decimal("150000000"))
    builders.report("411403", 2016, 2, transaction_usd=Decimal("60000000"))
    assert progress_of(plan, 2016, "transaction_usd", quarter=1).actual == Decimal("100000000")
    item = progress_of(plan, 2016, "transaction_usd", quarter=2)
    assert item.actual == Decimal("310000000")
    assert item.status == Status.MET and item.target.is_aspirational


def test_employees_are_the_latest_quarter_of_each_county(plan):
    builders.report("411402", 2017, 1, employees=500)
    builders.report("411402", 2017, 3, employees=900)
    builders.report("411403", 2017, 2, employees=601)
    item = progress_of(plan, 2017, "employees")
    assert item.actual == 1501
    assert item.status == Status.MET


def test_exactly_1500_employees_in_2017_is_not_enough(plan):
    builders.report("411402", 2017, 4, employees=1500)
    assert progress_of(plan, 2017, "employees").status == Status.BEHIND


def test_only_approved_reports_count_unless_pending_ones_are_asked_for(plan):
    builders.report("411402", 2016, 1, status=ReportStatus.APPROVED, employees=100)
    builders.report("411403", 2016, 1, status=ReportStatus.SUBMITTED, employees=50)
    builders.report("SQZ01", 2016, 1, status=ReportStatus.DRAFT, employees=7)
    assert progress_of(plan, 2016, "employees").actual == 100
    assert progress_of(plan, 2016, "employees", include_pending=True).actual == 150


# --- states and past due ---------------------------------------------------------------------------


def test_a_target_behind_at_year_end_is_overdue_once_the_year_is_over(plan):
    assert progress_of(plan, 2016, "enterprises_filed").state == State.OVERDUE


def test_a_target_behind_mid_year_is_only_behind(plan):
    assert progress_of(plan, 2016, "enterprises_filed", quarter=2).state == State.BEHIND


def test_a_target_behind_at_year_end_is_not_overdue_before_the_year_is_over(plan):
    item = progress_of(plan, 2016, "enterprises_filed", quarter=4, today=datetime.date(2016, 12, 20))
    assert item.state == State.BEHIND


def test_an_in_range_target_shows_in_range(plan):
    builders.park("411403", established_on=datetime.date(2016, 6, 1))
    assert progress_of(plan, 2016, "parks_new").state == State.IN_RANGE


# --- data, not code --------------------------------------------------------------------------------


def test_a_next_plan_loaded_as_data_is_tracked_beside_this_one():
    nxt = Plan.objects.create(code="商政〔2019〕1号", slug="next", title="下一轮计划", start_year=2019, end_year=2021)
    Target.objects.create(
        plan=nxt,
        indicator=Indicator.objects.get(code="enterprises_filed"),
        year=2019,
        minimum=1,
        counts=Counts.STOCK,
        clause="培育1家",
    )
    builders.enterprise("411402", filed_on=datetime.date(2019, 2, 1))
    [item] = year_progress(nxt, 2019, today=LATER)
    assert item.actual == 1 and item.status == Status.MET


# --- queries do not grow with the data -------------------------------------------------------------


def _fill(n):
    for i in range(n):
        code = ["411402", "411403", "SQZ01", "411425"][i % 4]
        builders.enterprise(code, city_demo_year=2016 if i % 3 == 0 else None)
        builders.park(code)
        builders.training_base(code)
    for code in ["411402", "411403", "SQZ01", "411425"][: max(1, n // 50)]:
        for q in (1, 2, 3, 4):
            builders.report(code, 2016, q)


@pytest.mark.parametrize("size", [10, 200])
def test_the_engine_runs_the_same_number_of_queries_at_any_size(plan, size, django_assert_num_queries):
    _fill(size)
    # One query for the targets plus one per source 2016's measures read (the enterprise tally, the
    # parks, warehouses and bases registries, the quarterly figures), however many measures share it.
    measures = {measure_of(t.indicator) for t in Target.objects.filter(plan=plan, year=2016)}
    year_end = period_for(2016, 4)
    sources = {m.source(year_end) if isinstance(m, RegistryMeasure) else QuarterlyReport for m in measures}
    assert len(sources) < len(measures)
    with django_assert_num_queries(1 + len(sources)):
        year_progress(plan, 2016, today=LATER)


# --- any as-of date --------------------------------------------------------------------------------


def test_registries_count_up_to_an_arbitrary_day(plan):
    builders.enterprise("411402", filed_on=datetime.date(2016, 5, 10))
    assert progress_of(plan, 2016, "enterprises_filed", on=datetime.date(2016, 5, 9)).actual == 0
    assert progress_of(plan, 2016, "enterprises_filed", on=datetime.date(2016, 5, 10)).actual == 1


def test_mid_quarter_only_the_quarters_already_ended_count(plan):
    builders.report("411402", 2016, 1, transaction_usd=Decimal(100))
    builders.report("411402", 2016, 2, transaction_usd=Decimal(50))
    assert progress_of(plan, 2016, "transaction_usd", on=datetime.date(2016, 5, 15)).actual == 100
    assert progress_of(plan, 2016, "transaction_usd", on=datetime.date(2016, 6, 30)).actual == 150
    assert progress_of(plan, 2016, "transaction_usd", on=datetime.date(2016, 2, 1)).actual == 0


def test_an_as_of_day_outside_the_year_is_refused(plan):
    with pytest.raises(ValueError):
        year_progress(plan, 2016, on=datetime.date(2017, 1, 1))


# --- assessment credit -----------------------------------------------------------------------------


def test_exactly_on_a_strict_bound_is_credited_just_under_100_percent():
    from targets.progress import credited

    assert credited(target(1500, strict=True), Decimal(1500)) == Decimal("0.999")
    assert credited(target(1500, strict=True), Decimal(1501)) == 1


def test_credit_is_capped_at_100_percent_and_proportional_below():
    from targets.progress import credited

    assert credited(target(10), Decimal(25)) == 1
    assert credited(target(10), Decimal(10)) == 1
    assert credited(target(10), Decimal(5)) == Decimal("0.5")
