"""The plan's numbers, as loaded from fixtures/, read back like the plan's sentences."""

from decimal import Decimal

import pytest

from counties.models import County
from targets.models import Baseline, Counts, Milestone, Target

pytestmark = pytest.mark.django_db


def quota(year, indicator, county_code=None):
    return Target.objects.get(
        year=year, indicator__code=indicator, **({"county__code": county_code} if county_code else {"county": None})
    )


def test_counties_carry_their_gb_t_2260_codes():
    codes = dict(County.objects.values_list("name", "code"))
    assert codes["梁园区"] == "411402"
    assert codes["睢阳区"] == "411403"
    assert codes["民权县"] == "411421"
    assert codes["睢县"] == "411422"
    assert codes["宁陵县"] == "411423"
    assert codes["柘城县"] == "411424"
    assert codes["虞城县"] == "411425"
    assert codes["夏邑县"] == "411426"
    assert codes["永城市"] == "411481"
    assert codes["商丘市"] == "411400"


def test_functional_zones_have_project_codes_and_no_national_code():
    zones = County.objects.filter(kind="zone")
    assert set(zones.values_list("name", flat=True)) == {"城乡一体化示范区", "商务中心区", "豫东物流集聚区"}
    assert not zones.filter(has_national_code=True).exists()


def test_units_are_in_the_plans_order():
    names = list(County.objects.units().values_list("short_name", flat=True))
    assert names[:9] == ["梁园", "睢阳", "示范区", "虞城", "夏邑", "柘城", "宁陵", "睢县", "民权"]


def test_liangyuan_2016_quota_is_ten_filed_enterprises():
    assert quota(2016, "enterprises_filed", "411402").minimum == 10


@pytest.mark.parametrize(
    ("year", "quotas", "total"),
    [
        (
            2016,
            {
                "411402": 10,
                "411403": 8,
                "SQZ01": 2,
                "411425": 5,
                "411426": 5,
                "411424": 5,
                "411423": 5,
                "411422": 5,
                "411421": 5,
            },
            50,
        ),
        (
            2017,
            {
                "411402": 20,
                "411403": 20,
                "SQZ01": 6,
                "411425": 10,
                "411426": 10,
                "411424": 7,
                "411423": 9,
                "411422": 9,
                "411421": 9,
            },
            100,
        ),
    ],
)
def test_filed_enterprise_quotas_add_up_to_the_city_target(year, quotas, total):
    for code, n in quotas.items():
        assert quota(year, "enterprises_filed", code).minimum == n
    assert quota(year, "enterprises_filed").minimum == total
    assert sum(quotas.values()) == total


def test_2018_has_two_hundred_filed_enterprises_and_no_county_split():
    assert quota(2018, "enterprises_filed").minimum == 200
    assert not Target.objects.filter(year=2018, indicator__code="enterprises_filed", county__isnull=False).exists()


def test_2016_parks_are_a_range_of_one_to_two_in_suiyang_and_yucheng():
    target = quota(2016, "parks_new")
    assert (target.minimum, target.maximum, target.counts) == (1, 2, Counts.NEW)
    assert quota(2016, "parks_new", "411403").minimum == 1
    assert quota(2016, "parks_new", "411425").minimum == 1


def test_training_bases_switch_from_new_to_cumulative():
    assert (quota(2016, "training_bases").counts, quota(2016, "training_bases").maximum) == (Counts.NEW, 2)
    assert (quota(2017, "training_bases").minimum, quota(2017, "training_bases").maximum) == (3, 5)
    assert quota(2017, "training_bases").counts == Counts.NEW
    cumulative = quota(2018, "training_bases")
    assert (cumulative.minimum, cumulative.maximum, cumulative.counts) == (10, None, Counts.STOCK)
    assert not cumulative.is_strict  # "10个以上" includes 10


def test_employees_more_than_1500_and_3500_are_strict_but_750_is_not():
    assert not quota(2016, "employees").is_strict
    assert quota(2017, "employees").is_strict and quota(2017, "employees").minimum == 1500
    assert quota(2018, "employees").is_strict and quota(2018, "employees").minimum == 3500


def test_transaction_targets_are_aspirational_dollars():
    assert [quota(y, "transaction_usd").minimum for y in (2016, 2017, 2018)] == [
        Decimal(300_000_000),
        Decimal(800_000_000),
        Decimal(1_500_000_000),
    ]
    assert all(quota(y, "transaction_usd").is_aspirational for y in (2016, 2017, 2018))


def test_2017_province_wide_wording_is_kept_as_a_city_target_with_a_note():
    target = quota(2017, "transaction_usd")
    assert target.county is None
    assert "全省" in target.clause and "全市" in target.note


def test_public_overseas_warehouses_2017_in_liangyuan_yucheng_and_sui_county():
    assert quota(2017, "overseas_warehouses_public").minimum == 3
    assert {
        t.county.code
        for t in Target.objects.filter(year=2017, indicator__code="overseas_warehouses_public", county__isnull=False)
    } == {"411402", "411425", "411422"}
    assert quota(2018, "overseas_warehouses_province").minimum == 5


def test_demonstration_parks_and_the_national_base():
    assert (quota(2017, "demo_parks_new").minimum, quota(2017, "demo_parks_new").maximum) == (2, 3)
    assert (quota(2018, "demo_parks_new").minimum, quota(2018, "demo_parks_new").maximum) == (3, 5)
    assert (quota(2017, "demo_parks_city").minimum, quota(2017, "demo_parks_city").maximum) == (2, 3)
    assert (quota(2018, "demo_parks_city").minimum, quota(2018, "demo_parks_city").maximum) == (3, 4)
    assert quota(2017, "demo_parks_province").is_aspirational and quota(2017, "demo_parks_province").minimum == 2
    assert quota(2018, "demo_parks_province").minimum == 3
    assert quota(2018, "demo_bases_national").minimum == 1 and quota(2018, "demo_bases_national").is_aspirational


def test_demonstration_enterprises_city_5_10_15_and_province_ranges():
    assert [quota(y, "demo_enterprises_city").minimum for y in (2016, 2017, 2018)] == [5, 10, 15]
    assert [
        (quota(y, "demo_enterprises_province").minimum, quota(y, "demo_enterprises_province").maximum)
        for y in (2016, 2017, 2018)
    ] == [(1, 2), (2, 3), (3, 5)]


def test_reporting_enterprises_reach_50_100_200():
    assert [quota(y, "enterprises_reporting").minimum for y in (2016, 2017, 2018)] == [50, 100, 200]


def test_every_county_builds_a_specialised_park_by_end_2018():
    targets = Target.objects.filter(year=2018, indicator__code="parks_specialised")
    assert targets.count() == 8 and not targets.filter(county__isnull=True).exists()


def test_the_plan_has_72_targets():
    assert Target.objects.count() == 72


def test_milestones_include_the_key_projects_with_their_years():
    years = dict(Milestone.objects.values_list("code", "year"))
    assert years["bonded_logistics_centre"] == 2016
    assert years["second_stage_demo_city"] == 2016
    assert years["customs_upgrade"] == 2017
    assert years["railway_port_push"] == 2017 and years["railway_port_built"] == 2018
    assert years["zheng_ou_train_station"] == 2018
    assert years["ecommerce_info_platform"] is None  # within the plan period


def test_baseline_has_188_import_export_enterprises_at_end_2015():
    assert Baseline.objects.get(code="import_export_enterprises").value == 188
    assert Baseline.objects.get(code="trade_total_12th_fyp").value == Decimal("1302810000")


def test_reloading_the_plan_keeps_milestone_progress(plan):
    from django.core.management import call_command

    Milestone.objects.filter(code="customs_upgrade").update(status="done", reached_on="2017-06-30", evidence="批复")
    call_command("load_plan", verbosity=0)
    milestone = Milestone.objects.get(code="customs_upgrade")
    assert (milestone.status, milestone.evidence) == ("done", "批复")
    assert Target.objects.count() == 72
