"""Template helpers of the data-quality pages: expressions and a run's scope in the reader's language."""

from django import template
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from quality.variables import in_language

register = template.Library()


def _english() -> bool:
    return (get_language() or "").startswith("en")


@register.filter
def expression(text: str) -> str:
    """``交易额 > 0`` as ``transaction_usd > 0`` on an English page (the names as the rule language spells them)."""
    return in_language(text, english=_english()) if text else ""


@register.simple_tag
def run_scope(run, counties=None) -> str:
    """The years, quarters and counties a batch run covered: "2016、2017 · 第1季度、第2季度 · 全部县区"."""
    separator = pgettext("list separator", "、")
    quarters = [_("第%(q)s季度") % {"q": q} for q in run.quarters]
    if counties:
        where = separator.join(c.name_en if _english() and c.name_en else c.name for c in counties)
    else:
        where = _("全部县区")
    return " · ".join([separator.join(str(y) for y in run.years), separator.join(quarters), where])
