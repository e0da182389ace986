"""The signed-in user's name in the header, readable in the page's language."""

import re

from django import template

from shangqiu_cbec.language import is_english

register = template.Library()
CJK = re.compile(r"[\u3400-\u9fff]")


@register.filter
def shown_name(user) -> str:
    """The user's full name, or the login name when there is none. On English pages a name written in
    Chinese characters gives way to the login name (Latin letters): the header is where an English
    reader finds whose session this is, and a Chinese name has no English form to show."""
    name = user.get_full_name()
    if not name or (is_english() and CJK.search(name)):
        return user.get_username()
    return name
