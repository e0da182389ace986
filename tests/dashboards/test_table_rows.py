"""The forecast's and the scorecard's rows written by tags print what the template row they replaced printed, for every kind of
verdict and cell, in both languages (the tags exist for speed: a forecast of 212 units' quotas spent most of
its computed time rendering rows)."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from counties.models import QuarterlyReport
from dashboards.management.commands.bench_dashboards import generate
from dashboards.selectors import choose, forecast_rows, scorecard

pytestmark = pytest.mark.django_db

# The row as the forecast template wrote it before (templates/dashboards/forecast.html).
OLD_ROW = """{% load i18n cbec %}{% with t=row.target p=row.progress f=row.forecast %}<tr id="forecast-{{ t.indicator.code }}-{{ t.county.code|default:'city' }}" data-method="{{ f.method }}"{% if f.will_miss %} class="will-miss" data-will-miss="1"{% endif %}>
        <td class="card-title">{{ t.indicator|named }}{% if t.is_aspirational %} <span class="tag">{% translate "争创/力争" %}</span>{% endif %}</td>
        <td data-label="{% translate '县区' %}">{% if t.county %}{{ t.county|named }}{% else %}{% translate "全市" %}{% endif %}</td>
        <td class="num" data-label="{% translate '目标' %}">{{ t|target_label }}</td>
        <td class="num" data-label="{% translate '目前实际' %}">{{ p.actual|quantity:t.indicator }} {% state_badge p %}</td>
        <td class="num" data-label="{% translate '年末预计' %}">{% if f.value is not None %}{{ f.value|quantity:t.indicator }}{% else %}—{% endif %}</td>
        <td data-label="{% translate '判断' %}">{% if f.will_miss %}<span class="state state-overdue">{% translate "按当前进度将无法完成" %}</span>{% elif p.is_fulfilled or f.is_final %}{% state_badge p %}{% elif f.value is not None %}<span class="state state-in_range">{% translate "按当前进度可以完成" %}</span>{% elif f.needed %}<span class="needed">{% blocktranslate with n=f.needed|quantity:t.indicator %}尚差{{ n }}{% endblocktranslate %}</span>{% else %}<span class="muted">{% translate "仅有第1季度数据，暂不预测" %}</span>{% endif %}</td>
      </tr>{% endwith %}"""  # noqa: E501
NEW_ROW = "{% load dashboard_rows %}{% forecast_row row %}"


def _verdict(html: str) -> str:
    """Which kind of judgement the row's last cell gives."""
    last = html.rsplit("<td", 1)[-1]
    return next(k for k in ("will-miss", "state-in_range", "needed", "muted", "data-state") if k in last or k in html)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_forecast_row_prints_what_the_template_row_printed(plan, language):
    # Given the benchmark's data at a small size, and a city-wide volume far behind its pace
    generate(plan, 6, 600)
    QuarterlyReport.objects.filter(year=2017).update(transaction_usd=Decimal(1000))
    old, new, verdicts = Template(OLD_ROW), Template(NEW_ROW), set()
    with translation.override(language):
        for year in plan.years:
            for quarter in (1, 2, 3, 4):
                choice = choose(year, quarter, today=datetime.date(2019, 6, 1))
                city, counties = forecast_rows(choice)
                for row in city + counties:
                    expected = old.render(Context({"row": row}))
                    assert new.render(Context({"row": row})) == expected, expected
                    verdicts.add(_verdict(expected))
    assert verdicts == {"will-miss", "state-in_range", "needed", "muted", "data-state"}


OLD_SCORECARD_ROW = """{% load i18n cbec %}{% translate "本项得分" as cell_score_title %}{% translate "得分" as cell_score %}<tr id="county-{{ row.county.code }}" data-rank="{{ row.rank }}" data-score="{{ row.score|percent }}">
        <td class="num">{{ row.rank }}</td>
        <td>{% if row.county.pk in visible_ids %}<a href="{% url 'county' row.county.code %}">{{ row.county|named }}</a>{% else %}{{ row.county|named }}{% endif %}</td>
        {% for p in row|cells:card.indicators %}<td class="num">{% if p %}{{ p.actual|quantity:p.target.indicator }} / {{ p.target|target_label }}<br>{% state_badge p %} <small title="{{ cell_score_title }}">{{ cell_score }} {{ p.capped_ratio|percent }}</small>{% else %}<span class="muted">—</span>{% endif %}</td>{% endfor %}
        <td class="num"><strong>{{ row.score|percent }}</strong></td>
      </tr>"""  # noqa: E501
NEW_SCORECARD_ROW = "{% load dashboard_rows %}{% scorecard_row row card.indicators visible_ids %}"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_scorecard_row_prints_what_the_template_row_printed(plan, language):
    # Given the benchmark's data at a small size, seen by a viewer who may open only some counties
    generate(plan, 6, 600)
    old, new, cells = Template(OLD_SCORECARD_ROW), Template(NEW_SCORECARD_ROW), set()
    with translation.override(language):
        for year in plan.years:
            card = scorecard(choose(year, 4, today=datetime.date(2019, 6, 1)))
            visible_ids = {row.county.pk for row in card.ranked[::2]}
            for row in card.ranked:
                context = {"row": row, "card": card, "visible_ids": visible_ids}
                expected = old.render(Context(context))
                assert new.render(Context(context)) == expected, expected
                cells |= {"link" if "<a href" in expected else "name", "none" if "muted" in expected else "quota"}
    assert cells == {"link", "name", "none", "quota"}


OLD_RECORDS = (
    '{% load l10n cbec %}{% localize off %}<select name="county"><option value="">all</option>{% for c in counties %}'
    '<option value="{{ c.code }}"{% if c == only_county %} selected{% endif %}>{{ c|named }}</option>{% endfor %}'
    "</select><tbody>{% for row in record_rows %}<tr>{% for v in row.cells %}<td>{% if forloop.first %}"
    '<a href="{{ row.url }}">{{ v }}</a>{% elif v.isoformat %}{{ v|date:"Y-m-d" }}{% else %}{{ v|default_if_none:"" }}'
    "{% endif %}</td>{% endfor %}</tr>\n    {% endfor %}</tbody>{% endlocalize %}"
)
NEW_RECORDS = (
    '{% load l10n dashboard_rows %}{% localize off %}<select name="county"><option value="">all</option>'
    "{% county_options counties only_county %}</select><tbody>{% record_rows record_rows %}</tbody>{% endlocalize %}"
)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_record_list_and_its_county_picker_print_what_the_template_printed(language):
    from counties.models import County
    from dashboards.records import RecordRow

    counties = [
        County(code="411402", name="梁园区", name_en="Liangyuan District"),
        County(code="SQZ01", name="城乡一体化示范区<试>", name_en=""),
    ]
    rows = [
        RecordRow("/registries/1/", ["A & B 公司", "梁园区", datetime.date(2017, 3, 31), None, 2018]),
        RecordRow("/reports/2/", ["睢阳区", 2018, "第3季度", "12,345", "已审核"]),
    ]
    with translation.override(language):
        for only_county in (None, counties[1]):
            context = {"counties": counties, "only_county": only_county, "record_rows": rows}
            expected = Template(OLD_RECORDS).render(Context(context))
            assert Template(NEW_RECORDS).render(Context(context)) == expected
    assert "<td>2017-03-31</td><td></td><td>2018</td>" in expected and "&lt;试&gt;</option>" in expected
