"""A change to someone's two-factor sign-in tells them (signin.notices): in their inbox and by email, with
when, from where, by whom if not by them, what it means for their next login, and whom to tell if it was
not them. The reset a city admin makes for a lost phone is the case that matters most: the user did not
do it."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from notifications.models import Notification, Preference
from signin import twofactor
from tests.security.test_two_factor import VERIFY, enrol, password_login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def notices_of(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind="two_factor_changed").order_by("pk"))


def test_a_reset_by_a_city_admin_reaches_the_users_inbox_and_email(
    client, city_admin, leader, django_capture_on_commit_callbacks
):
    city_admin.first_name, city_admin.last_name = "", "张管理"
    city_admin.save()
    leader.email = "leader@example.cn"
    leader.save()
    enrol_client = Client()
    password_login(enrol_client, "leader")
    enrol(enrol_client)
    client.force_login(city_admin)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:auth_user_changelist"),
            {"action": "reset_two_factor", "_selected_action": [leader.pk]},
            REMOTE_ADDR="10.20.30.40",
        )

    notice = notices_of(leader)[-1]
    subject, body = notice.texts["zh-hans"]
    assert subject == "您的账号：管理员重置了两步验证"
    assert "操作人：张管理" in body and "10.20.30.40" not in body  # the admin's address is not the user's business
    assert "下次登录时请重新设置两步验证" in body and "请立即修改密码并联系市商务局管理员" in body
    assert notice.url == reverse("signin:two_factor") and notice.in_inbox
    assert notice.texts["en"][0] == "Your account: Two-step verification reset by an administrator"
    [email] = [m for m in mail.outbox if m.to == ["leader@example.cn"]]
    assert "管理员重置了两步验证" in email.subject and "操作人：张管理" in email.body
    assert not notices_of(city_admin)  # the admin who reset it is not told about someone else's account


def test_turning_it_on_and_off_yourself_is_confirmed_without_naming_yourself(leader):
    client = Client()
    password_login(client, "leader")
    enrol(client)
    client.post(reverse("signin:disable"))

    enrolled, disabled = (notice.texts["zh-hans"] for notice in notices_of(leader))
    assert enrolled[0] == "您的账号：已启用两步验证" and "此后登录时需输入验证器应用中的验证码" in enrolled[1]
    assert disabled[0] == "您的账号：已关闭两步验证" and "可随时在“两步验证”页面重新启用" in disabled[1]
    assert "操作人" not in enrolled[1] + disabled[1] and "地址：127.0.0.1" in disabled[1]


def test_a_recovery_code_used_to_log_in_is_told_to_the_user(leader):
    client = Client()
    password_login(client, "leader")
    _, codes = enrol(client)
    other = Client()
    password_login(other, "leader")

    other.post(VERIFY, {"code": codes[0]})

    subject, body = notices_of(leader)[-1].texts["zh-hans"]
    assert subject == "您的账号：使用恢复码登录" and "每个恢复码只能使用一次" in body


def test_a_change_rolled_back_tells_nobody(leader, city_admin):
    client = Client()
    password_login(client, "leader")
    enrol(client)
    before = len(notices_of(leader))

    with pytest.raises(RuntimeError), twofactor.transaction.atomic():
        twofactor.two_factor_remove(user=leader, by=city_admin)
        raise RuntimeError("the admin action failed after the reset")

    assert len(notices_of(leader)) == before


def test_the_notice_cannot_be_switched_off(client, liangyuan_officer, django_capture_on_commit_callbacks):
    """Whoever has the password could otherwise silence it before turning two-factor off."""
    liangyuan_officer.email = "officer@example.cn"
    liangyuan_officer.save()
    client.force_login(liangyuan_officer)
    page = client.get(reverse("notifications:settings")).content.decode()
    row = re.search(r'<tr id="kind-two_factor_changed">(.*?)</tr>', page, re.S).group(1)
    assert "两步验证有变动" in row and "总是发送（账号安全）" in row and "<input" not in row

    client.post(
        reverse("notifications:settings"),
        {"two_factor_changed__inbox": "", "two_factor_changed__email": ""},  # a forged form: nothing to switch
    )
    assert not Preference.objects.filter(user=liangyuan_officer, kind="two_factor_changed").exists()
    Preference.objects.create(user=liangyuan_officer, kind="two_factor_changed", inbox=False, email=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        twofactor.two_factor_remove(user=liangyuan_officer, by=liangyuan_officer)

    assert notices_of(liangyuan_officer)[-1].in_inbox
    assert [m.to for m in mail.outbox] == [["officer@example.cn"]]


def test_a_new_phone_is_one_change_the_old_authenticator_and_codes_stop(leader):
    client = Client()
    password_login(client, "leader")
    _, old_codes = enrol(client)

    enrol(client)  # the same verified session sets up the new phone (两步验证 → 更换手机或验证器)

    kinds = list(leader.two_factor_events.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["enrolled", "replaced"]
    subject, body = notices_of(leader)[-1].texts["zh-hans"]
    assert subject == "您的账号：已更换验证器" and "原来的验证器和恢复码已失效" in body
    other = Client()
    password_login(other, "leader")
    assert "验证码" in other.post(VERIFY, {"code": old_codes[0]}).content.decode()  # refused, asked again
    assert "_auth_user_id" in other.session and other.get(reverse("overview")).status_code == 302
