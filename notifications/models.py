"""Notices to people: one row per recipient and event, shown in their inbox and (if they want) emailed.

The text is rendered when the notice is sent, in every language of the portal, and kept: the inbox
shows it in the reader's language, the email goes in the recipient's, and what was said stays as it
was said even if the wording in the code changes later.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class EmailStatus(models.TextChoices):
    NONE = "none", _("不发邮件")
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("收件人")
    )
    kind = models.CharField(_("类别"), max_length=40)
    texts = models.JSONField(_("内容"), help_text=_('{"zh-hans": ["标题", "正文"], "en": [...]}'))
    url = models.CharField(_("链接"), max_length=300, blank=True)
    # Scheduled reminders carry a key (what, for whom, which step): the unique constraint below makes
    # sending the same reminder twice impossible, however often and however concurrently the job runs.
    dedupe_key = models.CharField(_("去重键"), max_length=150, null=True, blank=True)
    in_inbox = models.BooleanField(_("站内显示"), default=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    email_status = models.CharField(_("邮件"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.NONE)
    email_attempts = models.PositiveSmallIntegerField(_("邮件发送次数"), default=0)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    email_error = models.TextField(_("邮件错误"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = pgettext_lazy("model name", "通知")
        verbose_name_plural = pgettext_lazy("model name, plural", "通知")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=Q(dedupe_key__isnull=False),
                name="one_notification_per_recipient_and_key",
            ),
        ]
        indexes = [models.Index(fields=["recipient", "in_inbox", "read_at"], name="notification_unread")]

    def __str__(self):
        return f"{self.recipient} · {self.subject}"

    def text(self, language: str | None = None) -> tuple[str, str]:
        """(subject, body) in ``language`` (default: the active one), falling back to Chinese."""
        language = language or get_language() or settings.LANGUAGE_CODE
        pair = self.texts.get(language) or self.texts.get(settings.LANGUAGE_CODE) or next(iter(self.texts.values()))
        return pair[0], pair[1]

    @property
    def subject(self) -> str:
        return self.text()[0]

    @property
    def body(self) -> str:
        return self.text()[1]

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class Preference(models.Model):
    """A user's choice for one kind of notice; without a row, the kind's defaults apply."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("类别"), max_length=40)
    inbox = models.BooleanField(_("站内通知"), default=True)
    email = models.BooleanField(_("邮件通知"), default=True)

    class Meta:
        verbose_name = pgettext_lazy("model name", "通知设置")
        verbose_name_plural = pgettext_lazy("model name, plural", "通知设置")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_user_and_kind")]

    def __str__(self):
        return f"{self.user} · {self.kind}"
