"""按时准确填报: each quarter is due REPORT_DUE_DAYS after it ends; late counties first; one query per page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from counties.models import County, CountyKind, ReportStatus
from counties.timeliness import Timeliness, completeness, due_date
from tests import builders
from tests.queries import session_queries, unread_queries

TODAY = datetime.date(2016, 8, 1)  # Q1 due 2016-04-15, Q2 due 2016-07-15


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _cells(county_code, today=TODAY):
    rows = completeness(County.objects.filter(code=county_code), 2016, today=today)
    return rows[0].cells


def test_q1_is_due_fifteen_days_after_the_quarter_ends():
    assert due_date(2016, 1) == datetime.date(2016, 4, 15)
    assert due_date(2016, 4) == datetime.date(2017, 1, 15)


def test_due_days_follow_the_setting(settings):
    settings.REPORT_DUE_DAYS = 30
    assert due_date(2016, 1) == datetime.date(2016, 4, 30)


@pytest.mark.django_db
def test_first_submission_on_the_due_date_is_on_time_and_a_day_later_is_late():
    builders.report(quarter=1, status=ReportStatus.SUBMITTED, first_submitted_at=_at(datetime.date(2016, 4, 15)))
    builders.report(quarter=2, status=ReportStatus.RETURNED, first_submitted_at=_at(datetime.date(2016, 7, 16)))
    q1, q2, q3, q4 = _cells("411402")
    assert (q1.state, q2.state) == (Timeliness.ON_TIME, Timeliness.LATE)
    assert (q3.state, q4.state) == (Timeliness.NOT_DUE, Timeliness.NOT_DUE)


@pytest.mark.django_db
def test_approved_reports_show_approved_and_whether_they_came_late():
    builders.report(
        quarter=1,
        status=ReportStatus.APPROVED,
        first_submitted_at=_at(datetime.date(2016, 5, 2)),
        reviewed_at=_at(datetime.date(2016, 5, 3)),
    )
    q1 = _cells("411402")[0]
    assert (q1.state, q1.late, q1.reviewed_on) == (Timeliness.APPROVED, True, datetime.date(2016, 5, 3))


@pytest.mark.django_db
def test_drafts_and_missing_reports_past_the_due_date_are_overdue_now():
    builders.report(quarter=1, status=ReportStatus.DRAFT)
    q1, q2, _, _ = _cells("411402")
    assert (q1.state, q1.overdue_now) == (Timeliness.DRAFT, True)
    assert (q2.state, q2.overdue_now) == (Timeliness.NOT_STARTED, True)


@pytest.mark.django_db
def test_counties_late_now_are_listed_first():
    for code in ("411402", "411403"):  # 梁园 and 睢阳 reported both quarters on time
        for q in (1, 2):
            builders.report(code, quarter=q, first_submitted_at=_at(datetime.date(2016, 4, 1)))
    rows = completeness(County.objects.units(), 2016, today=TODAY)
    on_time = [r.county.code for r in rows if not r.overdue_now]
    assert on_time == ["411402", "411403"]
    assert [r.county.code for r in rows][-2:] == ["411402", "411403"]
    assert rows[0].overdue_now == 2


def _more_counties(n):
    County.objects.bulk_create(
        County(code=f"99{i:04d}", name=f"测试县{i}", short_name=f"测{i}", name_en=f"T{i}", kind=CountyKind.COUNTY)
        for i in range(n)
    )


@pytest.mark.parametrize("extra", [0, 40])
def test_the_timeliness_page_costs_the_same_queries_for_few_and_many_counties(
    client, city_admin, django_assert_num_queries, extra
):
    _more_counties(extra)
    for c in County.objects.units()[: 3 + extra // 2]:
        builders.report(c.code, quarter=1, status=ReportStatus.SUBMITTED, first_submitted_at=_at(TODAY))
    client.force_login(city_admin)
    # session (none with Redis), the user with their roles, the device that verified the session (two-factor);
    # years with figures, counties, reports (the menu reuses the roles);
    # the header's two counts: reports waiting for review (the admin's badge) and unread notices;
    # accuracy (counties.checks -> quality): reports, rules, previous quarters, 4 registries, flags,
    # outlier settings, bounds, other counties' figures, explanations, follow-ups
    with django_assert_num_queries(19 + session_queries() + unread_queries(counted_before=False)):
        response = client.get(reverse("timeliness"), {"year": 2016})
    assert len(response.context["rows"]) == County.objects.units().count()


@pytest.mark.django_db
def test_figures_approved_outside_the_workflow_count_as_approved_not_as_drafts():
    builders.report(quarter=1, status=ReportStatus.APPROVED, first_submitted_at=None)
    builders.report(quarter=2, status=ReportStatus.SUBMITTED, first_submitted_at=None)
    q1, q2, _, _ = _cells("411402")
    assert (q1.state, q1.overdue_now, q1.late) == (Timeliness.APPROVED, False, False)
    assert (q2.state, q2.overdue_now) == (Timeliness.SUBMITTED, False)


@pytest.mark.django_db
def test_the_year_selector_offers_years_without_thousands_separators(client, city_admin):
    builders.report(year=2016)
    client.force_login(city_admin)
    page = client.get(reverse("timeliness")).content.decode()
    assert '<option value="2016" selected>2016</option>' in page


@pytest.mark.django_db
def test_a_returned_quarter_keeps_its_on_time_first_submission_and_says_it_was_returned(client, city_admin):
    builders.report(
        quarter=1,
        status=ReportStatus.RETURNED,
        first_submitted_at=_at(datetime.date(2016, 4, 10)),
        review_comment="请核实",
    )
    client.force_login(city_admin)
    page = client.get(reverse("timeliness") + "?year=2016").content.decode()
    cell = page[page.index('<td class="t-on_time">') :]
    cell = cell[: cell.index("</td>")]
    assert "按时提交" in cell and "已退回修改" in cell
