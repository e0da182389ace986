"""A notice as an email: plain text, in the recipient's language, with links built from ``SITE_URL``."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import Profile


def language_of(user) -> str:
    """The language the user chose on their profile (Chinese unless they chose English, or have no profile).

    Reads ``user.profile``: callers sending many emails load it with ``select_related("recipient__profile")``."""
    try:
        language = user.profile.language
    except Profile.DoesNotExist:
        language = ""
    return language or settings.LANGUAGE_CODE


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path if path.startswith("/") else path


def compose(notice) -> EmailMessage:
    """The email for ``notice``: subject, body, a link to the page concerned, and how to stop such emails."""
    language = language_of(notice.recipient)
    subject, body = notice.text(language)
    with translation.override(language):
        lines = [body, ""]
        if notice.url:
            lines += [_("打开平台查看：%(url)s") % {"url": absolute(notice.url)}, ""]
        lines += [
            "—",
            _("商丘市跨境电商三年行动计划跟踪平台"),
            _("不想收到这类邮件？请在通知设置中更改：%(url)s") % {"url": absolute(reverse("notifications:settings"))},
        ]
        prefix = _("【商丘跨境电商平台】")
    return EmailMessage(
        subject=f"{prefix}{subject}",
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notice.recipient.email],
    )


def send(notice) -> None:
    compose(notice).send(fail_silently=False)
