"""The main navigation (accounts_names.mainnav): the links of the user's role, in the page's language. Each
process writes it once per language and combination of roles; a user never gets another role's links."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def nav_links(client, path="/milestones/") -> list[str]:
    html = client.get(path).content.decode()
    nav = re.search(r'<nav class="mainnav"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return re.findall(r">([^<>]+)</a>", nav)


def test_each_role_sees_its_own_links_whoever_was_served_first(client, city_admin, leader, liangyuan_officer):
    assert city_admin.is_staff
    seen = {}
    for user in (city_admin, leader, liangyuan_officer, city_admin, leader, liangyuan_officer):
        client.force_login(user)
        links = nav_links(client)
        assert seen.setdefault(user.username, links) == links

    assert seen[city_admin.username][0] == "待办" and "数据管理" in seen[city_admin.username]
    assert "待审核" in seen[city_admin.username]  # the per-user counts after the shared links
    assert "待办" not in seen[leader.username] and "数据质量" in seen[leader.username]
    assert "数据管理" not in seen[leader.username]
    officer = seen[liangyuan_officer.username]
    assert officer[0] == "待办" and "县区填报" in officer and "数据质量" not in officer and "数据管理" not in officer


def test_a_city_admin_without_admin_access_has_no_admin_link(client, city_admin):
    city_admin.is_staff = False
    city_admin.save()
    client.force_login(city_admin)

    assert "数据管理" not in nav_links(client)


def test_the_links_are_in_the_page_language(client, leader):
    client.force_login(leader)
    chinese = nav_links(client)
    client.cookies["django_language"] = "en"

    english = nav_links(client)

    assert chinese[:2] == ["总览", "考核排名"] and english[:2] == ["Overview", "Scorecard"]
    assert len(english) == len(chinese)


def test_the_links_lead_to_the_pages(client, leader):
    client.force_login(leader)
    html = client.get("/milestones/").content.decode()

    for name in ("overview", "scorecard_latest", "forecast", "milestones", "timeliness", "jobs:list"):
        assert f'href="{reverse(name)}"' in html
