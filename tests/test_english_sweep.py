"""The English sweep: every page, every role, in English, and no Chinese left but what is kept on purpose.

Each role opens every page it may open (tests/pages.py: every URL pattern with real arguments, and the
admin for city admins) with the language cookie set to English. The text a reader sees is taken from the
HTML — text nodes outside scripts and styles, the attributes a browser shows (title, placeholder,
aria-label, alt, a button's value), ``data-`` attributes the scripts turn into text, and the JSON the
charts draw from (``json_script``) — and from the JSON the map and the screen fetch, the dashboards'
xlsx exports, the targets' csv, the import preview of a file with errors and the forms' validation
messages. Any CJK character (ideographs and full-width punctuation) there fails, naming the page.

Kept Chinese, and why (the whole allow-list):

* the language switch names each language in itself ("简体中文"), as language switches do;
* the plan's own words where a page quotes them (a target's or milestone's clause, the plan's title): they
  are the source every number is read from, and the plan has no official English text;
* the plan's document number (商政〔2016〕26号), a proper name.

In files (csv, xlsx), where nothing can be marked, a cell may be exactly a quoted plan text or a target's
note (the city's own remark, free text kept in the admin like a record's name). In the map's JSON the key
``geo`` is the county's Chinese name that matches the boundary file's features; it is never shown.

The first two are marked ``lang="zh-hans"`` in the page (so a screen reader reads them as Chinese), and a
text so marked must be one of them; the document number may stand anywhere (the admin's choice lists
name plans by it). Data people typed is the data's business: the records the URLs point at have Latin
names here (tests/pages.py), and an uploaded file's own headers and cells are taken out of its preview.

The spreadsheets counties fill in (the import templates and the registry exports that round-trip into
the import) keep their Chinese headers and values: they are what the import reads. They are not swept.
"""

import csv
import io
import json
import re

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from lxml import html as lxml_html

from targets.models import Baseline, Milestone, Plan, Target
from tests.pages import ROLES, admin_urls, signed_in, table_urls, world

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
BUTTON_TYPES = ("submit", "button", "reset")
# The interchange spreadsheets (see the docstring): Chinese headers by design, what the import reads.
INTERCHANGE = ("spreadsheets:template", "spreadsheets:export")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Admin list columns of fields that store Chinese text as data: a county's short name (梁园), a baseline's
# unit, qualifier and period as the plan writes them (元, 以上, 2015年底), a rule's expressions as typed
# (the rule language reads Chinese names; the rules page shows them with English names).
ADMIN_DATA_COLUMNS = {
    "field-short_name",
    "field-unit",
    "field-qualifier",
    "field-period",
    "field-left_expression",
    "field-right_expression",
    "field-condition",
}


def kept_marked() -> set[str]:
    """Texts a page may show in an element marked ``lang="zh-hans"``: language names and the plan's words."""
    texts = {str(name) for code, name in settings.LANGUAGES}
    texts |= {"简体中文", "中文"}
    texts |= set(Plan.objects.values_list("title", flat=True)) | set(Plan.objects.values_list("code", flat=True))
    for model in (Target, Milestone, Baseline):
        texts |= set(model.objects.exclude(clause="").values_list("clause", flat=True))
    return {t.strip() for t in texts}


def kept_cells() -> set[str]:
    """What a file's cell may be exactly: a quoted plan text, or a target's note."""
    return kept_marked() | set(Target.objects.exclude(note="").values_list("note", flat=True))


NOT_SHOWN_KEYS = ("geo",)


def kept_anywhere() -> list[str]:
    """Proper names that may stand in any text: the plans' document numbers."""
    return list(Plan.objects.values_list("code", flat=True))


def _lang(element) -> str:
    for node in (element, *element.iterancestors()):
        if node.get("lang"):
            return node.get("lang")
    return ""


def shown_texts(document):
    """``(where, text, lang)`` for every piece of text a reader of ``document`` sees."""
    for element in document.iter():
        if not isinstance(element.tag, str):  # comments, processing instructions
            continue
        parent = element.getparent()
        if element.tail and parent is not None:
            yield parent.tag, element.tail, _lang(parent)
        if element.tag == "script":
            if element.get("type") == "application/json" and element.text:
                yield from _json_strings(f"script#{element.get('id')}", json.loads(element.text))
            continue
        if element.tag in ("style", "textarea"):  # a textarea holds the value being edited: data
            continue
        if ADMIN_DATA_COLUMNS & set(element.get("class", "").split()):
            continue
        lang = _lang(element)
        if element.text:
            yield element.tag, element.text, lang
        for name, value in element.attrib.items():
            if name in SHOWN_ATTRIBUTES or name.startswith("data-"):
                yield f"{element.tag}[{name}]", value, lang
        if element.tag == "input" and element.get("type") in BUTTON_TYPES and element.get("value"):
            yield "input[value]", element.get("value"), lang


def _json_strings(where, value):
    if isinstance(value, str):
        yield where, value, ""
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_SHOWN_KEYS:
                yield from _json_strings(f"{where}.{key}", item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(where, item)


class Sweep:
    """Collects the Chinese found, as ``url: where: text`` lines."""

    def __init__(self, removed=()):
        self.marked = kept_marked()
        self.cells = kept_cells()
        self.anywhere = kept_anywhere()
        self.removed = sorted(removed, key=len, reverse=True)  # an uploaded file's own words
        self.found = []

    def check(self, url, where, text, lang="", *, cell=False):
        text = text.strip()
        if not CJK.search(text):
            return
        if (lang.startswith("zh") and text in self.marked) or (cell and text in self.cells):
            return
        rest = text
        for word in [*self.anywhere, *self.removed]:
            rest = rest.replace(word, "")
        if CJK.search(rest):
            self.found.append(f"{url}: {where}: {text[:160]!r}")

    def html(self, url, content: bytes):
        for where, text, lang in shown_texts(lxml_html.fromstring(content.decode())):
            self.check(url, where, text, lang)

    def json(self, url, content: bytes):
        for where, text, _lang in _json_strings("json", json.loads(content)):
            self.check(url, where, text)

    def xlsx(self, url, content: bytes):
        book = openpyxl.load_workbook(io.BytesIO(content))
        for sheet in book.worksheets:
            self.check(url, "sheet name", sheet.title)
            for row in sheet.iter_rows(values_only=True):
                for value in row:
                    if isinstance(value, str):
                        self.check(url, f"sheet {sheet.title!r}", value, cell=True)

    def csv(self, url, content: bytes):
        for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))):
            for value in row:
                self.check(url, "csv", value, cell=True)

    def response(self, url, response):
        kind = response.get("Content-Type", "")
        if kind.startswith("text/html"):
            self.html(url, response.content)
        elif kind.startswith("application/json"):
            self.json(url, response.content)
        elif kind.startswith(XLSX):
            self.xlsx(url, response.content)
        elif kind.startswith("text/csv"):
            self.csv(url, response.content)

    def report(self) -> str:
        return f"{len(self.found)} Chinese texts on English pages:\n" + "\n".join(dict.fromkeys(self.found))


def english_client(role, request) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    signed_in(client, role, request)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_opens_is_english(request, role):
    client = english_client(role, request)
    w = world()
    pages = table_urls(role, w) + (admin_urls() if role == "city_admin" else [])
    sweep = Sweep()
    swept = 0
    for page in pages:
        if page.name in INTERCHANGE:
            continue
        response = client.get(page.url)
        if response.status_code == 200:
            sweep.response(page.url, response)
            swept += 1
    assert swept >= 2, pages
    assert sweep.found == [], sweep.report()


def test_the_sweep_finds_chinese_in_text_attributes_and_chart_data(db):
    sweep = Sweep()
    page = (
        '<html><body><p>Filed <b title="备案">12</b></p><script type="application/json" id="c">{"unit": "亿美元"}'
        '</script><span lang="zh-hans">商丘市跨境电子商务三年行动计划（2016—2018年）</span>'
        '<span lang="zh-hans">不是计划原文</span><div data-label="人">x</div></body></html>'
    )
    sweep.html("/x/", page.encode())
    assert [line.split(": ")[1] for line in sweep.found] == ["b[title]", "script#c.unit", "span", "div[data-label]"]


@pytest.mark.django_db
def test_an_import_with_errors_is_explained_in_english(request):
    """The preview of a file with problems: every message English, quoting the file's own words."""
    client = english_client("county_a", request)
    headers = ["企业名称", "统一社会信用代码", "县区", "备案认定日期", "行业"]
    rows = [
        ["Example Trading", "123", "梁园县", "2016-13-45", "航天"],
        ["", "91411400MA44L6QX19", "睢阳区", "明天", "食品"],
    ]
    book = openpyxl.Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    url = reverse("spreadsheets:import", args=["enterprises"])
    response = client.post(url, {"file": SimpleUploadedFile("firms.xlsx", data.getvalue())})
    assert response.status_code == 302
    preview = client.get(response.url)
    file_words = {w for w in headers + [c for row in rows for c in row] if w}
    sweep = Sweep(removed=file_words)
    sweep.html(response.url, preview.content)
    assert preview.context["result"].problem_count >= 5, "the file has errors in every row"
    assert sweep.found == [], sweep.report()


FORMS = [
    # (role, URL name, arguments, data that is wrong in every field it has)
    (
        "county_a",
        "registry_add",
        {"code": "411402", "kind": "enterprises"},
        {"name": "x" * 201, "filed_on": "2016-02-30", "credit_code": "1", "city_demo_year": "abc"},
    ),
    (
        "county_a",
        "registry_add",
        {"code": "411402", "kind": "parks"},
        {"established_on": "yesterday", "national_demo_year": "1.5"},
    ),
    (
        "county_a",
        "registry_add",
        {"code": "411402", "kind": "warehouses"},
        {"opened_on": "x", "country": "", "province_public_year": "99999"},
    ),
    (
        "county_a",
        "registry_add",
        {"code": "411402", "kind": "training-bases"},
        {"name": "", "established_on": "2016-01-01", "closed_on": "2015-01-01"},
    ),
    (
        "county_a",
        "report_form",
        {"code": "411402", "year": 2016, "quarter": 3},
        {"transaction_usd": "1" * 20, "employees": "1.5", "reporting_enterprises": "x", "save": "1"},
    ),
    ("county_a", "accounts:profile", {}, {"email": "not an email", "first_name": "y" * 200}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "name", "kwargs", "data"), FORMS, ids=[f"{f[1]}-{f[2].get('kind', '')}" for f in FORMS]
)
def test_a_form_with_wrong_values_says_so_in_english(request, role, name, kwargs, data):
    client = english_client(role, request)
    world()
    url = reverse(name, kwargs=kwargs)
    response = client.post(url, data)
    assert response.status_code == 200, response.status_code  # shown again with its errors
    assert response.context["form"].errors
    sweep = Sweep()
    sweep.html(url, response.content)
    assert sweep.found == [], sweep.report()


def test_the_scripts_write_no_chinese_of_their_own():
    """The pages' scripts draw what the page gives them (data- attributes, json_script, JSON): a word
    written in a script would escape the sweep above, so none may be, outside comments."""
    from pathlib import Path

    scripts = sorted((Path(settings.BASE_DIR) / "static" / "js").glob("*.js"))
    found = []
    for script in scripts:
        code = re.sub(r"/\*.*?\*/|(?<![:\\])//[^\n]*", "", script.read_text(encoding="utf-8"), flags=re.S)
        found += [f"{script.name}: {line.strip()}" for line in code.splitlines() if CJK.search(line)]
    assert scripts and found == []
