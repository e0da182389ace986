"""Finding 5: free text is bounded and names carry no control characters or direction overrides.

Remarks, review comments and reopen reasons are at most 500 characters (a 1 MB remark was once stored,
with a 1 MB history copy per save); names of enterprises, parks, warehouses and bases refuse control
characters and the invisible characters that reorder or hide text (U+202E, zero-width spaces). Every
refusal says what and where, in the form, the review buttons and the spreadsheet import alike.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from counties import services
from counties.models import QuarterlyReport, ReportStatus
from enterprises.forms import EnterpriseForm, ParkForm, TrainingBaseForm
from enterprises.models import Enterprise, Park, TrainingBase
from shangqiu_cbec.plaintext import NOTE_MAX_LENGTH
from tests import builders
from tests.spreadsheets.conftest import run, xlsx

pytestmark = pytest.mark.django_db

TOO_LONG = "很" * (NOTE_MAX_LENGTH + 1)
FIGURES = {"transaction_usd": "1000000", "employees": "10", "reporting_enterprises": "1"}


def test_the_limit_is_five_hundred_characters():
    assert NOTE_MAX_LENGTH == 500


# --- Remarks, comments, reasons ----------------------------------------------------------------------


def test_a_remark_over_the_limit_is_refused_on_the_form_with_its_length(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    url = reverse("report_form", args=["411402", 2016, 1])
    response = client.post(url, {**FIGURES, "remark": TOO_LONG})
    assert response.status_code == 200
    assert response.context["form"].errors["remark"] == ["备注最多500个字，现有501个字。"]
    assert not QuarterlyReport.objects.exists()


def test_a_remark_of_exactly_the_limit_with_line_breaks_is_kept(client, liangyuan_officer):
    """A browser sends a line break as CR LF but counts it (maxlength) as one character; so does the portal."""
    client.force_login(liangyuan_officer)
    typed = "第一行\n" + "字" * (NOTE_MAX_LENGTH - 4)
    assert len(typed) == NOTE_MAX_LENGTH
    client.post(reverse("report_form", args=["411402", 2016, 1]), {**FIGURES, "remark": typed.replace("\n", "\r\n")})
    assert QuarterlyReport.objects.get().remark == typed


def test_the_service_refuses_an_overlong_remark_and_keeps_no_history(liangyuan_officer, liangyuan):
    figures = {"transaction_usd": 1, "employees": 1, "reporting_enterprises": 0, "remark": "长" * 1_000_000}
    with pytest.raises(ValidationError):
        services.report_save_draft(
            county=liangyuan, year=2016, quarter=1, user=liangyuan_officer, version=None, figures=figures
        )
    assert not QuarterlyReport.history.exists()


def test_a_return_comment_over_the_limit_is_refused_and_changes_nothing(client, city_admin):
    report = builders.report(status=ReportStatus.SUBMITTED)
    client.force_login(city_admin)
    response = client.post(reverse("report_return", args=[report.pk]), {"version": 1, "comment": TOO_LONG}, follow=True)
    assert "审核意见最多500个字，现有501个字。" in response.content.decode()
    report.refresh_from_db()
    assert (report.status, report.review_comment, report.version) == (ReportStatus.SUBMITTED, "", 1)


def test_a_reopen_reason_over_the_limit_is_refused_and_changes_nothing(client, city_admin):
    report = builders.report(status=ReportStatus.APPROVED)
    client.force_login(city_admin)
    response = client.post(reverse("report_reopen", args=[report.pk]), {"version": 1, "reason": TOO_LONG}, follow=True)
    assert "重新打开原因最多500个字，现有501个字。" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED


def test_a_comment_that_reverses_text_is_refused(city_admin):
    report = builders.report(status=ReportStatus.SUBMITTED)
    with pytest.raises(services.WorkflowError, match="U\\+202E"):
        services.report_return(report_id=report.pk, user=city_admin, version=1, comment="数据\u202e有误")


# --- Names --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "character"),
    [
        ("商丘\u202e司公限有", "U+202E"),
        ("商丘\u200b跨境公司", "U+200B"),
        ("商丘\x07跨境公司", "U+0007"),
        ("商丘\n跨境公司", "U+000A"),
    ],
)
def test_an_enterprise_name_with_a_control_or_invisible_character_is_refused_naming_it(liangyuan, name, character):
    data = {"name": name, "credit_code": builders.credit_code(), "filed_on": "2016-05-01", "industry": "food"}
    form = EnterpriseForm(data, instance=Enterprise(county=liangyuan))
    assert not form.is_valid()
    assert form.errors["name"] == [f"名称中不能含有控制字符或不可见的排版字符（第3个字符为 {character}）。"]


def test_park_and_base_names_and_the_base_operator_are_checked_too(liangyuan):
    park = ParkForm({"name": "园区\u202e", "established_on": "2016-01-01"}, instance=Park(county=liangyuan))
    assert "name" in park.errors
    base = TrainingBaseForm(
        {"name": "基地", "operator": "单位\u2066", "established_on": "2016-01-01"},
        instance=TrainingBase(county=liangyuan),
    )
    assert "operator" in base.errors


def test_an_ordinary_name_with_full_width_brackets_and_latin_letters_is_fine(liangyuan):
    data = {"name": "商丘（ABC）跨境 e 商务有限公司", "credit_code": builders.credit_code(), "filed_on": "2016-05-01"}
    assert EnterpriseForm({**data, "industry": "food"}, instance=Enterprise(county=liangyuan)).is_valid()


# --- The same rules in the spreadsheet import ---------------------------------------------------------


def test_an_imported_name_with_a_direction_override_is_refused_by_row_and_column():
    headers = ["企业名称", "统一社会信用代码", "县区", "备案认定日期"]
    result = run(
        "enterprises", "a.xlsx", xlsx(headers, [["甲\u202e企业", builders.credit_code(), "梁园", "2016-01-02"]])
    )
    assert not result.applied
    problem = result.problems[0]
    assert (problem.line, problem.column) == (2, 1)
    assert "U+202E" in str(problem)
    assert not Enterprise.objects.exists()


def test_an_imported_remark_over_the_limit_is_refused():
    headers = ["县区", "年度", "季度", "跨境电商交易额（美元）", "从业人员（人）", "按时准确填报企业数（家）", "备注"]
    result = run("quarterly_reports", "q.xlsx", xlsx(headers, [["梁园", 2016, 1, 100, 1, 0, TOO_LONG]]))
    assert not result.applied
    assert "最多500个字" in str(result.problems[0])
