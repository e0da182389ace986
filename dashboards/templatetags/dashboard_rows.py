"""Rows of the dashboards' long tables, written in Python: the forecast's 200-odd target rows, the
scorecard's 212 counties, and the indicator page's record list (fifty records and a picker of every county)
— the list is rendered for every request, cached or not.

A row in template language costs some thirty variable, filter and tag nodes; a table of 212 units' quotas
spent most of a computed page rendering them (issue #15: a computed forecast within 100 ms). These tags
print the same markup as the template rows they replaced (pinned by tests/dashboards/test_table_rows.py),
with the same filters and tags (``cbec``), the column names translated once per table by the template.
"""

from html import escape

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from targets.templatetags.cbec import named, percent, quantity, state_badge, target_label

register = template.Library()


def _verdict(p, f, indicator) -> str:
    """The forecast's judgement cell: will miss, fulfilled or final, on track, still needed, or too early."""
    if f.will_miss:
        return format_html('<span class="state state-overdue">{}</span>', gettext("按当前进度将无法完成"))
    if p.is_fulfilled or f.is_final:
        return state_badge(p)
    if f.value is not None:
        return format_html('<span class="state state-in_range">{}</span>', gettext("按当前进度可以完成"))
    if f.needed:
        words = gettext("尚差%(n)s") % {"n": quantity(f.needed, indicator)}
        return format_html('<span class="needed">{}</span>', words)
    return format_html('<span class="muted">{}</span>', gettext("仅有第1季度数据，暂不预测"))


@register.simple_tag
def forecast_row(row) -> str:
    """One target of the forecast page: indicator, county, target, actual now, year-end projection, verdict
    (each cell labelled with its column's name for the phone layout)."""
    t, p, f = row.target, row.progress, row.forecast
    indicator = t.indicator
    will_miss = f.will_miss
    aspirational = format_html(' <span class="tag">{}</span>', gettext("争创/力争")) if t.is_aspirational else ""
    return format_html(
        '<tr id="forecast-{}-{}" data-method="{}"{}>\n'
        '        <td class="card-title">{}{}</td>\n'
        '        <td data-label="{}">{}</td>\n'
        '        <td class="num" data-label="{}">{}</td>\n'
        '        <td class="num" data-label="{}">{} {}</td>\n'
        '        <td class="num" data-label="{}">{}</td>\n'
        '        <td data-label="{}">{}</td>\n'
        "      </tr>",
        indicator.code,
        t.county.code if t.county_id else "city",
        f.method,
        mark_safe(' class="will-miss" data-will-miss="1"') if will_miss else "",  # noqa: S308 - constant markup
        named(indicator),
        aspirational,
        gettext("县区"),
        named(t.county) if t.county_id else gettext("全市"),
        gettext("目标"),
        target_label(t),
        gettext("目前实际"),
        quantity(p.actual, indicator),
        state_badge(p),
        gettext("年末预计"),
        quantity(f.value, indicator) if f.value is not None else "—",
        gettext("判断"),
        _verdict(p, f, indicator),
    )


NO_CELL = '<td class="num"><span class="muted">—</span></td>'


def _scorecard_cell(p, score_words: tuple[str, str]) -> str:
    """One quota's cell. Written with f-strings and the standard library's ``escape`` (what Django's
    ``escape`` calls) instead of ``format_html``: 2,000-odd cells of a 212-unit scorecard spent more time in
    ``format_html``'s lazy-string checks than in anything they print. Every text from data is escaped."""
    if p is None:
        return NO_CELL
    state, label = p.state, escape(str(p.state_label))
    return (
        f'<td class="num">{escape(quantity(p.actual, p.target.indicator))} / {escape(target_label(p.target))}<br>'
        f'<span class="state state-{escape(state)}" data-state="{escape(state)}">{label}</span> '
        f'<small title="{score_words[0]}">{score_words[1]} {escape(percent(p.capped_ratio))}</small></td>'
    )


@register.simple_tag(takes_context=True)
def scorecard_row(context, row, indicators, visible_ids) -> str:
    """One county of the scorecard: rank, name (a link to its page for those who may open it), each quota's
    actual against the quota with its state and credited score, and the composite score."""
    table = context.render_context.setdefault("scorecard_row", {})
    if not table:  # once per table: the words and the county page's address, by reversing once
        table["words"] = (escape(gettext("本项得分")), escape(gettext("得分")))
        table["url"] = reverse("county", args=["411402"]).replace("411402", "{}")
    county = row.county
    code = escape(county.code)
    name = escape(named(county))
    if county.pk in visible_ids:
        name = f'<a href="{escape(table["url"].format(county.code))}">{name}</a>'
    score = escape(percent(row.score))
    rank = escape(str(row.rank))
    cells = "".join(_scorecard_cell(p, table["words"]) for p in row.cell_list(indicators))
    return mark_safe(  # noqa: S308 - every text from data is escaped above
        f'<tr id="county-{code}" data-rank="{rank}" data-score="{score}">\n'
        f'        <td class="num">{rank}</td>\n'
        f"        <td>{name}</td>\n"
        f"        {cells}\n"
        f'        <td class="num"><strong>{score}</strong></td>\n'
        "      </tr>"
    )


@register.simple_tag
def county_options(counties, selected) -> str:
    """The record list's county picker: an option per county (212 on the benchmark's data), ``selected`` marked."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((c.code, mark_safe(" selected") if c == selected else "", named(c)) for c in counties),  # noqa: S308
    )


def _record_cell(index: int, value, url: str) -> str:
    if index == 0:
        return format_html('<td><a href="{}">{}</a></td>', url, value)
    if hasattr(value, "isoformat"):
        return format_html("<td>{}</td>", date_format(value, "Y-m-d"))
    return format_html("<td>{}</td>", "" if value is None else value)


@register.simple_tag
def record_rows(rows) -> str:
    """The records behind an indicator's number, one table row each: the first cell links to the record's own
    page, dates as 2017-03-31."""
    return mark_safe(  # noqa: S308 - every cell is escaped by format_html
        "".join(
            "<tr>" + "".join(_record_cell(i, value, row.url) for i, value in enumerate(row.cells)) + "</tr>\n    "
            for row in rows
        )
    )
