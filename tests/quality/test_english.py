"""The data-quality pages in English: the words, the rules' names, the counties and the expressions, not only
the headings. A batch run keeps numbers, not sentences, so its results read in the language of whoever opens them."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from counties.models import QuarterlyReport, ReportStatus
from quality import runs, services
from quality.models import FollowUp, MinMaxBound
from tests import builders

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")
PEERS = ["411403", "SQZ01", "411425", "411426", "411424", "411423"]


def english(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def main(client, url, **params) -> str:
    """The page's main part (the header carries the user's own name, which may be Chinese)."""
    response = client.get(url, params)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('<main class="content">') : html.index("</main>")]


def chinese_in(html: str) -> list[str]:
    text = re.sub(r"<[^>]+>", " ", html)
    return sorted({line.strip() for line in text.splitlines() if CJK.search(line)})


@pytest.fixture
def a_run(city_admin):
    """梁园区 reports 2 enterprises of 0 filed in 2016 Q1, and stands out from six other counties."""
    for code, people in zip(PEERS, (10, 11, 11, 12, 12, 13), strict=True):
        builders.report(code, 2016, 1, employees=people, status=ReportStatus.SUBMITTED)
    builders.report("411402", 2016, 1, employees=50, reporting_enterprises=2, status=ReportStatus.SUBMITTED)
    with translation.override("zh-hans"):  # started by a city admin reading Chinese
        run = runs.run_create(user=city_admin, years=[2016], quarters=[1])
        runs.run_execute(run_id=run.pk)
    return run


def test_a_runs_results_read_in_english_for_an_english_reader(client, city_admin, a_run):
    html = main(english(client, city_admin), reverse("quality:run_detail", args=[a_run.pk]))
    assert "Enterprises reporting on time and accurately cannot exceed the enterprises filed" in html
    assert (
        "reporting_enterprises = 2; filed_enterprises = 0; required: left less than or equal to (&lt;=) right" in html
    )
    assert "Liangyuan District" in html and "2016 · Q1 · All counties" in html
    assert "Employees (people) stands out from the other counties this quarter" in html
    assert "<code>reporting_enterprises &lt;= filed_enterprises</code>" in html
    assert chinese_in(html) == []


def test_the_same_run_reads_in_chinese_for_a_chinese_reader(client, city_admin, a_run):
    client.force_login(city_admin)
    html = main(client, reverse("quality:run_detail", args=[a_run.pk]))
    assert "填报企业数 = 2；备案企业数 = 0；应满足：左边 小于或等于（&lt;=） 右边" in html
    assert "梁园区" in html and "从业人员（人）与同季度其他县区相比异常" in html


def test_the_run_form_names_quarters_and_counties_in_english(client, city_admin):
    builders.report("411402", 2016, 1)
    html = main(english(client, city_admin), reverse("quality:runs"))
    assert "Q1" in html and "Liangyuan District" in html
    assert chinese_in(html) == []


def test_the_rules_page_in_english_spells_the_expressions_in_english(client, leader):
    html = main(english(client, leader), reverse("quality:index"))
    assert "(transaction_usd - prev_transaction_usd) / prev_transaction_usd * 100 &lt; 900" in html
    assert "Employees do not fall below the previous quarter" in html
    assert chinese_in(html) == []


def test_the_bounds_pages_in_english(client, city_admin):
    for quarter, people in enumerate((10, 12, 14, 16), 1):
        builders.report("411402", 2016, quarter, employees=people)
    services.bounds_generate(user=city_admin, k=Decimal(2), min_history=4)
    client = english(client, city_admin)
    html = main(client, reverse("quality:bounds"))
    assert "Multiple of the standard deviation, k" in html and "Minimum quarters of history" in html
    assert chinese_in(html) == []
    bound = MinMaxBound.objects.get(county__code="411402", figure="employees")
    html = main(client, reverse("quality:bound_edit", args=[bound.pk]))
    assert "Liangyuan District Employees (people)" in html and "Lower bound" in html
    assert chinese_in(html) == []


def test_the_outlier_and_follow_up_pages_in_english(client, city_admin, a_run):
    report = QuarterlyReport.objects.get(county__code="411402", year=2016, quarter=1)
    FollowUp.objects.create(report=report, figure="employees", reason="Please check", created_by=city_admin)
    client = english(client, city_admin)
    html = main(client, reverse("quality:outliers"), year=2016, quarter=1)
    assert "modified z-score 25.63 (median of 7 counties 12, threshold 3.5)" in html
    assert chinese_in(html) == []
    html = main(client, reverse("quality:follow_ups"))
    assert "Please check" in html and "Employees (people)" in html
    assert chinese_in(html) == []


def test_the_rules_page_says_which_rules_ask_before_an_import_writes(client, leader):
    client.force_login(leader)
    html = main(client, reverse("quality:index"))
    jump = html[html.index("交易额环比增长不超过900%") :]
    assert "导入前须确认" in jump[: jump.index("</tr>")]
    assert "导入前须确认" not in html[: html.index("交易额环比增长不超过900%")]
