"""The bulletin's charts write Chinese in a Chinese font, never as empty boxes, even when matplotlib's font
cache was built before the font was installed."""

import warnings

import pytest
from matplotlib import font_manager

from dashboards.bulletin import charts
from dashboards.map import county_map
from dashboards.selectors import choose

pytestmark = pytest.mark.django_db


def test_a_chinese_font_is_found():
    assert charts.chinese_font() in charts.FONTS[:-1]
    assert "DejaVu" not in font_manager.findfont(font_manager.FontProperties(family=charts.chinese_font()))


def test_a_font_installed_after_matplotlibs_cache_is_still_found(monkeypatch):
    """A font manager that knows only its bundled fonts, as after `apt-get install fonts-noto-cjk` on a
    machine where matplotlib had already run: the system's Chinese fonts are added from fontconfig."""
    bare = font_manager.FontManager.__new__(font_manager.FontManager)
    bare.__dict__.update(font_manager.fontManager.__dict__)
    bare.ttflist = [f for f in font_manager.fontManager.ttflist if f.name not in charts.FONTS[:-1]]
    monkeypatch.setattr(font_manager, "fontManager", bare)
    charts.chinese_font.cache_clear()
    try:
        assert charts.chinese_font() in charts.FONTS[:-1]
    finally:
        charts.chinese_font.cache_clear()


def test_the_map_and_the_trends_draw_every_chinese_character():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        charts.county_map(county_map(choose(2016, 4, False), "enterprises_filed"), "png")
        charts.trends(
            [{"values": [1, 2], "labels": ["第1季度", "第2季度"], "unit": "家", "title": "备案认定跨境电商企业"}]
        )
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert missing == []
