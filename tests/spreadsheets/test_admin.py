"""The admin: django-import-export's export writes Chinese headers and neutralised cells; import goes to the preview."""

from django.urls import reverse

from tests import builders
from tests.spreadsheets.conftest import xlsx_cells, xlsx_sheet


def test_admin_export_neutralises_every_formula_prefix(admin_client):
    for name in ("=1+1", "+1", "-1", "@SUM(A1)"):
        builders.enterprise("411402", name=name)
    url = reverse("admin:enterprises_enterprise_export")
    fields = {f"enterpriseresource_{name}": "on" for name in ("name", "county", "city_demo_year")}
    response = admin_client.post(url, {"format": "0", "resource": "0", **fields})
    assert response.status_code == 200, response.content[:500]
    rows = xlsx_cells(response.content)
    assert rows[0] == ["企业名称", "县区", "市级示范企业认定年度"]
    assert sorted(r[0] for r in rows[1:]) == ["+1", "-1", "=1+1", "@SUM(A1)"]  # text cells, quote-prefixed
    assert all(cell.quotePrefix for cell in xlsx_sheet(response.content)["A"][1:])
    assert {r[1] for r in rows[1:]} == {"梁园区"}


def test_admin_csv_export_has_a_byte_order_mark_and_chinese_headers(admin_client):
    builders.enterprise("411402", name="@evil")
    fields = {f"enterpriseresource_{name}": "on" for name in ("name", "county")}
    response = admin_client.post(
        reverse("admin:enterprises_enterprise_export"), {"format": "1", "resource": "0", **fields}
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response.content.decode("utf-8-sig").splitlines() == ["企业名称,县区", "'@evil,梁园区"]


def test_admin_import_button_opens_the_preview_page(admin_client):
    response = admin_client.get(reverse("admin:counties_quarterlyreport_import"))
    assert response.status_code == 302
    assert response["Location"] == reverse("spreadsheets:import", args=["quarterly_reports"])
