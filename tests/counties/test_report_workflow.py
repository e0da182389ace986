"""The quarterly report workflow: draft -> submitted -> approved (locked), submitted -> returned -> resubmitted,
approved -> reopened by a city admin with a reason. Illegal moves and stale pages change nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from counties import services
from counties.models import QuarterlyReport, ReportStatus
from tests import builders

# No reporting enterprises: more than the county has filed would break a high-importance rule (tests/quality/).
FIGURES = {"transaction_usd": Decimal("2500000"), "employees": 120, "reporting_enterprises": 0, "remark": ""}


def draft(officer, county, year=2016, quarter=1, **figures):
    return services.report_save_draft(
        county=county, year=year, quarter=quarter, user=officer, version=None, figures={**FIGURES, **figures}
    )


def submitted(officer, county, **kw):
    r = draft(officer, county, **kw)
    return services.report_submit(report_id=r.pk, user=officer, version=r.version)


def test_county_officer_saves_a_draft_that_records_who_entered_it(liangyuan_officer, liangyuan):
    report = draft(liangyuan_officer, liangyuan)
    assert report.status == ReportStatus.DRAFT
    assert report.entered_by == liangyuan_officer
    assert report.version == 1


def test_saving_a_draft_again_needs_the_version_it_was_loaded_with(liangyuan_officer, liangyuan):
    report = draft(liangyuan_officer, liangyuan)
    updated = services.report_save_draft(
        county=liangyuan, year=2016, quarter=1, user=liangyuan_officer, version=1, figures={"employees": 130}
    )
    assert (updated.employees, updated.version) == (130, 2)
    with pytest.raises(services.StaleVersion):
        services.report_save_draft(
            county=liangyuan, year=2016, quarter=1, user=liangyuan_officer, version=1, figures={"employees": 1}
        )
    report.refresh_from_db()
    assert report.employees == 130


def test_a_second_new_draft_for_the_same_quarter_is_stale_not_a_duplicate(liangyuan_officer, liangyuan):
    draft(liangyuan_officer, liangyuan)
    with pytest.raises(services.StaleVersion):
        draft(liangyuan_officer, liangyuan, employees=1)
    assert QuarterlyReport.objects.get(county=liangyuan, year=2016, quarter=1).employees == 120


def test_submitting_a_draft_stamps_first_and_latest_submission(liangyuan_officer, liangyuan):
    report = submitted(liangyuan_officer, liangyuan)
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_at == report.first_submitted_at is not None


def test_city_admin_approves_a_submitted_report_and_it_is_locked(liangyuan_officer, city_admin, liangyuan):
    report = submitted(liangyuan_officer, liangyuan)
    approved = services.report_approve(report_id=report.pk, user=city_admin, version=report.version)
    assert approved.status == ReportStatus.APPROVED and approved.is_locked
    assert approved.reviewed_by == city_admin and approved.reviewed_at
    with pytest.raises(services.WorkflowError, match="已审核"):
        services.report_save_draft(
            county=liangyuan, year=2016, quarter=1, user=liangyuan_officer, version=approved.version, figures={}
        )


def test_return_needs_a_comment(liangyuan_officer, city_admin, liangyuan):
    report = submitted(liangyuan_officer, liangyuan)
    with pytest.raises(services.WorkflowError, match="审核意见"):
        services.report_return(report_id=report.pk, user=city_admin, version=report.version, comment="  ")
    assert QuarterlyReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_returned_report_is_corrected_and_resubmitted_keeping_the_first_submission(
    liangyuan_officer, city_admin, liangyuan
):
    report = submitted(liangyuan_officer, liangyuan)
    first = report.first_submitted_at
    returned = services.report_return(report_id=report.pk, user=city_admin, version=report.version, comment="核对人数")
    assert (returned.status, returned.review_comment) == (ReportStatus.RETURNED, "核对人数")
    corrected = services.report_save_draft(
        county=liangyuan,
        year=2016,
        quarter=1,
        user=liangyuan_officer,
        version=returned.version,
        figures={"employees": 99},
    )
    assert corrected.status == ReportStatus.RETURNED
    again = services.report_resubmit(report_id=report.pk, user=liangyuan_officer, version=corrected.version)
    assert again.status == ReportStatus.SUBMITTED
    assert again.first_submitted_at == first and again.submitted_at > first


def test_a_returned_report_is_resubmitted_not_submitted(liangyuan_officer, city_admin, liangyuan):
    report = submitted(liangyuan_officer, liangyuan)
    r = services.report_return(report_id=report.pk, user=city_admin, version=report.version, comment="补充")
    with pytest.raises(services.WorkflowError):
        services.report_submit(report_id=r.pk, user=liangyuan_officer, version=r.version)


def test_city_admin_reopens_an_approved_report_only_with_a_reason(liangyuan_officer, city_admin, liangyuan):
    report = submitted(liangyuan_officer, liangyuan)
    approved = services.report_approve(report_id=report.pk, user=city_admin, version=report.version)
    with pytest.raises(services.WorkflowError, match="原因"):
        services.report_reopen(report_id=report.pk, user=city_admin, version=approved.version, reason="")
    reopened = services.report_reopen(report_id=report.pk, user=city_admin, version=approved.version, reason="数据有误")
    assert (reopened.status, reopened.reopen_reason) == (ReportStatus.RETURNED, "数据有误")
    assert not reopened.is_locked


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (ReportStatus.DRAFT, "report_approve"),
        (ReportStatus.DRAFT, "report_return"),
        (ReportStatus.DRAFT, "report_reopen"),
        (ReportStatus.DRAFT, "report_resubmit"),
        (ReportStatus.SUBMITTED, "report_submit"),
        (ReportStatus.SUBMITTED, "report_resubmit"),
        (ReportStatus.SUBMITTED, "report_reopen"),
        (ReportStatus.APPROVED, "report_approve"),
        (ReportStatus.APPROVED, "report_return"),
        (ReportStatus.APPROVED, "report_submit"),
        (ReportStatus.RETURNED, "report_approve"),
        (ReportStatus.RETURNED, "report_return"),
        (ReportStatus.RETURNED, "report_reopen"),
    ],
)
def test_illegal_transitions_raise_a_clear_error_and_change_nothing(status, action, city_admin):
    report = builders.report(status=status)
    extra = {"report_return": {"comment": "x"}, "report_reopen": {"reason": "x"}}.get(action, {})
    with pytest.raises(services.WorkflowError, match="状态的季度数据不能"):
        getattr(services, action)(report_id=report.pk, user=city_admin, version=report.version, **extra)
    assert QuarterlyReport.objects.get(pk=report.pk).status == status


def test_two_admins_approving_the_same_page_second_gets_stale_and_nothing_is_overwritten(
    liangyuan_officer, city_admin, liangyuan
):
    report = submitted(liangyuan_officer, liangyuan)
    loaded = report.version  # both admins opened the queue at this version
    services.report_approve(report_id=report.pk, user=city_admin, version=loaded)
    with pytest.raises(services.StaleVersion):
        services.report_return(report_id=report.pk, user=city_admin, version=loaded, comment="退回")
    report.refresh_from_db()
    assert (report.status, report.review_comment) == (ReportStatus.APPROVED, "")


def test_admin_approving_while_the_county_edits_keeps_the_approved_figures(liangyuan_officer, city_admin, liangyuan):
    # Given the county opened the returned report to correct it, and meanwhile resubmitted it from another tab
    report = submitted(liangyuan_officer, liangyuan)
    r = services.report_return(report_id=report.pk, user=city_admin, version=report.version, comment="补充")
    open_in_form = r.version
    r = services.report_resubmit(report_id=r.pk, user=liangyuan_officer, version=r.version)
    services.report_approve(report_id=r.pk, user=city_admin, version=r.version)
    # When the stale form is saved
    with pytest.raises(services.WorkflowError):
        services.report_save_draft(
            county=liangyuan,
            year=2016,
            quarter=1,
            user=liangyuan_officer,
            version=open_in_form,
            figures={"employees": 1},
        )
    # Then the approved figures stand
    report.refresh_from_db()
    assert (report.status, report.employees) == (ReportStatus.APPROVED, 120)


def test_only_city_admins_review(liangyuan_officer, leader, liangyuan):
    report = submitted(liangyuan_officer, liangyuan)
    for user in (liangyuan_officer, leader):
        with pytest.raises(PermissionDenied):
            services.report_approve(report_id=report.pk, user=user, version=report.version)
        with pytest.raises(PermissionDenied):
            services.report_reopen(report_id=report.pk, user=user, version=report.version, reason="x")


def test_another_countys_officer_and_leaders_cannot_enter_figures(suiyang_officer, leader, liangyuan):
    for user in (suiyang_officer, leader):
        with pytest.raises(PermissionDenied):
            draft(user, liangyuan)
    assert not QuarterlyReport.objects.exists()


def test_a_year_outside_every_plan_is_refused_by_the_service_too(liangyuan_officer, liangyuan):
    with pytest.raises(services.WorkflowError, match="2099年不在任何已载入的行动计划期内"):
        draft(liangyuan_officer, liangyuan, year=2099)


def test_each_transition_leaves_a_history_row(liangyuan_officer, city_admin, liangyuan):
    report = submitted(liangyuan_officer, liangyuan)
    services.report_approve(report_id=report.pk, user=city_admin, version=report.version)
    rows = report.history.order_by("history_date", "history_id")
    assert [h.status for h in rows] == [ReportStatus.DRAFT, ReportStatus.SUBMITTED, ReportStatus.APPROVED]


def test_a_report_created_by_someone_else_after_the_check_is_stale_not_an_error(
    liangyuan_officer, liangyuan, monkeypatch
):
    # Given the other officer's report lands between the existence check and validation
    real_full_clean = QuarterlyReport.full_clean

    def other_officer_first(self, *args, **kwargs):
        if not QuarterlyReport.objects.exists():
            builders.report(status=ReportStatus.DRAFT, employees=5)
        return real_full_clean(self, *args, **kwargs)

    monkeypatch.setattr(QuarterlyReport, "full_clean", other_officer_first)
    # Then the officer is told the quarter was entered meanwhile, rather than shown a server error
    with pytest.raises(services.StaleVersion):
        draft(liangyuan_officer, liangyuan)
