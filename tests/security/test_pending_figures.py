"""Finding 1: a county's figures still under review are seen only by that county, the city and the leadership.

What county staff see of other counties: approved figures, city-wide totals of approved figures and the
scorecard ranking (shared city-wide); never another county's submitted or returned figures, on any
page, export or chart. ``?pending=1`` is honoured only where the viewer may see every pending figure the
page would count: city admins and leaders everywhere, county staff on their own county's page only.
"""

import io
from decimal import Decimal

import openpyxl
import pytest

from counties import roles
from counties.models import ReportStatus
from targets.models import Counts, Indicator, Plan, Target
from tests import builders

pytestmark = pytest.mark.django_db

Q4_2018 = {"year": "2018", "quarter": "4", "pending": "1"}


@pytest.fixture
def figures(db):
    """梁园区's 2018 Q4 is approved (200 people, 20 firms); 睢阳区's is submitted, still under review (313 / 30)."""
    builders.report("411402", 2018, 4, employees=200, reporting_enterprises=20, status=ReportStatus.APPROVED)
    builders.report("411403", 2018, 4, employees=313, reporting_enterprises=30, status=ReportStatus.SUBMITTED)


@pytest.fixture
def suiyang_employees_quota(figures):
    """A 2018 employees quota for 睢阳区, so the scorecard and the county forecasts read quarterly figures too."""
    return Target.objects.create(
        plan=Plan.objects.get(slug="shangqiu-cbec-2016-2018"),
        indicator=Indicator.objects.get(code="employees"),
        year=2018,
        county=builders.county("411403"),
        minimum=Decimal(100),
        counts=Counts.STOCK,
        clause="测试用县区任务",
    )


def _as(client, user):
    client.force_login(user)
    return client


def _breakdown(response, code):
    return next(row.actual for row in response.context["page"].breakdown if row.county.code == code)


def _xlsx_rows(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


# --- The rule, in its one place --------------------------------------------------------------------


def test_city_admins_and_leaders_see_every_countys_pending_figures(city_admin, leader, liangyuan, suiyang):
    for user in (city_admin, leader):
        assert roles.sees_pending(user) and roles.sees_pending(user, suiyang.pk)


def test_county_staff_see_pending_figures_of_their_own_county_only(liangyuan_officer, liangyuan, suiyang):
    assert roles.sees_pending(liangyuan_officer, liangyuan.pk)
    assert not roles.sees_pending(liangyuan_officer, suiyang.pk)
    assert not roles.sees_pending(liangyuan_officer)  # a city-wide page counts every county


# --- Pages and exports -----------------------------------------------------------------------------


@pytest.mark.parametrize("indicator", ["employees", "enterprises_reporting"])
def test_liangyuans_officer_does_not_see_suiyangs_figures_under_review_in_the_breakdown(
    client, liangyuan_officer, figures, indicator
):
    response = _as(client, liangyuan_officer).get(f"/indicators/{indicator}/", Q4_2018)
    assert response.status_code == 200
    assert response.context["choice"].include_pending is False
    assert _breakdown(response, "411403") == 0
    assert _breakdown(response, "411402") in (200, 20)
    assert response.context["trend_chart"]["values"][-1] in (200, 20)


def test_the_breakdown_shows_pending_figures_to_a_leader_who_asks_for_them(client, leader, figures):
    response = _as(client, leader).get("/indicators/employees/", Q4_2018)
    assert response.context["choice"].include_pending is True
    assert _breakdown(response, "411403") == 313


def test_the_overview_and_its_xlsx_count_only_approved_figures_for_county_staff(client, liangyuan_officer, figures):
    client = _as(client, liangyuan_officer)
    rows = client.get("/", Q4_2018).context["page"].rows
    employees = next(r for r in rows if r.target.indicator.code == "employees")
    assert employees.progress.actual == 200  # not 513, from which 睢阳区's 313 could be worked out
    sheet = _xlsx_rows(client.get("/overview/export.xlsx", Q4_2018))
    headers = next(r for r in sheet if r[0] == "指标")
    row = next(r for r in sheet if r[0] == "跨境电商从业人员")
    assert row[headers.index("实际")] == 200


def test_the_forecast_counts_only_approved_figures_for_county_staff(client, liangyuan_officer, suiyang_employees_quota):
    response = _as(client, liangyuan_officer).get("/forecast/", Q4_2018)
    city, counties = response.context["page"]
    assert next(r for r in city if r.target.indicator.code == "employees").progress.actual == 200
    suiyang_row = next(r for r in counties if r.target.pk == suiyang_employees_quota.pk)
    assert suiyang_row.progress.actual == 0
    assert "313" not in response.content.decode()


def test_the_scorecard_and_its_xlsx_show_county_staff_only_approved_figures(
    client, liangyuan_officer, suiyang_employees_quota
):
    client = _as(client, liangyuan_officer)
    response = client.get("/scorecard/2018/", Q4_2018)
    card = response.context["card"]
    suiyang_row = next(row for row in card.rows if row.county.code == "411403")
    assert suiyang_row.cells[suiyang_employees_quota.indicator_id].actual == 0
    sheet = _xlsx_rows(client.get("/scorecard/2018/export.xlsx", Q4_2018))
    suiyang_cells = next(r for r in sheet if r[1] == "睢阳区")
    assert 313 not in suiyang_cells


def test_the_scorecard_shows_a_city_admin_the_pending_figures_asked_for(client, city_admin, suiyang_employees_quota):
    card = _as(client, city_admin).get("/scorecard/2018/", Q4_2018).context["card"]
    suiyang_row = next(row for row in card.rows if row.county.code == "411403")
    assert suiyang_row.cells[suiyang_employees_quota.indicator_id].actual == 313


def test_an_officer_sees_their_own_countys_pending_figures_on_its_page(client, suiyang_officer, figures):
    response = _as(client, suiyang_officer).get("/counties/411403/", Q4_2018)
    assert response.context["choice"].include_pending is True
    assert response.context["page"].chart()["employees"] == [313]


def test_county_staff_are_not_offered_pending_figures_on_city_wide_pages(client, liangyuan_officer, figures):
    html = _as(client, liangyuan_officer).get("/", Q4_2018).content.decode()
    assert 'name="pending"' not in html
    assert "仅计已审核数据" in html


def test_a_cached_page_rendered_for_a_city_admin_is_not_served_to_county_staff_with_the_staff_flag(
    client, city_admin, liangyuan_officer, figures
):
    """The dashboards cache rendered HTML per viewer: the staff flag alone must not make two viewers one."""
    _as(client, city_admin).get("/", Q4_2018)
    liangyuan_officer.is_staff = True
    liangyuan_officer.save(update_fields=["is_staff"])
    rows = _as(client, liangyuan_officer).get("/", Q4_2018)
    html = rows.content.decode()
    assert "含待审核数据）" not in html
    assert 'id="headline-employees"' in html
    assert "513人" not in html and "200人" in html
