"""The county ticks which of its enterprises reported to the national system on time and accurately, per quarter."""

import datetime

import pytest
from django.urls import reverse

from counties.models import ReportStatus
from enterprises.models import EnterpriseReport
from tests import builders

pytestmark = pytest.mark.django_db
URL = reverse("enterprise_reports", args=["411402", 2016, 2])


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def firms(n, county="411402", **kw):
    kw.setdefault("filed_on", datetime.date(2016, 1, 5))
    return [builders.enterprise(county, **kw) for _ in range(n)]


def flags():
    return {(r.enterprise_id, r.on_time, r.accurate) for r in EnterpriseReport.objects.filter(year=2016, quarter=2)}


def test_the_county_ticks_its_enterprises_and_every_shown_row_is_recorded(client, liangyuan_officer):
    a, b, c = firms(3)
    client.force_login(liangyuan_officer)
    response = client.post(URL, {"shown": [a.pk, b.pk, c.pk], "on_time": [a.pk, b.pk], "accurate": [a.pk, c.pk]})
    assert response.status_code == 302 and response.url == URL
    assert flags() == {(a.pk, True, True), (b.pk, True, False), (c.pk, False, True)}
    page = client.get(URL).content.decode()
    assert "已标记 3 家" in page and "按时且准确 1 家" in page


def test_the_page_lists_only_the_enterprises_of_the_quarter(client, liangyuan_officer):
    firms(1, name="早已备案")
    firms(1, name="七月才备案", filed_on=datetime.date(2016, 7, 1))
    firms(1, name="一季度已注销", deregistered_on=datetime.date(2016, 3, 31))
    firms(1, name="季度中注销", deregistered_on=datetime.date(2016, 5, 1))
    firms(1, "411403", name="睢阳企业")
    client.force_login(liangyuan_officer)
    page = client.get(URL).content.decode()
    assert "早已备案" in page and "季度中注销" in page
    assert "七月才备案" not in page and "一季度已注销" not in page and "睢阳企业" not in page


def test_search_by_name_or_credit_code_and_filter_by_what_was_ticked(client, liangyuan_officer):
    a, b = firms(1, name="商丘甲公司")[0], firms(1, name="商丘乙公司")[0]
    EnterpriseReport.objects.create(enterprise=a, year=2016, quarter=2)
    client.force_login(liangyuan_officer)
    assert "商丘乙公司" not in client.get(URL, {"q": "甲"}).content.decode()
    assert "商丘甲公司" not in client.get(URL, {"q": b.credit_code[-6:]}).content.decode()
    assert "商丘甲公司" not in client.get(URL, {"show": "unseen"}).content.decode()
    assert "商丘乙公司" not in client.get(URL, {"show": "ticked"}).content.decode()


def test_a_county_with_hundreds_of_enterprises_gets_pages_of_fifty(client, liangyuan_officer):
    firms(51)
    client.force_login(liangyuan_officer)
    first = client.get(URL)
    assert len(first.context["page"].object_list) == 50 and "第 1 / 2 页" in first.content.decode()
    assert len(client.get(URL, {"page": 2}).context["page"].object_list) == 1


def test_marking_all_filtered_enterprises_at_once(client, liangyuan_officer):
    ours = firms(60, name="批量企业")
    other = firms(1, name="另一家")[0]
    client.force_login(liangyuan_officer)
    client.post(URL + "?q=批量", {"action": "mark_all"})
    assert flags() == {(e.pk, True, True) for e in ours}
    client.post(URL + "?q=批量", {"action": "clear_all"})
    assert flags() == {(e.pk, False, False) for e in ours}
    assert not EnterpriseReport.objects.filter(enterprise=other).exists()


def test_another_countys_enterprise_posted_writes_nothing(client, liangyuan_officer):
    ours, theirs = firms(1)[0], firms(1, "411403")[0]
    client.force_login(liangyuan_officer)
    response = client.post(URL, {"shown": [ours.pk, theirs.pk], "on_time": [theirs.pk]}, follow=True)
    assert "不属于本县区本季度的企业，未保存任何标记" in response.content.decode()
    assert not EnterpriseReport.objects.exists()


def test_garbage_ids_are_refused_with_a_message(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    response = client.post(URL, {"shown": ["1 OR 1=1"]}, follow=True)
    assert "提交的企业编号无效。" in response.content.decode()


def test_the_flags_behind_an_approved_report_are_locked_for_the_county_not_for_the_city(
    client, liangyuan_officer, city_admin
):
    firm = firms(1)[0]
    builders.report("411402", 2016, 2, status=ReportStatus.APPROVED)
    client.force_login(liangyuan_officer)
    response = client.post(URL, {"shown": [firm.pk], "on_time": [firm.pk]}, follow=True)
    assert "已审核锁定" in response.content.decode() and not EnterpriseReport.objects.exists()
    client.force_login(city_admin)
    client.post(URL, {"shown": [firm.pk], "on_time": [firm.pk]})
    assert flags() == {(firm.pk, True, False)}


def test_a_quarter_outside_the_reporting_window_is_refused_with_the_reason(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    response = client.get(reverse("enterprise_reports", args=["411402", 2099, 1]), follow=True)
    assert "2099年不在任何已载入的行动计划期内" in response.content.decode()
    assert client.get(reverse("enterprise_reports", args=["411402", 2016, 5])).status_code == 404


def test_the_service_refuses_a_quarter_that_has_not_ended(liangyuan_officer, liangyuan):
    from django.core.exceptions import ValidationError

    from enterprises import reporting

    with pytest.raises(ValidationError, match="尚未结束"):
        reporting.flags_save(
            county=liangyuan, year=2016, quarter=2, user=liangyuan_officer, values={}, today=datetime.date(2016, 6, 1)
        )


def test_the_quarter_selector_goes_to_the_chosen_quarter(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    response = client.get(reverse("enterprise_reports_pick", args=["411402"]), {"year": 2017, "quarter": 3})
    assert response.url == reverse("enterprise_reports", args=["411402", 2017, 3])


def test_changes_are_kept_in_history_with_who_made_them(client, liangyuan_officer):
    firm = firms(1)[0]
    client.force_login(liangyuan_officer)
    client.post(URL, {"shown": [firm.pk], "on_time": [firm.pk], "accurate": [firm.pk]})
    client.post(URL, {"shown": [firm.pk], "on_time": [firm.pk]})
    row = EnterpriseReport.objects.get()
    assert [h.accurate for h in row.history.order_by("history_date")] == [True, False]
    assert {h.history_user for h in row.history.all()} == {liangyuan_officer}


def test_the_page_costs_the_same_queries_with_few_and_many_enterprises(client, liangyuan_officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(liangyuan_officer)
    client.get(URL)  # a first page fills what a shared cache keeps (the unread count), as for any user
    counts = []
    for n in (3, 80):
        firms(n)
        with CaptureQueriesContext(connection) as ctx:
            client.get(URL)
        counts.append(len(ctx))
    assert counts[0] == counts[1]


def test_a_county_with_enterprise_numbers_past_a_thousand_ticks_them_too(client, liangyuan_officer):
    # Ids are written into the page's checkboxes; 12,345 grouped by the page's locale would post "12,345"
    firm = builders.enterprise("411402", filed_on=datetime.date(2016, 1, 5), pk=12345)
    client.force_login(liangyuan_officer)
    page = client.get(URL).content.decode()
    assert 'name="on_time" value="12345"' in page and "12,345" not in page
    client.post(URL, {"shown": ["12345"], "on_time": ["12345"], "accurate": ["12345"]})
    assert flags() == {(firm.pk, True, True)}
