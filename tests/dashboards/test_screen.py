"""The meeting-room screen: its figures are the overview's and the scorecard's, and a display token opens
them (and nothing else) until a city admin revokes it."""

import datetime
import hashlib
import re

import pytest
from django.utils import timezone

from dashboards import display_tokens
from dashboards.models import DisplayToken
from dashboards.selectors import choose, overview, scorecard
from targets.templatetags.cbec import quantity
from tests import builders
from tests.dashboards.dashboards import many_enterprises, reports_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def key(city_admin):
    return display_tokens.display_token_issue(name="三楼会议室", by=city_admin)[1]


def data(client, key=None):
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return client.get("/screen/data.json", headers=headers)


# --- tokens --------------------------------------------------------------------------------------


def test_a_display_token_is_stored_only_as_its_hash(key):
    token = DisplayToken.objects.get()
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {token.name, token.key_hash, token.hint} and token.hint == key[-4:]
    assert len(key) >= 43  # 32 random bytes


def test_a_valid_token_opens_the_screen_data_without_a_login(client, key):
    response = data(client, key)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert response.json()["headlines"]


def test_a_revoked_token_is_refused_at_the_next_refresh(client, key, city_admin):
    assert data(client, key).status_code == 200
    display_tokens.display_token_revoke(token_id=DisplayToken.objects.get().pk, by=city_admin)
    response = data(client, key)
    assert response.status_code == 401
    assert response.json()["reason"] == "revoked"
    assert "撤销" in response.json()["error"]


@pytest.mark.parametrize("header", ["Bearer not-a-key", "Bearer " + "x" * 500, "Basic abc", "Bearer "])
def test_a_wrong_or_malformed_token_gets_no_figures(client, key, header):
    response = client.get("/screen/data.json", headers={"Authorization": header})
    assert response.status_code == 401
    assert "headlines" not in response.json()


def test_without_a_token_or_a_login_the_screen_data_is_refused(client):
    response = data(client)
    assert response.status_code == 401
    assert response.json()["reason"] == "login"


def test_a_token_opens_no_other_page(client, key):
    headers = {"Authorization": f"Bearer {key}"}
    for url in ["/", "/scorecard/2016/", "/map/score.json?year=2016", "/screen/tokens/", "/counties/411402/"]:
        response = client.get(url, headers=headers)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/"), url


def test_a_signed_in_leader_sees_the_screen_without_a_token(client, leader):
    client.force_login(leader)
    assert data(client).status_code == 200


def test_a_revoked_token_is_refused_even_for_a_signed_in_user(client, leader, key, city_admin):
    display_tokens.display_token_revoke(token_id=DisplayToken.objects.get().pk, by=city_admin)
    client.force_login(leader)
    assert data(client, key).status_code == 401


def test_revoking_twice_keeps_the_first_revocation(city_admin, key):
    token = DisplayToken.objects.get()
    first = display_tokens.display_token_revoke(token_id=token.pk, by=city_admin).revoked_at
    assert display_tokens.display_token_revoke(token_id=token.pk, by=None).revoked_at == first


def test_last_use_is_noted_but_not_written_on_every_refresh(client, key, django_assert_num_queries):
    data(client, key)
    first = DisplayToken.objects.get().last_used_at
    assert first is not None
    data(client, key)
    assert DisplayToken.objects.get().last_used_at == first
    DisplayToken.objects.update(last_used_at=timezone.now() - datetime.timedelta(minutes=6))
    data(client, key)
    assert DisplayToken.objects.get().last_used_at > first


# --- the figures ---------------------------------------------------------------------------------


def test_the_screen_shows_the_overview_headlines_and_the_scorecard_ranking(client, key):
    for _ in range(12):
        builders.enterprise("411402", filed_on=datetime.date(2016, 3, 1))
    for _ in range(3):
        builders.enterprise("411403", filed_on=datetime.date(2016, 3, 1))
    builders.report("411402", year=2016, quarter=4, employees=300)
    builders.report("411403", year=2016, quarter=4, employees=999, status="submitted")
    payload = data(client, key).json()
    choice = choose(None, None, False)
    expected = {row.target.indicator.code: quantity(row.progress.actual, row.target.indicator)
                for row in overview(choice).headlines}  # fmt: skip
    assert {h["code"]: h["actual"] for h in payload["headlines"]} == expected
    assert payload["headlines"][0]["actual"] == "15家"
    assert {h["code"]: h["actual"] for h in payload["headlines"]}["employees"] == "300人"  # approved only
    assert [r["code"] for r in payload["ranking"]] == [row.county.code for row in scorecard(choice).ranked]
    assert payload["period"] == "2016年第4季度末" and payload["basis"] == "仅计已审核数据"


def test_the_english_screen_names_units_and_the_plans_document_number_in_english(client, key):
    for _ in range(12):
        builders.enterprise("411402", filed_on=datetime.date(2016, 3, 1))
    builders.report("411402", year=2016, quarter=4, employees=300)
    client.cookies["django_language"] = "en"
    payload = data(client, key).json()
    actual = {h["code"]: h["actual"] for h in payload["headlines"]}
    assert actual["enterprises_filed"] == "12 enterprises" and actual["employees"] == "300 people"
    assert payload["plan"].endswith("(Shang Zheng [2016] No. 26)")
    assert "商政" not in payload["plan"]


def test_the_screen_cycles_the_score_map_and_each_headline_indicator(client, key):
    payload = data(client, key).json()
    assert [m["subject"] for m in payload["maps"]] == ["score", "enterprises_filed", "employees", "transaction_usd"]
    assert not any(area["url"] for m in payload["maps"] for area in m["areas"])  # a screen opens no county page


def test_the_screen_page_holds_no_figures_and_no_inline_script(client):
    response = client.get("/screen/")
    html = response.content.decode()
    assert response.status_code == 200
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "onclick" not in html and "javascript:" not in html
    assert "家" not in re.sub(r'<script id="screen-text".*?</script>', "", html, flags=re.S)


@pytest.mark.parametrize("size", [10, 2000])
def test_the_screen_data_takes_the_same_queries_at_any_size(client, key, django_assert_num_queries, size):
    many_enterprises(size)
    reports_for()
    data(client, key)
    with django_assert_num_queries(2):  # the data version and the token; the figures are cached
        data(client, key)


# --- issuing and revoking ------------------------------------------------------------------------


def test_a_city_admin_issues_a_token_and_sees_its_address_once(client, city_admin):
    client.force_login(city_admin)
    response = client.post("/screen/tokens/", {"name": "  三楼会议室  "}, follow=True)
    html = response.content.decode()
    match = re.search(r'value="(http://testserver/screen/#key=([A-Za-z0-9_-]+))"', html)
    assert match, html
    token = DisplayToken.objects.get()
    assert token.name == "三楼会议室"
    assert token.key_hash == display_tokens.key_hash(match.group(2))
    assert match.group(2) not in client.get("/screen/tokens/").content.decode()


def test_a_token_needs_a_name(client, city_admin):
    client.force_login(city_admin)
    response = client.post("/screen/tokens/", {"name": "   "})
    assert "请填写大屏名称。" in response.content.decode()
    assert not DisplayToken.objects.exists()


def test_a_city_admin_revokes_a_token(client, city_admin, key):
    client.force_login(city_admin)
    token = DisplayToken.objects.get()
    response = client.post(f"/screen/tokens/{token.pk}/revoke/", follow=True)
    assert "下次刷新时停止显示" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_by == city_admin and not token.is_active


@pytest.mark.parametrize("who", ["leader", "liangyuan_officer"])
def test_only_city_admins_issue_or_revoke(client, request, who, key):
    client.force_login(request.getfixturevalue(who))
    token = DisplayToken.objects.get()
    assert client.get("/screen/tokens/").status_code == 403
    assert client.post("/screen/tokens/", {"name": "偷偷签发"}).status_code == 403
    assert client.post(f"/screen/tokens/{token.pk}/revoke/").status_code == 403
    assert DisplayToken.objects.get().is_active and DisplayToken.objects.count() == 1
