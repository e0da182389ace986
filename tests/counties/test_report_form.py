"""The quarterly figures form: clear Chinese messages for negatives and future quarters; the page saves
drafts, submits, and refuses a stale version without overwriting. (Falling employees and ten-fold jumps
are validation rules now: tests/quality/.)"""

import datetime

import pytest
from django.urls import reverse

from counties.forms import QuarterlyReportForm
from counties.models import QuarterlyReport, ReportStatus
from tests import builders

TODAY = datetime.date(2017, 5, 10)
pytestmark = pytest.mark.django_db

VALID = {"transaction_usd": "1000000", "employees": "100", "reporting_enterprises": "0", "remark": ""}


def form(data, year=2017, quarter=1, previous=None):
    return QuarterlyReportForm({**VALID, **data}, year=year, quarter=quarter, previous=previous, today=TODAY)


def test_negative_transaction_volume_is_refused():
    f = form({"transaction_usd": "-1"})
    assert f.errors["transaction_usd"] == ["交易额不能为负数。"]


@pytest.mark.parametrize(
    ("field", "message"),
    [("employees", "从业人员人数不能为负数。"), ("reporting_enterprises", "按时准确填报企业数不能为负数。")],
)
def test_negative_counts_are_refused(field, message):
    assert form({field: "-3"}).errors[field] == [message]


def test_a_quarter_that_has_not_begun_is_refused():
    f = form({}, year=2017, quarter=3)
    assert f.non_field_errors() == ["2017年第3季度尚未结束，2017-10-01起才能填报。"]


def test_the_running_quarter_is_refused_until_it_has_ended():
    f = form({}, year=2017, quarter=2)
    assert f.non_field_errors() == ["2017年第2季度尚未结束，2017-07-01起才能填报。"]


def test_the_quarter_just_ended_may_be_entered():
    assert form({}, year=2017, quarter=1).is_valid()


def _url(county, year=2016, quarter=1):
    return reverse("report_form", args=[county.code, year, quarter])


def test_officer_saves_a_draft_through_the_page(client, liangyuan_officer, liangyuan):
    client.force_login(liangyuan_officer)
    response = client.post(_url(liangyuan), {**VALID, "version": "", "save": "1"})
    report = QuarterlyReport.objects.get(county=liangyuan, year=2016, quarter=1)
    assert response.status_code == 302 and response.url == reverse("report_detail", args=[report.pk])
    assert (report.status, report.employees, report.entered_by) == (ReportStatus.DRAFT, 100, liangyuan_officer)


def test_officer_submits_through_the_page(client, liangyuan_officer, liangyuan):
    client.force_login(liangyuan_officer)
    client.post(_url(liangyuan), {**VALID, "version": "", "submit": "1"})
    assert QuarterlyReport.objects.get(county=liangyuan).status == ReportStatus.SUBMITTED


def test_a_returned_report_is_resubmitted_from_the_form(client, liangyuan_officer, liangyuan):
    report = builders.report(status=ReportStatus.RETURNED, review_comment="人数有误", first_submitted_at=None)
    client.force_login(liangyuan_officer)
    page = client.get(_url(liangyuan))
    assert "人数有误" in page.content.decode()
    client.post(_url(liangyuan), {**VALID, "version": report.version, "submit": "1"})
    report.refresh_from_db()
    assert (report.status, report.employees) == (ReportStatus.SUBMITTED, 100)


def test_a_stale_form_is_refused_with_a_message_and_nothing_is_overwritten(client, liangyuan_officer, liangyuan):
    report = builders.report(status=ReportStatus.DRAFT, employees=10)
    client.force_login(liangyuan_officer)
    client.post(_url(liangyuan), {**VALID, "employees": "11", "version": report.version})
    response = client.post(_url(liangyuan), {**VALID, "employees": "12", "version": report.version})
    assert response.status_code == 200
    assert "已被他人修改" in response.content.decode()
    report.refresh_from_db()
    assert report.employees == 11


def test_an_approved_report_cannot_be_edited_through_the_form(client, liangyuan_officer, liangyuan):
    report = builders.report(status=ReportStatus.APPROVED, employees=10)
    client.force_login(liangyuan_officer)
    response = client.post(_url(liangyuan), {**VALID, "employees": "99", "version": report.version})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.employees == 10


def test_quarter_outside_1_to_4_is_not_found(client, liangyuan_officer, liangyuan):
    client.force_login(liangyuan_officer)
    assert client.get(_url(liangyuan, quarter=5)).status_code == 404


def test_the_form_shows_the_errors_in_chinese(client, liangyuan_officer, liangyuan):
    client.force_login(liangyuan_officer)
    response = client.post(_url(liangyuan), {**VALID, "transaction_usd": "-5", "version": ""})
    assert "交易额不能为负数。" in response.content.decode()
    assert not QuarterlyReport.objects.exists()
