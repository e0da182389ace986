"""The right of the header on every page (accounts_names.userbox): the language switch for everyone; for a
signed-in user their notices with the unread count, their name, the password link and signing out."""

import re

import pytest
from django.urls import reverse

from notifications.models import Notification

pytestmark = pytest.mark.django_db


def userbox(html: str) -> str:
    return re.search(r'<div class="userbox">(.*?)</div>', html, re.S).group(1)


def test_a_signed_in_user_sees_their_notices_name_password_link_and_sign_out(client, leader):
    leader.first_name, leader.last_name = "", "王领导"
    leader.save()
    for n in range(3):
        Notification.objects.create(recipient=leader, kind="test", texts={"zh-hans": [f"通知{n}", ""]})
    client.force_login(leader)

    box = userbox(client.get(reverse("overview")).content.decode())

    assert f'<a href="{reverse("notifications:inbox")}" id="nav-inbox" class="inbox-link">通知' in box
    assert '<span class="badge" title="未读通知">3</span>' in box
    assert f'<a href="{reverse("accounts:profile")}" class="username" title="个人资料和通知设置">王领导</a>' in box
    assert f'<a href="{reverse("password_change")}">修改密码</a>' in box
    assert re.search(
        rf'<form action="{reverse("logout")}" method="post" class="inline"><input type="hidden" '
        r'name="csrfmiddlewaretoken" value="\w+"><button type="submit" class="link">退出</button></form>',
        box,
    )


def test_no_badge_when_every_notice_is_read(client, leader):
    client.force_login(leader)

    assert 'class="badge"' not in userbox(client.get(reverse("overview")).content.decode())


def test_the_language_switch_keeps_the_page_and_marks_the_language_in_use(client, leader):
    client.force_login(leader)
    client.cookies["django_language"] = "en"

    box = userbox(client.get("/?year=2017&quarter=2").content.decode())

    assert f'<form action="{reverse("set_language")}" method="post" class="inline">' in box
    assert '<input name="next" type="hidden" value="/?year=2017&amp;quarter=2">' in box
    assert '<select name="language" aria-label="Language" data-autosubmit>' in box
    assert (
        '<option value="zh-hans" lang="zh-hans">简体中文</option><option value="en" lang="en" selected>English</option>'
        in box
    )
    assert '<noscript><button type="submit">Switch</button></noscript>' in box
    assert f'<a href="{reverse("password_change")}">Change password</a>' in box


def test_the_login_page_offers_only_the_language_switch(client):
    box = userbox(client.get(reverse("login")).content.decode())

    assert 'name="language"' in box
    assert "nav-inbox" not in box and "退出" not in box


def test_what_the_user_and_the_address_bring_is_escaped(client, leader):
    leader.first_name, leader.last_name = "", '<script>alert("名")</script>'
    leader.save()
    client.force_login(leader)

    box = userbox(client.get('/?year=2017&x="><script>alert(1)</script>').content.decode())

    assert "<script>" not in box
    assert "&lt;script&gt;alert(&quot;名&quot;)&lt;/script&gt;" in box
