from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from signin import twofactor
from signin.models import LoginFailure, TwoFactorEvent

# django-otp's own device admins show every user's secret key and recovery codes: city admins reset a user's
# two-factor from the user list instead (``TwoFactorUserAdminMixin``), which never shows a secret.
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    """City admins see who is being tried from where, and delete a username's failures to lift its limit."""

    list_display = ["username", "address", "failed_at"]
    list_filter = ["failed_at"]
    search_fields = ["username", "address"]
    date_hierarchy = "failed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TwoFactorEvent)
class TwoFactorEventAdmin(admin.ModelAdmin):
    """Who enrolled, used a recovery code, regenerated codes, turned two-factor off or had it reset, and by whom."""

    list_display = ["at", "user", "kind", "by", "address"]
    list_filter = ["kind", "at"]
    search_fields = ["user__username", "user__first_name", "by__username"]
    date_hierarchy = "at"
    list_select_related = ["user", "by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TwoFactorUserAdminMixin:
    """For the user admin: a "two-factor" column and the action resetting it (a lost phone)."""

    actions = ["reset_two_factor"]

    def get_queryset(self, request):
        enrolled = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(two_factor_on=Exists(enrolled))

    @admin.display(description=_("两步验证"), boolean=True, ordering="two_factor_on")
    def two_factor(self, obj):
        return obj.two_factor_on

    @admin.action(description=_("重置两步验证（手机丢失时；用户下次登录重新设置）"))
    def reset_two_factor(self, request, queryset):
        users = list(queryset.filter(two_factor_on=True))
        for user in users:
            twofactor.two_factor_remove(user=user, by=request.user, request=request)
            self.log_change(request, user, [{"changed": {"fields": ["两步验证（已重置）"]}}])
        if users:
            names = gettext_now("、").join(user.get_username() for user in users)
            self.message_user(
                request,
                ngettext(
                    "已重置 %(n)d 个用户的两步验证：%(names)s。他们下次登录时须重新设置（市商务局管理员必须设置）。",
                    "已重置 %(n)d 个用户的两步验证：%(names)s。他们下次登录时须重新设置（市商务局管理员必须设置）。",
                    len(users),
                )
                % {"n": len(users), "names": names},
            )
        else:
            self.message_user(request, gettext_now("所选用户都未启用两步验证，无需重置。"), level=messages.WARNING)
