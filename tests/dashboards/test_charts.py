"""Charts say what the page says: the headline's unit and precision, the target on every trend, the page's language."""

import datetime
import html
import json
import re
from decimal import Decimal

import pytest
from django.conf import settings

from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_leader(client, leader):
    client.force_login(leader)
    return client


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def volume_2018(quarters=(292_700_000, 308_850_000, 309_260_000, 191_010_000)):
    """Four quarters of 2018 adding up to 11.0182亿美元 (2.927, 6.0155, 9.1081, 11.0182 so far)."""
    for quarter, usd in enumerate(quarters, 1):
        builders.report("411402", 2018, quarter, transaction_usd=Decimal(usd))


def sparks(page_html: str) -> dict[str, dict]:
    """Each overview row's sparkline data, by indicator code."""
    found = re.findall(r'id="target-([a-z_]+)".*?data-spark="([^"]*)"', page_html, flags=re.S)
    return {code: json.loads(html.unescape(data)) for code, data in found}


def test_the_volume_trend_is_labelled_like_the_headline_not_with_raw_floats(as_leader):
    volume_2018()
    chart = as_leader.get("/indicators/transaction_usd/", {"year": 2018}).context["trend_chart"]
    assert chart["values"] == [2.93, 6.02, 9.11, 11.02]
    assert chart["texts"] == ["2.93亿美元", "6.02亿美元", "9.11亿美元", "11.02亿美元"]
    assert chart["unit"] == "亿美元" and chart["decimals"] == 2


def test_the_15_yi_target_is_drawn_on_the_volume_trend(as_leader):
    volume_2018()
    chart = as_leader.get("/indicators/transaction_usd/", {"year": 2018}).context["trend_chart"]
    assert chart["line"] == 15.0 and chart["band"] is None
    assert chart["target_text"] == "目标 ≥15.00亿美元"


def test_a_range_target_is_drawn_as_a_band_from_its_lower_to_its_upper_bound(as_leader):
    chart = as_leader.get("/indicators/demo_parks_new/", {"year": 2018}).context["trend_chart"]
    assert chart["band"] == [3.0, 5.0] and chart["line"] is None
    assert chart["target_text"] == "目标 3~5家"


def test_without_a_city_wide_target_the_counties_quotas_added_up_are_drawn(as_leader):
    """ "各县（区）至少打造一个专业跨境电商产业园区": eight quotas of at least one."""
    chart = as_leader.get("/indicators/parks_specialised/", {"year": 2018}).context["trend_chart"]
    assert chart["line"] == 8.0 and chart["target_text"] == "各县区任务合计 ≥8个"


def test_every_sparkline_on_the_overview_carries_its_target(as_leader):
    volume_2018()
    page = as_leader.get("/", {"year": 2018}).content.decode()
    found = sparks(page)
    assert len(found) == 12
    missing = [code for code, data in found.items() if data["line"] is None and data["band"] is None]
    assert missing == []
    assert found["transaction_usd"]["texts"][-1] == "11.02亿美元"
    assert found["demo_parks_new"]["band"] == [3.0, 5.0]


def test_charts_on_english_pages_are_in_english_and_in_millions(as_leader):
    volume_2018()
    chart = english(as_leader).get("/indicators/transaction_usd/", {"year": 2018}).context["trend_chart"]
    assert chart["unit"] == "USD million" and chart["values"][-1] == 1101.82
    assert chart["texts"][-1] == "USD 1,101.82 million"
    assert chart["labels"] == ["Q1", "Q2", "Q3", "Q4"] and chart["series"] == "Actual (at each quarter's end)"
    assert chart["target_text"] == "Target ≥ USD 1,500.00 million"


def test_count_charts_in_english_name_what_they_count(as_leader):
    builders.enterprise("411402", filed_on=datetime.date(2016, 2, 1))
    chart = english(as_leader).get("/indicators/enterprises_filed/", {"year": 2016}).context["trend_chart"]
    assert chart["unit"] == "enterprises" and chart["texts"][0] == "1 enterprise"
    assert chart["target_text"] == "Target ≥50 enterprises"


def test_the_county_chart_names_its_series_and_units_in_the_pages_language(as_leader):
    builders.report("411402", 2016, 1, transaction_usd=Decimal(20_000_000), employees=10)
    chinese = as_leader.get("/counties/411402/").context["page"].chart()
    assert chinese["labels"] == ["2016年第1季度"] and chinese["transaction_texts"] == ["0.20亿美元"]
    assert (chinese["transaction_unit"], chinese["employees_unit"]) == ("亿美元", "人")
    page = english(as_leader).get("/counties/411402/")
    chart = json.loads(re.search(r'id="county-chart"[^>]*>(.*?)</script>', page.content.decode()).group(1))
    assert chart["labels"] == ["Q1 2016"] and chart["transaction"] == [20.0]
    assert chart["transaction_texts"] == ["USD 20.00 million"] and chart["employees_texts"] == ["10 people"]
    assert (chart["transaction_unit"], chart["employees_unit"]) == ("USD million", "people")
    assert not re.search(r"[\u4e00-\u9fff]", json.dumps(chart, ensure_ascii=False))


def test_each_county_quota_has_a_trend_with_its_target(as_leader):
    builders.enterprise("411402", filed_on=datetime.date(2016, 2, 1))
    page = as_leader.get("/counties/411402/").content.decode()
    data = re.search(r'id="target-2016-enterprises_filed".*?data-spark="([^"]*)"', page, flags=re.S).group(1)
    spark = json.loads(html.unescape(data))
    assert spark["values"] == [1, 1, 1, 1] and spark["line"] == 10.0
