"""The page's language where a model or a computation needs it: English pages name things in English.

Counties, indicators, milestones, the plan and the data-quality rules carry an English name beside the
Chinese one (``name_en``, ``title_en``); ``localised`` picks it on English pages and falls back to the
Chinese name where no English one was recorded. ``__str__`` of those models uses it, so a county reads
"Liangyuan District" wherever Django shows a record by itself (the admin's lists and filters, form
choices, history pages).
"""

from collections.abc import Iterable

from django.utils.translation import get_language, pgettext


def is_english() -> bool:
    return (get_language() or "").startswith("en")


def localised(obj, field: str = "name") -> str:
    """``obj.<field>_en`` on English pages when it has one, else ``obj.<field>``."""
    if obj is None:
        return ""
    english = getattr(obj, f"{field}_en", "") if is_english() else ""
    return english or getattr(obj, field, "")


def join_list(items: Iterable[str]) -> str:
    """Items as a list in running text: "甲、乙" in Chinese, "a, b" in English."""
    return pgettext("list separator", "、").join(str(item) for item in items)


def localised_column(field: str, description):
    """An admin list column showing ``field`` in the page's language (``<field>_en`` on English pages),
    sorted by the stored field."""
    from django.contrib import admin

    @admin.display(description=description, ordering=field)
    def column(obj):
        return localised(obj, field)

    column.__name__ = f"localised_{field}"
    return column
