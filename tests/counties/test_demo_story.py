"""The demo data tell a reporting story, so that every role's first page has something to show: a complete
quarter, a returned report with the city's comment, reports waiting for review (on time and late), an
overdue draft, a unit that has not reported, a reopened report, and the notices that went with them."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from counties import todo
from counties.models import County, QuarterlyReport, ReportStatus
from counties.selectors import quarter_complete
from counties.timeliness import due_date
from counties.todo import admin_worklist, county_todo, quarter_gaps
from dashboards.bulletin.reporting import returns_by_county
from notifications.models import Notification

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 26)


@pytest.fixture
def demo():
    call_command("seed_demo", verbosity=0)
    call_command("create_demo_users", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


def user(username):
    return User.objects.get(username=username)


def test_every_quarter_up_to_2018_q2_is_complete_and_2018_q4_is_not(demo):
    assert all(quarter_complete(y, q) for y in (2016, 2017) for q in (1, 2, 3, 4))
    assert quarter_complete(2018, 2)
    assert not quarter_complete(2018, 3) and not quarter_complete(2018, 4)


def test_every_unit_has_a_demo_login(demo):
    staff = User.objects.filter(membership__isnull=False).values_list("membership__county__code", flat=True)
    assert sorted(staff) == sorted(County.objects.units().values_list("code", flat=True))


def test_liangyuans_officer_finds_the_returned_quarter_with_the_citys_comment(demo):
    work = county_todo(County.objects.get(code="411402"), TODAY)
    [returned] = work.returned
    assert (returned.year, returned.quarter) == (2018, 4)
    assert "请核实" in returned.review_comment
    [notice] = Notification.objects.filter(recipient=user("liangyuan"))
    assert returned.review_comment in notice.body and notice.is_unread
    assert notice.created_at == returned.reviewed_at


def test_zhechengs_officer_finds_an_overdue_draft(demo):
    work = county_todo(County.objects.get(code="411424"), TODAY)
    assert [(c.year, c.quarter) for c in work.overdue] == [(2018, 4)]
    assert work.overdue[0].report.status == ReportStatus.DRAFT


def test_the_city_admin_has_reports_waiting_on_time_and_late_and_units_overdue(demo):
    admin = user("admin")
    work = admin_worklist(admin, TODAY)
    lateness = {r.county.code: (r.first_submitted_at.date() - due_date(r.year, r.quarter)).days for r in work.waiting}
    assert len(lateness) >= 4
    assert any(days <= 0 for days in lateness.values()) and any(days > 0 for days in lateness.values())
    assert {m.county.code for m in work.missing} == {"411424", "411481"}
    assert [r.county.code for r in work.returned] == ["411402"]
    assert [(r.county.code, r.year, r.quarter) for r in work.reopened] == [("411403", 2018, 3)]
    waiting_notices = Notification.objects.filter(recipient=admin, kind="report_submitted")
    assert waiting_notices.count() == len(work.waiting)


def test_the_leaders_banner_names_pending_returned_and_missing_units(demo):
    gaps = {g.county.code: g for g in quarter_gaps(2018, 4, today=TODAY)}
    assert gaps["411402"].parts == [("returned", [4])]
    assert gaps["411403"].parts == [("pending", [4]), ("returned", [3])]
    assert gaps["411481"].parts == [("missing", [4])]
    assert gaps["411424"].parts == [("missing", [4])]
    assert "411425" not in gaps
    [complete] = Notification.objects.filter(recipient=user("leader"))
    assert complete.subject == "2018年第2季度各县区数据已全部审核"


def test_the_returns_are_in_the_reports_history_for_the_bulletin(demo):
    returns = returns_by_county(2018, 4)
    assert list(returns) == [County.objects.get(code="411402").pk]
    assert "请核实" in returns[County.objects.get(code="411402").pk][0].comment


def test_running_the_demo_commands_again_sends_nothing_twice_and_drops_stale_notices(demo):
    before = Notification.objects.count()
    call_command("create_demo_users", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Notification.objects.count() == before
    call_command("seed_demo", verbosity=0)  # new report rows: the old notices' links would lead nowhere
    call_command("create_demo_users", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Notification.objects.count() == before
    urls = Notification.objects.exclude(kind="quarter_complete").values_list("url", flat=True)
    live = {f"/reports/{pk}/" for pk in QuarterlyReport.objects.values_list("pk", flat=True)}
    assert set(urls) <= live


def test_a_report_returned_in_the_demo_can_be_corrected_and_resubmitted(demo):
    from counties import services

    report = QuarterlyReport.objects.get(county__code="411402", year=2018, quarter=4)
    report = services.report_resubmit(report_id=report.pk, user=user("liangyuan"), version=report.version)
    assert report.status == ReportStatus.SUBMITTED
    assert todo.county_todo(report.county, TODAY).returned == []


def test_the_admins_english_worklist_offers_review_buttons(demo, client):
    client.force_login(user("admin"))
    client.cookies["django_language"] = "en"
    page = client.get("/todo/").content.decode()
    assert page.count('class="button primary"') == 5
    assert ">Review</a>" in page and ">Approved</a>" not in page
