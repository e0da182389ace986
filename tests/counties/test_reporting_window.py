"""The reporting window: the plan's years, each quarter open from the day after it ends, due 15 days later;
years outside every loaded plan are not offered, and the service refuses what the grid does not offer."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from counties import selectors, services, window
from counties.models import QuarterlyReport, ReportStatus
from tests import builders

pytestmark = pytest.mark.django_db

FIGURES = {"transaction_usd": Decimal("2500000"), "employees": 120, "reporting_enterprises": 8, "remark": ""}
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def at(day: str):
    """Freeze the clock at 10:00 Shanghai time on ``day``."""
    return time_machine.travel(datetime.datetime.fromisoformat(day).replace(hour=10, tzinfo=SHANGHAI), tick=False)


def draft(officer, county, year, quarter):
    return services.report_save_draft(
        county=county, year=year, quarter=quarter, user=officer, version=None, figures=FIGURES
    )


def test_the_plan_years_are_2016_to_2018():
    assert window.plan_years() == [2016, 2017, 2018]


def test_a_quarter_opens_the_day_after_it_ends(liangyuan_officer, liangyuan):
    with at("2017-06-30"), pytest.raises(services.WorkflowError, match="2017年第2季度尚未结束，2017-07-01起才能填报"):
        draft(liangyuan_officer, liangyuan, 2017, 2)
    with at("2017-07-01"):
        assert draft(liangyuan_officer, liangyuan, 2017, 2).status == ReportStatus.DRAFT


def test_a_year_no_plan_counts_is_refused_even_once_over(liangyuan_officer, liangyuan):
    with at("2026-11-26"), pytest.raises(services.WorkflowError, match="2019年不在任何已载入的行动计划期内"):
        draft(liangyuan_officer, liangyuan, 2019, 1)
    assert not QuarterlyReport.objects.exists()


def test_a_draft_outside_the_plans_cannot_be_submitted(liangyuan_officer):
    report = builders.report("411402", 2020, 1, status=ReportStatus.DRAFT)
    with pytest.raises(services.WorkflowError, match="2020年不在任何已载入的行动计划期内"):
        services.report_submit(report_id=report.pk, user=liangyuan_officer, version=report.version)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_a_hand_typed_url_for_the_running_quarter_is_refused_clearly(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    url = reverse("report_form", args=["411402", 2017, 2])
    with at("2017-05-10"):
        for response in (client.get(url, follow=True), client.post(url, {**FIGURES, "save": "1"}, follow=True)):
            assert response.redirect_chain[-1][0] == reverse("workspace", args=["411402"])
            assert "2017年第2季度尚未结束，2017-07-01起才能填报。" in response.content.decode()
    assert not QuarterlyReport.objects.exists()


def test_the_grid_shows_the_plan_years_only_newest_first(liangyuan):
    with at("2026-11-26"):
        grid = selectors.report_grid(liangyuan)
    assert [year for year, _cells in grid.rows] == [2018, 2017, 2016]


def test_the_grid_stops_at_this_year_while_the_plan_runs(liangyuan):
    with at("2017-05-10"):
        grid = selectors.report_grid(liangyuan)
    assert [year for year, _cells in grid.rows] == [2017, 2016]
    q1, q2 = grid.rows[0][1][:2]
    assert q1.is_open and not q2.is_open
    assert q2.opens_on == datetime.date(2017, 7, 1)


def test_a_quarter_not_submitted_by_its_due_date_is_marked_overdue_by_days(liangyuan):
    builders.report("411402", 2017, 2, status=ReportStatus.DRAFT)
    with at("2017-07-20"):
        q1, q2 = selectors.report_grid(liangyuan).rows[0][1][:2]
    assert q1.days_overdue == 96  # never entered: due 2017-04-15
    assert (q2.days_overdue, q2.days_left) == (5, None)  # a draft, never submitted: due 2017-07-15
    with at("2017-07-10"):
        q2 = selectors.report_grid(liangyuan).rows[0][1][1]
    assert (q2.days_left, q2.days_overdue) == (5, 0)  # due 2017-07-15


def test_submitted_quarters_are_neither_due_nor_overdue(liangyuan):
    builders.report("411402", 2017, 1, status=ReportStatus.SUBMITTED)
    with at("2017-07-20"):
        q1 = selectors.report_grid(liangyuan).rows[0][1][0]
    assert (q1.days_overdue, q1.days_left) == (0, None)


def test_figures_of_years_no_plan_counts_are_listed_apart(client, liangyuan_officer, liangyuan):
    builders.report("411402", 2020, 1, status=ReportStatus.DRAFT)
    client.force_login(liangyuan_officer)
    with at("2026-11-26"):
        html = client.get(reverse("workspace", args=["411402"])).content.decode()
    assert "不计入任何计划的季度数据" in html
    assert "2020年第1季度" in html
    assert reverse("report_form", args=["411402", 2020, 1]) not in html


def test_the_grid_offers_a_form_only_for_quarters_that_have_ended(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    with at("2017-05-10"):
        html = client.get(reverse("workspace", args=["411402"])).content.decode()
    assert reverse("report_form", args=["411402", 2017, 1]) in html
    assert reverse("report_form", args=["411402", 2017, 2]) not in html
    assert "2017-07-01起可填报" in html
