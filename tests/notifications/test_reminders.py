"""The reminder job, run every day (twice) across a simulated quarter with a frozen clock: exactly the
reminders the schedule promises, never one twice, and none once the county has submitted."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from counties import services
from notifications.models import Notification
from notifications.reminders import reminders_send
from tests import builders

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
# No reporting enterprises: more than the county has filed would break a high-importance rule (tests/quality/).
FIGURES = {"transaction_usd": Decimal("2500000"), "employees": 120, "reporting_enterprises": 0, "remark": ""}


def at(day: datetime.date, hour: int):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI), tick=False)


def days(first: str, last: str):
    day, end = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
    while day <= end:
        yield day
        day += datetime.timedelta(days=1)


def submit(officer, county_code, year, quarter):
    county = builders.county(county_code)
    draft = services.report_save_draft(
        county=county, year=year, quarter=quarter, user=officer, version=None, figures=FIGURES
    )
    services.report_submit(report_id=draft.pk, user=officer, version=draft.version)


def sent() -> list[tuple[str, str, str]]:
    """(recipient, key, local date) of every reminder sent, in order."""
    rows = Notification.objects.filter(dedupe_key__isnull=False).order_by("created_at", "pk")
    return [(n.recipient.username, n.dedupe_key, n.created_at.astimezone(SHANGHAI).date().isoformat()) for n in rows]


@pytest.fixture
def officers(liangyuan_officer, suiyang_officer):
    for officer in (liangyuan_officer, suiyang_officer):
        officer.email = f"{officer.username}@example.gov.cn"
        officer.save()
    return liangyuan_officer, suiyang_officer


def test_a_simulated_quarter_sends_exactly_the_scheduled_reminders(officers, settings):
    settings.REMINDER_DAYS_BEFORE = [7, 1]
    settings.REMINDER_OVERDUE_TIMES = 8
    settings.SITE_URL = "https://cbec.shangqiu.example.gov.cn"
    liangyuan, _suiyang = officers
    # 2016 is fully approved for both: only 2017's quarters are in play
    for code in ("411402", "411403"):
        for quarter in (1, 2, 3, 4):
            builders.report(code, 2016, quarter)

    for day in days("2017-04-01", "2017-07-31"):
        # 梁园区 submits 2017 Q1 late, on 20 April, and Q2 early, on 12 July; 睢阳区 never submits
        if day == datetime.date(2017, 4, 20):
            with at(day, 9):
                submit(liangyuan, "411402", 2017, 1)
        if day == datetime.date(2017, 7, 12):
            with at(day, 9):
                submit(liangyuan, "411402", 2017, 2)
        for hour in (8, 18):  # the job runs twice a day
            with at(day, hour):
                reminders_send(today=day)

    assert sent() == [
        ("liangyuan", "411402:2017Q1:7d", "2017-04-08"),
        ("suiyang", "411403:2017Q1:7d", "2017-04-08"),
        ("liangyuan", "411402:2017Q1:1d", "2017-04-14"),
        ("suiyang", "411403:2017Q1:1d", "2017-04-14"),
        ("liangyuan", "411402:2017Q1:late0", "2017-04-16"),
        ("suiyang", "411403:2017Q1:late0", "2017-04-16"),
        ("suiyang", "411403:2017Q1:late1", "2017-04-23"),
        ("suiyang", "411403:2017Q1:late2", "2017-04-30"),
        ("suiyang", "411403:2017Q1:late3", "2017-05-07"),
        ("suiyang", "411403:2017Q1:late4", "2017-05-14"),
        ("suiyang", "411403:2017Q1:late5", "2017-05-21"),
        ("suiyang", "411403:2017Q1:late6", "2017-05-28"),
        ("suiyang", "411403:2017Q1:late7", "2017-06-04"),
        ("liangyuan", "411402:2017Q2:7d", "2017-07-08"),
        ("suiyang", "411403:2017Q2:7d", "2017-07-08"),
        ("suiyang", "411403:2017Q2:1d", "2017-07-14"),
        ("suiyang", "411403:2017Q2:late0", "2017-07-16"),
        ("suiyang", "411403:2017Q2:late1", "2017-07-23"),
        ("suiyang", "411403:2017Q2:late2", "2017-07-30"),
    ]
    # every reminder also went by email, once, to the officer's address
    reminder_mail = [m for m in mail.outbox if m.to[0].startswith(("liangyuan@", "suiyang@"))]
    assert len(reminder_mail) == 19
    first = next(m for m in reminder_mail if m.to == ["liangyuan@example.gov.cn"])
    assert first.subject == "【商丘跨境电商平台】梁园区2017年第1季度数据将于2017-04-15截止"
    assert "还剩7天。尚未填报。请尽快填报并提交审核。" in first.body
    assert "https://cbec.shangqiu.example.gov.cn/workspace/411402/reports/2017/1/" in first.body


def test_a_day_the_job_missed_is_caught_up_by_the_next_run_with_the_real_days_left(officers):
    with at(datetime.date(2017, 4, 10), 8):
        reminders_send(today=datetime.date(2017, 4, 10))
    notice = Notification.objects.get(recipient=officers[0])
    assert notice.dedupe_key == "411402:2017Q1:7d"
    assert "还剩5天" in notice.body


def test_a_draft_is_reminded_as_a_draft_and_the_reminder_links_to_its_form(officers):
    builders.report("411402", 2017, 1, status="draft")
    with at(datetime.date(2017, 4, 14), 8):
        reminders_send(today=datetime.date(2017, 4, 14))
    notice = Notification.objects.get(recipient=officers[0])
    assert "草稿已保存但尚未提交。" in notice.body
    assert notice.url == "/workspace/411402/reports/2017/1/"


def test_quarters_long_overdue_send_nothing_more(officers):
    """In 2026 every quarter of the 2016-2018 plan is years overdue: the job is quiet (the to-do still shows them)."""
    with at(datetime.date(2026, 11, 26), 8):
        assert sum(reminders_send(today=datetime.date(2026, 11, 26)).values()) == 0


def test_two_runs_at_once_cannot_both_send(officers):
    """The database's unique constraint, not a check, decides: a second insert of the same key fails."""
    from django.db import IntegrityError, transaction

    with at(datetime.date(2017, 4, 8), 8):
        reminders_send(today=datetime.date(2017, 4, 8))
    notice = Notification.objects.get(recipient=officers[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            recipient=officers[0], kind=notice.kind, texts=notice.texts, dedupe_key=notice.dedupe_key
        )


def test_the_command_reports_what_it_sent_and_accepts_a_date(officers, capsys):
    call_command("send_reminders", "--date", "2017-04-08")
    assert "2017-04-08：新发送提醒 2 条（report_due 2）。" in capsys.readouterr().out
    call_command("send_reminders", "--date", "2017-04-08")
    assert "新发送提醒 0 条" in capsys.readouterr().out


def test_the_command_refuses_a_bad_date_in_plain_chinese():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="日期“2017-13-01”无效"):
        call_command("send_reminders", "--date", "2017-13-01")


def test_the_job_runner_sends_the_days_reminders_too(officers):
    from notifications.tasks import send_daily_reminders

    with at(datetime.date(2017, 4, 8), 8):
        job = send_daily_reminders.start()
    job.refresh_from_db()
    assert job.status == "succeeded", job.error
    assert job.result["message"] == "新发送提醒2条。"
    assert Notification.objects.filter(dedupe_key="411402:2017Q1:7d").count() == 1


def test_the_job_worker_and_the_systemd_timer_both_send_the_reminders_at_eight():
    """Either schedule may run, or both (nothing is sent twice): they must agree on the time."""
    from pathlib import Path

    import notifications.tasks  # noqa: F401 - the worker imports every app's tasks module at start
    from jobs.runner import HUEY

    def periodic_at(hour, minute):
        return {t.name for t in HUEY.read_periodic(datetime.datetime(2017, 4, 8, hour, minute))}

    assert "jobs.periodic.notifications.tasks.send_daily_reminders" in periodic_at(8, 0)
    assert "jobs.periodic.notifications.tasks.send_daily_reminders" not in periodic_at(7, 59) | periodic_at(8, 1)
    deploy = Path(__file__).resolve().parents[2] / "deploy"
    assert "OnCalendar=*-*-* 08:00:00" in (deploy / "shangqiu-cbec-reminders.timer").read_text().splitlines()
    assert "manage.py send_reminders" in (deploy / "shangqiu-cbec-reminders.service").read_text()
