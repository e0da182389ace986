"""The overview's banner of counties whose figures are left out says the same as it did with a translate tag per
quarter and county (its words are now translated once per banner: a banner of 200 counties was most of the page)."""

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

from counties.models import County
from counties.todo import Gap

# The list as it was written before (dashboards/_pending_banner.html's loop).
OLD_LIST = (
    "{% load i18n cbec %}{% for gap in gaps %}"
    '<li data-county="{{ gap.county.code }}">{{ gap.county|named }}{% translate "：" context "list label" %}'
    '{% for kind, quarters in gap.parts %}<span class="{{ kind }}">{% for q in quarters %}{% blocktranslate %}'
    '第{{ q }}季度{% endblocktranslate %}{% if not forloop.last %}{% translate "、" context "list separator" %}{% endif %}'
    '{% endfor %} {% if kind == "pending" %}{% translate "待审核" context "figures state" %}{% elif kind == "returned" %}'
    '{% translate "已退回，待县区修改" %}{% else %}{% translate "未报送或未提交" %}{% endif %}</span>'
    '{% if not forloop.last %}{% translate "；" context "list separator" %}{% endif %}{% endfor %}</li>{% endfor %}'
)


def _gaps():
    liangyuan = County(code="411402", name="梁园区", name_en="Liangyuan District")
    yongcheng = County(code="411481", name="永城市", name_en="Yongcheng City")
    suiyang = County(code="411403", name="睢阳区", name_en="Suiyang District")
    return [
        Gap(liangyuan, pending=[1, 2], missing=[3]),
        Gap(yongcheng, missing=[1, 2, 3, 4]),
        Gap(suiyang, pending=[4]),
    ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_banner_lists_each_county_with_its_pending_and_missing_quarters_as_before(language):
    gaps = _gaps()
    with translation.override(language):
        old = Template(OLD_LIST).render(Context({"gaps": gaps}))
        html = render_to_string("dashboards/_pending_banner.html", {"gaps": gaps, "choice": None})
    for line in old.split("</li>")[:-1]:
        assert line + "</li>" in html
    assert html.count("<li ") == 3


def test_quarters_are_named_in_the_reader_language():
    template = Template("{% load cbec %}{% quarter_names quarters %}")
    assert template.render(Context({"quarters": [1, 2]})) == "第1季度、第2季度"
    with translation.override("en"):
        assert template.render(Context({"quarters": [1, 2]})) == "Q1, Q2"
    assert template.render(Context({"quarters": []})) == ""
