"""The rules on the report form and in the workflow: saving warns, submitting needs an explanation of each
high-importance violation (stored with the report), and no other path submits without one."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from counties import services
from counties.models import QuarterlyReport, ReportStatus
from enterprises.models import EnterpriseReport
from quality.models import Explanation
from tests import builders

pytestmark = pytest.mark.django_db
FORM = reverse("report_form", args=["411402", 2016, 2])
FIGURES = {"transaction_usd": "1000000", "employees": "100", "reporting_enterprises": "3", "remark": "", "version": ""}


def post(client, **extra):
    return client.post(FORM, {**FIGURES, **extra})


def report() -> QuarterlyReport:
    return QuarterlyReport.objects.get(county__code="411402", year=2016, quarter=2)


def test_saving_figures_that_break_a_rule_keeps_the_draft_and_shows_the_warning(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    response = post(client, save="1")
    assert response.status_code == 302 and response.url == FORM
    assert report().status == ReportStatus.DRAFT
    page = client.get(FORM).content.decode()
    assert "按时准确填报企业数不超过季度末备案企业数" in page
    assert "填报企业数 = 3；备案企业数 = 0" in page
    assert 'name="explain-reporting_le_filed"' in page and "说明（提交前必填）" in page
    assert 'class="flag-rule"' in page  # the figure's input is coloured


def test_submitting_with_an_unexplained_high_violation_is_refused_and_the_draft_is_kept(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    response = post(client, submit="1")
    assert response.url == FORM
    assert report().status == ReportStatus.DRAFT
    page = client.get(FORM).content.decode()
    assert "草稿已保存，但未提交。" in page and "“按时准确填报企业数不超过季度末备案企业数”" in page


def test_an_officer_meets_a_high_violation_explains_it_and_submits(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    post(client, save="1")
    saved = report()
    text = "三家企业已在省商务厅备案，市级备案手续正在办理。"
    response = post(client, submit="1", version=saved.version, **{"explain-reporting_le_filed": text})
    saved.refresh_from_db()
    assert saved.status == ReportStatus.SUBMITTED
    assert response.url == reverse("report_detail", args=[saved.pk])
    explanation = Explanation.objects.get(report=saved)
    assert (explanation.rule.code, explanation.text, explanation.written_by) == (
        "reporting_le_filed",
        text,
        liangyuan_officer,
    )
    assert text in client.get(response.url).content.decode()


def test_a_medium_violation_warns_but_does_not_block(client, liangyuan_officer):
    builders.enterprise("411402", filed_on=datetime.date(2016, 1, 5))
    client.force_login(liangyuan_officer)
    post(client, submit="1", employees="0", reporting_enterprises="1")  # fewer employees than enterprises
    assert report().status == ReportStatus.SUBMITTED


def test_the_submit_button_of_the_report_page_is_refused_too(client, liangyuan_officer):
    draft = builders.report("411402", 2016, 2, status=ReportStatus.DRAFT, reporting_enterprises=3)
    client.force_login(liangyuan_officer)
    client.post(reverse("report_submit", args=[draft.pk]), {"version": draft.version})
    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT


def test_the_service_refuses_and_then_accepts_once_explained(liangyuan_officer, liangyuan):
    figures = {"transaction_usd": Decimal(5), "employees": 5, "reporting_enterprises": 2, "remark": ""}
    draft = services.report_save_draft(
        county=liangyuan, year=2016, quarter=2, user=liangyuan_officer, version=None, figures=figures
    )
    with pytest.raises(services.UnexplainedFindings) as refused:
        services.report_submit(report_id=draft.pk, user=liangyuan_officer, version=draft.version)
    assert [f.code for f in refused.value.findings] == ["reporting_le_filed"]
    draft = services.report_save_draft(
        county=liangyuan,
        year=2016,
        quarter=2,
        user=liangyuan_officer,
        version=draft.version,
        figures={},
        explanations={"reporting_le_filed": "两家企业备案在途。"},
    )
    assert (
        services.report_submit(report_id=draft.pk, user=liangyuan_officer, version=draft.version).status == "submitted"
    )


def test_a_returned_report_is_checked_again_when_resubmitted(liangyuan_officer, city_admin):
    returned = builders.report("411402", 2016, 2, status=ReportStatus.RETURNED, reporting_enterprises=1)
    with pytest.raises(services.UnexplainedFindings):
        services.report_resubmit(report_id=returned.pk, user=liangyuan_officer, version=returned.version)


def test_an_explanation_longer_than_1000_characters_is_refused_and_nothing_is_saved(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    post(client, save="1")
    saved = report()
    response = post(
        client, save="1", version=saved.version, employees="7", **{"explain-reporting_le_filed": "长" * 1001}
    )
    assert response.status_code == 200
    assert "不能超过1000个字" in response.content.decode()
    saved.refresh_from_db()
    assert saved.employees == 100 and not Explanation.objects.exists()


def test_emptying_an_explanation_removes_it(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    post(client, save="1", **{"explain-reporting_le_filed": "在途"})
    assert Explanation.objects.count() == 1
    post(client, save="1", version=report().version, **{"explain-reporting_le_filed": "  "})
    assert not Explanation.objects.exists()


def test_explanations_naming_no_rule_are_ignored(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    post(client, save="1", **{"explain-no_such_rule": "x", "explain-bound_employees": "y"})
    assert not Explanation.objects.exists()


def test_an_officer_cannot_explain_another_countys_report(suiyang_officer):
    from quality.services import explanations_save

    other = builders.report("411402", 2016, 2, status=ReportStatus.DRAFT, reporting_enterprises=3)
    with pytest.raises(PermissionDenied):
        explanations_save(report=other, explanations={"reporting_le_filed": "x"}, user=suiyang_officer)


def test_a_new_quarter_starts_from_the_enterprises_ticked_on_time_and_accurate(client, liangyuan_officer):
    firms = [builders.enterprise("411402", filed_on=datetime.date(2016, 1, 5)) for _ in range(4)]
    for firm, ok in zip(firms, (True, True, True, False), strict=True):
        EnterpriseReport.objects.create(enterprise=firm, year=2016, quarter=2, on_time=ok, accurate=True)
    client.force_login(liangyuan_officer)
    page = client.get(FORM).content.decode()
    assert 'name="reporting_enterprises" value="3"' in page
    assert "季度末备案认定企业 4 家" in page and "其中按时且准确 3 家" in page


def test_saving_without_findings_goes_to_the_report_page(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    response = post(client, save="1", reporting_enterprises="0")
    assert response.url == reverse("report_detail", args=[report().pk])


def test_too_long_explanations_raise_a_validation_error_in_the_service(liangyuan_officer):
    from quality.services import explanations_save

    draft = builders.report("411402", 2016, 2, status=ReportStatus.DRAFT, reporting_enterprises=3)
    with pytest.raises(ValidationError):
        explanations_save(report=draft, explanations={"reporting_le_filed": "x" * 1001}, user=liangyuan_officer)
