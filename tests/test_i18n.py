"""The English version: the language switch turns the portal's pages into English; Chinese stays the default.

LocaleMiddleware picks the language from the ``django_language`` cookie (what ``set_language`` sets),
then the Accept-Language header, then ``LANGUAGE_CODE`` (zh-hans). The catalogue is the committed
``locale/en/LC_MESSAGES/django.mo``, so these tests also fail when it is missing or stale.
"""

import gettext
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from counties.models import CountyKind, ReportStatus
from counties.timeliness import Timeliness
from dashboards.forecast import Method
from dashboards.scorecard import SCORING_RULE
from targets.models import MilestoneStatus
from targets.progress import State, Status
from tests import builders
from tests.conftest import PASSWORD

CJK = re.compile(r"[\u4e00-\u9fff]")


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def html_of(client, url, **kw):
    response = client.get(url, **kw)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def leader_client(client, leader):
    client.force_login(leader)
    return client


def test_the_default_language_is_chinese(leader_client):
    html = html_of(leader_client, "/?year=2016")
    assert '<html lang="zh-hans">' in html
    assert "全市各项目标" in html and "考核排名" in html and "All city-wide targets" not in html


def test_the_overview_in_english_has_english_headings_and_navigation(leader_client):
    html = html_of(english(leader_client), "/?year=2016")
    assert '<html lang="en">' in html
    for text in ("City-wide targets 2016", "All city-wide targets", "Overview", "Scorecard", "Year-end forecast"):
        assert text in html
    assert "全市各项目标" not in html and ">考核排名<" not in html


def test_the_overview_in_english_names_indicators_and_dollars_in_english(leader_client):
    html = html_of(english(leader_client), "/?year=2016")
    assert "Filed cross-border e-commerce enterprises" in html
    assert "USD 300.00 million" in html  # the 2016 city-wide volume target, 3亿美元 in Chinese


def test_dollar_amounts_are_in_millions_in_english_and_in_yi_in_chinese():
    from targets.templatetags.cbec import quantity

    with translation.override("en"):
        assert quantity(Decimal(300_000_000), "美元") == "USD 300.00 million"
        assert quantity(1500, "人") == "1500 people"
    with translation.override("zh-hans"):
        assert quantity(Decimal(300_000_000), "美元") == "3.00亿美元"


def test_the_scorecard_in_english(leader_client):
    html = html_of(english(leader_client), "/scorecard/2016/")
    assert '<html lang="en">' in html
    for text in ("County/district quota scorecard 2016", "Scoring rule:", "Composite score", "Liangyuan District"):
        assert text in html
    assert SCORING_RULE not in html and "Composite score = the arithmetic mean" in html


def test_the_scorecard_in_chinese_states_the_rule_in_chinese(leader_client):
    html = html_of(leader_client, "/scorecard/2016/")
    assert SCORING_RULE in html and "2016年县区目标任务考核排名" in html


def test_the_county_workspace_in_english(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    builders.report("411402", 2016, 1, status=ReportStatus.APPROVED)
    html = html_of(english(client), "/workspace/411402/")
    assert '<html lang="en">' in html
    for text in ("Liangyuan District · Quarterly figures", "CBEC enterprises", "Q1", "Approved", "County reporting"):
        assert text in html
    assert "季度数据" not in html


def test_the_county_workspace_in_chinese(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    html = html_of(client, "/workspace/411402/")
    assert "梁园区 · 季度数据" in html and "第1季度" in html


def test_the_login_page_in_english(client):
    html = html_of(english(client), "/accounts/login/")
    assert '<html lang="en">' in html
    assert "<h1>Log in</h1>" in html and "Username" in html and "Password" in html


def test_the_login_page_defaults_to_chinese(client):
    html = html_of(client, "/accounts/login/")
    assert '<html lang="zh-hans">' in html and "<h1>登录</h1>" in html


def test_a_browser_asking_for_english_gets_english(client):
    html = html_of(client, "/accounts/login/", headers={"accept-language": "en-US,en;q=0.9"})
    assert '<html lang="en">' in html and "<h1>Log in</h1>" in html


def test_the_language_switch_sets_english_for_the_next_pages(client, leader):
    client.force_login(leader)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/scorecard/"})
    assert response.status_code == 302
    html = html_of(client, response.url, follow=True)
    assert "County/district quota scorecard" in html


def test_a_wrong_login_in_english_says_so_in_english(client, db):
    html = english(client).post("/accounts/login/", {"username": "nobody", "password": PASSWORD}).content.decode()
    assert "Wrong username or password" in html


def test_a_form_error_keeps_its_chinese_text_by_default_and_is_english_on_request(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    data = {"transaction_usd": "-1", "employees": "1", "reporting_enterprises": "1", "remark": "", "save": "1"}
    assert "交易额不能为负数。" in client.post("/workspace/411402/reports/2016/1/", data).content.decode()
    html = english(client).post("/workspace/411402/reports/2016/1/", data).content.decode()
    assert "The transaction volume cannot be negative." in html


def test_a_credit_code_error_is_translated_in_english():
    from django.core.exceptions import ValidationError

    from enterprises.validators import validate_credit_code

    with translation.override("en"), pytest.raises(ValidationError) as error:
        validate_credit_code("123")
    assert error.value.messages == ["The unified social credit code must have 18 characters; this one has 3."]


@pytest.mark.parametrize(
    "labels",
    [CountyKind.labels, ReportStatus.labels, State.labels, Status.labels, MilestoneStatus.labels]
    + [Timeliness.labels, Method.labels],
    ids=["CountyKind", "ReportStatus", "State", "Status", "MilestoneStatus", "Timeliness", "Method"],
)
def test_every_label_shown_on_a_page_has_an_english_translation(labels):
    with translation.override("en"):
        untranslated = [label for label in labels if CJK.search(translation.gettext(label))]
    assert untranslated == []


CATALOGUES = sorted(
    path.relative_to(settings.BASE_DIR)
    for path in Path(settings.BASE_DIR).glob("**/locale/en/LC_MESSAGES/django.po")
    if ".venv" not in path.parts
)


@pytest.mark.parametrize("po", CATALOGUES, ids=str)
def test_the_catalogue_is_complete_and_compiled(po):
    """The project catalogue (``locale/``) and each app's own (``<app>/locale/``)."""
    po = Path(settings.BASE_DIR) / po
    mo = po.with_suffix(".mo")
    text = po.read_text()
    assert "#, fuzzy" not in text
    assert not re.search(r'\nmsgstr(\[\d\])? ""\n\n', text[text.index("\n\n") :] + "\n")
    with mo.open("rb") as f:
        compiled = {key if isinstance(key, str) else key[0] for key in gettext.GNUTranslations(f)._catalog} - {""}
    entries = len(re.findall(r"^msgid ", text, flags=re.M)) - 1  # less the header
    assert len(compiled) == entries  # the committed .mo was compiled from this .po


@pytest.mark.parametrize("po", CATALOGUES, ids=str)
def test_no_translation_is_many_times_longer_than_its_chinese(po):
    """A paragraph glued to a short label by an editing slip (a header "Operator" once read "Operator" and
    then the scorecard's whole rule) shows as a label many times its Chinese length."""
    with (Path(settings.BASE_DIR) / po).with_suffix(".mo").open("rb") as f:
        catalogue = gettext.GNUTranslations(f)._catalog
    too_long = []
    for key, english_text in catalogue.items():
        chinese = (key if isinstance(key, str) else key[0]).rpartition("\x04")[2]
        if chinese and len(english_text) > 12 * len(chinese) + 24:
            too_long.append((chinese, english_text[:60]))
    assert too_long == []


def test_labels_stay_chinese_in_the_code_and_are_translated_when_shown():
    with translation.override("en"):
        assert translation.gettext("第%(q)s季度") % {"q": 3} == "Q3"
        assert Timeliness.LATE.label == "逾期提交"
        assert translation.gettext(Timeliness.LATE.label) == "Submitted late"


def test_a_county_is_named_in_english_wherever_it_shows_itself(liangyuan):
    with translation.override("en"):
        assert str(liangyuan) == "Liangyuan District"
    assert str(liangyuan) == "梁园区"


def test_verbose_names_and_choice_labels_follow_the_page_language():
    from enterprises.models import Enterprise, Industry

    with translation.override("en"):
        assert str(Enterprise._meta.get_field("filed_on").verbose_name) == "Filing date"
        assert str(Industry.FOOD.label) == "Food"
    assert str(Enterprise._meta.get_field("filed_on").verbose_name) == "备案认定日期"


def test_every_model_has_an_english_name_for_one_and_for_many():
    """The admin says "Add CBEC enterprise" and lists "CBEC enterprises"; the Chinese name serves both."""
    from django.apps import apps

    ours = [
        m for m in apps.get_models() if m.__module__.split(".")[0] in PROJECT_APPS and "Historical" not in m.__name__
    ]
    assert len(ours) > 30
    for model in ours:
        one, many = model._meta.verbose_name, model._meta.verbose_name_plural
        with translation.override("en"):
            assert not CJK.search(str(one)) and not CJK.search(str(many)), model
        assert CJK.search(str(one)) and str(one) == str(many), model  # Chinese has no plural
    with translation.override("en"):
        from enterprises.models import Enterprise, Park

        assert (str(Enterprise._meta.verbose_name), str(Enterprise._meta.verbose_name_plural)) == (
            "CBEC enterprise",
            "CBEC enterprises",
        )
        assert str(Park._meta.verbose_name) == "CBEC park"


def test_the_admin_in_english_adds_one_and_lists_many(admin_client):
    html = html_of(english(admin_client), "/admin/enterprises/enterprise/")
    assert "Select CBEC enterprise to change" in html and "Add CBEC enterprise" in html
    assert "CBEC enterprises" in html_of(admin_client, "/admin/")
    html = html_of(admin_client, "/admin/targets/milestone/")
    assert "Select key project to change" in html and "Add key project" in html  # lower case mid-sentence
    assert ">Background jobs<" in html_of(admin_client, "/admin/")


def test_a_county_adds_one_record_and_lists_many_in_english(client, liangyuan_officer):
    client.force_login(liangyuan_officer)
    english(client)

    assert "<h1>New overseas warehouse</h1>" in html_of(client, "/workspace/411402/warehouses/add/")
    assert "· Overseas warehouses</h1>" in html_of(client, "/workspace/411402/warehouses/")


PROJECT_APPS = {
    "accounts", "counties", "dashboards", "enterprises", "jobs", "milestones", "notifications", "quality",
    "signin", "spreadsheets", "targets",
}  # fmt: skip


def test_an_imported_industry_is_read_in_either_language_whatever_the_page():
    from enterprises.models import Industry
    from spreadsheets import cells

    for language in ("en", "zh-hans"):
        with translation.override(language):
            assert cells.choice("食品", Industry) == cells.choice("Food", Industry) == "food"


def test_the_header_names_the_user_in_letters_an_english_reader_can_read(client, liangyuan_officer):
    liangyuan_officer.first_name = "梁园区填报员"
    liangyuan_officer.save(update_fields=["first_name"])
    client.force_login(liangyuan_officer)
    assert ">梁园区填报员</a>" in html_of(client, "/todo/")
    html = html_of(english(client), "/todo/")
    assert ">liangyuan</a>" in html and "梁园区填报员" not in html
