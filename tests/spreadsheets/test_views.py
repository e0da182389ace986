"""The import page: upload, preview by row and column, confirm; templates and exports by permission."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enterprises.models import Enterprise
from tests import builders
from tests.builders import credit_code
from tests.spreadsheets.conftest import FILES, csv_bytes, xlsx, xlsx_cells

HEADERS = ["企业名称", "统一社会信用代码", "县区", "备案认定日期"]
IMPORT = reverse("spreadsheets:import", args=["enterprises"])
CONFIRM = reverse("spreadsheets:import_confirm", args=["enterprises"])


def _upload(client, data, name="a.xlsx"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data)})


def test_city_admin_previews_then_confirms_an_import(client, city_admin):
    client.force_login(city_admin)
    response = _upload(client, xlsx(HEADERS, [["甲", credit_code(1), "梁园", "2016-01-02"]]))
    assert response.context["result"].counts["new"] == 1
    assert Enterprise.objects.count() == 0
    response = client.post(CONFIRM, {"token": response.context["token"]})
    assert response.status_code == 302
    assert list(Enterprise.objects.values_list("name", flat=True)) == ["甲"]


def test_preview_lists_each_problem_with_row_and_column_and_offers_no_confirm(client, city_admin):
    client.force_login(city_admin)
    response = _upload(client, (FILES / "unknown_county.csv").read_bytes(), "unknown_county.csv")
    html = response.content.decode()
    assert "token" not in response.context
    assert '<td class="num">3</td><td>C</td><td>县区</td>' in html
    assert "未知的县区“梁园县”" in html


def test_a_token_cannot_be_used_twice(client, city_admin):
    client.force_login(city_admin)
    token = _upload(client, xlsx(HEADERS, [["甲", credit_code(1), "梁园", "2016-01-02"]])).context["token"]
    client.post(CONFIRM, {"token": token})
    Enterprise.objects.all().delete()
    client.post(CONFIRM, {"token": token})
    assert Enterprise.objects.count() == 0


def test_another_users_token_is_not_honoured(client, city_admin, django_user_model):
    client.force_login(city_admin)
    token = _upload(client, xlsx(HEADERS, [["甲", credit_code(1), "梁园", "2016-01-02"]])).context["token"]
    other = django_user_model.objects.create_superuser("other", password="x")
    client.force_login(other)
    client.post(CONFIRM, {"token": token})
    assert Enterprise.objects.count() == 0


def test_liangyuan_officer_preview_names_the_suiyang_row(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    data = csv_bytes(
        HEADERS, [["甲", credit_code(1), "梁园", "2016-01-02"], ["乙", credit_code(2), "睢阳", "2016-01-02"]]
    )
    result = _upload(client, data, "a.csv").context["result"]
    assert [(p.line, p.column_letter) for p in result.problems] == [(3, "C")]


def test_leader_may_export_but_not_import(client, leader):
    client.force_login(leader)
    assert client.get(IMPORT).status_code == 403
    assert client.get(reverse("spreadsheets:export", args=["enterprises", "xlsx"])).status_code == 200


def test_county_officer_exports_only_their_county(client, liangyuan_officer):
    builders.enterprise("411402", name="梁园的企业")
    builders.enterprise("411403", name="睢阳的企业")
    client.force_login(liangyuan_officer)
    response = client.get(reverse("spreadsheets:export", args=["enterprises", "xlsx"]))
    names = [row[0] for row in xlsx_cells(response.content)[1:]]
    assert names == ["梁园的企业"]


def test_template_download_has_headers_notes_and_example(client, city_admin):
    client.force_login(city_admin)
    response = client.get(reverse("spreadsheets:template", args=["quarterly_reports", "xlsx"]))
    headers, notes, example = xlsx_cells(response.content)
    assert headers[3] == "跨境电商交易额（美元）"
    assert notes[0].startswith("【说明】必填。")
    assert example[0] == "【示例】梁园区"


def test_index_lists_only_tables_the_user_may_use(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    keys = [item["sheet"].key for item in client.get(reverse("spreadsheets:index")).context["sheets"]]
    assert "enterprises" in keys and "targets" not in keys
