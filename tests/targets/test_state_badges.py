"""The state badge and completion bar tags print exactly what the included templates they replace printed."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from targets.models import Indicator, Target
from targets.progress import Period, Progress

# The partials as they were before they became tags (dashboards/_state.html, _bar.html).
OLD_STATE = '<span class="state state-{{ p.state }}" data-state="{{ p.state }}">{{ p.state_label }}</span>'
OLD_BAR = (
    '{% load cbec %}<div class="bar-cell" title="{{ p.ratio|percent }}"><svg class="bar" viewBox="0 0 100 10" '
    'preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect class="bar-track" width="100" height="10" '
    'rx="2"/><rect class="bar-fill fill-{{ p.state }}" width="{{ p.ratio|bar_width }}" height="10" rx="2"/>'
    '{% if p.range_floor %}<line class="bar-floor" x1="{{ p.range_floor|bar_width }}" x2="{{ p.range_floor|bar_width }}" '
    'y1="0" y2="10"/>{% endif %}</svg><small>{{ p.ratio|percent }}</small></div>'
)
TARGETS = [  # (minimum, maximum, strict)
    ("50", None, False),
    ("1", "2", False),
    ("3", "5", False),
    ("1500", None, True),
    ("0", None, False),
]
ACTUALS = ["0", "1", "2", "3", "4", "5", "6", "49", "50", "1500", "1501"]


def progresses(year_over: bool):
    today = datetime.date(2026, 1, 1) if year_over else datetime.date(2018, 6, 1)
    indicator = Indicator(code="x", name="x", unit="家", measure="parks")
    for low, high, strict in TARGETS:
        target = Target(
            indicator=indicator,
            year=2018,
            minimum=Decimal(low),
            maximum=Decimal(high) if high else None,
            is_strict=strict,
        )
        for actual in ACTUALS:
            yield Progress(target, Period(2018, 4), Decimal(actual), today)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("year_over", [False, True])
def test_the_tags_print_what_the_partials_printed(language, year_over):
    tags = Template("{% load cbec %}{% state_badge p %}|{% progress_bar p %}")
    old = Template(OLD_STATE + "|" + OLD_BAR)
    with translation.override(language):
        for p in progresses(year_over):
            assert tags.render(Context({"p": p})) == old.render(Context({"p": p})), (p.target, p.actual)
