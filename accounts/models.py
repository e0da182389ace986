"""What the portal keeps about a user beyond Django's ``User``: their language and whether they must
change a password someone else set."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Profile(models.Model):
    """One per user, created on first need (``profile_of``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile", verbose_name=_("用户")
    )
    language = models.CharField(_("语言"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    must_change_password = models.BooleanField(
        _("须修改初始密码"),
        default=False,
        help_text=_("管理员新建账号或重设密码后自动勾选；用户登录后须先修改密码。"),
    )

    class Meta:
        verbose_name = pgettext_lazy("model name", "账号设置")
        verbose_name_plural = pgettext_lazy("model name, plural", "账号设置")

    def __str__(self):
        return str(self.user)


def profile_of(user) -> Profile:
    """The user's profile, created with the defaults if they have none yet."""
    try:
        return user.profile
    except Profile.DoesNotExist:
        profile, _ = Profile.objects.get_or_create(user=user)
        user.profile = profile
        return profile
