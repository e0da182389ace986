"""The official bulletin goes to the leadership group, once, when a quarter's figures are all approved."""

import datetime

import pytest
import time_machine
from django.core import mail

from counties import services
from counties.models import County, QuarterlyReport, ReportStatus
from dashboards.bulletin import sending
from dashboards.bulletin import services as bulletin_services
from dashboards.bulletin.sending import bulletin_send, recently_completed, send_due
from dashboards.models import Bulletin
from jobs.models import Job
from notifications.models import Notification
from tests import builders

pytestmark = pytest.mark.django_db
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def renders(monkeypatch):
    calls = []

    def fake(fmt):
        def render(content):
            calls.append(fmt)
            return f"{fmt}:{content.document.subtitle}".encode()

        return render

    monkeypatch.setattr(bulletin_services, "RENDERERS", {"pdf": fake("pdf"), "docx": fake("docx")})
    monkeypatch.setattr(bulletin_services, "pdf_available", lambda: True)
    monkeypatch.setattr(sending, "pdf_available", lambda: True)
    return calls


def approve_all_but_liangyuan(year=2016, quarter=1):
    for county in County.objects.units().exclude(code="411402"):
        builders.report(county.code, year, quarter, status=ReportStatus.APPROVED)


def bulletin_notices(user):
    return list(Notification.objects.filter(recipient=user, kind=sending.KIND))


def test_approving_the_quarters_last_report_sends_the_bulletin_to_the_leaders(
    liangyuan_officer, city_admin, leader, renders, django_capture_on_commit_callbacks
):
    approve_all_but_liangyuan()
    report = builders.report("411402", 2016, 1, status=ReportStatus.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_approve(report_id=report.pk, user=city_admin, version=report.version)
    bulletin = Bulletin.objects.get(sent_at__isnull=False)
    assert (bulletin.year, bulletin.quarter, bulletin.include_pending, bulletin.language) == (2016, 1, False, "zh-hans")
    assert sorted(renders) == ["docx", "pdf"]
    [notice] = bulletin_notices(leader)
    assert notice.subject == "2016年第1季度季度通报已生成"
    assert notice.url == "/bulletins/?year=2016&quarter=1"
    assert Job.objects.filter(kind="dashboards.tasks.send_bulletin", status=Job.Status.SUCCEEDED).exists()
    assert bulletin_notices(city_admin) == [] and bulletin_notices(liangyuan_officer) == []


def test_the_leaders_email_names_the_quarter_and_links_the_bulletins_page(
    leader, renders, django_capture_on_commit_callbacks, settings
):
    leader.email = "leader@example.org"
    leader.save()
    for county in County.objects.units():
        builders.report(county.code, 2016, 2)
    with django_capture_on_commit_callbacks(execute=True):
        bulletin_send(year=2016, quarter=2)
    [email] = [m for m in mail.outbox if "季度通报" in m.subject]
    assert email.to == ["leader@example.org"]
    assert "/bulletins/?year=2016&quarter=2" in email.body


def test_a_quarters_bulletin_is_sent_only_once(leader, renders):
    for county in County.objects.units():
        builders.report(county.code, 2016, 2)
    assert bulletin_send(year=2016, quarter=2) is not None
    builders.enterprise("411402")  # the figures change: a new render, but no second sending
    assert bulletin_send(year=2016, quarter=2) is None
    assert len(bulletin_notices(leader)) == 1
    assert Bulletin.objects.filter(sent_at__isnull=False).count() == 1


def test_nothing_is_sent_while_a_unit_is_missing(leader, renders):
    approve_all_but_liangyuan()
    builders.report("411402", 2016, 1, status=ReportStatus.SUBMITTED)
    assert bulletin_send(year=2016, quarter=1) is None
    assert renders == [] and bulletin_notices(leader) == []


def test_the_daily_job_sends_a_missed_recent_quarter_but_not_old_ones(leader, renders, city_admin):
    for year, quarter in ((2016, 1), (2016, 2)):
        for county in County.objects.units():
            builders.report(county.code, year, quarter)
    QuarterlyReport.objects.filter(year=2016, quarter=1).update(
        reviewed_at=datetime.datetime(2016, 5, 1, tzinfo=SHANGHAI)
    )
    QuarterlyReport.objects.filter(year=2016, quarter=2).update(
        reviewed_at=datetime.datetime(2016, 8, 1, tzinfo=SHANGHAI)
    )
    assert recently_completed(datetime.date(2016, 8, 20)) == [(2016, 2)]
    with time_machine.travel(datetime.datetime(2016, 8, 20, 7, 30, tzinfo=SHANGHAI)):
        sent = send_due()
    assert [(b.year, b.quarter) for b in sent] == [(2016, 2)]
    assert send_due(datetime.date(2016, 8, 20)) == []  # already sent


def test_a_queue_failure_does_not_undo_the_approval(
    liangyuan_officer, city_admin, renders, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    from dashboards import tasks

    def broken(**kwargs):
        raise ConnectionError("queue unreachable")

    monkeypatch.setattr(tasks.send_bulletin, "start", broken)
    approve_all_but_liangyuan()
    report = builders.report("411402", 2016, 1, status=ReportStatus.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_approve(report_id=report.pk, user=city_admin, version=report.version)
    assert QuarterlyReport.objects.get(pk=report.pk).status == ReportStatus.APPROVED
    assert "the daily job will send it" in caplog.text
    assert not Bulletin.objects.exists()


def test_a_quarter_reopened_and_approved_again_is_not_sent_a_second_time(
    liangyuan_officer, city_admin, leader, renders, django_capture_on_commit_callbacks
):
    approve_all_but_liangyuan()
    report = builders.report("411402", 2016, 1, status=ReportStatus.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_approve(report_id=report.pk, user=city_admin, version=report.version)
    # the city reopens 梁园区's figures, the county corrects them, and the quarter is complete again
    report = services.report_reopen(report_id=report.pk, user=city_admin, version=report.version, reason="更正")
    report = services.report_resubmit(report_id=report.pk, user=liangyuan_officer, version=report.version)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_approve(report_id=report.pk, user=city_admin, version=report.version)
    assert len(bulletin_notices(leader)) == 1
    assert Bulletin.objects.filter(year=2016, quarter=1, sent_at__isnull=False).count() == 1


def test_the_sending_job_run_again_by_a_retry_notifies_nobody_twice(leader, renders):
    from dashboards.tasks import send_bulletin

    for county in County.objects.units():
        builders.report(county.code, 2016, 3)
    first, again = send_bulletin.start(year=2016, quarter=3), send_bulletin.start(year=2016, quarter=3)
    first.refresh_from_db()
    again.refresh_from_db()
    assert first.result["url"] == "/bulletins/?year=2016&quarter=3"
    assert again.result["message"] == "该季度的通报已发送过，或数据尚未全部审核，无需发送。"
    assert len(bulletin_notices(leader)) == 1


def test_a_leader_who_turned_bulletin_emails_off_gets_only_the_inbox_notice(leader, renders):
    from notifications.models import EmailStatus, Preference

    leader.email = "leader@example.org"
    leader.save()
    Preference.objects.create(user=leader, kind=sending.KIND, inbox=True, email=False)
    for county in County.objects.units():
        builders.report(county.code, 2016, 4)
    bulletin_send(year=2016, quarter=4)
    [notice] = bulletin_notices(leader)
    assert notice.email_status == EmailStatus.NONE and notice.in_inbox
    assert not [m for m in mail.outbox if "季度通报" in m.subject]


def test_the_official_bulletin_holds_both_files_and_the_leaders_can_download_them(leader, client, renders):
    for county in County.objects.units():
        builders.report(county.code, 2017, 1)
    bulletin = bulletin_send(year=2017, quarter=1)
    client.force_login(leader)
    page = client.get("/bulletins/?year=2017&quarter=1").content.decode()
    for fmt in ("pdf", "docx"):
        url = f"/bulletins/{bulletin.pk}/{fmt}/"
        assert url in page
        response = client.get(url)
        assert response.status_code == 200
        body = b"".join(response)
        assert body == bytes(getattr(bulletin, fmt)) and body.startswith(f"{fmt}:".encode())


def test_the_daily_catch_up_runs_at_half_past_seven(leader):
    import dashboards.tasks  # noqa: F401 - the worker imports every app's tasks module at start
    from jobs.runner import HUEY

    names = {t.name for t in HUEY.read_periodic(datetime.datetime(2017, 4, 8, 7, 30))}
    assert "jobs.periodic.dashboards.tasks.send_due_bulletins" in names


def test_a_quarter_the_catch_up_no_longer_reaches_can_be_sent_by_hand(leader, renders, capsys):
    from django.core.management import call_command

    for quarter in (1, 2):
        for county in County.objects.units():
            builders.report(county.code, 2016, quarter)
    call_command("send_bulletin", "--latest")
    assert "2016年第2季度的季度通报已生成，并已通知领导小组。" in capsys.readouterr().out
    call_command("send_bulletin", "--year", "2016", "--quarter", "2")
    assert "已发送过" in capsys.readouterr().out
    call_command("send_bulletin", "--year", "2016", "--quarter", "1", "--queue")  # the job runs at once in tests
    assert [n.url for n in bulletin_notices(leader)] == [
        "/bulletins/?year=2016&quarter=1",
        "/bulletins/?year=2016&quarter=2",
    ]


def test_the_send_command_says_what_it_needs_in_plain_chinese():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="请用 --year 和 --quarter 指定季度"):
        call_command("send_bulletin", "--year", "2016")
