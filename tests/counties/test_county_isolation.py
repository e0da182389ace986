"""County A's staff cannot read or write county B's data: not through a URL, a form, or a forged POST."""

import pytest
from django.urls import reverse

from counties.models import QuarterlyReport, ReportStatus
from enterprises.models import Enterprise, OverseasWarehouse
from tests import builders

KINDS = ["enterprises", "parks", "warehouses", "training-bases"]
BUILD = {
    "enterprises": builders.enterprise,
    "parks": builders.park,
    "warehouses": builders.warehouse,
    "training-bases": builders.training_base,
}


@pytest.mark.parametrize("kind", KINDS)
def test_suiyang_officer_cannot_list_liangyuans_registry(client, suiyang_officer, kind):
    client.force_login(suiyang_officer)
    assert client.get(reverse("registry_list", args=["411402", kind])).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_suiyang_officer_cannot_open_or_post_liangyuans_record(client, suiyang_officer, kind):
    record = BUILD[kind]("411402", name="梁园原名")
    client.force_login(suiyang_officer)
    edit = reverse("registry_edit", args=["411402", kind, record.pk])
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"name": "篡改"}).status_code == 404
    assert client.get(reverse("registry_history", args=["411402", kind, record.pk])).status_code == 404
    record.refresh_from_db()
    assert record.name == "梁园原名"


@pytest.mark.parametrize("kind", KINDS)
def test_liangyuans_record_is_not_reachable_under_suiyangs_own_code(client, suiyang_officer, kind):
    record = BUILD[kind]("411402")
    client.force_login(suiyang_officer)
    assert client.get(reverse("registry_edit", args=["411403", kind, record.pk])).status_code == 404


def test_a_forged_county_field_is_ignored_the_record_goes_to_the_officers_county(client, liangyuan_officer, suiyang):
    client.force_login(liangyuan_officer)
    code = builders.credit_code()
    data = {
        "name": "伪造企业",
        "credit_code": code,
        "filed_on": "2016-05-01",
        "industry": "other",
        "county": suiyang.pk,
    }
    response = client.post(reverse("registry_add", args=["411402", "enterprises"]), data)
    assert response.status_code == 302
    assert Enterprise.objects.get(credit_code=code).county.code == "411402"


def test_suiyang_officer_cannot_add_to_liangyuan(client, suiyang_officer):
    client.force_login(suiyang_officer)
    code = builders.credit_code()
    data = {"name": "越权企业", "credit_code": code, "filed_on": "2016-05-01", "industry": "other"}
    assert client.post(reverse("registry_add", args=["411402", "enterprises"]), data).status_code == 404
    assert not Enterprise.objects.filter(credit_code=code).exists()


def test_a_warehouse_cannot_name_another_countys_enterprise(client, liangyuan_officer):
    other = builders.enterprise("411403")
    client.force_login(liangyuan_officer)
    data = {"name": "仓", "enterprise": other.pk, "country": "美国", "mode": "leased", "opened_on": "2017-06-01"}
    response = client.post(reverse("registry_add", args=["411402", "warehouses"]), data)
    assert response.status_code == 200
    assert "请选择本县区的企业。" in response.content.decode()
    assert not OverseasWarehouse.objects.exists()


def test_suiyang_officer_cannot_read_or_act_on_liangyuans_report(client, suiyang_officer):
    report = builders.report(status=ReportStatus.DRAFT)
    client.force_login(suiyang_officer)
    assert client.get(reverse("report_detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("workspace", args=["411402"])).status_code == 404
    assert client.post(reverse("report_submit", args=[report.pk]), {"version": 1}).status_code == 404
    form = reverse("report_form", args=["411402", 2016, 1])
    assert (
        client.post(form, {"transaction_usd": "1", "employees": "1", "reporting_enterprises": "1"}).status_code == 404
    )
    report.refresh_from_db()
    assert (report.status, report.version) == (ReportStatus.DRAFT, 1)


def test_county_staff_land_in_their_own_county(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    assert client.get(reverse("my_county")).url == reverse("workspace", args=["411402"])


def test_county_staff_see_only_their_county_on_the_timeliness_page(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    rows = client.get(reverse("timeliness")).context["rows"]
    assert [r.county.code for r in rows] == ["411402"]


def test_leader_reads_the_workspace_but_gets_no_forms(client, leader):
    record = builders.enterprise("411402")
    report = builders.report(status=ReportStatus.SUBMITTED)
    client.force_login(leader)
    assert client.get(reverse("registry_list", args=["411402", "enterprises"])).status_code == 200
    assert client.get(reverse("registry_edit", args=["411402", "enterprises", record.pk])).status_code == 403
    assert client.get(reverse("registry_add", args=["411402", "enterprises"])).status_code == 403
    assert client.get(reverse("report_form", args=["411402", 2016, 2])).status_code == 403
    assert client.post(reverse("report_approve", args=[report.pk]), {"version": 1}).status_code == 403
    assert QuarterlyReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_city_admin_enters_for_any_county(client, city_admin):
    client.force_login(city_admin)
    code = builders.credit_code()
    data = {"name": "市局代录企业", "credit_code": code, "filed_on": "2016-05-01", "industry": "other"}
    assert client.post(reverse("registry_add", args=["411403", "enterprises"]), data).status_code == 302
    assert Enterprise.objects.get(credit_code=code).county.code == "411403"
