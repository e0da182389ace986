"""Template helpers of the data-quality pages: expressions and a run's scope in the reader's language."""

from django import template
from django.utils.translation import gettext as _

from quality.variables import in_language
from shangqiu_cbec.language import is_english, join_list, localised

register = template.Library()


@register.filter
def expression(text: str) -> str:
    """``交易额 > 0`` as ``transaction_usd > 0`` on an English page (the names as the rule language spells them)."""
    return in_language(text, english=is_english()) if text else ""


@register.simple_tag
def run_scope(run, counties=None) -> str:
    """The years, quarters and counties a batch run covered: "2016、2017 · 第1季度、第2季度 · 全部县区"."""
    quarters = [_("第%(q)s季度") % {"q": q} for q in run.quarters]
    where = join_list(localised(c) for c in counties) if counties else _("全部县区")
    return " · ".join([join_list(run.years), join_list(quarters), where])
