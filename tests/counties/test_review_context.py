"""Review with context: on time or late, the previous quarter and the change in %, what a resubmission
changed since the return, a confirmation step before approving, and the old comment moved to the history."""

from decimal import Decimal

import pytest
from django.urls import reverse

from counties import review, services
from counties.models import ReportStatus
from tests import builders

pytestmark = pytest.mark.django_db

# No reporting enterprises: more than the county has filed would break a high-importance rule (tests/quality/).
FIGURES = {"transaction_usd": Decimal("2500000"), "employees": 120, "reporting_enterprises": 0, "remark": ""}


def submitted(officer, year=2016, quarter=2, **figures):
    county = builders.county("411402")
    draft = services.report_save_draft(
        county=county, year=year, quarter=quarter, user=officer, version=None, figures={**FIGURES, **figures}
    )
    return services.report_submit(report_id=draft.pk, user=officer, version=draft.version)


def test_change_percent_at_its_boundaries():
    assert review.change_percent(Decimal(100), Decimal(150)) == Decimal("50.0")
    assert review.change_percent(Decimal(100), Decimal(100)) == Decimal("0.0")
    assert review.change_percent(Decimal(3), Decimal(1)) == Decimal("-66.7")
    assert review.change_percent(0, 5) is None and review.change_percent(None, 5) is None


def test_the_queue_shows_lateness_and_the_change_against_the_previous_quarter(client, city_admin, liangyuan_officer):
    builders.report("411402", 2016, 1, transaction_usd=Decimal("2000000"))
    submitted(liangyuan_officer)  # long after 2016-07-15
    client.force_login(city_admin)
    html = client.get(reverse("review_queue")).content.decode()
    assert "逾期" in html and "天提交" in html
    assert "+25.0%" in html  # 2,000,000 -> 2,500,000


def test_the_queue_costs_the_same_queries_for_one_and_for_many_reports(client, city_admin, django_assert_num_queries):
    client.force_login(city_admin)
    builders.report("411402", 2016, 2, status=ReportStatus.SUBMITTED)
    client.get(reverse("review_queue"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("review_queue"))
    for code in ("411403", "SQZ01", "411425", "411426"):
        builders.report(code, 2016, 1)
        builders.report(code, 2016, 2, status=ReportStatus.SUBMITTED)
    with django_assert_num_queries(len(one)):
        client.get(reverse("review_queue"))


def test_a_resubmission_shows_the_fields_changed_since_the_return(client, city_admin, liangyuan_officer, liangyuan):
    report = submitted(liangyuan_officer)
    report = services.report_return(
        report_id=report.pk, user=city_admin, version=report.version, comment="请核实交易额。"
    )
    report = services.report_save_draft(
        county=liangyuan,
        year=2016,
        quarter=2,
        user=liangyuan_officer,
        version=report.version,
        figures={**FIGURES, "transaction_usd": Decimal("3000000")},
    )
    report = services.report_resubmit(report_id=report.pk, user=liangyuan_officer, version=report.version)
    context = review.review_contexts([report])[report.pk]
    assert [(c.field, c.before, c.after) for c in context.since_return] == [
        ("transaction_usd", Decimal("2500000.00"), Decimal("3000000.00"))
    ]
    client.force_login(city_admin)
    html = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "退回后修改的内容" in html
    # the old comment is history now, not the current review
    assert "以往审核意见" in html and "请核实交易额。" in html
    assert "审核意见</th>" not in html


def test_approving_asks_for_confirmation_first(client, city_admin, liangyuan_officer):
    report = submitted(liangyuan_officer)
    client.force_login(city_admin)
    page = client.get(reverse("report_approve", args=[report.pk]))
    assert page.status_code == 200
    assert "确认审核通过" in page.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED  # looking at the confirmation changes nothing
    client.post(reverse("report_approve", args=[report.pk]), {"version": report.version})
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED


def test_the_confirmation_of_a_report_not_waiting_goes_back_to_the_report(client, city_admin):
    report = builders.report("411402", 2016, 1, status=ReportStatus.APPROVED)
    client.force_login(city_admin)
    response = client.get(reverse("report_approve", args=[report.pk]))
    assert response.url == reverse("report_detail", args=[report.pk])
