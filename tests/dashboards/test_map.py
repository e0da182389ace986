"""The county map: the vendored boundaries matched to the County table, the bands, and its JSON."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from counties.models import County, CountyKind
from dashboards import geo
from dashboards import map as mapping
from dashboards.selectors import choose
from tests import builders
from tests.dashboards.dashboards import many_enterprises
from tests.queries import session_queries

pytestmark = pytest.mark.django_db


def encode_ring(points, scale=1024):
    """ECharts' UTF8Encoding of one ring (the inverse of what registerMap decodes), for the tests."""
    quantised = [(round(x * scale), round(y * scale)) for x, y in points]
    offset = list(quantised[0])
    out, prev = [], offset[:]
    for x, y in quantised:
        for value in (x - prev[0], y - prev[1]):
            out.append(chr(((value << 1) ^ (value >> 31)) + 64))
        prev = [x, y]
    return "".join(out), offset


# --- the boundaries ------------------------------------------------------------------------------


def test_every_polygon_of_the_map_file_is_a_county_of_the_table():
    names = set(County.objects.units().values_list("name", flat=True))
    assert geo.names() <= names
    assert len(geo.names()) == 9


def test_only_the_three_functional_zones_have_no_polygon():
    off_map = set(County.objects.units().exclude(name__in=geo.names()).values_list("kind", flat=True))
    assert off_map == {CountyKind.ZONE}
    assert County.objects.units().exclude(name__in=geo.names()).count() == 3


def test_an_echarts_encoded_ring_decodes_to_its_points():
    points = [(115.5, 34.25), (115.75, 34.5), (116.0, 34.0), (115.5, 34.25)]
    encoded, offset = encode_ring(points)
    assert geo.decode_ring(encoded, offset) == tuple(points)


def test_an_encoded_multipolygon_file_is_read_like_a_plain_one():
    square = [(115.0, 34.0), (115.5, 34.0), (115.5, 34.5), (115.0, 34.5), (115.0, 34.0)]
    encoded, offset = encode_ring(square)
    collection = {
        "UTF8Encoding": True,
        "features": [
            {
                "properties": {"name": "测试区"},
                "geometry": {"type": "MultiPolygon", "coordinates": [[encoded]], "encodeOffsets": [[offset]]},
            }
        ],
    }
    plain = {"features": [{"properties": {"name": "测试区"}, "geometry": {"type": "Polygon", "coordinates": [square]}}]}
    assert geo.parse(collection) == geo.parse(plain)
    assert geo.parse(plain)[0].centre == pytest.approx((115.25, 34.25))


def test_labels_of_liangyuan_and_suiyang_are_apart():
    centres = {shape.name: shape.centre for shape in geo.shapes()}
    (_, y1), (_, y2) = centres["梁园区"], centres["睢阳区"]
    assert abs(y1 - y2) > 0.1  # the file's seats of government are 0.055° apart


# --- bands ---------------------------------------------------------------------------------------


def test_only_a_met_quota_is_in_the_top_band():
    assert mapping.ratio_band(Decimal(1), met=True).key == "fulfilled"
    assert mapping.ratio_band(Decimal("0.999"), met=False).key == "near"  # "超过1500人" reached exactly
    assert mapping.ratio_band(Decimal("0.8"), met=False).key == "near"
    assert mapping.ratio_band(Decimal("0.79"), met=False).key == "half"
    assert mapping.ratio_band(Decimal("0.5"), met=False).key == "half"
    assert mapping.ratio_band(Decimal("0.49"), met=False).key == "low"


def test_suiyang_with_the_one_new_park_of_its_2016_quota_is_met():
    builders.park("411403", established_on=datetime.date(2016, 3, 1))
    county_map = mapping.county_map(choice_of(2016), "parks_new")
    suiyang = area(county_map, "411403")
    assert suiyang.figure == "100.0%" and suiyang.band.key == "fulfilled"


@pytest.mark.parametrize(
    ("largest", "step"), [(35, 10), (4, 1), (3, 1), (9, 5), (100, 25), (101, 50), (0, 1), (1234, 500)]
)
def test_value_bands_step_by_round_numbers(largest, step):
    assert mapping.nice_step(Decimal(largest)) == step


def test_dollar_bands_may_step_below_one_dollar_of_a_hundred_million():
    assert mapping.nice_step(Decimal(70_000_000), whole=False) == Decimal(20_000_000)


def test_value_bands_stop_at_the_largest_value():
    step, bands = mapping.value_bands(Decimal(12), "家")
    assert step == 5
    assert [b.label for b in bands] == ["无", "1家～5家", "6家～10家", "11家～15家"]


# --- the map of an indicator ---------------------------------------------------------------------


def choice_of(year, quarter=4, pending=False):
    return choose(year, quarter, pending)


def area(county_map, code):
    return next(a for a in county_map.areas if a.county.code == code)


def test_liangyuan_with_its_2016_quota_of_ten_filed_enterprises_is_fulfilled():
    for _ in range(10):
        builders.enterprise("411402", filed_on=datetime.date(2016, 3, 1))
    for _ in range(4):
        builders.enterprise("411403", filed_on=datetime.date(2016, 3, 1))
    county_map = mapping.county_map(choice_of(2016), "enterprises_filed")
    assert county_map.mode == mapping.RATIO
    assert (area(county_map, "411402").band.key, area(county_map, "411402").figure) == ("fulfilled", "100.0%")
    assert (area(county_map, "411403").band.key, area(county_map, "411403").figure) == ("half", "50.0%")
    assert "4家" in area(county_map, "411403").detail and "≥8家" in area(county_map, "411403").detail


def test_a_county_without_a_quota_shows_its_value_in_the_no_quota_band():
    builders.enterprise("411481", filed_on=datetime.date(2016, 3, 1))
    yongcheng = area(mapping.county_map(choice_of(2016), "enterprises_filed"), "411481")
    assert (yongcheng.band.key, yongcheng.figure) == ("none", "1家")


def test_a_year_without_county_quotas_maps_the_values():
    for _ in range(7):
        builders.enterprise("411402", filed_on=datetime.date(2018, 3, 1))
    county_map = mapping.county_map(choice_of(2018), "enterprises_filed")
    assert county_map.mode == mapping.VALUE
    assert (area(county_map, "411402").figure, area(county_map, "411402").band.key) == ("7家", "class4")
    assert area(county_map, "411403").band.key == "zero"


def test_the_map_counts_only_approved_figures_unless_pending_are_asked_for():
    builders.report("411402", year=2016, quarter=1, employees=40)
    builders.report("411403", year=2016, quarter=1, employees=30, status="submitted")
    approved = mapping.county_map(choice_of(2016, 1), "employees")
    pending = mapping.county_map(choice_of(2016, 1, pending=True), "employees")
    assert area(approved, "411403").figure == "0人"
    assert area(pending, "411403").figure == "30人"


def test_the_functional_zones_are_listed_beside_the_map():
    county_map = mapping.county_map(choice_of(2016), "enterprises_filed")
    assert [a.county.code for a in county_map.off_map] == ["SQZ01", "SQZ02", "SQZ03"]


def test_the_score_map_bands_each_county_by_its_composite_score():
    for _ in range(10):
        builders.enterprise("411402", filed_on=datetime.date(2016, 3, 1))
    county_map = mapping.county_map(choice_of(2016, 4), mapping.SCORE)
    liangyuan = area(county_map, "411402")
    assert liangyuan.figure == "100.0%" and liangyuan.band.key == "fulfilled"
    assert area(county_map, "411481").band.key == "none"  # 永城市 has no quota and no score


def test_an_unknown_subject_is_not_found(client, leader):
    client.force_login(leader)
    assert client.get("/map/no_such_indicator.json?year=2016").status_code == 404
    assert client.get("/map/score.json?year=1999").status_code == 404


# --- the JSON for the browser --------------------------------------------------------------------


def test_a_county_officer_gets_links_only_to_their_own_county(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    data = client.get("/map/enterprises_filed.json?year=2016").json()
    links = {a["code"]: a["url"] for a in data["areas"] if a["url"]}
    assert links == {"411402": "/counties/411402/"}


def test_a_leader_gets_links_to_every_county(client, leader):
    client.force_login(leader)
    data = client.get("/map/score.json?year=2017&quarter=4").json()
    assert all(a["url"] for a in data["areas"])
    assert len(data["areas"]) == 12
    assert {a["geo"] for a in data["areas"] if a["on_map"]} == geo.names()


def test_english_pages_get_english_county_names_and_the_chinese_names_to_match_the_boundaries(client, leader):
    client.force_login(leader)
    client.cookies["django_language"] = "en"
    data = client.get("/map/enterprises_filed.json?year=2016").json()
    liangyuan = next(a for a in data["areas"] if a["code"] == "411402")
    assert (liangyuan["name"], liangyuan["geo"]) == ("Liangyuan District", "梁园区")
    with translation.override("en"):
        assert data["bands"][-1]["label"] == translation.gettext("无任务")


def test_anonymous_visitors_get_no_figures(client):
    response = client.get("/map/enterprises_filed.json?year=2016")
    assert response.status_code == 302


@pytest.mark.parametrize("size", [10, 2000])
def test_the_map_data_takes_the_same_queries_at_any_size(client, leader, django_assert_num_queries, size):
    many_enterprises(size)
    client.force_login(leader)
    client.get("/")  # the plans are cached
    # session (none with Redis), the user with their roles, data version, targets, four registry counts,
    # counties, the viewer's counties
    with django_assert_num_queries(9 + session_queries()):
        client.get("/map/score.json?year=2017&quarter=4")
