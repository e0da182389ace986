"""What a change to a user's two-factor sign-in tells them: a city admin's reset (a lost phone), turning it
on or off, a new phone, new recovery codes, a recovery code used. Each is a notice in their inbox and an
email, whatever they chose in their notice settings (someone using their stolen password must not be able
to silence it first), so a user learns of a change they did not make and whom to tell. Sent in the
change's transaction, like the workflow's notices: a change rolled back notifies nobody."""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.kinds import Kind, register
from notifications.services import notification_send
from signin.models import TwoFactorEvent, TwoFactorEventKind

TWO_FACTOR_CHANGED = "two_factor_changed"


def register_kinds() -> None:
    register(
        Kind(
            TWO_FACTOR_CHANGED,
            gettext_lazy("两步验证有变动"),
            gettext_lazy("您的两步验证被启用、关闭、更换验证器或由管理员重置，重新生成了恢复码，或用恢复码登录时"),
            lambda user: user.is_authenticated,
            email_default=True,
            order=40,
            always=True,
        )
    )


# What each change means at the user's next login (translated when the notice is written in each language).
NEXT_STEP = {
    TwoFactorEventKind.ENROLLED: gettext_lazy("此后登录时需输入验证器应用中的验证码。"),
    TwoFactorEventKind.REPLACED: gettext_lazy("此后登录时需输入新验证器中的验证码，原来的验证器和恢复码已失效。"),
    TwoFactorEventKind.RESET: gettext_lazy(
        "您的验证器和恢复码已失效。下次登录时请重新设置两步验证（市商务局管理员必须设置）。"
    ),
    TwoFactorEventKind.DISABLED: gettext_lazy("登录时不再需要验证码。可随时在“两步验证”页面重新启用。"),
    TwoFactorEventKind.RECOVERY_USED: gettext_lazy(
        "每个恢复码只能使用一次。如果手机丢失，请在“两步验证”页面重新设置验证器并重新生成恢复码。"
    ),
    TwoFactorEventKind.CODES_REGENERATED: gettext_lazy("此前的恢复码已全部失效，请妥善保存新的恢复码。"),
}


def two_factor_changed(event: TwoFactorEvent) -> list:
    """Tell ``event.user`` what changed, when, from which address and by whom if not by them."""
    user = event.user

    def message():
        subject = _("您的账号：%(event)s") % {"event": TwoFactorEventKind(event.kind).label}
        lines = [_("时间：%(at)s") % {"at": formats.date_format(timezone.localtime(event.at), "Y-m-d H:i")}]
        if event.by is not None and event.by.pk != user.pk:
            lines.append(_("操作人：%(who)s") % {"who": event.by.get_full_name() or event.by.get_username()})
        elif event.address:  # where the user's own session did it (an admin's address is not the user's business)
            lines.append(_("地址：%(address)s") % {"address": event.address})
        lines.append(str(NEXT_STEP[event.kind]))
        lines.append(_("如果这不是您本人或您请求的操作，请立即修改密码并联系市商务局管理员。"))
        return subject, "\n".join(lines)

    return notification_send(
        recipients=[user], kind=TWO_FACTOR_CHANGED, message=message, url=reverse("signin:two_factor")
    )
