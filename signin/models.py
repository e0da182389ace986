"""What signing in needs to remember: recent failed logins per username (for the username-wide limit)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LoginFailure(models.Model):
    """One failed login for a username from an address; kept for the throttling window, then pruned.

    django-axes locks a username at one address; these rows let ``signin.throttle`` notice one username
    being tried from many addresses. A city admin deletes a username's rows to lift the limit early.
    """

    username = models.CharField(_("用户名"), max_length=150)
    address = models.GenericIPAddressField(_("地址"), null=True, blank=True)
    failed_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model name", "登录失败记录")
        verbose_name_plural = pgettext_lazy("model name, plural", "登录失败记录")
        ordering = ["-failed_at"]
        indexes = [models.Index(fields=["username", "failed_at"], name="loginfailure_user_time")]

    def __str__(self):
        return f"{self.username} @ {self.address or '-'}"


class TwoFactorEventKind(models.TextChoices):
    ENROLLED = "enrolled", _("已启用两步验证")
    REPLACED = "replaced", _("已更换验证器")
    RECOVERY_USED = "recovery_used", _("使用恢复码登录")
    CODES_REGENERATED = "codes_regenerated", _("已重新生成恢复码")
    DISABLED = "disabled", _("已关闭两步验证")
    RESET = "reset", _("管理员重置了两步验证")


class TwoFactorEvent(models.Model):
    """One change to a user's two-factor authentication, kept for the user and the city admins to read:
    who enrolled, used a recovery code, regenerated codes, turned it off, or had it reset (and by whom)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="two_factor_events", verbose_name=_("用户")
    )
    kind = models.CharField(_("事件"), max_length=20, choices=TwoFactorEventKind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    address = models.GenericIPAddressField(_("地址"), null=True, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model name", "两步验证记录")
        verbose_name_plural = pgettext_lazy("model name, plural", "两步验证记录")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "at"], name="twofactorevent_user_time")]

    def __str__(self):
        return f"{self.user} {self.get_kind_display()}"
