"""The import pages: upload, preview by row and column, confirm; templates and exports by permission."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from counties.models import QuarterlyReport, ReportStatus
from enterprises.models import Enterprise
from spreadsheets.models import Upload, UploadState
from tests import builders
from tests.builders import credit_code
from tests.spreadsheets.conftest import FILES, csv_bytes, xlsx, xlsx_cells

HEADERS = ["企业名称", "统一社会信用代码", "县区", "备案认定日期"]
IMPORT = reverse("spreadsheets:import", args=["enterprises"])


def _upload(client, data, name="a.xlsx", key="enterprises"):
    response = client.post(reverse("spreadsheets:import", args=[key]), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content.decode()[:500]
    return client.get(response.url)


def _confirm(client, response, **data):
    return client.post(reverse("spreadsheets:upload_confirm", args=[response.context["upload"].pk]), data)


def test_city_admin_previews_then_confirms_an_import(client, city_admin):
    client.force_login(city_admin)
    response = _upload(client, xlsx(HEADERS, [["甲", credit_code(1), "梁园", "2016-01-02"]]))
    assert response.context["result"].counts["new"] == 1
    assert Enterprise.objects.count() == 0
    assert _confirm(client, response).status_code == 302
    assert list(Enterprise.objects.values_list("name", flat=True)) == ["甲"]
    assert Upload.objects.get().state == UploadState.IMPORTED


def test_preview_lists_each_problem_with_row_and_column_and_offers_no_confirm(client, city_admin):
    client.force_login(city_admin)
    response = _upload(client, (FILES / "unknown_county.csv").read_bytes(), "unknown_county.csv")
    html = response.content.decode()
    assert reverse("spreadsheets:upload_confirm", args=[response.context["upload"].pk]) not in html
    assert '<td class="num">3</td><td>C</td><td>县区</td>' in html
    assert "未知的县区“梁园县”" in html


def test_a_preview_cannot_be_imported_twice(client, city_admin):
    client.force_login(city_admin)
    response = _upload(client, xlsx(HEADERS, [["甲", credit_code(1), "梁园", "2016-01-02"]]))
    _confirm(client, response)
    Enterprise.objects.all().delete()
    _confirm(client, response)
    assert Enterprise.objects.count() == 0


def test_another_users_upload_is_not_found_and_not_imported(client, city_admin, django_user_model):
    client.force_login(city_admin)
    response = _upload(client, xlsx(HEADERS, [["甲", credit_code(1), "梁园", "2016-01-02"]]))
    other = django_user_model.objects.create_superuser("other", password="x")
    client.force_login(other)
    assert client.get(response.context["upload"].get_absolute_url()).status_code == 404
    assert _confirm(client, response).status_code == 404
    assert Enterprise.objects.count() == 0


def test_liangyuan_officer_preview_names_the_suiyang_row(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    data = csv_bytes(
        HEADERS, [["甲", credit_code(1), "梁园", "2016-01-02"], ["乙", credit_code(2), "睢阳", "2016-01-02"]]
    )
    result = _upload(client, data, "a.csv").context["result"]
    assert [(p.line, p.column_letter) for p in result.problems] == [(3, "C")]


def test_a_second_upload_while_one_is_running_is_refused_politely(client, liangyuan_officer):
    running = Upload.objects.create(owner=liangyuan_officer, sheet_key="enterprises", file_name="大文件.xlsx", size=1)
    client.force_login(liangyuan_officer)
    data = xlsx(HEADERS, [["甲", credit_code(1), "梁园", "2016-01-02"]])
    response = client.post(IMPORT, {"file": SimpleUploadedFile("a.xlsx", data)})
    assert response.status_code == 200
    assert "您已有一个文件正在检查或导入" in response.content.decode()
    assert response.context["busy_upload"] == running
    assert list(Upload.objects.all()) == [running]


def test_a_running_upload_whose_worker_died_frees_the_slot(client, liangyuan_officer, settings):
    settings.IMPORT_STALE_SECONDS = 0
    Upload.objects.create(owner=liangyuan_officer, sheet_key="enterprises", file_name="死掉的.xlsx", size=1)
    client.force_login(liangyuan_officer)
    response = _upload(client, xlsx(HEADERS, [["甲", credit_code(1), "梁园", "2016-01-02"]]))
    assert response.context["result"].counts["new"] == 1
    assert Upload.objects.get(file_name="死掉的.xlsx").state == UploadState.FAILED


def test_warnings_are_imported_only_once_ticked(client, city_admin):
    builders.report("411402", 2017, 1, transaction_usd=Decimal(100_000))
    headers = ["县区", "年度", "季度", "跨境电商交易额（美元）", "从业人员（人）", "按时准确填报企业数（家）"]
    client.force_login(city_admin)
    response = _upload(
        client, csv_bytes(headers, [["梁园区", 2017, 2, 1_250_000_000, 10, 1]]), "q.csv", "quarterly_reports"
    )
    page = response.content.decode()
    assert "交易额环比增长不超过900%（不到上季度的10倍）" in page  # the rule asks (confirm on import)
    assert "(交易额 - 上季度交易额) / 上季度交易额 * 100 = 1,249,900" in page
    _confirm(client, response)
    assert not QuarterlyReport.objects.filter(quarter=2).exists()
    _confirm(client, response, confirm_warnings="1")
    assert QuarterlyReport.objects.get(quarter=2).transaction_usd == Decimal(1_250_000_000)


def test_preview_shows_old_and_new_values_and_flags_a_blank_that_clears_a_value(client, city_admin):
    builders.report(
        "411402", 2017, 1, status=ReportStatus.APPROVED, remark="旧备注", employees=10, reporting_enterprises=1
    )
    headers = [
        "县区",
        "年度",
        "季度",
        "跨境电商交易额（美元）",
        "从业人员（人）",
        "按时准确填报企业数（家）",
        "备注",
        "状态",
    ]
    client.force_login(city_admin)
    response = _upload(
        client, csv_bytes(headers, [["梁园区", 2017, 1, 1000000, 12, 1, "", "草稿"]]), "q.csv", "quarterly_reports"
    )
    row = response.context["result"].rows[0]
    assert [(c.header, c.old, c.new, c.cleared) for c in row.changes] == [
        ("从业人员（人）", "10", "12", False),
        ("备注", "旧备注", "", True),
        ("状态", "已审核", "草稿", False),
    ]
    assert any("已审核，导入后将变为“草稿”" in flag for flag in row.flags)
    assert "空白将清空原值" in response.content.decode()


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


def test_the_upload_box_accepts_every_format_that_is_read(client, city_admin):
    client.force_login(city_admin)
    html = client.get(IMPORT).content.decode()
    assert 'accept=".xlsx,.xls,.et,.ods,.csv,.txt,.tsv"' in html


def test_index_lists_only_tables_the_user_may_use(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    keys = [item["sheet"].key for item in client.get(reverse("spreadsheets:index")).context["sheets"]]
    assert "enterprises" in keys and "targets" not in keys


def test_an_upload_given_up_as_stale_says_nothing_was_imported(client, liangyuan_officer):
    upload = Upload.objects.create(
        owner=liangyuan_officer, sheet_key="enterprises", file_name="a.csv", size=1, state=UploadState.FAILED
    )
    client.force_login(liangyuan_officer)
    assert "处理中断" in client.get(upload.get_absolute_url()).content.decode()
