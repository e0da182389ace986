"""Follow-ups and the thread reach people: the county hears when a figure is marked or resolved, and each
side hears when the other writes in the report's thread (inbox, and email when the user has an address)."""

import pytest
from django.core import mail

from counties.models import ReportStatus
from notifications.models import Notification
from quality import services
from quality.models import FollowUp
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted():
    return builders.report("411402", 2016, 2, status=ReportStatus.SUBMITTED)


def notices_of(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind))


def test_the_county_is_told_when_a_figure_is_marked_for_follow_up(
    submitted, city_admin, liangyuan_officer, suiyang_officer, django_capture_on_commit_callbacks
):
    liangyuan_officer.email = "liangyuan@example.gov.cn"
    liangyuan_officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.follow_up_create(report=submitted, figure="employees", reason="与社保人数不符", user=city_admin)
    [notice] = notices_of(liangyuan_officer, "follow_up_marked")
    subject, body = notice.texts["zh-hans"]
    assert subject == "市商务局要求核实梁园区2016年第2季度的从业人员（人）"
    assert "跟进原因：与社保人数不符" in body
    assert notice.url == f"/reports/{submitted.pk}/#follow-ups"
    assert notice.texts["en"][0].startswith("The city asks Liangyuan District to check")
    assert notices_of(suiyang_officer, "follow_up_marked") == []
    assert [m.to for m in mail.outbox] == [["liangyuan@example.gov.cn"]]


def test_the_county_is_told_how_a_follow_up_was_resolved(submitted, city_admin, liangyuan_officer):
    follow_up = services.follow_up_create(report=submitted, figure="employees", reason="请核实", user=city_admin)
    services.follow_up_resolve(follow_up_id=follow_up.pk, resolution="已核实，数据无误。", user=city_admin)
    [notice] = notices_of(liangyuan_officer, "follow_up_resolved")
    assert "处理结果：已核实，数据无误。" in notice.texts["zh-hans"][1]


def test_an_answer_in_the_thread_reaches_the_city_admins_not_the_writer(submitted, city_admin, liangyuan_officer):
    follow_up = services.follow_up_create(report=submitted, figure="employees", reason="请核实", user=city_admin)
    services.comment_post(
        report=submitted, text="已核实，含季节工。", user=liangyuan_officer, follow_up_id=follow_up.pk
    )
    [notice] = notices_of(city_admin, "report_thread_message")
    assert notice.texts["zh-hans"][0] == "梁园区2016年第2季度的讨论有新留言"
    assert "已核实，含季节工。" in notice.texts["zh-hans"][1]
    assert notice.url == f"/reports/{submitted.pk}/#thread"
    assert notices_of(liangyuan_officer, "report_thread_message") == []


def test_a_city_message_in_the_thread_reaches_the_countys_staff(submitted, city_admin, liangyuan_officer):
    services.comment_post(report=submitted, text="请补充海关数据。", user=city_admin)
    assert len(notices_of(liangyuan_officer, "report_thread_message")) == 1
    assert notices_of(city_admin, "report_thread_message") == []


def test_a_refused_message_notifies_nobody(submitted, liangyuan_officer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.comment_post(report=submitted, text="  ", user=liangyuan_officer)
    assert not Notification.objects.exists() and not FollowUp.objects.exists()


def test_each_side_can_choose_how_to_hear_of_it(client, liangyuan_officer, city_admin):
    client.force_login(liangyuan_officer)
    page = client.get("/account/notifications/").content.decode()
    assert "数据被标记跟进" in page and "季度数据讨论新留言" in page
    client.force_login(city_admin)
    page = client.get("/account/notifications/").content.decode()
    assert "季度数据讨论新留言" in page and "数据被标记跟进" not in page
