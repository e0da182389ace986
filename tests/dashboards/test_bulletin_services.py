"""Generating and keeping bulletins, and the pages to ask for and download them.

Rendering itself is tested in test_bulletin_files; here the renderers are counted stand-ins, so that
what is tested is when a bulletin is rendered, stored, reused, pruned, and who may have it.
"""

import pytest
from django.urls import reverse

from counties.models import County
from counties.selectors import quarter_complete
from dashboards.bulletin import services
from dashboards.bulletin.services import BulletinError, bulletin_generate
from dashboards.models import Bulletin
from jobs.models import Job
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """Stand-in renderers that count their calls and return recognisable bytes."""
    calls = []

    def fake(fmt):
        def render(content):
            calls.append((fmt, content.document.subtitle))
            return f"{fmt}:{content.document.subtitle}".encode()

        return render

    monkeypatch.setattr(services, "RENDERERS", {"pdf": fake("pdf"), "docx": fake("docx")})
    monkeypatch.setattr(services, "pdf_available", lambda: True)
    return calls


# --- the service ---------------------------------------------------------------------------------


def test_a_bulletin_is_rendered_once_per_data_version(renders):
    first = bulletin_generate(year=2016, quarter=4, formats=("docx",), language="zh-hans")
    again = bulletin_generate(year=2016, quarter=4, formats=("docx",), language="zh-hans")
    assert again.pk == first.pk
    assert renders == [("docx", "2016年第4季度")]
    assert first.content("docx") == "docx:2016年第4季度".encode()
    assert first.content("pdf") is None


def test_a_second_format_is_added_to_the_same_bulletin(renders):
    first = bulletin_generate(year=2016, quarter=4, formats=("docx",), language="zh-hans")
    both = bulletin_generate(year=2016, quarter=4, formats=("docx", "pdf"), language="zh-hans")
    assert both.pk == first.pk and both.content("pdf") and both.content("docx")
    assert [fmt for fmt, _ in renders] == ["docx", "pdf"]


def test_changed_figures_make_a_new_render_and_the_old_one_is_pruned(renders):
    old = bulletin_generate(year=2016, quarter=4, formats=("docx",), language="zh-hans")
    builders.enterprise("411402")
    new = bulletin_generate(year=2016, quarter=4, formats=("docx",), language="zh-hans")
    assert new.pk != old.pk and new.data_version != old.data_version
    assert list(Bulletin.objects.values_list("pk", flat=True)) == [new.pk]


def test_an_official_bulletin_is_kept_when_the_figures_change(renders):
    from django.utils import timezone

    official = bulletin_generate(year=2016, quarter=4, formats=("docx",), language="zh-hans")
    Bulletin.objects.filter(pk=official.pk).update(sent_at=timezone.now())
    builders.enterprise("411402")
    bulletin_generate(year=2016, quarter=4, formats=("docx",), language="zh-hans")
    assert Bulletin.objects.filter(pk=official.pk).exists() and Bulletin.objects.count() == 2


def test_each_language_has_its_own_bulletin(renders):
    zh = bulletin_generate(year=2016, quarter=4, formats=("docx",), language="zh-hans")
    en = bulletin_generate(year=2016, quarter=4, formats=("docx",), language="en")
    assert zh.pk != en.pk
    assert renders == [("docx", "2016年第4季度"), ("docx", "Q4 2016")]


def test_without_weasyprint_a_pdf_is_refused_in_plain_words(monkeypatch):
    monkeypatch.setattr(services, "pdf_available", lambda: False)
    with pytest.raises(BulletinError, match="请下载Word版本"):
        bulletin_generate(year=2016, quarter=4, formats=("pdf",))
    assert not Bulletin.objects.exists()


def test_a_quarter_is_complete_only_when_every_unit_is_approved():
    units = list(County.objects.units())
    for county in units[:-1]:
        builders.report(county.code, year=2016, quarter=2)
    assert not quarter_complete(2016, 2)
    builders.report(units[-1].code, year=2016, quarter=2, status="submitted")
    assert not quarter_complete(2016, 2)
    builders.report(units[-1].code, year=2016, quarter=3)
    assert not quarter_complete(2016, 2)
    County.objects.get(pk=units[-1].pk).reports.filter(quarter=2).update(status="approved")
    assert quarter_complete(2016, 2)


# --- the pages -----------------------------------------------------------------------------------


def ask(client, **data):
    return client.post(reverse("bulletin_request"), {"year": 2016, "quarter": 4, "format": "docx", **data})


def test_a_leader_asks_for_a_bulletin_and_downloads_it_when_the_job_is_done(client, leader, renders):
    client.force_login(leader)
    response = ask(client)
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.status == Job.Status.SUCCEEDED and job.owner == leader
    download = client.get(job.result["url"])
    assert download.status_code == 200
    assert download.content == "docx:2016年第4季度".encode()
    assert download["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "2016%E5%B9%B4%E7%AC%AC4%E5%AD%A3%E5%BA%A6.docx" in download["Content-Disposition"]  # 2016年第4季度


def test_asking_again_while_nothing_changed_downloads_the_stored_file(client, leader, renders):
    client.force_login(leader)
    ask(client)
    response = ask(client)
    bulletin = Bulletin.objects.get()
    assert response.url == reverse("bulletin_download", args=[bulletin.pk, "docx"])
    assert Job.objects.count() == 1 and len(renders) == 1


def test_the_bulletins_page_preselects_the_overviews_quarter(client, city_admin):
    client.force_login(city_admin)
    html = client.get(reverse("bulletins") + "?year=2017&quarter=2").content.decode()
    assert '<option value="2017" selected>' in html and '<option value="2" selected>' in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": 1999}, "1999年不在行动计划期内。"),
        ({"quarter": 5}, "季度只能是第1至第4季度。"),
        ({"format": "exe"}, "文件格式只能是PDF或Word。"),
        ({"year": "二〇一六"}, "年度无效。"),
    ],
)
def test_a_forged_request_gets_a_plain_message_and_starts_nothing(client, leader, renders, data, message):
    client.force_login(leader)
    response = ask(client, **data)
    assert response.status_code == 302 and response.url == reverse("bulletins")
    assert message in client.get(response.url).content.decode()
    assert not Job.objects.exists() and not Bulletin.objects.exists()


def test_county_staff_get_no_bulletin(client, liangyuan_officer, leader, renders):
    client.force_login(leader)
    ask(client)
    bulletin = Bulletin.objects.get()
    client.force_login(liangyuan_officer)
    assert client.get(reverse("bulletins")).status_code == 403
    assert ask(client).status_code == 403
    assert client.get(reverse("bulletin_download", args=[bulletin.pk, "docx"])).status_code == 403


def test_a_missing_format_or_bulletin_is_not_found(client, leader, renders):
    client.force_login(leader)
    ask(client)
    bulletin = Bulletin.objects.get()
    assert client.get(reverse("bulletin_download", args=[bulletin.pk, "pdf"])).status_code == 404
    assert client.get(reverse("bulletin_download", args=[bulletin.pk, "xlsx"])).status_code == 404
    assert client.get(reverse("bulletin_download", args=[bulletin.pk + 1, "docx"])).status_code == 404


def test_the_overview_links_leaders_to_the_quarters_bulletin_and_the_screen(client, leader, liangyuan_officer):
    client.force_login(leader)
    html = client.get("/?year=2017&quarter=3").content.decode()
    assert 'href="/bulletins/?year=2017&amp;quarter=3"' in html and 'href="/screen/"' in html
    client.force_login(liangyuan_officer)
    assert 'id="bulletin-link"' not in client.get("/?year=2017&quarter=3").content.decode()
