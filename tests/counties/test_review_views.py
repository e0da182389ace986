"""The city's review queue and the approve / return / reopen buttons."""

from django.urls import reverse

from counties.models import ReportStatus
from tests import builders


def test_review_queue_lists_submitted_reports_only(client, city_admin):
    waiting = builders.report(status=ReportStatus.SUBMITTED)
    builders.report(quarter=2, status=ReportStatus.DRAFT)
    builders.report(quarter=3, status=ReportStatus.APPROVED)
    client.force_login(city_admin)
    assert list(client.get(reverse("review_queue")).context["reports"]) == [waiting]


def test_review_queue_is_for_city_admins(client, liangyuan_officer, leader):
    for user in (liangyuan_officer, leader):
        client.force_login(user)
        assert client.get(reverse("review_queue")).status_code == 403


def test_approving_from_the_queue_returns_to_the_queue(client, city_admin):
    report = builders.report(status=ReportStatus.SUBMITTED)
    client.force_login(city_admin)
    response = client.post(reverse("report_approve", args=[report.pk]), {"version": 1, "next": "review"})
    assert response.url == reverse("review_queue")
    report.refresh_from_db()
    assert (report.status, report.reviewed_by) == (ReportStatus.APPROVED, city_admin)


def test_returning_without_a_comment_shows_why_and_changes_nothing(client, city_admin):
    report = builders.report(status=ReportStatus.SUBMITTED)
    client.force_login(city_admin)
    response = client.post(reverse("report_return", args=[report.pk]), {"version": 1, "comment": ""}, follow=True)
    assert "退回时必须填写审核意见。" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_a_second_admin_with_a_stale_page_is_told_and_nothing_is_overwritten(client, city_admin):
    report = builders.report(status=ReportStatus.SUBMITTED)
    client.force_login(city_admin)
    client.post(reverse("report_approve", args=[report.pk]), {"version": 1})
    response = client.post(reverse("report_return", args=[report.pk]), {"version": 1, "comment": "x"}, follow=True)
    assert "已被他人修改" in response.content.decode()
    report.refresh_from_db()
    assert (report.status, report.review_comment) == (ReportStatus.APPROVED, "")


def test_county_staff_cannot_approve_their_own_report(client, liangyuan_officer):
    report = builders.report(status=ReportStatus.SUBMITTED)
    client.force_login(liangyuan_officer)
    assert client.post(reverse("report_approve", args=[report.pk]), {"version": 1}).status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_reopen_through_the_page_records_the_reason(client, city_admin):
    report = builders.report(status=ReportStatus.APPROVED)
    client.force_login(city_admin)
    client.post(reverse("report_reopen", args=[report.pk]), {"version": 1, "reason": "海关数据更正"})
    report.refresh_from_db()
    assert (report.status, report.reopen_reason) == (ReportStatus.RETURNED, "海关数据更正")


def test_workflow_actions_refuse_get(client, city_admin):
    report = builders.report(status=ReportStatus.SUBMITTED)
    client.force_login(city_admin)
    # approving has a confirmation page (GET shows it, changes nothing); the other actions are POST only
    assert client.get(reverse("report_approve", args=[report.pk])).status_code == 200
    assert client.get(reverse("report_return", args=[report.pk])).status_code == 405
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_detail_page_offers_review_buttons_to_the_city_only(client, city_admin, liangyuan_officer):
    report = builders.report(status=ReportStatus.SUBMITTED)
    approve = reverse("report_approve", args=[report.pk])
    client.force_login(city_admin)
    assert approve in client.get(reverse("report_detail", args=[report.pk])).content.decode()
    client.force_login(liangyuan_officer)
    assert approve not in client.get(reverse("report_detail", args=[report.pk])).content.decode()


def test_officer_submits_a_draft_from_its_page(client, liangyuan_officer):
    report = builders.report(status=ReportStatus.DRAFT)
    client.force_login(liangyuan_officer)
    client.post(reverse("report_submit", args=[report.pk]), {"version": 1})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.first_submitted_at


def test_officer_resubmits_a_returned_report_from_its_page(client, liangyuan_officer):
    report = builders.report(status=ReportStatus.RETURNED, review_comment="请补充备注")
    client.force_login(liangyuan_officer)
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "请补充备注" in page and "重新提交" in page
    client.post(reverse("report_submit", args=[report.pk]), {"version": 1})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_a_submit_without_a_version_is_refused_as_stale(client, liangyuan_officer):
    report = builders.report(status=ReportStatus.DRAFT)
    client.force_login(liangyuan_officer)
    response = client.post(reverse("report_submit", args=[report.pk]), {}, follow=True)
    assert "已被他人修改" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
