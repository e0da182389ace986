"""Each step of the quarterly workflow tells the people concerned, in the inbox and by email."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import profile_of
from counties import services, signals
from counties.models import County, ReportStatus
from notifications.models import EmailStatus, Notification, Preference
from tests import builders

pytestmark = pytest.mark.django_db

# No reporting enterprises: more than the county has filed would break a high-importance rule (tests/quality/).
FIGURES = {"transaction_usd": Decimal("2500000"), "employees": 120, "reporting_enterprises": 0, "remark": ""}


@pytest.fixture(autouse=True)
def emails(liangyuan_officer, city_admin, leader):
    for user in (liangyuan_officer, city_admin, leader):
        user.email = f"{user.username}@example.gov.cn"
        user.save()


def submitted(officer, year=2016, quarter=1):
    county = builders.county("411402")
    draft = services.report_save_draft(
        county=county, year=year, quarter=quarter, user=officer, version=None, figures=FIGURES
    )
    return services.report_submit(report_id=draft.pk, user=officer, version=draft.version)


def notices_of(user):
    return list(Notification.objects.filter(recipient=user).order_by("pk"))


def test_a_return_reaches_the_officers_inbox_and_email_with_the_comment(
    liangyuan_officer, city_admin, django_capture_on_commit_callbacks
):
    report = submitted(liangyuan_officer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(
            report_id=report.pk, user=city_admin, version=report.version, comment="交易额与海关统计不符。"
        )
    [notice] = notices_of(liangyuan_officer)
    assert notice.subject == "梁园区2016年第1季度数据被退回"
    assert "审核意见：交易额与海关统计不符。" in notice.body
    assert notice.url == reverse("report_detail", args=[report.pk])
    [email] = mail.outbox
    assert email.to == ["liangyuan@example.gov.cn"]
    assert "审核意见：交易额与海关统计不符。" in email.body
    notice.refresh_from_db()
    assert notice.email_status == EmailStatus.SENT


def test_the_email_goes_in_the_recipients_language(liangyuan_officer, city_admin, django_capture_on_commit_callbacks):
    account = profile_of(liangyuan_officer)
    account.language = "en"
    account.save()
    report = submitted(liangyuan_officer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(report_id=report.pk, user=city_admin, version=report.version, comment="请核实。")
    [email] = mail.outbox
    assert email.subject.startswith("[Shangqiu CBEC portal] Liangyuan District")
    assert "Review comment: 请核实。" in email.body
    assert "Notification settings" in email.body or "notification settings" in email.body


def test_an_officer_who_turned_email_off_for_returns_gets_only_the_inbox(
    liangyuan_officer, city_admin, django_capture_on_commit_callbacks
):
    Preference.objects.create(user=liangyuan_officer, kind="report_returned", inbox=True, email=False)
    report = submitted(liangyuan_officer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(report_id=report.pk, user=city_admin, version=report.version, comment="请核实。")
    assert mail.outbox == []
    assert [n.email_status for n in notices_of(liangyuan_officer)] == [EmailStatus.NONE]


def test_a_user_without_an_email_address_still_gets_the_inbox_notice(liangyuan_officer, city_admin):
    liangyuan_officer.email = ""
    liangyuan_officer.save()
    report = submitted(liangyuan_officer)
    services.report_return(report_id=report.pk, user=city_admin, version=report.version, comment="请核实。")
    assert [n.email_status for n in notices_of(liangyuan_officer)] == [EmailStatus.NONE]


def test_a_submission_tells_the_city_admins_whether_it_was_on_time(liangyuan_officer, city_admin):
    submitted(liangyuan_officer, 2016, 1)  # today is long after 2016-04-15
    [notice] = notices_of(city_admin)
    assert notice.subject == "梁园区提交了2016年第1季度数据"
    assert "首次提交比截止日期晚" in notice.body


def test_approval_and_reopening_reach_the_officer(liangyuan_officer, city_admin):
    report = submitted(liangyuan_officer)
    report = services.report_approve(report_id=report.pk, user=city_admin, version=report.version)
    services.report_reopen(report_id=report.pk, user=city_admin, version=report.version, reason="海关数据更正。")
    subjects = [n.subject for n in notices_of(liangyuan_officer)]
    assert subjects == ["梁园区2016年第1季度数据已审核通过", "梁园区2016年第1季度数据被重新打开"]
    assert "原因：海关数据更正。" in notices_of(liangyuan_officer)[1].body


def test_a_leader_is_told_when_the_last_units_quarter_is_approved(
    liangyuan_officer, city_admin, leader, django_capture_on_commit_callbacks
):
    received = []
    signals.quarter_completed.connect(lambda sender, signal, **kw: received.append(kw), weak=False, dispatch_uid="t")
    try:
        for county in County.objects.units().exclude(code="411402"):
            builders.report(county.code, 2016, 1, status=ReportStatus.APPROVED)
        report = submitted(liangyuan_officer)
        assert notices_of(leader) == []
        with django_capture_on_commit_callbacks(execute=True):
            services.report_approve(report_id=report.pk, user=city_admin, version=report.version)
    finally:
        signals.quarter_completed.disconnect(dispatch_uid="t")
    assert received == [{"year": 2016, "quarter": 1}]
    [notice] = [n for n in notices_of(leader) if n.kind == "quarter_complete"]  # the bulletin's notice follows it
    assert notice.subject == "2016年第1季度各县区数据已全部审核"
    assert notice.url == "/overview/?year=2016&quarter=1"


def test_no_completion_while_a_unit_is_still_missing(
    liangyuan_officer, city_admin, leader, django_capture_on_commit_callbacks
):
    report = submitted(liangyuan_officer)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.report_approve(report_id=report.pk, user=city_admin, version=report.version)
    assert notices_of(leader) == []
    # the officer's approval email, no completion signal (the inbox counts' refresh aside)
    assert len([c for c in callbacks if not c.__qualname__.startswith("unread_forget")]) == 1


def test_a_resubmission_moves_the_old_comment_to_the_history(liangyuan_officer, city_admin):
    report = submitted(liangyuan_officer)
    report = services.report_return(report_id=report.pk, user=city_admin, version=report.version, comment="请核实。")
    report = services.report_resubmit(report_id=report.pk, user=liangyuan_officer, version=report.version)
    assert report.review_comment == ""
    assert report.history.filter(review_comment="请核实。").exists()
