"""Outliers, checked against hand-computed examples.

Bounds: a county's approved employees 10, 12, 14, 16 -> mean 13, sample sd sqrt(20/3) = 2.5820;
with k = 2 the range is 13 ± 5.1640 = 7.836 .. 18.164, rounded outward to whole people: 7 .. 19.
Modified z-score: employees 10, 11, 11, 12, 12, 13, 50 in one quarter -> median 12, absolute
deviations 2, 1, 1, 0, 0, 1, 38 -> MAD 1; z(50) = 0.6745 x 38 / 1 = 25.631, z(10) = -1.349.
"""

from decimal import Decimal

import pytest

from counties import checks
from counties.models import ReportStatus
from quality import outliers, services
from quality.models import MinMaxBound, OutlierSettings
from tests import builders
from tests.quality.conftest import codes, figures

pytestmark = pytest.mark.django_db
D = Decimal
UNITS = ["411402", "411403", "SQZ01", "411425", "411426", "411424", "411423"]


def approved_history(code="411402", employees=(10, 12, 14, 16), usd=(1000, 1200, 1400, 1600)):
    for quarter, (people, volume) in enumerate(zip(employees, usd, strict=True), 1):
        builders.report(code, 2016, quarter, employees=people, transaction_usd=D(volume))


def test_bounds_are_the_mean_plus_or_minus_k_sample_standard_deviations(city_admin):
    approved_history()
    services.bounds_generate(user=city_admin, k=D(2), min_history=4)
    people = MinMaxBound.objects.get(figure="employees")
    assert (people.mean, people.sd, people.history_count) == (D("13.0000"), D("2.5820"), 4)
    assert (people.minimum, people.maximum) == (7, 19)
    money = MinMaxBound.objects.get(figure="transaction_usd")
    assert (money.sd, money.minimum, money.maximum) == (D("258.1989"), D("783.60"), D("1816.40"))


def test_the_lower_bound_is_never_below_zero():
    bound = outliers.bound_from(D(2), D(5), 4, D(3), "employees")
    assert (bound.minimum, bound.maximum) == (0, 17)


def test_only_approved_quarters_make_the_history_and_too_short_a_history_makes_no_bound(city_admin):
    approved_history()
    builders.report("411402", 2017, 1, employees=1000, status=ReportStatus.SUBMITTED)
    services.bounds_generate(user=city_admin, k=D(2), min_history=4)
    assert MinMaxBound.objects.get(figure="employees").maximum == 19
    services.bounds_generate(user=city_admin, k=D(2), min_history=5)
    assert not MinMaxBound.objects.exists()


def test_a_bound_set_by_hand_survives_regeneration(city_admin):
    approved_history()
    services.bounds_generate(user=city_admin, k=D(2), min_history=4)
    bound = MinMaxBound.objects.get(figure="employees")
    services.bound_save(bound=bound, minimum=D(1), maximum=D(100), user=city_admin)
    services.bounds_generate(user=city_admin, k=D(3), min_history=4)
    bound.refresh_from_db()
    assert (bound.minimum, bound.maximum, bound.is_generated) == (1, 100, False)
    assert OutlierSettings.current().k == 3


def test_only_city_admins_generate_bounds(liangyuan_officer):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.bounds_generate(user=liangyuan_officer, k=D(2), min_history=4)


def test_a_figure_outside_its_bounds_is_flagged_not_refused(city_admin):
    approved_history()
    services.bounds_generate(user=city_admin, k=D(2), min_history=4)
    assert "bound_employees" in codes(year=2017, quarter=1, employees=20, kind=checks.OUTLIER)
    assert "bound_employees" not in codes(year=2017, quarter=1, employees=19, kind=checks.OUTLIER)
    assert "bound_employees" in codes(year=2017, quarter=1, employees=6, kind=checks.OUTLIER)


def test_the_modified_z_score_by_hand():
    spread = outliers.spread([D(v) for v in (10, 11, 11, 12, 12, 13, 50)])
    assert (spread.median, spread.mad) == (12, 1)
    assert spread.z(D(50)) == D("25.631")
    assert spread.z(D(10)) == D("-1.349")


def test_when_most_values_are_equal_the_mean_absolute_deviation_stands_in_for_the_mad():
    spread = outliers.spread([D(v) for v in (5, 5, 5, 5, 9)])
    assert (spread.mad, spread.mean_ad) == (0, D("0.8"))
    assert round(spread.z(D(9)), 4) == D("3.9894")  # 4 / (1.253314 x 0.8)
    assert outliers.spread([D(7)] * 5).z(D(7)) is None


def test_the_median_of_an_even_number_of_values_is_the_mean_of_the_middle_two():
    assert outliers.median([D(1), D(4), D(2), D(3)]) == D("2.5")


def test_a_county_far_from_the_others_in_the_same_quarter_is_flagged():
    for code, people in zip(UNITS[1:], (10, 11, 11, 12, 12, 13), strict=True):
        builders.report(code, 2016, 2, employees=people, status=ReportStatus.SUBMITTED)
    assert "zscore_employees" in codes("411402", employees=50, kind=checks.OUTLIER)
    assert "zscore_employees" not in codes("411402", employees=14, kind=checks.OUTLIER)


def test_the_z_score_finding_says_how_far_and_from_what():
    for code, people in zip(UNITS[1:], (10, 11, 11, 12, 12, 13), strict=True):
        builders.report(code, 2016, 2, employees=people, status=ReportStatus.SUBMITTED)
    finding = next(f for f in checks.findings([figures(employees=50)])[0] if f.code == "zscore_employees")
    assert finding.detail == "修正Z值 25.63（7个县区的中位数 12，阈值 3.5）"


def test_drafts_of_other_counties_are_not_compared_and_too_few_counties_are_not_compared():
    for code in UNITS[1:4]:
        builders.report(code, 2016, 2, employees=10, status=ReportStatus.SUBMITTED)
    for code in UNITS[4:]:
        builders.report(code, 2016, 2, employees=10, status=ReportStatus.DRAFT)
    assert "zscore_employees" not in codes("411402", employees=500, kind=checks.OUTLIER)  # 4 counties < 5
