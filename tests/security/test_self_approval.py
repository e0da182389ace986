"""Four eyes: a city admin cannot approve quarterly figures they entered or changed themselves.

City admins may enter or correct a county's figures (they edit any county), but the approval that makes
figures count must come from someone else. The rule lives in the workflow service, so the review
buttons, any other caller and a forged POST all meet it.
"""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from counties import roles, services
from counties.models import ReportStatus
from tests.conftest import PASSWORD
from tests.spreadsheets.conftest import run, xlsx

pytestmark = pytest.mark.django_db

FIGURES = {"transaction_usd": Decimal(1_000_000), "employees": 12, "reporting_enterprises": 0, "remark": ""}


@pytest.fixture
def second_admin(db):
    user = User.objects.create_user("cityadmin2", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=roles.CITY_ADMIN)[0])
    return user


def _entered_and_submitted_by(user, county):
    draft = services.report_save_draft(county=county, year=2016, quarter=1, user=user, version=None, figures=FIGURES)
    return services.report_submit(report_id=draft.pk, user=user, version=draft.version)


def test_a_city_admin_cannot_approve_figures_they_entered(city_admin, liangyuan):
    report = _entered_and_submitted_by(city_admin, liangyuan)
    with pytest.raises(services.WorkflowError, match="不能由您本人审核通过"):
        services.report_approve(report_id=report.pk, user=city_admin, version=report.version)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_another_city_admin_approves_them(city_admin, second_admin, liangyuan):
    report = _entered_and_submitted_by(city_admin, liangyuan)
    approved = services.report_approve(report_id=report.pk, user=second_admin, version=report.version)
    assert (approved.status, approved.reviewed_by) == (ReportStatus.APPROVED, second_admin)


def test_an_admin_who_changed_an_earlier_version_cannot_approve_either(city_admin, liangyuan_officer, liangyuan):
    draft = services.report_save_draft(
        county=liangyuan, year=2016, quarter=1, user=city_admin, version=None, figures=FIGURES
    )
    redrafted = services.report_save_draft(
        county=liangyuan, year=2016, quarter=1, user=liangyuan_officer, version=draft.version, figures=FIGURES
    )
    report = services.report_submit(report_id=redrafted.pk, user=liangyuan_officer, version=redrafted.version)
    with pytest.raises(services.WorkflowError):
        services.report_approve(report_id=report.pk, user=city_admin, version=report.version)


def test_figures_entered_by_the_county_are_approved_as_before(city_admin, liangyuan_officer, liangyuan):
    report = _entered_and_submitted_by(liangyuan_officer, liangyuan)
    assert services.report_approve(report_id=report.pk, user=city_admin, version=report.version).is_locked


def test_a_forged_approve_post_is_refused_with_the_reason_and_changes_nothing(client, city_admin, liangyuan):
    report = _entered_and_submitted_by(city_admin, liangyuan)
    client.force_login(city_admin)
    response = client.post(reverse("report_approve", args=[report.pk]), {"version": report.version}, follow=True)
    assert "不能由您本人审核通过" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_the_review_pages_offer_no_approve_button_for_ones_own_figures(client, city_admin, second_admin, liangyuan):
    report = _entered_and_submitted_by(city_admin, liangyuan)
    client.force_login(city_admin)
    for url in (reverse("review_queue"), reverse("report_detail", args=[report.pk])):
        html = client.get(url).content.decode()
        assert reverse("report_approve", args=[report.pk]) not in html, url
        assert "需由另一位管理员审核" in html, url
    response = client.get(reverse("report_approve", args=[report.pk]), follow=True)  # the confirmation step
    assert "不能由您本人审核通过" in response.content.decode()
    client.force_login(second_admin)
    assert reverse("report_approve", args=[report.pk]) in client.get(reverse("review_queue")).content.decode()


def test_figures_changed_by_an_admins_import_count_as_entered_by_that_admin(city_admin, liangyuan_officer, liangyuan):
    report = _entered_and_submitted_by(liangyuan_officer, liangyuan)
    report = services.report_return(report_id=report.pk, user=city_admin, version=report.version, comment="请核实")
    headers = ["县区", "年度", "季度", "跨境电商交易额（美元）", "从业人员（人）", "按时准确填报企业数（家）"]
    result = run("quarterly_reports", "q.xlsx", xlsx(headers, [["梁园", 2016, 1, 2_000_000, 12, 0]]), user=city_admin)
    assert result.applied, [str(p) for p in result.problems]
    report.refresh_from_db()
    report = services.report_resubmit(report_id=report.pk, user=liangyuan_officer, version=report.version)
    with pytest.raises(services.WorkflowError):
        services.report_approve(report_id=report.pk, user=city_admin, version=report.version)
