"""Batch validation over any years, quarters and counties: results stored with who ran it and when,
from the page or the command line, in a number of queries that does not grow with the data."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from counties.models import County, CountyKind, QuarterlyReport, ReportStatus
from enterprises.models import Enterprise, EnterpriseReport
from jobs.models import Job
from quality import runs
from quality.models import Explanation, RuleRun, RunStatus, ValidationRule
from tests import builders

pytestmark = pytest.mark.django_db


def _world(n_counties: int, years=(2016, 2017, 2018), start=0):
    """``n_counties`` generated units, each with 12 quarters of figures, enterprises and flags."""
    codes = [f"T{i:04d}" for i in range(start, start + n_counties)]
    County.objects.bulk_create(
        County(code=code, name=f"测试县{code}", short_name=f"测{code}", name_en=code, kind=CountyKind.COUNTY, order=200)
        for code in codes
    )
    units = list(County.objects.filter(code__in=codes))
    Enterprise.objects.bulk_create(
        Enterprise(
            name=f"企业{c.pk}-{k}", credit_code=builders.credit_code(), county=c, filed_on=datetime.date(2016, 1, 2)
        )
        for c in units
        for k in range(3)
    )
    EnterpriseReport.objects.bulk_create(
        EnterpriseReport(enterprise=e, year=2016, quarter=1) for e in Enterprise.objects.filter(county__in=units)
    )
    QuarterlyReport.objects.bulk_create(
        QuarterlyReport(
            county=c,
            year=y,
            quarter=q,
            transaction_usd=Decimal(1000 * q),
            employees=10 - q,
            reporting_enterprises=q,
            status=ReportStatus.APPROVED,
        )
        for c in units
        for y in years
        for q in (1, 2, 3, 4)
    )
    return units


def _queries(run) -> int:
    with CaptureQueriesContext(connection) as ctx:
        runs.run_execute(run_id=run.pk)
    return len(ctx)


def test_the_batch_costs_the_same_queries_for_3_and_30_counties_over_12_quarters(city_admin):
    small = _world(3)
    few = _queries(runs.run_create(user=city_admin, years=[2016, 2017, 2018], quarters=[1, 2, 3, 4]))
    _world(27, start=3)
    many_run = runs.run_create(user=city_admin, years=[2016, 2017, 2018], quarters=[1, 2, 3, 4])
    many = _queries(many_run)
    assert few == many
    many_run.refresh_from_db()
    assert many_run.reports_checked == 30 * 12 > len(small) * 12


def test_a_run_stores_who_when_and_what_failed(city_admin):
    _world(2, years=(2016,))
    run = runs.run_create(user=city_admin, years=[2016], quarters=[1, 2, 3, 4])
    runs.run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert (run.status, run.started_by, run.reports_checked) == (RunStatus.DONE, city_admin, 8)
    assert run.finished_at >= run.started_at
    failed = {row[5] for row in run.results["failures"]}
    # Q4 reports 4 enterprises of 3 filed; employees fall every quarter after Q1
    assert {"reporting_le_filed", "employees_fall"} <= failed
    assert run.failed == len(run.results["failures"])
    assert run.passed + run.failed == run.rules_checked
    assert run.results["rules"]["reporting_le_filed"]["expression"] == "填报企业数 <= 备案企业数"


def test_a_run_may_be_limited_to_some_counties_and_quarters(city_admin):
    units = _world(3, years=(2016,))
    run = runs.run_create(user=city_admin, years=[2016], quarters=[4], counties=units[:1])
    runs.run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.reports_checked == 1
    assert {row[1] for row in run.results["failures"]} == {units[0].pk}


def test_the_stored_failure_keeps_the_countys_explanation(city_admin):
    builders.report("411402", 2016, 1, reporting_enterprises=2)
    report = QuarterlyReport.objects.get()
    Explanation.objects.create(report=report, rule=ValidationRule.objects.get(code="reporting_le_filed"), text="在途")
    run = runs.run_create(user=city_admin, years=[2016], quarters=[1])
    runs.run_execute(run_id=run.pk)
    run.refresh_from_db()
    code, left, right, explanation = run.results["failures"][0][5:]
    assert (code, left, right, explanation) == ("reporting_le_filed", "2", "0", "在途")


def test_the_city_admin_starts_a_run_from_the_page_and_reads_the_results(client, city_admin):
    builders.report("411402", 2016, 1, reporting_enterprises=2)
    client.force_login(city_admin)
    response = client.post(reverse("quality:runs"), {"years": ["2016"], "quarters": ["1", "2"]})
    run = RuleRun.objects.get()
    job = Job.objects.get(pk=run.job_id)  # a background job (it has finished: tests run jobs at once)
    assert response.url == job.get_absolute_url()
    assert job.result["url"] == reverse("quality:run_detail", args=[run.pk])
    assert "未通过 1 次" in job.result["message"]
    page = client.get(job.result["url"]).content.decode()
    assert "按时准确填报企业数不超过季度末备案企业数" in page and "梁园区" in page
    assert "填报企业数 = 2；备案企业数 = 0" in page


def test_the_results_can_be_filtered_by_rule_and_county(client, city_admin):
    builders.report("411402", 2016, 1, reporting_enterprises=2)
    builders.report("411403", 2016, 1, reporting_enterprises=2)
    run = runs.run_create(user=city_admin, years=[2016], quarters=[1])
    runs.run_execute(run_id=run.pk)
    client.force_login(city_admin)
    url = reverse("quality:run_detail", args=[run.pk])
    page = client.get(url, {"rule": "reporting_le_filed", "county": builders.county("411403").pk})
    assert [f["county"] for f in page.context["failures"]] == ["睢阳区"]


def test_the_form_needs_a_year_and_a_quarter(client, city_admin):
    builders.report("411402", 2016, 1)
    client.force_login(city_admin)
    page = client.post(reverse("quality:runs"), {"quarters": ["9"]}).content.decode()
    assert "请至少选择一个年度。" in page
    assert not RuleRun.objects.exists()


def test_leaders_read_runs_but_cannot_start_one(client, leader):
    client.force_login(leader)
    assert "开始校验" not in client.get(reverse("quality:runs")).content.decode()
    assert client.post(reverse("quality:runs"), {"years": ["2016"], "quarters": ["1"]}).status_code == 403


def test_the_command_runs_the_same_batch(capsys):
    builders.report("411402", 2016, 1, reporting_enterprises=2)
    call_command("validate_reports", "--year", "2016", "--quarter", "1", "--county", "梁园区")
    out = capsys.readouterr().out
    assert "季度数据 1 条" in out and "按时准确填报企业数不超过季度末备案企业数" in out
    assert RuleRun.objects.get().started_by is None


def test_the_command_refuses_an_unknown_county():
    from django.core.management.base import CommandError

    builders.report("411402", 2016, 1)
    with pytest.raises(CommandError, match="未知的县区：火星"):
        call_command("validate_reports", "--county", "火星")
