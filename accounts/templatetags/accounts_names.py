"""The header: the main navigation of the user's role, and its user side (the signed-in user's name, readable
in the page's language, and the user box)."""

import re

from django import template
from django.conf import settings
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

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


@register.simple_tag(takes_context=True)
def mainnav(context) -> str:
    """The main navigation (partials/nav.html): its links depend only on the page's language and the user's
    roles, so each process writes it once per language and combination of roles and keeps it until it
    restarts (a deployment restarts it). With DEBUG on it is written each time, so an edited template shows.
    The per-user counts beside it (partials/nav_counts.html) are not part of it."""
    user = context.get("user")
    flags = {name: bool(context.get(name)) for name in NAV_ROLES}
    key = (translation.get_language(), bool(user and user.is_staff), *flags.values())
    html = _navs.get(key)
    if html is None:
        html = render_to_string("partials/nav.html", {**flags, "user": user})
        if not settings.DEBUG:
            _navs[key] = html
    return mark_safe(html)  # noqa: S308 - a template's output, escaped by it


NAV_ROLES = ("is_city_admin", "is_leader", "is_county_staff")  # counties.context_processors.role
_navs: dict[tuple, str] = {}


@register.simple_tag(takes_context=True)
def userbox(context) -> str:
    """The right of the header on every page: the language switch, and for a signed-in user their notices
    (with the unread count), their name (to the profile), the password link and signing out.

    Written here rather than as template markup: it is on every page, and as thirty template nodes it
    cost about a tenth of a cached dashboard's work (README "Benchmarks"); the markup is the same."""
    request = context["request"]
    user = context.get("user") or request.user
    csrf = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))
    current = translation.get_language()
    options = format_html_join(
        "",
        '<option value="{}" lang="{}"{}>{}</option>',
        (
            (code, code, mark_safe(" selected") if code == current else "", get_language_info(code)["name_local"])
            for code, _ in settings.LANGUAGES
        ),
    )
    parts = [
        format_html(
            '<form action="{}" method="post" class="inline">{}\n'
            '<input name="next" type="hidden" value="{}">\n'
            '<select name="language" aria-label="{}" data-autosubmit>{}</select>\n'
            '<noscript><button type="submit">{}</button></noscript>\n</form>',
            reverse("set_language"),
            csrf,
            request.get_full_path(),
            _("语言"),
            options,
            _("切换"),
        )
    ]
    if user.is_authenticated:
        unread = context.get("unread_notifications")
        badge = (
            format_html(' <span class="badge" title="{}">{}</span>', _("未读通知"), localize(unread)) if unread else ""
        )
        parts += [
            format_html(
                '<a href="{}" id="nav-inbox" class="inbox-link">{}{}</a>',
                reverse("notifications:inbox"),
                _("通知"),
                badge,
            ),
            format_html(
                '<a href="{}" class="username" title="{}">{}</a>',
                reverse("accounts:profile"),
                _("个人资料和通知设置"),
                shown_name(user),
            ),
            format_html('<a href="{}">{}</a>', reverse("password_change"), _("修改密码")),
            format_html(
                '<form action="{}" method="post" class="inline">{}<button type="submit" class="link">{}</button></form>',
                reverse("logout"),
                csrf,
                _("退出"),
            ),
        ]
    return mark_safe("\n".join(parts))  # noqa: S308 - every part is built by format_html
